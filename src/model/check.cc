// CheckModel: the warnings of `model check`, one pass per rule.
#include "model/check.h"

#include <algorithm>
#include <set>

#include "core/primitives.h"

namespace fledger::model {
namespace {

// True if `path` names something under `root` (a symlink counts, without being followed). A path
// that is not a clean relative repository path is reported by the caller as invalid instead.
// A symlinked directory on the way stops the walk (it exists; what it points at is not looked at).
bool ExistsUnder(const std::filesystem::path& root, const RepoPath& path) {
  std::filesystem::path at = root;
  for (const auto& segment : std::filesystem::path(path.str())) {
    at /= segment;
    std::error_code ec;
    const auto status = std::filesystem::symlink_status(at, ec);
    if (ec || !std::filesystem::exists(status)) return false;
    if (std::filesystem::is_symlink(status)) return true;
  }
  return true;
}

}  // namespace

std::vector<ElementId> BoundaryChain(const Model& m, const ElementId& element) {
  std::vector<ElementId> chain;
  const Component* c = m.FindComponent(element);
  if (c == nullptr || !c->boundary) return chain;
  // The loader refused cycles; the bound is for safety all the same.
  for (const Boundary* b = m.FindBoundary(*c->boundary);
       b != nullptr && chain.size() <= m.boundaries.size();
       b = b->parent ? m.FindBoundary(*b->parent) : nullptr) {
    chain.push_back(b->id);
  }
  return chain;
}

std::vector<CheckWarning> CheckModel(const Model& m, const std::filesystem::path& root) {
  std::vector<CheckWarning> out;
  auto warn = [&](int line, std::string rule, std::string message) {
    out.push_back({line, std::move(rule), std::move(message)});
  };

  for (const Flow& f : m.flows) {
    if (BoundaryChain(m, f.source) == BoundaryChain(m, f.target)) continue;
    const std::string what = "flow '" + f.id.str() + "' (" + f.source.str() + " -> " +
                             f.target.str() + ") crosses a trust boundary";
    if (!f.encrypted) {
      warn(f.line, "flow-crosses-boundary-unencrypted", what + " unencrypted");
    }
    if (f.authentication == "none" || f.authentication == "unknown") {
      warn(f.line, "flow-crosses-boundary-unauthenticated",
           what + " without authentication (" + f.authentication + ")");
    }
  }

  for (const Component& c : m.components) {
    if (c.paths.empty() && c.kind != "external-service") {
      warn(c.line, "component-without-paths",
           "component '" + c.id.str() + "' owns no repository path: which code is it?");
    }
    if (!c.boundary && !m.boundaries.empty()) {
      warn(c.line, "component-outside-boundaries",
           "component '" + c.id.str() + "' is in no trust boundary");
    }
  }

  // Paths: lexically a repository path (no "..", not absolute), then present under the root.
  auto check_path = [&](int line, const std::string& owner, const std::string& text) {
    std::string trimmed = text;
    while (trimmed.size() > 1 && trimmed.back() == '/') trimmed.pop_back();
    const auto path = RepoPath::Parse(trimmed);
    if (!path.ok()) {
      warn(line, "invalid-path", owner + ": '" + text + "' is not a path inside the repository");
      return;
    }
    if (!ExistsUnder(root, path.value())) {
      warn(line, "stale-path", owner + ": '" + text + "' does not exist (moved or removed?)");
    }
  };
  for (const Component& c : m.components) {
    for (const auto& p : c.paths) check_path(c.line, "component '" + c.id.str() + "'", p);
  }
  for (const Control& c : m.controls) {
    for (const auto& p : c.tests) check_path(c.line, "control '" + c.id.str() + "'", p);
  }
  for (const Assumption& a : m.assumptions) {
    if (!a.check) continue;
    for (const auto& p : a.check->paths) check_path(a.line, "assumption '" + a.id.str() + "'", p);
  }

  std::set<std::string> threat_ids;
  for (const Threat& t : m.threats) threat_ids.insert(t.id.str());
  for (const Control& c : m.controls) {
    for (const auto& t : c.mitigates) {
      // Generated threats have ids of the form "<rule>@<element>" (model threats).
      if (threat_ids.count(t) == 0 && t.find('@') == std::string::npos) {
        warn(c.line, "unknown-threat",
             "control '" + c.id.str() + "' mitigates '" + t + "', which is no threat of the model");
      }
    }
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const CheckWarning& a, const CheckWarning& b) { return a.line < b.line; });
  return out;
}

}  // namespace fledger::model
