// The pdm.lock extractor: [[package]] tables with their groups, git revisions, file hashes and
// PEP 508 dependency strings as edges.
#include <toml++/toml.h>

#include <algorithm>

#include "sca/common.h"
#include "sca/python/pep508.h"
#include "sca/python/python.h"

namespace fledger::sca::python {

namespace {

class PdmLockExtractor : public Extractor {
 public:
  std::string_view Name() const override { return "python/pdmlock"; }
  int Version() const override { return 1; }
  std::string_view Ecosystem() const override { return "PyPI"; }
  bool FileRequired(const RepoPath& path) const override { return path.filename() == "pdm.lock"; }

  Result<Inventory> Extract(const ExtractInput& input) const override {
    const std::string context = input.path.str();
    FLEDGER_TRY(auto doc, ParsePythonToml(input.content, context));
    Inventory inv;
    const auto* packages = doc->get_as<toml::array>("package");
    if (packages == nullptr) return inv;
    std::vector<std::vector<DependencyRef>> deps;
    for (const auto& node : *packages) {
      const auto* t = node.as_table();
      if (t == nullptr) continue;
      const std::string name = TomlString(*t, "name");
      const std::string version = TomlString(*t, "version");
      if (name.empty() || version.empty()) {
        inv.warnings.push_back(context + ":" + std::to_string(TomlLine(t)) +
                               ": package without a name or version skipped");
        continue;
      }
      Package p = MakePackage(PyPI(), name, version);
      p.line = TomlKeyLine(*t, "name");
      bool in_default = false, in_dev = false;
      if (const auto* g = t->get_as<toml::array>("groups")) {
        for (const auto& e : *g) {
          const auto* s = e.as_string();
          if (s == nullptr) continue;
          if (s->get() == "default") {
            in_default = true;
            continue;
          }
          in_dev = in_dev || s->get() == "dev";
          p.groups.push_back(s->get());
        }
      } else {
        in_default = true;  // lock_version < 4 has no groups: everything is default
      }
      // "default" is the production group. Outside it, pdm's lockfile cannot tell a dev group
      // from an optional one except by the conventional name "dev".
      p.dev = !in_default && in_dev;
      p.optional = !in_default && !in_dev;
      if (std::string git = TomlString(*t, "git"); !git.empty()) {
        p.source_url = git;
        p.commit = TomlString(*t, "revision");
      }
      if (const auto* files = t->get_as<toml::array>("files")) {
        for (const auto& f : *files) {
          if (const auto* ft = f.as_table()) {
            if (auto h = ParseHash(TomlString(*ft, "hash"))) p.hashes.push_back(std::move(*h));
          }
        }
      }
      std::vector<DependencyRef> refs;
      if (const auto* d = t->get_as<toml::array>("dependencies")) {
        for (const auto& e : *d) {
          const auto* s = e.as_string();
          if (s == nullptr) continue;
          if (auto r = ParseRequirement(s->get()); r.ok()) refs.push_back({r.value().name, ""});
        }
      }
      FLEDGER_RETURN_IF_ERROR(AddPackage(inv, std::move(p), context));
      deps.push_back(std::move(refs));
    }
    LinkDependencies(inv.packages, deps);
    return inv;
  }
};

}  // namespace

std::unique_ptr<Extractor> NewPdmLockExtractor() { return std::make_unique<PdmLockExtractor>(); }

}  // namespace fledger::sca::python
