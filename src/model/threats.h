// `model threats`: the rule library's threats (STRIDE per element and per interaction, and the
// families of model/rules.h), assumptions inverted, and misuse cases ranked by value to an
// attacker. docs/model.md documents every rule and the score.
//
//   const model::Analysis a = model::Analyze(m);
//   for (const model::RankedMisuse& r : a.misuse_cases) ...  // sorted by score, descending
//
// Deterministic: the same model gives the same ids, scores and order.
#pragma once

#include <string>
#include <vector>

#include "model/model.h"

namespace fledger::model {

// A finding of an analyzer (Fledger's own JSON or any tool's SARIF, model/evidence.h) that
// lands on a model element because a component owns its path.
struct EvidenceRef {
  std::string rule;      // the finding's rule id ("GHSA-...", "secret/aws-access-key", ...)
  std::string kind;      // vulnerability | secret | code | config | hygiene
  std::string severity;  // info | low | medium | high | critical
  std::string path;      // repository path
  int line = 0;
  std::string fingerprint;
  std::string title;
  std::vector<std::string> cwes;  // "CWE-89"
  std::string element;            // the component it landed on ("" when none owns the path)
};

// A generated threat. Its id, "<rule>@<element>", is stable across runs and model edits that do
// not touch the element, so controls and diffs can name it.
struct GeneratedThreat {
  std::string id;
  std::string rule;      // "stride-spoofing-unauthenticated", ...
  std::string category;  // a STRIDE category, as in Threat::category
  std::string title;
  std::vector<std::string> elements;
  std::string likelihood;  // low | medium | high
  std::string impact;      // low | medium | high | critical
  std::string cwe;         // "CWE-306"
  std::string capec;       // "CAPEC-115"
  std::vector<std::string> excluded_by;  // assumptions (not rejected) that rule it out
  std::string family;      // the rule's family ("stride", "injection", ...)
  std::string mitigation;  // what cuts it, in words
  std::vector<EvidenceRef> evidence;  // findings on its elements that make it likelier (at most
                                      // kMaxEvidencePerItem; evidence_count counts them all)
  size_t evidence_count = 0;
  std::string base_likelihood;        // the rule's likelihood before evidence raised it
  std::string tracked_by;      // a written threat whose `covers` names it ("" for none)
  std::string tracked_status;  // that threat's status: open, mitigated, accepted, false-positive
};

// An assumption turned around: what comes back if it is false.
struct InvertedAssumption {
  std::string id;
  std::string statement;
  std::string status;
  std::string if_false;                // the consequence, in words
  std::vector<std::string> threats;    // ids of the threats it excludes
  std::vector<EvidenceRef> contradicted_by;  // findings its check matches: it is rejected (at
                                             // most kMaxEvidencePerItem of contradicted_count)
  size_t contradicted_count = 0;
};

// The most findings kept on one threat or assumption (the rest are counted): a finding lands on
// every matching threat of its element, and a report may hold 200 000.
inline constexpr size_t kMaxEvidencePerItem = 20;

// One step of an attack path: reaching `element`, through `flow` (empty for the entry).
struct PathStep {
  std::string element;
  std::string flow;
  double cost = 0;  // what this step adds to the path cost
};

// A misuse case with its rank: gain / path cost.
struct RankedMisuse {
  std::string id;       // "<category>@<target>" for generated cases; the model's id otherwise
  std::string source;   // "generated", "use-case", "model" or "inverted-assumption"
  std::string persona;  // the actor the path starts from ("" when none fits)
  std::string entry;    // the first element of the path
  std::string target;
  std::string category;
  std::string action;
  std::string gain_text;  // what the attacker gains, in words
  double gain = 0;
  double path_cost = 0;
  double score = 0;
  std::vector<PathStep> path;
  std::string cheapest_control;  // the control (planned or suggested) that cuts the path
  std::vector<std::string> assumptions;  // assumptions the case depends on
  std::vector<std::string> evidence;     // "rule in path:line" of findings on its threats
};

struct Analysis {
  std::vector<GeneratedThreat> threats;  // sorted by id
  std::vector<InvertedAssumption> inverted;
  std::vector<RankedMisuse> misuse_cases;  // by score, descending; ties by id
  std::vector<EvidenceRef> evidence;  // every finding given, `element` set where it landed
};

struct RuleLibrary;

// With the built-in rule library (model/rules.h), or another one. `findings` are evidence
// (docs/model.md, "Findings as evidence"): each lands on the component owning its path and
// raises the likelihood of the matching threats there; a finding an assumption's check matches
// rejects the assumption, and the threats it excluded come back with the finding attached.
Analysis Analyze(const Model& m);
Analysis Analyze(const Model& m, const RuleLibrary& rules,
                 const std::vector<EvidenceRef>& findings = {});

}  // namespace fledger::model
