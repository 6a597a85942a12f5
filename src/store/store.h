// The SQLite store (fledger.db): assessment snapshots over time, for `fledger history`, and the
// incremental state of `fledger secrets --git-history`.
//
// One database file; schema version in PRAGMA user_version, migrated forward on open; STRICT
// tables with CHECK constraints; WAL journal and foreign keys on; every write in a transaction.
//
//   Result<Store> db = Store::Open(Store::DefaultPath());
//   db.value().RecordAssessment(snapshot);
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

struct sqlite3;

namespace fledger::store {

// One requirement's outcome inside a stored assessment.
struct StoredRequirement {
  std::string requirement_id;
  std::string category;
  std::string subcategory;
  int level = 0;
  std::string status;      // "met", "partial", "unmet", "needs-review", "n/a"
  std::string decided_by;  // "auto" or "user"
};

// Per-category (practice) score inside a stored assessment.
struct StoredCategoryScore {
  std::string category;
  int achieved_level = 0;        // highest level whose requirements are all met
  double percent_to_target = 0;  // 0..100
};

struct AssessmentSnapshot {
  int64_t id = 0;          // assigned by the store
  std::string created_at;  // ISO 8601 UTC, assigned by the store when empty
  std::string kind;        // "user" or "project"
  std::string catalog;     // catalog name, e.g. "SecurityCategory"
  std::string subject;     // the assessed project path or workspace (as the user gave it)
  std::string action;      // "build" or "update"
  int target_level = 0;
  double percent_to_target = 0;  // overall, 0..100
  int met = 0, partial = 0, unmet = 0, needs_review = 0, not_applicable = 0;
  int decided_auto = 0;
  std::vector<StoredCategoryScore> categories;
  std::vector<StoredRequirement> requirements;
};

// Incremental state of `secrets --git-history` for one repository (src/secrets/history.h). The
// store holds ids and redacted findings only; the history walk gives them meaning.
struct SecretHistoryKey {
  std::string path;         // canonical path of the repository's git directory
  std::string root_commit;  // hex id of the first root commit in walk order
};

// A secret found in one blob: the finding is the redacted Finding as JSON, never a clear secret.
struct SecretHistoryHit {
  std::string blob_id;
  std::string secret_key;
  std::string finding_json;
};

// The commit that introduced a secret (the oldest sighting seen so far).
struct SecretHistoryIntroduced {
  std::string secret_key;
  std::string blob_id;
  std::string commit_id;
  std::string author;
  std::string date;
  int64_t commit_time = 0;
  int64_t seq = 0;  // position in the walk order, across runs
  std::string path;
};

struct SecretHistoryPath {
  std::string secret_key;
  std::string path;
};

// What one run adds (Save) or what the store holds apart from the commit and blob id sets (Load).
struct SecretHistoryState {
  int64_t next_seq = 0;
  std::vector<std::string> commits;  // Save only: commit ids scanned in this run
  std::vector<std::string> blobs;    // Save only: blob ids scanned in this run
  std::vector<SecretHistoryHit> hits;
  std::vector<SecretHistoryIntroduced> introduced;  // one per secret key; Save replaces
  std::vector<SecretHistoryPath> paths;
};

class Store {
 public:
  // $FLEDGER_DB if set, else $XDG_DATA_HOME/fledger/fledger.db, else
  // ~/.local/share/fledger/fledger.db.
  static std::filesystem::path DefaultPath();
  // Opens (creating directories and the file) and migrates to the current schema. Fails with an
  // input error if the file is not a SQLite database or has a newer schema than this binary.
  static Result<Store> Open(const std::filesystem::path& path);

  // Stores a snapshot with its categories and requirements in one transaction; returns its id.
  Result<int64_t> RecordAssessment(const AssessmentSnapshot& snapshot);
  // Snapshots (without requirement rows) of `kind` (empty: all), newest last; at most `limit`.
  Result<std::vector<AssessmentSnapshot>> ListAssessments(const std::string& kind, int limit) const;
  // One snapshot with its categories and requirements.
  Result<AssessmentSnapshot> GetAssessment(int64_t id) const;

  // The stored history state of `key` (empty when none). Commit and blob ids already scanned are
  // streamed to the callbacks rather than returned, since a large history holds millions.
  Result<SecretHistoryState> LoadSecretHistory(
      const SecretHistoryKey& key, const std::function<void(std::string_view)>& on_commit,
      const std::function<void(std::string_view)>& on_blob) const;
  // Adds one run's commits, blobs, hits and paths, replaces the introducing sightings given, and
  // sets next_seq, in one transaction. `replace` first forgets everything stored for `key.path`
  // (a full rescan); state stored for the same path under another root commit (a rewritten or
  // replaced repository) is always forgotten.
  Status SaveSecretHistory(const SecretHistoryKey& key, const SecretHistoryState& delta,
                           bool replace);

  int schema_version() const;

  Store(Store&&) noexcept;
  Store& operator=(Store&&) noexcept;
  ~Store();

 private:
  explicit Store(sqlite3* db) : db_(db) {}
  sqlite3* db_ = nullptr;
};

}  // namespace fledger::store
