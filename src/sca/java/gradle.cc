// java/gradlelockfile, java/gradleverificationmetadata and java/sbtlockfile: the resolved Maven
// coordinates Gradle and sbt record.
#include <string>
#include <vector>

#include "sca/common.h"
#include "sca/java/java.h"
#include "sca/java/xml_doc.h"

namespace fledger::sca {

namespace {

const fledger::Ecosystem& Maven() {
  static const auto* const kMaven =
      new fledger::Ecosystem(fledger::Ecosystem::Parse("Maven").value());
  return *kMaven;
}

std::string_view Trim(std::string_view s) {
  const size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string_view::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t\r") - b + 1);
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// True when every configuration is a test one: then no production classpath has the package.
bool OnlyTest(const std::vector<std::string>& configurations) {
  if (configurations.empty()) return false;
  for (const auto& c : configurations) {
    if (c.rfind("test", 0) != 0) return false;
  }
  return true;
}

// The string member `key` of `obj`, "" when missing or of another type.
std::string Str(const nlohmann::json& obj, const char* key) {
  const auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : std::string();
}

Status CheckCount(const Inventory& inv, const std::string& context) {
  if (inv.packages.size() > kMaxPackagesPerFile) {
    return InputError(ValidationStep::kSize, context, "too many packages");
  }
  return {};
}

// gradle.lockfile: one "group:artifact:version=configuration,..." per line; "empty=" lists the
// configurations without dependencies; '#' starts a comment.
class GradleLockfileExtractor : public Extractor {
 public:
  std::string_view Name() const override { return "java/gradlelockfile"; }
  int Version() const override { return 1; }
  std::string_view Ecosystem() const override { return "Maven"; }
  bool FileRequired(const RepoPath& path) const override {
    const std::string_view base = BaseName(path.str());
    if (base == "gradle.lockfile" || base == "buildscript-gradle.lockfile") return true;
    return EndsWith(path.str(), ".lockfile") &&
           path.str().find("gradle/dependency-locks/") != std::string::npos;
  }

  Result<Inventory> Extract(const ExtractInput& input) const override {
    const std::string context = input.path.str();
    if (input.content.size() > kMaxManifestBytes) {
      return InputError(ValidationStep::kSize, context, "larger than 64 MiB");
    }
    Inventory inv;
    const LineIndex lines(input.content);
    for (int n = 1; n <= lines.line_count(); ++n) {
      const std::string_view line = Trim(lines.Line(n));
      if (line.empty() || line[0] == '#') continue;
      const size_t eq = line.find('=');
      const std::string_view coords = line.substr(0, eq);
      if (coords == "empty") continue;
      const size_t c1 = coords.find(':');
      const size_t c2 = c1 == std::string_view::npos ? c1 : coords.find(':', c1 + 1);
      if (c2 == std::string_view::npos || coords.find(':', c2 + 1) != std::string_view::npos ||
          c1 == 0 || c2 == c1 + 1 || c2 + 1 == coords.size()) {
        inv.warnings.push_back("line " + std::to_string(n) + ": not group:artifact:version");
        continue;
      }
      Package p = MakePackage(Maven(), std::string(coords.substr(0, c2)),
                              std::string(coords.substr(c2 + 1)));
      std::vector<std::string> configurations;
      if (eq != std::string_view::npos) {
        std::string_view rest = line.substr(eq + 1);
        while (!rest.empty()) {
          const size_t comma = rest.find(',');
          const std::string_view c = Trim(rest.substr(0, comma));
          if (!c.empty()) configurations.emplace_back(c);
          rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
        }
      }
      p.dev = OnlyTest(configurations);
      if (p.dev) p.groups.push_back("test");
      p.line = p.end_line = n;
      inv.packages.push_back(std::move(p));
      FLEDGER_RETURN_IF_ERROR(CheckCount(inv, context));
    }
    return inv;
  }
};

// gradle/verification-metadata.xml: <component group name version> under <components>.
class GradleVerificationMetadataExtractor : public Extractor {
 public:
  std::string_view Name() const override { return "java/gradleverificationmetadata"; }
  int Version() const override { return 1; }
  std::string_view Ecosystem() const override { return "Maven"; }
  bool FileRequired(const RepoPath& path) const override {
    return path.str() == "gradle/verification-metadata.xml" ||
           EndsWith(path.str(), "/gradle/verification-metadata.xml");
  }

  Result<Inventory> Extract(const ExtractInput& input) const override {
    const std::string context = input.path.str();
    FLEDGER_TRY(auto doc, ParseManifestXml(input.content, context));
    const pugi::xml_node root = doc->document_element();
    if (XmlLocalName(root) != "verification-metadata") {
      return InputError(ValidationStep::kSemantics, context,
                        "not Gradle verification metadata: the root element is not "
                        "<verification-metadata>");
    }
    Inventory inv;
    const LineIndex lines(input.content);
    for (pugi::xml_node c = XmlChild(root, "components").first_child(); c; c = c.next_sibling()) {
      if (c.type() != pugi::node_element || XmlLocalName(c) != "component") continue;
      const std::string group = c.attribute("group").value();
      const std::string name = c.attribute("name").value();
      const std::string version = c.attribute("version").value();
      Package p = MakePackage(Maven(), group + ":" + name, version);
      p.line = XmlNodeLine(lines, c);
      if (group.empty() || name.empty() || version.empty()) {
        // Kept so the inventory shows what the file says; a missing part is reported.
        inv.warnings.push_back("line " + std::to_string(p.line) +
                               ": component without group, name or version");
        p.resolved = !version.empty();
      }
      inv.packages.push_back(std::move(p));
      FLEDGER_RETURN_IF_ERROR(CheckCount(inv, context));
    }
    return inv;
  }
};

// build.sbt.lock (sbt-dependency-lock): {"dependencies": [{"org", "name", "version",
// "configurations"}]}.
class SbtLockfileExtractor : public Extractor {
 public:
  std::string_view Name() const override { return "java/sbtlockfile"; }
  int Version() const override { return 1; }
  std::string_view Ecosystem() const override { return "Maven"; }
  bool FileRequired(const RepoPath& path) const override {
    return BaseName(path.str()) == "build.sbt.lock";
  }

  Result<Inventory> Extract(const ExtractInput& input) const override {
    const std::string context = input.path.str();
    FLEDGER_TRY(const nlohmann::json doc, ParseManifestJson(input.content, context));
    if (!doc.is_object()) {
      return InputError(ValidationStep::kSemantics, context, "an sbt lockfile is a JSON object");
    }
    Inventory inv;
    const auto deps = doc.find("dependencies");
    if (deps == doc.end()) return inv;
    if (!deps->is_array()) {
      return InputError(ValidationStep::kSemantics, context, "'dependencies' must be an array");
    }
    for (const auto& d : *deps) {
      if (!d.is_object()) continue;
      const std::string org = Str(d, "org");
      const std::string name = Str(d, "name");
      const std::string version = Str(d, "version");
      if (org.empty() || name.empty()) {
        inv.warnings.push_back("a dependency without org or name skipped");
        continue;
      }
      Package p = MakePackage(Maven(), org + ":" + name, version);
      p.resolved = !version.empty();
      std::vector<std::string> configurations;
      if (const auto c = d.find("configurations"); c != d.end() && c->is_array()) {
        for (const auto& v : *c) {
          if (v.is_string()) configurations.push_back(v.get<std::string>());
        }
      }
      p.dev = OnlyTest(configurations);
      if (p.dev) p.groups.push_back("test");
      // Artifact hashes are "sha1:<hex>" (sbt-dependency-lock writes SHA-1 only).
      if (const auto a = d.find("artifacts"); a != d.end() && a->is_array()) {
        for (const auto& art : *a) {
          const std::string hash = art.is_object() ? Str(art, "hash") : "";
          if (hash.rfind("sha1:", 0) == 0 && hash.size() == 45) {
            p.hashes.push_back({"SHA-1", hash.substr(5)});
          }
        }
      }
      inv.packages.push_back(std::move(p));
      FLEDGER_RETURN_IF_ERROR(CheckCount(inv, context));
    }
    return inv;
  }
};

}  // namespace

std::unique_ptr<Extractor> NewGradleLockfileExtractor() {
  return std::make_unique<GradleLockfileExtractor>();
}
std::unique_ptr<Extractor> NewGradleVerificationMetadataExtractor() {
  return std::make_unique<GradleVerificationMetadataExtractor>();
}
std::unique_ptr<Extractor> NewSbtLockfileExtractor() {
  return std::make_unique<SbtLockfileExtractor>();
}

}  // namespace fledger::sca
