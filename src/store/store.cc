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

namespace fledger::store {
namespace {

// Schema migrations, in order: applying kMigrations[i] takes user_version from i to i + 1. Never
// edit a released entry; append a new one instead, so that old databases migrate forward.
constexpr std::array<const char*, 1> kMigrations = {
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
};

constexpr int kSchemaVersion = static_cast<int>(kMigrations.size());
constexpr int kBusyTimeoutMs = 5000;

// The file the connection is about, for error context ("" for an in-memory database).
std::string DbPath(sqlite3* db) {
  const char* name = db != nullptr ? sqlite3_db_filename(db, "main") : nullptr;
  return name != nullptr ? name : "";
}

// Maps a SQLite failure to a Fledger error. A damaged or foreign file is the user's input; a
// constraint violation means a caller handed us an invalid snapshot, which is a bug upstream;
// anything else (locks, disk, permissions) is the environment.
Error SqlError(sqlite3* db, int rc, std::string_view what, std::string context) {
  std::string detail = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  switch (rc & 0xff) {
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      // SQLite's own words ("file is not a database") say it all; which statement hit it does not.
      return InputError(ValidationStep::kSyntax, std::move(context), std::move(detail));
    default:
      break;
  }
  std::string message = std::string(what) + ": " + detail;
  switch (rc & 0xff) {
    case SQLITE_CONSTRAINT:
    case SQLITE_MISUSE:
    case SQLITE_RANGE:
      return Error{ErrorCode::kInternal, std::move(message), std::move(context)};
    default:
      return Error{ErrorCode::kIo, std::move(message), std::move(context)};
  }
}

Error SqlError(sqlite3* db, int rc, std::string_view what) {
  return SqlError(db, rc, what, DbPath(db));
}

Error ClosedError() {
  return Error{ErrorCode::kInternal, "database is not open (use of a moved-from Store)"};
}

// An owned prepared statement. Bind errors are remembered and reported by the next Step, so that
// a run of binds needs no checks of its own.
class Statement {
 public:
  // Prepares exactly one SQL statement; values are always bound, never spliced into `sql`.
  static Result<Statement> Prepare(sqlite3* db, std::string_view sql) {
    sqlite3_stmt* stmt = nullptr;
    const char* tail = nullptr;
    const int rc =
        sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), 0, &stmt, &tail);
    if (rc != SQLITE_OK) {
      sqlite3_finalize(stmt);
      return SqlError(db, rc, "cannot prepare statement");
    }
    // Programmer error if it fires: callers pass single constant statements.
    assert(tail == sql.data() + sql.size());
    return Statement(db, stmt);
  }

  Statement(Statement&& other) noexcept
      : db_(other.db_), stmt_(std::exchange(other.stmt_, nullptr)), bind_rc_(other.bind_rc_) {}
  Statement& operator=(Statement&& other) noexcept {
    if (this != &other) {
      sqlite3_finalize(stmt_);
      db_ = other.db_;
      stmt_ = std::exchange(other.stmt_, nullptr);
      bind_rc_ = other.bind_rc_;
    }
    return *this;
  }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement() { sqlite3_finalize(stmt_); }

  Statement& Bind(int index, std::string_view text) {
    // A null data pointer would bind SQL NULL, not an empty string.
    const char* data = text.data() != nullptr ? text.data() : "";
    Remember(sqlite3_bind_text64(stmt_, index, data, text.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
    return *this;
  }
  Statement& Bind(int index, int64_t value) {
    Remember(sqlite3_bind_int64(stmt_, index, value));
    return *this;
  }
  Statement& Bind(int index, int value) { return Bind(index, static_cast<int64_t>(value)); }
  Statement& Bind(int index, double value) {
    Remember(sqlite3_bind_double(stmt_, index, value));
    return *this;
  }

  // Runs one step: true when a row is available, false when done. `what` prefixes the error.
  Result<bool> Step(std::string_view what = "database query failed") {
    if (bind_rc_ != SQLITE_OK) return SqlError(db_, bind_rc_, what);
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    return SqlError(db_, rc, what);
  }

  // Steps a statement that returns no rows of interest (INSERT, PRAGMA with a result) to the end.
  Status Run(std::string_view what) {
    while (true) {
      FLEDGER_TRY(const bool row, Step(what));
      if (!row) return Status();
    }
  }

  // Makes the statement ready for new bindings.
  void Reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    bind_rc_ = SQLITE_OK;
  }

  int64_t Int64(int column) const { return sqlite3_column_int64(stmt_, column); }
  int Int(int column) const { return sqlite3_column_int(stmt_, column); }
  double Double(int column) const { return sqlite3_column_double(stmt_, column); }
  std::string Text(int column) const {
    const unsigned char* text = sqlite3_column_text(stmt_, column);
    if (text == nullptr) return "";
    return std::string(reinterpret_cast<const char*>(text),
                       static_cast<size_t>(sqlite3_column_bytes(stmt_, column)));
  }

 private:
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  void Remember(int rc) {
    if (bind_rc_ == SQLITE_OK) bind_rc_ = rc;
  }

  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
  int bind_rc_ = SQLITE_OK;
};

// Runs fixed SQL with no parameters (transaction control, schema scripts).
Status Exec(sqlite3* db, const char* sql, std::string_view what) {
  const int rc = sqlite3_exec(db, sql, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return SqlError(db, rc, what);
  return Status();
}

// A transaction that rolls back unless committed, so that every early return undoes its writes.
class Transaction {
 public:
  // `immediate` takes the write lock up front, so that a writer never fails half-way on a lock
  // upgrade; readers use a deferred transaction for one consistent snapshot.
  static Result<Transaction> Begin(sqlite3* db, bool immediate) {
    FLEDGER_RETURN_IF_ERROR(
        Exec(db, immediate ? "BEGIN IMMEDIATE" : "BEGIN", "cannot begin transaction"));
    return Transaction(db);
  }

  Transaction(Transaction&& other) noexcept : db_(std::exchange(other.db_, nullptr)) {}
  Transaction& operator=(Transaction&&) = delete;
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction() {
    // Some errors (I/O, full disk) already rolled back; a second ROLLBACK would only fail.
    if (db_ != nullptr && sqlite3_get_autocommit(db_) == 0) {
      sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    }
  }

  Status Commit() {
    FLEDGER_RETURN_IF_ERROR(Exec(db_, "COMMIT", "cannot commit transaction"));
    db_ = nullptr;
    return Status();
  }

 private:
  explicit Transaction(sqlite3* db) : db_(db) {}
  sqlite3* db_ = nullptr;
};

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
                         "IN ('assessment', 'assessment_category', 'assessment_requirement')"));
  FLEDGER_TRY(const bool row, stmt.Step());
  if (!row || stmt.Int(0) != 3) {
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
