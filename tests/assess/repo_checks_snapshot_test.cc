// Tests for repository snapshots: the file list, cached contents and git metadata (credentials
// stripped, a .git that points elsewhere never followed), and the repo.vcs_git check read from
// them.
#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

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

// --- Snapshot -------------------------------------------------------------------------------

TEST(RepoSnapshotTest, GlobContentAndCache) {
  TempDir dir;
  dir.Write("Docs/Guide.MD", "guide\n");
  dir.Write("README.md", "hello\n");
  const RepoSnapshot repo = Load(dir);
  EXPECT_EQ(repo.files().size(), 2u);
  ASSERT_EQ(repo.Glob("docs/*.md").size(), 1u);
  EXPECT_EQ(repo.Glob("docs/*.md")[0]->path.str(), "Docs/Guide.MD");
  EXPECT_TRUE(repo.Glob("docs/*.md", /*ignore_case=*/false).empty());
  EXPECT_EQ(repo.Glob("Docs/*.MD", /*ignore_case=*/false).size(), 1u);
  EXPECT_EQ(repo.Glob("**/*.md").size(), 2u);
  const std::string* text = repo.Content(RepoPath::Parse("README.md").value());
  ASSERT_NE(text, nullptr);
  EXPECT_EQ(*text, "hello\n");
  EXPECT_EQ(repo.Content(RepoPath::Parse("README.md").value()), text);  // cached
  EXPECT_EQ(repo.Content(RepoPath::Parse("missing.txt").value()), nullptr);
  EXPECT_FALSE(repo.git().is_git);
}

TEST(RepoSnapshotTest, MissingRootIsAnError) {
  TempDir dir;
  EXPECT_FALSE(RepoSnapshot::Load(dir.path() / "nope", fs::WalkOptions{}).ok());
}

TEST(RepoSnapshotTest, GitMetadataWithCredentialsStripped) {
  TempDir dir;
  dir.Write("README.md", "# x\n");
  const int64_t now = Now();
  MakeGitRepo(dir.path(), now - 3600, {"v1.0.0", "v1.10.0", "v1.9.0"},
              "https://user:s3cr3tpw@git.example.org/x.git");
  const RepoSnapshot repo = Load(dir);
  const GitInfo& git = repo.git();
  ASSERT_TRUE(git.is_git);
  EXPECT_EQ(git.tags, (std::vector<std::string>{"v1.0.0", "v1.10.0", "v1.9.0"}));
  EXPECT_EQ(git.head_time, now - 3600);
  EXPECT_EQ(git.commit_count, 1u);
  ASSERT_EQ(git.remote_urls.size(), 1u);
  EXPECT_EQ(git.remote_urls[0], "https://git.example.org/x.git");
  // .git itself is never part of the file list.
  for (const auto& f : repo.files())
    EXPECT_FALSE(f.path.str().rfind(".git/", 0) == 0) << f.path.str();

  const auto vcs = RunCheck(repo, "repo.vcs_git");
  ExpectResult(vcs, ReqStatus::kMet);
  EXPECT_NE(vcs.note.find("https://git.example.org/x.git"), std::string::npos) << vcs.note;
  EXPECT_EQ(vcs.note.find("s3cr3tpw"), std::string::npos);
  const auto tags = RunCheck(repo, "repo.tags");
  ExpectResult(tags, ReqStatus::kMet);
  EXPECT_NE(
      tags.note.find("3 git tags, 3 on the main release line, newest v1.10.0, v1.9.0, v1.0.0"),
      std::string::npos)
      << tags.note;
  ExpectResult(RunCheck(repo, "repo.semver"), ReqStatus::kMet);
  const auto maintained = RunCheck(repo, "repo.maintained");
  ExpectResult(maintained, ReqStatus::kMet);
  EXPECT_TRUE(maintained.evidence.empty());
  EXPECT_NE(maintained.note.find("last commit 20"), std::string::npos) << maintained.note;
}

TEST(RepoSnapshotTest, EmptyOrGarbageDotGitIsNotARepository) {
  struct Case {
    const char* what;
    std::function<void(const TempDir&)> make;
    ReqStatus want;
  };
  const std::vector<Case> cases = {
      {"empty .git directory",
       [](const TempDir& d) { std::filesystem::create_directories(d.path() / ".git"); },
       ReqStatus::kNeedsReview},
      {"garbage .git file", [](const TempDir& d) { d.Write(".git", "not a repository\n"); },
       ReqStatus::kNeedsReview},
      {"worktree .git file",
       [](const TempDir& d) { d.Write(".git", "gitdir: /elsewhere/.git/worktrees/x\n"); },
       ReqStatus::kMet},
      {"unreadable git directory with HEAD",
       [](const TempDir& d) { d.Write(".git/HEAD", "garbage\n"); }, ReqStatus::kMet},
  };
  for (const auto& c : cases) {
    TempDir dir;
    dir.Write("README.md", "# x\n");
    c.make(dir);
    const auto r = RunCheck(Load(dir), "repo.vcs_git");
    EXPECT_EQ(ReqStatusName(r.status), ReqStatusName(c.want)) << c.what << ": " << r.note;
  }
}

// Regression: libgit2 followed a ".git" symlink or "gitdir:" file out of the tree, and another
// repository's remotes and history were reported as this one's.
TEST(RepoSnapshotTest, DotGitPointingElsewhereIsNotFollowed) {
  TempDir other;
  other.Write("x.txt", "x\n");
  MakeGitRepo(other.path(), Now(), {"v9.9.9"},
              "https://internal.example.invalid/secret-project.git");
  for (const bool as_symlink : {true, false}) {
    TempDir dir;
    dir.Write("README.md", "# x\n");
    if (as_symlink) {
      std::filesystem::create_directory_symlink(other.path() / ".git", dir.path() / ".git");
    } else {
      dir.Write(".git", "gitdir: " + (other.path() / ".git").string() + "\n");
    }
    const RepoSnapshot repo = Load(dir);
    EXPECT_FALSE(repo.git().is_git) << as_symlink;
    EXPECT_TRUE(repo.git().tags.empty()) << as_symlink;
    EXPECT_TRUE(repo.git().remote_urls.empty()) << as_symlink;
    EXPECT_EQ(RunCheck(repo, "repo.vcs_git").note.find("secret-project"), std::string::npos);
  }
}

TEST(RepoSnapshotTest, FolderInsideARepositoryIsNotTheRepository) {
  // Assessing examples/app of a bigger checkout must not report the outer project's history.
  TempDir dir;
  dir.Write("app/README.md", "# app\n");
  MakeGitRepo(dir.path(), Now(), {"v1.0.0"}, "");
  const RepoSnapshot inner = Load(dir.path() / "app");
  EXPECT_FALSE(inner.git().is_git);
  ExpectResult(RunCheck(inner, "repo.vcs_git"), ReqStatus::kNeedsReview);
  ExpectResult(RunCheck(inner, "repo.maintained"), ReqStatus::kNeedsReview);
}

}  // namespace
}  // namespace fledger::assess
