// The git history walk of `fledger secrets --git-history`: every blob of every commit reachable
// from any ref (branches, tags, remotes, stashes, notes, and HEAD even if detached) is scanned
// once, and each secret found is reported with the commit that introduced it, every path it
// appeared at, and whether HEAD still holds it.
//
// The scanner itself is a callback, so the walk knows nothing about rules:
//
//   BlobScanFn scan = [&](std::string_view text, const RepoPath& path) { return Hits(text, path);
//   }; Result<HistoryResult> r = ScanHistory(repo, scan, HistoryOptions{}, &db);
//
// Objects are read raw from the object database: nothing is checked out, and no hook, filter,
// textconv or user/system configuration ever runs. See docs/secrets-history.md.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/finding.h"
#include "core/primitives.h"
#include "core/result.h"

namespace fledger::store {
class Store;
}

namespace fledger::secrets {

// What the scanner found in one blob.
struct BlobHit {
  Finding finding;         // location.path is the path the blob was scanned as; already redacted
  std::string secret_key;  // non-reversible id of the secret value (1..128 characters)
};

// Scans one blob's raw content. Called from several threads at once: must be thread-safe.
using BlobScanFn =
    std::function<std::vector<BlobHit>(std::string_view content, const RepoPath& path)>;

// A commit whose tree holds a secret.
struct GitSighting {
  std::string commit;  // full hex id
  std::string author;  // "Name <email>" as the commit records it
  std::string date;    // author date, ISO 8601 UTC ("2024-05-01T12:00:00Z")
  RepoPath path = RepoPath::Root();
};

struct HistorySecret {
  Finding finding;  // from the blob the secret was first scanned in
  std::string secret_key;
  GitSighting introduced;       // the oldest commit (commit time, then topological) holding it
  std::vector<RepoPath> paths;  // every path it appeared at, sorted, deduplicated
  bool in_head = false;         // still present in HEAD's tree
};

struct HistoryOptions {
  int jobs = 0;                         // scanning threads; 0: hardware concurrency
  uint64_t max_blob_bytes = 64u << 20;  // larger blobs are skipped with a warning
  uint64_t max_commits = 1000000;       // commits scanned in one run (oldest first)
  bool incremental = true;              // use and update the state in the store
  // Binary blobs (a NUL byte in the first 8 KiB) go to the scanner only at paths this accepts
  // (archives); null: none do.
  std::function<bool(const RepoPath& path)> scan_binary;
};

struct HistoryResult {
  std::vector<HistorySecret> secrets;  // sorted by path, line, column, rule id, secret key
  uint64_t commits_total = 0;          // commits reachable from the refs
  uint64_t commits_scanned = 0;        // commits walked in this run (not seen before)
  uint64_t blobs_scanned = 0;          // distinct blobs handed to the scanner
  uint64_t bytes_scanned = 0;
  std::vector<std::string> warnings;  // one line each: "<object or ref>: <step>: <what>"
};

// Walks the history of the repository at `repo` (a working tree or a bare repository; no search
// upwards). Errors: `repo` is not a git repository (origin step, exit 2); the store failed. A
// corrupted or missing object is a warning naming its id and the step, and the walk goes on.
// `state` may be null: then, or with incremental=false, everything is scanned and nothing stored.
Result<HistoryResult> ScanHistory(const std::filesystem::path& repo, const BlobScanFn& scan,
                                  const HistoryOptions& options, store::Store* state);

}  // namespace fledger::secrets
