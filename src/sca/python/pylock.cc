// The pylock.toml extractor (PEP 751): [[packages]] with versions, VCS commits, archive hashes
// and dependency edges; the project itself (a `directory` entry at "." or editable) is reported
// as a Package::project, other local directories not at all.
#include <toml++/toml.h>

#include <map>

#include "sca/common.h"
#include "sca/python/pep508.h"
#include "sca/python/python.h"

namespace fledger::sca::python {

namespace {

void AddHashes(const toml::table* archive, Package& p) {
  if (archive == nullptr) return;
  if (const auto* hashes = archive->get_as<toml::table>("hashes")) {
    for (const auto& [algo, value] : *hashes) {
      if (const auto* s = value.as_string()) {
        if (auto h = MakeHash(algo.str(), s->get())) p.hashes.push_back(std::move(*h));
      }
    }
  }
}

class PylockExtractor : public Extractor {
 public:
  std::string_view Name() const override { return "python/pylock"; }
  int Version() const override { return 2; }
  std::string_view Ecosystem() const override { return "PyPI"; }
  bool FileRequired(const RepoPath& path) const override {
    // PEP 751: "pylock.toml" or "pylock.<name>.toml" with no further dots in <name>.
    const std::string_view base = path.filename();
    if (base == "pylock.toml") return true;
    constexpr std::string_view kPrefix = "pylock.", kSuffix = ".toml";
    if (base.size() <= kPrefix.size() + kSuffix.size() ||
        base.substr(0, kPrefix.size()) != kPrefix ||
        base.substr(base.size() - kSuffix.size()) != kSuffix) {
      return false;
    }
    const std::string_view middle =
        base.substr(kPrefix.size(), base.size() - kPrefix.size() - kSuffix.size());
    return middle.find('.') == std::string_view::npos;
  }

  Result<Inventory> Extract(const ExtractInput& input) const override {
    const std::string context = input.path.str();
    FLEDGER_TRY(auto doc, ParsePythonToml(input.content, context));
    Inventory inv;
    const auto* packages = doc->get_as<toml::array>("packages");
    if (packages == nullptr) return inv;
    std::vector<std::vector<DependencyRef>> deps;
    std::map<std::string, size_t> by_id;
    for (const auto& node : *packages) {
      const auto* t = node.as_table();
      if (t == nullptr) continue;
      const std::string name = TomlString(*t, "name");
      const std::string version = TomlString(*t, "version");
      // A local directory is not from an index. The lockfile's own directory, or an editable
      // install, is the project (or a workspace member): a Package::project with its edges.
      bool project = false;
      if (const auto* dir = t->get_as<toml::table>("directory")) {
        const std::string path = TomlString(*dir, "path");
        const auto* editable = dir->get_as<bool>("editable");
        project = path == "." || path == "./" || (editable != nullptr && editable->get());
        if (!project || name.empty()) continue;
      } else if (t->get("directory") != nullptr) {
        continue;
      }
      if (name.empty() || (version.empty() && !project)) {
        inv.warnings.push_back(context + ":" + std::to_string(TomlLine(t)) +
                               ": package without a name or version skipped");
        continue;
      }
      std::vector<DependencyRef> refs;
      if (const auto* d = t->get_as<toml::array>("dependencies")) {
        for (const auto& e : *d) {
          if (const auto* dt = e.as_table()) {
            const std::string dep = TomlString(*dt, "name");
            if (!dep.empty()) refs.push_back({dep, TomlString(*dt, "version")});
          }
        }
      }
      Package p = MakePackage(PyPI(), name, version);
      p.project = project;
      // The same version locked under different markers is one package with both edges.
      if (const auto seen = by_id.find(p.id); seen != by_id.end()) {
        auto& merged = deps[seen->second];
        merged.insert(merged.end(), refs.begin(), refs.end());
        continue;
      }
      p.line = TomlKeyLine(*t, "name");
      if (const auto* vcs = t->get_as<toml::table>("vcs")) {
        p.commit = TomlString(*vcs, "commit-id");
        p.source_url = TomlString(*vcs, "url");
      }
      AddHashes(t->get_as<toml::table>("sdist"), p);
      if (const auto* wheels = t->get_as<toml::array>("wheels")) {
        for (const auto& w : *wheels) AddHashes(w.as_table(), p);
      }
      AddHashes(t->get_as<toml::table>("archive"), p);
      by_id[p.id] = inv.packages.size();
      FLEDGER_RETURN_IF_ERROR(AddPackage(inv, std::move(p), context));
      deps.push_back(std::move(refs));
    }
    LinkDependencies(inv.packages, deps);
    return inv;
  }
};

}  // namespace

std::unique_ptr<Extractor> NewPylockExtractor() { return std::make_unique<PylockExtractor>(); }

}  // namespace fledger::sca::python
