// What `model report` says (report_internal.h): the answers to a security team's questions,
// read from the model, then the ranked misuse cases, generated threats and assumptions.
#include <algorithm>
#include <map>
#include <sstream>

#include "model/render/report_internal.h"

namespace fledger::model::render::internal {
namespace {

std::string Join(const std::vector<std::string>& items, std::string_view sep = ", ") {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += sep;
    out += item;
  }
  return out;
}

std::string Number(double v) {
  std::ostringstream out;
  out << v;
  return out.str();
}

// Higher for more sensitive data: the order of the sensitive-data table.
int ClassRank(const std::string& classification) {
  static const std::map<std::string, int> kRank = {
      {"secret", 5}, {"restricted", 4}, {"confidential", 3}, {"internal", 2}, {"public", 1}};
  const auto it = kRank.find(classification);
  return it == kRank.end() ? 0 : it->second;
}

ReportTable MovingParts(const Model& m) {
  ReportTable t{kDiagramAnchor, "The moving parts", "Can we see a block diagram of the moving parts?",
                {"Component", "Name", "Kind", "Technology", "Exposure", "Authentication",
                 "Boundary", "Owned paths"}, {}, "The model has no components."};
  for (const Component& c : m.components) {
    t.rows.push_back({c.id.str(), c.name, c.kind, c.technology, c.exposure, c.authentication,
                      c.boundary ? c.boundary->str() : "(none)", Join(c.paths)});
  }
  return t;
}

ReportTable Permissions(const Model& m) {
  ReportTable t{"permissions", "Permissions", "Does your system have a notion of permissions?",
                {"Component", "Permissions model"}, {}, "The model has no components."};
  for (const Component& c : m.components) {
    t.rows.push_back({c.id.str(), c.permissions.empty() ? "none recorded" : c.permissions});
  }
  return t;
}

ReportTable AuditLog(const Model& m) {
  ReportTable t{"audit-log", "Audit logging", "Does it log what it's doing?",
                {"Component", "Audit log"}, {}, "The model has no components."};
  for (const Component& c : m.components) {
    t.rows.push_back({c.id.str(), !c.audit_log ? "unknown" : *c.audit_log ? "yes" : "no"});
  }
  return t;
}

std::string FlowText(const Flow& f) {
  std::string text = f.id.str() + " from " + f.source.str() + " (" +
                     (f.protocol.empty() ? "protocol unknown" : f.protocol);
  if (!f.encrypted) text += ", unencrypted";
  text += ", authentication " + f.authentication + ")";
  return text;
}

ReportTable Internet(const Model& m) {
  ReportTable t{"internet", "Exposed to the internet", "What is exposed to the internet?",
                {"Component", "Exposure", "Authentication", "Flows from untrusted actors"}, {},
                "Nothing: no component has exposure internet and no untrusted actor reaches one."};
  // Indexed once: a model may hold tens of thousands of components and flows.
  std::map<std::string, std::vector<std::string>> from_untrusted;  // by target
  std::map<std::string, const Actor*> untrusted;
  for (const Actor& a : m.actors) {
    if (!a.trusted || a.kind == "attacker") untrusted.emplace(a.id.str(), &a);
  }
  for (const Flow& f : m.flows) {
    if (untrusted.count(f.source.str())) {
      from_untrusted[f.target.str()].push_back(FlowText(f));
    }
  }
  for (const Component& c : m.components) {
    const auto it = from_untrusted.find(c.id.str());
    const std::vector<std::string> flows =
        it == from_untrusted.end() ? std::vector<std::string>{} : it->second;
    if (c.exposure != "internet" && flows.empty()) continue;
    t.rows.push_back({c.id.str(), c.exposure, c.authentication,
                      flows.empty() ? "(none in the model)" : Join(flows, "; ")});
  }
  return t;
}

ReportTable SensitiveData(const Model& m) {
  ReportTable t{"sensitive-data", "Sensitive data", "Where is sensitive data?",
                {"Data", "Name", "Classification", "PII", "Credentials", "Held by",
                 "Carried unencrypted by"}, {}, "The model has no data assets."};
  std::vector<const DataAsset*> sorted;
  for (const DataAsset& d : m.data) sorted.push_back(&d);
  std::stable_sort(sorted.begin(), sorted.end(), [](const DataAsset* x, const DataAsset* y) {
    return ClassRank(x->classification) > ClassRank(y->classification);
  });
  // Indexed once, by data id, in model order.
  std::map<std::string, std::vector<std::string>> held_by, unencrypted_by;
  for (const Component& c : m.components) {
    for (const ElementId& d : c.data) held_by[d.str()].push_back(c.id.str() + " (" + c.kind + ")");
  }
  for (const Flow& f : m.flows) {
    if (f.encrypted) continue;
    for (const ElementId& d : f.data) {
      unencrypted_by[d.str()].push_back(f.id.str() + " (" + f.source.str() + " -> " +
                                        f.target.str() + ")");
    }
  }
  for (const DataAsset* d : sorted) {
    const std::vector<std::string>& held = held_by[d->id.str()];
    const std::vector<std::string>& unencrypted = unencrypted_by[d->id.str()];
    t.rows.push_back({d->id.str(), d->name, d->classification, d->pii ? "yes" : "no",
                      d->credentials ? "yes" : "no", held.empty() ? "(none)" : Join(held),
                      unencrypted.empty() ? "(none)" : Join(unencrypted)});
  }
  return t;
}

ReportTable Questions(const Model& m) {
  ReportTable t{"questions", "Open questions", "What does the model not answer yet?",
                {"Question", "Text"}, {}, "None: every question of the model has an answer."};
  for (const Question& q : m.questions) {
    if (q.answer.empty()) t.rows.push_back({q.id.str(), q.text});
  }
  return t;
}

ReportTable Misuse(const Analysis& a) {
  ReportTable t{"misuse-cases", "Misuse cases ranked by value to an attacker",
                "What would an attacker go for first? (score = gain / path cost)",
                {"Rank", "Misuse case", "Score", "Gain", "Path cost", "Path", "Cheapest control",
                 "Attacker gains"}, {}, "No entry point reaches a target: no misuse case."};
  size_t rank = 0;
  for (const RankedMisuse& mc : a.misuse_cases) {
    std::vector<std::string> steps;
    if (mc.persona.empty()) steps.push_back("internet");
    for (const PathStep& s : mc.path) steps.push_back(s.element);
    t.rows.push_back({std::to_string(++rank), mc.id + " [" + mc.source + "]", Number(mc.score),
                      Number(mc.gain), Number(mc.path_cost), Join(steps, " -> "),
                      mc.cheapest_control, mc.gain_text});
  }
  return t;
}

ReportTable Threats(const Analysis& a) {
  ReportTable t{"threats", "Generated threats", "",
                {"Threat", "Category", "Elements", "Likelihood", "Impact", "CWE", "CAPEC",
                 "Excluded by"}, {}, "No threat rule fires on this model."};
  for (const GeneratedThreat& g : a.threats) {
    t.rows.push_back({g.id, g.category, Join(g.elements), g.likelihood, g.impact, g.cwe, g.capec,
                      Join(g.excluded_by)});
  }
  return t;
}

ReportTable Assumptions(const Model& m, const Analysis& a) {
  ReportTable t{"assumptions", "Assumptions", "What does the model take as true?",
                {"Assumption", "Statement", "Status", "If it is false", "Threats it excludes"},
                {}, "The model makes no assumptions."};
  std::map<std::string, const InvertedAssumption*> inverted;
  for (const InvertedAssumption& inv : a.inverted) inverted.emplace(inv.id, &inv);
  for (const Assumption& as : m.assumptions) {
    const auto it = inverted.find(as.id.str());
    const InvertedAssumption* inv = it == inverted.end() ? nullptr : it->second;
    t.rows.push_back({as.id.str(), as.statement, as.status, inv ? inv->if_false : "",
                      inv ? Join(inv->threats) : ""});
  }
  return t;
}

}  // namespace

ReportContent ContentOf(const Model& m, const Analysis& a) {
  ReportContent c;
  c.title = "Threat model: " + (m.name.empty() ? std::string("(unnamed)") : m.name);
  c.description = m.description;
  size_t excluded = 0;
  for (const GeneratedThreat& g : a.threats) excluded += g.excluded_by.empty() ? 0 : 1;
  c.summary = std::to_string(m.components.size()) + " component(s), " +
              std::to_string(m.flows.size()) + " flow(s), " + std::to_string(m.data.size()) +
              " data asset(s), " + std::to_string(m.boundaries.size()) + " boundary(ies); " +
              std::to_string(a.threats.size()) + " generated threat(s) (" +
              std::to_string(excluded) + " excluded by assumptions), " +
              std::to_string(a.misuse_cases.size()) + " misuse case(s)";
  c.tables = {MovingParts(m),   Permissions(m),  AuditLog(m),   Internet(m),
              SensitiveData(m), Questions(m),    Misuse(a),  Threats(a),
              Assumptions(m, a)};
  return c;
}

}  // namespace fledger::model::render::internal
