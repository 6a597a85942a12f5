// pnpm-lock.yaml v5.x, v6 and v9: one package per installed instance (a v9 snapshot or a v5/v6
// packages key, peer-resolved variants apart), with importers' direct deps, dev flags and edges.
#include <algorithm>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "sca/common.h"
#include "sca/javascript/javascript.h"
#include "sca/javascript/js_common.h"

namespace fledger::sca {
namespace {

using javascript::ContextOf;

enum class Syntax { kV5, kV6, kV9 };  // "/name/1.0.0_peer", "/name@1.0.0(peer)", "name@1.0.0(peer)"

// The text of the last YAML document (pnpm 11 writes its own tool lockfile as a first document)
// and the number of lines before it.
std::pair<std::string_view, int> LastDocument(std::string_view text) {
  size_t start = 0;
  int offset = 0;
  int line = 0;
  for (size_t pos = 0; pos < text.size();) {
    size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    ++line;
    std::string_view l = text.substr(pos, eol - pos);
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    if (l == "---" || l.rfind("--- ", 0) == 0) {
      start = eol + 1 < text.size() ? eol + 1 : text.size();
      offset = line;
    }
    pos = eol + 1;
  }
  const std::string_view rest = text.substr(start);
  // A trailing "---" with nothing after it leaves the previous document in force.
  if (rest.find_first_not_of(" \t\r\n") == std::string_view::npos) return {text, 0};
  return {rest, offset};
}

// "name@1.0.0(peer@2)(x@1)" -> "name@1.0.0".
std::string_view StripPeers(std::string_view key) { return key.substr(0, key.find('(')); }

// Name and version of a v5/v6 dependency path, osv-scalibr's reading: "/name/1.0.0_peer",
// "/@scope/name/1.0.0", "registry.example/name/1.0.0", "/name@1.0.0(peer)". Empty name and
// version when the path holds none (a git or file path: the entry's fields give them); an error
// for a path without any '/'.
Result<std::pair<std::string, std::string>> ParsePathV5(std::string_view path,
                                                        const std::string& context) {
  if (path.rfind("file:", 0) == 0) return std::make_pair(std::string(), std::string());
  path = StripPeers(path);
  std::vector<std::string_view> parts;
  for (size_t pos = 0;;) {
    const size_t slash = path.find('/', pos);
    parts.push_back(path.substr(pos, slash == std::string_view::npos ? slash : slash - pos));
    if (slash == std::string_view::npos) break;
    pos = slash + 1;
  }
  if (parts.size() == 1) {
    return InputError(ValidationStep::kSemantics, context,
                      "invalid dependency path: " + std::string(path));
  }
  size_t i = 1;
  std::string name;
  if (!parts[i].empty() && parts[i][0] == '@' && i + 1 < parts.size()) {
    name = std::string(parts[i]) + "/" + std::string(parts[i + 1]);
    i += 2;
  } else {
    name = std::string(parts[i]);
    i += 1;
  }
  std::string version = i < parts.size() ? std::string(parts[i]) : std::string();
  if (version.empty()) std::tie(name, version) = javascript::SplitNameAtRange(name);
  if (!javascript::StartsWithDigit(version)) return std::make_pair(std::string(), std::string());
  version = version.substr(0, version.find('_'));
  return std::make_pair(std::move(name), std::move(version));
}

struct Instance {
  std::string key;  // the snapshot or packages key
  std::string name, version;
  YAML::Node deps;  // the node holding dependencies / optionalDependencies
  YAML::Node node;  // the packages entry (metadata), may be null
  int line = 0;
  size_t package = 0;
};

class PnpmLockExtractor : public Extractor {
 public:
  std::string_view Name() const override { return "javascript/pnpmlock"; }
  int Version() const override { return 1; }
  std::string_view Ecosystem() const override { return "npm"; }
  bool FileRequired(const RepoPath& path) const override {
    return BaseName(path.str()) == "pnpm-lock.yaml" &&
           path.str().find("node_modules/") == std::string::npos;
  }

  Result<Inventory> Extract(const ExtractInput& input) const override {
    const std::string context = ContextOf(input);
    const auto [text, line_offset] = LastDocument(input.content);
    FLEDGER_TRY(const YAML::Node doc, ParseManifestYaml(text, context));
    Inventory inv;
    if (doc.IsNull()) return inv;
    if (!doc.IsMap()) {
      return InputError(ValidationStep::kSemantics, context, "a pnpm-lock.yaml must be a map");
    }
    try {
      return Walk(doc, line_offset, text.size(), context);
    } catch (const YAML::Exception& e) {
      return InputError(ValidationStep::kSemantics, context, e.msg.empty() ? "bad YAML" : e.msg);
    }
  }

 private:
  static Result<Inventory> Walk(const YAML::Node& doc, int line_offset, size_t text_size,
                                const std::string& context) {
    Inventory inv;
    // Every node the walk visits takes at least four bytes of text unless an alias repeats it, so
    // a walk of more than size/2 visits is an alias bomb (and stops fast).
    YamlBudget budget(std::clamp<size_t>(text_size / 2, 4096, 2000000));
    const std::string lockfile_version = YamlString(doc, "lockfileVersion");
    const int major = std::atoi(lockfile_version.c_str());
    const Syntax syntax = major >= 9 ? Syntax::kV9 : major >= 6 ? Syntax::kV6 : Syntax::kV5;

    const YAML::Node packages = doc["packages"];
    const YAML::Node snapshots = doc["snapshots"];
    std::vector<Instance> instances;
    std::unordered_map<std::string, size_t> by_key;  // instance key -> index in instances
    auto line_of = [&](const YAML::Node& key) {
      return static_cast<int>(key.Mark().line) + 1 + line_offset;
    };

    if (syntax == Syntax::kV9) {
      // Metadata lives in `packages` (no peer suffix), instances in `snapshots`.
      std::unordered_map<std::string, std::pair<YAML::Node, int>> meta;
      if (packages && packages.IsMap()) {
        for (const auto& kv : packages) {
          if (!budget.Visit()) return YamlBudgetError(context);
          if (kv.first.IsScalar())
            meta.emplace(kv.first.Scalar(), std::make_pair(kv.second, line_of(kv.first)));
        }
      }
      const YAML::Node& source = snapshots && snapshots.IsMap() ? snapshots : packages;
      if (source && source.IsMap()) {
        for (const auto& kv : source) {
          if (!budget.Visit()) return YamlBudgetError(context);
          if (!kv.first.IsScalar()) continue;
          Instance in;
          in.key = kv.first.Scalar();
          const std::string base(StripPeers(in.key));
          const auto m = meta.find(base);
          in.node = m != meta.end() ? m->second.first : kv.second;
          in.line = m != meta.end() ? m->second.second : line_of(kv.first);
          std::tie(in.name, in.version) = javascript::SplitNameAtRange(base);
          if (!javascript::StartsWithDigit(in.version)) in.version = YamlString(in.node, "version");
          if (const std::string n = YamlString(in.node, "name"); !n.empty()) in.name = n;
          in.deps = kv.second;
          instances.push_back(std::move(in));
        }
      }
    } else if (packages && packages.IsMap()) {
      for (const auto& kv : packages) {
        if (!budget.Visit()) return YamlBudgetError(context);
        if (!kv.first.IsScalar()) continue;
        Instance in;
        in.key = kv.first.Scalar();
        FLEDGER_TRY(std::tie(in.name, in.version), ParsePathV5(in.key, context));
        in.node = kv.second;
        in.line = line_of(kv.first);
        if (const std::string n = YamlString(in.node, "name"); !n.empty()) in.name = n;
        if (const std::string v = YamlString(in.node, "version"); !v.empty()) in.version = v;
        if (in.version.empty()) continue;  // a git or URL path without a version field
        in.deps = kv.second;
        instances.push_back(std::move(in));
      }
    }
    FLEDGER_RETURN_IF_ERROR(javascript::CheckPackageCount(instances.size(), context));

    std::vector<Package> pkgs;
    std::vector<std::optional<bool>> explicit_dev;
    std::unordered_set<std::string> ids;
    for (size_t i = 0; i < instances.size(); ++i) {
      Instance& in = instances[i];
      if (in.name.empty()) {
        inv.warnings.push_back("packages['" + in.key + "']: no package name; skipped");
        continue;
      }
      Package p = MakePackage(javascript::Npm(), in.name, in.version);
      // name@version plus the key's peer suffix: peer-resolved variants of a version differ.
      const std::string_view peers = std::string_view(in.key).substr(
          std::min(in.key.size(), in.key.find(syntax == Syntax::kV5 ? '_' : '(')));
      p.id += peers;
      if (!ids.insert(p.id).second) p.id = in.key;
      p.line = in.line;
      const YAML::Node res = in.node.IsMap() ? in.node["resolution"] : YAML::Node();
      const std::string tarball = YamlString(res, "tarball");
      const std::string repo = YamlString(res, "repo");
      p.commit = YamlString(res, "commit");
      if (p.commit.empty() && !tarball.empty()) p.commit = javascript::CommitOf(tarball);
      p.hashes = javascript::IntegrityHashes(YamlString(res, "integrity"));
      p.source_url = !tarball.empty() ? tarball : repo;
      if (YamlString(res, "type") == "directory")
        p.source_url = "file:" + YamlString(res, "directory");
      const std::string dev = YamlString(in.node, "dev");
      explicit_dev.push_back(dev == "true"    ? std::optional<bool>(true)
                             : dev == "false" ? std::optional<bool>(false)
                                              : std::nullopt);
      p.dev = dev == "true";
      if (YamlString(in.node, "optional") == "true") {
        p.optional = true;
        p.groups.push_back("optional");
      }
      in.package = pkgs.size();
      by_key.emplace(in.key, i);
      pkgs.push_back(std::move(p));
    }

    // A reference "name: ref" names an instance key, spelled per syntax.
    auto resolve = [&](const std::string& name, const std::string& ref) -> std::optional<size_t> {
      if (ref.empty() || ref.rfind("link:", 0) == 0) return std::nullopt;
      std::vector<std::string> candidates;
      const std::string_view bare = StripPeers(ref);
      switch (syntax) {
        case Syntax::kV9:
          if (bare.find('@', 1) == std::string_view::npos) candidates.push_back(name + "@" + ref);
          break;
        case Syntax::kV6:
          candidates.push_back("/" + name + "@" + ref);
          break;
        case Syntax::kV5:
          candidates.push_back("/" + name + "/" + ref);
          break;
      }
      candidates.push_back(ref);
      candidates.push_back("/" + ref);
      for (const auto& c : candidates) {
        const auto it = by_key.find(c);
        if (it != by_key.end()) return instances[it->second].package;
      }
      return std::nullopt;
    };
    auto ref_of = [](const YAML::Node& v) {
      if (v.IsScalar()) return v.Scalar();
      if (v.IsMap()) return YamlString(v, "version");
      return std::string();
    };

    for (size_t i = 0; i < instances.size(); ++i) {
      const auto it = by_key.find(instances[i].key);
      if (it == by_key.end() || it->second != i) continue;
      const YAML::Node& node = instances[i].deps;
      if (!node.IsMap()) continue;
      for (const char* group : {"dependencies", "optionalDependencies"}) {
        const YAML::Node deps = node[group];
        if (!deps || !deps.IsMap()) continue;
        for (const auto& d : deps) {
          if (!budget.Visit()) return YamlBudgetError(context);
          if (!d.first.IsScalar()) continue;
          const auto t = resolve(d.first.Scalar(), ref_of(d.second));
          Package& self = pkgs[instances[i].package];
          if (t && *t != instances[i].package) self.depends_on.push_back(pkgs[*t].id);
        }
      }
    }

    // Importers: v6+/v9 "importers" map, or v5/v6 single project at the top level.
    std::vector<std::string> prod_roots, dev_roots;
    bool have_importers = false;
    auto read_importer = [&](const YAML::Node& importer) -> Status {
      if (!importer.IsMap()) return {};
      for (const char* group : {"dependencies", "optionalDependencies", "devDependencies"}) {
        const YAML::Node deps = importer[group];
        if (!deps || !deps.IsMap()) continue;
        have_importers = true;
        const bool dev = std::string_view(group) == "devDependencies";
        for (const auto& d : deps) {
          if (!budget.Visit()) return YamlBudgetError(context);
          if (!d.first.IsScalar()) continue;
          const auto t = resolve(d.first.Scalar(), ref_of(d.second));
          if (!t) continue;
          pkgs[*t].relationship = Relationship::kDirect;
          (dev ? dev_roots : prod_roots).push_back(pkgs[*t].id);
        }
      }
      return {};
    };
    FLEDGER_RETURN_IF_ERROR(read_importer(doc));
    if (const YAML::Node importers = doc["importers"]; importers && importers.IsMap()) {
      for (const auto& kv : importers) {
        if (!budget.Visit()) return YamlBudgetError(context);
        FLEDGER_RETURN_IF_ERROR(read_importer(kv.second));
      }
    }
    // v9 has no dev field: derive it from which importer groups reach a package.
    javascript::MarkDevByReachability(pkgs, prod_roots, dev_roots);
    for (size_t i = 0; i < pkgs.size(); ++i) {
      if (explicit_dev[i]) pkgs[i].dev = *explicit_dev[i];
      if (pkgs[i].dev) pkgs[i].groups.push_back("dev");
      if (have_importers && pkgs[i].relationship != Relationship::kDirect) {
        pkgs[i].relationship = Relationship::kIndirect;
      }
    }
    javascript::NormalizePackages(pkgs);
    inv.packages = std::move(pkgs);
    return inv;
  }
};

}  // namespace

std::unique_ptr<Extractor> NewPnpmLockExtractor() { return std::make_unique<PnpmLockExtractor>(); }

}  // namespace fledger::sca
