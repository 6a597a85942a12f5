// julia/manifesttoml: packages of a Julia Manifest.toml (see julia.h).
#include <toml++/toml.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "sca/common.h"
#include "sca/julia/julia.h"

namespace fledger::sca {

namespace {

std::string TomlStr(const toml::table& t, std::string_view key) {
  return t[key].value_or(std::string());
}

struct Entry {
  std::string name;
  const toml::table* table;
};

class ManifestTomlExtractor : public Extractor {
 public:
  std::string_view Name() const override { return "julia/manifesttoml"; }
  int Version() const override { return 1; }
  std::string_view Ecosystem() const override { return "Julia"; }
  bool FileRequired(const RepoPath& path) const override {
    const std::string_view base = BaseName(path.str());
    // Manifest.toml, JuliaManifest.toml and the versioned Manifest-v1.11.toml.
    return base == "Manifest.toml" || base == "JuliaManifest.toml" ||
           (base.rfind("Manifest-v", 0) == 0 && base.size() > 15 &&
            base.substr(base.size() - 5) == ".toml");
  }

  Result<Inventory> Extract(const ExtractInput& input) const override {
    static const auto* const kJulia =
        new fledger::Ecosystem(fledger::Ecosystem::Parse("Julia").value());
    const std::string context = input.path.str();
    FLEDGER_TRY(const auto doc, ParseManifestToml(input.content, context));
    // Format 2.0 puts packages under [[deps.Name]]; 1.0 has [[Name]] at the top.
    const toml::table* packages = doc.get();
    const bool v2 = doc->contains("manifest_format");
    if (v2) {
      packages = (*doc)["deps"].as_table();
      if (packages == nullptr) return Inventory{};
    }
    const std::string julia_version = TomlStr(*doc, "julia_version");
    std::vector<Entry> entries;
    std::map<std::string, std::vector<std::string>> uuids_by_name;
    for (const auto& [key, node] : *packages) {
      const toml::array* list = node.as_array();
      if (list == nullptr) continue;
      for (const auto& item : *list) {
        const toml::table* t = item.as_table();
        if (t == nullptr) continue;
        entries.push_back({std::string(key.str()), t});
        uuids_by_name[std::string(key.str())].push_back(TomlStr(*t, "uuid"));
        if (entries.size() > kMaxPackagesPerFile) {
          return InputError(ValidationStep::kSize, context, "too many packages");
        }
      }
    }
    Inventory inv;
    for (const auto& e : entries) {
      const toml::table& t = *e.table;
      const std::string uuid = TomlStr(t, "uuid");
      std::string version = TomlStr(t, "version");
      bool resolved = !version.empty();
      // A standard library has no version, tree hash, path or repository of its own: it ships
      // with (and is versioned as) the Julia that wrote the manifest.
      if (version.empty() && !t.contains("git-tree-sha1") && !t.contains("path") &&
          !t.contains("repo-url") && !julia_version.empty()) {
        version = julia_version;
        resolved = true;
      }
      Package p = MakePackage(*kJulia, e.name, version);
      p.resolved = resolved;
      if (!uuid.empty()) p.id = uuid;
      p.line = static_cast<int>(t.source().begin.line);
      p.commit = TomlStr(t, "git-tree-sha1");
      p.source_url = TomlStr(t, "repo-url");
      // deps is a list of names (unique within the manifest) or a name -> uuid table.
      std::set<std::string> ids;
      if (const toml::array* names = t["deps"].as_array()) {
        for (const auto& n : *names) {
          const auto name = n.value<std::string>();
          if (!name) continue;
          const auto it = uuids_by_name.find(*name);
          if (it == uuids_by_name.end()) {
            return InputError(ValidationStep::kSemantics, context,
                              e.name + " depends on " + *name + ", which the manifest lacks");
          }
          if (it->second.size() != 1) {
            return InputError(ValidationStep::kSemantics, context,
                              e.name + " depends on " + *name + ", which the manifest defines " +
                                  std::to_string(it->second.size()) + " times");
          }
          ids.insert(it->second.front());
        }
      } else if (const toml::table* named = t["deps"].as_table()) {
        for (const auto& [name, id] : *named) {
          if (const auto u = id.value<std::string>()) ids.insert(*u);
        }
      }
      p.depends_on.assign(ids.begin(), ids.end());
      inv.packages.push_back(std::move(p));
    }
    return inv;
  }
};

}  // namespace

std::unique_ptr<Extractor> NewManifestTomlExtractor() {
  return std::make_unique<ManifestTomlExtractor>();
}

}  // namespace fledger::sca
