// CocoaPods Podfile.lock and SwiftPM Package.resolved extractors (see swift.h).
#include "sca/swift/swift.h"

#include <map>
#include <set>
#include <string>
#include <vector>

#include "sca/common.h"

namespace fledger::sca {

namespace {

using nlohmann::json;

const fledger::Ecosystem& Eco(const char* name) {
  // Only two names are ever asked for; each Parse succeeds for a known ecosystem.
  static const auto* const kPods =
      new fledger::Ecosystem(fledger::Ecosystem::Parse("CocoaPods").value());
  static const auto* const kSwift =
      new fledger::Ecosystem(fledger::Ecosystem::Parse("SwiftURL").value());
  return std::string_view(name) == "CocoaPods" ? *kPods : *kSwift;
}

std::string Str(const json& obj, const char* key) {
  if (!obj.is_object()) return {};
  const auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// "AppCenter/Core (4.2.0)" -> {"AppCenter/Core", "4.2.0"}; "Texture (~> 3.0)" -> {"Texture",
// "~> 3.0"}; "PINCache" -> {"PINCache", ""}.
std::pair<std::string, std::string> SplitPodSpec(const std::string& spec) {
  const size_t open = spec.find(" (");
  if (open == std::string::npos) return {spec, ""};
  std::string version = spec.substr(open + 2);
  if (!version.empty() && version.back() == ')') version.pop_back();
  return {spec.substr(0, open), version};
}

class PodfileLockExtractor : public Extractor {
 public:
  std::string_view Name() const override { return "swift/podfilelock"; }
  int Version() const override { return 1; }
  std::string_view Ecosystem() const override { return "CocoaPods"; }
  bool FileRequired(const RepoPath& path) const override {
    return BaseName(path.str()) == "Podfile.lock";
  }

  Result<Inventory> Extract(const ExtractInput& input) const override {
    const std::string context = input.path.str();
    FLEDGER_TRY(const YAML::Node doc, ParseManifestYaml(input.content, context));
    if (!doc.IsMap()) {
      return InputError(ValidationStep::kSemantics, context,
                        "a Podfile.lock is a YAML mapping with PODS");
    }
    try {
      return Walk(doc, context);
    } catch (const std::exception&) {
      // yaml-cpp throws on conversions of malformed nodes; the file is malformed, not us.
      return InputError(ValidationStep::kSemantics, context, "unexpected Podfile.lock structure");
    }
  }

 private:
  static Result<Inventory> Walk(const YAML::Node& doc, const std::string& context) {
    Inventory inv;
    YamlBudget budget;
    const YAML::Node pods = doc["PODS"];
    if (!pods) return inv;
    if (!pods.IsSequence()) {
      return InputError(ValidationStep::kSemantics, context, "PODS must be a list");
    }
    std::set<std::string> direct;
    if (const YAML::Node deps = doc["DEPENDENCIES"]; deps && deps.IsSequence()) {
      for (const auto& d : deps) {
        if (!budget.Visit()) return YamlBudgetError(context);
        if (d.IsScalar()) direct.insert(SplitPodSpec(d.Scalar()).first);
      }
    }
    std::map<std::string, std::string> versions;
    std::vector<std::pair<Package, std::vector<std::string>>> found;
    for (const auto& pod : pods) {
      if (!budget.Visit()) return YamlBudgetError(context);
      std::string spec;
      std::vector<std::string> deps;
      if (pod.IsScalar()) {
        spec = pod.Scalar();
      } else if (pod.IsMap() && pod.size() == 1) {
        // Copies, not it->first: yaml-cpp's iterator hands out a proxy that dies with the
        // expression (ASan found the dangling reference).
        YAML::Node key, value;
        for (const auto& kv : pod) {
          key = kv.first;
          value = kv.second;
        }
        if (!key.IsScalar()) continue;
        spec = key.Scalar();
        if (value.IsSequence()) {
          for (const auto& d : value) {
            if (!budget.Visit()) return YamlBudgetError(context);
            if (d.IsScalar()) deps.push_back(SplitPodSpec(d.Scalar()).first);
          }
        }
      } else {
        inv.warnings.push_back("a PODS entry that is neither a name nor a name with dependencies");
        continue;
      }
      auto [name, version] = SplitPodSpec(spec);
      if (name.empty() || version.empty()) {
        inv.warnings.push_back("pod '" + name + "' without a version skipped");
        continue;
      }
      versions[name] = version;
      Package p = MakePackage(Eco("CocoaPods"), name, version);
      p.relationship = direct.count(name) ? Relationship::kDirect : Relationship::kIndirect;
      found.emplace_back(std::move(p), std::move(deps));
      if (found.size() > kMaxPackagesPerFile) {
        return InputError(ValidationStep::kSize, context, "too many pods");
      }
    }
    for (auto& [p, deps] : found) {
      std::set<std::string> ids;
      for (const auto& d : deps) {
        const auto v = versions.find(d);
        if (v != versions.end()) ids.insert(d + "@" + v->second);
      }
      p.depends_on.assign(ids.begin(), ids.end());
      inv.packages.push_back(std::move(p));
    }
    return inv;
  }
};

// "https://github.com/apple/swift-nio.git" -> "github.com/apple/swift-nio";
// "git@github.com:apple/swift-nio.git" -> "github.com/apple/swift-nio".
std::string SwiftName(std::string url) {
  const size_t scheme = url.find("://");
  if (scheme != std::string::npos) {
    url = url.substr(scheme + 3);
  } else if (const size_t at = url.find('@'); at != std::string::npos && url.find(':') > at) {
    url = url.substr(at + 1);
    if (const size_t colon = url.find(':'); colon != std::string::npos) url[colon] = '/';
  }
  if (const size_t at = url.find('@'); at != std::string::npos && at < url.find('/')) {
    url = url.substr(at + 1);  // user@host/path
  }
  while (!url.empty() && url.back() == '/') url.pop_back();
  if (url.size() > 4 && url.substr(url.size() - 4) == ".git") url.resize(url.size() - 4);
  return url;
}

class PackageResolvedExtractor : public Extractor {
 public:
  std::string_view Name() const override { return "swift/packageresolved"; }
  int Version() const override { return 1; }
  std::string_view Ecosystem() const override { return "SwiftURL"; }
  bool FileRequired(const RepoPath& path) const override {
    return BaseName(path.str()) == "Package.resolved";
  }

  Result<Inventory> Extract(const ExtractInput& input) const override {
    const std::string context = input.path.str();
    FLEDGER_TRY(const json doc, ParseManifestJson(input.content, context));
    if (!doc.is_object()) {
      return InputError(ValidationStep::kSemantics, context, "a Package.resolved is a JSON object");
    }
    Inventory inv;
    // v1 nests the pins under "object"; v2 and v3 have them at the top.
    const json* pins = nullptr;
    if (const auto obj = doc.find("object"); obj != doc.end() && obj->is_object()) {
      if (const auto p = obj->find("pins"); p != obj->end()) pins = &*p;
    } else if (const auto p = doc.find("pins"); p != doc.end()) {
      pins = &*p;
    }
    if (pins == nullptr) return inv;
    if (!pins->is_array()) {
      return InputError(ValidationStep::kSemantics, context, "'pins' must be an array");
    }
    for (const auto& pin : *pins) {
      std::string url = Str(pin, "location");
      if (url.empty()) url = Str(pin, "repositoryURL");
      const json state = pin.is_object() && pin.contains("state") ? pin["state"] : json();
      const std::string version = Str(state, "version");
      const std::string branch = Str(state, "branch");
      const std::string revision = Str(state, "revision");
      if (url.empty()) {
        inv.warnings.push_back("a pin without location skipped");
        continue;
      }
      // A branch or revision pin has no release version: what it tracks is kept, unresolved.
      Package p = MakePackage(Eco("SwiftURL"), SwiftName(url),
                              !version.empty()  ? version
                              : !branch.empty() ? branch
                                                : "");
      p.resolved = !version.empty();
      p.commit = revision;
      p.source_url = url;
      inv.packages.push_back(std::move(p));
      if (inv.packages.size() > kMaxPackagesPerFile) {
        return InputError(ValidationStep::kSize, context, "too many pins");
      }
    }
    return inv;
  }
};

}  // namespace

std::unique_ptr<Extractor> NewPodfileLockExtractor() {
  return std::make_unique<PodfileLockExtractor>();
}
std::unique_ptr<Extractor> NewPackageResolvedExtractor() {
  return std::make_unique<PackageResolvedExtractor>();
}

}  // namespace fledger::sca
