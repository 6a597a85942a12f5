// Helpers the repository-check tests share: load a snapshot, run a check by id, assert its status
// and first evidence, and make a small git repository.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "assess/model.h"
#include "assess/repo_checks.h"
#include "test_util.h"

namespace fledger::testing::repo_checks {

// Runs the registered check `id` (a test failure if there is none).
assess::CheckResult RunCheck(const assess::RepoSnapshot& repo, std::string_view id);

// A snapshot of `root` with default walk options (a test failure if it cannot be made).
assess::RepoSnapshot Load(const std::filesystem::path& root);
assess::RepoSnapshot Load(const TempDir& dir);

// Asserts the status and, when given, the first evidence entry's path and line.
void ExpectResult(const assess::CheckResult& r, assess::ReqStatus status,
                  std::string_view path = {}, int line = -1);

// Seconds since the epoch.
int64_t Now();

// A git repository at `root` with one commit of the files already there, dated `commit_time`,
// lightweight `tags` on it, and an "origin" remote.
void MakeGitRepo(const std::filesystem::path& root, int64_t commit_time,
                 const std::vector<std::string>& tags, const std::string& remote_url);

}  // namespace fledger::testing::repo_checks
