// Tests for CheckModel: each warning rule fires on a model that breaks it and stays quiet on one
// that does not, and paths are looked up without following symlinks out of the repository.
#include "model/check.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "model/load.h"
#include "test_util.h"

namespace fledger::model {
namespace {

using fledger::testing::TempDir;

const char kBase[] = R"(version: 1
actors:
  - id: user
    name: User
boundaries:
  - id: cluster
    name: Cluster
  - id: pod
    name: Pod
    kind: container
    parent: cluster
components:
  - id: web
    name: Web
    paths: [web/]
    boundary: pod
  - id: db
    name: DB
    kind: data-store
    paths: [db/schema.sql]
    boundary: cluster
flows:
  - id: in
    source: user
    target: web
    encrypted: true
    authentication: session
  - id: query
    source: web
    target: db
    encrypted: ENC
    authentication: AUTH
controls:
  - id: c1
    name: TLS
    mitigates: [MITIGATES]
    tests: [TESTS]
)";

std::vector<std::string> Rules(const std::string& text, const TempDir& repo) {
  const auto m = LoadModel(text, "threatmodel.yaml");
  EXPECT_TRUE(m.ok()) << m.error().ToString();
  std::vector<std::string> rules;
  if (!m.ok()) return rules;
  for (const auto& w : CheckModel(m.value(), repo.path())) rules.push_back(w.rule);
  return rules;
}

std::string Model(std::string enc, std::string auth, std::string mitigates, std::string tests) {
  std::string text = kBase;
  auto set = [&](std::string_view from, const std::string& to) {
    text.replace(text.find(from), from.size(), to);
  };
  set("ENC", enc);
  set("AUTH", auth);
  set("MITIGATES", mitigates);
  set("TESTS", tests);
  return text;
}

bool Has(const std::vector<std::string>& rules, std::string_view rule) {
  return std::find(rules.begin(), rules.end(), rule) != rules.end();
}

TEST(CheckModelTest, CleanModelHasNoWarnings) {
  TempDir repo;
  repo.Write("web/app.js", "x");
  repo.Write("db/schema.sql", "x");
  repo.Write("tests/tls_test.sh", "x");
  const auto rules = Rules(Model("true", "mtls", "tls-downgrade@query", "tests/tls_test.sh"), repo);
  EXPECT_TRUE(rules.empty()) << rules.front();
}

TEST(CheckModelTest, FlowsCrossingABoundaryNeedEncryptionAndAuthentication) {
  TempDir repo;
  repo.Write("web/app.js", "x");
  repo.Write("db/schema.sql", "x");
  repo.Write("t.sh", "x");
  const auto rules = Rules(Model("false", "none", "x@web", "t.sh"), repo);
  EXPECT_TRUE(Has(rules, "flow-crosses-boundary-unencrypted"));
  EXPECT_TRUE(Has(rules, "flow-crosses-boundary-unauthenticated"));
  EXPECT_EQ(rules.size(), 2u);  // the flow from the user is encrypted and authenticated
}

TEST(CheckModelTest, StaleInvalidAndSymlinkedPaths) {
  TempDir repo;
  repo.Write("web/app.js", "x");  // db/schema.sql is missing
  std::filesystem::create_directories(repo.path() / "out");
  std::filesystem::create_directory_symlink("/etc", repo.path() / "etc-link");
  auto rules = Rules(Model("true", "mtls", "x@web", "../outside.sh"), repo);
  EXPECT_TRUE(Has(rules, "stale-path"));    // db/schema.sql
  EXPECT_TRUE(Has(rules, "invalid-path"));  // ../outside.sh
  // A path through a symlink exists as the link; nothing behind it is looked at.
  rules = Rules(Model("true", "mtls", "x@web", "etc-link/no-such-file"), repo);
  EXPECT_EQ(std::count(rules.begin(), rules.end(), "stale-path"), 1);  // only db/schema.sql
}

TEST(CheckModelTest, OwnersBoundariesAndUnknownThreats) {
  TempDir repo;
  std::string text = Model("true", "mtls", "no-such-threat", "t.sh");
  text.replace(text.find("    paths: [web/]\n    boundary: pod\n"), 36, "");
  const auto rules = Rules(text, repo);
  EXPECT_TRUE(Has(rules, "component-without-paths"));
  EXPECT_TRUE(Has(rules, "component-outside-boundaries"));
  EXPECT_TRUE(Has(rules, "unknown-threat"));
}

TEST(CheckModelTest, BoundaryChainIsInnermostFirst) {
  const auto m = LoadModel(Model("true", "mtls", "x@y", "t"), "m.yaml");
  ASSERT_TRUE(m.ok());
  const auto chain = BoundaryChain(m.value(), ElementId::Parse("web").value());
  ASSERT_EQ(chain.size(), 2u);
  EXPECT_EQ(chain[0].str(), "pod");
  EXPECT_EQ(chain[1].str(), "cluster");
  EXPECT_TRUE(BoundaryChain(m.value(), ElementId::Parse("user").value()).empty());
}

}  // namespace
}  // namespace fledger::model
