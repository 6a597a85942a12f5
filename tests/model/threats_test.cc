// Tests for Analyze: the STRIDE rules fire where their conditions hold and nowhere else, ids are
// stable, assumptions exclude and invert, and misuse cases are ranked by gain / path cost with
// the path and costs the documented formula gives (docs/model.md, "Scoring").
#include "model/threats.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "model/load.h"
#include "model/scoring.h"

namespace fledger::model {
namespace {

// An internet user reaches `api` (session auth), which talks to `db` across a boundary in clear
// and without authentication.
const char kShop[] = R"(version: 1
actors:
  - id: user
    name: User
boundaries:
  - id: dmz
    name: DMZ
  - id: core
    name: Core
components:
  - id: api
    name: API
    paths: [api/]
    authentication: session
    permissions: "RBAC"
    audit_log: true
    boundary: dmz
  - id: db
    name: DB
    kind: data-store
    boundary: core
    audit_log: true
    data: [cards]
data:
  - id: cards
    name: Cards
    classification: secret
    confidentiality: critical
    quantity: many
    pii: true
flows:
  - id: login
    source: user
    target: api
    encrypted: true
    authentication: session
    authorization: true
  - id: query
    source: api
    target: db
    data: [cards]
assumptions:
  - id: net-trusted
    statement: Nobody can listen on the core network
    elements: [query]
    excludes: [information-disclosure]
)";

Analysis AnalyzeText(const std::string& text) {
  const auto m = LoadModel(text, "threatmodel.yaml");
  EXPECT_TRUE(m.ok()) << m.error().ToString();
  return m.ok() ? Analyze(m.value()) : Analysis{};
}

const GeneratedThreat* Find(const Analysis& a, std::string_view id) {
  for (const auto& t : a.threats) {
    if (t.id == id) return &t;
  }
  return nullptr;
}

const RankedMisuse* FindCase(const Analysis& a, std::string_view id) {
  for (const auto& c : a.misuse_cases) {
    if (c.id == id) return &c;
  }
  return nullptr;
}

TEST(AnalyzeTest, RulesFireOnlyWhereTheirConditionsHold) {
  const Analysis a = AnalyzeText(kShop);
  // The query flow: clear text across a boundary, unauthenticated, unauthorized.
  EXPECT_NE(Find(a, "stride-disclosure-unencrypted-flow@query"), nullptr);
  EXPECT_NE(Find(a, "stride-tampering-unencrypted-flow@query"), nullptr);
  EXPECT_NE(Find(a, "stride-spoofing-unauthenticated-flow@query"), nullptr);
  EXPECT_NE(Find(a, "stride-eop-unauthorized-flow@query"), nullptr);
  EXPECT_EQ(Find(a, "stride-disclosure-unencrypted-flow@query")->likelihood, "high");
  EXPECT_EQ(Find(a, "stride-disclosure-unencrypted-flow@query")->cwe, "CWE-319");
  // The login flow is encrypted, authenticated and authorized: none of those.
  EXPECT_EQ(Find(a, "stride-disclosure-unencrypted-flow@login"), nullptr);
  EXPECT_EQ(Find(a, "stride-spoofing-unauthenticated-flow@login"), nullptr);
  EXPECT_EQ(Find(a, "stride-eop-unauthorized-flow@login"), nullptr);
  // api has authentication, permissions and an audit log.
  EXPECT_EQ(Find(a, "stride-spoofing-unauthenticated@api"), nullptr);
  EXPECT_EQ(Find(a, "stride-eop-no-permissions-model@api"), nullptr);
  EXPECT_EQ(Find(a, "stride-repudiation-no-audit-log@api"), nullptr);
  EXPECT_NE(Find(a, "stride-tampering-input@api"), nullptr);
  // db holds secret data.
  EXPECT_NE(Find(a, "stride-disclosure-sensitive-data@db"), nullptr);
  EXPECT_EQ(Find(a, "stride-disclosure-sensitive-data@db")->impact, "critical");
  EXPECT_TRUE(std::is_sorted(a.threats.begin(), a.threats.end(),
                             [](const auto& x, const auto& y) { return x.id < y.id; }));
}

TEST(AnalyzeTest, AssumptionsExcludeAndInvert) {
  const Analysis a = AnalyzeText(kShop);
  EXPECT_EQ(Find(a, "stride-disclosure-unencrypted-flow@query")->excluded_by,
            (std::vector<std::string>{"net-trusted"}));
  EXPECT_TRUE(Find(a, "stride-tampering-unencrypted-flow@query")->excluded_by.empty());
  ASSERT_EQ(a.inverted.size(), 1u);
  EXPECT_EQ(a.inverted[0].threats,
            (std::vector<std::string>{"stride-disclosure-unencrypted-flow@query"}));
  EXPECT_NE(FindCase(a, "not-net-trusted"), nullptr);
  // Rejected: the threat is back, and no inverted case is needed.
  std::string rejected = kShop;
  rejected += "    status: rejected\n";
  const Analysis r = AnalyzeText(rejected);
  EXPECT_TRUE(Find(r, "stride-disclosure-unencrypted-flow@query")->excluded_by.empty());
  EXPECT_EQ(FindCase(r, "not-net-trusted"), nullptr);
}

TEST(AnalyzeTest, RanksByGainOverPathCost) {
  const Analysis a = AnalyzeText(kShop);
  ASSERT_FALSE(a.misuse_cases.empty());
  EXPECT_TRUE(std::is_sorted(a.misuse_cases.begin(), a.misuse_cases.end(),
                             [](const auto& x, const auto& y) { return x.score > y.score; }));
  // Tampering with db: path user -(login: 1 hop + boundary 1 + session 1.5 + authorization 1 +
  // TLS 0.5 = 5)-> api -(query: 1 hop + boundary 1 + unknown auth 0.5 = 2.5)-> db, cost 7.5.
  // Gain: integrity medium 2 x quantity many 2.5 = 5 (a data store has no capability bonus).
  const RankedMisuse* t = FindCase(a, "tampering@db");
  ASSERT_NE(t, nullptr);
  EXPECT_DOUBLE_EQ(t->path_cost, 7.5);
  EXPECT_DOUBLE_EQ(t->gain, 5);
  EXPECT_DOUBLE_EQ(t->score, 0.667);
  ASSERT_EQ(t->path.size(), 3u);
  EXPECT_EQ(t->path[0].element, "user");
  EXPECT_EQ(t->path[1].flow, "login");
  EXPECT_EQ(t->path[2].element, "db");
  EXPECT_EQ(t->persona, "user");
  EXPECT_EQ(t->cheapest_control, "suggested: encrypt flow query (TLS)");
  // Disclosure of db: the only live disclosure threat on db is its sensitive data (the flow's is
  // excluded), secret 8 x PII 1.5 x many 2.5 = 30.
  const RankedMisuse* d = FindCase(a, "information-disclosure@db");
  ASSERT_NE(d, nullptr);
  EXPECT_DOUBLE_EQ(d->gain, 30);
  EXPECT_DOUBLE_EQ(d->score, 4);
  // The API reads the same cards (they flow through it) at path cost 5: 30 / 5 = 6, the top.
  EXPECT_EQ(a.misuse_cases.front().id, "information-disclosure@api");
  EXPECT_DOUBLE_EQ(a.misuse_cases.front().score, 6);
}

TEST(AnalyzeTest, CheaperPathsRankHigher) {
  // Exposing db to the internet without authentication makes the path to it cost 1.5.
  std::string exposed = kShop;
  exposed.replace(exposed.find("    kind: data-store\n"), 21,
                  "    kind: data-store\n    exposure: internet\n    authentication: none\n");
  const Analysis a = AnalyzeText(exposed);
  const RankedMisuse* d = FindCase(a, "information-disclosure@db");
  ASSERT_NE(d, nullptr);
  EXPECT_DOUBLE_EQ(d->path_cost, 1);
  EXPECT_EQ(d->persona, "");  // from the internet, not from the user actor
  EXPECT_EQ(d->entry, "db");
  EXPECT_EQ(d->cheapest_control, "suggested: require authentication at db");
  EXPECT_EQ(a.misuse_cases.front().target, "db");
}

// Use cases x STRIDE categories: each category with a live threat along the use case's flows
// gives a misuse case on the most valuable element it touches, ranked like the others.
TEST(AnalyzeTest, UseCasesAreWalkedPerCategory) {
  const Analysis a = AnalyzeText(std::string(kShop) +
                                 "use_cases:\n  - id: buy\n    name: Customer pays\n"
                                 "    actor: user\n    flows: [login, query]\n");
  const RankedMisuse* disclosure = FindCase(a, "information-disclosure@buy");
  ASSERT_NE(disclosure, nullptr);
  EXPECT_EQ(disclosure->source, "use-case");
  // The API handles the cards too, and is one step closer than the DB: it scores highest.
  EXPECT_EQ(disclosure->target, "api");
  EXPECT_EQ(disclosure->score, FindCase(a, "information-disclosure@api")->score);
  EXPECT_GT(disclosure->score, FindCase(a, "information-disclosure@db")->score);
  EXPECT_NE(disclosure->action.find("in use case 'Customer pays'"), std::string::npos);
  // The query's disclosure threat is excluded by net-trusted, but the DB's own is live.
  EXPECT_NE(FindCase(a, "elevation-of-privilege@buy"), nullptr);
  EXPECT_TRUE(std::is_sorted(a.misuse_cases.begin(), a.misuse_cases.end(),
                             [](const RankedMisuse& x, const RankedMisuse& y) {
                               return x.score > y.score;
                             }));
}

TEST(AnalyzeTest, DataValueFollowsTheDocumentedWeights) {
  DataAsset d;
  d.classification = "confidential";
  d.confidentiality = "low";
  d.integrity = "high";
  d.availability = "critical";
  d.quantity = "very-many";
  EXPECT_DOUBLE_EQ(DataValue(d, "information-disclosure"), 16);  // 4 x 4
  EXPECT_DOUBLE_EQ(DataValue(d, "tampering"), 16);               // 4 x 4
  EXPECT_DOUBLE_EQ(DataValue(d, "denial-of-service"), 32);       // 8 x 4
  EXPECT_DOUBLE_EQ(DataValue(d, "repudiation"), 8);              // 2 x 4
  EXPECT_DOUBLE_EQ(DataValue(d, "elevation-of-privilege"), 32);  // (4 + 4) x 4
  d.credentials = true;
  EXPECT_DOUBLE_EQ(DataValue(d, "tampering"), 32);
}

}  // namespace
}  // namespace fledger::model
