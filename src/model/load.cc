// LoadModel: YAML to Model. A Reader checks each mapping's keys and each value's type and enum,
// collecting problems with their lines; references are checked once every element is read.
#include "model/load.h"

#include <algorithm>
#include <map>
#include <set>

#include "core/text.h"
#include "core/yaml_input.h"

namespace fledger::model {
namespace {

constexpr std::string_view kLevels[] = {"low", "medium", "high", "critical"};
constexpr std::string_view kAuthentication[] = {"none",    "password", "session", "token",
                                                "api-key", "mtls",     "sso",     "unknown"};

class Reader {
 public:
  Reader(const std::string& context, std::vector<Error>& problems)
      : context_(context), problems_(problems) {}

  void Fail(const YAML::Node& at, const std::string& message) { FailAt(YamlLine(at), message); }
  void FailAt(int line, const std::string& message) {
    problems_.push_back(InputError(ValidationStep::kSemantics,
                                   line > 0 ? context_ + ":" + std::to_string(line) : context_,
                                   message));
  }
  bool budget_spent() const { return budget_spent_; }

  // Counts a node against the alias-bomb budget.
  bool Visit() {
    if (budget_.Visit()) return true;
    if (!budget_spent_) {
      budget_spent_ = true;
      problems_.push_back(InputError(ValidationStep::kSize, context_,
                                     "the YAML expands to too many nodes (an alias bomb?)"));
    }
    return false;
  }

  // True if `node` is a mapping whose keys are all in `allowed`, each once; reports the others.
  bool Keys(const YAML::Node& node, std::initializer_list<std::string_view> allowed,
            std::string_view what) {
    if (!node.IsMap()) {
      Fail(node, std::string(what) + " must be a mapping");
      return false;
    }
    std::set<std::string> seen;
    bool ok = true;
    for (auto it = node.begin(); it != node.end(); ++it) {
      if (!Visit()) return false;
      if (!it->first.IsScalar()) {
        Fail(it->first, std::string(what) + ": a key must be a plain name");
        ok = false;
        continue;
      }
      const std::string& key = it->first.Scalar();
      if (std::find(std::begin(allowed), std::end(allowed), key) == std::end(allowed)) {
        Fail(it->first, std::string(what) + ": unknown key '" + EscapeTerminal(Truncate(key, 60)) +
                            "'");
        ok = false;
      } else if (!seen.insert(key).second) {
        Fail(it->first, std::string(what) + ": key '" + key + "' given twice");
        ok = false;
      }
    }
    return ok;
  }

  std::string String(const YAML::Node& map, const char* key, bool required = false) {
    const YAML::Node v = map[key];
    if (!v || v.IsNull()) {
      if (required) Fail(map, std::string("'") + key + "' is required");
      return {};
    }
    if (!Visit()) return {};
    if (!v.IsScalar()) {
      Fail(v, std::string("'") + key + "' must be text");
      return {};
    }
    if (required && v.Scalar().empty()) Fail(v, std::string("'") + key + "' must not be empty");
    return v.Scalar();
  }

  // A value from `allowed`, or `fallback` when absent.
  template <size_t N>
  std::string Enum(const YAML::Node& map, const char* key, const std::string_view (&allowed)[N],
                   std::string fallback) {
    const YAML::Node v = map[key];
    if (!v || v.IsNull()) return fallback;
    const std::string s = String(map, key);
    if (std::find(std::begin(allowed), std::end(allowed), s) != std::end(allowed)) return s;
    std::string list;
    for (const auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
    Fail(v, std::string("'") + key + "' must be one of " + list + ", not '" +
                EscapeTerminal(Truncate(s, 40)) + "'");
    return fallback;
  }

  std::optional<bool> OptionalBool(const YAML::Node& map, const char* key) {
    const YAML::Node v = map[key];
    if (!v || v.IsNull()) return std::nullopt;
    const std::string s = String(map, key);
    if (s == "true") return true;
    if (s == "false") return false;
    Fail(v, std::string("'") + key + "' must be true or false");
    return std::nullopt;
  }
  bool Bool(const YAML::Node& map, const char* key) {
    return OptionalBool(map, key).value_or(false);
  }

  std::vector<std::string> Strings(const YAML::Node& map, const char* key) {
    std::vector<std::string> out;
    const YAML::Node v = map[key];
    if (!v || v.IsNull()) return out;
    if (!v.IsSequence()) {
      Fail(v, std::string("'") + key + "' must be a list");
      return out;
    }
    for (const YAML::Node& item : v) {
      if (!Visit()) break;
      if (!item.IsScalar()) {
        Fail(item, std::string("'") + key + "' must hold text items");
        continue;
      }
      out.push_back(item.Scalar());
    }
    return out;
  }

  std::optional<ElementId> Id(const YAML::Node& node, const std::string& text) {
    auto id = ElementId::Parse(text);
    if (!id.ok()) {
      Fail(node, "'" + EscapeTerminal(Truncate(text, 70)) +
                     "' is not an id (1 to 64 of A-Z a-z 0-9 _ -, starting with a letter)");
      return std::nullopt;
    }
    return id.value();
  }
  std::optional<ElementId> OptionalId(const YAML::Node& map, const char* key) {
    const YAML::Node v = map[key];
    if (!v || v.IsNull()) return std::nullopt;
    const std::string s = String(map, key);
    return v.IsScalar() ? Id(v, s) : std::nullopt;  // "" is not an id either
  }
  std::vector<ElementId> Ids(const YAML::Node& map, const char* key) {
    std::vector<ElementId> out;
    const YAML::Node v = map[key];
    for (const std::string& s : Strings(map, key)) {
      if (auto id = Id(v, s)) out.push_back(*id);
    }
    return out;
  }

 private:
  const std::string& context_;
  std::vector<Error>& problems_;
  YamlNodeBudget budget_;
  bool budget_spent_ = false;
};

// The parts every element has: its id and line. False when the id is missing or invalid.
template <typename T>
bool ReadHead(Reader& r, const YAML::Node& node, T& element) {
  element.line = YamlLine(node);
  const std::string id = r.String(node, "id", true);
  if (id.empty()) return false;
  auto parsed = r.Id(node["id"], id);
  if (!parsed) return false;
  element.id = *parsed;
  return true;
}

void ReadProvenance(Reader& r, const YAML::Node& node, Provenance& p) {
  static constexpr std::string_view kConfidence[] = {"high", "medium", "low"};
  p.source = r.String(node, "provenance");
  p.confidence = r.Enum(node, "confidence", kConfidence, "");
}

// Reads the list under `key`, calling `read(item)` for each mapping; elements without a valid id
// are dropped (the problem is reported).
template <typename T, typename ReadFn>
void ReadList(Reader& r, const YAML::Node& doc, const char* key, std::vector<T>& out,
              ReadFn read) {
  const YAML::Node list = doc[key];
  if (!list || list.IsNull()) return;
  if (!list.IsSequence()) {
    r.Fail(list, std::string("'") + key + "' must be a list");
    return;
  }
  for (const YAML::Node& item : list) {
    if (!r.Visit()) return;
    if (!item.IsMap()) {
      r.Fail(item, std::string("each of '") + key + "' must be a mapping");
      continue;
    }
    T element;
    if (read(item, element)) out.push_back(std::move(element));
  }
}

void ReadAll(Reader& r, const YAML::Node& doc, Model& m) {
  ReadList(r, doc, "actors", m.actors, [&](const YAML::Node& n, Actor& a) {
    static constexpr std::string_view kKinds[] = {"user", "admin", "service", "attacker"};
    r.Keys(n, {"id", "name", "kind", "trusted", "description", "provenance", "confidence"},
           "an actor");
    if (!ReadHead(r, n, a)) return false;
    a.name = r.String(n, "name", true);
    a.kind = r.Enum(n, "kind", kKinds, "user");
    a.trusted = r.Bool(n, "trusted");
    a.description = r.String(n, "description");
    ReadProvenance(r, n, a.provenance);
    return true;
  });
  ReadList(r, doc, "components", m.components, [&](const YAML::Node& n, Component& c) {
    static constexpr std::string_view kKinds[] = {"process", "data-store", "external-service"};
    static constexpr std::string_view kExposure[] = {"internet", "internal", "private"};
    r.Keys(n,
           {"id", "name", "kind", "technology", "paths", "exposure", "authentication",
            "permissions", "audit_log", "boundary", "data", "description", "provenance",
            "confidence"},
           "a component");
    if (!ReadHead(r, n, c)) return false;
    c.name = r.String(n, "name", true);
    c.kind = r.Enum(n, "kind", kKinds, "process");
    c.technology = r.String(n, "technology");
    c.paths = r.Strings(n, "paths");
    c.exposure = r.Enum(n, "exposure", kExposure, "internal");
    c.authentication = r.Enum(n, "authentication", kAuthentication, "unknown");
    c.permissions = r.String(n, "permissions");
    c.audit_log = r.OptionalBool(n, "audit_log");
    c.boundary = r.OptionalId(n, "boundary");
    c.data = r.Ids(n, "data");
    c.description = r.String(n, "description");
    ReadProvenance(r, n, c.provenance);
    return true;
  });
  ReadList(r, doc, "data", m.data, [&](const YAML::Node& n, DataAsset& d) {
    static constexpr std::string_view kClasses[] = {"public", "internal", "confidential",
                                                    "restricted", "secret"};
    static constexpr std::string_view kQuantity[] = {"very-few", "few", "many", "very-many"};
    r.Keys(n,
           {"id", "name", "classification", "confidentiality", "integrity", "availability",
            "quantity", "pii", "credentials", "description"},
           "a data asset");
    if (!ReadHead(r, n, d)) return false;
    d.name = r.String(n, "name", true);
    d.classification = r.Enum(n, "classification", kClasses, "internal");
    d.confidentiality = r.Enum(n, "confidentiality", kLevels, "medium");
    d.integrity = r.Enum(n, "integrity", kLevels, "medium");
    d.availability = r.Enum(n, "availability", kLevels, "medium");
    d.quantity = r.Enum(n, "quantity", kQuantity, "few");
    d.pii = r.Bool(n, "pii");
    d.credentials = r.Bool(n, "credentials");
    d.description = r.String(n, "description");
    return true;
  });
  ReadList(r, doc, "flows", m.flows, [&](const YAML::Node& n, Flow& f) {
    r.Keys(n,
           {"id", "source", "target", "protocol", "encrypted", "authentication", "authorization",
            "data", "description", "provenance", "confidence"},
           "a flow");
    if (!ReadHead(r, n, f)) return false;
    const auto source = r.OptionalId(n, "source");
    const auto target = r.OptionalId(n, "target");
    if (!source || !target) {
      if (!n["source"] || !n["target"]) r.Fail(n, "a flow needs a 'source' and a 'target'");
      return false;
    }
    f.source = *source;
    f.target = *target;
    f.protocol = r.String(n, "protocol");
    f.encrypted = r.Bool(n, "encrypted");
    f.authentication = r.Enum(n, "authentication", kAuthentication, "unknown");
    f.authorization = r.Bool(n, "authorization");
    f.data = r.Ids(n, "data");
    f.description = r.String(n, "description");
    ReadProvenance(r, n, f.provenance);
    return true;
  });
  ReadList(r, doc, "boundaries", m.boundaries, [&](const YAML::Node& n, Boundary& b) {
    static constexpr std::string_view kKinds[] = {"network", "container", "host", "cloud-account",
                                                  "process"};
    r.Keys(n, {"id", "name", "kind", "parent", "description"}, "a boundary");
    if (!ReadHead(r, n, b)) return false;
    b.name = r.String(n, "name", true);
    b.kind = r.Enum(n, "kind", kKinds, "network");
    b.parent = r.OptionalId(n, "parent");
    b.description = r.String(n, "description");
    return true;
  });
  ReadList(r, doc, "use_cases", m.use_cases, [&](const YAML::Node& n, UseCase& u) {
    r.Keys(n, {"id", "name", "actor", "flows", "description"}, "a use case");
    if (!ReadHead(r, n, u)) return false;
    u.name = r.String(n, "name", true);
    u.actor = r.OptionalId(n, "actor");
    u.flows = r.Ids(n, "flows");
    u.description = r.String(n, "description");
    return true;
  });
  ReadList(r, doc, "assumptions", m.assumptions, [&](const YAML::Node& n, Assumption& a) {
    static constexpr std::string_view kStatus[] = {"unverified", "confirmed", "rejected"};
    r.Keys(n, {"id", "statement", "status", "elements", "excludes", "check"}, "an assumption");
    if (!ReadHead(r, n, a)) return false;
    a.statement = r.String(n, "statement", true);
    a.status = r.Enum(n, "status", kStatus, "unverified");
    a.elements = r.Ids(n, "elements");
    a.excludes = r.Strings(n, "excludes");
    if (const YAML::Node check = n["check"]; check && !check.IsNull()) {
      if (r.Keys(check, {"rules", "kinds", "paths"}, "an assumption's check")) {
        a.check = AssumptionCheck{r.Strings(check, "rules"), r.Strings(check, "kinds"),
                                  r.Strings(check, "paths")};
      }
    }
    return true;
  });
  ReadList(r, doc, "misuse_cases", m.misuse_cases, [&](const YAML::Node& n, MisuseCase& c) {
    r.Keys(n, {"id", "persona", "entry", "action", "gain"}, "a misuse case");
    if (!ReadHead(r, n, c)) return false;
    c.persona = r.OptionalId(n, "persona");
    c.entry = r.OptionalId(n, "entry");
    c.action = r.String(n, "action", true);
    c.gain = r.String(n, "gain");
    return true;
  });
  ReadList(r, doc, "threats", m.threats, [&](const YAML::Node& n, Threat& t) {
    static constexpr std::string_view kCategories[] = {
        "spoofing",         "tampering",         "repudiation", "information-disclosure",
        "denial-of-service", "elevation-of-privilege"};
    static constexpr std::string_view kLikelihood[] = {"low", "medium", "high"};
    static constexpr std::string_view kStatus[] = {"open", "mitigated", "accepted",
                                                   "false-positive"};
    r.Keys(n,
           {"id", "title", "category", "elements", "likelihood", "impact", "status", "cwe",
            "capec", "description", "covers"},
           "a threat");
    if (!ReadHead(r, n, t)) return false;
    t.title = r.String(n, "title", true);
    t.category = r.Enum(n, "category", kCategories, "");
    if (t.category.empty() && !n["category"]) r.Fail(n, "'category' is required");
    t.elements = r.Ids(n, "elements");
    t.likelihood = r.Enum(n, "likelihood", kLikelihood, "medium");
    t.impact = r.Enum(n, "impact", kLevels, "medium");
    t.status = r.Enum(n, "status", kStatus, "open");
    t.cwe = r.Strings(n, "cwe");
    t.capec = r.Strings(n, "capec");
    t.description = r.String(n, "description");
    t.covers = r.Strings(n, "covers");
    for (const std::string& id : t.covers) {
      const size_t at = id.find('@');
      if (at == std::string::npos || id.find('@', at + 1) != std::string::npos ||
          !ElementId::Parse(id.substr(0, at)).ok() || !ElementId::Parse(id.substr(at + 1)).ok()) {
        r.Fail(n["covers"], "'covers' lists generated threat ids such as sql-injection@api, not '" +
                                EscapeTerminal(Truncate(id, 70)) + "'");
        break;
      }
    }
    return true;
  });
  ReadList(r, doc, "controls", m.controls, [&](const YAML::Node& n, Control& c) {
    static constexpr std::string_view kStatus[] = {"planned", "active"};
    r.Keys(n, {"id", "name", "status", "mitigates", "elements", "tests", "description"},
           "a control");
    if (!ReadHead(r, n, c)) return false;
    c.name = r.String(n, "name", true);
    c.status = r.Enum(n, "status", kStatus, "planned");
    c.mitigates = r.Strings(n, "mitigates");
    c.elements = r.Ids(n, "elements");
    c.tests = r.Strings(n, "tests");
    c.description = r.String(n, "description");
    return true;
  });
  ReadList(r, doc, "questions", m.questions, [&](const YAML::Node& n, Question& q) {
    r.Keys(n, {"id", "text", "answer"}, "a question");
    if (!ReadHead(r, n, q)) return false;
    q.text = r.String(n, "text", true);
    q.answer = r.String(n, "answer");
    return true;
  });
}

// Unique ids across the model, then every reference against the kinds it may name.
void CheckReferences(Reader& r, const Model& m) {
  std::map<ElementId, std::pair<ElementKind, int>> index;
  auto add = [&](const auto& elements, ElementKind kind) {
    for (const auto& e : elements) {
      const auto [it, inserted] = index.emplace(e.id, std::make_pair(kind, e.line));
      if (!inserted) {
        r.FailAt(e.line, "duplicate id '" + e.id.str() + "' (first used at line " +
                             std::to_string(it->second.second) + ")");
      }
    }
  };
  add(m.actors, ElementKind::kActor);
  add(m.components, ElementKind::kComponent);
  add(m.data, ElementKind::kData);
  add(m.flows, ElementKind::kFlow);
  add(m.boundaries, ElementKind::kBoundary);
  add(m.use_cases, ElementKind::kUseCase);
  add(m.assumptions, ElementKind::kAssumption);
  add(m.misuse_cases, ElementKind::kMisuseCase);
  add(m.threats, ElementKind::kThreat);
  add(m.controls, ElementKind::kControl);
  add(m.questions, ElementKind::kQuestion);

  // `id` must name an element of one of `kinds` (any kind when empty).
  auto ref = [&](int line, std::string_view field, const ElementId& id,
                 std::initializer_list<ElementKind> kinds) {
    const auto it = index.find(id);
    if (it == index.end()) {
      r.FailAt(line, std::string(field) + ": no element has the id '" + id.str() + "'");
      return;
    }
    if (kinds.size() == 0 ||
        std::find(kinds.begin(), kinds.end(), it->second.first) != kinds.end()) {
      return;
    }
    std::string want;
    for (const ElementKind k : kinds) want += (want.empty() ? "" : " or ") + std::string(ElementKindName(k));
    r.FailAt(line, std::string(field) + ": '" + id.str() + "' is " +
                       std::string(ElementKindName(it->second.first)) + ", not " + want);
  };
  using K = ElementKind;
  for (const auto& c : m.components) {
    if (c.boundary) ref(c.line, "boundary", *c.boundary, {K::kBoundary});
    for (const auto& d : c.data) ref(c.line, "data", d, {K::kData});
  }
  for (const auto& f : m.flows) {
    ref(f.line, "source", f.source, {K::kActor, K::kComponent});
    ref(f.line, "target", f.target, {K::kActor, K::kComponent});
    for (const auto& d : f.data) ref(f.line, "data", d, {K::kData});
  }
  for (const auto& b : m.boundaries) {
    if (b.parent) ref(b.line, "parent", *b.parent, {K::kBoundary});
  }
  for (const auto& u : m.use_cases) {
    if (u.actor) ref(u.line, "actor", *u.actor, {K::kActor});
    for (const auto& f : u.flows) ref(u.line, "flows", f, {K::kFlow});
  }
  for (const auto& a : m.assumptions) {
    for (const auto& e : a.elements) ref(a.line, "elements", e, {});
  }
  for (const auto& c : m.misuse_cases) {
    if (c.persona) ref(c.line, "persona", *c.persona, {K::kActor});
    if (c.entry) ref(c.line, "entry", *c.entry, {K::kActor, K::kComponent});
  }
  for (const auto& t : m.threats) {
    for (const auto& e : t.elements) ref(t.line, "elements", e, {});
  }
  for (const auto& c : m.controls) {
    for (const auto& e : c.elements) ref(c.line, "elements", e, {});
  }
  // Boundaries nest as a tree: following parents from any boundary must end. Each boundary is
  // walked once (its result kept), so a deep nesting costs linear time.
  std::map<ElementId, size_t> boundary_index;
  for (size_t i = 0; i < m.boundaries.size(); ++i) boundary_index.emplace(m.boundaries[i].id, i);
  enum : char { kNew, kOnPath, kEnds, kLoops };
  std::vector<char> state(m.boundaries.size(), kNew);
  std::vector<size_t> path;
  for (size_t start = 0; start < m.boundaries.size(); ++start) {
    path.clear();
    char result = kEnds;
    for (size_t at = start;;) {
      if (state[at] != kNew) {
        result = state[at] == kOnPath ? static_cast<char>(kLoops) : state[at];
        break;
      }
      state[at] = kOnPath;
      path.push_back(at);
      const auto& parent = m.boundaries[at].parent;
      if (!parent) break;
      const auto p = boundary_index.find(*parent);
      if (p == boundary_index.end()) break;
      at = p->second;
    }
    for (const size_t p : path) state[p] = result;
  }
  for (size_t i = 0; i < m.boundaries.size(); ++i) {
    if (state[i] != kLoops) continue;
    const Boundary& b = m.boundaries[i];
    r.FailAt(b.line, "boundary '" + b.id.str() + "' is inside itself (a cycle of parents)");
  }
}

}  // namespace

Result<Model> LoadModel(std::string_view text, const std::string& context,
                        std::vector<Error>* problems) {
  std::vector<Error> local;
  std::vector<Error>& out = problems != nullptr ? *problems : local;
  const size_t before = out.size();
  auto first = [&]() -> Error { return out[before]; };
  if (text.size() > kMaxModelBytes) {
    out.push_back(InputError(ValidationStep::kSize, context,
                             "larger than " + std::to_string(kMaxModelBytes >> 20) + " MiB"));
    return first();
  }
  auto doc = ParseYamlText(text, context);
  if (!doc.ok()) {
    out.push_back(doc.error());
    return first();
  }
  Reader r(context, out);
  const YAML::Node& root = doc.value();
  if (!root.IsMap()) {
    r.Fail(root, "a threat model must be a mapping (version, name, components, ...)");
    return first();
  }
  r.Keys(root,
         {"version", "name", "description", "actors", "components", "data", "flows", "boundaries",
          "use_cases", "assumptions", "misuse_cases", "threats", "controls", "questions"},
         "the model");
  Model m;
  const std::string version = r.String(root, "version", true);
  if (!version.empty() && version != "1") {
    r.Fail(root["version"], "version " + EscapeTerminal(Truncate(version, 20)) +
                                " is not supported (this Fledger reads version 1)");
  }
  m.name = r.String(root, "name");
  m.description = r.String(root, "description");
  ReadAll(r, root, m);
  const size_t elements = m.actors.size() + m.components.size() + m.data.size() +
                          m.flows.size() + m.boundaries.size() + m.use_cases.size() +
                          m.assumptions.size() + m.misuse_cases.size() + m.threats.size() +
                          m.controls.size() + m.questions.size();
  if (elements > kMaxModelElements) {
    out.push_back(InputError(ValidationStep::kSize, context,
                             "more than " + std::to_string(kMaxModelElements) + " elements"));
    return first();
  }
  if (!r.budget_spent()) CheckReferences(r, m);
  if (out.size() > before) return first();
  return m;
}

}  // namespace fledger::model
