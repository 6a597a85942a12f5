// Tests for the registry of repository checks, and every check run on an empty tree, on the
// bundled example and on Fledger's own repository. The checks' own cases are in
// repo_checks_*_test.cc, by concern like the sources.
#include "assess/repo_checks.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>

#include "assess/repo_checks_fixture.h"
#include "test_util.h"

namespace fledger::assess {
namespace {

using fledger::testing::SourceDir;
using fledger::testing::TempDir;
using fledger::testing::repo_checks::ExpectResult;
using fledger::testing::repo_checks::Load;
using fledger::testing::repo_checks::RunCheck;

// --- Registry -------------------------------------------------------------------------------

TEST(RepoCheckRegistryTest, IdsAreUniqueAndComplete) {
  std::set<std::string_view> ids;
  for (const auto& c : RepoChecks()) {
    EXPECT_TRUE(ids.insert(c.id).second) << c.id;
    EXPECT_FALSE(c.description.empty()) << c.id;
    EXPECT_EQ(c.description.find('\n'), std::string_view::npos) << c.id;
    EXPECT_NE(c.run, nullptr) << c.id;
  }
  for (const char* id : {"repo.readme",
                         "repo.readme_build",
                         "repo.interface_docs",
                         "repo.license_file",
                         "repo.license_floss",
                         "repo.license_osi",
                         "repo.contributing",
                         "repo.contribution_requirements",
                         "repo.code_of_conduct",
                         "repo.governance",
                         "repo.security_policy",
                         "repo.security_private_channel",
                         "repo.bug_reporting",
                         "repo.vcs_git",
                         "repo.tags",
                         "repo.semver",
                         "repo.changelog",
                         "repo.build_system",
                         "repo.build_common_tools",
                         "repo.tests",
                         "repo.test_invocation",
                         "repo.test_policy",
                         "repo.ci",
                         "repo.ci_tests",
                         "repo.warnings",
                         "repo.warnings_strict",
                         "repo.static_analysis",
                         "repo.dynamic_analysis",
                         "repo.dependency_updates",
                         "repo.https_links",
                         "repo.no_leaked_credentials",
                         "repo.english",
                         "repo.maintained",
                         "repo.signed_releases",
                         "repo.pinned_dependencies",
                         "repo.sbom",
                         "repo.branch_protection_hint",
                         "sca.dependencies_listed",
                         "sca.known_vulnerabilities",
                         "sca.critical_vulnerabilities",
                         "sca.dependency_monitoring"}) {
    EXPECT_NE(FindRepoCheck(id), nullptr) << id;
  }
  EXPECT_EQ(RepoChecks().size(), 41u);
  EXPECT_EQ(FindRepoCheck("repo.nope"), nullptr);
}

// --- Absence --------------------------------------------------------------------------------

TEST(RepoCheckTest, EmptyRepositoryIsUnmetWhereAbsenceDecides) {
  TempDir dir;
  dir.Write("main.c", "int main(void) { return 0; }\n");
  const RepoSnapshot repo = Load(dir);
  for (const char* id : {"repo.readme", "repo.license_file", "repo.security_policy", "repo.ci",
                         "repo.tests", "repo.build_system", "repo.dependency_updates"}) {
    const auto r = RunCheck(repo, id);
    EXPECT_EQ(r.status, ReqStatus::kUnmet) << id;
    EXPECT_FALSE(r.note.empty()) << id;
  }
  for (const char* id : {"repo.vcs_git", "repo.maintained", "repo.governance", "repo.tags",
                         "repo.changelog", "repo.signed_releases", "repo.sbom"}) {
    EXPECT_EQ(RunCheck(repo, id).status, ReqStatus::kNeedsReview) << id;
  }
  const auto creds = RunCheck(repo, "repo.no_leaked_credentials");
  ExpectResult(creds, ReqStatus::kMet);
  EXPECT_TRUE(creds.evidence.empty());
  EXPECT_EQ(creds.note, "no credentials found in 1 files");
}

// --- Real trees -----------------------------------------------------------------------------

TEST(RepoCheckTest, BundledExample) {
  const RepoSnapshot repo = Load(SourceDir() / "examples/vulnshop");
  ExpectResult(RunCheck(repo, "repo.license_file"), ReqStatus::kMet, "LICENSE");
  ExpectResult(RunCheck(repo, "repo.license_osi"), ReqStatus::kMet, "LICENSE");
  ExpectResult(RunCheck(repo, "repo.security_policy"), ReqStatus::kUnmet);
  ExpectResult(RunCheck(repo, "repo.contributing"), ReqStatus::kUnmet);
  ExpectResult(RunCheck(repo, "repo.ci"), ReqStatus::kMet, ".github/workflows/ci.yml");
  ExpectResult(RunCheck(repo, "repo.readme"), ReqStatus::kMet, "README.md");
  ExpectResult(RunCheck(repo, "repo.changelog"), ReqStatus::kMet, "CHANGELOG.md");
  const auto creds = RunCheck(repo, "repo.no_leaked_credentials");
  // The secret scanner's provider formats first: the database URLs with a password, then the
  // committed private key (its confidence lowered: the sample does not parse as a key).
  ExpectResult(creds, ReqStatus::kUnmet, "docker-compose.yml", 24);
  EXPECT_TRUE(std::any_of(creds.evidence.begin(), creds.evidence.end(), [](const EvidenceRef& e) {
    return e.path.str() == "config/settings.env";
  })) << creds.note;
  for (const auto& e : creds.evidence) {
    for (const char* secret :
         {"IOSFODNN7", "FAKEFAKE", "bPxRfiCY", "XXXXXXXXXXXX", "secret123", "MIIBOg"}) {
      EXPECT_EQ(e.excerpt.find(secret), std::string::npos)
          << e.path.str() << ":" << e.line << " " << e.excerpt;
    }
  }
}

TEST(RepoCheckTest, EveryCheckRunsOnFledgerItself) {
  const RepoSnapshot repo = Load(SourceDir());
  int met = 0;
  for (const auto& c : RepoChecks()) {
    SCOPED_TRACE(std::string(c.id));
    const CheckResult r = c.run(repo);
    EXPECT_FALSE(r.note.empty());
    EXPECT_EQ(r.note.find('\n'), std::string::npos);
    if (r.status == ReqStatus::kMet) {
      EXPECT_TRUE(!r.evidence.empty() || !r.note.empty());
    }
    for (const auto& e : r.evidence) {
      EXPECT_GE(e.line, 0);
      EXPECT_FALSE(e.path.is_root());
      EXPECT_LE(e.excerpt.size(), 163u);  // 160 bytes and an ellipsis
      EXPECT_EQ(e.excerpt.find_first_of("\r\n"), std::string::npos);
    }
    met += r.status == ReqStatus::kMet ? 1 : 0;
  }
  // Fledger has a README, license, build, tests, CI, warnings, fuzzing, docs: a floor, not a score.
  EXPECT_GE(met, 15);
  ExpectResult(RunCheck(repo, "repo.license_file"), ReqStatus::kMet, "LICENSE");
  ExpectResult(RunCheck(repo, "repo.build_system"), ReqStatus::kMet, "CMakeLists.txt", 1);
  ExpectResult(RunCheck(repo, "repo.dynamic_analysis"), ReqStatus::kMet);
}

}  // namespace
}  // namespace fledger::assess
