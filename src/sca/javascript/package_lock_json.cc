// npm package-lock.json (v1, v2, v3) and npm-shrinkwrap.json: every installed package once per
// (name, version, commit), with dev/optional flags, hashes, licenses, lines and the edges node's
// module resolution gives.
#include <algorithm>
#include <map>
#include <optional>
#include <unordered_map>

#include "core/input.h"
#include "sca/common.h"
#include "sca/javascript/javascript.h"
#include "sca/javascript/js_common.h"
#include "sca/javascript/package_lock_entries.h"

namespace fledger::sca {
namespace {

using javascript::ContextOf;
using javascript::LockEntries;
using javascript::LockEntry;
using nlohmann::json;

std::string StringMember(const json& obj, const char* key) {
  const auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// The package name a packages-map path installs: the part after the last "node_modules/", or for a
// folder outside node_modules its last segment (with its @scope).
std::string NameFromPath(std::string_view path) {
  const size_t nm = path.rfind("node_modules/");
  if (nm != std::string_view::npos) return std::string(path.substr(nm + 13));
  const size_t slash = path.rfind('/');
  if (slash == std::string_view::npos) return std::string(path);
  const std::string_view base = path.substr(slash + 1);
  const std::string_view dir = path.substr(0, slash);
  const std::string_view scope = BaseName(dir);
  if (!scope.empty() && scope[0] == '@') return std::string(scope) + "/" + std::string(base);
  return std::string(base);
}

// The parent directory of `dir` ("" above the top).
std::string_view ParentDir(std::string_view dir) {
  const size_t slash = dir.rfind('/');
  return slash == std::string_view::npos ? std::string_view() : dir.substr(0, slash);
}

Package NewPackage(std::string name, std::string version, const LockEntry& e) {
  Package p = MakePackage(javascript::Npm(), std::move(name), std::move(version));
  p.source_url = e.resolved;
  p.hashes = javascript::IntegrityHashes(e.integrity);
  p.licenses = e.licenses;
  if (e.dev) {
    p.dev = true;
    p.groups.push_back("dev");
  }
  if (e.optional) {
    p.optional = true;
    p.groups.push_back("optional");
  }
  if (e.dev_optional) {
    // In the dev tree and the optional tree, not the production one.
    p.optional = true;
    p.groups.push_back("dev");
    p.groups.push_back("optional");
  }
  if (e.peer) p.groups.push_back("peer");
  if (e.bundled) p.groups.push_back("bundled");
  return p;
}

// lockfileVersion 2 and 3: the flat "packages" map keyed by install path.
Result<Inventory> ExtractV2(const LockEntries& lock, const std::string& context) {
  FLEDGER_RETURN_IF_ERROR(javascript::CheckPackageCount(lock.members, context));
  Inventory inv;
  // Links ("node_modules/x": {link: true, resolved: "path"}) name the folder they point at.
  std::unordered_map<std::string, std::string> link_target;  // link path -> target path
  std::unordered_map<std::string, std::string> link_name;    // target path -> installed name
  for (const LockEntry& e : lock.entries) {
    if (!e.link) continue;
    link_target.emplace(e.key, e.resolved);
    if (!e.resolved.empty()) link_name.emplace(e.resolved, NameFromPath(e.key));
  }

  javascript::PackageSet out;
  std::unordered_map<std::string, size_t> at_path;  // install path -> package index
  for (const LockEntry& e : lock.entries) {
    if (e.key.empty() || e.link) continue;
    std::string name;
    if (const auto it = link_name.find(e.key); it != link_name.end()) name = it->second;
    if (name.empty()) name = e.name;
    if (name.empty()) name = NameFromPath(e.key);
    if (name.empty()) {
      inv.warnings.push_back("packages[\"" + e.key + "\"]: no package name; skipped");
      continue;
    }
    std::string version = e.version;
    std::string commit = javascript::CommitOf(e.resolved);
    if (version.rfind("file:", 0) == 0) version.clear();
    Package p = NewPackage(std::move(name), std::move(version), e);
    p.commit = std::move(commit);
    p.line = e.line;
    p.end_line = e.end_line;
    // Workspace members (folders a link points at) are the project's own packages.
    if (link_name.count(e.key)) p.relationship = Relationship::kDirect;
    at_path.emplace(e.key, out.Add(std::move(p)));
  }

  // Node's resolution: from the requiring package's folder up to the root, the first
  // node_modules/<name> that exists; links are followed to their folder.
  auto resolve = [&](std::string_view from, const std::string& dep) -> std::optional<size_t> {
    std::string_view dir = from;
    while (true) {
      if (BaseName(dir) != "node_modules") {
        std::string candidate = dir.empty() ? std::string() : std::string(dir) + "/";
        candidate += "node_modules/" + dep;
        if (const auto l = link_target.find(candidate); l != link_target.end()) {
          candidate = l->second;
        }
        if (const auto it = at_path.find(candidate); it != at_path.end()) return it->second;
      }
      if (dir.empty()) return std::nullopt;
      dir = ParentDir(dir);
    }
  };

  for (const LockEntry& e : lock.entries) {
    const bool root = e.key.empty();
    const auto self = at_path.find(e.key);
    if (!root && self == at_path.end()) continue;
    // Only the root and folders outside node_modules (workspaces) install devDependencies.
    const bool installs_dev = root || e.key.find("node_modules/") == std::string::npos;
    for (size_t g = 0; g < javascript::kLockEdgeGroups.size(); ++g) {
      if (javascript::kLockEdgeGroups[g] == "devDependencies" && !installs_dev) continue;
      for (const std::string& dep : e.edges[g]) {
        const auto target = resolve(e.key, dep);
        if (!target) continue;
        auto& pkgs = out.packages();
        if (root) {
          pkgs[*target].relationship = Relationship::kDirect;
        } else if (*target != self->second) {
          pkgs[self->second].depends_on.push_back(pkgs[*target].id);
        }
      }
    }
  }
  for (auto& p : out.packages()) {
    if (lock.has_root && p.relationship != Relationship::kDirect) {
      p.relationship = Relationship::kIndirect;
    }
  }
  inv.packages = std::move(out.packages());
  return inv;
}

// lockfileVersion 1: the nested "dependencies" tree.
struct V1Node {
  size_t parent;                  // index into nodes, npos for a top-level entry
  std::vector<std::string> path;  // member names from the root: "dependencies", name, ...
  const json* obj;
  size_t package = 0;
  std::unordered_map<std::string, size_t> children;
};

Result<Inventory> ExtractV1(const json& top, std::string_view text, const std::string& context,
                            const std::optional<json>& manifest) {
  Inventory inv;
  const javascript::JsonMemberLines lines(text);
  constexpr size_t kNone = static_cast<size_t>(-1);
  std::vector<V1Node> nodes;
  std::unordered_map<std::string, size_t> top_level;
  // Breadth-first over the tree; JSON depth is bounded by the parser, so the tree is too.
  std::vector<std::pair<size_t, const json*>> queue = {{kNone, &top}};
  for (size_t q = 0; q < queue.size(); ++q) {
    const auto [parent, deps] = queue[q];
    for (const auto& [name, obj] : deps->items()) {
      if (!obj.is_object()) continue;
      FLEDGER_RETURN_IF_ERROR(javascript::CheckPackageCount(nodes.size() + 1, context));
      V1Node n{parent, parent == kNone ? std::vector<std::string>{} : nodes[parent].path, &obj};
      n.path.push_back("dependencies");
      n.path.push_back(name);
      const size_t idx = nodes.size();
      if (parent == kNone) {
        top_level.emplace(name, idx);
      } else {
        nodes[parent].children.emplace(name, idx);
      }
      nodes.push_back(std::move(n));
      if (const auto sub = obj.find("dependencies"); sub != obj.end() && sub->is_object()) {
        queue.emplace_back(idx, &*sub);
      }
    }
  }

  const javascript::DeclaredDeps declared =
      manifest ? javascript::DeclaredDepsOf(*manifest) : javascript::DeclaredDeps{};
  javascript::PackageSet out;
  for (auto& n : nodes) {
    const json& obj = *n.obj;
    std::string name = n.path.back();
    std::string version = StringMember(obj, "version");
    std::string commit;
    if (version.rfind("npm:", 0) == 0) {
      auto [real, v] = javascript::SplitNameAtRange(std::string_view(version).substr(4));
      name = std::move(real);
      version = std::move(v);
    } else if (version.rfind("file:", 0) == 0 || version.rfind("link:", 0) == 0) {
      version.clear();
    } else if (javascript::IsNonRegistrySpec(version)) {
      commit = javascript::CommitOf(version);
      if (commit.empty()) commit = javascript::CommitOf(StringMember(obj, "resolved"));
      version.clear();
    }
    Package p = NewPackage(std::move(name), std::move(version), javascript::LockEntryOf(obj));
    p.commit = std::move(commit);
    const auto [begin, end] = lines.Find(n.path);
    p.line = begin;
    p.end_line = end;
    if (manifest) {
      p.relationship = n.parent == kNone && declared.Declares(n.path.back())
                           ? Relationship::kDirect
                           : Relationship::kIndirect;
    }
    n.package = out.Add(std::move(p));
  }
  // "requires" resolve like node: the node's own nested dependencies, then each ancestor's, then
  // the top level.
  for (auto& n : nodes) {
    const auto req = n.obj->find("requires");
    if (req == n.obj->end() || !req->is_object()) continue;
    for (const auto& [dep, range] : req->items()) {
      std::optional<size_t> found;
      for (size_t at = static_cast<size_t>(&n - nodes.data()); at != kNone && !found;
           at = nodes[at].parent) {
        const auto it = nodes[at].children.find(dep);
        if (it != nodes[at].children.end()) found = nodes[it->second].package;
      }
      if (!found) {
        const auto it = top_level.find(dep);
        if (it != top_level.end()) found = nodes[it->second].package;
      }
      auto& pkgs = out.packages();
      if (found && *found != n.package) {
        pkgs[n.package].depends_on.push_back(pkgs[*found].id);
      }
    }
  }
  inv.packages = std::move(out.packages());
  return inv;
}

class PackageLockJsonExtractor : public Extractor {
 public:
  std::string_view Name() const override { return "javascript/packagelockjson"; }
  int Version() const override { return 1; }
  std::string_view Ecosystem() const override { return "npm"; }
  bool FileRequired(const RepoPath& path) const override {
    const std::string& p = path.str();
    const std::string_view base = BaseName(p);
    if (base != "package-lock.json" && base != "npm-shrinkwrap.json") return false;
    // npm's hidden lockfile inside node_modules describes the same tree again.
    return p.find("node_modules/") == std::string::npos;
  }

  Result<Inventory> Extract(const ExtractInput& input) const override {
    const std::string context = ContextOf(input);
    // npm uses npm-shrinkwrap.json instead of package-lock.json when both exist.
    if (BaseName(input.path.str()) == "package-lock.json" && input.reader != nullptr) {
      const std::string& p = input.path.str();
      const size_t slash = p.rfind('/');
      const auto sibling =
          RepoPath::Parse((slash == std::string::npos ? std::string() : p.substr(0, slash + 1)) +
                          "npm-shrinkwrap.json");
      if (sibling.ok() && input.reader->Read(sibling.value()).ok()) {
        Inventory inv;
        inv.warnings.push_back("npm-shrinkwrap.json beside it takes precedence; skipped");
        return inv;
      }
    }
    // Most lockfiles take the fast path; the reference path below reads the rest (lockfileVersion
    // 1, and any text the fast path declines) and reports every error.
    if (const auto lock = javascript::ReadLockEntries(input.content)) {
      Result<Inventory> inv = ExtractV2(*lock, context);
      if (inv.ok()) javascript::NormalizePackages(inv.value().packages);
      return inv;
    }
    FLEDGER_TRY(const json doc, ParseManifestJson(input.content, context));
    if (!doc.is_object()) {
      return InputError(ValidationStep::kSemantics, context,
                        "a package-lock must be a JSON object, not " + DescribeJsonValue(doc));
    }
    Result<Inventory> inv = Inventory{};
    const auto packages = doc.find("packages");
    const auto dependencies = doc.find("dependencies");
    if (packages != doc.end() && packages->is_object()) {
      inv = ExtractV2(javascript::LockEntriesOf(*packages, input.content), context);
    } else if (dependencies != doc.end() && dependencies->is_object()) {
      inv = ExtractV1(*dependencies, input.content, context, ReadSiblingPackageJson(input));
    }
    if (!inv.ok()) return inv;
    javascript::NormalizePackages(inv.value().packages);
    return inv;
  }

 private:
  static std::optional<json> ReadSiblingPackageJson(const ExtractInput& input) {
    return javascript::ReadSiblingPackageJson(input);
  }
};

}  // namespace

std::unique_ptr<Extractor> NewPackageLockJsonExtractor() {
  return std::make_unique<PackageLockJsonExtractor>();
}

}  // namespace fledger::sca
