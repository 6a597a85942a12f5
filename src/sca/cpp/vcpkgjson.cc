// vcpkg.json manifests: dependency names with the versions the manifest itself pins (overrides)
// or bounds (version>=); the registry baseline that resolves the rest is not read offline. The
// manifest's own name and version are the project (Package::project).
#include <algorithm>
#include <map>

#include "sca/common.h"
#include "sca/cpp/cpp.h"

namespace fledger::sca {

namespace {

const Ecosystem& Vcpkg() {
  static const Ecosystem kVcpkg = Ecosystem::Parse("vcpkg").value();
  return kVcpkg;
}

std::string StrField(const nlohmann::json& o, const char* key) {
  return o.contains(key) && o[key].is_string() ? o[key].get<std::string>() : std::string();
}

// An override's version: one of the four version fields, with "#port-version" when non-zero
// (vcpkg's own spelling, "11.0.2#1").
std::string OverrideVersion(const nlohmann::json& o) {
  std::string v;
  for (const char* key : {"version", "version-semver", "version-date", "version-string"}) {
    v = StrField(o, key);
    if (!v.empty()) break;
  }
  if (!v.empty() && o.contains("port-version") && o["port-version"].is_number_integer() &&
      o["port-version"].get<long long>() > 0) {
    v += "#" + std::to_string(o["port-version"].get<long long>());
  }
  return v;
}

class VcpkgJsonExtractor : public Extractor {
 public:
  std::string_view Name() const override { return "cpp/vcpkgjson"; }
  int Version() const override { return 2; }
  std::string_view Ecosystem() const override { return "vcpkg"; }
  bool FileRequired(const RepoPath& path) const override {
    return BaseName(path.str()) == "vcpkg.json";
  }

  Result<Inventory> Extract(const ExtractInput& input) const override {
    const std::string& context = input.path.str();
    FLEDGER_TRY(nlohmann::json doc, ParseManifestJson(input.content, context));
    if (!doc.is_object()) {
      return InputError(ValidationStep::kSemantics, context,
                        "a vcpkg.json is a JSON object, got " + std::string(doc.type_name()));
    }
    const LineIndex lines(input.content);
    Inventory inv;
    std::map<std::string, std::string> overrides;
    if (doc.contains("overrides") && doc["overrides"].is_array()) {
      for (const auto& o : doc["overrides"]) {
        if (!o.is_object()) continue;
        const std::string name = StrField(o, "name"), version = OverrideVersion(o);
        if (!name.empty() && !version.empty()) overrides[name] = version;
      }
    }
    // The manifest's own name and version: the project (a port or an application), requiring
    // every dependency listed.
    Package project = MakePackage(Vcpkg(), StrField(doc, "name"), OverrideVersion(doc));
    project.project = true;
    project.line = lines.FindLine("\"name\"");
    if (!doc.contains("dependencies")) {
      if (!project.name.empty()) inv.packages.push_back(std::move(project));
      return inv;
    }
    if (!doc["dependencies"].is_array()) {
      return InputError(ValidationStep::kSemantics, context, "'dependencies' is not an array");
    }
    if (doc["dependencies"].size() > kMaxPackagesPerFile) {
      return InputError(ValidationStep::kSize, context, "too many dependencies");
    }
    bool unpinned = false;
    for (const auto& d : doc["dependencies"]) {
      std::string name, minimum;
      bool host = false;
      if (d.is_string()) {
        name = d.get<std::string>();
      } else if (d.is_object()) {
        name = StrField(d, "name");
        minimum = StrField(d, "version>=");
        host = d.contains("host") && d["host"].is_boolean() && d["host"].get<bool>();
      }
      if (name.empty()) {
        inv.warnings.push_back("a dependency without a name; skipped");
        continue;
      }
      Package p = MakePackage(Vcpkg(), name, "");
      const auto ov = overrides.find(name);
      if (ov != overrides.end()) {
        p = MakePackage(Vcpkg(), name, ov->second);
      } else {
        p.resolved = false;
        if (!minimum.empty()) p.version = ">=" + minimum;
        unpinned = true;
      }
      p.relationship = Relationship::kDirect;
      if (host) {
        // Host dependencies are build tools (vcpkg-cmake and the like).
        p.groups.push_back("host");
        p.dev = true;
      }
      p.line = lines.FindLine("\"" + name + "\"");
      inv.packages.push_back(std::move(p));
    }
    if (!project.name.empty()) {
      for (const auto& p : inv.packages) project.depends_on.push_back(p.id);
      std::sort(project.depends_on.begin(), project.depends_on.end());
      project.depends_on.erase(std::unique(project.depends_on.begin(), project.depends_on.end()),
                               project.depends_on.end());
      inv.packages.push_back(std::move(project));
    }
    if (unpinned) {
      inv.warnings.push_back(
          "vcpkg resolves unpinned versions from the registry baseline" +
          (StrField(doc, "builtin-baseline").empty() ? std::string()
                                                     : " " + StrField(doc, "builtin-baseline")) +
          ", which is not read offline; those dependencies have no exact version");
    }
    return inv;
  }
};

}  // namespace

std::unique_ptr<Extractor> NewVcpkgJsonExtractor() {
  return std::make_unique<VcpkgJsonExtractor>();
}

}  // namespace fledger::sca
