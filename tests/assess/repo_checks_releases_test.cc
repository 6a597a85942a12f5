// Tests for the version-control and release checks: tags and their main release line, SemVer
// and CalVer, change logs, and the last commit's date (a hostile one included), on git
// repositories made in a temp dir.
#include <git2.h>
#include <gtest/gtest.h>

#include <string>

#include "assess/repo_checks.h"
#include "assess/repo_checks_fixture.h"
#include "test_util.h"

namespace fledger::assess {
namespace {

using fledger::testing::TempDir;
using fledger::testing::repo_checks::ExpectResult;
using fledger::testing::repo_checks::Load;
using fledger::testing::repo_checks::MakeGitRepo;
using fledger::testing::repo_checks::Now;
using fledger::testing::repo_checks::RunCheck;

// --- Releases -------------------------------------------------------------------------------

TEST(RepoSnapshotTest, OldUntaggedHistoryAndNonSemverTags) {
  TempDir dir;
  dir.Write("a.txt", "a\n");
  MakeGitRepo(dir.path(), Now() - 2 * 365 * 86400, {"release", "nightly", "v2.0", "2.1", "2.2rc1"},
              "");
  const RepoSnapshot repo = Load(dir);
  ExpectResult(RunCheck(repo, "repo.maintained"), ReqStatus::kUnmet);
  const auto semver = RunCheck(repo, "repo.semver");
  ExpectResult(semver, ReqStatus::kUnmet);
  EXPECT_NE(semver.note.find("0 of the newest 3 release tags"), std::string::npos) << semver.note;
  EXPECT_NE(semver.note.find("not: 2.2rc1, 2.1, v2.0"), std::string::npos) << semver.note;
  EXPECT_TRUE(repo.git().remote_urls.empty());
}

TEST(RepoSnapshotTest, ReleaseLineIgnoresOtherPackagesBranchTagsAndOldHistory) {
  // Like ripgrep (crate tags beside the tool's), Flask (branch-like "2.0.x", pre-1.0 "0.10")
  // and projects that moved to CalVer: the newest releases of the main line decide.
  TempDir dir;
  dir.Write("README.md", "# x\n");
  MakeGitRepo(dir.path(), Now(),
              {"0.9", "0.10", "2.0.x", "grep-cli-0.1.5", "grep-cli-0.1.10", "ignore-0.4.1",
               "13.0.0", "14.0.0", "14.0.1", "14.0.2", "14.1.0", "14.1.1", "15.0.0-rc.1", "15.0.0",
               "2024.05.1", "2025.1"},
              "");
  const RepoSnapshot repo = Load(dir);
  const auto tags = RunCheck(repo, "repo.tags");
  ExpectResult(tags, ReqStatus::kMet);
  EXPECT_NE(
      tags.note.find("16 git tags, 12 on the main release line, newest 2025.1, 2024.05.1, 15.0.0"),
      std::string::npos)
      << tags.note;
  const auto semver = RunCheck(repo, "repo.semver");
  ExpectResult(semver, ReqStatus::kMet);
  EXPECT_NE(
      semver.note.find("10 of the newest 10 release tags follow SemVer or CalVer (newest 2025.1)"),
      std::string::npos)
      << semver.note;
}

TEST(RepoSnapshotTest, HostileCommitDateIsNoDate) {
  // A commit object written by hand with a time near INT64_MIN, which libgit2 reads back as is;
  // UBSan caught `now - head` overflowing on it.
  TempDir dir;
  dir.Write("README.md", "# x\n");
  git_libgit2_init();
  git_repository* repo = nullptr;
  ASSERT_EQ(git_repository_init(&repo, dir.path().c_str(), 0), 0);
  git_odb* odb = nullptr;
  ASSERT_EQ(git_repository_odb(&odb, repo), 0);
  git_oid tree_id, commit_id;
  ASSERT_EQ(git_odb_write(&tree_id, odb, "", 0, GIT_OBJECT_TREE), 0);  // the empty tree
  char tree_hex[GIT_OID_HEXSZ + 1] = {};
  git_oid_tostr(tree_hex, sizeof(tree_hex), &tree_id);
  const std::string body = std::string("tree ") + tree_hex +
                           "\nauthor a <a@b> -9223372036854775807 +0000\n"
                           "committer a <a@b> -9223372036854775807 +0000\n\nhostile\n";
  ASSERT_EQ(git_odb_write(&commit_id, odb, body.data(), body.size(), GIT_OBJECT_COMMIT), 0);
  git_reference* ref = nullptr;
  ASSERT_EQ(git_reference_create(&ref, repo, "HEAD", &commit_id, 1, nullptr) == 0 ||
                git_reference_create(&ref, repo, "refs/heads/master", &commit_id, 1, nullptr) == 0,
            true);
  git_reference_free(ref);
  git_odb_free(odb);
  git_repository_free(repo);
  git_libgit2_shutdown();
  const RepoSnapshot snap = Load(dir);
  ASSERT_TRUE(snap.git().is_git);
  const auto r = RunCheck(snap, "repo.maintained");
  ExpectResult(r, ReqStatus::kNeedsReview);
  EXPECT_EQ(r.note, "last commit has no usable date");
}

TEST(RepoSnapshotTest, CalverMonthsTenToTwelve) {
  TempDir dir;
  dir.Write("README.md", "# x\n");
  MakeGitRepo(dir.path(), Now(), {"23.04", "23.10", "24.04", "24.10", "24.12"}, "");
  const auto r = RunCheck(Load(dir), "repo.semver");
  ExpectResult(r, ReqStatus::kMet);
  EXPECT_NE(r.note.find("5 of the newest 5"), std::string::npos) << r.note;
}

TEST(RepoCheckTest, ChangelogVersionsAndSemverWithoutGit) {
  TempDir dir;
  dir.Write("CHANGELOG.md", "# Changelog\n\n## v1.2.0 - 2026-01-01\n## 1.1.0\n");
  const RepoSnapshot repo = Load(dir);
  ExpectResult(RunCheck(repo, "repo.changelog"), ReqStatus::kMet, "CHANGELOG.md", 3);
  ExpectResult(RunCheck(repo, "repo.tags"), ReqStatus::kMet, "CHANGELOG.md", 3);
  ExpectResult(RunCheck(repo, "repo.semver"), ReqStatus::kMet, "CHANGELOG.md", 3);
}

}  // namespace
}  // namespace fledger::assess
