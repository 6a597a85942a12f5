// r/renvlock: packages of an renv.lock (see r.h).
#include <map>
#include <set>
#include <string>

#include "sca/common.h"
#include "sca/r/r.h"

namespace fledger::sca {

namespace {

using nlohmann::json;

std::string Str(const json& obj, const char* key) {
  if (!obj.is_object()) return {};
  const auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : std::string();
}

class RenvLockExtractor : public Extractor {
 public:
  std::string_view Name() const override { return "r/renvlock"; }
  int Version() const override { return 1; }
  std::string_view Ecosystem() const override { return "CRAN"; }
  bool FileRequired(const RepoPath& path) const override {
    return BaseName(path.str()) == "renv.lock";
  }

  Result<Inventory> Extract(const ExtractInput& input) const override {
    static const auto* const kCran =
        new fledger::Ecosystem(fledger::Ecosystem::Parse("CRAN").value());
    const std::string context = input.path.str();
    FLEDGER_TRY(const json doc, ParseManifestJson(input.content, context));
    if (!doc.is_object()) {
      return InputError(ValidationStep::kSemantics, context, "an renv.lock is a JSON object");
    }
    Inventory inv;
    const auto packages = doc.find("Packages");
    if (packages == doc.end()) return inv;
    if (!packages->is_object()) {
      return InputError(ValidationStep::kSemantics, context, "'Packages' must be an object");
    }
    std::map<std::string, std::string> versions;
    for (const auto& [key, pkg] : packages->items()) {
      std::string name = Str(pkg, "Package");
      if (name.empty()) name = key;
      const std::string version = Str(pkg, "Version");
      // Only packages installed from a repository (CRAN or a mirror) have CRAN identities; a
      // GitHub or local package of the same name is another codebase.
      if (Str(pkg, "Repository").empty()) {
        const std::string source = Str(pkg, "Source");
        inv.warnings.push_back(name + ": source " + (source.empty() ? "unknown" : source) +
                               ", not a package repository; not reported");
        continue;
      }
      if (version.empty()) {
        inv.warnings.push_back(name + ": no version");
        continue;
      }
      versions[name] = version;
      Package p = MakePackage(*kCran, name, version);
      if (const auto req = pkg.find("Requirements"); req != pkg.end() && req->is_array()) {
        for (const auto& r : *req) {
          if (r.is_string()) p.depends_on.push_back(r.get<std::string>());
        }
      }
      inv.packages.push_back(std::move(p));
      if (inv.packages.size() > kMaxPackagesPerFile) {
        return InputError(ValidationStep::kSize, context, "too many packages");
      }
    }
    // Requirements name packages; ids carry the version. Base R packages are not in the lock.
    for (auto& p : inv.packages) {
      std::set<std::string> ids;
      for (const auto& r : p.depends_on) {
        const auto v = versions.find(r);
        if (v != versions.end()) ids.insert(r + "@" + v->second);
      }
      p.depends_on.assign(ids.begin(), ids.end());
    }
    return inv;
  }
};

}  // namespace

std::unique_ptr<Extractor> NewRenvLockExtractor() { return std::make_unique<RenvLockExtractor>(); }

}  // namespace fledger::sca
