// The SQLite store: opening and migrating fledger.db, and reading and writing assessment snapshots.
#include "store/store.h"

#include <pwd.h>
#include <sqlite3.h>
#include <sys/types.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cassert>
#include <cstdlib>
#include <ctime>
#include <string_view>
#include <system_error>
#include <utility>

#include "core/log.h"
#include "store/sqlite_util.h"

namespace fledger::store {
namespace {

using internal::ClosedError;
using internal::DbPath;
using internal::Exec;
using internal::SqlError;
using internal::Statement;
using internal::Transaction;

// Schema migrations, in order: applying kMigrations[i] takes user_version from i to i + 1. Never
// edit a released entry; append a new one instead, so that old databases migrate forward.
constexpr std::array<const char*, 2> kMigrations = {
    // v1: assessment snapshots with their per-category scores and per-requirement outcomes.
    R"sql(
CREATE TABLE assessment (
  id INTEGER PRIMARY KEY,
  created_at TEXT NOT NULL CHECK (created_at GLOB
      '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z'),
  kind TEXT NOT NULL CHECK (kind IN ('user', 'project')),
  catalog TEXT NOT NULL,
  subject TEXT NOT NULL,
  action TEXT NOT NULL CHECK (action IN ('build', 'update')),
  target_level INTEGER NOT NULL CHECK (target_level BETWEEN 0 AND 10),
  percent_to_target REAL NOT NULL CHECK (percent_to_target BETWEEN 0 AND 100),
  met INTEGER NOT NULL CHECK (met >= 0),
  partial INTEGER NOT NULL CHECK (partial >= 0),
  unmet INTEGER NOT NULL CHECK (unmet >= 0),
  needs_review INTEGER NOT NULL CHECK (needs_review >= 0),
  not_applicable INTEGER NOT NULL CHECK (not_applicable >= 0),
  decided_auto INTEGER NOT NULL CHECK (decided_auto >= 0)
) STRICT;

CREATE INDEX assessment_kind_created_at ON assessment (kind, created_at);

CREATE TABLE assessment_category (
  assessment_id INTEGER NOT NULL REFERENCES assessment (id) ON DELETE CASCADE,
  category TEXT NOT NULL,
  achieved_level INTEGER NOT NULL CHECK (achieved_level BETWEEN 0 AND 10),
  percent_to_target REAL NOT NULL CHECK (percent_to_target BETWEEN 0 AND 100),
  PRIMARY KEY (assessment_id, category)
) STRICT;

CREATE TABLE assessment_requirement (
  assessment_id INTEGER NOT NULL REFERENCES assessment (id) ON DELETE CASCADE,
  requirement_id TEXT NOT NULL,
  category TEXT NOT NULL,
  subcategory TEXT NOT NULL,
  level INTEGER NOT NULL CHECK (level BETWEEN 0 AND 10),
  status TEXT NOT NULL CHECK (status IN ('met', 'partial', 'unmet', 'needs-review', 'n/a')),
  decided_by TEXT NOT NULL CHECK (decided_by IN ('auto', 'user')),
  PRIMARY KEY (assessment_id, requirement_id)
) STRICT;
)sql",
    // v2: incremental state of `secrets --git-history` (store/secret_history.cc), per repository
    // (its canonical git directory and root commit): the commits and blobs already scanned, the
    // hits found in blobs (redacted findings only: never a secret in clear), and for each secret
    // the sighting that introduced it and every path it appeared at.
    R"sql(
CREATE TABLE secret_history_repo (
  id INTEGER PRIMARY KEY,
  path TEXT NOT NULL CHECK (length(path) > 0),
  root_commit TEXT NOT NULL CHECK (length(root_commit) IN (40, 64)),
  next_seq INTEGER NOT NULL CHECK (next_seq >= 0),
  updated_at TEXT NOT NULL,
  UNIQUE (path, root_commit)
) STRICT;

CREATE TABLE secret_history_commit (
  repo_id INTEGER NOT NULL REFERENCES secret_history_repo (id) ON DELETE CASCADE,
  commit_id TEXT NOT NULL CHECK (length(commit_id) IN (40, 64)),
  PRIMARY KEY (repo_id, commit_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE secret_history_blob (
  repo_id INTEGER NOT NULL REFERENCES secret_history_repo (id) ON DELETE CASCADE,
  blob_id TEXT NOT NULL CHECK (length(blob_id) IN (40, 64)),
  PRIMARY KEY (repo_id, blob_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE secret_history_hit (
  repo_id INTEGER NOT NULL REFERENCES secret_history_repo (id) ON DELETE CASCADE,
  blob_id TEXT NOT NULL CHECK (length(blob_id) IN (40, 64)),
  secret_key TEXT NOT NULL CHECK (length(secret_key) BETWEEN 1 AND 128),
  finding TEXT NOT NULL CHECK (finding GLOB '{*}'),
  PRIMARY KEY (repo_id, blob_id, secret_key)
) STRICT;

CREATE TABLE secret_history_secret (
  repo_id INTEGER NOT NULL REFERENCES secret_history_repo (id) ON DELETE CASCADE,
  secret_key TEXT NOT NULL CHECK (length(secret_key) BETWEEN 1 AND 128),
  blob_id TEXT NOT NULL CHECK (length(blob_id) IN (40, 64)),
  commit_id TEXT NOT NULL CHECK (length(commit_id) IN (40, 64)),
  author TEXT NOT NULL,
  date TEXT NOT NULL,
  commit_time INTEGER NOT NULL,
  seq INTEGER NOT NULL CHECK (seq >= 0),
  path TEXT NOT NULL,
  PRIMARY KEY (repo_id, secret_key)
) STRICT;

CREATE TABLE secret_history_path (
  repo_id INTEGER NOT NULL REFERENCES secret_history_repo (id) ON DELETE CASCADE,
  secret_key TEXT NOT NULL,
  path TEXT NOT NULL,
  PRIMARY KEY (repo_id, secret_key, path)
) STRICT, WITHOUT ROWID;
)sql",
};

constexpr int kSchemaVersion = static_cast<int>(kMigrations.size());
constexpr int kBusyTimeoutMs = 5000;

Result<int> ReadUserVersion(sqlite3* db) {
  FLEDGER_TRY(Statement stmt, Statement::Prepare(db, "PRAGMA user_version"));
  FLEDGER_TRY(const bool row, stmt.Step());
  if (!row) return Error{ErrorCode::kInternal, "PRAGMA user_version returned no row", DbPath(db)};
  return stmt.Int(0);
}

// Rejects versions this binary cannot read before anything touches the schema.
Status CheckVersion(int version, const std::string& context) {
  if (version > kSchemaVersion) {
    return InputError(ValidationStep::kSemantics, context,
                      "database schema version " + std::to_string(version) +
                          " was created by a newer fledger (this one supports up to version " +
                          std::to_string(kSchemaVersion) + ")");
  }
  if (version < 0) {
    return InputError(ValidationStep::kSemantics, context,
                      "invalid database schema version " + std::to_string(version));
  }
  return Status();
}

// Applies pending migrations, one transaction each. The version is re-read under the write lock
// so that two processes opening the same new file never apply a migration twice.
Status Migrate(sqlite3* db, const std::string& context) {
  while (true) {
    FLEDGER_TRY(Transaction tx, Transaction::Begin(db, /*immediate=*/true));
    FLEDGER_TRY(const int version, ReadUserVersion(db));
    FLEDGER_RETURN_IF_ERROR(CheckVersion(version, context));
    if (version == kSchemaVersion) return tx.Commit();
    const int rc =
        sqlite3_exec(db, kMigrations[static_cast<size_t>(version)], nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) {
      Error error = SqlError(
          db, rc, "cannot migrate to schema version " + std::to_string(version + 1), context);
      // A generic SQL error here means the file holds tables that are not ours.
      if ((rc & 0xff) == SQLITE_ERROR) {
        error = InputError(ValidationStep::kSemantics, context, error.message);
      }
      return error;
    }
    // PRAGMA takes no bound parameters; the value is our own loop counter, not input.
    const std::string bump = "PRAGMA user_version = " + std::to_string(version + 1);
    FLEDGER_RETURN_IF_ERROR(Exec(db, bump.c_str(), "cannot set schema version"));
    FLEDGER_RETURN_IF_ERROR(tx.Commit());
    Log(LogLevel::kInfo,
        "migrated " + context + " to schema version " + std::to_string(version + 1));
  }
}

// A database at the current version that lacks our tables was not made by fledger.
Status CheckTables(sqlite3* db, const std::string& context) {
  FLEDGER_TRY(
      Statement stmt,
      Statement::Prepare(db,
                         "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name "
                         "IN ('assessment', 'assessment_category', 'assessment_requirement', "
                         "'secret_history_repo', 'secret_history_commit', 'secret_history_blob', "
                         "'secret_history_hit', 'secret_history_secret', 'secret_history_path')"));
  FLEDGER_TRY(const bool row, stmt.Step());
  if (!row || stmt.Int(0) != 9) {
    return InputError(ValidationStep::kSemantics, context,
                      "database is missing fledger's tables for schema version " +
                          std::to_string(kSchemaVersion));
  }
  return Status();
}

// Settings for every connection, then the schema version check and migrations.
Status Configure(sqlite3* db, const std::string& context) {
  // The file may come from anywhere (--db, $FLEDGER_DB): never let its schema run SQL functions
  // with side effects, and refuse SQL that would corrupt it deliberately.
  sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
  sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);
  sqlite3_busy_timeout(db, kBusyTimeoutMs);

  // The first statement that reads the header is where a foreign file shows up as SQLITE_NOTADB.
  {
    FLEDGER_TRY(Statement wal, Statement::Prepare(db, "PRAGMA journal_mode = WAL"));
    FLEDGER_TRY(const bool row, wal.Step());
    const std::string mode = row ? wal.Text(0) : "";
    if (mode != "wal") Log(LogLevel::kDebug, context + ": journal mode is '" + mode + "', not WAL");
  }
  FLEDGER_RETURN_IF_ERROR(Exec(db, "PRAGMA foreign_keys = ON", "cannot enable foreign keys"));

  FLEDGER_TRY(const int version, ReadUserVersion(db));
  FLEDGER_RETURN_IF_ERROR(CheckVersion(version, context));
  // Migrate takes the write lock, so an up-to-date database (the usual case) skips it.
  if (version < kSchemaVersion) FLEDGER_RETURN_IF_ERROR(Migrate(db, context));
  return CheckTables(db, context);
}

std::string NowUtcIso8601() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buffer[32];
  const size_t n = std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return std::string(buffer, n);
}

std::filesystem::path HomeDir() {
  const char* home = std::getenv("HOME");
  if (home != nullptr && *home != '\0') return home;
  // Without $HOME (cron, some containers) fall back to the password database.
  std::array<char, 4096> buffer{};
  passwd entry{};
  passwd* found = nullptr;
  if (getpwuid_r(getuid(), &entry, buffer.data(), buffer.size(), &found) == 0 && found != nullptr &&
      found->pw_dir != nullptr && *found->pw_dir != '\0') {
    return found->pw_dir;
  }
  return {};
}

constexpr const char* kSnapshotColumns =
    "id, created_at, kind, catalog, subject, action, target_level, percent_to_target, met, "
    "partial, "
    "unmet, needs_review, not_applicable, decided_auto";

AssessmentSnapshot ReadSnapshotRow(const Statement& stmt) {
  AssessmentSnapshot s;
  s.id = stmt.Int64(0);
  s.created_at = stmt.Text(1);
  s.kind = stmt.Text(2);
  s.catalog = stmt.Text(3);
  s.subject = stmt.Text(4);
  s.action = stmt.Text(5);
  s.target_level = stmt.Int(6);
  s.percent_to_target = stmt.Double(7);
  s.met = stmt.Int(8);
  s.partial = stmt.Int(9);
  s.unmet = stmt.Int(10);
  s.needs_review = stmt.Int(11);
  s.not_applicable = stmt.Int(12);
  s.decided_auto = stmt.Int(13);
  return s;
}

// Categories and requirements come back in the order they were recorded (rowid order).
Status LoadCategories(Statement& stmt, AssessmentSnapshot& snapshot) {
  stmt.Reset();
  stmt.Bind(1, snapshot.id);
  while (true) {
    FLEDGER_TRY(const bool row, stmt.Step());
    if (!row) return Status();
    snapshot.categories.push_back(StoredCategoryScore{.category = stmt.Text(0),
                                                      .achieved_level = stmt.Int(1),
                                                      .percent_to_target = stmt.Double(2)});
  }
}

constexpr const char* kSelectCategories =
    "SELECT category, achieved_level, percent_to_target FROM assessment_category "
    "WHERE assessment_id = ?1 ORDER BY rowid";

}  // namespace

std::filesystem::path Store::DefaultPath() {
  const char* db = std::getenv("FLEDGER_DB");
  if (db != nullptr && *db != '\0') return db;
  // The XDG spec says relative values are invalid and must be ignored.
  const char* xdg = std::getenv("XDG_DATA_HOME");
  if (xdg != nullptr && *xdg != '\0' && std::filesystem::path(xdg).is_absolute()) {
    return std::filesystem::path(xdg) / "fledger" / "fledger.db";
  }
  return HomeDir() / ".local" / "share" / "fledger" / "fledger.db";
}

Result<Store> Store::Open(const std::filesystem::path& path) {
  const std::string context = path.string();
  if (path.empty()) return InputError(ValidationStep::kOrigin, context, "empty database path");

  std::error_code ec;
  const std::filesystem::path parent = path.parent_path();
  if (!parent.empty()) {
    std::filesystem::create_directories(parent, ec);
    if (ec) {
      return Error{ErrorCode::kIo, "cannot create directory: " + ec.message(), parent.string()};
    }
  }
  // SQLITE_OPEN_NOFOLLOW refuses symlinks too; checking first gives a clearer message, and
  // anything other than a regular file (a FIFO, a device) must never reach SQLite.
  const std::filesystem::file_status st = std::filesystem::symlink_status(path, ec);
  if (std::filesystem::is_symlink(st)) {
    return InputError(ValidationStep::kOrigin, context,
                      "is a symbolic link; refusing to follow it");
  }
  if (std::filesystem::exists(st) && !std::filesystem::is_regular_file(st)) {
    return InputError(ValidationStep::kOrigin, context, "not a regular file");
  }

  sqlite3* raw = nullptr;
  const int flags =
      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOFOLLOW | SQLITE_OPEN_EXRESCODE;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  Store store(raw);  // owns the handle from here on, even when opening failed
  if (rc != SQLITE_OK) return SqlError(raw, rc, "cannot open database", context);

  Status setup = Configure(raw, context);
  if (!setup.ok()) {
    // SQLite names the file by its resolved path; report the one the user gave.
    Error error = setup.error();
    error.context = context;
    return error;
  }
  Log(LogLevel::kInfo, "opened database " + context);
  return store;
}

Result<int64_t> Store::RecordAssessment(const AssessmentSnapshot& snapshot) {
  if (db_ == nullptr) return ClosedError();
  const std::string created_at =
      snapshot.created_at.empty() ? NowUtcIso8601() : snapshot.created_at;

  FLEDGER_TRY(Transaction tx, Transaction::Begin(db_, /*immediate=*/true));
  FLEDGER_TRY(
      Statement insert,
      Statement::Prepare(db_,
                         "INSERT INTO assessment (created_at, kind, catalog, subject, "
                         "action, target_level, percent_to_target, met, partial, unmet, "
                         "needs_review, not_applicable, decided_auto) "
                         "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"));
  insert.Bind(1, created_at)
      .Bind(2, snapshot.kind)
      .Bind(3, snapshot.catalog)
      .Bind(4, snapshot.subject)
      .Bind(5, snapshot.action)
      .Bind(6, snapshot.target_level)
      .Bind(7, snapshot.percent_to_target)
      .Bind(8, snapshot.met)
      .Bind(9, snapshot.partial)
      .Bind(10, snapshot.unmet)
      .Bind(11, snapshot.needs_review)
      .Bind(12, snapshot.not_applicable)
      .Bind(13, snapshot.decided_auto);
  FLEDGER_RETURN_IF_ERROR(insert.Run("cannot record assessment"));
  const int64_t id = sqlite3_last_insert_rowid(db_);

  FLEDGER_TRY(Statement category,
              Statement::Prepare(db_,
                                 "INSERT INTO assessment_category (assessment_id, category, "
                                 "achieved_level, percent_to_target) VALUES (?1, ?2, ?3, ?4)"));
  for (const StoredCategoryScore& c : snapshot.categories) {
    category.Reset();
    category.Bind(1, id).Bind(2, c.category).Bind(3, c.achieved_level).Bind(4, c.percent_to_target);
    FLEDGER_RETURN_IF_ERROR(category.Run("cannot record assessment category"));
  }

  FLEDGER_TRY(Statement requirement,
              Statement::Prepare(db_,
                                 "INSERT INTO assessment_requirement (assessment_id, "
                                 "requirement_id, category, subcategory, level, status, "
                                 "decided_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"));
  for (const StoredRequirement& r : snapshot.requirements) {
    requirement.Reset();
    requirement.Bind(1, id)
        .Bind(2, r.requirement_id)
        .Bind(3, r.category)
        .Bind(4, r.subcategory)
        .Bind(5, r.level)
        .Bind(6, r.status)
        .Bind(7, r.decided_by);
    FLEDGER_RETURN_IF_ERROR(requirement.Run("cannot record assessment requirement"));
  }

  FLEDGER_RETURN_IF_ERROR(tx.Commit());
  return id;
}

Result<std::vector<AssessmentSnapshot>> Store::ListAssessments(const std::string& kind,
                                                               int limit) const {
  if (db_ == nullptr) return ClosedError();
  std::vector<AssessmentSnapshot> out;
  if (limit <= 0) return out;

  FLEDGER_TRY(Transaction tx, Transaction::Begin(db_, /*immediate=*/false));
  const std::string sql = std::string("SELECT ") + kSnapshotColumns + " FROM assessment " +
                          (kind.empty() ? "" : "WHERE kind = ?2 ") + "ORDER BY id DESC LIMIT ?1";
  FLEDGER_TRY(Statement select, Statement::Prepare(db_, sql));
  select.Bind(1, limit);
  if (!kind.empty()) select.Bind(2, kind);
  while (true) {
    FLEDGER_TRY(const bool row, select.Step());
    if (!row) break;
    out.push_back(ReadSnapshotRow(select));
  }
  FLEDGER_TRY(Statement categories, Statement::Prepare(db_, kSelectCategories));
  for (AssessmentSnapshot& snapshot : out) {
    FLEDGER_RETURN_IF_ERROR(LoadCategories(categories, snapshot));
  }
  FLEDGER_RETURN_IF_ERROR(tx.Commit());
  std::reverse(out.begin(), out.end());
  return out;
}

Result<AssessmentSnapshot> Store::GetAssessment(int64_t id) const {
  if (db_ == nullptr) return ClosedError();
  FLEDGER_TRY(Transaction tx, Transaction::Begin(db_, /*immediate=*/false));
  FLEDGER_TRY(Statement select, Statement::Prepare(db_, std::string("SELECT ") + kSnapshotColumns +
                                                            " FROM assessment WHERE id = ?1"));
  select.Bind(1, id);
  FLEDGER_TRY(const bool found, select.Step());
  if (!found) {
    return Error{ErrorCode::kNotFound, "no assessment with id " + std::to_string(id), DbPath(db_)};
  }
  AssessmentSnapshot snapshot = ReadSnapshotRow(select);

  FLEDGER_TRY(Statement categories, Statement::Prepare(db_, kSelectCategories));
  FLEDGER_RETURN_IF_ERROR(LoadCategories(categories, snapshot));

  FLEDGER_TRY(Statement requirements,
              Statement::Prepare(db_,
                                 "SELECT requirement_id, category, subcategory, level, status, "
                                 "decided_by FROM assessment_requirement WHERE assessment_id = ?1 "
                                 "ORDER BY rowid"));
  requirements.Bind(1, id);
  while (true) {
    FLEDGER_TRY(const bool row, requirements.Step());
    if (!row) break;
    snapshot.requirements.push_back(StoredRequirement{.requirement_id = requirements.Text(0),
                                                      .category = requirements.Text(1),
                                                      .subcategory = requirements.Text(2),
                                                      .level = requirements.Int(3),
                                                      .status = requirements.Text(4),
                                                      .decided_by = requirements.Text(5)});
  }
  FLEDGER_RETURN_IF_ERROR(tx.Commit());
  return snapshot;
}

int Store::schema_version() const {
  if (db_ == nullptr) return -1;
  Result<int> version = ReadUserVersion(db_);
  return version.ok() ? version.value() : -1;
}

Store::Store(Store&& other) noexcept : db_(std::exchange(other.db_, nullptr)) {}

Store& Store::operator=(Store&& other) noexcept {
  if (this != &other) {
    if (db_ != nullptr) sqlite3_close_v2(db_);
    db_ = std::exchange(other.db_, nullptr);
  }
  return *this;
}

Store::~Store() {
  // close_v2 defers the close if a statement were still alive; every Statement is RAII, so none is.
  if (db_ != nullptr) sqlite3_close_v2(db_);
}

}  // namespace fledger::store
