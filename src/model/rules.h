// The rule library of `model threats`, as data: one YAML file per rule family under
// src/model/rules/ (embedded in the binary), plus technologies.yaml, which gives technologies
// their tags. docs/model.md ("Rules") documents the format; every rule carries example models
// that trigger it and models that do not, and the test suite runs them.
//
//   const model::RuleLibrary& lib = model::BuiltinRules();
//   std::vector<model::GeneratedThreat> ts = model::ApplyRules(lib, m);  // sorted by id
//
// A rule applies to every component, flow or data asset whose facts meet its conditions, e.g.
//
//   - id: sql-injection
//     applies_to: flow
//     when: {target.tags: sql-database, source.kind: process}
//
// Facts are named values of an element (`exposure`, `tags`, `data.classification`, and for a
// flow `source.*` and `target.*`); FactNames() lists them.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "model/model.h"
#include "model/threats.h"

namespace fledger::model {

// One test on one fact: any of `values` is among the fact's values (kAnyOf), none is (kNoneOf),
// or some value is at least `values[0]` on its ordered scale (kAtLeast).
struct FactTest {
  enum class Op { kAnyOf, kNoneOf, kAtLeast };
  std::string fact;
  Op op = Op::kAnyOf;
  std::vector<std::string> values;
};
using Conjunction = std::vector<FactTest>;  // every test holds

// A model the rule must fire on (`fires_on`: the element it fires on) or must not fire on
// (`fires_on` empty).
struct RuleExample {
  std::string fires_on;
  std::string model;
  int line = 0;  // where the example starts in its family file
};

struct Rule {
  std::string id;  // stable; threats are "<id>@<element>"
  std::string family;
  std::string title;  // a template: {name}, {id}, {source}, {target}, {protocol}, ...
  std::string category;  // a STRIDE category
  std::string cwe;
  std::string capec;
  std::string applies_to;  // component | flow | data
  std::vector<Conjunction> when;    // fires when any holds (none: always)
  std::vector<Conjunction> unless;  // but not when any of these holds
  std::string likelihood = "medium";
  std::vector<std::pair<std::string, Conjunction>> likelihood_when;  // first that holds wins
  std::string impact_of;  // self | source | target (the element whose value makes the impact)
  std::string impact_at_least;  // a floor, "" for none
  std::string description;
  std::string mitigation;
  std::vector<RuleExample> examples;
  std::string file;  // the family file, for messages
  int line = 0;
};

struct RuleLibrary {
  std::vector<Rule> rules;  // sorted by id
  // Technology name (lower case) -> tags, from technologies.yaml.
  std::map<std::string, std::vector<std::string>> technologies;
};

// Most rules one library may hold, and most bytes one family file may have.
inline constexpr size_t kMaxRules = 2000;
inline constexpr size_t kMaxRuleFileBytes = 1 << 20;

// Adds the rules of one family file (its text and its name for messages) to `lib`; an error at
// file:line names the first problem.
Status AddRuleFamily(std::string_view text, const std::string& context, RuleLibrary& lib);

// Adds the technology tags of a technologies file to `lib`.
Status AddTechnologies(std::string_view text, const std::string& context, RuleLibrary& lib);

// The families shipped with Fledger (src/model/rules/), parsed once.
const RuleLibrary& BuiltinRules();

// Every threat the library's rules find in `m`, sorted by id.
std::vector<GeneratedThreat> ApplyRules(const RuleLibrary& lib, const Model& m);

// The tags `lib` gives a component's technology (lower case, sorted).
std::vector<std::string> TechnologyTags(const RuleLibrary& lib, std::string_view technology);

// The fact names a rule may test for elements of `applies_to` (component, flow, data).
const std::vector<std::string>& FactNames(std::string_view applies_to);

}  // namespace fledger::model
