// go.mod and go.sum: a line lexer for the go.mod grammar (golang.org/x/mod/modfile has no C++
// counterpart) and the extractors that turn it into an inventory.
#include <algorithm>
#include <map>

#include "sca/common.h"
#include "sca/go/go.h"

namespace fledger::sca {

namespace {

const Ecosystem& GoEcosystem() {
  static const Ecosystem kGo = Ecosystem::Parse("Go").value();
  return kGo;
}

std::string TrimV(std::string_view v) {
  return std::string(!v.empty() && v[0] == 'v' ? v.substr(1) : v);
}

struct LexedLine {
  std::vector<std::string> tokens;
  std::string comment;  // text after "//", trimmed
};

// Splits one go.mod line into tokens: bare words, "interpreted" and `raw` strings, "(", ")",
// "=>", and a trailing // comment. Returns false with `why` on an unterminated string.
bool LexLine(std::string_view line, LexedLine& out, std::string& why) {
  size_t i = 0;
  while (i < line.size()) {
    const char c = line[i];
    if (c == ' ' || c == '\t' || c == '\r') {
      ++i;
    } else if (c == '/' && i + 1 < line.size() && line[i + 1] == '/') {
      std::string_view rest = line.substr(i + 2);
      while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\t')) rest.remove_prefix(1);
      while (!rest.empty() && (rest.back() == ' ' || rest.back() == '\r')) rest.remove_suffix(1);
      out.comment = std::string(rest);
      return true;
    } else if (c == '"') {
      std::string tok;
      size_t j = i + 1;
      bool closed = false;
      for (; j < line.size(); ++j) {
        if (line[j] == '\\' && j + 1 < line.size()) {
          tok += line[++j];
        } else if (line[j] == '"') {
          closed = true;
          break;
        } else {
          tok += line[j];
        }
      }
      if (!closed) {
        why = "unterminated quoted string";
        return false;
      }
      out.tokens.push_back(std::move(tok));
      i = j + 1;
    } else if (c == '`') {
      const size_t end = line.find('`', i + 1);
      if (end == std::string_view::npos) {
        why = "unterminated raw string";
        return false;
      }
      out.tokens.emplace_back(line.substr(i + 1, end - i - 1));
      i = end + 1;
    } else if (c == '(' || c == ')') {
      out.tokens.emplace_back(1, c);
      ++i;
    } else {
      size_t j = i;
      while (j < line.size() && line[j] != ' ' && line[j] != '\t' && line[j] != '\r' &&
             line[j] != '(' && line[j] != ')' && line[j] != '"' && line[j] != '`' &&
             !(line[j] == '/' && j + 1 < line.size() && line[j + 1] == '/')) {
        ++j;
      }
      out.tokens.emplace_back(line.substr(i, j - i));
      i = j;
    }
  }
  return true;
}

bool IsLocalPath(std::string_view p) {
  return p.starts_with("./") || p.starts_with("../") || p.starts_with("/") || p == "." ||
         p == ".." || (p.size() > 2 && p[1] == ':' && (p[2] == '\\' || p[2] == '/')) ||
         p.starts_with(".\\") || p.starts_with("..\\");
}

// The go.mod "// indirect" marker: the comment is "indirect" or starts with "indirect;".
bool IsIndirectComment(std::string_view comment) {
  return comment == "indirect" || comment.starts_with("indirect;");
}

}  // namespace

bool GoVersionBefore(std::string_view v, int major, int minor) {
  if (v.starts_with("go")) v.remove_prefix(2);
  int parts[2] = {0, 0};
  size_t i = 0;
  for (int k = 0; k < 2; ++k) {
    int n = 0;
    bool any = false;
    while (i < v.size() && v[i] >= '0' && v[i] <= '9' && n < 100000) {
      n = n * 10 + (v[i++] - '0');
      any = true;
    }
    if (!any) break;
    parts[k] = n;
    if (i < v.size() && v[i] == '.')
      ++i;
    else
      break;
  }
  return parts[0] != major ? parts[0] < major : parts[1] < minor;
}

Result<GoModFile> ParseGoMod(std::string_view text, const std::string& context) {
  if (text.size() > kMaxManifestBytes) {
    return InputError(ValidationStep::kSize, context,
                      "larger than " + std::to_string(kMaxManifestBytes >> 20) + " MiB");
  }
  if (text.find('\0') != std::string_view::npos) {
    return InputError(ValidationStep::kLexical, context, "NUL byte in a go.mod file");
  }
  GoModFile mod;
  std::string block;  // the verb of the open "verb (" block, "" outside blocks
  int block_line = 0;
  size_t entries = 0;
  int line_no = 0;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view raw = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    LexedLine lx;
    std::string why;
    const std::string where = context + ":" + std::to_string(line_no);
    if (!LexLine(raw, lx, why)) return InputError(ValidationStep::kLexical, where, why);
    if (lx.tokens.empty()) {
      if (end == text.size()) break;
      continue;
    }
    std::vector<std::string> args = lx.tokens;
    std::string verb;
    if (!block.empty()) {
      if (args.size() == 1 && args[0] == ")") {
        block.clear();
        continue;
      }
      verb = block;
    } else {
      verb = args[0];
      args.erase(args.begin());
      if (args.size() == 1 && args[0] == "(") {
        block = verb;
        block_line = line_no;
        continue;
      }
    }
    if (++entries > kMaxPackagesPerFile) {
      return InputError(ValidationStep::kSize, context, "too many go.mod directives");
    }
    if (verb == "module") {
      if (args.size() != 1) return InputError(ValidationStep::kSyntax, where, "usage: module path");
      mod.module = args[0];
      mod.module_line = line_no;
    } else if (verb == "go") {
      if (args.size() != 1) return InputError(ValidationStep::kSyntax, where, "usage: go 1.23");
      mod.go_version = args[0];
      mod.go_line = line_no;
    } else if (verb == "toolchain") {
      if (args.size() != 1) {
        return InputError(ValidationStep::kSyntax, where, "usage: toolchain go1.23.1");
      }
      mod.toolchain = args[0];
      mod.toolchain_line = line_no;
    } else if (verb == "require") {
      if (args.size() != 2) {
        return InputError(ValidationStep::kSyntax, where, "usage: require module/path v1.2.3");
      }
      mod.requirements.push_back({.path = args[0],
                                  .version = args[1],
                                  .indirect = IsIndirectComment(lx.comment),
                                  .line = line_no});
    } else if (verb == "exclude") {
      if (args.size() != 2) {
        return InputError(ValidationStep::kSyntax, where, "usage: exclude module/path v1.2.3");
      }
      mod.excludes.push_back({.path = args[0], .version = args[1], .line = line_no});
    } else if (verb == "replace") {
      const auto arrow = std::find(args.begin(), args.end(), "=>");
      const size_t left = static_cast<size_t>(arrow - args.begin());
      const size_t right = arrow == args.end() ? 0 : args.size() - left - 1;
      if (arrow == args.end() || left < 1 || left > 2 || right < 1 || right > 2) {
        return InputError(ValidationStep::kSyntax, where,
                          "usage: replace module/path [v1.2.3] => other/module v1.4.5");
      }
      GoModFile::Replace r{.old_path = args[0],
                           .old_version = left == 2 ? args[1] : "",
                           .new_path = args[left + 1],
                           .new_version = right == 2 ? args[left + 2] : "",
                           .line = line_no};
      if (r.new_version.empty() && !IsLocalPath(r.new_path)) {
        return InputError(ValidationStep::kSyntax, where,
                          "replacement module without version must be a directory path");
      }
      mod.replaces.push_back(std::move(r));
    } else if (verb == "retract" || verb == "godebug" || verb == "tool" || verb == "ignore") {
      // Retractions, debug settings and tool lines name no dependency of this module.
    } else {
      return InputError(ValidationStep::kSyntax, where, "unknown directive '" + verb + "'");
    }
    if (end == text.size()) break;
  }
  if (!block.empty()) {
    return InputError(ValidationStep::kSyntax, context + ":" + std::to_string(block_line),
                      "'" + block + " (' block is not closed");
  }
  return mod;
}

Result<std::vector<GoSumEntry>> ParseGoSum(std::string_view text, const std::string& context) {
  if (text.size() > kMaxManifestBytes) {
    return InputError(ValidationStep::kSize, context,
                      "larger than " + std::to_string(kMaxManifestBytes >> 20) + " MiB");
  }
  std::vector<GoSumEntry> out;
  int line_no = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    std::vector<std::string_view> fields;
    size_t i = 0;
    while (i < line.size()) {
      while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) ++i;
      size_t j = i;
      while (j < line.size() && line[j] != ' ' && line[j] != '\t' && line[j] != '\r') ++j;
      if (j > i) fields.push_back(line.substr(i, j - i));
      i = j;
    }
    if (fields.empty()) continue;
    if (fields.size() != 3 || !fields[2].starts_with("h") ||
        fields[2].find(':') == fields[2].npos) {
      return InputError(ValidationStep::kSyntax, context + ":" + std::to_string(line_no),
                        "expected 'module version hash'");
    }
    if (out.size() >= kMaxPackagesPerFile) {
      return InputError(ValidationStep::kSize, context, "too many go.sum lines");
    }
    GoSumEntry e{
        .module = std::string(fields[0]), .version = std::string(fields[1]), .line = line_no};
    if (e.version.ends_with("/go.mod")) {
      e.version.resize(e.version.size() - 7);
      e.go_mod_only = true;
    }
    out.push_back(std::move(e));
  }
  return out;
}

namespace {

class GoModExtractor : public Extractor {
 public:
  std::string_view Name() const override { return "go/gomod"; }
  int Version() const override { return 2; }
  std::string_view Ecosystem() const override { return "Go"; }
  bool FileRequired(const RepoPath& path) const override {
    return BaseName(path.str()) == "go.mod";
  }

  Result<Inventory> Extract(const ExtractInput& input) const override {
    const std::string& context = input.path.str();
    FLEDGER_TRY(GoModFile mod, ParseGoMod(input.content, context));
    Inventory inv;
    // Keyed by (name, version) like the module graph: a later line for the same module version
    // replaces the earlier one.
    std::vector<Package> pkgs;
    std::map<std::pair<std::string, std::string>, size_t> index;
    auto put = [&](Package p) {
      const auto key = std::make_pair(p.name, p.version);
      const auto it = index.find(key);
      if (it == index.end()) {
        index.emplace(key, pkgs.size());
        pkgs.push_back(std::move(p));
      } else {
        Package& old = pkgs[it->second];
        if (p.relationship == Relationship::kDirect) old.relationship = Relationship::kDirect;
        old.line = p.line;
      }
    };
    for (const auto& r : mod.requirements) {
      const bool excluded = std::any_of(mod.excludes.begin(), mod.excludes.end(), [&](auto& x) {
        return x.path == r.path && x.version == r.version;
      });
      if (excluded) {
        inv.warnings.push_back("line " + std::to_string(r.line) + ": " + r.path + " " + r.version +
                               " is required and excluded; not reported");
        continue;
      }
      Package p = MakePackage(GoEcosystem(), r.path, TrimV(r.version));
      p.relationship = r.indirect ? Relationship::kIndirect : Relationship::kDirect;
      p.line = r.line;
      put(std::move(p));
    }
    // replace: an exact old version replaces that module version only, no old version replaces
    // every version; a replacement by a local directory is not a published module, so the
    // package is dropped (with a warning) instead of reported under a path name.
    for (const auto& rep : mod.replaces) {
      const std::string old_version = TrimV(rep.old_version);
      auto hit = [&](const Package& p) {
        return p.name == rep.old_path && (old_version.empty() || p.version == old_version);
      };
      // A replace directive for a module version that is not required has no effect.
      if (std::none_of(pkgs.begin(), pkgs.end(), hit)) continue;
      std::vector<Package> replaced;
      std::vector<Package> kept;
      for (auto& p : pkgs) (hit(p) ? replaced : kept).push_back(std::move(p));
      pkgs = std::move(kept);
      index.clear();
      for (size_t i = 0; i < pkgs.size(); ++i) {
        index.emplace(std::make_pair(pkgs[i].name, pkgs[i].version), i);
      }
      for (const auto& old : replaced) {
        if (rep.new_version.empty()) {
          inv.warnings.push_back("line " + std::to_string(rep.line) + ": " + old.name + " " +
                                 old.version + " is replaced by local directory " + rep.new_path +
                                 "; not reported");
          continue;
        }
        Package p = MakePackage(GoEcosystem(), rep.new_path, TrimV(rep.new_version));
        p.relationship = old.relationship;
        p.line = rep.line;
        put(std::move(p));
      }
    }
    // The standard library: the toolchain directive wins over the minimum `go` version.
    std::string go_version = mod.go_version;
    int go_line = mod.go_line;
    if (!mod.toolchain.empty()) {
      std::string t = mod.toolchain.substr(0, mod.toolchain.find('-'));
      if (t.starts_with("go")) t = t.substr(2);
      if (!t.empty()) {
        go_version = t;
        go_line = mod.toolchain_line;
      }
    }
    if (!go_version.empty()) {
      Package p = MakePackage(GoEcosystem(), "stdlib", go_version);
      p.relationship = Relationship::kDirect;
      p.line = go_line;
      put(std::move(p));
    }
    // Before Go 1.17 go.mod lists only direct requirements; the indirect ones are in go.sum.
    if (!mod.go_version.empty() && GoVersionBefore(mod.go_version, 1, 17) &&
        input.reader != nullptr && context.ends_with(".mod")) {
      AddFromSum(input, index, pkgs, inv);
    }
    // The main module: the project this go.mod describes, requiring its direct modules.
    if (!mod.module.empty()) {
      Package project = MakePackage(GoEcosystem(), mod.module, "");
      project.project = true;
      project.line = mod.module_line;
      for (const auto& p : pkgs) {
        if (p.relationship == Relationship::kDirect) project.depends_on.push_back(p.id);
      }
      std::sort(project.depends_on.begin(), project.depends_on.end());
      pkgs.push_back(std::move(project));
    }
    inv.packages = std::move(pkgs);
    return inv;
  }

 private:
  static void AddFromSum(const ExtractInput& input,
                         std::map<std::pair<std::string, std::string>, size_t>& index,
                         std::vector<Package>& pkgs, Inventory& inv) {
    const std::string& mod_path = input.path.str();
    auto sum_path = RepoPath::Parse(mod_path.substr(0, mod_path.size() - 4) + ".sum");
    if (!sum_path.ok()) return;
    auto text = input.reader->Read(sum_path.value());
    if (!text.ok()) return;  // no go.sum: the go.mod requirements are all there is
    auto entries = ParseGoSum(text.value(), sum_path.value().str());
    if (!entries.ok()) {
      inv.warnings.push_back(entries.error().ToString());
      return;
    }
    for (const auto& e : entries.value()) {
      // A "/go.mod" line only hashes a go.mod read during resolution; the module itself may
      // never have been downloaded.
      if (e.go_mod_only) continue;
      const auto key = std::make_pair(e.module, TrimV(e.version));
      if (index.count(key)) continue;
      Package p = MakePackage(GoEcosystem(), e.module, key.second);
      p.relationship = Relationship::kIndirect;
      p.path = sum_path.value();
      p.line = e.line;
      index.emplace(key, pkgs.size());
      pkgs.push_back(std::move(p));
    }
  }
};

class GoSumExtractor : public Extractor {
 public:
  std::string_view Name() const override { return "go/gosum"; }
  int Version() const override { return 1; }
  std::string_view Ecosystem() const override { return "Go"; }
  bool FileRequired(const RepoPath& path) const override {
    return BaseName(path.str()) == "go.sum";
  }
  Result<Inventory> Extract(const ExtractInput& input) const override {
    FLEDGER_TRY(auto entries, ParseGoSum(input.content, input.path.str()));
    // go.sum lists every version the resolver looked at, sorted; the last one listed for a
    // module is the one the build selected.
    std::map<std::string, size_t> last;
    for (size_t i = 0; i < entries.size(); ++i) last[entries[i].module] = i;
    Inventory inv;
    for (size_t i = 0; i < entries.size(); ++i) {
      if (last[entries[i].module] != i) continue;
      Package p = MakePackage(GoEcosystem(), entries[i].module, TrimV(entries[i].version));
      p.line = entries[i].line;
      inv.packages.push_back(std::move(p));
    }
    return inv;
  }
};

}  // namespace

std::unique_ptr<Extractor> NewGoModExtractor() { return std::make_unique<GoModExtractor>(); }
std::unique_ptr<Extractor> NewGoSumExtractor() { return std::make_unique<GoSumExtractor>(); }

}  // namespace fledger::sca
