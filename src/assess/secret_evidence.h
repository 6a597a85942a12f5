// Private to src/assess: the secret scanner (src/secrets) as assessments use it. The built-in
// rules are compiled once per process; a snapshot's working-tree scan and git history scan run at
// most once each (RepoSnapshot::Shared) and are read by both the project check
// repo.no_leaked_credentials and the skill check secrets.fixed. Findings are triaged by the
// repository's .fledger/secrets-allow.yaml and inline `fledger:allow` comments; evidence only
// ever holds a finding's redacted value.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "assess/repo_checks.h"
#include "core/finding.h"
#include "secrets/history.h"

namespace fledger::assess::internal {

// What the working tree holds: every file of the snapshot up to kScanMaxBytes.
struct TreeSecrets {
  std::string error;              // the scanner could not be set up (nothing was scanned)
  std::vector<Finding> findings;  // sorted; suppressed ones marked (finding.suppression)
  uint64_t scanned = 0;           // files read
  std::string allowlist_note;     // "" or why .fledger/secrets-allow.yaml was not used
};

// What the git history holds.
struct HistorySecrets {
  enum class State { kNotGit, kTooLong, kFailed, kScanned };
  State state = State::kNotGit;
  std::string note;      // kTooLong / kFailed: why the history was not (fully) scanned
  uint64_t commits = 0;  // commits scanned
  bool complete = true;  // every commit reachable from a ref was scanned
  std::vector<secrets::HistorySecret> secrets;  // triaged like the tree's findings
  // secret_key -> the commit (full hex) on HEAD's first-parent line whose tree no longer holds
  // the secret at any of its paths, while its parent still did. Only for secrets not in HEAD.
  std::map<std::string, std::string> removed_by;
};

std::shared_ptr<const TreeSecrets> WorkingTreeSecrets(const RepoSnapshot& r);
std::shared_ptr<const HistorySecrets> GitHistorySecrets(const RepoSnapshot& r);

// "3f2a9c1d0b7e" (12 hex digits).
std::string ShortCommit(std::string_view hex);
// "2024-05-01" of an ISO 8601 date.
std::string DateOnly(std::string_view iso);
// The evidence location of facts about the history as a whole.
RepoPath HistoryPath();

}  // namespace fledger::assess::internal
