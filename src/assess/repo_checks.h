// Automatic checks that decide project-assessment criteria offline from a repository.
//
// Each check has a stable id (referenced from catalogs' "checks" lists, e.g. "repo.license_file")
// and inspects a RepoSnapshot: the walked file list, bounded file contents and git metadata read
// with libgit2. A check returns kMet with path:line evidence when it finds what the criterion
// asks for, kUnmet when the repository clearly lacks it, and kNeedsReview when it cannot tell.
// Checks never execute repository code and never touch the network.
//
//   Result<RepoSnapshot> snap = RepoSnapshot::Load(root, fs::WalkOptions{});
//   const RepoCheck* check = FindRepoCheck("repo.license_file");
//   CheckResult r = check->run(snap.value());
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "assess/model.h"
#include "fs/walker.h"

namespace fledger::assess {

// What libgit2 tells about the repository, if the root is (inside) a git work tree.
struct GitInfo {
  bool is_git = false;
  std::vector<std::string> tags;         // tag names, sorted
  int64_t head_time = 0;                 // HEAD commit time, seconds since epoch; 0 if unknown
  std::vector<std::string> remote_urls;  // configured remotes (credentials stripped)
  uint64_t commit_count = 0;             // commits reachable from HEAD, capped at 10000
};

// The default of CheckInputs::history_commits (--history-commits).
inline constexpr uint64_t kDefaultHistoryCommits = 5000;

// What checks read besides the tree itself.
struct CheckInputs {
  // The OSV database the sca.* checks match dependencies against; empty:
  // sca::osv::VulnDb::DefaultPath() ($FLEDGER_VULN_DB, else $XDG_DATA_HOME/fledger/vulns.db).
  std::filesystem::path vuln_db;
  // repo.no_leaked_credentials and secrets.fixed scan the git history only when HEAD has at most
  // this many commits (0: never), so an assessment stays quick on a large project.
  uint64_t history_commits = kDefaultHistoryCommits;
};

class RepoSnapshot {
 public:
  // Walks `root` (ignore files honoured, symlinks safe) and reads git metadata if present.
  static Result<RepoSnapshot> Load(const std::filesystem::path& root,
                                   const fs::WalkOptions& options, CheckInputs inputs = {});

  const std::filesystem::path& root() const;
  const std::vector<fs::FileEntry>& files() const;
  // What the walk left out (size, binary, depth, unreadable or unusable names, symlinks), so a
  // check that must see every file can say when it could not.
  const std::vector<fs::SkippedEntry>& skipped() const;
  // Threads for content scans (--jobs; 0 = number of cores).
  int jobs() const;
  // The text of a file in the snapshot (bounded by the walk's size limit), read once and cached;
  // nullptr if the file is not in the snapshot or cannot be read. Thread-safe.
  const std::string* Content(const RepoPath& path) const;
  // Files whose repo-relative path matches the gitignore-style glob (e.g. "**/*.yml",
  // "README*", ".github/workflows/*"), in path order. Matching is case-insensitive when
  // `ignore_case` is true.
  std::vector<const fs::FileEntry*> Glob(std::string_view pattern, bool ignore_case = true) const;
  const GitInfo& git() const;
  const CheckInputs& inputs() const;
  // Work that several checks share (the sca.* checks' dependency scan): `make` runs at most once
  // per snapshot and key, and every caller gets the same object. Thread-safe; concurrent callers
  // wait for the first. `make` must not call Shared() itself.
  std::shared_ptr<const void> Shared(
      std::string_view key, const std::function<std::shared_ptr<const void>()>& make) const;

  RepoSnapshot(RepoSnapshot&&) noexcept;
  RepoSnapshot& operator=(RepoSnapshot&&) noexcept;
  ~RepoSnapshot();

 private:
  struct Impl;
  explicit RepoSnapshot(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

struct RepoCheck {
  std::string_view id;           // "repo.license_file"
  std::string_view description;  // one line, shown by `fledger standards show`
  CheckResult (*run)(const RepoSnapshot& repo);
};

// The registry of repository checks, in a fixed order.
const std::vector<RepoCheck>& RepoChecks();
// The check with this id, or nullptr.
const RepoCheck* FindRepoCheck(std::string_view id);

}  // namespace fledger::assess
