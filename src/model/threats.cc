// Analyze: the rule library's threats (model/rules.h), assumption inversion, then misuse cases ranked
// by gain / path cost, where the path cost is a shortest path (Dijkstra) over the flows from the
// untrusted entry points. Every weight is in docs/model.md ("Scoring").
#include "model/threats.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <queue>
#include <set>

#include "model/check.h"
#include "model/evidence.h"
#include "model/rules.h"
#include "model/scoring.h"

namespace fledger::model {
namespace {

constexpr std::string_view kStride[] = {"spoofing",
                                        "tampering",
                                        "repudiation",
                                        "information-disclosure",
                                        "denial-of-service",
                                        "elevation-of-privilege"};

// What defeating a flow's or component's authentication costs the attacker.
double AuthCost(std::string_view a) {
  if (a == "none") return 0;
  if (a == "unknown") return 0.5;
  if (a == "token") return 2;
  if (a == "sso") return 2.5;
  if (a == "mtls") return 3;
  return 1.5;  // password, session, api-key
}

bool Weak(std::string_view authentication) {
  return authentication == "none" || authentication == "unknown";
}

double Gain(const Model& m, const Component& c, std::string_view category) {
  double gain = Capability(c, category);
  for (const DataAsset* d : DataReached(m, c.id)) gain += DataValue(*d, category);
  return Round3(gain);
}

std::string GainText(const Model& m, const Component& c, std::string_view category) {
  std::string text;
  if (const double cap = Capability(c, category); cap >= 10) {
    text = "code execution in " + c.name;
  } else if (cap >= 5) {
    text = "control over what " + c.name + " does";
  } else if (cap > 0) {
    text = "acting as another user of " + c.name;
  }
  std::vector<const DataAsset*> reached = DataReached(m, c.id);
  std::stable_sort(reached.begin(), reached.end(), [&](const DataAsset* x, const DataAsset* y) {
    return DataValue(*x, category) > DataValue(*y, category);
  });
  std::vector<std::string> names;
  for (const DataAsset* d : reached) {
    names.push_back(d->name + " (" + d->classification + (d->credentials ? ", credentials" : "") +
                    ")");
  }
  if (!names.empty()) {
    std::string list;
    for (size_t i = 0; i < names.size() && i < 3; ++i) list += (i ? ", " : "") + names[i];
    if (names.size() > 3) list += " and " + std::to_string(names.size() - 3) + " more";
    const char* verb = category == "information-disclosure" ? "reads "
                       : category == "denial-of-service"    ? "denies access to "
                       : category == "repudiation"          ? "acts unseen on "
                                                            : "changes ";
    text += (text.empty() ? std::string(verb) : std::string("; ") + verb) + list;
  }
  return text.empty() ? "a foothold in " + c.name : text;
}

bool Excludes(const Assumption& a, const GeneratedThreat& t) {
  const bool named = std::any_of(a.excludes.begin(), a.excludes.end(), [&](const std::string& e) {
    return e == t.category || e == t.rule || e == t.id;
  });
  if (!named) return false;
  if (a.elements.empty()) return true;
  return std::any_of(a.elements.begin(), a.elements.end(), [&](const ElementId& e) {
    return std::find(t.elements.begin(), t.elements.end(), e.str()) != t.elements.end();
  });
}

// Shortest paths from the untrusted entry points over the flows.
struct Reach {
  std::map<std::string, double> cost;
  std::map<std::string, std::pair<std::string, std::string>> previous;  // node -> (node, flow)
  std::map<std::string, double> step_cost;
  std::map<std::string, std::string> origin;  // node -> the actor (or "internet") it came from
};

Reach Paths(const Model& m) {
  Reach r;
  using Item = std::pair<double, std::string>;
  std::priority_queue<Item, std::vector<Item>, std::greater<>> queue;
  auto relax = [&](const std::string& node, double cost, const std::string& from,
                   const std::string& flow, double step, const std::string& origin) {
    const auto it = r.cost.find(node);
    if (it != r.cost.end() && it->second <= cost) return;
    r.cost[node] = cost;
    r.step_cost[node] = step;
    r.origin[node] = origin;
    if (!from.empty()) {
      r.previous[node] = {from, flow};
    } else {
      r.previous.erase(node);
    }
    queue.push({cost, node});
  };
  for (const Actor& a : m.actors) {
    if (!a.trusted || a.kind == "attacker") relax(a.id.str(), 0, "", "", 0, a.id.str());
  }
  for (const Component& c : m.components) {
    if (c.exposure == "internet") {
      const double step = Round3(1 + AuthCost(c.authentication));
      relax(c.id.str(), step, "", "", step, "internet");
    }
  }
  while (!queue.empty()) {
    const auto [cost, node] = queue.top();
    queue.pop();
    if (cost > r.cost[node]) continue;
    for (const Flow* flow : m.FlowsAt(ElementId::Parse(node).value())) {
      const Flow& f = *flow;
      if (f.source.str() != node) continue;
      const bool crosses = BoundaryChain(m, f.source) != BoundaryChain(m, f.target);
      const double step = Round3(1 + (crosses ? 1 : 0) + AuthCost(f.authentication) +
                                 (f.authorization ? 1 : 0) + (f.encrypted ? 0.5 : 0));
      relax(f.target.str(), Round3(cost + step), node, f.id.str(), step, r.origin[node]);
    }
  }
  return r;
}

std::vector<PathStep> PathTo(const Reach& r, const std::string& target) {
  std::vector<PathStep> path;
  std::set<std::string> seen;
  for (std::string at = target; seen.insert(at).second;) {
    const auto prev = r.previous.find(at);
    path.push_back({at, prev == r.previous.end() ? "" : prev->second.second,
                    r.step_cost.at(at)});
    if (prev == r.previous.end()) break;
    at = prev->second.first;
  }
  std::reverse(path.begin(), path.end());
  return path;
}

// The control that cuts the path for the least effort: an active or planned control of the model
// on the target or mitigating one of its threats first, else the cheapest suggested change.
std::string CheapestControl(const Model& m, const std::vector<PathStep>& path,
                            const std::string& target, std::string_view category,
                            const std::vector<GeneratedThreat>& threats) {
  for (const Control& c : m.controls) {
    // A control that names the threats it mitigates counts only for those; one that names none
    // counts for every case on its elements.
    const bool on_target = c.mitigates.empty() &&
                           std::any_of(c.elements.begin(), c.elements.end(),
                                       [&](const ElementId& e) { return e.str() == target; });
    const bool mitigates = std::any_of(c.mitigates.begin(), c.mitigates.end(), [&](const auto& t) {
      return std::any_of(threats.begin(), threats.end(), [&](const GeneratedThreat& g) {
        return g.id == t && g.category == category &&
               std::find(g.elements.begin(), g.elements.end(), target) != g.elements.end();
      });
    });
    if (on_target || mitigates) return c.id.str() + " (" + c.status + "): " + c.name;
  }
  double best = 1e9;
  std::string suggestion;
  auto offer = [&](double cost, std::string text) {
    if (cost < best) {
      best = cost;
      suggestion = std::move(text);
    }
  };
  for (const PathStep& step : path) {
    if (step.flow.empty()) {
      const Component* c = m.FindComponent(ElementId::Parse(step.element).value());
      if (c != nullptr && c->kind == "external-service") {
        // Someone else's service: what can be changed is how much its answers are trusted.
        offer(2, "verify what " + c->id.str() + " serves (a signature or a pinned digest)");
      } else if (c != nullptr && c->exposure == "internet") {
        if (Weak(c->authentication)) offer(2, "require authentication at " + c->id.str());
        offer(4, "take " + c->id.str() + " off the internet (exposure: internal)");
      }
      continue;
    }
    if (const Flow* found = m.FindFlow(ElementId::Parse(step.flow).value())) {
      const Flow& f = *found;
      if ((category == "information-disclosure" || category == "tampering") && !f.encrypted) {
        offer(1, "encrypt flow " + f.id.str() + " (TLS)");
      }
      if (Weak(f.authentication)) offer(2, "authenticate the callers of flow " + f.id.str());
      if (!f.authorization) offer(3, "authorize each request on flow " + f.id.str());
    }
  }
  return suggestion.empty() ? "add a control on " + target : "suggested: " + suggestion;
}

// A finding in words for a misuse case: "<rule> in <path>[:<line>]".
std::string Where(const EvidenceRef& f) {
  return f.rule + " in " + f.path + (f.line > 0 ? ":" + std::to_string(f.line) : "");
}

// Findings on a threat's elements, of a kind that makes its category likelier or with its CWE,
// raise its likelihood: to high for a high or critical finding, else one level.
void AddEvidence(std::vector<GeneratedThreat>& threats, const std::vector<EvidenceRef>& findings) {
  std::map<std::string, std::vector<const EvidenceRef*>> by_element;
  for (const EvidenceRef& f : findings) {
    if (!f.element.empty()) by_element[f.element].push_back(&f);
  }
  for (GeneratedThreat& t : threats) {
    for (const std::string& element : t.elements) {
      const auto it = by_element.find(element);
      if (it == by_element.end()) continue;
      for (const EvidenceRef* f : it->second) {
        const auto categories = CategoriesOf(f->kind);
        const bool category = std::find(categories.begin(), categories.end(), t.category) !=
                              categories.end();
        const bool cwe = std::find(f->cwes.begin(), f->cwes.end(), t.cwe) != f->cwes.end();
        if (!category && !cwe) continue;
        if (t.evidence.size() < kMaxEvidencePerItem) t.evidence.push_back(*f);
        ++t.evidence_count;
      }
    }
    if (t.evidence_count == 0) continue;
    t.base_likelihood = t.likelihood;
    const bool severe = std::any_of(t.evidence.begin(), t.evidence.end(), [](const auto& f) {
      return f.severity == "high" || f.severity == "critical";
    });
    t.likelihood = severe || t.likelihood == "medium" ? "high"
                   : t.likelihood == "low"            ? "medium"
                                                      : t.likelihood;
  }
}

}  // namespace

Analysis Analyze(const Model& m) { return Analyze(m, BuiltinRules()); }

Analysis Analyze(const Model& m, const RuleLibrary& rules,
                 const std::vector<EvidenceRef>& findings) {
  Analysis a;
  a.threats = ApplyRules(rules, m);
  for (const Threat& w : m.threats) {
    for (const std::string& id : w.covers) {
      const auto it = std::lower_bound(
          a.threats.begin(), a.threats.end(), id,
          [](const GeneratedThreat& t, const std::string& key) { return t.id < key; });
      if (it != a.threats.end() && it->id == id && it->tracked_by.empty()) {
        it->tracked_by = w.id.str();
        it->tracked_status = w.status;
      }
    }
  }
  a.evidence = findings;
  PlaceFindings(m, a.evidence);
  AddEvidence(a.threats, a.evidence);

  std::set<std::string> rejected;
  for (const Assumption& as : m.assumptions) {
    InvertedAssumption inv{as.id.str(), as.statement, as.status, "", {}, {}};
    if (as.check) {
      for (const EvidenceRef& f : a.evidence) {
        if (!Contradicts(*as.check, f)) continue;
        if (inv.contradicted_by.size() < kMaxEvidencePerItem) inv.contradicted_by.push_back(f);
        ++inv.contradicted_count;
      }
    }
    if (inv.contradicted_count > 0) inv.status = "rejected";
    for (GeneratedThreat& t : a.threats) {
      if (!Excludes(as, t)) continue;
      inv.threats.push_back(t.id);
      if (inv.status != "rejected") {
        t.excluded_by.push_back(as.id.str());
      } else {
        // Back in the list, with the findings that brought it back.
        for (const EvidenceRef& f : inv.contradicted_by) {
          if (t.evidence.size() < kMaxEvidencePerItem) t.evidence.push_back(f);
        }
        t.evidence_count += inv.contradicted_count;
      }
    }
    inv.if_false = inv.threats.empty()
                       ? "If it is false, no generated threat comes back (it excludes none)."
                       : "If it is false, " + std::to_string(inv.threats.size()) +
                             " threat(s) it excludes come back.";
    if (!inv.contradicted_by.empty()) {
      inv.if_false = "Rejected by " + std::to_string(inv.contradicted_count) +
                     " finding(s) its check matches (first: " + inv.contradicted_by[0].rule +
                     " in " + inv.contradicted_by[0].path + "): its " +
                     std::to_string(inv.threats.size()) + " threat(s) are back in the list.";
    } else if (as.status == "rejected") {
      inv.if_false = "Rejected: its threats are back in the list.";
    }
    if (inv.status == "rejected") rejected.insert(inv.id);
    a.inverted.push_back(std::move(inv));
  }

  const Reach reach = Paths(m);
  auto rank = [&](RankedMisuse mc, const Component& target) {
    const auto cost = reach.cost.find(target.id.str());
    if (cost == reach.cost.end()) return;  // no untrusted entry reaches it
    mc.target = target.id.str();
    mc.path = PathTo(reach, mc.target);
    mc.entry = mc.path.front().element;
    const std::string origin = reach.origin.at(mc.target);
    mc.persona = origin == "internet" ? "" : origin;
    mc.gain = Gain(m, target, mc.category);
    mc.path_cost = cost->second;
    mc.score = Round3(mc.gain / std::max(mc.path_cost, 1.0));
    if (mc.gain_text.empty()) mc.gain_text = GainText(m, target, mc.category);
    mc.cheapest_control = CheapestControl(m, mc.path, mc.target, mc.category, a.threats);
    a.misuse_cases.push_back(std::move(mc));
  };

  // The threats on each component: its own, and those of the flows into it.
  std::map<std::string, std::vector<const GeneratedThreat*>> on_component;
  for (const GeneratedThreat& t : a.threats) {
    on_component[t.elements.front()].push_back(&t);
    if (t.elements.size() == 3 && t.elements[2] != t.elements.front()) {
      on_component[t.elements[2]].push_back(&t);
    }
  }
  static const std::vector<const GeneratedThreat*> kNoThreats;
  auto threats_on = [&](const ElementId& id) -> const std::vector<const GeneratedThreat*>& {
    const auto it = on_component.find(id.str());
    return it == on_component.end() ? kNoThreats : it->second;
  };

  // Generated: each reachable component x each STRIDE category with a live threat on it or on
  // a flow into it.
  for (const Component& c : m.components) {
    for (const std::string_view category : kStride) {
      std::vector<std::string> live, assumed;
      std::set<std::string> evidence;
      for (const GeneratedThreat* tp : threats_on(c.id)) {
        const GeneratedThreat& t = *tp;
        if (t.category != category) continue;
        if (t.excluded_by.empty()) {
          live.push_back(t.id);
          for (const EvidenceRef& f : t.evidence) {
            evidence.insert(Where(f));
          }
        }
        assumed.insert(assumed.end(), t.excluded_by.begin(), t.excluded_by.end());
      }
      if (live.empty()) continue;
      RankedMisuse mc;
      mc.id = std::string(category) + "@" + c.id.str();
      mc.source = "generated";
      mc.category = std::string(category);
      mc.action = std::string(category) + " against " + c.name + " (" + live.front() +
                  (live.size() > 1 ? " and " + std::to_string(live.size() - 1) + " more" : "") +
                  ")";
      std::sort(assumed.begin(), assumed.end());
      assumed.erase(std::unique(assumed.begin(), assumed.end()), assumed.end());
      mc.assumptions = assumed;
      mc.evidence.assign(evidence.begin(), evidence.end());
      rank(std::move(mc), c);
    }
  }
  // Use cases x STRIDE categories: walking each use case's flows, the element it touches with a
  // live threat of the category that scores highest is what misusing the use case is worth.
  for (const UseCase& uc : m.use_cases) {
    std::vector<const Component*> touched;
    std::set<const Component*> seen;
    std::set<std::string> uc_flows;
    for (const ElementId& fid : uc.flows) uc_flows.insert(fid.str());
    for (const ElementId& fid : uc.flows) {
      const Flow* f = m.FindFlow(fid);
      if (f == nullptr) continue;
      for (const ElementId& end : {f->source, f->target}) {
        const Component* c = m.FindComponent(end);
        if (c != nullptr && seen.insert(c).second) touched.push_back(c);
      }
    }
    for (const std::string_view category : kStride) {
      const Component* best = nullptr;
      const GeneratedThreat* best_threat = nullptr;
      double best_gain = -1;
      for (const Component* c : touched) {
        for (const GeneratedThreat* tp : threats_on(c->id)) {
          const GeneratedThreat& t = *tp;
          if (t.category != category || !t.excluded_by.empty()) continue;
          const bool on = t.elements.front() == c->id.str() ||
                          (t.elements.size() == 3 && t.elements[2] == c->id.str() &&
                           uc_flows.count(t.elements[0]) > 0);
          if (!on) continue;
          // The best for the attacker: the highest score (gain / path cost) of the elements.
          const auto cost = reach.cost.find(c->id.str());
          if (cost == reach.cost.end()) break;
          const double score = Gain(m, *c, category) / std::max(cost->second, 1.0);
          if (score > best_gain) {
            best_gain = score;
            best = c;
            best_threat = &t;
          }
          break;
        }
      }
      if (best == nullptr) continue;
      RankedMisuse mc;
      mc.id = std::string(category) + "@" + uc.id.str();
      mc.source = "use-case";
      mc.category = std::string(category);
      mc.action = std::string(category) + " in use case '" + uc.name + "': " +
                  best_threat->title + " (" + best_threat->id + ")";
      std::set<std::string> evidence;
      for (const GeneratedThreat* t : threats_on(best->id)) {
        if (t->category != category || !t->excluded_by.empty()) continue;
        for (const EvidenceRef& f : t->evidence) {
          evidence.insert(Where(f));
        }
      }
      mc.evidence.assign(evidence.begin(), evidence.end());
      rank(std::move(mc), *best);
    }
  }
  // Written in the model: ranked from their entry.
  for (const MisuseCase& w : m.misuse_cases) {
    const Component* target = w.entry ? m.FindComponent(*w.entry) : nullptr;
    if (target == nullptr) continue;
    RankedMisuse mc;
    mc.id = w.id.str();
    mc.source = "model";
    mc.category = "elevation-of-privilege";
    mc.action = w.action;
    mc.gain_text = w.gain;
    rank(std::move(mc), *target);
  }
  // Inverted assumptions: what an attacker gains if the assumption is false.
  for (const Assumption& as : m.assumptions) {
    if (rejected.count(as.id.str())) continue;
    const GeneratedThreat* best = nullptr;
    double best_gain = -1;
    for (const GeneratedThreat& t : a.threats) {
      if (std::find(t.excluded_by.begin(), t.excluded_by.end(), as.id.str()) ==
          t.excluded_by.end()) {
        continue;
      }
      const Component* c = m.FindComponent(ElementId::Parse(t.elements.back()).value());
      if (c == nullptr) c = m.FindComponent(ElementId::Parse(t.elements.front()).value());
      if (c == nullptr || !reach.cost.count(c->id.str())) continue;
      const double g = Gain(m, *c, t.category);
      if (g > best_gain) {
        best_gain = g;
        best = &t;
      }
    }
    if (best == nullptr) continue;
    const Component* c = m.FindComponent(ElementId::Parse(best->elements.back()).value());
    if (c == nullptr) c = m.FindComponent(ElementId::Parse(best->elements.front()).value());
    RankedMisuse mc;
    mc.id = "not-" + as.id.str();
    mc.source = "inverted-assumption";
    mc.category = best->category;
    mc.action = "if '" + as.statement + "' is false: " + best->title;
    mc.assumptions = {as.id.str()};
    rank(std::move(mc), *c);
  }

  std::sort(a.misuse_cases.begin(), a.misuse_cases.end(),
            [](const RankedMisuse& x, const RankedMisuse& y) {
              return x.score != y.score ? x.score > y.score : x.id < y.id;
            });
  return a;
}

}  // namespace fledger::model
