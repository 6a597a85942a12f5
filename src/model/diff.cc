// `model diff` (diff.h): elements compared field by field, generated threats by id, and the gate.
#include "model/diff.h"

#include <algorithm>
#include <map>
#include <set>

namespace fledger::model {
namespace {

using Fields = std::vector<std::pair<std::string, std::string>>;  // in the format's order

std::string Bool(bool b) { return b ? "true" : "false"; }
std::string Opt(const std::optional<ElementId>& id) { return id ? id->str() : ""; }
std::string Opt(const std::optional<bool>& b) { return b ? Bool(*b) : "unknown"; }

std::string List(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + items[i];
  return out + "]";
}
std::string List(const std::vector<ElementId>& ids) {
  std::vector<std::string> items;
  for (const auto& id : ids) items.push_back(id.str());
  return List(items);
}

// The semantic fields of each kind of element, by the names threatmodel.yaml gives them.
Fields FieldsOf(const Actor& e) {
  return {{"name", e.name}, {"kind", e.kind}, {"trusted", Bool(e.trusted)},
          {"description", e.description}};
}
Fields FieldsOf(const Component& e) {
  return {{"name", e.name},
          {"kind", e.kind},
          {"technology", e.technology},
          {"paths", List(e.paths)},
          {"exposure", e.exposure},
          {"authentication", e.authentication},
          {"permissions", e.permissions},
          {"audit_log", Opt(e.audit_log)},
          {"boundary", Opt(e.boundary)},
          {"data", List(e.data)},
          {"description", e.description}};
}
Fields FieldsOf(const DataAsset& e) {
  return {{"name", e.name},
          {"classification", e.classification},
          {"confidentiality", e.confidentiality},
          {"integrity", e.integrity},
          {"availability", e.availability},
          {"quantity", e.quantity},
          {"pii", Bool(e.pii)},
          {"credentials", Bool(e.credentials)},
          {"description", e.description}};
}
Fields FieldsOf(const Flow& e) {
  return {{"source", e.source.str()},
          {"target", e.target.str()},
          {"protocol", e.protocol},
          {"encrypted", Bool(e.encrypted)},
          {"authentication", e.authentication},
          {"authorization", Bool(e.authorization)},
          {"data", List(e.data)},
          {"description", e.description}};
}
Fields FieldsOf(const Boundary& e) {
  return {{"name", e.name}, {"kind", e.kind}, {"parent", Opt(e.parent)},
          {"description", e.description}};
}
Fields FieldsOf(const UseCase& e) {
  return {{"name", e.name}, {"actor", Opt(e.actor)}, {"flows", List(e.flows)},
          {"description", e.description}};
}
Fields FieldsOf(const Assumption& e) {
  const auto check = [&](const std::vector<std::string> AssumptionCheck::*field) {
    return e.check ? List((*e.check).*field) : std::string("(no check)");
  };
  return {{"statement", e.statement},
          {"status", e.status},
          {"elements", List(e.elements)},
          {"excludes", List(e.excludes)},
          {"check.rules", check(&AssumptionCheck::rules)},
          {"check.kinds", check(&AssumptionCheck::kinds)},
          {"check.paths", check(&AssumptionCheck::paths)}};
}
Fields FieldsOf(const MisuseCase& e) {
  return {{"persona", Opt(e.persona)}, {"entry", Opt(e.entry)}, {"action", e.action},
          {"gain", e.gain}};
}
Fields FieldsOf(const Threat& e) {
  return {{"title", e.title},       {"category", e.category},     {"elements", List(e.elements)},
          {"likelihood", e.likelihood}, {"impact", e.impact},     {"status", e.status},
          {"cwe", List(e.cwe)},     {"capec", List(e.capec)},     {"covers", List(e.covers)},
          {"description", e.description}};
}
Fields FieldsOf(const Control& e) {
  return {{"name", e.name},           {"status", e.status},   {"mitigates", List(e.mitigates)},
          {"elements", List(e.elements)}, {"tests", List(e.tests)},
          {"description", e.description}};
}
Fields FieldsOf(const Question& e) { return {{"text", e.text}, {"answer", e.answer}}; }

std::string SummaryOf(const Flow& f) {
  return f.source.str() + " -> " + f.target.str() +
         (f.protocol.empty() ? std::string() : " (" + f.protocol + ")");
}
template <typename T>
std::string SummaryOf(const T& e) {
  if constexpr (requires { e.name; }) {
    return e.name;
  } else if constexpr (requires { e.statement; }) {
    return e.statement;
  } else if constexpr (requires { e.title; }) {
    return e.title;
  } else if constexpr (requires { e.text; }) {
    return e.text;
  } else {
    return e.action;
  }
}

// Compares one section of the two models by id (each id is unique in a loaded model).
template <typename T>
void DiffSection(const std::string& kind, const std::vector<T>& before,
                 const std::vector<T>& after, std::vector<ElementChange>& out) {
  std::map<std::string, const T*> a, b;
  for (const T& e : before) a.emplace(e.id.str(), &e);
  for (const T& e : after) b.emplace(e.id.str(), &e);
  std::set<std::string> ids;
  for (const auto& [id, e] : a) ids.insert(id);
  for (const auto& [id, e] : b) ids.insert(id);
  for (const std::string& id : ids) {
    const auto ia = a.find(id);
    const auto ib = b.find(id);
    ElementChange c;
    c.kind = kind;
    c.id = id;
    if (ia == a.end()) {
      c.type = ElementChange::Type::kAdded;
      c.summary = SummaryOf(*ib->second);
    } else if (ib == b.end()) {
      c.type = ElementChange::Type::kRemoved;
      c.summary = SummaryOf(*ia->second);
    } else {
      c.summary = SummaryOf(*ib->second);
      const Fields fa = FieldsOf(*ia->second);
      const Fields fb = FieldsOf(*ib->second);
      // Both lists come from the same FieldsOf: the same fields in the same order.
      for (size_t i = 0; i < fa.size() && i < fb.size(); ++i) {
        if (fa[i].second != fb[i].second) c.fields.push_back({fa[i].first, fa[i].second, fb[i].second});
      }
      if (c.fields.empty()) continue;
    }
    out.push_back(std::move(c));
  }
}

bool HighImpact(const std::string& impact) { return impact == "high" || impact == "critical"; }

}  // namespace

std::string_view ChangeTypeName(ElementChange::Type type) {
  switch (type) {
    case ElementChange::Type::kAdded:
      return "added";
    case ElementChange::Type::kRemoved:
      return "removed";
    case ElementChange::Type::kChanged:
      return "changed";
  }
  return "changed";
}

std::string WhyNotGating(const GeneratedThreat& t, const Model& b) {
  if (!HighImpact(t.impact)) return "impact " + t.impact;
  if (!t.excluded_by.empty()) {
    std::string by;
    for (const auto& id : t.excluded_by) by += (by.empty() ? "" : ", ") + id;
    return "excluded by " + by;
  }
  for (const Control& c : b.controls) {
    if (c.status == "active" &&
        std::find(c.mitigates.begin(), c.mitigates.end(), t.id) != c.mitigates.end()) {
      return "mitigated by active control " + c.id.str();
    }
  }
  for (const Threat& w : b.threats) {
    if (w.status != "accepted" && w.status != "mitigated" && w.status != "false-positive") {
      continue;
    }
    // It names the generated threat in `covers`, or has its category and all its elements.
    bool covers = std::find(w.covers.begin(), w.covers.end(), t.id) != w.covers.end();
    if (!covers && w.category == t.category && !t.elements.empty()) {
      covers = std::all_of(t.elements.begin(), t.elements.end(), [&](const std::string& e) {
        return std::any_of(w.elements.begin(), w.elements.end(),
                           [&](const ElementId& id) { return id.str() == e; });
      });
    }
    if (covers) return w.status + " as threat " + w.id.str();
  }
  return "";
}

ModelDiff DiffModels(const Model& a, const Analysis& analysis_a, const Model& b,
                     const Analysis& analysis_b) {
  ModelDiff d;
  {
    ElementChange top{ElementChange::Type::kChanged, "model", "", b.name, {}};
    if (a.name != b.name) top.fields.push_back({"name", a.name, b.name});
    if (a.description != b.description) {
      top.fields.push_back({"description", a.description, b.description});
    }
    if (!top.fields.empty()) d.elements.push_back(std::move(top));
  }
  DiffSection("actor", a.actors, b.actors, d.elements);
  DiffSection("component", a.components, b.components, d.elements);
  DiffSection("data", a.data, b.data, d.elements);
  DiffSection("flow", a.flows, b.flows, d.elements);
  DiffSection("boundary", a.boundaries, b.boundaries, d.elements);
  DiffSection("use-case", a.use_cases, b.use_cases, d.elements);
  DiffSection("assumption", a.assumptions, b.assumptions, d.elements);
  DiffSection("misuse-case", a.misuse_cases, b.misuse_cases, d.elements);
  DiffSection("threat", a.threats, b.threats, d.elements);
  DiffSection("control", a.controls, b.controls, d.elements);
  DiffSection("question", a.questions, b.questions, d.elements);

  std::map<std::string, const GeneratedThreat*> before, after;
  for (const auto& t : analysis_a.threats) before.emplace(t.id, &t);
  for (const auto& t : analysis_b.threats) after.emplace(t.id, &t);
  for (const auto& [id, t] : after) {
    if (before.count(id)) continue;
    NewRisk r{*t, false, WhyNotGating(*t, b)};
    r.gates = r.accepted.empty();
    d.new_high_risks += r.gates ? 1 : 0;
    d.threats_added.push_back(std::move(r));
  }
  for (const auto& [id, t] : before) {
    if (!after.count(id)) d.threats_removed.push_back(*t);
  }
  return d;
}

}  // namespace fledger::model
