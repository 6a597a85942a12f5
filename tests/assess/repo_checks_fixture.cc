// Helpers the repository-check tests share (repo_checks_fixture.h).
#include "assess/repo_checks_fixture.h"

#include <git2.h>
#include <gtest/gtest.h>

#include <chrono>

namespace fledger::testing::repo_checks {

using assess::CheckResult;
using assess::FindRepoCheck;
using assess::RepoCheck;
using assess::RepoSnapshot;
using assess::ReqStatus;
using assess::ReqStatusName;

CheckResult RunCheck(const RepoSnapshot& repo, std::string_view id) {
  const RepoCheck* check = FindRepoCheck(id);
  EXPECT_NE(check, nullptr) << id;
  return check == nullptr ? CheckResult{} : check->run(repo);
}

RepoSnapshot Load(const std::filesystem::path& root) {
  auto snap = RepoSnapshot::Load(root, fs::WalkOptions{});
  EXPECT_TRUE(snap.ok()) << (snap.ok() ? "" : snap.error().ToString());
  return std::move(snap).value();
}
RepoSnapshot Load(const TempDir& dir) { return Load(dir.path()); }

void ExpectResult(const CheckResult& r, ReqStatus status, std::string_view path, int line) {
  EXPECT_EQ(ReqStatusName(r.status), ReqStatusName(status)) << r.note;
  if (path.empty()) return;
  ASSERT_FALSE(r.evidence.empty()) << r.note;
  EXPECT_EQ(r.evidence[0].path.str(), path) << r.note;
  if (line >= 0) {
    EXPECT_EQ(r.evidence[0].line, line) << r.note;
  }
}

int64_t Now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void MakeGitRepo(const std::filesystem::path& root, int64_t commit_time,
                 const std::vector<std::string>& tags, const std::string& remote_url) {
  git_libgit2_init();
  git_repository* repo = nullptr;
  ASSERT_EQ(git_repository_init(&repo, root.c_str(), 0), 0);
  git_index* index = nullptr;
  ASSERT_EQ(git_repository_index(&index, repo), 0);
  const char* all = "*";
  git_strarray paths{const_cast<char**>(&all), 1};
  ASSERT_EQ(git_index_add_all(index, &paths, GIT_INDEX_ADD_DEFAULT, nullptr, nullptr), 0);
  ASSERT_EQ(git_index_write(index), 0);
  git_oid tree_id, commit_id;
  ASSERT_EQ(git_index_write_tree(&tree_id, index), 0);
  git_tree* tree = nullptr;
  ASSERT_EQ(git_tree_lookup(&tree, repo, &tree_id), 0);
  git_signature* sig = nullptr;
  ASSERT_EQ(git_signature_new(&sig, "Test", "test@example.org", commit_time, 0), 0);
  ASSERT_EQ(git_commit_create_v(&commit_id, repo, "HEAD", sig, sig, nullptr, "initial", tree, 0),
            0);
  git_object* commit = nullptr;
  ASSERT_EQ(git_object_lookup(&commit, repo, &commit_id, GIT_OBJECT_COMMIT), 0);
  for (const auto& tag : tags) {
    git_oid tag_id;
    ASSERT_EQ(git_tag_create_lightweight(&tag_id, repo, tag.c_str(), commit, 0), 0);
  }
  if (!remote_url.empty()) {
    git_remote* remote = nullptr;
    ASSERT_EQ(git_remote_create(&remote, repo, "origin", remote_url.c_str()), 0);
    git_remote_free(remote);
  }
  git_object_free(commit);
  git_signature_free(sig);
  git_tree_free(tree);
  git_index_free(index);
  git_repository_free(repo);
  git_libgit2_shutdown();
}

}  // namespace fledger::testing::repo_checks
