// The NuGet extractors (see dotnet.h): lockfile, packages.config, deps.json and props files.
#include "sca/dotnet/dotnet.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "sca/common.h"
#include "sca/java/xml_doc.h"

namespace fledger::sca {

namespace {

using nlohmann::json;

const fledger::Ecosystem& NuGet() {
  static const auto* const kNuGet =
      new fledger::Ecosystem(fledger::Ecosystem::Parse("NuGet").value());
  return *kNuGet;
}

// The string member `key` of `obj`, "" when missing or not a string (lockfile fields are
// optional and a wrong type is treated as absent, with the package skipped by the caller).
std::string Str(const json& obj, const char* key) {
  if (!obj.is_object()) return {};
  const auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool IsRange(std::string_view v) {
  return !v.empty() &&
         (v.front() == '[' || v.front() == '(' || v.find(',') != v.npos || v.find('*') != v.npos);
}

Status CheckCount(const Inventory& inv, const std::string& context) {
  if (inv.packages.size() > kMaxPackagesPerFile) {
    return InputError(ValidationStep::kSize, context, "too many packages");
  }
  return {};
}

// packages.lock.json: {"version": 1, "dependencies": {"<framework>": {"<name>": {"type",
// "resolved", "dependencies": {"<name>": "<range>"}}}}}. Frameworks share packages: one entry per
// name@version, direct if any framework lists it as Direct.
class PackagesLockJsonExtractor : public Extractor {
 public:
  std::string_view Name() const override { return "dotnet/packageslockjson"; }
  int Version() const override { return 2; }
  std::string_view Ecosystem() const override { return "NuGet"; }
  bool FileRequired(const RepoPath& path) const override {
    return BaseName(path.str()) == "packages.lock.json";
  }

  Result<Inventory> Extract(const ExtractInput& input) const override {
    const std::string context = input.path.str();
    FLEDGER_TRY(const json doc, ParseManifestJson(input.content, context));
    if (!doc.is_object()) {
      return InputError(ValidationStep::kSemantics, context, "a NuGet lockfile is a JSON object");
    }
    Inventory inv;
    const auto frameworks = doc.find("dependencies");
    if (frameworks == doc.end()) return inv;
    if (!frameworks->is_object()) {
      return InputError(ValidationStep::kSemantics, context, "'dependencies' must be an object");
    }
    std::map<std::string, size_t> index;  // id -> position in inv.packages
    std::map<std::string, std::set<std::string>> edges;
    for (const auto& [framework, packages] : frameworks->items()) {
      if (!packages.is_object()) continue;
      for (const auto& [name, entry] : packages.items()) {
        const std::string type = Str(entry, "type");
        // Project entries are the solution's own projects (project references), not NuGet
        // packages: reported as Package::project, with no version (the lockfile records none).
        const bool project = type == "Project" || type == "project";
        const std::string version = project ? "" : Str(entry, "resolved");
        if (version.empty() && !project) {
          inv.warnings.push_back(framework + ": " + name + " has no resolved version");
          continue;
        }
        Package p = MakePackage(NuGet(), name, version);
        p.project = project;
        const bool direct = type == "Direct";
        auto [it, added] = index.emplace(p.id, inv.packages.size());
        if (added) {
          if (!project) p.relationship = direct ? Relationship::kDirect : Relationship::kIndirect;
          inv.packages.push_back(std::move(p));
          FLEDGER_RETURN_IF_ERROR(CheckCount(inv, context));
        } else if (direct) {
          inv.packages[it->second].relationship = Relationship::kDirect;
        }
        // Edges point at the version this framework resolved, not at the requested range.
        const auto deps = entry.find("dependencies");
        if (deps == entry.end() || !deps->is_object()) continue;
        for (const auto& [dep, range] : deps->items()) {
          const auto target = packages.find(dep);
          if (target == packages.end()) continue;
          const std::string resolved = Str(*target, "resolved");
          if (!resolved.empty()) edges[inv.packages[it->second].id].insert(dep + "@" + resolved);
        }
      }
    }
    for (auto& p : inv.packages) {
      const auto e = edges.find(p.id);
      if (e != edges.end()) p.depends_on.assign(e->second.begin(), e->second.end());
    }
    return inv;
  }
};

// packages.config: <packages><package id version developmentDependency/></packages>.
class PackagesConfigExtractor : public Extractor {
 public:
  std::string_view Name() const override { return "dotnet/packagesconfig"; }
  int Version() const override { return 1; }
  std::string_view Ecosystem() const override { return "NuGet"; }
  bool FileRequired(const RepoPath& path) const override {
    return BaseName(path.str()) == "packages.config";
  }

  Result<Inventory> Extract(const ExtractInput& input) const override {
    const std::string context = input.path.str();
    FLEDGER_TRY(auto doc, ParseManifestXml(input.content, context));
    const pugi::xml_node root = doc->document_element();
    if (XmlLocalName(root) != "packages") {
      return InputError(ValidationStep::kSemantics, context,
                        "not a packages.config: the root element is not <packages>");
    }
    Inventory inv;
    const LineIndex lines(input.content);
    for (pugi::xml_node n = root.first_child(); n; n = n.next_sibling()) {
      if (n.type() != pugi::node_element || XmlLocalName(n) != "package") continue;
      const std::string id = TrimXmlText(n.attribute("id").value());
      const std::string version = TrimXmlText(n.attribute("version").value());
      const int line = XmlNodeLine(lines, n);
      if (id.empty() || version.empty()) {
        inv.warnings.push_back("line " + std::to_string(line) + ": package without id or version");
        continue;
      }
      Package p = MakePackage(NuGet(), id, version);
      p.line = line;
      p.dev = EqualsIgnoreCase(n.attribute("developmentDependency").value(), "true");
      if (p.dev) p.groups.push_back("dev");
      inv.packages.push_back(std::move(p));
      FLEDGER_RETURN_IF_ERROR(CheckCount(inv, context));
    }
    return inv;
  }
};

// *.deps.json: "libraries" names every assembly source ("Name/Version": {"type"}); "targets"
// [runtimeTarget] gives each one's dependencies and assets. Projects are the application itself:
// their dependencies are the direct packages.
class DepsJsonExtractor : public Extractor {
 public:
  std::string_view Name() const override { return "dotnet/depsjson"; }
  int Version() const override { return 2; }
  std::string_view Ecosystem() const override { return "NuGet"; }
  bool FileRequired(const RepoPath& path) const override {
    return EndsWith(BaseName(path.str()), ".deps.json");
  }

  Result<Inventory> Extract(const ExtractInput& input) const override {
    const std::string context = input.path.str();
    FLEDGER_TRY(const json doc, ParseManifestJson(input.content, context));
    if (!doc.is_object()) {
      return InputError(ValidationStep::kSemantics, context, "a deps.json is a JSON object");
    }
    Inventory inv;
    const auto libraries = doc.find("libraries");
    if (libraries == doc.end() || !libraries->is_object()) return inv;
    // The runtime target's libraries; a file without one (or naming a missing target) leaves
    // relationships and edges unknown.
    const json* target = nullptr;
    if (const auto targets = doc.find("targets"); targets != doc.end() && targets->is_object()) {
      std::string name;
      if (const auto rt = doc.find("runtimeTarget"); rt != doc.end()) name = Str(*rt, "name");
      const auto t = targets->find(name);
      if (t != targets->end() && t->is_object()) target = &*t;
    }
    auto target_entry = [&](const std::string& key, const std::string& type) -> const json* {
      if (target == nullptr) return nullptr;
      auto t = target->find(key);
      if (t == target->end() && type == "runtimepack") t = target->find("runtimepack." + key);
      return t != target->end() && t->is_object() ? &*t : nullptr;
    };
    auto dep_ids = [](const json* entry) {
      std::vector<std::string> ids;
      if (entry == nullptr) return ids;
      const auto deps = entry->find("dependencies");
      if (deps == entry->end() || !deps->is_object()) return ids;
      for (const auto& [name, version] : deps->items()) {
        if (!version.is_string()) continue;
        std::string n = name;
        if (n.rfind("runtimepack.", 0) == 0) n = n.substr(12);
        ids.push_back(n + "@" + version.get<std::string>());
      }
      std::sort(ids.begin(), ids.end());
      return ids;
    };
    // Projects are the application and the solution's projects it references: reported as
    // Package::project (even when the runtime target does not list them, so their edges are
    // unknown), with edges to what they require.
    std::set<std::string> direct;
    bool have_root = false;
    std::vector<Package> projects;
    for (const auto& [key, lib] : libraries->items()) {
      if (Str(lib, "type") != "project") continue;
      const size_t slash = key.find('/');
      if (slash == std::string::npos || slash == 0 || slash + 1 == key.size()) {
        inv.warnings.push_back("project '" + key + "' is not Name/Version");
        continue;
      }
      Package project = MakePackage(NuGet(), key.substr(0, slash), key.substr(slash + 1));
      project.project = true;
      const json* entry = target_entry(key, "project");
      if (entry != nullptr) {
        have_root = true;
        project.depends_on = dep_ids(entry);
        for (const auto& id : project.depends_on) direct.insert(id);
      }
      projects.push_back(std::move(project));
      if (projects.size() > kMaxPackagesPerFile) {
        return InputError(ValidationStep::kSize, context, "too many projects");
      }
    }
    for (const auto& [key, lib] : libraries->items()) {
      const std::string type = Str(lib, "type");
      if (type != "package" && type != "runtimepack") continue;
      const size_t slash = key.find('/');
      if (slash == std::string::npos || slash == 0 || slash + 1 == key.size()) {
        inv.warnings.push_back("library '" + key + "' is not Name/Version");
        continue;
      }
      // Runtime packs are keyed "runtimepack.<package id>/<version>".
      std::string name = key.substr(0, slash);
      if (type == "runtimepack" && name.rfind("runtimepack.", 0) == 0) name = name.substr(12);
      Package p = MakePackage(NuGet(), name, key.substr(slash + 1));
      const json* entry = target_entry(key, type);
      if (have_root) {
        p.relationship = direct.count(p.id) ? Relationship::kDirect : Relationship::kIndirect;
      }
      p.depends_on = dep_ids(entry);
      // A package the runtime target lists without runtime or native assets ships no code into
      // the application (a reference or meta package); it stays in the inventory, marked.
      if (entry != nullptr && !entry->contains("runtime") && !entry->contains("runtimeTargets") &&
          !entry->contains("native")) {
        p.groups.push_back("reference-only");
      }
      inv.packages.push_back(std::move(p));
      FLEDGER_RETURN_IF_ERROR(CheckCount(inv, context));
    }
    for (auto& project : projects) inv.packages.push_back(std::move(project));
    FLEDGER_RETURN_IF_ERROR(CheckCount(inv, context));
    return inv;
  }
};

// Directory.Packages.props and *.packages.props: MSBuild <Project> files whose item groups pin
// versions (PackageVersion Include/Version; PackageReference Include|Update/Version;
// GlobalPackageReference).
class DirectoryPackagesPropsExtractor : public Extractor {
 public:
  std::string_view Name() const override { return "dotnet/directorypackagesprops"; }
  int Version() const override { return 1; }
  std::string_view Ecosystem() const override { return "NuGet"; }
  bool FileRequired(const RepoPath& path) const override {
    const std::string_view base = BaseName(path.str());
    return EqualsIgnoreCase(base, "Directory.Packages.props") ||
           (base.size() > 15 && EqualsIgnoreCase(base.substr(base.size() - 15), ".packages.props"));
  }

  Result<Inventory> Extract(const ExtractInput& input) const override {
    const std::string context = input.path.str();
    FLEDGER_TRY(auto doc, ParseManifestXml(input.content, context));
    const pugi::xml_node root = doc->document_element();
    if (XmlLocalName(root) != "Project") {
      return InputError(ValidationStep::kSemantics, context,
                        "not an MSBuild props file: the root element is not <Project>");
    }
    Inventory inv;
    const LineIndex lines(input.content);
    for (pugi::xml_node group = root.first_child(); group; group = group.next_sibling()) {
      if (group.type() != pugi::node_element || XmlLocalName(group) != "ItemGroup") continue;
      for (pugi::xml_node item = group.first_child(); item; item = item.next_sibling()) {
        if (item.type() != pugi::node_element) continue;
        const std::string_view kind = XmlLocalName(item);
        if (kind != "PackageVersion" && kind != "PackageReference" &&
            kind != "GlobalPackageReference") {
          continue;
        }
        std::string name = TrimXmlText(item.attribute("Include").value());
        if (name.empty()) name = TrimXmlText(item.attribute("Update").value());
        std::string version = TrimXmlText(item.attribute("Version").value());
        if (version.empty()) version = XmlChildText(item, "Version");
        const int line = XmlNodeLine(lines, item);
        if (name.empty() || version.empty()) {
          inv.warnings.push_back("line " + std::to_string(line) + ": item without name or version");
          continue;
        }
        // MSBuild properties are evaluated by the build, which we do not run.
        if (name.find("$(") != std::string::npos || version.find("$(") != std::string::npos) {
          inv.warnings.push_back("line " + std::to_string(line) +
                                 ": MSBuild property in name or version; not evaluated");
          continue;
        }
        Package p = MakePackage(NuGet(), name, version);
        p.resolved = !IsRange(version);
        p.relationship = Relationship::kDirect;
        p.line = line;
        inv.packages.push_back(std::move(p));
        FLEDGER_RETURN_IF_ERROR(CheckCount(inv, context));
      }
    }
    return inv;
  }
};

}  // namespace

std::unique_ptr<Extractor> NewPackagesLockJsonExtractor() {
  return std::make_unique<PackagesLockJsonExtractor>();
}
std::unique_ptr<Extractor> NewPackagesConfigExtractor() {
  return std::make_unique<PackagesConfigExtractor>();
}
std::unique_ptr<Extractor> NewDepsJsonExtractor() { return std::make_unique<DepsJsonExtractor>(); }
std::unique_ptr<Extractor> NewDirectoryPackagesPropsExtractor() {
  return std::make_unique<DirectoryPackagesPropsExtractor>();
}

}  // namespace fledger::sca
