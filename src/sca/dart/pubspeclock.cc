// pubspec.lock: a YAML map of packages, read with yaml-cpp.
#include "sca/common.h"
#include "sca/dart/dart.h"

namespace fledger::sca {

namespace {

const Ecosystem& Pub() {
  static const Ecosystem kPub = Ecosystem::Parse("Pub").value();
  return kPub;
}

// The document's top-level map, or a semantics error (empty file, a list, a scalar).
Result<YAML::Node> TopMap(std::string_view text, const std::string& context) {
  FLEDGER_TRY(YAML::Node doc, ParseManifestYaml(text, context));
  if (!doc.IsMap()) {
    return InputError(
        ValidationStep::kSemantics, context,
        doc.IsNull() ? "empty document, not a pubspec.lock" : "a pubspec.lock is a YAML mapping");
  }
  return doc;
}

class PubspecLockExtractor : public Extractor {
 public:
  std::string_view Name() const override { return "dart/pubspeclock"; }
  int Version() const override { return 1; }
  std::string_view Ecosystem() const override { return "Pub"; }
  bool FileRequired(const RepoPath& path) const override {
    return BaseName(path.str()) == "pubspec.lock";
  }

  Result<Inventory> Extract(const ExtractInput& input) const override {
    const std::string& context = input.path.str();
    FLEDGER_TRY(YAML::Node doc, TopMap(input.content, context));
    Inventory inv;
    try {
      const YAML::Node packages = doc["packages"];
      if (!packages || packages.IsNull()) return inv;
      if (!packages.IsMap()) {
        return InputError(ValidationStep::kSemantics, context, "'packages' is not a mapping");
      }
      if (packages.size() > kMaxPackagesPerFile) {
        return InputError(ValidationStep::kSize, context, "too many packages");
      }
      for (const auto& kv : packages) {
        const std::string name = kv.first.IsScalar() ? kv.first.Scalar() : "";
        const YAML::Node& spec = kv.second;
        const std::string version = YamlString(spec, "version");
        const int line = kv.first.Mark().line + 1;
        if (name.empty() || !spec.IsMap()) {
          inv.warnings.push_back("line " + std::to_string(line) + ": not a package entry");
          continue;
        }
        Package p = MakePackage(Pub(), name, version);
        p.line = line;
        const std::string dependency = YamlString(spec, "dependency");
        if (dependency.starts_with("direct")) p.relationship = Relationship::kDirect;
        if (dependency == "transitive") p.relationship = Relationship::kIndirect;
        if (dependency == "direct dev") {
          p.dev = true;
          p.groups.push_back("dev");
        }
        const std::string source = YamlString(spec, "source");
        const YAML::Node desc = spec["description"];
        if (desc && desc.IsMap()) {
          p.source_url = YamlString(desc, "url");
          if (source == "git") p.commit = YamlString(desc, "resolved-ref");
          if (source == "path") p.source_url = YamlString(desc, "path");
        }
        inv.packages.push_back(std::move(p));
      }
    } catch (const YAML::Exception& e) {
      return InputError(ValidationStep::kSemantics, context, "unexpected YAML shape: " + e.msg);
    }
    return inv;
  }
};

}  // namespace

Result<std::map<std::string, std::string>> PubspecSdks(std::string_view text,
                                                       const std::string& context) {
  FLEDGER_TRY(YAML::Node doc, TopMap(text, context));
  std::map<std::string, std::string> out;
  try {
    const YAML::Node sdks = doc["sdks"];
    if (sdks && sdks.IsMap()) {
      for (const auto& kv : sdks) {
        if (kv.first.IsScalar() && kv.second.IsScalar())
          out[kv.first.Scalar()] = kv.second.Scalar();
      }
    }
  } catch (const YAML::Exception&) {
  }
  return out;
}

std::unique_ptr<Extractor> NewPubspecLockExtractor() {
  return std::make_unique<PubspecLockExtractor>();
}

}  // namespace fledger::sca
