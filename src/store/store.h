// The SQLite store (fledger.db): assessment snapshots over time, for `fledger history`.
//
// One database file; schema version in PRAGMA user_version, migrated forward on open; STRICT
// tables with CHECK constraints; WAL journal and foreign keys on; every write in a transaction.
//
//   Result<Store> db = Store::Open(Store::DefaultPath());
//   db.value().RecordAssessment(snapshot);
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
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

  int schema_version() const;

  Store(Store&&) noexcept;
  Store& operator=(Store&&) noexcept;
  ~Store();

 private:
  explicit Store(sqlite3* db) : db_(db) {}
  sqlite3* db_ = nullptr;
};

}  // namespace fledger::store
