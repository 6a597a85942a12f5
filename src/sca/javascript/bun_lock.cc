// bun.lock (bun's text lockfile: JSON with trailing commas): packages with their workspaces'
// direct dependencies, dev flags derived from the graph, git commits and edges.
#include <algorithm>
#include <optional>
#include <unordered_map>

#include "core/input.h"
#include "sca/common.h"
#include "sca/javascript/javascript.h"
#include "sca/javascript/js_common.h"

namespace fledger::sca {
namespace {

using javascript::ContextOf;
using nlohmann::json;

// bun writes JSONC: comments and trailing commas. Blank both out (newlines kept, so lines still
// match) and leave the rest to the JSON parser; strings are copied untouched.
std::string StripJsonc(std::string_view in) {
  std::string out(in);
  size_t last_comma = std::string::npos;  // a comma not yet followed by a value
  for (size_t i = 0; i < out.size(); ++i) {
    const char c = out[i];
    if (c == '"') {
      last_comma = std::string::npos;
      for (++i; i < out.size() && out[i] != '"'; ++i) {
        if (out[i] == '\\') ++i;
      }
    } else if (c == '/' && i + 1 < out.size() && out[i + 1] == '/') {
      for (; i < out.size() && out[i] != '\n'; ++i) out[i] = ' ';
    } else if (c == '/' && i + 1 < out.size() && out[i + 1] == '*') {
      for (; i < out.size() && !(out[i] == '*' && i + 1 < out.size() && out[i + 1] == '/'); ++i) {
        if (out[i] != '\n') out[i] = ' ';
      }
      if (i + 1 < out.size()) out[i] = out[i + 1] = ' ';
      ++i;
    } else if (c == ',') {
      last_comma = i;
    } else if (c == '}' || c == ']') {
      if (last_comma != std::string::npos) out[last_comma] = ' ';
      last_comma = std::string::npos;
    } else if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
      last_comma = std::string::npos;
    }
  }
  return out;
}

// The parents of a bun package key ("a/b/c" -> "a/b", "a"; scoped names split too, harmlessly).
std::vector<std::string_view> KeyPrefixes(std::string_view key) {
  std::vector<std::string_view> out;
  for (size_t slash = key.rfind('/'); slash != std::string_view::npos && slash > 0;
       slash = key.rfind('/', slash - 1)) {
    out.push_back(key.substr(0, slash));
  }
  return out;
}

class BunLockExtractor : public Extractor {
 public:
  std::string_view Name() const override { return "javascript/bunlock"; }
  int Version() const override { return 1; }
  std::string_view Ecosystem() const override { return "npm"; }
  bool FileRequired(const RepoPath& path) const override {
    return BaseName(path.str()) == "bun.lock" &&
           path.str().find("node_modules/") == std::string::npos;
  }

  Result<Inventory> Extract(const ExtractInput& input) const override {
    const std::string context = ContextOf(input);
    if (input.content.size() > kMaxManifestBytes) {
      return InputError(ValidationStep::kSize, context,
                        "larger than " + std::to_string(kMaxManifestBytes >> 20) + " MiB");
    }
    const std::string text = StripJsonc(input.content);
    FLEDGER_TRY(const json doc, ParseManifestJson(text, context));
    if (!doc.is_object()) {
      return InputError(ValidationStep::kSemantics, context,
                        "a bun.lock must be a JSON object, not " + DescribeJsonValue(doc));
    }
    if (const auto v = doc.find("lockfileVersion"); v != doc.end() && !v->is_number()) {
      return InputError(ValidationStep::kSemantics, context,
                        "'lockfileVersion' must be a number, not " + DescribeJsonValue(*v));
    }
    Inventory inv;
    const javascript::JsonMemberLines lines(text);
    const json empty = json::object();
    const auto ws_it = doc.find("workspaces");
    const json& workspaces = ws_it != doc.end() && ws_it->is_object() ? *ws_it : empty;
    const auto pk_it = doc.find("packages");
    const json& packages = pk_it != doc.end() && pk_it->is_object() ? *pk_it : empty;
    FLEDGER_RETURN_IF_ERROR(javascript::CheckPackageCount(packages.size(), context));

    javascript::PackageSet out;
    std::unordered_map<std::string, size_t> by_key;
    std::vector<std::pair<size_t, const json*>> metas;
    for (const auto& [key, tuple] : packages.items()) {
      if (!tuple.is_array() || tuple.empty() || !tuple[0].is_string()) {
        return InputError(ValidationStep::kSemantics, context,
                          "could not extract '" + key +
                              "': a package must be an array that "
                              "starts with \"name@version\"");
      }
      const auto [name, ref] = javascript::SplitNameAtRange(tuple[0].get<std::string>());
      Package p = MakePackage(javascript::Npm(), name, "");
      const json* meta = nullptr;
      for (const auto& v : tuple) {
        if (v.is_object() && meta == nullptr) meta = &v;
      }
      if (javascript::StartsWithDigit(ref)) {
        p.version = ref;
        if (tuple.size() > 1 && tuple[1].is_string()) p.source_url = tuple[1].get<std::string>();
        if (tuple.back().is_string()) {
          p.hashes = javascript::IntegrityHashes(tuple.back().get<std::string>());
        }
      } else if (ref.rfind("workspace:", 0) == 0) {
        // A workspace member: its version is in the workspaces map.
        const std::string path = ref.substr(10);
        if (const auto w = workspaces.find(path); w != workspaces.end() && w->is_object()) {
          if (const auto v = w->find("version"); v != w->end() && v->is_string()) {
            p.version = v->get<std::string>();
          }
        }
        p.groups.push_back("workspace");
        p.source_url = ref;
      } else {
        // git, github:, file:, link: or a tarball URL: no registry version.
        p.source_url = ref;
        p.commit = javascript::CommitOf(ref);
      }
      p.id = p.name + "@" + (p.version.empty() ? ref : p.version);
      const auto [begin, end] = lines.Find({"packages", key});
      p.line = begin;
      p.end_line = end;
      const size_t idx = out.Add(std::move(p));
      by_key.emplace(key, idx);
      metas.emplace_back(idx, meta);
    }

    // A dependency of the package at key K is at "K/<dep>", else at a parent's, else at top.
    auto resolve = [&](std::string_view from, const std::string& dep) -> std::optional<size_t> {
      if (!from.empty()) {
        if (const auto it = by_key.find(std::string(from) + "/" + dep); it != by_key.end()) {
          return it->second;
        }
        for (const auto prefix : KeyPrefixes(from)) {
          if (const auto it = by_key.find(std::string(prefix) + "/" + dep); it != by_key.end()) {
            return it->second;
          }
        }
      }
      if (const auto it = by_key.find(dep); it != by_key.end()) return it->second;
      return std::nullopt;
    };
    auto& pkgs = out.packages();
    size_t n = 0;
    for (const auto& [key, tuple] : packages.items()) {
      const auto [idx, meta] = metas[n++];
      if (meta == nullptr) continue;
      for (const char* group : {"dependencies", "optionalDependencies", "peerDependencies"}) {
        const auto deps = meta->find(group);
        if (deps == meta->end() || !deps->is_object()) continue;
        for (const auto& [dep, spec] : deps->items()) {
          if (const auto t = resolve(key, dep); t && *t != idx) {
            pkgs[idx].depends_on.push_back(pkgs[*t].id);
          }
        }
      }
    }

    // Every workspace's declared dependencies are direct.
    std::vector<std::string> prod_roots, dev_roots;
    for (const auto& [path, ws] : workspaces.items()) {
      const auto declared = javascript::DeclaredDepsOf(ws);
      auto add = [&](const auto& group, std::vector<std::string>& roots) {
        for (const auto& [dep, spec] : group) {
          if (const auto t = resolve("", dep)) {
            pkgs[*t].relationship = Relationship::kDirect;
            roots.push_back(pkgs[*t].id);
          }
        }
      };
      add(declared.prod, prod_roots);
      add(declared.optional, prod_roots);
      add(declared.peer, prod_roots);
      add(declared.dev, dev_roots);
    }
    javascript::MarkDevByReachability(pkgs, prod_roots, dev_roots);
    for (auto& p : pkgs) {
      const bool workspace =
          std::find(p.groups.begin(), p.groups.end(), "workspace") != p.groups.end();
      if (!workspace && p.relationship != Relationship::kDirect && !workspaces.empty()) {
        p.relationship = Relationship::kIndirect;
      }
      if (p.dev) p.groups.push_back("dev");
    }
    javascript::NormalizePackages(pkgs);
    inv.packages = std::move(pkgs);
    return inv;
  }
};

}  // namespace

std::unique_ptr<Extractor> NewBunLockExtractor() { return std::make_unique<BunLockExtractor>(); }

}  // namespace fledger::sca
