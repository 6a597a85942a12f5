// Tests for LoadModel: a complete model loads with every field; every kind of bad input is a
// problem at file:line (bad types, unknown keys, duplicate ids, dangling references, cycles,
// alias bombs, deep nesting), and the loader reports all of them for `model check`.
#include "model/load.h"

#include <gtest/gtest.h>

#include <string>

namespace fledger::model {
namespace {

const char kModel[] = R"(version: 1
name: Shop
actors:
  - id: customer
    name: Customer
  - id: attacker
    name: Attacker
    kind: attacker
components:
  - id: web
    name: Web
    technology: node
    paths: [web/, config/web.env]
    exposure: internet
    authentication: session
    permissions: "RBAC: admin, customer"
    audit_log: false
    boundary: dmz
    data: [orders]
    provenance: docker-compose.yml:12
    confidence: high
  - id: db
    name: Database
    kind: data-store
    boundary: internal-net
    data: [orders, creds]
data:
  - id: orders
    name: Orders
    classification: confidential
    confidentiality: high
    quantity: many
    pii: true
  - id: creds
    name: DB password
    classification: secret
    credentials: true
flows:
  - id: browse
    source: customer
    target: web
    protocol: https
    encrypted: true
    authentication: session
    authorization: true
    data: [orders]
  - id: web-db
    source: web
    target: db
    protocol: postgres
    data: [orders]
boundaries:
  - id: internet
    name: Internet
  - id: dmz
    name: DMZ
    parent: internet
  - id: internal-net
    name: Internal
    kind: container
use_cases:
  - id: checkout
    name: Checkout
    actor: customer
    flows: [browse, web-db]
assumptions:
  - id: db-private
    statement: The database is not reachable from the internet
    elements: [db]
    excludes: [information-disclosure]
    check:
      kinds: [config]
      paths: [docker-compose.yml]
misuse_cases:
  - id: steal-orders
    persona: attacker
    entry: web
    action: SQL injection through the search box
    gain: every order with customer addresses
threats:
  - id: sqli
    title: SQL injection in search
    category: tampering
    elements: [web, db]
    likelihood: high
    impact: critical
    cwe: [CWE-89]
controls:
  - id: prepared
    name: Prepared statements
    status: active
    mitigates: [sqli]
    tests: [web/test/search.test.js]
questions:
  - id: q-backup
    text: Where do backups go?
)";

TEST(LoadModelTest, LoadsEveryKindOfElementWithItsFields) {
  std::vector<Error> problems;
  const auto m = LoadModel(kModel, "threatmodel.yaml", &problems);
  ASSERT_TRUE(m.ok()) << m.error().ToString();
  EXPECT_TRUE(problems.empty());
  const Model& model = m.value();
  EXPECT_EQ(model.name, "Shop");
  ASSERT_EQ(model.actors.size(), 2u);
  EXPECT_EQ(model.actors[1].kind, "attacker");
  ASSERT_EQ(model.components.size(), 2u);
  const Component& web = model.components[0];
  EXPECT_EQ(web.line, 10);
  EXPECT_EQ(web.paths, (std::vector<std::string>{"web/", "config/web.env"}));
  EXPECT_EQ(web.exposure, "internet");
  EXPECT_EQ(web.authentication, "session");
  EXPECT_EQ(web.audit_log, std::optional<bool>(false));
  EXPECT_EQ(web.boundary->str(), "dmz");
  EXPECT_EQ(web.provenance.source, "docker-compose.yml:12");
  EXPECT_EQ(web.provenance.confidence, "high");
  EXPECT_EQ(model.components[1].kind, "data-store");
  EXPECT_FALSE(model.components[1].audit_log.has_value());
  EXPECT_EQ(model.components[1].authentication, "unknown");  // the default
  EXPECT_TRUE(model.data[0].pii);
  EXPECT_EQ(model.data[0].confidentiality, "high");
  EXPECT_EQ(model.data[1].integrity, "medium");  // the default
  EXPECT_TRUE(model.data[1].credentials);
  ASSERT_EQ(model.flows.size(), 2u);
  EXPECT_TRUE(model.flows[0].encrypted);
  EXPECT_FALSE(model.flows[1].encrypted);
  EXPECT_EQ(model.flows[1].source.str(), "web");
  EXPECT_EQ(model.boundaries[1].parent->str(), "internet");
  EXPECT_EQ(model.use_cases[0].flows.size(), 2u);
  ASSERT_TRUE(model.assumptions[0].check.has_value());
  EXPECT_EQ(model.assumptions[0].check->kinds, (std::vector<std::string>{"config"}));
  EXPECT_EQ(model.assumptions[0].status, "unverified");
  EXPECT_EQ(model.misuse_cases[0].entry->str(), "web");
  EXPECT_EQ(model.threats[0].impact, "critical");
  EXPECT_EQ(model.controls[0].status, "active");
  EXPECT_EQ(model.questions[0].text, "Where do backups go?");
  EXPECT_EQ(model.KindOf(ElementId::Parse("web").value()), ElementKind::kComponent);
  EXPECT_EQ(model.KindOf(ElementId::Parse("nope").value()), std::nullopt);
}

// The model text with `from` replaced by `to` (which must occur once).
std::string With(std::string_view from, std::string_view to) {
  std::string text = kModel;
  const size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

struct BadCase {
  const char* name;
  std::string text;
  std::string want;  // a substring of the first problem, with its file:line
};

TEST(LoadModelTest, ReportsEachProblemAtItsLine) {
  const BadCase cases[] = {
      {"unknown key", With("    technology: node\n", "    tech: node\n"),
       "threatmodel.yaml:12: semantics error: a component: unknown key 'tech'"},
      {"bad enum", With("exposure: internet", "exposure: public"),
       "threatmodel.yaml:14: semantics error: 'exposure' must be one of internet, internal, private"},
      {"bad bool", With("pii: true", "pii: yes"), "'pii' must be true or false"},
      {"bad id", With("  - id: orders\n", "  - id: 9orders\n"), "'9orders' is not an id"},
      {"duplicate id", With("  - id: q-backup", "  - id: web"),
       "duplicate id 'web' (first used at line 10)"},
      {"dangling", With("target: db", "target: cache"),
       "target: no element has the id 'cache'"},
      {"wrong kind", With("boundary: dmz", "boundary: orders"),
       "boundary: 'orders' is a data asset, not a boundary"},
      {"cycle", With("    kind: container\n", "    kind: container\n    parent: internal-net\n"),
       "boundary 'internal-net' is inside itself"},
      {"missing required", With("    statement: The database is not reachable from the internet\n", ""),
       "'statement' is required"},
      {"list expected", With("paths: [web/, config/web.env]", "paths: web/"),
       "'paths' must be a list"},
      {"version", With("version: 1", "version: 2"), "version 2 is not supported"},
      {"not a mapping", "- just\n- a list\n", "must be a mapping"},
      {"syntax", "name: [unclosed\n", "threatmodel.yaml:2:1"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    const auto m = LoadModel(c.text, "threatmodel.yaml");
    ASSERT_FALSE(m.ok());
    EXPECT_NE(m.error().ToString().find(c.want), std::string::npos) << m.error().ToString();
  }
}

TEST(LoadModelTest, CollectsEveryProblemForCheck) {
  std::string text = With("target: db", "target: cache");
  text = std::string(With("exposure: internet", "exposure: public"));
  text.replace(text.find("target: db"), 10, "target: cache");
  std::vector<Error> problems;
  EXPECT_FALSE(LoadModel(text, "m.yaml", &problems).ok());
  EXPECT_EQ(problems.size(), 2u);
}

TEST(LoadModelTest, RefusesHostileYaml) {
  // An alias bomb: nine levels of ten aliases each expand to a billion nodes.
  std::string bomb = "version: 1\nname: x\nactors:\n  - id: a\n    name: a\n    description: &a0 x\n";
  std::string prev = "a0";
  bomb += "questions:\n";
  for (int i = 1; i <= 9; ++i) {
    bomb += "  - id: q" + std::to_string(i) + "\n    text: t\n    answer: &a" + std::to_string(i) +
            " [";
    for (int j = 0; j < 10; ++j) bomb += (j ? ", *" : "*") + prev;
    bomb += "]\n";
    prev = "a" + std::to_string(i);
  }
  bomb += "controls:\n  - id: c\n    name: c\n    tests: [*" + prev + "]\n";
  const auto b = LoadModel(bomb, "bomb.yaml");
  ASSERT_FALSE(b.ok());  // 'answer' must be text, and tests must hold text: never expanded
  // Deep flow nesting and deep block indentation stop before yaml-cpp recurses.
  const auto deep = LoadModel("name: " + std::string(10000, '[') + std::string(10000, ']'), "d.yaml");
  ASSERT_FALSE(deep.ok());
  EXPECT_NE(deep.error().ToString().find("nesting"), std::string::npos);
  std::string indented;
  for (int i = 0; i < 2000; ++i) indented += std::string(i, ' ') + "k" + std::to_string(i) + ":\n";
  const auto wide = LoadModel(indented, "w.yaml");
  ASSERT_FALSE(wide.ok());
  EXPECT_NE(wide.error().ToString().find("indented wider"), std::string::npos);
  EXPECT_FALSE(LoadModel(std::string(kMaxModelBytes + 1, '#'), "big.yaml").ok());
}

}  // namespace
}  // namespace fledger::model
