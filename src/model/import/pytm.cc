// OWASP pytm JSON as a fledger Model: both the declarative input pytm.load() reads and the model
// `tm.py --json` writes (enums as "Classification.SECRET", references by name). Boundaries (with
// inBoundary) -> boundaries, Actor -> actors, Datastore -> data-store components, ExternalEntity ->
// external-service components, the other element classes (Process, Server, Lambda, Agent, LLM...)
// -> process components, Data -> data, Dataflow -> flows, assumptions -> assumptions.
#include <algorithm>

#include "core/input.h"
#include "core/text.h"
#include "model/import/import_internal.h"

namespace fledger::model {
namespace {

using import_internal::Array;
using import_internal::Bool;
using import_internal::IdMaker;
using import_internal::Note;
using import_internal::Object;
using import_internal::PlainText;
using import_internal::Str;
using nlohmann::json;

// "Classification.SECRET" and "SECRET" alike.
std::string EnumName(const std::string& v) {
  const size_t dot = v.rfind('.');
  return dot == std::string::npos ? v : v.substr(dot + 1);
}

// A flag of the element or of its controls (pytm moved most flags into `controls`).
bool Has(const json& e, const char* key) {
  if (Bool(e, key)) return true;
  const json* c = Object(e, "controls");
  return c != nullptr && Bool(*c, key);
}

std::string Authentication(const json& e) {
  std::string scheme = ToLower(Str(e, "authenticationScheme"));
  if (const json* c = Object(e, "controls")) scheme += " " + ToLower(Str(*c, "authenticationScheme"));
  for (const auto& [word, ours] : std::initializer_list<std::pair<const char*, const char*>>{
           {"mtls", "mtls"}, {"certificate", "mtls"}, {"oauth", "sso"}, {"saml", "sso"},
           {"oidc", "sso"}, {"sso", "sso"}, {"jwt", "token"}, {"token", "token"},
           {"api", "api-key"}, {"password", "password"}, {"basic", "password"},
           {"session", "session"}, {"cookie", "session"}}) {
    if (scheme.find(word) != std::string::npos) return ours;
  }
  if (Bool(e, "usesSessionTokens")) return "session";
  return "unknown";
}

}  // namespace

Result<ImportResult> ImportPytm(std::string_view text, const std::string& context) {
  FLEDGER_TRY(const json doc, ParseJsonText(text, context));
  if (!doc.is_object()) {
    return InputError(ValidationStep::kSemantics, context, "a pytm model must be a JSON object");
  }
  ImportResult out;
  Model& m = out.model;
  IdMaker ids;
  m.name = PlainText(Str(doc, "name"), 200);
  m.description = PlainText(Str(doc, "description"));
  auto named = [&](const char* key) {
    std::vector<const json*> items;
    if (const json* a = Array(doc, key)) {
      for (const json& v : *a) {
        if (v.is_object() && !Str(v, "name").empty()) items.push_back(&v);
      }
    }
    std::stable_sort(items.begin(), items.end(),
                     [](const json* a, const json* b) { return Str(*a, "name") < Str(*b, "name"); });
    return items;
  };
  const auto boundaries = named("boundaries");
  auto elements = named("elements");
  if (elements.empty()) {  // an output without "elements": its actors and assets
    elements = named("actors");
    for (const json* a : named("assets")) elements.push_back(a);
  }
  const auto data = named("data");
  std::vector<const json*> flows;
  if (const json* a = Array(doc, "flows")) {
    for (const json& v : *a) {
      if (v.is_object()) flows.push_back(&v);
    }
  }
  const json* assumptions = Array(doc, "assumptions");
  FLEDGER_RETURN_IF_ERROR(import_internal::CheckCount(
      boundaries.size() + elements.size() + data.size() + flows.size() +
          (assumptions != nullptr ? assumptions->size() : 0),
      context));

  std::map<std::string, ElementId> boundary_ids, element_ids, data_ids;
  std::map<std::string, std::string> boundary_names;  // name -> lower-case name
  for (const json* b : boundaries) {
    const std::string name = Str(*b, "name");
    if (boundary_ids.count(name) == 0) boundary_ids.emplace(name, ids.Make(name, "boundary"));
  }
  for (const json* e : elements) {
    const std::string name = Str(*e, "name");
    if (element_ids.count(name) > 0) {
      Note(out.notes, "element '" + PlainText(name, 80) + "': a second element of that name, not imported");
      continue;
    }
    element_ids.emplace(name, ids.Make(name, "element"));
  }
  for (const json* d : data) {
    const std::string name = Str(*d, "name");
    if (data_ids.count(name) == 0) data_ids.emplace(name, ids.Make(name, "data"));
  }
  auto boundary_of = [&](const json& e) -> std::optional<ElementId> {
    const auto it = boundary_ids.find(Str(e, "inBoundary"));
    if (it == boundary_ids.end()) return std::nullopt;
    return it->second;
  };
  auto data_of = [&](const json& e) {
    std::vector<ElementId> out_ids;
    if (const json* list = Array(e, "data")) {
      for (const json& d : *list) {
        const std::string name = d.is_string() ? d.get<std::string>() : Str(d, "name");
        if (const auto it = data_ids.find(name); it != data_ids.end()) out_ids.push_back(it->second);
      }
    }
    return out_ids;
  };

  std::set<std::string> boundary_seen;
  for (const json* b : boundaries) {
    const std::string name = Str(*b, "name");
    if (!boundary_seen.insert(name).second) continue;
    Boundary x;
    x.id = boundary_ids.at(name);
    x.name = PlainText(name, 200);
    if (x.name.empty()) x.name = x.id.str();  // "<x>" is no text
    x.parent = boundary_of(*b);
    if (x.parent == x.id) x.parent.reset();
    x.description = PlainText(Str(*b, "description"));
    m.boundaries.push_back(std::move(x));
  }
  // A boundary cycle (pytm refuses them too) keeps the first boundary's parent out.
  import_internal::DropParentCycles(m.boundaries);
  std::set<std::string> element_seen;
  for (const json* e : elements) {
    const std::string name = Str(*e, "name");
    if (!element_seen.insert(name).second) continue;
    const std::string cls = Str(*e, "__class__");
    std::string description = Str(*e, "description");
    if (e->contains("inScope") && (*e)["inScope"].is_boolean() && !(*e)["inScope"].get<bool>()) {
      description += " Out of scope.";
    }
    if (cls == "Actor") {
      Actor a;
      a.id = element_ids.at(name);
      a.name = PlainText(name, 200);
    if (a.name.empty()) a.name = a.id.str();  // "<x>" is no text
      a.kind = Bool(*e, "isAdmin") ? "admin" : "user";
      a.description = PlainText(description);
      a.provenance.source = "pytm:" + PlainText(name, 200);
      m.actors.push_back(std::move(a));
      continue;
    }
    Component c;
    c.id = element_ids.at(name);
    c.name = PlainText(name, 200);
    if (c.name.empty()) c.name = c.id.str();  // "<x>" is no text
    c.kind = cls == "Datastore" ? "data-store" : cls == "ExternalEntity" ? "external-service" : "process";
    std::string technology = cls.empty() ? "" : ToLower(cls);
    if (cls == "Datastore") {
      const std::string type = EnumName(Str(*e, "type"));
      technology = type.empty() || type == "UNKNOWN" ? (Bool(*e, "isSQL") ? "sql" : "datastore")
                                                     : ToLower(type);
    }
    if (!Str(*e, "OS").empty()) technology += ", " + Str(*e, "OS");
    c.technology = PlainText(technology, 100);
    c.boundary = boundary_of(*e);
    if (c.boundary) {
      if (ToLower(Str(*e, "inBoundary")).find("internet") != std::string::npos) c.exposure = "internet";
    }
    c.authentication = Authentication(*e);
    std::string permissions;
    if (Has(*e, "hasAccessControl")) permissions = "access control";
    if (Has(*e, "implementsPOLP")) permissions += std::string(permissions.empty() ? "" : ", ") + "least privilege";
    c.permissions = permissions;
    if (Bool(*e, "storesLogData")) c.audit_log = true;
    c.data = data_of(*e);
    c.description = PlainText(description);
    c.provenance.source = "pytm:" + PlainText(name, 200);
    m.components.push_back(std::move(c));
  }
  std::set<std::string> data_seen;
  for (const json* d : data) {
    const std::string name = Str(*d, "name");
    if (!data_seen.insert(name).second) continue;
    DataAsset x;
    x.id = data_ids.at(name);
    x.name = PlainText(name, 200);
    if (x.name.empty()) x.name = x.id.str();  // "<x>" is no text
    const std::string cls = EnumName(Str(*d, "classification"));
    static const std::map<std::string, std::pair<const char*, const char*>> kClass = {
        {"PUBLIC", {"public", "low"}},          {"RESTRICTED", {"restricted", "medium"}},
        {"SENSITIVE", {"confidential", "high"}}, {"SECRET", {"secret", "high"}},
        {"TOP_SECRET", {"secret", "critical"}}};
    if (const auto it = kClass.find(cls); it != kClass.end()) {
      x.classification = it->second.first;
      x.confidentiality = it->second.second;
    }
    x.pii = Bool(*d, "isPII");
    x.credentials = Bool(*d, "isCredentials");
    x.description = PlainText(Str(*d, "description"));
    m.data.push_back(std::move(x));
  }
  for (const json* f : flows) {
    const std::string name = Str(*f, "name");
    const auto s = element_ids.find(Str(*f, "source"));
    const auto t = element_ids.find(Str(*f, "sink"));
    if (s == element_ids.end() || t == element_ids.end()) {
      return InputError(ValidationStep::kSemantics, context,
                        "dataflow '" + EscapeTerminal(Truncate(name, 80)) +
                            "': its source or sink names no element");
    }
    Flow x;
    x.id = ids.Make(name.empty() ? Str(*f, "source") + " to " + Str(*f, "sink") : name, "flow");
    x.source = s->second;
    x.target = t->second;
    x.protocol = PlainText(Str(*f, "protocol"), 100);
    const std::string tls = EnumName(Str(*f, "tlsVersion"));
    x.encrypted = Has(*f, "isEncrypted") || Bool(*f, "usesVPN") || (!tls.empty() && tls != "NONE");
    x.authentication = Authentication(*f);
    x.authorization = Has(*f, "authorizesSource");
    x.data = data_of(*f);
    const std::string note = Str(*f, "note");
    x.description = PlainText(name + (note.empty() ? "" : ": " + note));
    x.provenance.source = "pytm:" + PlainText(name, 200);
    m.flows.push_back(std::move(x));
  }
  if (assumptions != nullptr) {
    for (const json& v : *assumptions) {
      const std::string name = v.is_string() ? v.get<std::string>() : Str(v, "name");
      if (name.empty()) continue;
      Assumption x;
      x.id = ids.Make("a-" + name, "a");
      x.statement = PlainText(name + (Str(v, "description").empty() ? "" : ": " + Str(v, "description")));
      if (x.statement.empty()) x.statement = x.id.str();
      if (const json* ex = Array(v, "exclude")) {
        for (const json& sid : *ex) {
          if (sid.is_string()) x.excludes.push_back(PlainText(sid.get<std::string>(), 40));
        }
      }
      m.assumptions.push_back(std::move(x));
    }
  }
  if (const json* findings = Array(doc, "findings"); findings && !findings->empty()) {
    Note(out.notes, "findings: not imported (run 'fledger model threats' on the imported model)");
  }
  import_internal::SortModel(m);
  return out;
}

}  // namespace fledger::model
