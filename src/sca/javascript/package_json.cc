// package.json: the dependencies a project declares, for projects without a lockfile. Exact
// versions are resolved; ranges are kept as constraints; git, file, link, workspace and URL
// specifiers are skipped with a warning (they name no registry version).
#include <algorithm>
#include <cctype>

#include "core/input.h"
#include "sca/common.h"
#include "sca/javascript/javascript.h"
#include "sca/javascript/js_common.h"

namespace fledger::sca {
namespace {

using javascript::ContextOf;
using nlohmann::json;

// "1.2.3", "=1.2.3", "v1.2.3", "1.2.3-beta.1+build" -> the exact version; nullopt for a range.
std::optional<std::string> PinnedVersion(std::string_view spec) {
  while (!spec.empty() && spec.front() == ' ') spec.remove_prefix(1);
  while (!spec.empty() && spec.back() == ' ') spec.remove_suffix(1);
  if (!spec.empty() && spec.front() == '=') spec.remove_prefix(1);
  if (!spec.empty() && (spec.front() == 'v' || spec.front() == 'V')) spec.remove_prefix(1);
  // major.minor.patch, numbers only, then optional -prerelease and +build of [0-9A-Za-z.-].
  size_t i = 0;
  for (int part = 0; part < 3; ++part) {
    const size_t start = i;
    while (i < spec.size() && std::isdigit(static_cast<unsigned char>(spec[i]))) ++i;
    if (i == start) return std::nullopt;
    if (part < 2) {
      if (i >= spec.size() || spec[i] != '.') return std::nullopt;
      ++i;
    }
  }
  if (i < spec.size() && spec[i] != '-' && spec[i] != '+') return std::nullopt;
  for (size_t j = i; j < spec.size(); ++j) {
    const char c = spec[j];
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-' && c != '+') {
      return std::nullopt;
    }
  }
  return std::string(spec);
}

class PackageJsonExtractor : public Extractor {
 public:
  std::string_view Name() const override { return "javascript/packagejson"; }
  int Version() const override { return 1; }
  std::string_view Ecosystem() const override { return "npm"; }
  bool FileRequired(const RepoPath& path) const override {
    const std::string& p = path.str();
    if (BaseName(p) != "package.json") return false;
    // Installed packages' manifests describe dependencies, not the project's.
    return p.rfind("node_modules/", 0) != 0 && p.find("/node_modules/") == std::string::npos;
  }

  Result<Inventory> Extract(const ExtractInput& input) const override {
    const std::string context = ContextOf(input);
    FLEDGER_TRY(const json doc, ParseManifestJson(input.content, context));
    if (!doc.is_object()) {
      return InputError(ValidationStep::kSemantics, context,
                        "a package.json must be a JSON object, not " + DescribeJsonValue(doc));
    }
    Inventory inv;
    const LineIndex lines(input.content);
    const javascript::JsonMemberLines members(input.content);
    javascript::PackageSet out;
    struct Group {
      const char* key;
      const char* name;  // dependency group, "" for production
    };
    for (const Group g :
         {Group{"dependencies", ""}, Group{"devDependencies", "dev"},
          Group{"optionalDependencies", "optional"}, Group{"peerDependencies", "peer"}}) {
      const auto it = doc.find(g.key);
      if (it == doc.end()) continue;
      if (!it->is_object()) {
        inv.warnings.push_back(std::string("'") + g.key + "' is not an object; ignored");
        continue;
      }
      FLEDGER_RETURN_IF_ERROR(javascript::CheckPackageCount(out.size() + it->size(), context));
      const int group_line = members.Find({g.key}).first;
      const std::string_view group_text = lines.Line(group_line);
      const size_t group_offset =
          group_line > 0 ? static_cast<size_t>(group_text.data() - input.content.data()) : 0;
      for (const auto& [name, value] : it->items()) {
        if (!value.is_string()) {
          inv.warnings.push_back(std::string(g.key) + "." + name + ": not a string; skipped");
          continue;
        }
        std::string real = name;
        std::string spec = value.get<std::string>();
        if (spec.rfind("npm:", 0) == 0) {
          std::tie(real, spec) = javascript::SplitNameAtRange(std::string_view(spec).substr(4));
        }
        if (javascript::IsNonRegistrySpec(spec)) {
          inv.warnings.push_back(std::string(g.key) + "." + name + ": '" + spec +
                                 "' is not a registry version; skipped");
          continue;
        }
        const auto pinned = PinnedVersion(spec);
        Package p = MakePackage(javascript::Npm(), real, pinned ? *pinned : spec);
        p.resolved = pinned.has_value();
        p.relationship = Relationship::kDirect;
        p.dev = std::string_view(g.name) == "dev";
        p.optional = std::string_view(g.name) == "optional";
        if (*g.name) p.groups.push_back(g.name);
        p.line = lines.FindLine("\"" + name + "\"", group_offset);
        out.Add(std::move(p));
      }
    }
    javascript::NormalizePackages(out.packages());
    inv.packages = std::move(out.packages());
    return inv;
  }
};

}  // namespace

std::unique_ptr<Extractor> NewPackageJsonExtractor() {
  return std::make_unique<PackageJsonExtractor>();
}

}  // namespace fledger::sca
