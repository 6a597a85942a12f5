// Private to sca/osv: RAII prepared statements and transactions over SQLite, after the pattern of
// src/store/store.cc (whose helpers are file-local there).
#pragma once

#include <sqlite3.h>

#include <string>
#include <string_view>
#include <utility>

#include "core/result.h"

namespace fledger::sca::osv::internal {

// The file a connection is about, for error context ("" for an in-memory database).
std::string DbPath(sqlite3* db);

// Maps a SQLite failure to a Fledger error: a damaged or foreign file is a syntax error of the
// user's input, a constraint violation is a bug, anything else is the environment.
Error SqlError(sqlite3* db, int rc, std::string_view what);

// Runs fixed SQL with no parameters (transaction control, schema scripts).
Status Exec(sqlite3* db, const char* sql, std::string_view what);

// An owned prepared statement; bind errors are remembered and reported by the next Step.
class Statement {
 public:
  // Prepares exactly one SQL statement; values are always bound, never spliced into `sql`.
  static Result<Statement> Prepare(sqlite3* db, std::string_view sql);

  Statement() = default;
  Statement(Statement&& other) noexcept
      : db_(other.db_), stmt_(std::exchange(other.stmt_, nullptr)), bind_rc_(other.bind_rc_) {}
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement() { sqlite3_finalize(stmt_); }

  Statement& Bind(int index, std::string_view text);
  Statement& Bind(int index, int64_t value);
  Statement& Bind(int index, int value) { return Bind(index, static_cast<int64_t>(value)); }
  Statement& BindNull(int index);
  Statement& BindBlob(int index, std::string_view bytes);

  // One step: true when a row is available, false when done.
  Result<bool> Step(std::string_view what = "database query failed");
  // Steps to the end (INSERT, UPDATE, DELETE).
  Status Run(std::string_view what);
  // Ready for new bindings.
  void Reset();

  int64_t Int64(int column) const { return sqlite3_column_int64(stmt_, column); }
  bool IsNull(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }
  std::string Text(int column) const;
  std::string_view TextView(int column) const;
  std::string_view BlobView(int column) const;

 private:
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  void Remember(int rc) {
    if (bind_rc_ == SQLITE_OK) bind_rc_ = rc;
  }
  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
  int bind_rc_ = SQLITE_OK;
};

// A transaction that rolls back unless committed, so that every early return undoes its writes.
class Transaction {
 public:
  // `immediate` takes the write lock up front; readers use a deferred one for a consistent view.
  static Result<Transaction> Begin(sqlite3* db, bool immediate);
  Transaction(Transaction&& other) noexcept : db_(std::exchange(other.db_, nullptr)) {}
  Transaction& operator=(Transaction&&) = delete;
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();
  Status Commit();

 private:
  explicit Transaction(sqlite3* db) : db_(db) {}
  sqlite3* db_ = nullptr;
};

}  // namespace fledger::sca::osv::internal
