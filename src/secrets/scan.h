// The working-tree secret scan: the walker's files (ignore rules, symlink safety, limits) read on
// --jobs threads, each scanned by the engine, every hit turned into a redacted Finding. Inline
// `fledger:allow <rule-id> <reason>` comments mark findings as suppressed (never dropped).
//
//   FLEDGER_TRY(SecretScan s, ScanTree("/path/to/repo", engine, TreeScanOptions{}));
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/finding.h"
#include "core/result.h"
#include "secrets/containers.h"
#include "secrets/engine.h"

namespace fledger::secrets {

struct TreeScanOptions {
  int jobs = 0;                          // 0: one thread per core
  uint64_t max_file_bytes = 64u << 20;   // larger files are skipped with a warning
  uint64_t max_files = 500000;
  bool use_ignore_files = true;          // .gitignore, .fledgerignore
  bool containers = true;                // look inside notebooks and archives
  ContainerLimits limits;                // their bounds (size, count, depth, expansion ratio)
};

struct SecretScan {
  std::filesystem::path root;          // canonical scan root
  std::vector<Finding> findings;       // sorted (SortFindings), suppressed ones included
  uint64_t files = 0;                  // files scanned
  uint64_t bytes = 0;                  // bytes scanned
  std::vector<std::string> warnings;   // files skipped or partly read, with the step
};

// The findings of one text scanned as `path`. `lines` (optional) maps line i+1 of `text` to the
// line of the original file (notebook cells); `where` adds a note ("cell 3 source"). `keys`
// (optional) receives each finding's SecretKey, in the same order (the git history scan groups
// sightings of one secret by it).
std::vector<Finding> FindingsIn(const Engine& engine, Engine::Scratch& scratch,
                                std::string_view text, const RepoPath& path,
                                const std::vector<int>* lines = nullptr,
                                std::string_view where = {},
                                std::vector<std::string>* warnings = nullptr,
                                std::vector<std::string>* keys = nullptr);

// The findings in one file's content, appended to `found` (and their keys to `keys`, as
// FindingsIn): a notebook or archive (known by its extension and its first bytes) is expanded
// when `containers` is given, with those bounds, and each part scanned; other text is scanned as
// it is. Returns false, finding nothing, for a binary file that is not an expanded archive.
bool ScanContent(const Engine& engine, Engine::Scratch& scratch, std::string_view content,
                 const RepoPath& path, const ContainerLimits* containers,
                 std::vector<Finding>& found, std::vector<std::string>* warnings,
                 std::vector<std::string>* keys = nullptr);

// Scans a directory (every file the walker lists) or a single file (its directory is the root).
// Errors only for an unusable target (origin step); unreadable files are warnings.
Result<SecretScan> ScanTree(const std::filesystem::path& target, const Engine& engine,
                            const TreeScanOptions& options);

// A non-reversible key of a secret value for grouping and fingerprints: SHA-256 of the rule id
// and the value.
std::string SecretKey(const Rule& rule, std::string_view secret);

}  // namespace fledger::secrets
