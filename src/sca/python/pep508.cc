// PEP 508 / 440 / 503 helpers and bounded TOML reading for the Python extractors.
#include "sca/python/pep508.h"

#include <re2/re2.h>
#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <deque>
#include <map>
#include <set>

#include "sca/common.h"

namespace fledger::sca::python {

namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool IsNameChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
}

// pip expands ${NAME} (uppercase letters, digits, '_') from the environment; Fledger cannot.
bool IsEnvVar(std::string_view v) {
  for (size_t at = v.find("${"); at != std::string_view::npos; at = v.find("${", at + 2)) {
    size_t i = at + 2;
    while (i < v.size() && (std::isupper(static_cast<unsigned char>(v[i])) ||
                            std::isdigit(static_cast<unsigned char>(v[i])) || v[i] == '_')) {
      ++i;
    }
    if (i > at + 2 && i < v.size() && v[i] == '}') return true;
  }
  return false;
}

// One specifier clause: "== 1.2.*", ">=2".
struct Clause {
  std::string op;
  std::string version;
};

Result<std::vector<Clause>> ParseSpecifier(std::string_view spec, bool* has_env_var) {
  std::vector<Clause> out;
  if (Trim(spec).empty()) return out;
  size_t start = 0;
  while (start <= spec.size()) {
    size_t comma = spec.find(',', start);
    if (comma == std::string_view::npos) comma = spec.size();
    const std::string_view c = Trim(spec.substr(start, comma - start));
    static constexpr std::string_view kOps[] = {"===", "==", "!=", "<=", ">=", "~=", "<", ">"};
    Clause clause;
    for (const auto op : kOps) {
      if (c.substr(0, op.size()) == op) {
        clause.op = std::string(op);
        break;
      }
    }
    if (clause.op.empty()) {
      return InputError(ValidationStep::kSyntax, "",
                        "expected a version operator in the specifier");
    }
    const std::string_view v = Trim(c.substr(clause.op.size()));
    if (v.empty())
      return InputError(ValidationStep::kSyntax, "", "a version operator without a version");
    clause.version = std::string(v);
    if (IsEnvVar(v)) {
      *has_env_var = true;
    } else if (clause.op == "===") {
      if (std::any_of(v.begin(), v.end(), [](char ch) {
            return std::isspace(static_cast<unsigned char>(ch)) || ch == ';';
          })) {
        return InputError(ValidationStep::kSyntax, "", "invalid arbitrary-equality version");
      }
    } else {
      std::string_view check = v;
      if ((clause.op == "==" || clause.op == "!=") && check.size() > 2 &&
          check.substr(check.size() - 2) == ".*") {
        check.remove_suffix(2);
      }
      if (!IsValidVersion(check)) {
        return InputError(ValidationStep::kSyntax, "", "not a PEP 440 version");
      }
    }
    out.push_back(std::move(clause));
    if (comma == spec.size()) break;
    start = comma + 1;
  }
  return out;
}

}  // namespace

const Ecosystem& PyPI() {
  static const Ecosystem* const kPyPI = new Ecosystem(Ecosystem::Parse("PyPI").value());
  return *kPyPI;
}

std::string NormalizeName(std::string_view name) {
  std::string out;
  bool sep = false;
  for (const char ch : name) {
    if (ch == '-' || ch == '_' || ch == '.') {
      sep = true;
      continue;
    }
    if (sep && !out.empty()) out += '-';
    sep = false;
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  }
  return out;
}

bool IsValidName(std::string_view name) {
  if (name.empty() || name.size() > 256) return false;
  if (!std::isalnum(static_cast<unsigned char>(name.front())) ||
      !std::isalnum(static_cast<unsigned char>(name.back()))) {
    return false;
  }
  return std::all_of(name.begin(), name.end(), IsNameChar);
}

bool IsValidVersion(std::string_view version) {
  // packaging's VERSION_PATTERN (src/packaging/version.py), compiled once.
  static const RE2 kPep440(R"((?i)v?(?:[0-9]+!)?[0-9]+(?:\.[0-9]+)*)"
                           R"((?:[-_.]?(?:alpha|a|beta|b|preview|pre|c|rc)[-_.]?[0-9]*)?)"
                           R"((?:-[0-9]+|[-_.]?(?:post|rev|r)[-_.]?[0-9]*)?)"
                           R"((?:[-_.]?dev[-_.]?[0-9]*)?)"
                           R"((?:\+[a-z0-9]+(?:[-_.][a-z0-9]+)*)?)");
  if (version.empty() || version.size() > 256) return false;
  return RE2::FullMatch(version, kPep440);
}

Result<Requirement> ParseRequirement(std::string_view text) {
  std::string_view s = Trim(text);
  if (s.size() > 8192) return InputError(ValidationStep::kSize, "", "requirement too long");
  Requirement r;
  size_t i = 0;
  while (i < s.size() && IsNameChar(s[i])) ++i;
  r.name = std::string(s.substr(0, i));
  if (!IsValidName(r.name)) {
    return InputError(ValidationStep::kSyntax, "", "not a valid project name");
  }
  auto skip_ws = [&] {
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
  };
  skip_ws();
  if (i < s.size() && s[i] == '[') {
    const size_t close = s.find(']', i);
    if (close == std::string_view::npos) {
      return InputError(ValidationStep::kSyntax, "", "unclosed extras list");
    }
    std::string_view list = s.substr(i + 1, close - i - 1);
    while (!list.empty()) {
      const size_t comma = std::min(list.find(','), list.size());
      const std::string_view e = Trim(list.substr(0, comma));
      if (!e.empty()) {
        if (!IsValidName(e)) return InputError(ValidationStep::kSyntax, "", "invalid extra name");
        r.extras.emplace_back(e);
      }
      list.remove_prefix(std::min(comma + 1, list.size()));
    }
    i = close + 1;
    skip_ws();
  }
  std::string_view rest = s.substr(i);
  std::string_view marker;
  if (!rest.empty() && rest.front() == '@') {
    // A direct reference: the marker needs whitespace before ';' (URLs may hold ';').
    std::string_view url = Trim(rest.substr(1));
    const size_t semi = url.find(" ;");
    if (semi != std::string_view::npos) {
      marker = url.substr(semi + 2);
      url = url.substr(0, semi);
    }
    r.url = std::string(Trim(url));
    if (r.url.empty()) return InputError(ValidationStep::kSyntax, "", "'@' without a URL");
  } else {
    const size_t semi = rest.find(';');
    std::string_view spec = rest.substr(0, std::min(semi, rest.size()));
    if (semi != std::string_view::npos) marker = rest.substr(semi + 1);
    spec = Trim(spec);
    if (!spec.empty() && spec.front() == '(') {
      if (spec.back() != ')') return InputError(ValidationStep::kSyntax, "", "unclosed '('");
      spec = Trim(spec.substr(1, spec.size() - 2));
    }
    bool env = false;
    auto clauses = ParseSpecifier(spec, &env);
    if (!clauses.ok()) return clauses.error();
    r.specifier = std::string(spec);
    r.has_env_var = env;
  }
  r.marker = std::string(Trim(marker));
  if (!marker.empty() && r.marker.empty()) {
    return InputError(ValidationStep::kSyntax, "", "';' without an environment marker");
  }
  return r;
}

std::optional<std::string> PinnedVersion(std::string_view specifier) {
  std::string_view s = Trim(specifier);
  if (s.find(',') != std::string_view::npos) return std::nullopt;
  std::string_view op = s.substr(0, 3) == "===" ? "===" : (s.substr(0, 2) == "==" ? "==" : "");
  if (op.empty()) return std::nullopt;
  const std::string_view v = Trim(s.substr(op.size()));
  if (v.empty() || v.find('*') != std::string_view::npos || IsEnvVar(v)) return std::nullopt;
  return std::string(v);
}

Package PackageFromSpecifier(std::string name, std::string_view specifier) {
  const auto pinned = PinnedVersion(specifier);
  Package p = MakePackage(PyPI(), std::move(name), pinned ? *pinned : std::string(Trim(specifier)));
  p.resolved = pinned.has_value();
  return p;
}

std::optional<Hash> MakeHash(std::string_view algorithm, std::string_view hex) {
  static const std::map<std::string, std::string, std::less<>> kNames = {
      {"md5", "MD5"},        {"sha1", "SHA-1"},     {"sha256", "SHA-256"},
      {"sha384", "SHA-384"}, {"sha512", "SHA-512"},
  };
  std::string algo;
  for (const char c : algorithm) {
    if (c != '-') algo += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  const auto it = kNames.find(algo);
  if (it == kNames.end() || hex.empty() || hex.size() > 256) return std::nullopt;
  Hash h{.algorithm = it->second, .hex = {}};
  for (const char c : hex) {
    if (!std::isxdigit(static_cast<unsigned char>(c))) return std::nullopt;
    h.hex += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return h;
}

std::optional<Hash> ParseHash(std::string_view algorithm_colon_hex) {
  const size_t colon = algorithm_colon_hex.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  return MakeHash(algorithm_colon_hex.substr(0, colon), algorithm_colon_hex.substr(colon + 1));
}

Status AddPackage(Inventory& inv, Package p, const std::string& context) {
  if (inv.packages.size() >= kMaxPackagesPerFile) {
    return InputError(ValidationStep::kSize, context,
                      "more than " + std::to_string(kMaxPackagesPerFile) + " packages");
  }
  inv.packages.push_back(std::move(p));
  return {};
}

Result<std::shared_ptr<toml::table>> ParsePythonToml(std::string_view text,
                                                     const std::string& context) {
  if (text.size() > kMaxManifestBytes) {
    return InputError(ValidationStep::kSize, context,
                      "larger than " + std::to_string(kMaxManifestBytes >> 20) + " MiB");
  }
  // Lexical depth scan: brackets and braces outside strings and comments, and the dots of a
  // key (each dot is one more table level). Over-counting inside odd strings only makes the
  // bound stricter for hostile input.
  int depth = 0, max_depth = 0, line = 1, key_dots = 0;
  char quote = 0;
  bool triple = false, comment = false, in_key = true;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n') {
      ++line;
      comment = false;
      if (quote != 0 && !triple) quote = 0;  // single-line strings end at the line's end
      if (depth == 0) {
        in_key = true;
        key_dots = 0;
      }
      continue;
    }
    if (comment) continue;
    if (quote != 0) {
      if (c == '\\' && quote == '"') {
        ++i;
      } else if (c == quote) {
        if (!triple) {
          quote = 0;
        } else if (text.substr(i, 3) == std::string(3, quote)) {
          quote = 0;
          i += 2;
        }
      }
      continue;
    }
    if (c == '"' || c == '\'') {
      quote = c;
      triple = text.substr(i, 3) == std::string(3, c);
      if (triple) i += 2;
      continue;
    }
    switch (c) {
      case '#':
        comment = true;
        break;
      case '[':
      case '{':
        max_depth = std::max(max_depth, ++depth + key_dots);
        if (c == '{') in_key = true;
        break;
      case ']':
      case '}':
        if (depth > 0) --depth;
        break;
      case '=':
        in_key = false;
        break;
      case ',':
        if (depth > 0) in_key = true;
        break;
      case '.':
        if (in_key) max_depth = std::max(max_depth, depth + ++key_dots);
        break;
      default:
        break;
    }
    if (max_depth > kMaxNestingDepth) {
      return InputError(ValidationStep::kSize, context + ":" + std::to_string(line),
                        "nesting deeper than " + std::to_string(kMaxNestingDepth) + " levels");
    }
  }
  return ParseManifestToml(text, context);
}

int TomlLine(const toml::node* node) {
  if (node == nullptr) return 0;
  return static_cast<int>(node->source().begin.line);
}

std::string TomlString(const toml::table& table, std::string_view key) {
  const auto* v = table.get_as<std::string>(key);
  return v ? v->get() : std::string();
}

int TomlKeyLine(const toml::table& table, std::string_view key) { return TomlLine(table.get(key)); }

void LinkDependencies(std::vector<Package>& packages,
                      const std::vector<std::vector<DependencyRef>>& deps) {
  std::multimap<std::string, size_t> by_name;
  for (size_t i = 0; i < packages.size(); ++i) by_name.emplace(NormalizeName(packages[i].name), i);
  for (size_t i = 0; i < packages.size() && i < deps.size(); ++i) {
    std::set<std::string> seen(packages[i].depends_on.begin(), packages[i].depends_on.end());
    for (const auto& d : deps[i]) {
      const auto [lo, hi] = by_name.equal_range(NormalizeName(d.name));
      for (auto it = lo; it != hi; ++it) {
        const Package& target = packages[it->second];
        if (!d.version.empty() && target.version != d.version) continue;
        if (it->second == i || !seen.insert(target.id).second) continue;
        packages[i].depends_on.push_back(target.id);
      }
    }
    std::sort(packages[i].depends_on.begin(), packages[i].depends_on.end());
  }
}

void MarkFromRoots(std::vector<Package>& packages, const std::vector<std::string>& direct_prod,
                   const std::vector<std::string>& direct_dev) {
  std::map<std::string, std::vector<size_t>> by_id;
  for (size_t i = 0; i < packages.size(); ++i) by_id[packages[i].id].push_back(i);
  // Breadth-first over ids: iterative, so a deep or cyclic graph cannot exhaust the stack.
  auto reach = [&](const std::vector<std::string>& roots) {
    std::set<std::string> seen;
    std::deque<std::string> queue(roots.begin(), roots.end());
    while (!queue.empty()) {
      const std::string id = queue.front();
      queue.pop_front();
      if (!seen.insert(id).second) continue;
      const auto it = by_id.find(id);
      if (it == by_id.end()) continue;
      for (const size_t i : it->second) {
        for (const auto& d : packages[i].depends_on) queue.push_back(d);
      }
    }
    return seen;
  };
  const auto prod = reach(direct_prod);
  const auto dev = reach(direct_dev);
  const std::set<std::string> direct(direct_prod.begin(), direct_prod.end());
  std::set<std::string> direct_all = direct;
  direct_all.insert(direct_dev.begin(), direct_dev.end());
  for (auto& p : packages) {
    p.relationship = direct_all.count(p.id) ? Relationship::kDirect : Relationship::kIndirect;
    if (!prod.count(p.id) && dev.count(p.id)) p.dev = true;
  }
}

}  // namespace fledger::sca::python
