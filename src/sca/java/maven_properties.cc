// Bounded Maven property interpolation (see maven_properties.h).
#include "sca/java/maven_properties.h"

#include <vector>

namespace fledger::sca {

namespace {

struct State {
  const MavenProperties& props;
  int substitutions = 0;
  bool complete = true;
  std::vector<std::string_view> expanding;  // the names being expanded: a repeat is a loop
};

// Appends the interpolation of `text` to `out`; recursion depth is bounded by `depth`.
void Expand(std::string_view text, int depth, State& st, std::string& out) {
  size_t i = 0;
  while (i < text.size()) {
    if (out.size() > kMaxMavenInterpolatedBytes) {
      st.complete = false;
      return;
    }
    const size_t open = text.find("${", i);
    if (open == std::string_view::npos) {
      out.append(text.substr(i));
      break;
    }
    out.append(text.substr(i, open - i));
    const size_t close = text.find('}', open + 2);
    if (close == std::string_view::npos) {
      out.append(text.substr(open));
      break;
    }
    const std::string_view name = text.substr(open + 2, close - open - 2);
    const std::string_view raw = text.substr(open, close - open + 1);
    i = close + 1;
    const auto it = st.props.find(name);
    bool looped = false;
    for (const auto& n : st.expanding) looped = looped || n == name;
    if (it == st.props.end() || looped || depth >= kMaxMavenInterpolationDepth ||
        ++st.substitutions > kMaxMavenSubstitutions) {
      st.complete = false;
      out.append(raw);
      continue;
    }
    st.expanding.push_back(name);
    Expand(it->second, depth + 1, st, out);
    st.expanding.pop_back();
  }
  if (out.size() > kMaxMavenInterpolatedBytes) {
    st.complete = false;
    out.resize(kMaxMavenInterpolatedBytes);
  }
}

}  // namespace

Interpolated InterpolateMaven(std::string_view text, const MavenProperties& props) {
  State st{props};
  Interpolated r;
  Expand(text, 0, st, r.value);
  r.complete = st.complete;
  return r;
}

}  // namespace fledger::sca
