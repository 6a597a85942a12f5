// Cargo.lock: [[package]] tables read with toml++, edges resolved from Cargo's "name",
// "name version" and "name version (source)" dependency spellings.
#include <toml++/toml.h>

#include <map>
#include <set>

#include "sca/common.h"
#include "sca/rust/rust.h"

namespace fledger::sca {

namespace {

const Ecosystem& Crates() {
  static const Ecosystem kCrates = Ecosystem::Parse("crates.io").value();
  return kCrates;
}

// toml++ recurses per nesting level and stops at 256, which is far beyond any lockfile; bound
// the depth of [ and { (outside strings and comments) first so hostile input is a size error.
Status CheckTomlDepth(std::string_view text, const std::string& context) {
  int depth = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '#') {
      while (i < text.size() && text[i] != '\n') ++i;
    } else if (c == '"' || c == '\'') {
      const bool multi = text.substr(i, 3) == std::string(3, c);
      const std::string close = multi ? std::string(3, c) : std::string(1, c);
      size_t j = i + close.size();
      while (j < text.size()) {
        if (c == '"' && text[j] == '\\') {
          j += 2;
          continue;
        }
        if (!multi && text[j] == '\n') break;  // unterminated: toml++ reports it
        if (text.substr(j, close.size()) == close) break;
        ++j;
      }
      i = j + close.size() - 1;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxNestingDepth) {
        return InputError(ValidationStep::kSize, context,
                          "nesting deeper than " + std::to_string(kMaxNestingDepth) + " levels");
      }
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return {};
}

std::string Str(const toml::table& t, std::string_view key) {
  const auto v = t[key].value<std::string>();
  return v ? *v : std::string();
}

// A dependency reference: "name", "name version" or "name version (source)".
struct DepRef {
  std::string name, version;
};
DepRef ParseDepRef(std::string_view s) {
  DepRef d;
  const size_t sp = s.find(' ');
  d.name = std::string(s.substr(0, sp));
  if (sp != std::string_view::npos) {
    std::string_view rest = s.substr(sp + 1);
    d.version = std::string(rest.substr(0, rest.find(' ')));
  }
  return d;
}

void SetSource(Package& p, const std::string& source) {
  if (source.starts_with("registry+") || source.starts_with("sparse+")) {
    p.source_url = source.substr(source.find('+') + 1);
  } else if (source.starts_with("git+")) {
    const std::string url = source.substr(4);
    const size_t hash = url.find('#');
    p.source_url = url.substr(0, hash);
    if (hash != std::string::npos) p.commit = url.substr(hash + 1);
  } else if (!source.empty()) {
    p.source_url = source;
  }
}

class CargoLockExtractor : public Extractor {
 public:
  std::string_view Name() const override { return "rust/cargolock"; }
  int Version() const override { return 2; }
  std::string_view Ecosystem() const override { return "crates.io"; }
  bool FileRequired(const RepoPath& path) const override {
    return BaseName(path.str()) == "Cargo.lock";
  }

  Result<Inventory> Extract(const ExtractInput& input) const override {
    const std::string& context = input.path.str();
    FLEDGER_RETURN_IF_ERROR(CheckTomlDepth(input.content, context));
    FLEDGER_TRY(auto doc, ParseManifestToml(input.content, context));
    Inventory inv;
    const toml::array* packages = (*doc)["package"].as_array();
    if (packages == nullptr) {
      if ((*doc).contains("package")) {
        return InputError(ValidationStep::kSemantics, context, "'package' is not an array");
      }
      return inv;
    }
    if (packages->size() > kMaxPackagesPerFile) {
      return InputError(ValidationStep::kSize, context, "too many packages");
    }
    // v1 lockfiles keep checksums in [metadata] as "checksum name version (source)" = "hex".
    std::map<std::string, std::string> metadata_sums;
    if (const toml::table* meta = (*doc)["metadata"].as_table()) {
      for (const auto& [k, v] : *meta) {
        const std::string_view key = k.str();
        if (key.starts_with("checksum ") && v.is_string()) {
          const DepRef d = ParseDepRef(key.substr(9));
          metadata_sums[d.name + "@" + d.version] = *v.value<std::string>();
        }
      }
    }
    std::vector<std::vector<std::string>> raw_deps;
    std::vector<bool> local;  // no `source`: a workspace member or a path dependency
    std::multimap<std::string, size_t> by_name;
    for (const auto& node : *packages) {
      const toml::table* t = node.as_table();
      if (t == nullptr) {
        inv.warnings.push_back("a [[package]] entry is not a table; skipped");
        continue;
      }
      const std::string name = Str(*t, "name");
      const std::string version = Str(*t, "version");
      // The line of `name =` (what osv-scalibr reports); the table ends at its last value.
      const toml::node* name_node = t->get("name");
      const int line =
          static_cast<int>((name_node != nullptr ? name_node->source() : t->source()).begin.line);
      if (name.empty() || version.empty()) {
        inv.warnings.push_back("line " + std::to_string(line) +
                               ": [[package]] without name or version; skipped");
        continue;
      }
      Package p = MakePackage(Crates(), name, version);
      p.line = line;
      int end = line;
      for (const auto& [k, v] : *t) end = std::max(end, static_cast<int>(v.source().end.line));
      p.end_line = end;
      const std::string source = Str(*t, "source");
      SetSource(p, source);
      local.push_back(source.empty());
      std::string sum = Str(*t, "checksum");
      if (sum.empty()) {
        const auto it = metadata_sums.find(p.id);
        if (it != metadata_sums.end()) sum = it->second;
      }
      if (!sum.empty()) p.hashes.push_back({"SHA-256", sum});
      std::vector<std::string> deps;
      if (const toml::array* ds = (*t)["dependencies"].as_array()) {
        for (const auto& d : *ds) {
          if (const auto s = d.value<std::string>()) deps.push_back(*s);
        }
      }
      by_name.emplace(name, inv.packages.size());
      raw_deps.push_back(std::move(deps));
      inv.packages.push_back(std::move(p));
    }
    for (size_t i = 0; i < inv.packages.size(); ++i) {
      for (const auto& raw : raw_deps[i]) {
        const DepRef d = ParseDepRef(raw);
        const Package* target = nullptr;
        int candidates = 0;
        const auto [lo, hi] = by_name.equal_range(d.name);
        for (auto it = lo; it != hi; ++it) {
          const Package& c = inv.packages[it->second];
          if (d.version.empty() || c.version == d.version) {
            target = &c;
            ++candidates;
          }
        }
        if (candidates >= 1 && (candidates == 1 || !d.version.empty())) {
          inv.packages[i].depends_on.push_back(target->id);
        } else {
          inv.warnings.push_back("line " + std::to_string(inv.packages[i].line) + ": dependency '" +
                                 raw + "' matches " + std::to_string(candidates) + " packages");
        }
      }
      std::sort(inv.packages[i].depends_on.begin(), inv.packages[i].depends_on.end());
    }
    // Cargo locks only what the workspace members reach, so a local package nothing requires is
    // a member (the project itself). A local package that is required may be a member or a
    // vendored path dependency: the lockfile cannot tell, so it stays a dependency.
    std::set<std::string> required;
    for (const auto& p : inv.packages) required.insert(p.depends_on.begin(), p.depends_on.end());
    for (size_t i = 0; i < inv.packages.size(); ++i) {
      if (local[i] && !required.count(inv.packages[i].id)) inv.packages[i].project = true;
    }
    return inv;
  }
};

}  // namespace

std::unique_ptr<Extractor> NewCargoLockExtractor() {
  return std::make_unique<CargoLockExtractor>();
}

}  // namespace fledger::sca
