#include "secrets/triage.h"

#include <gtest/gtest.h>

namespace fledger::secrets {
namespace {

Finding Make(const std::string& rule, const std::string& path) {
  const RuleId id = RuleId::Parse(rule).value();
  const RepoPath p = RepoPath::Parse(path).value();
  Finding f{.rule_id = id, .fingerprint = Fingerprint::Compute(id, p, "x")};
  f.kind = FindingKind::kSecret;
  f.location.path = p;
  return f;
}

TEST(SecretAllowlist, ParsesAndRefusesMistakes) {
  auto ok = ParseAllowlist(R"(allow:
  - paths: ["tests/fixtures/**", "*.example"]
    reason: fixtures hold revoked keys
  - rules: [generic-password]
    paths: docs/
    reason: documentation samples
    expires: 2030-01-31
)",
                           "allow.yaml");
  ASSERT_TRUE(ok.ok()) << ok.error().ToString();
  EXPECT_EQ(ok.value().entries.size(), 2u);
  EXPECT_EQ(ok.value().entries[1].source, "allow.yaml:4");
  for (const char* bad : {"allow:\n  - paths: [a]\n", "allow:\n  - reason: r\n",
                          "allow:\n  - paths: [a]\n    reason: r\n    expires: 2030-13-01\n",
                          "allow:\n  - paths: [a]\n    reason: r\n    why: x\n",
                          "allow:\n  - fingerprints: [zz]\n    reason: r\n", "deny: []\n"}) {
    auto r = ParseAllowlist(bad, "allow.yaml");
    EXPECT_FALSE(r.ok()) << bad;
    if (!r.ok()) {
      EXPECT_NE(r.error().ToString().find("allow.yaml"), std::string::npos);
    }
  }
}

TEST(SecretAllowlist, SuppressesByPathRuleAndFingerprintUntilExpiry) {
  std::vector<Finding> f = {Make("github-pat-classic", "tests/fixtures/a/b.env"),
                            Make("generic-password", "docs/guide.md"),
                            Make("generic-password", "src/main.py"),
                            Make("aws-access-key-id", "src/cfg.py"),
                            Make("jwt", "old/x.txt")};
  Allowlist allow;
  allow.entries.push_back({{"tests/fixtures/**"}, {}, {}, "fixtures", "", "a:2"});
  allow.entries.push_back({{"docs/"}, {"generic-password"}, {}, "docs", "", "a:4"});
  allow.entries.push_back({{}, {}, {f[3].fingerprint.str()}, "rotated", "2030-01-01", "a:6"});
  allow.entries.push_back({{"old/**"}, {}, {}, "expired", "2020-01-01", "a:8"});
  const auto report = ApplyTriage(f, &allow, nullptr, "2026-12-02");
  EXPECT_TRUE(f[0].suppression);
  EXPECT_TRUE(f[1].suppression);
  EXPECT_FALSE(f[2].suppression);
  ASSERT_TRUE(f[3].suppression);
  EXPECT_EQ(f[3].suppression->kind, "allowlist");
  EXPECT_EQ(f[3].suppression->source, "a:6");
  EXPECT_FALSE(f[4].suppression);  // expired
  EXPECT_EQ(report.allowed, 3u);
  ASSERT_EQ(report.warnings.size(), 1u);
  EXPECT_NE(report.warnings[0].find("expired"), std::string::npos);
}

TEST(SecretBaseline, ReadsJsonAndSarifReportsAndSuppressesKnownSecrets) {
  std::vector<Finding> f = {Make("a-rule", "x.txt"), Make("b-rule", "y.txt")};
  const std::string json = R"({"findings": [{"fingerprint": ")" + f[0].fingerprint.str() +
                           R"("}]})";
  auto fps = ParseBaseline(json, "base.json");
  ASSERT_TRUE(fps.ok());
  const std::string sarif = R"({"runs": [{"results": [{"partialFingerprints": {"fledger/v1": ")" +
                            f[1].fingerprint.str() + R"("}}]}]})";
  auto fps2 = ParseBaseline(sarif, "base.sarif");
  ASSERT_TRUE(fps2.ok());
  EXPECT_EQ(fps2.value().size(), 1u);
  const auto report = ApplyTriage(f, nullptr, &fps.value(), "2026-12-02");
  EXPECT_EQ(report.baselined, 1u);
  ASSERT_TRUE(f[0].suppression);
  EXPECT_EQ(f[0].suppression->kind, "baseline");
  EXPECT_FALSE(f[1].suppression);
  EXPECT_FALSE(ParseBaseline("[1,2]", "b.json").ok());
  EXPECT_FALSE(ParseBaseline("{", "b.json").ok());
}

}  // namespace
}  // namespace fledger::secrets
