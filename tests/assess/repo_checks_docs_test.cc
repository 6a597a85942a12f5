// Tests for the documentation checks: README prose and build instructions, security policy and
// private channel, links, contribution guide, bug reporting and code of conduct, each with exact
// path:line evidence.
#include <gtest/gtest.h>

#include "assess/repo_checks.h"
#include "assess/repo_checks_fixture.h"
#include "test_util.h"

namespace fledger::assess {
namespace {

using fledger::testing::TempDir;
using fledger::testing::repo_checks::ExpectResult;
using fledger::testing::repo_checks::Load;
using fledger::testing::repo_checks::RunCheck;

// --- README ---------------------------------------------------------------------------------

TEST(RepoCheckTest, ReadmeEvidenceIsTheFirstProseLine) {
  TempDir dir;
  dir.Write("README.md",
            "# Title\n"
            "\n"
            "[![CI](https://ci.example.org/badge.svg)](https://ci.example.org)\n"
            "\n"
            "```sh\n"
            "make install and then run it from the shell\n"
            "```\n"
            "> **Warning:** this is a quoted warning about something else entirely.\n"
            "Fledger is a tool that checks repositories offline.\n"
            "It reads files and never runs anything it finds.\n"
            "Results carry path and line evidence for a reviewer.\n");
  const RepoSnapshot repo = Load(dir);
  const auto r = RunCheck(repo, "repo.readme");
  ExpectResult(r, ReqStatus::kMet, "README.md", 9);
  EXPECT_EQ(r.evidence[0].excerpt, "Fledger is a tool that checks repositories offline.");
  ExpectResult(RunCheck(repo, "repo.readme_build"), ReqStatus::kMet, "README.md", 6);
}

TEST(RepoCheckTest, ShortReadmeIsPartialAndRootReadmeComesFirst) {
  TempDir dir;
  dir.Write("README.rst", "Title\n=====\n\nA tiny thing that does stuff well.\n");
  dir.Write(".github/README.md",
            "One line of prose about the project here.\nAnother line of prose about it.\n"
            "A third line of prose for good measure.\n");
  const RepoSnapshot repo = Load(dir);
  // The .github README is long enough; the root one is not but is still the front page.
  ExpectResult(RunCheck(repo, "repo.readme"), ReqStatus::kMet, ".github/README.md", 1);
  TempDir short_dir;
  short_dir.Write("README.rst", "Title\n=====\n\nA tiny thing that does stuff well.\n");
  ExpectResult(RunCheck(Load(short_dir), "repo.readme"), ReqStatus::kPartial, "README.rst", 4);
}

// --- Security policy ------------------------------------------------------------------------

TEST(RepoCheckTest, SecurityPolicyAndPrivateChannel) {
  TempDir dir;
  dir.Write("SECURITY.md",
            "# Security\n\nPlease do not open public issues.\nEmail security@example.org with "
            "details.\n");
  const RepoSnapshot repo = Load(dir);
  ExpectResult(RunCheck(repo, "repo.security_policy"), ReqStatus::kMet, "SECURITY.md", 1);
  ExpectResult(RunCheck(repo, "repo.security_private_channel"), ReqStatus::kMet, "SECURITY.md", 4);
}

TEST(RepoCheckTest, SecurityPolicyWithoutChannelAndAdvisoryLink) {
  TempDir none;
  none.Write(".github/SECURITY.md", "# Security\n\nWe care about security.\n");
  const RepoSnapshot a = Load(none);
  ExpectResult(RunCheck(a, "repo.security_policy"), ReqStatus::kMet, ".github/SECURITY.md");
  ExpectResult(RunCheck(a, "repo.security_private_channel"), ReqStatus::kUnmet);
  TempDir link;
  link.Write(
      "docs/SECURITY.md",
      "# Security\n\nReport vulnerabilities at\nhttps://github.com/o/r/security/advisories/new\n");
  ExpectResult(RunCheck(Load(link), "repo.security_private_channel"), ReqStatus::kMet,
               "docs/SECURITY.md", 4);
}

TEST(RepoCheckTest, DocsSecurityPageThatIsNotAPolicyDoesNotCount) {
  // docs/security.md often describes the software's own security design, not how to report.
  TempDir dir;
  dir.Write("docs/security.md",
            "# Security design\n\nInputs are bounded and parsed in a sandbox.\n");
  ExpectResult(RunCheck(Load(dir), "repo.security_policy"), ReqStatus::kUnmet);
}

TEST(RepoCheckTest, ReadmeSayingThereIsNoPolicyDoesNotCount) {
  TempDir dir;
  dir.Write("README.md",
            "# X\n\n- No `SECURITY.md`: no way to report a vulnerability privately.\n");
  EXPECT_EQ(RunCheck(Load(dir), "repo.security_policy").status, ReqStatus::kUnmet);
}

// --- Links and contributing ----------------------------------------------------------------

TEST(RepoCheckTest, HttpLinksAreReportedHttpsIsMet) {
  TempDir dir;
  dir.Write("README.md",
            "# X\nHome: http://downloads.vulnshop.dev/get\nLocal: http://localhost:8080\n"
            "Docs: http://docs.example.org/x\n");
  const auto bad = RunCheck(Load(dir), "repo.https_links");
  ExpectResult(bad, ReqStatus::kUnmet, "README.md", 2);
  EXPECT_EQ(bad.evidence.size(), 1u);
  TempDir ok;
  ok.Write("README.md", "# X\n\nHome: https://secure.vulnshop.dev\n");
  ExpectResult(RunCheck(Load(ok), "repo.https_links"), ReqStatus::kMet, "README.md", 3);
}

TEST(RepoCheckTest, ContributingRequirementsPolicyAndReview) {
  TempDir dir;
  dir.Write("CONTRIBUTING.md",
            "# Contributing\n\nThanks!\n\nRun clang-format before sending a change.\n"
            "Every change must add tests for new behaviour.\nChanges are merged after code review "
            "by a maintainer.\n");
  dir.Write(".github/ISSUE_TEMPLATE/bug.md", "---\nname: Bug\n---\n");
  dir.Write("CODE_OF_CONDUCT.md", "# Contributor Covenant\n");
  const RepoSnapshot repo = Load(dir);
  ExpectResult(RunCheck(repo, "repo.contributing"), ReqStatus::kMet, "CONTRIBUTING.md", 1);
  ExpectResult(RunCheck(repo, "repo.contribution_requirements"), ReqStatus::kMet, "CONTRIBUTING.md",
               5);
  ExpectResult(RunCheck(repo, "repo.test_policy"), ReqStatus::kMet, "CONTRIBUTING.md", 6);
  ExpectResult(RunCheck(repo, "repo.branch_protection_hint"), ReqStatus::kMet, "CONTRIBUTING.md",
               7);
  ExpectResult(RunCheck(repo, "repo.bug_reporting"), ReqStatus::kMet,
               ".github/ISSUE_TEMPLATE/bug.md", 1);
  ExpectResult(RunCheck(repo, "repo.code_of_conduct"), ReqStatus::kMet, "CODE_OF_CONDUCT.md", 1);
}

}  // namespace
}  // namespace fledger::assess
