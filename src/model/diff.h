// `model diff`: the semantic changes between two versions of a threat model, and the gate that
// fails a change bringing new high risks nobody has accepted (docs/model.md, "model diff").
//
//   const model::ModelDiff d = model::DiffModels(before, after);
//   for (const model::ElementChange& c : d.elements) ...  // by kind, then id
//   return d.new_high_risks.empty() ? 0 : 1;
//
// Elements are matched by id within their kind; a changed element lists the fields that differ
// (lines and provenance are not semantics and are ignored). Threats are the generated ones of
// Analyze, matched by their stable id. Deterministic: sorted by kind, then id.
#pragma once

#include <string>
#include <vector>

#include "model/model.h"
#include "model/threats.h"

namespace fledger::model {

struct FieldChange {
  std::string field;  // "classification", "encrypted", "data", ...
  std::string before;
  std::string after;
};

struct ElementChange {
  enum class Type { kAdded, kRemoved, kChanged };
  Type type = Type::kChanged;
  std::string kind;  // "component", "flow", ... ("model" for the top-level name and description)
  std::string id;
  std::string summary;  // for flows: "source -> target (protocol)"; else the element's name
  std::vector<FieldChange> fields;  // kChanged only
};
std::string_view ChangeTypeName(ElementChange::Type type);

// A generated threat new in B, why it gates or what keeps it from gating.
struct NewRisk {
  GeneratedThreat threat;
  bool gates = false;    // a new unaccepted high risk
  std::string accepted;  // "" when it gates, else why not: "excluded by a-x", "mitigated by ..."
};

struct ModelDiff {
  std::vector<ElementChange> elements;      // by kind (model order of sections), then id
  std::vector<NewRisk> threats_added;       // in B, not in A; by id
  std::vector<GeneratedThreat> threats_removed;  // in A, not in B; by id
  size_t new_high_risks = 0;  // threats_added that gate
};

// A generated threat of B is a new unaccepted high risk when it is absent from A and:
// its impact is high or critical; no non-rejected assumption excludes it (excluded_by is
// empty); no `active` control of B names its id in `mitigates`; and B's `threats:` has no entry
// with status accepted, mitigated or false-positive that covers it (the same id, or the same
// category with every element of the generated threat among its elements). Empty `accepted`:
// it gates.
std::string WhyNotGating(const GeneratedThreat& t, const Model& b);

// The diff of `a` (before) and `b` (after); `analysis_a`, `analysis_b` are Analyze of each.
ModelDiff DiffModels(const Model& a, const Analysis& analysis_a, const Model& b,
                     const Analysis& analysis_b);

}  // namespace fledger::model
