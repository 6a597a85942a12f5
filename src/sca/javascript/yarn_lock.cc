// yarn.lock, classic (v1, yarn's own indented format) and berry (v2+, YAML): one package per
// resolved entry, edges from each entry's dependencies, direct/dev from the package.json beside it.
#include <algorithm>
#include <optional>
#include <unordered_map>

#include "sca/common.h"
#include "sca/javascript/javascript.h"
#include "sca/javascript/js_common.h"

namespace fledger::sca {
namespace {

using javascript::ContextOf;

// One lockfile entry, whatever the flavour.
struct YarnEntry {
  std::vector<std::string> specs;  // "name@range" as the header lists them
  std::string version;
  std::string resolved;   // v1 "resolved" URL, or berry "resolution" locator
  std::string integrity;  // v1 SRI
  std::vector<std::pair<std::string, std::string>> deps;  // dependencies + optionalDependencies
  int line = 0;
};

// Trims ASCII spaces and tabs (and a CR) at both ends.
std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

// Reads one possibly double-quoted token from the front of `s` (consumed); escapes in quotes are
// kept literally except \" and \\.
std::string TakeToken(std::string_view& s) {
  s = Trim(s);
  std::string out;
  if (!s.empty() && s[0] == '"') {
    size_t i = 1;
    for (; i < s.size() && s[i] != '"'; ++i) {
      if (s[i] == '\\' && i + 1 < s.size()) ++i;
      out += s[i];
    }
    s.remove_prefix(std::min(s.size(), i + 1));
    return out;
  }
  size_t end = s.find(' ');
  if (end == std::string_view::npos) end = s.size();
  out = std::string(s.substr(0, end));
  s.remove_prefix(end);
  return out;
}

// The comma-separated specifiers of an entry header (without its final ':').
std::vector<std::string> SplitSpecs(std::string_view header) {
  std::vector<std::string> out;
  std::string cur;
  bool quoted = false;
  for (const char c : header) {
    if (c == '"') {
      quoted = !quoted;
    } else if (c == ',' && !quoted) {
      if (!Trim(cur).empty()) out.emplace_back(Trim(cur));
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!Trim(cur).empty()) out.emplace_back(Trim(cur));
  return out;
}

// Classic yarn.lock: entries at column 0, fields at 2 spaces, dependency maps at 4.
Result<std::vector<YarnEntry>> ParseClassic(std::string_view text, const std::string& context) {
  std::vector<YarnEntry> entries;
  std::string block;  // the 2-space field that opened a nested map
  int line_no = 0;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    std::string_view line = text.substr(pos, eol - pos);
    pos = eol + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const std::string_view body = Trim(line);
    if (body.empty() || body[0] == '#') {
      if (eol == text.size()) break;
      continue;
    }
    size_t indent = 0;
    while (indent < line.size() && line[indent] == ' ') ++indent;
    if (indent == 0) {
      if (body.back() != ':') {
        return InputError(ValidationStep::kSyntax, context + ":" + std::to_string(line_no),
                          "an entry header must end with ':'");
      }
      FLEDGER_RETURN_IF_ERROR(javascript::CheckPackageCount(entries.size() + 1, context));
      YarnEntry e;
      e.specs = SplitSpecs(body.substr(0, body.size() - 1));
      e.line = line_no;
      entries.push_back(std::move(e));
      block.clear();
    } else if (entries.empty()) {
      return InputError(ValidationStep::kSyntax, context + ":" + std::to_string(line_no),
                        "an indented line before the first entry");
    } else if (indent <= 2) {
      std::string_view rest = body;
      std::string key = TakeToken(rest);
      if (!key.empty() && key.back() == ':') key.pop_back();
      rest = Trim(rest);
      if (rest.empty() && body.back() == ':') {
        block = key;
        continue;
      }
      block.clear();
      const std::string value = TakeToken(rest);
      YarnEntry& e = entries.back();
      if (key == "version")
        e.version = value;
      else if (key == "resolved")
        e.resolved = value;
      else if (key == "integrity")
        e.integrity = value;
    } else if (block == "dependencies" || block == "optionalDependencies") {
      std::string_view rest = body;
      std::string name = TakeToken(rest);
      if (!name.empty() && name.back() == ':') name.pop_back();
      entries.back().deps.emplace_back(std::move(name), TakeToken(rest));
    }
    if (eol == text.size()) break;
  }
  return entries;
}

// Berry yarn.lock is YAML: a map of "spec, spec" -> fields.
Result<std::vector<YarnEntry>> ParseBerry(std::string_view text, const std::string& context) {
  FLEDGER_TRY(const YAML::Node doc, ParseManifestYaml(text, context));
  std::vector<YarnEntry> entries;
  if (!doc.IsMap()) {
    if (doc.IsNull()) return entries;
    return InputError(ValidationStep::kSemantics, context, "a yarn.lock must be a map");
  }
  YamlBudget budget;
  try {
    for (const auto& kv : doc) {
      if (!budget.Visit()) return YamlBudgetError(context);
      if (!kv.first.IsScalar() || !kv.second.IsMap()) continue;
      const std::string key = kv.first.Scalar();
      if (key == "__metadata") continue;
      FLEDGER_RETURN_IF_ERROR(javascript::CheckPackageCount(entries.size() + 1, context));
      YarnEntry e;
      e.specs = SplitSpecs(key);
      e.line = static_cast<int>(kv.first.Mark().line) + 1;
      e.version = YamlString(kv.second, "version");
      e.resolved = YamlString(kv.second, "resolution");
      for (const char* group : {"dependencies", "optionalDependencies"}) {
        const YAML::Node deps = kv.second[group];
        if (!deps || !deps.IsMap()) continue;
        for (const auto& d : deps) {
          if (!budget.Visit()) return YamlBudgetError(context);
          if (d.first.IsScalar() && d.second.IsScalar()) {
            e.deps.emplace_back(d.first.Scalar(), d.second.Scalar());
          }
        }
      }
      entries.push_back(std::move(e));
    }
  } catch (const YAML::Exception& e) {
    return InputError(ValidationStep::kSemantics, context, e.msg.empty() ? "bad YAML" : e.msg);
  }
  return entries;
}

// The protocol of a range or locator ("npm", "file", "git+ssh"), "" for a plain semver range.
std::string_view ProtocolOf(std::string_view range) {
  size_t i = 0;
  while (i < range.size() && (std::isalnum(static_cast<unsigned char>(range[i])) ||
                              range[i] == '+' || range[i] == '-' || range[i] == '.')) {
    ++i;
  }
  if (i == 0 || i >= range.size() || range[i] != ':') return {};
  if (!std::isalpha(static_cast<unsigned char>(range[0]))) return {};
  return range.substr(0, i);
}

bool KnownProtocol(std::string_view p) {
  static constexpr std::string_view kKnown[] = {
      "npm",     "file",      "link",      "portal",   "workspace", "patch", "git",
      "git+ssh", "git+https", "git+http",  "git+file", "ssh",       "http",  "https",
      "github",  "gitlab",    "bitbucket", "gist",     "exec"};
  return std::find(std::begin(kKnown), std::end(kKnown), p) != std::end(kKnown);
}

bool IsLocalProtocol(std::string_view p) {
  return p == "file" || p == "link" || p == "portal" || p == "workspace";
}

class YarnLockExtractor : public Extractor {
 public:
  std::string_view Name() const override { return "javascript/yarnlock"; }
  int Version() const override { return 1; }
  std::string_view Ecosystem() const override { return "npm"; }
  bool FileRequired(const RepoPath& path) const override {
    return BaseName(path.str()) == "yarn.lock" &&
           path.str().find("node_modules/") == std::string::npos;
  }

  Result<Inventory> Extract(const ExtractInput& input) const override {
    const std::string context = ContextOf(input);
    if (input.content.size() > kMaxManifestBytes) {
      return InputError(ValidationStep::kSize, context,
                        "larger than " + std::to_string(kMaxManifestBytes >> 20) + " MiB");
    }
    // Berry files open with a __metadata map; classic ones never have one.
    const bool berry = input.content.find("\n__metadata:") != std::string_view::npos ||
                       input.content.rfind("__metadata:", 0) == 0;
    FLEDGER_TRY(std::vector<YarnEntry> entries,
                berry ? ParseBerry(input.content, context) : ParseClassic(input.content, context));
    const LineIndex lines(input.content);
    Inventory inv;
    javascript::PackageSet out;
    std::unordered_map<std::string, size_t> by_spec;  // "name@range" -> package index
    std::vector<std::pair<size_t, const YarnEntry*>> made;
    std::vector<std::string> root_deps;  // berry: specs the root workspace depends on
    std::vector<int> entry_lines;
    for (const auto& e : entries) entry_lines.push_back(e.line);
    std::sort(entry_lines.begin(), entry_lines.end());

    for (const auto& e : entries) {
      if (e.specs.empty()) continue;
      auto [spec_name, range] = javascript::SplitNameAtRange(e.specs.front());
      std::string name = spec_name;
      std::string source = e.resolved;
      std::string commit;
      std::string variant;  // a patched package is another artifact than the plain one
      if (berry) {
        const auto [res_name, locator] = javascript::SplitNameAtRange(e.resolved);
        if (!res_name.empty()) name = res_name;
        const std::string_view proto = ProtocolOf(locator);
        if (locator == "workspace:.") {
          // The project itself: its dependencies are the direct ones.
          for (const auto& [d, r] : e.deps) root_deps.push_back(d + "@" + r);
          continue;
        }
        if (proto == "npm") {
          source.clear();  // a registry locator, not a URL
        } else if (proto == "patch") {
          source = locator;
          variant = "patch";
        } else {
          source = locator;
          commit = javascript::CommitOf(locator);
        }
      } else {
        const std::string_view proto = ProtocolOf(range);
        if (!proto.empty() && !KnownProtocol(proto)) {
          inv.warnings.push_back("line " + std::to_string(e.line) + ": unknown protocol '" +
                                 std::string(proto) + ":' in '" + e.specs.front() + "'; skipped");
          continue;
        }
        if (proto == "npm") {
          name = javascript::SplitNameAtRange(std::string_view(range).substr(4)).first;
        } else if (IsLocalProtocol(proto) && ProtocolOf(source).empty()) {
          source = range;  // where the local package lives
        }
        if (proto != "npm" && (!proto.empty() || javascript::IsNonRegistrySpec(range))) {
          commit = javascript::CommitOf(e.resolved);
        }
      }
      if (name.empty()) continue;
      Package p = MakePackage(javascript::Npm(), name, e.version);
      p.source_url = std::move(source);
      p.commit = std::move(commit);
      p.hashes = javascript::IntegrityHashes(e.integrity);
      p.line = e.line;
      // The entry ends before the next one (blank lines excluded).
      const auto next = std::upper_bound(entry_lines.begin(), entry_lines.end(), e.line);
      int end = next == entry_lines.end() ? lines.line_count() : *next - 1;
      while (end > e.line && Trim(lines.Line(end)).empty()) --end;
      p.end_line = end;
      const size_t idx = out.Add(std::move(p), variant);
      for (const auto& s : e.specs) by_spec.emplace(s, idx);
      made.emplace_back(idx, &e);
    }
    FLEDGER_RETURN_IF_ERROR(javascript::CheckPackageCount(out.size(), context));

    // A dependency "name: range" names the entry whose header lists "name@range" (berry may add
    // the default "npm:" protocol in the header only).
    auto lookup = [&](const std::string& name, const std::string& range) -> std::optional<size_t> {
      if (const auto it = by_spec.find(name + "@" + range); it != by_spec.end()) return it->second;
      if (ProtocolOf(range).empty()) {
        if (const auto it = by_spec.find(name + "@npm:" + range); it != by_spec.end()) {
          return it->second;
        }
      }
      return std::nullopt;
    };
    auto& pkgs = out.packages();
    for (const auto& [idx, e] : made) {
      for (const auto& [d, r] : e->deps) {
        if (const auto t = lookup(d, r); t && *t != idx)
          pkgs[idx].depends_on.push_back(pkgs[*t].id);
      }
    }

    // Direct and dev need the manifest; berry's root workspace gives direct without dev.
    std::vector<std::string> prod_roots, dev_roots;
    bool know_direct = false;
    if (const auto manifest = javascript::ReadSiblingPackageJson(input)) {
      const auto declared = javascript::DeclaredDepsOf(*manifest);
      know_direct = true;
      auto add = [&](const auto& group, std::vector<std::string>& roots) {
        for (const auto& [d, r] : group) {
          if (const auto t = lookup(d, r)) {
            pkgs[*t].relationship = Relationship::kDirect;
            roots.push_back(pkgs[*t].id);
          }
        }
      };
      add(declared.prod, prod_roots);
      add(declared.optional, prod_roots);
      add(declared.peer, prod_roots);
      add(declared.dev, dev_roots);
      javascript::MarkDevByReachability(pkgs, prod_roots, dev_roots);
    } else if (berry && !root_deps.empty()) {
      know_direct = true;
      for (const auto& s : root_deps) {
        const auto [d, r] = javascript::SplitNameAtRange(s);
        if (const auto t = lookup(d, r)) pkgs[*t].relationship = Relationship::kDirect;
      }
    }
    for (auto& p : pkgs) {
      if (know_direct && p.relationship != Relationship::kDirect) {
        p.relationship = Relationship::kIndirect;
      }
      if (p.dev) p.groups.push_back("dev");
    }
    javascript::NormalizePackages(pkgs);
    inv.packages = std::move(pkgs);
    return inv;
  }
};

}  // namespace

std::unique_ptr<Extractor> NewYarnLockExtractor() { return std::make_unique<YarnLockExtractor>(); }

}  // namespace fledger::sca
