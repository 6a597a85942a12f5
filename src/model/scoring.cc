// The weights of docs/model.md ("Scoring").
#include "model/scoring.h"

#include <algorithm>
#include <cmath>
#include <set>

namespace fledger::model {

double Round3(double v) { return std::round(v * 1000.0) / 1000.0; }

double LevelWeight(std::string_view level) {
  if (level == "low") return 1;
  if (level == "high") return 4;
  if (level == "critical") return 8;
  return 2;  // medium
}

double ClassWeight(std::string_view c) {
  if (c == "public") return 1;
  if (c == "confidential") return 4;
  if (c == "restricted") return 6;
  if (c == "secret") return 8;
  return 2;  // internal
}

double QuantityWeight(std::string_view q) {
  if (q == "very-few") return 1;
  if (q == "many") return 2.5;
  if (q == "very-many") return 4;
  return 1.5;  // few
}

double DataValue(const DataAsset& d, std::string_view category) {
  double base = 0;
  if (category == "information-disclosure") {
    base = std::max(ClassWeight(d.classification), LevelWeight(d.confidentiality));
    if (d.pii) base *= 1.5;
  } else if (category == "tampering" || category == "spoofing") {
    base = LevelWeight(d.integrity);
  } else if (category == "repudiation") {
    base = LevelWeight(d.integrity) / 2;
  } else if (category == "denial-of-service") {
    base = LevelWeight(d.availability);
  } else {  // elevation-of-privilege: read and change
    base = std::max(ClassWeight(d.classification), LevelWeight(d.confidentiality)) +
           LevelWeight(d.integrity);
  }
  return Round3(base * QuantityWeight(d.quantity) * (d.credentials ? 2 : 1));
}

std::vector<const DataAsset*> DataReached(const Model& m, const ElementId& element) {
  std::set<ElementId> ids;
  if (const Component* c = m.FindComponent(element)) ids.insert(c->data.begin(), c->data.end());
  for (const Flow* f : m.FlowsAt(element)) ids.insert(f->data.begin(), f->data.end());
  std::vector<const DataAsset*> out;
  for (const auto& id : ids) {
    if (const DataAsset* d = m.FindData(id)) out.push_back(d);
  }
  return out;
}

double Capability(const Component& c, std::string_view category) {
  if (c.kind != "process") return 0;
  if (category == "elevation-of-privilege") return 10;  // code execution in the process
  if (category == "tampering") return 5;                // changes what the process does
  if (category == "spoofing") return 3;                 // acts as someone else
  return 0;
}

double ElementValue(const Model& m, const ElementId& element, std::string_view category) {
  double v = 0;
  for (const DataAsset* d : DataReached(m, element)) v = std::max(v, DataValue(*d, category));
  if (const Component* c = m.FindComponent(element)) v += Capability(*c, category);
  return v;
}

std::string ImpactOf(double value) {
  if (value >= 24) return "critical";
  if (value >= 10) return "high";
  if (value >= 4) return "medium";
  return "low";
}

}  // namespace fledger::model
