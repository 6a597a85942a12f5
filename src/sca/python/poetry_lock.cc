// The poetry.lock extractor: [[package]] tables with v1 `category` or v2 `groups`, optional
// packages, git sources and the [package.dependencies] edges.
#include <toml++/toml.h>

#include <algorithm>

#include "sca/common.h"
#include "sca/python/pep508.h"
#include "sca/python/python.h"

namespace fledger::sca::python {

namespace {

void AddFileHashes(const toml::array* files, Package& p) {
  if (files == nullptr) return;
  for (const auto& f : *files) {
    const auto* t = f.as_table();
    if (t == nullptr) continue;
    if (auto h = ParseHash(TomlString(*t, "hash"))) p.hashes.push_back(std::move(*h));
  }
}

class PoetryLockExtractor : public Extractor {
 public:
  std::string_view Name() const override { return "python/poetrylock"; }
  int Version() const override { return 1; }
  std::string_view Ecosystem() const override { return "PyPI"; }
  bool FileRequired(const RepoPath& path) const override {
    return path.filename() == "poetry.lock";
  }

  Result<Inventory> Extract(const ExtractInput& input) const override {
    const std::string context = input.path.str();
    FLEDGER_TRY(auto doc, ParsePythonToml(input.content, context));
    Inventory inv;
    const auto* packages = doc->get_as<toml::array>("package");
    if (packages == nullptr) return inv;
    // Lockfile v1 keeps file hashes apart, under [metadata.files] by package name.
    const toml::table* v1_files = nullptr;
    if (const auto* meta = doc->get_as<toml::table>("metadata")) {
      v1_files = meta->get_as<toml::table>("files");
    }
    std::vector<std::vector<DependencyRef>> deps;
    for (const auto& node : *packages) {
      const auto* t = node.as_table();
      if (t == nullptr) continue;
      const std::string name = TomlString(*t, "name");
      const std::string version = TomlString(*t, "version");
      const int line = TomlKeyLine(*t, "name");
      if (name.empty() || version.empty()) {
        inv.warnings.push_back(context + ":" + std::to_string(TomlLine(t)) +
                               ": package without a name or version skipped");
        continue;
      }
      Package p = MakePackage(PyPI(), name, version);
      p.line = line;
      std::vector<std::string> groups;
      if (const auto* g = t->get_as<toml::array>("groups")) {
        for (const auto& e : *g) {
          if (const auto* s = e.as_string()) groups.push_back(s->get());
        }
      } else if (const std::string category = TomlString(*t, "category"); !category.empty()) {
        groups.push_back(category);
      }
      const bool main = groups.empty() || std::count(groups.begin(), groups.end(), "main") > 0;
      for (auto& g : groups) {
        if (g != "main") p.groups.push_back(std::move(g));
      }
      // Only a package outside "main" is dev-only: main reaches production.
      p.dev = !main;
      if (const auto* opt = t->get_as<bool>("optional"); opt != nullptr && opt->get()) {
        p.optional = true;
        p.groups.push_back("optional");
      }
      if (const auto* source = t->get_as<toml::table>("source")) {
        p.source_url = TomlString(*source, "url");
        if (TomlString(*source, "type") == "git") {
          p.commit = TomlString(*source, "resolved_reference");
        }
      }
      AddFileHashes(t->get_as<toml::array>("files"), p);
      if (v1_files != nullptr) AddFileHashes(v1_files->get_as<toml::array>(name), p);
      std::vector<DependencyRef> refs;
      if (const auto* d = t->get_as<toml::table>("dependencies")) {
        for (const auto& [key, value] : *d) refs.push_back({std::string(key.str()), ""});
      }
      FLEDGER_RETURN_IF_ERROR(AddPackage(inv, std::move(p), context));
      deps.push_back(std::move(refs));
    }
    LinkDependencies(inv.packages, deps);
    return inv;
  }
};

}  // namespace

std::unique_ptr<Extractor> NewPoetryLockExtractor() {
  return std::make_unique<PoetryLockExtractor>();
}

}  // namespace fledger::sca::python
