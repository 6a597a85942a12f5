// ExportOtm: a Model as Open Threat Model 0.2.0 JSON. What OTM has no field for (kinds, exposure,
// authentication, protocol, encryption, classification) goes into `attributes`, which ImportOtm
// reads back, so export then import gives the same elements.
#include "core/json.h"
#include "model/import/import.h"

namespace fledger::model {
namespace {

using nlohmann::ordered_json;

int Rating(const std::string& level) {
  if (level == "low") return 25;
  if (level == "high") return 75;
  if (level == "critical") return 100;
  return 50;
}

ordered_json Ids(const std::vector<ElementId>& ids) {
  ordered_json out = ordered_json::array();
  for (const ElementId& id : ids) out.push_back(id.str());
  return out;
}

// The zone of elements outside every boundary (OTM requires a parent), marked so that the
// importer leaves it out.
constexpr const char* kNoZone = "fledger-outside-boundaries";

}  // namespace

std::string ExportOtm(const Model& m) {
  ordered_json doc;
  doc["otmVersion"] = "0.2.0";
  ordered_json project;
  project["name"] = m.name.empty() ? "threat model" : m.name;
  project["id"] = m.name.empty() ? "threat-model" : m.name;
  if (!m.description.empty()) project["description"] = m.description;
  doc["project"] = project;
  ordered_json assets = ordered_json::array();
  for (const DataAsset& d : m.data) {
    ordered_json a;
    a["name"] = d.name;
    a["id"] = d.id.str();
    if (!d.description.empty()) a["description"] = d.description;
    a["risk"] = {{"confidentiality", Rating(d.confidentiality)},
                 {"integrity", Rating(d.integrity)},
                 {"availability", Rating(d.availability)}};
    a["attributes"] = {{"classification", d.classification},
                       {"quantity", d.quantity},
                       {"pii", d.pii},
                       {"credentials", d.credentials}};
    assets.push_back(a);
  }
  doc["assets"] = assets;
  ordered_json zones = ordered_json::array();
  for (const Boundary& b : m.boundaries) {
    ordered_json z;
    z["id"] = b.id.str();
    z["name"] = b.name;
    z["type"] = b.kind;
    if (!b.description.empty()) z["description"] = b.description;
    // fledger keeps no trust rating; boundaries inside others rate higher.
    int depth = 0;
    for (std::optional<ElementId> at = b.parent; at && depth < 100; ++depth) {
      const Boundary* p = m.FindBoundary(*at);
      at = p ? p->parent : std::nullopt;
    }
    z["risk"] = {{"trustRating", std::min(100, 50 + 10 * depth)}};
    if (b.parent) z["parent"] = {{"trustZone", b.parent->str()}};
    zones.push_back(z);
  }
  bool outside = !m.actors.empty();
  for (const Component& c : m.components) outside = outside || !c.boundary;
  if (outside) {
    zones.push_back({{"id", kNoZone},
                     {"name", "Outside every trust boundary"},
                     {"risk", {{"trustRating", 0}}},
                     {"attributes", {{"fledger", "synthetic"}}}});
  }
  doc["trustZones"] = zones;

  // Threat instances of an element: the threats naming it, with the controls mitigating them.
  auto instances = [&](const ElementId& id) {
    ordered_json out = ordered_json::array();
    for (const Threat& t : m.threats) {
      if (std::find(t.elements.begin(), t.elements.end(), id) == t.elements.end()) continue;
      ordered_json inst;
      inst["threat"] = t.id.str();
      inst["state"] = t.status;
      ordered_json ms = ordered_json::array();
      for (const Control& c : m.controls) {
        if (std::find(c.mitigates.begin(), c.mitigates.end(), t.id.str()) == c.mitigates.end()) {
          continue;
        }
        ms.push_back({{"mitigation", c.id.str()},
                      {"state", c.status == "active" ? "implemented" : "required"}});
      }
      inst["mitigations"] = ms;
      out.push_back(inst);
    }
    return out;
  };
  ordered_json components = ordered_json::array();
  for (const Actor& a : m.actors) {
    ordered_json c;
    c["id"] = a.id.str();
    c["name"] = a.name;
    c["type"] = "actor";
    if (!a.description.empty()) c["description"] = a.description;
    c["parent"] = {{"trustZone", kNoZone}};
    c["threats"] = instances(a.id);
    c["attributes"] = {{"fledger_element", "actor"}, {"kind", a.kind}, {"trusted", a.trusted}};
    components.push_back(c);
  }
  for (const Component& k : m.components) {
    ordered_json c;
    c["id"] = k.id.str();
    c["name"] = k.name;
    c["type"] = k.technology.empty() ? k.kind : k.technology;
    if (!k.description.empty()) c["description"] = k.description;
    c["parent"] = {{"trustZone", k.boundary ? k.boundary->str() : kNoZone}};
    if (!k.data.empty()) c["assets"] = {{"processed", Ids(k.data)}};
    c["threats"] = instances(k.id);
    ordered_json attrs = {{"fledger_element", "component"},
                          {"kind", k.kind},
                          {"technology", k.technology},
                          {"exposure", k.exposure},
                          {"authentication", k.authentication},
                          {"permissions", k.permissions}};
    if (k.audit_log) attrs["audit_log"] = *k.audit_log;
    c["attributes"] = attrs;
    components.push_back(c);
  }
  doc["components"] = components;
  ordered_json flows = ordered_json::array();
  for (const Flow& f : m.flows) {
    ordered_json d;
    d["id"] = f.id.str();
    d["name"] = f.description.empty() ? f.id.str() : f.description;
    d["bidirectional"] = false;
    d["source"] = f.source.str();
    d["destination"] = f.target.str();
    d["assets"] = Ids(f.data);
    d["threats"] = instances(f.id);
    d["attributes"] = {{"protocol", f.protocol},
                       {"encrypted", f.encrypted},
                       {"authentication", f.authentication},
                       {"authorization", f.authorization}};
    flows.push_back(d);
  }
  doc["dataflows"] = flows;
  ordered_json threats = ordered_json::array();
  for (const Threat& t : m.threats) {
    ordered_json j;
    j["id"] = t.id.str();
    j["name"] = t.title;
    if (!t.description.empty()) j["description"] = t.description;
    j["categories"] = ordered_json::array({t.category});
    j["cwes"] = t.cwe;
    j["risk"] = {{"likelihood", Rating(t.likelihood)}, {"impact", Rating(t.impact)}};
    j["attributes"] = {{"status", t.status}};
    threats.push_back(j);
  }
  doc["threats"] = threats;
  ordered_json mitigations = ordered_json::array();
  for (const Control& c : m.controls) {
    ordered_json j;
    j["id"] = c.id.str();
    j["name"] = c.name;
    if (!c.description.empty()) j["description"] = c.description;
    // fledger does not estimate how much a control reduces a risk: 50 says "some".
    j["riskReduction"] = 50;
    j["attributes"] = {{"status", c.status}};
    mitigations.push_back(j);
  }
  doc["mitigations"] = mitigations;
  return DumpJson(doc);
}

}  // namespace fledger::model
