// Tests for the rule library (model/rules.h): every built-in rule fires on the example models it
// names and on no other, the library covers what the issue asks for, and the family parser
// refuses what would silently turn a rule off (unknown facts, keys, values) at file:line.
#include "model/rules.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "model/embedded_rules.h"
#include "model/load.h"

namespace fledger::model {
namespace {

TEST(RuleLibraryTest, EveryShippedFileParses) {
  RuleLibrary lib;
  for (const EmbeddedFile& f : EmbeddedRuleFiles()) {
    const std::string name = std::string(f.name) + ".yaml";
    const Status s = f.name == "technologies" ? AddTechnologies(f.content, name, lib)
                                              : AddRuleFamily(f.content, name, lib);
    EXPECT_TRUE(s.ok()) << s.error().ToString();
  }
}

TEST(RuleLibraryTest, EveryRuleFiresOnItsExamplesAndOnlyThere) {
  const RuleLibrary& lib = BuiltinRules();
  size_t examples = 0;
  for (const Rule& r : lib.rules) {
    for (const RuleExample& e : r.examples) {
      SCOPED_TRACE(r.file + ":" + std::to_string(e.line) + " (" + r.id + ")");
      const auto m = LoadModel(e.model, r.file + ":" + std::to_string(e.line));
      ASSERT_TRUE(m.ok()) << m.error().ToString();
      const std::vector<GeneratedThreat> threats = ApplyRules(lib, m.value());
      std::set<std::string> fired;
      for (const GeneratedThreat& t : threats) {
        if (t.rule == r.id) fired.insert(t.id);
      }
      if (e.fires_on.empty()) {
        EXPECT_TRUE(fired.empty()) << "fired on " << *fired.begin();
      } else {
        EXPECT_TRUE(fired.count(r.id + "@" + e.fires_on)) << "did not fire on " << e.fires_on;
      }
      ++examples;
    }
  }
  EXPECT_GE(examples, 2 * lib.rules.size());
}

TEST(RuleLibraryTest, CoversStrideAndAtLeastFortyRulesOfItsOwn) {
  const RuleLibrary& lib = BuiltinRules();
  std::map<std::string, int> by_family, by_category;
  std::set<std::string> ids;
  for (const Rule& r : lib.rules) {
    ++by_family[r.family];
    ++by_category[r.category];
    EXPECT_TRUE(ids.insert(r.id).second) << r.id;
    EXPECT_FALSE(r.cwe.empty()) << r.id;
    EXPECT_FALSE(r.capec.empty()) << r.id;
    EXPECT_FALSE(r.mitigation.empty()) << r.id;
  }
  EXPECT_EQ(by_family["stride"], 11);
  EXPECT_GE(lib.rules.size() - by_family["stride"], 40u);
  EXPECT_GE(by_family.size(), 6u);  // one file per family
  // Repudiation, which the libraries of Threagile and pytm barely cover, has a family of its own.
  EXPECT_GE(by_family["repudiation"], 5);
  for (const char* c : {"spoofing", "tampering", "repudiation", "information-disclosure",
                        "denial-of-service", "elevation-of-privilege"}) {
    EXPECT_GE(by_category[c], 3) << c;
  }
}

TEST(RuleLibraryTest, TechnologyTagsMatchWholeWords) {
  const RuleLibrary& lib = BuiltinRules();
  auto has = [&](std::string_view tech, const std::string& tag) {
    const auto tags = TechnologyTags(lib, tech);
    return std::find(tags.begin(), tags.end(), tag) != tags.end();
  };
  EXPECT_TRUE(has("bitnami/postgresql:15", "sql-database"));
  EXPECT_TRUE(has("Postgres", "sql-database"));
  EXPECT_TRUE(has("nginx:1.25-alpine", "reverse-proxy"));
  EXPECT_TRUE(has("HashiCorp Vault", "vault"));
  EXPECT_FALSE(has("postgresql-like", "nosql-database"));
  EXPECT_FALSE(has("mongoose-free", "nosql-database"));  // "mongo" is not a whole word here
  EXPECT_TRUE(TechnologyTags(lib, "").empty());
}

TEST(RuleLibraryTest, AppliesToTheElementsWithTheirIdsAndImpact) {
  const auto m = LoadModel(R"(version: 1
components:
  - {id: api, name: API, technology: express, exposure: internet, authentication: session}
  - {id: db, name: DB, kind: data-store, technology: "postgres:16", data: [cards]}
data:
  - {id: cards, name: Cards, classification: secret, quantity: many, pii: true}
flows:
  - {id: q, source: api, target: db, protocol: postgres, data: [cards]}
)",
                           "m.yaml");
  ASSERT_TRUE(m.ok()) << m.error().ToString();
  const auto threats = ApplyRules(BuiltinRules(), m.value());
  const auto sqli = std::find_if(threats.begin(), threats.end(),
                                 [](const auto& t) { return t.id == "sql-injection@q"; });
  ASSERT_NE(sqli, threats.end());
  EXPECT_EQ(sqli->elements, (std::vector<std::string>{"q", "api", "db"}));
  EXPECT_EQ(sqli->category, "tampering");
  EXPECT_EQ(sqli->cwe, "CWE-89");
  EXPECT_EQ(sqli->family, "injection");
  EXPECT_FALSE(sqli->mitigation.empty());
  EXPECT_TRUE(std::is_sorted(threats.begin(), threats.end(),
                             [](const auto& a, const auto& b) { return a.id < b.id; }));
}

// A family file with one rule; `patch` replaces the line "PATCH".
std::string Family(const std::string& patch) {
  std::string text = R"(family: test
rules:
  - id: r1
    title: "{name} is tested"
    category: tampering
    cwe: CWE-20
    capec: CAPEC-1
    applies_to: component
    PATCH
    description: d
    mitigation: m
    examples:
      - fires_on: a
        model: "version: 1\ncomponents: [{id: a, name: A}]"
      - model: "version: 1\ncomponents: [{id: a, name: A, kind: data-store}]"
)";
  text.replace(text.find("PATCH"), 5, patch);
  return text;
}

TEST(RuleLibraryTest, ParsesConditionsOperatorsAndLikelihood) {
  RuleLibrary lib;
  const Status s = AddRuleFamily(
      Family("when: [{kind: process, exposure: {not: private}}, {data.classification: "
             "{at_least: restricted}}]\n    unless: {tags: waf}\n    likelihood: {default: low, "
             "high: {exposure: internet}}"),
      "f.yaml", lib);
  ASSERT_TRUE(s.ok()) << s.error().ToString();
  ASSERT_EQ(lib.rules.size(), 1u);
  const Rule& r = lib.rules[0];
  ASSERT_EQ(r.when.size(), 2u);
  EXPECT_EQ(r.when[0][1].op, FactTest::Op::kNoneOf);
  EXPECT_EQ(r.when[1][0].op, FactTest::Op::kAtLeast);
  EXPECT_EQ(r.likelihood, "low");
  ASSERT_EQ(r.likelihood_when.size(), 1u);
  EXPECT_EQ(r.likelihood_when[0].first, "high");

  const auto m = LoadModel(R"(version: 1
components:
  - {id: a, name: A, exposure: internet}
  - {id: b, name: B, exposure: private}
  - {id: c, name: C, kind: data-store, data: [s]}
data: [{id: s, name: S, classification: secret}]
)",
                           "m.yaml");
  ASSERT_TRUE(m.ok());
  const auto threats = ApplyRules(lib, m.value());
  ASSERT_EQ(threats.size(), 2u);
  EXPECT_EQ(threats[0].id, "r1@a");
  EXPECT_EQ(threats[0].likelihood, "high");
  EXPECT_EQ(threats[0].title, "A is tested");
  EXPECT_EQ(threats[1].id, "r1@c");
  EXPECT_EQ(threats[1].likelihood, "low");
}

TEST(RuleLibraryTest, RefusesWhatWouldSilentlyTurnARuleOff) {
  const std::pair<std::string, std::string> cases[] = {
      {"when: {exposur: internet}", "f.yaml:9: semantics error: unknown fact 'exposur'"},
      {"when: {target.tags: waf}", "unknown fact 'target.tags' for a rule on a component"},
      {"when: {exposure: {more_than: low}}", "unknown operator 'more_than'"},
      {"when: {data.classification: {at_least: huge}}", "'at_least' takes one level"},
      {"likelihood: sometimes", "'likelihood' must be one of low, medium, high"},
      {"colour: red", "a rule: unknown key 'colour'"},
      {"impact_of: target", "'impact_of' source or target is for rules on flows"},
      {"when: {exposure: internett}", "'exposure' has no value 'internett' (one of internet,"},
      {"when: {has_paths: yes}", "'has_paths' has no value 'yes' (one of true, false)"},
  };
  for (const auto& [patch, message] : cases) {
    SCOPED_TRACE(patch);
    RuleLibrary lib;
    const Status s = AddRuleFamily(Family(patch), "f.yaml", lib);
    ASSERT_FALSE(s.ok());
    EXPECT_NE(s.error().ToString().find(message), std::string::npos) << s.error().ToString();
  }
  // Tags are checked against the technologies file once there is one.
  RuleLibrary tagged;
  ASSERT_TRUE(AddTechnologies("technologies:\n  - {tags: [cache], names: [redis]}\n", "t.yaml",
                              tagged)
                  .ok());
  EXPECT_TRUE(AddRuleFamily(Family("when: {tags: cache}"), "f.yaml", tagged).ok());
  const Status typo = AddRuleFamily(Family("when: {peer_tags: cahce}"), "g.yaml", tagged);
  ASSERT_FALSE(typo.ok());
  EXPECT_NE(typo.error().ToString().find("'peer_tags' has no value 'cahce'"), std::string::npos);

  RuleLibrary lib;
  ASSERT_TRUE(AddRuleFamily(Family(""), "f.yaml", lib).ok());
  const Status twice = AddRuleFamily(Family(""), "g.yaml", lib);
  ASSERT_FALSE(twice.ok());
  EXPECT_NE(twice.error().ToString().find("rule id 'r1' is also at f.yaml:3"), std::string::npos);

  std::string no_quiet = Family("");
  no_quiet.erase(no_quiet.rfind("      - model:"));
  const Status s = AddRuleFamily(no_quiet, "f.yaml", lib);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().ToString().find("needs an example it fires on"), std::string::npos);
}

}  // namespace
}  // namespace fledger::model
