// Open Threat Model (OTM 0.1/0.2, JSON or YAML) as a fledger Model: trustZones -> boundaries
// (parent kept), components -> components (or actors, for the ones our export wrote as actors),
// assets -> data, dataflows -> flows (a bidirectional one -> two flows), threats -> threats on the
// elements whose threat instances name them, mitigations -> controls.
#include <algorithm>
#include <cmath>
#include <set>

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

Error Bad(const std::string& context, const std::string& where, const std::string& message) {
  return InputError(ValidationStep::kSemantics, context, where + ": " + message);
}

// Our id for an OTM element: its own id when that is a readable fledger id, else its name's slug.
ElementId IdFor(IdMaker& ids, const std::string& otm_id, const std::string& name,
                std::string_view prefix) {
  if (!import_internal::LooksLikeUuid(otm_id) && ElementId::Parse(otm_id).ok() &&
      ids.Reserve(otm_id)) {
    return ElementId::Parse(otm_id).value();
  }
  return ids.Make(name.empty() ? otm_id : name, prefix);
}

std::string Level(double v, bool critical) {
  if (critical && v >= 90) return "critical";
  if (v >= 67) return "high";
  if (v >= 34) return "medium";
  return "low";
}

double Number(const json& obj, std::string_view key, double fallback) {
  if (!obj.is_object()) return fallback;
  const auto it = obj.find(key);
  return it != obj.end() && it->is_number() ? it->get<double>() : fallback;
}

std::string ComponentKind(const std::string& type) {
  const std::string t = ToLower(type);
  for (const char* store : {"database", "datastore", "data-store", "storage", "bucket", "s3",
                            "sql", "postgres", "mysql", "mongo", "redis", "dynamodb", "store",
                            "queue", "cache", "file-system", "filesystem"}) {
    if (t.find(store) != std::string::npos) return "data-store";
  }
  for (const char* external : {"client", "user", "browser", "external", "third-party", "mobile",
                               "actor", "saas"}) {
    if (t.find(external) != std::string::npos) return "external-service";
  }
  return "process";
}

std::string ThreatStatus(const std::string& state) {
  const std::string s = ToLower(state);
  if (s == "mitigated" || s == "closed" || s == "fixed") return "mitigated";
  if (s == "accepted") return "accepted";
  if (s == "not-applicable" || s == "na" || s == "false-positive") return "false-positive";
  return "open";
}

std::vector<std::string> Strings(const json& obj, std::string_view key) {
  std::vector<std::string> out;
  if (const json* a = Array(obj, key)) {
    for (const json& v : *a) {
      if (v.is_string()) out.push_back(v.get<std::string>());
    }
  }
  return out;
}

}  // namespace

Result<ImportResult> ImportOtm(std::string_view text, const std::string& context) {
  const size_t first = text.find_first_not_of(" \t\r\n");
  json doc;
  if (first != std::string_view::npos && text[first] == '{') {
    FLEDGER_TRY(doc, ParseJsonText(text, context));
  } else {
    FLEDGER_TRY(doc, import_internal::YamlToJson(text, context));
  }
  if (!doc.is_object() || !doc.contains("otmVersion")) {
    return InputError(ValidationStep::kSemantics, context, "not an OTM document (no otmVersion)");
  }
  ImportResult out;
  Model& m = out.model;
  IdMaker ids;
  if (const json* project = Object(doc, "project")) {
    m.name = PlainText(Str(*project, "name"), 200);
    m.description = PlainText(Str(*project, "description"));
  }
  auto list = [&](const char* key) -> std::vector<const json*> {
    std::vector<const json*> items;
    if (const json* a = Array(doc, key)) {
      for (const json& v : *a) {
        if (v.is_object()) items.push_back(&v);
      }
    }
    // Our ids depend on the order ids are made in: sort by the OTM id for a stable result.
    std::stable_sort(items.begin(), items.end(),
                     [](const json* a, const json* b) { return Str(*a, "id") < Str(*b, "id"); });
    return items;
  };
  const auto zones = list("trustZones");
  const auto components = list("components");
  const auto assets = list("assets");
  const auto flows = list("dataflows");
  const auto threats = list("threats");
  const auto mitigations = list("mitigations");
  FLEDGER_RETURN_IF_ERROR(import_internal::CheckCount(
      zones.size() + components.size() + assets.size() + 2 * flows.size() + threats.size() +
          mitigations.size(),
      context));

  // Ids first, so references resolve whatever the order.
  std::map<std::string, ElementId> zone_ids, component_ids, asset_ids, threat_ids, mitigation_ids;
  std::map<std::string, const json*> zone_by_id;
  for (const json* z : zones) {
    const std::string id = Str(*z, "id");
    if (const json* attrs = Object(*z, "attributes"); attrs && Str(*attrs, "fledger") == "synthetic") {
      continue;  // the zone our export adds for elements outside every boundary
    }
    if (id.empty() || zone_ids.count(id)) return Bad(context, "trustZones", "a trust zone without a unique id");
    zone_ids.emplace(id, IdFor(ids, id, Str(*z, "name"), "zone"));
    zone_by_id.emplace(id, z);
  }
  for (const json* c : components) {
    const std::string id = Str(*c, "id");
    if (id.empty() || component_ids.count(id)) return Bad(context, "components", "a component without a unique id");
    component_ids.emplace(id, IdFor(ids, id, Str(*c, "name"), "component"));
  }
  for (const json* a : assets) {
    const std::string id = Str(*a, "id");
    if (id.empty() || asset_ids.count(id)) return Bad(context, "assets", "an asset without a unique id");
    asset_ids.emplace(id, IdFor(ids, id, Str(*a, "name"), "data"));
  }
  for (const json* t : threats) {
    const std::string id = Str(*t, "id");
    if (id.empty() || threat_ids.count(id)) return Bad(context, "threats", "a threat without a unique id");
    threat_ids.emplace(id, IdFor(ids, id, "t-" + Str(*t, "name"), "t"));
  }
  for (const json* mi : mitigations) {
    const std::string id = Str(*mi, "id");
    if (id.empty() || mitigation_ids.count(id)) return Bad(context, "mitigations", "a mitigation without a unique id");
    mitigation_ids.emplace(id, IdFor(ids, id, "c-" + Str(*mi, "name"), "c"));
  }

  for (const json* z : zones) {
    const std::string id = Str(*z, "id");
    if (!zone_ids.count(id)) continue;
    Boundary b;
    b.id = zone_ids.at(id);
    b.name = PlainText(Str(*z, "name"), 200);
    if (b.name.empty()) b.name = b.id.str();
    const std::string kind = ToLower(Str(*z, "type"));
    for (const char* k : {"network", "container", "host", "cloud-account", "process"}) {
      if (kind == k) b.kind = k;
    }
    if (const json* parent = Object(*z, "parent")) {
      const auto p = zone_ids.find(Str(*parent, "trustZone"));
      if (p != zone_ids.end() && p->second != b.id) b.parent = p->second;
    }
    std::string text = Str(*z, "description");
    if (const json* risk = Object(*z, "risk"); risk && risk->contains("trustRating")) {
      // Clamped before the cast: a huge (or infinite) rating would overflow an int.
      double rating = Number(*risk, "trustRating", 0);
      if (!std::isfinite(rating)) rating = 0;
      rating = std::clamp(rating, -1e9, 1e9);
      text += " Trust rating: " + std::to_string(static_cast<int>(rating)) + ".";
    }
    b.description = PlainText(text);
    m.boundaries.push_back(std::move(b));
  }
  // Parents that would form a cycle are dropped (the loader refuses cycles).
  for (const ElementId& id : import_internal::DropParentCycles(m.boundaries)) {
    Note(out.notes, "trust zone " + id.str() + ": parent dropped (a cycle)");
  }

  for (const json* a : assets) {
    DataAsset d;
    d.id = asset_ids.at(Str(*a, "id"));
    d.name = PlainText(Str(*a, "name"), 200);
    if (d.name.empty()) d.name = d.id.str();
    d.description = PlainText(Str(*a, "description"));
    if (const json* risk = Object(*a, "risk")) {
      d.confidentiality = Level(Number(*risk, "confidentiality", 50), true);
      d.integrity = Level(Number(*risk, "integrity", 50), true);
      d.availability = Level(Number(*risk, "availability", 50), true);
    }
    if (const json* attrs = Object(*a, "attributes")) {
      for (const char* c : {"public", "internal", "confidential", "restricted", "secret"}) {
        if (Str(*attrs, "classification") == c) d.classification = c;
      }
      for (const char* q : {"very-few", "few", "many", "very-many"}) {
        if (Str(*attrs, "quantity") == q) d.quantity = q;
      }
      d.pii = Bool(*attrs, "pii");
      d.credentials = Bool(*attrs, "credentials");
    }
    m.data.push_back(std::move(d));
  }

  // Threat instances on components and dataflows: the threat's elements, state and mitigations.
  std::map<std::string, std::vector<ElementId>> threat_elements;
  std::map<std::string, std::string> threat_state;
  std::map<std::string, std::vector<std::string>> mitigation_threats;  // mitigation -> threats
  std::map<std::string, std::vector<ElementId>> mitigation_elements;
  std::map<std::string, bool> mitigation_implemented;
  auto instances = [&](const json& element, const ElementId& id) {
    if (const json* list = Array(element, "threats")) {
      for (const json& inst : *list) {
        const std::string threat = Str(inst, "threat");
        if (!threat_ids.count(threat)) continue;
        threat_elements[threat].push_back(id);
        const std::string status = ThreatStatus(Str(inst, "state"));
        auto& have = threat_state[threat];
        if (have.empty() || status == "open") have = status;
        if (const json* ms = Array(inst, "mitigations")) {
          for (const json& mi : *ms) {
            const std::string mid = Str(mi, "mitigation");
            if (!mitigation_ids.count(mid)) continue;
            mitigation_threats[mid].push_back(threat_ids.at(threat).str());
            mitigation_elements[mid].push_back(id);
            if (ToLower(Str(mi, "state")) == "implemented") mitigation_implemented[mid] = true;
          }
        }
      }
    }
  };

  // A component's boundary: its zone, or (nested components) its parent component's zone.
  std::map<std::string, std::string> component_zone, component_parent;
  for (const json* c : components) {
    if (const json* parent = Object(*c, "parent")) {
      component_zone[Str(*c, "id")] = Str(*parent, "trustZone");
      component_parent[Str(*c, "id")] = Str(*parent, "component");
    }
  }
  // The zone a component inherits through its parent components, memoized, so a chain of n
  // components costs O(n log n); a cycle of parents (c2 -> c3 -> c2) ends the walk without a zone.
  std::map<std::string, std::string> resolved_zone;
  auto zone_of = [&](const std::string& start) {
    std::vector<std::string> path;
    std::set<std::string> on_path;
    std::string zone;
    for (std::string at = start;;) {
      if (const auto r = resolved_zone.find(at); r != resolved_zone.end()) {
        zone = r->second;
        break;
      }
      if (!on_path.insert(at).second) break;  // a cycle of parent components
      path.push_back(at);
      if (const auto z = component_zone.find(at); z != component_zone.end() && !z->second.empty()) {
        zone = z->second;
        break;
      }
      const auto p = component_parent.find(at);
      if (p == component_parent.end() || p->second.empty()) break;
      at = p->second;
    }
    for (const std::string& p : path) resolved_zone[p] = zone;
    return zone;
  };
  for (const json* c : components) {
    const std::string otm_id = Str(*c, "id");
    const ElementId id = component_ids.at(otm_id);
    const std::string zone = zone_of(otm_id);
    const std::string type = Str(*c, "type");
    const json* attrs = Object(*c, "attributes");
    if (attrs != nullptr && Str(*attrs, "fledger_element") == "actor") {
      Actor a;
      a.id = id;
      a.name = PlainText(Str(*c, "name"), 200);
      if (a.name.empty()) a.name = id.str();
      for (const char* k : {"user", "admin", "service", "attacker"}) {
        if (Str(*attrs, "kind") == k) a.kind = k;
      }
      a.trusted = Bool(*attrs, "trusted");
      a.description = PlainText(Str(*c, "description"));
      a.provenance.source = "otm:" + PlainText(otm_id, 200);
      instances(*c, id);
      m.actors.push_back(std::move(a));
      continue;
    }
    Component comp;
    comp.id = id;
    comp.name = PlainText(Str(*c, "name"), 200);
    if (comp.name.empty()) comp.name = id.str();
    comp.kind = ComponentKind(type);
    comp.technology = PlainText(type, 100);
    if (const auto z = zone_ids.find(zone); z != zone_ids.end()) {
      comp.boundary = z->second;
      const std::string zone_name = ToLower(Str(*zone_by_id.at(zone), "name"));
      if (zone_name.find("internet") != std::string::npos) comp.exposure = "internet";
    }
    if (attrs != nullptr) {
      for (const char* k : {"process", "data-store", "external-service"}) {
        if (Str(*attrs, "kind") == k) comp.kind = k;
      }
      if (!Str(*attrs, "technology").empty()) comp.technology = PlainText(Str(*attrs, "technology"), 100);
      for (const char* e : {"internet", "internal", "private"}) {
        if (Str(*attrs, "exposure") == e) comp.exposure = e;
      }
      for (const char* a : {"none", "password", "session", "token", "api-key", "mtls", "sso", "unknown"}) {
        if (Str(*attrs, "authentication") == a) comp.authentication = a;
      }
      comp.permissions = PlainText(Str(*attrs, "permissions"), 200);
      if (attrs->contains("audit_log") && (*attrs)["audit_log"].is_boolean()) {
        comp.audit_log = (*attrs)["audit_log"].get<bool>();
      }
    }
    if (const json* held = Object(*c, "assets")) {
      for (const char* key : {"processed", "stored"}) {
        for (const std::string& a : Strings(*held, key)) {
          if (const auto it = asset_ids.find(a); it != asset_ids.end()) comp.data.push_back(it->second);
        }
      }
    }
    comp.description = PlainText(Str(*c, "description"));
    comp.provenance.source = "otm:" + PlainText(otm_id, 200);
    instances(*c, id);
    m.components.push_back(std::move(comp));
  }

  for (const json* f : flows) {
    const std::string otm_id = Str(*f, "id");
    const auto s = component_ids.find(Str(*f, "source"));
    const auto t = component_ids.find(Str(*f, "destination"));
    if (s == component_ids.end() || t == component_ids.end()) {
      Note(out.notes, "dataflow '" + PlainText(otm_id, 80) +
                          "': not imported (its source or destination is not a component)");
      continue;
    }
    Flow flow;
    flow.id = IdFor(ids, otm_id, Str(*f, "name"), "flow");
    flow.source = s->second;
    flow.target = t->second;
    for (const std::string& a : Strings(*f, "assets")) {
      if (const auto it = asset_ids.find(a); it != asset_ids.end()) flow.data.push_back(it->second);
    }
    if (const json* attrs = Object(*f, "attributes")) {
      flow.protocol = PlainText(Str(*attrs, "protocol"), 100);
      flow.encrypted = Bool(*attrs, "encrypted");
      for (const char* a : {"none", "password", "session", "token", "api-key", "mtls", "sso", "unknown"}) {
        if (Str(*attrs, "authentication") == a) flow.authentication = a;
      }
      flow.authorization = Bool(*attrs, "authorization");
    }
    const std::string name = PlainText(Str(*f, "name"), 200);
    const std::string description = PlainText(Str(*f, "description"));
    flow.description = name + (description.empty() || description == name ? "" : (name.empty() ? "" : ": ") + description);
    flow.provenance.source = "otm:" + PlainText(otm_id, 200);
    instances(*f, flow.id);
    if (Bool(*f, "bidirectional")) {
      Flow back = flow;
      back.id = ids.Make(flow.id.str() + "-back", "flow");
      std::swap(back.source, back.target);
      m.flows.push_back(std::move(back));
    }
    m.flows.push_back(std::move(flow));
  }

  for (const json* t : threats) {
    const std::string otm_id = Str(*t, "id");
    Threat threat;
    threat.id = threat_ids.at(otm_id);
    threat.title = PlainText(Str(*t, "name"), 200);
    if (threat.title.empty()) threat.title = threat.id.str();
    std::string others;
    for (const std::string& c : Strings(*t, "categories")) {
      const std::string stride = import_internal::StrideCategory(c);
      if (threat.category.empty() && !stride.empty()) {
        threat.category = stride;
      } else if (stride.empty()) {
        others += (others.empty() ? "" : ", ") + c;
      }
    }
    if (threat.category.empty()) {
      threat.category = "tampering";
      Note(out.notes, "threat '" + PlainText(otm_id, 80) +
                          "': no STRIDE category, imported as tampering");
    }
    for (const std::string& c : Strings(*t, "cwes")) {
      if (const std::string cwe = import_internal::CweId(c); !cwe.empty()) threat.cwe.push_back(cwe);
    }
    if (const json* risk = Object(*t, "risk")) {
      threat.likelihood = Level(Number(*risk, "likelihood", 50), false);
      threat.impact = Level(Number(*risk, "impact", 50), true);
    }
    threat.elements = threat_elements[otm_id];
    threat.status = threat_state[otm_id].empty() ? "open" : threat_state[otm_id];
    if (const json* attrs = Object(*t, "attributes")) {
      for (const char* s : {"open", "mitigated", "accepted", "false-positive"}) {
        if (Str(*attrs, "status") == s) threat.status = s;
      }
    }
    threat.description = PlainText(Str(*t, "description") + (others.empty() ? "" : " Categories: " + others + "."));
    m.threats.push_back(std::move(threat));
  }
  for (const json* mi : mitigations) {
    const std::string otm_id = Str(*mi, "id");
    Control c;
    c.id = mitigation_ids.at(otm_id);
    c.name = PlainText(Str(*mi, "name"), 200);
    if (c.name.empty()) c.name = c.id.str();
    c.status = mitigation_implemented[otm_id] ? "active" : "planned";
    c.mitigates = mitigation_threats[otm_id];
    c.elements = mitigation_elements[otm_id];
    c.description = PlainText(Str(*mi, "description"));
    m.controls.push_back(std::move(c));
  }
  import_internal::SortModel(m);
  return out;
}

}  // namespace fledger::model
