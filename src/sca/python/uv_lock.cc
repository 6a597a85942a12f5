// The uv.lock extractor: [[package]] tables, git sources, dependency edges, and direct/indirect,
// dev and optional from the root project's entry (its dependencies, extras and dev groups); the
// project and workspace members themselves (virtual or editable sources) as Package::project.
#include <toml++/toml.h>

#include <map>
#include <set>

#include "sca/common.h"
#include "sca/python/pep508.h"
#include "sca/python/python.h"

namespace fledger::sca::python {

namespace {

std::vector<DependencyRef> Refs(const toml::array* arr) {
  std::vector<DependencyRef> out;
  if (arr == nullptr) return out;
  for (const auto& e : *arr) {
    if (const auto* t = e.as_table()) {
      const std::string name = TomlString(*t, "name");
      if (!name.empty()) out.push_back({name, TomlString(*t, "version")});
    }
  }
  return out;
}

// Every array of a table of arrays ([package.optional-dependencies], dev-dependencies), by key.
std::vector<std::pair<std::string, std::vector<DependencyRef>>> GroupRefs(const toml::table* t) {
  std::vector<std::pair<std::string, std::vector<DependencyRef>>> out;
  if (t == nullptr) return out;
  for (const auto& [key, value] : *t)
    out.emplace_back(std::string(key.str()), Refs(value.as_array()));
  return out;
}

class UvLockExtractor : public Extractor {
 public:
  std::string_view Name() const override { return "python/uvlock"; }
  int Version() const override { return 2; }
  std::string_view Ecosystem() const override { return "PyPI"; }
  bool FileRequired(const RepoPath& path) const override { return path.filename() == "uv.lock"; }

  Result<Inventory> Extract(const ExtractInput& input) const override {
    const std::string context = input.path.str();
    FLEDGER_TRY(auto doc, ParsePythonToml(input.content, context));
    Inventory inv;
    const auto* packages = doc->get_as<toml::array>("package");
    if (packages == nullptr) return inv;
    std::vector<std::vector<DependencyRef>> deps;
    // The project's own entries (virtual or editable sources): their dependencies are direct.
    std::vector<DependencyRef> root_prod;
    std::vector<std::pair<std::string, std::vector<DependencyRef>>> root_extras, root_dev;
    int roots_at_dot = 0;
    // Each local entry as a Package::project, with every reference it makes (dependencies,
    // extras, dev groups), resolved to ids once the packages are known.
    std::vector<Package> projects;
    std::vector<std::vector<DependencyRef>> project_refs;
    for (const auto& node : *packages) {
      const auto* t = node.as_table();
      if (t == nullptr) continue;
      const std::string name = TomlString(*t, "name");
      const std::string version = TomlString(*t, "version");
      const auto* source = t->get_as<toml::table>("source");
      std::string local;
      if (source != nullptr) {
        local = TomlString(*source, "virtual");
        if (local.empty()) local = TomlString(*source, "editable");
      }
      if (!local.empty()) {
        if (local == ".") ++roots_at_dot;
        auto prod = Refs(t->get_as<toml::array>("dependencies"));
        std::vector<DependencyRef> all = prod;
        root_prod.insert(root_prod.end(), prod.begin(), prod.end());
        for (auto& g : GroupRefs(t->get_as<toml::table>("optional-dependencies"))) {
          all.insert(all.end(), g.second.begin(), g.second.end());
          root_extras.push_back(std::move(g));
        }
        for (auto& g : GroupRefs(t->get_as<toml::table>("dev-dependencies"))) {
          all.insert(all.end(), g.second.begin(), g.second.end());
          root_dev.push_back(std::move(g));
        }
        if (name.empty()) {
          inv.warnings.push_back(context + ":" + std::to_string(TomlLine(t)) +
                                 ": project without a name skipped");
          continue;
        }
        if (projects.size() >= kMaxPackagesPerFile) {
          return InputError(ValidationStep::kSize, context, "too many projects");
        }
        Package project = MakePackage(PyPI(), name, version);
        project.project = true;
        project.line = TomlKeyLine(*t, "name");
        projects.push_back(std::move(project));
        project_refs.push_back(std::move(all));
        continue;
      }
      if (name.empty() || version.empty()) {
        inv.warnings.push_back(context + ":" + std::to_string(TomlLine(t)) +
                               ": package without a name or version skipped");
        continue;
      }
      Package p = MakePackage(PyPI(), name, version);
      p.line = TomlKeyLine(*t, "name");
      if (source != nullptr) {
        if (std::string git = TomlString(*source, "git"); !git.empty()) {
          const size_t hash = git.find('#');
          if (hash != std::string::npos) p.commit = git.substr(hash + 1);
          p.source_url = git.substr(0, hash);
        } else if (std::string url = TomlString(*source, "url"); !url.empty()) {
          p.source_url = url;
        }
      }
      if (const auto* sdist = t->get_as<toml::table>("sdist")) {
        if (auto h = ParseHash(TomlString(*sdist, "hash"))) p.hashes.push_back(std::move(*h));
      }
      if (const auto* wheels = t->get_as<toml::array>("wheels")) {
        for (const auto& w : *wheels) {
          if (const auto* wt = w.as_table()) {
            if (auto h = ParseHash(TomlString(*wt, "hash"))) p.hashes.push_back(std::move(*h));
          }
        }
      }
      auto refs = Refs(t->get_as<toml::array>("dependencies"));
      // A package's extras are locked only because someone asked for them: keep their edges.
      for (auto& [extra, extra_refs] : GroupRefs(t->get_as<toml::table>("optional-dependencies"))) {
        refs.insert(refs.end(), extra_refs.begin(), extra_refs.end());
      }
      FLEDGER_RETURN_IF_ERROR(AddPackage(inv, std::move(p), context));
      deps.push_back(std::move(refs));
    }
    LinkDependencies(inv.packages, deps);
    if (roots_at_dot != 1) {
      inv.warnings.push_back(context + ": " + std::to_string(roots_at_dot) +
                             " root projects (source \".\") where uv writes one; direct and "
                             "indirect are decided from every local project");
    }
    if (!(root_prod.empty() && root_extras.empty() && root_dev.empty())) {
      MarkFromProjects(inv, root_prod, root_extras, root_dev);
    }
    // The projects go last, with edges to the packages and to each other (a workspace member
    // requiring another).
    const size_t first_project = inv.packages.size();
    std::vector<std::vector<DependencyRef>> refs(first_project);
    for (size_t i = 0; i < projects.size(); ++i) {
      FLEDGER_RETURN_IF_ERROR(AddPackage(inv, std::move(projects[i]), context));
      refs.push_back(std::move(project_refs[i]));
    }
    LinkDependencies(inv.packages, refs);
    return inv;
  }

 private:
  // Direct, dev and optional from the projects' own references (their dependencies, extras and
  // dev groups); records the extra and dev group names on the packages they name.
  static void MarkFromProjects(
      Inventory& inv, const std::vector<DependencyRef>& root_prod,
      const std::vector<std::pair<std::string, std::vector<DependencyRef>>>& root_extras,
      const std::vector<std::pair<std::string, std::vector<DependencyRef>>>& root_dev) {
    // Resolve the root's references to ids, and record the group names on direct packages.
    std::multimap<std::string, size_t> by_name;
    for (size_t i = 0; i < inv.packages.size(); ++i) {
      by_name.emplace(NormalizeName(inv.packages[i].name), i);
    }
    auto resolve = [&](const std::vector<DependencyRef>& refs, const std::string& group,
                       std::vector<std::string>& ids) {
      for (const auto& r : refs) {
        const auto [lo, hi] = by_name.equal_range(NormalizeName(r.name));
        for (auto it = lo; it != hi; ++it) {
          Package& p = inv.packages[it->second];
          if (!r.version.empty() && p.version != r.version) continue;
          ids.push_back(p.id);
          if (!group.empty() &&
              std::find(p.groups.begin(), p.groups.end(), group) == p.groups.end()) {
            p.groups.push_back(group);
          }
        }
      }
    };
    std::vector<std::string> prod, extras, dev;
    resolve(root_prod, "", prod);
    for (const auto& [group, refs] : root_extras) resolve(refs, group, extras);
    for (const auto& [group, refs] : root_dev) resolve(refs, group, dev);
    const std::set<std::string> main(prod.begin(), prod.end());
    for (auto& p : inv.packages) {
      if (!main.count(p.id) && std::find(extras.begin(), extras.end(), p.id) != extras.end()) {
        p.optional = true;
      }
    }
    prod.insert(prod.end(), extras.begin(), extras.end());
    MarkFromRoots(inv.packages, prod, dev);
  }
};

}  // namespace

std::unique_ptr<Extractor> NewUvLockExtractor() { return std::make_unique<UvLockExtractor>(); }

}  // namespace fledger::sca::python
