// The facts rules test (model/rules.h), computed once per model: for each component, actor, flow
// and data asset a map from fact name to its values ("true"/"false" for yes-no facts).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "model/model.h"
#include "model/rules.h"

namespace fledger::model {

using Facts = std::map<std::string, std::vector<std::string>, std::less<>>;

class FactIndex {
 public:
  FactIndex(const RuleLibrary& lib, const Model& m);

  // The facts of an element (empty for an unknown id).
  const Facts& Of(const ElementId& id) const;
  // Facts about the whole model (tested as "system.<name>").
  const Facts& System() const { return system_; }

 private:
  std::map<ElementId, Facts> facts_;
  Facts system_;
  Facts empty_;
};

// Whether every test of `c` holds for an element with facts `self` (and, for a flow, its ends).
bool Holds(const Conjunction& c, const Facts& self, const Facts* source, const Facts* target,
           const Facts& system);

// The rank of a value on its ordered scale (levels, classifications, quantities), -1 if none.
int ScaleRank(std::string_view value, std::string_view scale_of);

}  // namespace fledger::model
