// Private to the history walk (src/secrets/history*.cc): libgit2 set-up, object ids as hash keys,
// RAII handles, and the commit graph in walk order.
#pragma once

#include <git2.h>

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/result.h"

namespace fledger::secrets::internal {

// libgit2 initialised once per process, with the user's and the system's git configuration out of
// reach (empty search paths), so nothing a configuration names can run or redirect the walk.
void InitGitOnce();

// The last libgit2 error message, one line ("unknown error" when none).
std::string GitErrorText();

std::string Hex(const git_oid& id);
bool ParseHex(std::string_view hex, git_oid* out);

struct OidHash {
  size_t operator()(const git_oid& id) const noexcept {
    size_t h;
    std::memcpy(&h, id.id, sizeof h);  // object ids are uniformly distributed hashes already
    return h;
  }
};
struct OidEq {
  bool operator()(const git_oid& a, const git_oid& b) const noexcept {
    return git_oid_equal(&a, &b) != 0;
  }
};
using OidSet = std::unordered_set<git_oid, OidHash, OidEq>;
template <typename T>
using OidMap = std::unordered_map<git_oid, T, OidHash, OidEq>;

struct RepoDeleter {
  void operator()(git_repository* r) const { git_repository_free(r); }
};
using RepoPtr = std::unique_ptr<git_repository, RepoDeleter>;
struct TreeDeleter {
  void operator()(git_tree* t) const { git_tree_free(t); }
};
using TreePtr = std::unique_ptr<git_tree, TreeDeleter>;
struct CommitDeleter {
  void operator()(git_commit* c) const { git_commit_free(c); }
};
using CommitPtr = std::unique_ptr<git_commit, CommitDeleter>;

// Opens the repository at exactly `path` (a working tree or a git directory; no search upwards).
// Not a repository: an origin error naming `path`.
Result<RepoPtr> OpenRepository(const std::filesystem::path& path);

// One commit of the graph.
struct CommitNode {
  git_oid id;
  git_oid tree;
  int64_t time = 0;  // committer time, seconds since the epoch
};

// Every commit reachable from the refs and HEAD (at most `max_commits`), in walk order: parents
// before children, and among the commits whose parents are all placed, the oldest commit time
// first (ties: the smaller id). Unreadable refs and commits become warnings.
struct CommitGraph {
  std::vector<CommitNode> commits;  // in walk order
  std::vector<std::string> warnings;
  bool truncated = false;  // more than max_commits were reachable
};
CommitGraph CollectCommits(git_repository* repo, uint64_t max_commits);

// "Name <email>" and the author date as ISO 8601 UTC, of the commit `id` ("" when unreadable).
void CommitAuthor(git_repository* repo, const git_oid& id, std::string* author, std::string* date);

}  // namespace fledger::secrets::internal
