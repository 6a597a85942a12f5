// Tests for the automatic repository checks: each decides met/unmet/needs-review on small
// repositories built in a temp dir, with exact path:line evidence, and never leaks a secret.
#include "assess/repo_checks.h"

#include <gtest/gtest.h>

#include <set>

#include "test_util.h"

namespace fledger::assess {
namespace {

using fledger::testing::SourceDir;
using fledger::testing::TempDir;

CheckResult RunCheck(const RepoSnapshot& repo, std::string_view id) {
  const RepoCheck* check = FindRepoCheck(id);
  EXPECT_NE(check, nullptr) << id;
  return check == nullptr ? CheckResult{} : check->run(repo);
}

RepoSnapshot Load(const TempDir& dir) {
  auto snap = RepoSnapshot::Load(dir.path(), fs::WalkOptions{});
  EXPECT_TRUE(snap.ok());
  return std::move(snap).value();
}

TEST(RepoCheckRegistryTest, IdsAreUniqueAndComplete) {
  std::set<std::string_view> ids;
  for (const auto& c : RepoChecks()) {
    EXPECT_TRUE(ids.insert(c.id).second) << c.id;
    EXPECT_FALSE(c.description.empty()) << c.id;
  }
  for (const char* id :
       {"repo.readme", "repo.readme_build", "repo.interface_docs", "repo.license_file", "repo.license_floss",
        "repo.license_osi", "repo.contributing", "repo.contribution_requirements", "repo.code_of_conduct",
        "repo.governance", "repo.security_policy", "repo.security_private_channel", "repo.bug_reporting",
        "repo.vcs_git", "repo.tags", "repo.semver", "repo.changelog", "repo.build_system", "repo.build_common_tools",
        "repo.tests", "repo.test_invocation", "repo.test_policy", "repo.ci", "repo.ci_tests", "repo.warnings",
        "repo.warnings_strict", "repo.static_analysis", "repo.dynamic_analysis", "repo.dependency_updates",
        "repo.https_links", "repo.no_leaked_credentials", "repo.english", "repo.maintained", "repo.signed_releases",
        "repo.pinned_dependencies", "repo.sbom", "repo.branch_protection_hint"}) {
    EXPECT_NE(FindRepoCheck(id), nullptr) << id;
  }
  EXPECT_EQ(FindRepoCheck("repo.nope"), nullptr);
}

TEST(RepoCheckTest, EmptyRepositoryIsUnmetWhereAbsenceDecides) {
  TempDir dir;
  dir.Write("main.c", "int main(void) { return 0; }\n");
  const RepoSnapshot repo = Load(dir);
  for (const char* id : {"repo.readme", "repo.license_file", "repo.security_policy", "repo.ci", "repo.tests",
                         "repo.build_system", "repo.dependency_updates"}) {
    EXPECT_EQ(RunCheck(repo, id).status, ReqStatus::kUnmet) << id;
  }
  EXPECT_EQ(RunCheck(repo, "repo.vcs_git").status, ReqStatus::kNeedsReview);
  EXPECT_EQ(RunCheck(repo, "repo.maintained").status, ReqStatus::kNeedsReview);
  EXPECT_EQ(RunCheck(repo, "repo.no_leaked_credentials").status, ReqStatus::kMet);
}

TEST(RepoCheckTest, LicenseIdentifiedWithLineEvidence) {
  TempDir dir;
  dir.Write("LICENSE",
            "\n                                 Apache License\n                           Version 2.0, January 2004\n");
  const RepoSnapshot repo = Load(dir);
  const auto file = RunCheck(repo, "repo.license_file");
  EXPECT_EQ(file.status, ReqStatus::kMet);
  const auto osi = RunCheck(repo, "repo.license_osi");
  ASSERT_EQ(osi.status, ReqStatus::kMet);
  ASSERT_EQ(osi.evidence.size(), 1u);
  EXPECT_EQ(osi.evidence[0].path.str(), "LICENSE");
  EXPECT_EQ(osi.evidence[0].line, 2);
  EXPECT_NE(osi.note.find("Apache-2.0"), std::string::npos);
}

TEST(RepoCheckTest, NonFlossLicenseIsUnmet) {
  TempDir dir;
  dir.Write("LICENSE", "Business Source License 1.1\n");
  const RepoSnapshot repo = Load(dir);
  EXPECT_EQ(RunCheck(repo, "repo.license_floss").status, ReqStatus::kUnmet);
  EXPECT_EQ(RunCheck(repo, "repo.license_osi").status, ReqStatus::kUnmet);
  EXPECT_EQ(RunCheck(repo, "repo.license_file").status, ReqStatus::kMet);
}

TEST(RepoCheckTest, SecurityPolicyAndPrivateChannel) {
  TempDir dir;
  dir.Write("SECURITY.md", "# Security\n\nPlease do not open public issues.\nEmail security@example.org with details.\n");
  const RepoSnapshot repo = Load(dir);
  EXPECT_EQ(RunCheck(repo, "repo.security_policy").status, ReqStatus::kMet);
  const auto priv = RunCheck(repo, "repo.security_private_channel");
  ASSERT_EQ(priv.status, ReqStatus::kMet);
  EXPECT_EQ(priv.evidence[0].line, 4);
}

TEST(RepoCheckTest, ReadmeSayingThereIsNoPolicyDoesNotCount) {
  TempDir dir;
  dir.Write("README.md", "# X\n\n- No `SECURITY.md`: no way to report a vulnerability privately.\n");
  EXPECT_EQ(RunCheck(Load(dir), "repo.security_policy").status, ReqStatus::kUnmet);
}

TEST(RepoCheckTest, CiRunsTestsAndStaticAnalysis) {
  TempDir dir;
  dir.Write(".github/workflows/ci.yml",
            "name: ci\non: push\njobs:\n  t:\n    steps:\n      - uses: actions/checkout@v4\n      - run: ctest\n"
            "      - uses: github/codeql-action/analyze@v3\n");
  dir.Write("tests/a_test.cc", "TEST(A, B) {}\n");
  const RepoSnapshot repo = Load(dir);
  EXPECT_EQ(RunCheck(repo, "repo.ci").status, ReqStatus::kMet);
  const auto tests = RunCheck(repo, "repo.ci_tests");
  ASSERT_EQ(tests.status, ReqStatus::kMet);
  EXPECT_EQ(tests.evidence[0].path.str(), ".github/workflows/ci.yml");
  EXPECT_EQ(tests.evidence[0].line, 7);
  const auto sa = RunCheck(repo, "repo.static_analysis");
  ASSERT_EQ(sa.status, ReqStatus::kMet);
  EXPECT_EQ(sa.evidence[0].line, 8);
  const auto pinned = RunCheck(repo, "repo.pinned_dependencies");
  EXPECT_EQ(pinned.status, ReqStatus::kPartial);  // actions by tag, not by commit
  EXPECT_EQ(RunCheck(repo, "repo.tests").status, ReqStatus::kMet);
}

TEST(RepoCheckTest, HttpLinksAreReportedHttpsIsMet) {
  TempDir dir;
  dir.Write("README.md", "# X\nHome: http://insecure.example.org/download\nLocal: http://localhost:8080\n");
  const auto bad = RunCheck(Load(dir), "repo.https_links");
  ASSERT_EQ(bad.status, ReqStatus::kUnmet);
  ASSERT_EQ(bad.evidence.size(), 1u);
  EXPECT_EQ(bad.evidence[0].line, 2);
  TempDir ok;
  ok.Write("README.md", "# X\nHome: https://secure.example.org\n");
  EXPECT_EQ(RunCheck(Load(ok), "repo.https_links").status, ReqStatus::kMet);
}

TEST(RepoCheckTest, CredentialsAreFoundButNeverShown) {
  TempDir dir;
  dir.Write("config/app.env", "# settings\nAWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\n");
  dir.Write("key.pem", "-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu\n");
  const auto r = RunCheck(Load(dir), "repo.no_leaked_credentials");
  ASSERT_EQ(r.status, ReqStatus::kUnmet);
  ASSERT_GE(r.evidence.size(), 2u);
  for (const auto& e : r.evidence) {
    EXPECT_EQ(e.excerpt.find("IOSFODNN7EXAMPLE"), std::string::npos) << e.excerpt;
    EXPECT_EQ(e.excerpt.find("AAJBAKj34"), std::string::npos) << e.excerpt;
  }
  EXPECT_EQ(r.evidence[0].path.str(), "config/app.env");
  EXPECT_EQ(r.evidence[0].line, 2);
}

TEST(RepoCheckTest, ChangelogVersionsAndSemverWithoutGit) {
  TempDir dir;
  dir.Write("CHANGELOG.md", "# Changelog\n\n## v1.2.0 - 2026-01-01\n## 1.1.0\n");
  const RepoSnapshot repo = Load(dir);
  const auto log = RunCheck(repo, "repo.changelog");
  ASSERT_EQ(log.status, ReqStatus::kMet);
  EXPECT_EQ(log.evidence[0].line, 3);
  EXPECT_EQ(RunCheck(repo, "repo.tags").status, ReqStatus::kMet);
  EXPECT_EQ(RunCheck(repo, "repo.semver").status, ReqStatus::kMet);
}

TEST(RepoCheckTest, BundledExample) {
  auto snap = RepoSnapshot::Load(SourceDir() / "examples/vulnshop", fs::WalkOptions{});
  ASSERT_TRUE(snap.ok());
  const RepoSnapshot& repo = snap.value();
  EXPECT_EQ(RunCheck(repo, "repo.license_file").status, ReqStatus::kMet);
  EXPECT_EQ(RunCheck(repo, "repo.security_policy").status, ReqStatus::kUnmet);
  EXPECT_EQ(RunCheck(repo, "repo.no_leaked_credentials").status, ReqStatus::kUnmet);
  EXPECT_EQ(RunCheck(repo, "repo.ci").status, ReqStatus::kMet);
}

TEST(RepoCheckTest, EveryCheckRunsOnFledgerItself) {
  auto snap = RepoSnapshot::Load(SourceDir(), fs::WalkOptions{});
  ASSERT_TRUE(snap.ok());
  int met = 0;
  for (const auto& c : RepoChecks()) {
    const CheckResult r = c.run(snap.value());
    EXPECT_FALSE(r.note.empty()) << c.id;
    for (const auto& e : r.evidence) EXPECT_GE(e.line, 0) << c.id;
    met += r.status == ReqStatus::kMet ? 1 : 0;
  }
  EXPECT_GE(met, 15);
}

}  // namespace
}  // namespace fledger::assess
