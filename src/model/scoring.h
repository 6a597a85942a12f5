// The weights behind impact and attacker gain, shared by the rule library (model/rules.h) and the
// misuse-case ranking (model/threats.h). docs/model.md ("Scoring") documents every number.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "model/model.h"

namespace fledger::model {

// Rounds to 3 decimals so that scores print and compare the same everywhere.
double Round3(double v);

double LevelWeight(std::string_view level);           // low 1, medium 2, high 4, critical 8
double ClassWeight(std::string_view classification);  // public 1 ... secret 8
double QuantityWeight(std::string_view quantity);     // very-few 1 ... very-many 4

// The value of a data asset to an attacker for a STRIDE category.
double DataValue(const DataAsset& d, std::string_view category);

// The data an element reaches: its own, and what flows into or out of it carry.
std::vector<const DataAsset*> DataReached(const Model& m, const ElementId& element);

// What taking over a component gives beyond its data (code execution, control, identity).
double Capability(const Component& c, std::string_view category);

// The most an attacker gets from one element for a category: its most valuable data asset plus
// its capability. The impact of a threat on the element derives from it.
double ElementValue(const Model& m, const ElementId& element, std::string_view category);

// low < 4 <= medium < 10 <= high < 24 <= critical.
std::string ImpactOf(double value);

}  // namespace fledger::model
