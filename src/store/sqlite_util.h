// SQLite helpers shared by the store's source files (not part of the store's public interface):
// error mapping, an owned prepared statement with remembered bind errors, and an RAII transaction.
#pragma once

#include <sqlite3.h>

#include <cassert>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "core/result.h"

namespace fledger::store::internal {

// The file the connection is about, for error context ("" for an in-memory database).
inline std::string DbPath(sqlite3* db) {
  const char* name = db != nullptr ? sqlite3_db_filename(db, "main") : nullptr;
  return name != nullptr ? name : "";
}

// Maps a SQLite failure to a Fledger error. A damaged or foreign file is the user's input; a
// constraint violation means a caller handed us an invalid snapshot, which is a bug upstream;
// anything else (locks, disk, permissions) is the environment.
inline Error SqlError(sqlite3* db, int rc, std::string_view what, std::string context) {
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

inline Error SqlError(sqlite3* db, int rc, std::string_view what) {
  return SqlError(db, rc, what, DbPath(db));
}

inline Error ClosedError() {
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
inline Status Exec(sqlite3* db, const char* sql, std::string_view what) {
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

}  // namespace fledger::store::internal
