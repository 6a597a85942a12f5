// conan.lock in all its versions: the v0.x/v1 graph of nodes and the flat v2 reference lists.
#include <map>
#include <set>

#include "sca/common.h"
#include "sca/cpp/cpp.h"

namespace fledger::sca {

namespace {

const Ecosystem& Conan() {
  static const Ecosystem kConan = Ecosystem::Parse("ConanCenter").value();
  return kConan;
}

// Cuts `s` at the first `sep`: returns the part before and leaves the rest in `s` (or "").
std::string_view CutFront(std::string_view& s, char sep, bool& found) {
  const size_t at = s.find(sep);
  found = at != std::string_view::npos;
  const std::string_view head = s.substr(0, at);
  s = found ? s.substr(at + 1) : std::string_view();
  return head;
}

// Node ids listed under `key` of a v1 node: an array of ids, or (v0.0) an object ref -> id.
std::vector<std::string> NodeIds(const nlohmann::json& node, const char* key) {
  std::vector<std::string> out;
  if (!node.contains(key)) return out;
  const auto& v = node[key];
  if (v.is_array()) {
    for (const auto& id : v) {
      if (id.is_string()) out.push_back(id.get<std::string>());
    }
  } else if (v.is_object()) {
    for (const auto& [ref, id] : v.items()) {
      if (id.is_string()) out.push_back(id.get<std::string>());
    }
  }
  return out;
}

std::string StrField(const nlohmann::json& o, const char* key) {
  return o.contains(key) && o[key].is_string() ? o[key].get<std::string>() : std::string();
}

class ConanLockExtractor : public Extractor {
 public:
  std::string_view Name() const override { return "cpp/conanlock"; }
  int Version() const override { return 2; }
  std::string_view Ecosystem() const override { return "ConanCenter"; }
  bool FileRequired(const RepoPath& path) const override {
    return BaseName(path.str()) == "conan.lock";
  }

  Result<Inventory> Extract(const ExtractInput& input) const override {
    const std::string& context = input.path.str();
    FLEDGER_TRY(nlohmann::json doc, ParseManifestJson(input.content, context));
    if (!doc.is_object()) {
      return InputError(ValidationStep::kSemantics, context,
                        "a conan.lock is a JSON object, got " + std::string(doc.type_name()));
    }
    const LineIndex lines(input.content);
    Inventory inv;
    if (doc.contains("graph_lock") && doc["graph_lock"].is_object() &&
        doc["graph_lock"].contains("nodes") && doc["graph_lock"]["nodes"].is_object()) {
      FLEDGER_RETURN_IF_ERROR(ExtractGraph(doc["graph_lock"]["nodes"], lines, context, inv));
    } else {
      FLEDGER_RETURN_IF_ERROR(ExtractV2(doc, lines, context, inv));
    }
    return inv;
  }

 private:
  // v0.x and v1: nodes keyed by id; node "requires"/"build_requires" list other node ids.
  static Status ExtractGraph(const nlohmann::json& nodes, const LineIndex& lines,
                             const std::string& context, Inventory& inv) {
    if (nodes.size() > kMaxPackagesPerFile) {
      return InputError(ValidationStep::kSize, context, "too many graph nodes");
    }
    std::set<std::string> required, build_required;
    for (const auto& [id, node] : nodes.items()) {
      if (!node.is_object()) continue;
      for (const auto& r : NodeIds(node, "requires")) required.insert(r);
      for (const auto& r : NodeIds(node, "build_requires")) build_required.insert(r);
      for (const auto& r : NodeIds(node, "python_requires")) build_required.insert(r);
    }
    std::map<std::string, std::string> id_of_node;  // node id -> package id
    std::set<std::string> roots;
    std::vector<std::string> node_of_pkg;  // the node each package came from
    for (const auto& [id, node] : nodes.items()) {
      if (!node.is_object()) continue;
      const bool is_root = !required.count(id) && !build_required.count(id);
      if (is_root) roots.insert(id);
      std::string ref = StrField(node, "pref");
      if (ref.empty()) ref = StrField(node, "ref");
      if (ref.empty()) continue;
      // A node with a path that nothing requires is the consumer's own conanfile: the project,
      // not a dependency.
      const bool project = is_root && !StrField(node, "path").empty();
      const ConanReference r = ParseConanReference(ref);
      if (r.name.empty()) {
        if (project) continue;  // an unnamed conanfile: nothing to report
        inv.warnings.push_back("node " + id + ": reference '" + ref + "' has no name; skipped");
        continue;
      }
      Package p = MakePackage(Conan(), r.name, r.version);
      p.project = project;
      p.line = lines.FindLine("\"" + ref + "\"");
      if (build_required.count(id) && !required.count(id)) {
        p.dev = true;
        p.groups.push_back("build-requires");
      }
      id_of_node.emplace(id, p.id);
      node_of_pkg.push_back(id);
      inv.packages.push_back(std::move(p));
    }
    std::set<std::string> direct;
    for (const auto& root : roots) {
      for (const char* key : {"requires", "build_requires", "python_requires"}) {
        for (const auto& r : NodeIds(nodes[root], key)) direct.insert(r);
      }
    }
    for (size_t i = 0; i < inv.packages.size(); ++i) {
      Package* p = &inv.packages[i];
      const std::string& id = node_of_pkg[i];
      if (!p->project) {
        p->relationship = direct.count(id) ? Relationship::kDirect : Relationship::kIndirect;
      }
      std::set<std::string> deps;
      for (const char* key : {"requires", "build_requires", "python_requires"}) {
        for (const auto& r : NodeIds(nodes[id], key)) {
          const auto it = id_of_node.find(r);
          if (it != id_of_node.end()) deps.insert(it->second);
        }
      }
      p->depends_on.assign(deps.begin(), deps.end());
    }
    return {};
  }

  // v2: flat lists of references per kind; the lock records no graph.
  static Status ExtractV2(const nlohmann::json& doc, const LineIndex& lines,
                          const std::string& context, Inventory& inv) {
    for (const auto& [key, group] :
         {std::pair{"requires", "requires"}, std::pair{"build_requires", "build-requires"},
          std::pair{"python_requires", "python-requires"}}) {
      if (!doc.contains(key) || doc[key].is_null()) continue;
      if (!doc[key].is_array()) {
        return InputError(ValidationStep::kSemantics, context,
                          std::string("'") + key + "' is not an array");
      }
      if (inv.packages.size() + doc[key].size() > kMaxPackagesPerFile) {
        return InputError(ValidationStep::kSize, context, "too many references");
      }
      for (const auto& v : doc[key]) {
        if (!v.is_string()) continue;
        const std::string ref = v.get<std::string>();
        const ConanReference r = ParseConanReference(ref);
        if (r.name.empty()) {
          inv.warnings.push_back("reference '" + ref + "' has no name; skipped");
          continue;
        }
        Package p = MakePackage(Conan(), r.name, r.version);
        p.groups.push_back(group);
        p.dev = std::string_view(group) == "build-requires";
        p.line = lines.FindLine("\"" + ref + "\"");
        inv.packages.push_back(std::move(p));
      }
    }
    return {};
  }
};

}  // namespace

ConanReference ParseConanReference(std::string_view ref) {
  ConanReference r;
  bool found = false;
  std::string_view rest = ref;
  std::string_view head = CutFront(rest, '%', found);
  if (found) r.timestamp = std::string(rest);
  rest = head;
  // "name/version@user/channel#rrev:package_id#prev"
  head = CutFront(rest, ':', found);
  if (found) {
    std::string_view pkg = rest;
    const std::string_view id = CutFront(pkg, '#', found);
    r.package_id = std::string(id);
    if (found) r.package_revision = std::string(pkg);
  }
  rest = head;
  head = CutFront(rest, '#', found);
  if (found) r.recipe_revision = std::string(rest);
  rest = head;
  head = CutFront(rest, '@', found);
  if (found) {
    std::string_view uc = rest;
    const std::string_view user = CutFront(uc, '/', found);
    r.user = std::string(user);
    if (found) r.channel = std::string(uc);
  }
  rest = head;
  head = CutFront(rest, '/', found);
  if (found) {
    r.name = std::string(head);
    r.version = std::string(rest);
  } else {
    r.version = std::string(head);
  }
  return r;
}

std::unique_ptr<Extractor> NewConanLockExtractor() {
  return std::make_unique<ConanLockExtractor>();
}

}  // namespace fledger::sca
