// SQLite statement and transaction wrappers for the vulnerability database.
#include "sca/osv/sqlite.h"

#include <cassert>

namespace fledger::sca::osv::internal {

std::string DbPath(sqlite3* db) {
  const char* name = db != nullptr ? sqlite3_db_filename(db, "main") : nullptr;
  return name != nullptr ? name : "";
}

Error SqlError(sqlite3* db, int rc, std::string_view what) {
  std::string detail = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  switch (rc & 0xff) {
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      return InputError(ValidationStep::kSyntax, DbPath(db), std::move(detail));
    case SQLITE_CONSTRAINT:
    case SQLITE_MISUSE:
    case SQLITE_RANGE:
      return Error{ErrorCode::kInternal, std::string(what) + ": " + detail, DbPath(db)};
    default:
      return Error{ErrorCode::kIo, std::string(what) + ": " + detail, DbPath(db)};
  }
}

Status Exec(sqlite3* db, const char* sql, std::string_view what) {
  const int rc = sqlite3_exec(db, sql, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return SqlError(db, rc, what);
  return {};
}

Result<Statement> Statement::Prepare(sqlite3* db, std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  const char* tail = nullptr;
  const int rc = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()),
                                    SQLITE_PREPARE_PERSISTENT, &stmt, &tail);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(stmt);
    return SqlError(db, rc, "cannot prepare statement");
  }
  // Programmer error if it fires: callers pass single constant statements.
  assert(tail == sql.data() + sql.size());
  return Statement(db, stmt);
}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(stmt_);
    db_ = other.db_;
    stmt_ = std::exchange(other.stmt_, nullptr);
    bind_rc_ = other.bind_rc_;
  }
  return *this;
}

Statement& Statement::Bind(int index, std::string_view text) {
  // A null data pointer would bind SQL NULL, not an empty string.
  const char* data = text.data() != nullptr ? text.data() : "";
  Remember(sqlite3_bind_text64(stmt_, index, data, text.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
  return *this;
}

Statement& Statement::Bind(int index, int64_t value) {
  Remember(sqlite3_bind_int64(stmt_, index, value));
  return *this;
}

Statement& Statement::BindNull(int index) {
  Remember(sqlite3_bind_null(stmt_, index));
  return *this;
}

Statement& Statement::BindBlob(int index, std::string_view bytes) {
  // A zero-length blob with a null pointer would bind NULL.
  const char* data = bytes.data() != nullptr ? bytes.data() : "";
  Remember(sqlite3_bind_blob64(stmt_, index, data, bytes.size(), SQLITE_TRANSIENT));
  return *this;
}

Result<bool> Statement::Step(std::string_view what) {
  if (bind_rc_ != SQLITE_OK) return SqlError(db_, bind_rc_, what);
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return SqlError(db_, rc, what);
}

Status Statement::Run(std::string_view what) {
  while (true) {
    FLEDGER_TRY(const bool row, Step(what));
    if (!row) {
      sqlite3_reset(stmt_);
      return {};
    }
  }
}

void Statement::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  bind_rc_ = SQLITE_OK;
}

std::string Statement::Text(int column) const { return std::string(TextView(column)); }

std::string_view Statement::TextView(int column) const {
  const unsigned char* text = sqlite3_column_text(stmt_, column);
  if (text == nullptr) return {};
  return std::string_view(reinterpret_cast<const char*>(text),
                          static_cast<size_t>(sqlite3_column_bytes(stmt_, column)));
}

std::string_view Statement::BlobView(int column) const {
  const void* data = sqlite3_column_blob(stmt_, column);
  if (data == nullptr) return {};
  return std::string_view(static_cast<const char*>(data),
                          static_cast<size_t>(sqlite3_column_bytes(stmt_, column)));
}

Result<Transaction> Transaction::Begin(sqlite3* db, bool immediate) {
  FLEDGER_RETURN_IF_ERROR(
      Exec(db, immediate ? "BEGIN IMMEDIATE" : "BEGIN", "cannot begin transaction"));
  return Transaction(db);
}

Transaction::~Transaction() {
  // Some errors (I/O, full disk) already rolled back; a second ROLLBACK would only fail.
  if (db_ != nullptr && sqlite3_get_autocommit(db_) == 0) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }
}

Status Transaction::Commit() {
  FLEDGER_RETURN_IF_ERROR(Exec(db_, "COMMIT", "cannot commit transaction"));
  db_ = nullptr;
  return {};
}

}  // namespace fledger::sca::osv::internal
