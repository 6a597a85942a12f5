// vulns.db: schema, migrations, imports (files, folders, zip archives, the bundled snapshot) and
// the lookups the matcher needs.
#include "sca/osv/db.h"

#include <pwd.h>
#include <sys/types.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <climits>
#include <cstdint>
#include <cstdlib>
#include <ctime>
#include <map>
#include <system_error>

#include "core/input.h"
#include "core/log.h"
#include "core/primitives.h"
#include "core/text.h"
#include "sca/osv/db_internal.h"
#include "sca/osv/sqlite.h"

namespace fledger::sca::osv {

using internal::Exec;
using internal::SqlError;
using internal::Statement;
using internal::Transaction;

namespace {

// Schema migrations, in order: kMigrations[i] takes user_version from i to i + 1. Never edit a
// released entry; append a new one.
constexpr std::array<const char*, 2> kMigrations = {
    R"sql(
CREATE TABLE source (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 8192),
  kind TEXT NOT NULL CHECK (kind IN ('file', 'folder', 'archive', 'url', 'bundled')),
  etag TEXT NOT NULL DEFAULT '' CHECK (length(etag) <= 1024),
  imported_at TEXT NOT NULL CHECK (imported_at GLOB
      '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z'),
  checked_at TEXT NOT NULL CHECK (checked_at GLOB
      '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z')
) STRICT;

CREATE TABLE vuln (
  id TEXT PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 256),
  modified TEXT NOT NULL CHECK (modified GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9][Tt]*'),
  modified_us INTEGER NOT NULL,
  withdrawn TEXT NOT NULL CHECK (withdrawn = '' OR
      withdrawn GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9][Tt]*'),
  source_id INTEGER NOT NULL REFERENCES source (id) ON DELETE CASCADE,
  record BLOB NOT NULL CHECK (length(record) > 0)
) STRICT;
CREATE INDEX vuln_source ON vuln (source_id);

CREATE TABLE vuln_alias (
  alias TEXT NOT NULL CHECK (length(alias) > 0),
  vuln_id TEXT NOT NULL REFERENCES vuln (id) ON DELETE CASCADE,
  PRIMARY KEY (alias, vuln_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX vuln_alias_vuln ON vuln_alias (vuln_id);

CREATE TABLE vuln_package (
  ecosystem TEXT NOT NULL CHECK (length(ecosystem) > 0),
  name TEXT NOT NULL CHECK (length(name) > 0),
  vuln_id TEXT NOT NULL REFERENCES vuln (id) ON DELETE CASCADE,
  ecosystem_full TEXT NOT NULL CHECK (length(ecosystem_full) > 0),
  PRIMARY KEY (ecosystem, name, vuln_id, ecosystem_full)
) STRICT, WITHOUT ROWID;
CREATE INDEX vuln_package_vuln ON vuln_package (vuln_id);
)sql",
    // 2: the age check (the newest record of each source) becomes one index seek per source.
    R"sql(
DROP INDEX vuln_source;
CREATE INDEX vuln_source_modified ON vuln (source_id, modified_us);
)sql",
};

constexpr int kSchemaVersion = static_cast<int>(kMigrations.size());
constexpr int kBusyTimeoutMs = 5000;

// Seconds-precision RFC 3339 of microseconds since the epoch (years 1..9999).
std::string FormatUtc(int64_t micros) {
  int64_t secs = micros / 1000000;
  if (micros < 0 && micros % 1000000 != 0) --secs;
  int64_t days = secs / 86400;
  int64_t rem = secs % 86400;
  if (rem < 0) {
    rem += 86400;
    --days;
  }
  // Civil from days (H. Hinnant).
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const int64_t doe = days - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const int64_t m = mp < 10 ? mp + 3 : mp - 9;
  const int64_t y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%04lld-%02lld-%02lldT%02lld:%02lld:%02lldZ",
                static_cast<long long>(y), static_cast<long long>(m), static_cast<long long>(d),
                static_cast<long long>(rem / 3600), static_cast<long long>(rem / 60 % 60),
                static_cast<long long>(rem % 60));
  return buffer;
}

std::filesystem::path HomeDir() {
  const char* home = std::getenv("HOME");
  if (home != nullptr && *home != '\0') return home;
  std::array<char, 4096> buffer{};
  passwd entry{};
  passwd* found = nullptr;
  if (getpwuid_r(getuid(), &entry, buffer.data(), buffer.size(), &found) == 0 && found != nullptr &&
      found->pw_dir != nullptr && *found->pw_dir != '\0') {
    return found->pw_dir;
  }
  return {};
}

Result<int> ReadUserVersion(sqlite3* db) {
  FLEDGER_TRY(Statement stmt, Statement::Prepare(db, "PRAGMA user_version"));
  FLEDGER_TRY(const bool row, stmt.Step());
  if (!row) return Error{ErrorCode::kInternal, "PRAGMA user_version returned no row"};
  return static_cast<int>(stmt.Int64(0));
}

Status CheckVersion(int version, const std::string& context) {
  if (version > kSchemaVersion) {
    return InputError(ValidationStep::kSemantics, context,
                      "vulnerability database schema version " + std::to_string(version) +
                          " was created by a newer fledger (this one supports up to version " +
                          std::to_string(kSchemaVersion) + ")");
  }
  if (version < 0) {
    return InputError(ValidationStep::kSemantics, context,
                      "invalid database schema version " + std::to_string(version));
  }
  return {};
}

Status Migrate(sqlite3* db, const std::string& context) {
  while (true) {
    FLEDGER_TRY(Transaction tx, Transaction::Begin(db, /*immediate=*/true));
    FLEDGER_TRY(const int version, ReadUserVersion(db));
    FLEDGER_RETURN_IF_ERROR(CheckVersion(version, context));
    if (version == kSchemaVersion) return tx.Commit();
    const int rc =
        sqlite3_exec(db, kMigrations[static_cast<size_t>(version)], nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) {
      Error error =
          SqlError(db, rc, "cannot migrate to schema version " + std::to_string(version + 1));
      // A generic SQL error here means the file holds tables that are not ours.
      if ((rc & 0xff) == SQLITE_ERROR) {
        error = InputError(ValidationStep::kSemantics, context, error.message);
      }
      return error;
    }
    // PRAGMA takes no bound parameters; the value is our own loop counter.
    const std::string bump = "PRAGMA user_version = " + std::to_string(version + 1);
    FLEDGER_RETURN_IF_ERROR(Exec(db, bump.c_str(), "cannot set schema version"));
    FLEDGER_RETURN_IF_ERROR(tx.Commit());
  }
}

Status CheckTables(sqlite3* db, const std::string& context) {
  FLEDGER_TRY(Statement stmt,
              Statement::Prepare(db,
                                 "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND "
                                 "name IN ('source', 'vuln', 'vuln_alias', 'vuln_package')"));
  FLEDGER_TRY(const bool row, stmt.Step());
  if (!row || stmt.Int64(0) != 4) {
    return InputError(ValidationStep::kSemantics, context,
                      "not a fledger vulnerability database (tables missing)");
  }
  return {};
}

Status Configure(sqlite3* db, const std::string& context) {
  // The file may come from anywhere ($FLEDGER_VULN_DB): its schema must not run SQL functions
  // with side effects.
  sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
  sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);
  sqlite3_busy_timeout(db, kBusyTimeoutMs);
  {
    FLEDGER_TRY(Statement wal, Statement::Prepare(db, "PRAGMA journal_mode = WAL"));
    FLEDGER_TRY(const bool row, wal.Step());
    const std::string mode = row ? wal.Text(0) : "";
    if (mode != "wal") Log(LogLevel::kDebug, context + ": journal mode is '" + mode + "', not WAL");
  }
  // NORMAL in WAL mode keeps every transaction atomic; only the last commit may be lost in a
  // power cut, which a re-import repairs.
  FLEDGER_RETURN_IF_ERROR(Exec(db, "PRAGMA synchronous = NORMAL", "cannot set synchronous"));
  FLEDGER_RETURN_IF_ERROR(Exec(db, "PRAGMA foreign_keys = ON", "cannot enable foreign keys"));
  // An import of a whole ecosystem is one transaction: a page cache of up to 256 MiB keeps the
  // indexes from being spilled to the WAL and rewritten several times (the default is 2 MiB; the
  // cache grows only as pages are used, so lookups stay small).
  FLEDGER_RETURN_IF_ERROR(Exec(db, "PRAGMA cache_size = -262144", "cannot set cache size"));
  FLEDGER_TRY(const int version, ReadUserVersion(db));
  FLEDGER_RETURN_IF_ERROR(CheckVersion(version, context));
  if (version < kSchemaVersion) FLEDGER_RETURN_IF_ERROR(Migrate(db, context));
  return CheckTables(db, context);
}

}  // namespace

std::string internal::NowUtc() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buffer[32];
  const size_t n = std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return std::string(buffer, n);
}

std::pair<std::string, std::string> PackageIndexKey(std::string_view ecosystem,
                                                    std::string_view name) {
  std::string base(ecosystem.substr(0, ecosystem.find(':')));
  Result<Ecosystem> known = Ecosystem::Parse(base);
  if (!known.ok()) return {base, std::string(name)};
  Result<PackageName> normalized = PackageName::Parse(known.value(), name);
  return {known.value().osv_name(), normalized.ok() ? normalized.value().str() : std::string(name)};
}

std::filesystem::path VulnDb::DefaultPath() {
  const char* db = std::getenv("FLEDGER_VULN_DB");
  if (db != nullptr && *db != '\0') return db;
  // The XDG spec says relative values are invalid and must be ignored.
  const char* xdg = std::getenv("XDG_DATA_HOME");
  if (xdg != nullptr && *xdg != '\0' && std::filesystem::path(xdg).is_absolute()) {
    return std::filesystem::path(xdg) / "fledger" / "vulns.db";
  }
  return HomeDir() / ".local" / "share" / "fledger" / "vulns.db";
}

VulnDb::VulnDb(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
VulnDb::VulnDb(VulnDb&&) noexcept = default;
VulnDb& VulnDb::operator=(VulnDb&&) noexcept = default;
VulnDb::~VulnDb() = default;

Result<VulnDb> VulnDb::Open(const std::filesystem::path& path) {
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
  const std::filesystem::file_status st = std::filesystem::symlink_status(path, ec);
  if (std::filesystem::is_symlink(st)) {
    return InputError(ValidationStep::kOrigin, context,
                      "is a symbolic link; refusing to follow it");
  }
  if (std::filesystem::exists(st) && !std::filesystem::is_regular_file(st)) {
    return InputError(ValidationStep::kOrigin, context, "not a regular file");
  }
  auto impl = std::make_unique<Impl>();
  impl->path = context;
  const int flags =
      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOFOLLOW | SQLITE_OPEN_EXRESCODE;
  const int rc = sqlite3_open_v2(path.c_str(), &impl->db, flags, nullptr);
  if (rc != SQLITE_OK) {
    Error e = SqlError(impl->db, rc, "cannot open database");
    e.context = context;
    return e;
  }
  fledger::Status setup = Configure(impl->db, context);
  if (!setup.ok()) {
    Error error = setup.error();
    error.context = context;
    return error;
  }
  FLEDGER_TRY(impl->find_ids, Statement::Prepare(impl->db,
                                                 "SELECT DISTINCT vuln_id FROM vuln_package WHERE "
                                                 "ecosystem = ?1 AND name = ?2 ORDER BY vuln_id"));
  FLEDGER_TRY(impl->find_records,
              Statement::Prepare(impl->db,
                                 "SELECT v.id, v.record FROM vuln v WHERE v.id IN (SELECT "
                                 "vuln_id FROM vuln_package WHERE ecosystem = ?1 AND name = ?2) "
                                 "ORDER BY v.id"));
  FLEDGER_TRY(impl->get_record,
              Statement::Prepare(impl->db, "SELECT record FROM vuln WHERE id = ?1"));
  FLEDGER_TRY(impl->find_alias,
              Statement::Prepare(impl->db,
                                 "SELECT vuln_id FROM vuln_alias WHERE alias = ?1 "
                                 "ORDER BY vuln_id"));
  return VulnDb(std::move(impl));
}

Result<VulnDb> VulnDb::OpenOrSeed(const std::filesystem::path& path) {
  FLEDGER_TRY(VulnDb db, Open(path));
  FLEDGER_TRY(Statement count, Statement::Prepare(db.impl_->db,
                                                  "SELECT (SELECT count(*) FROM vuln) + "
                                                  "(SELECT count(*) FROM source)"));
  FLEDGER_TRY(const bool row, count.Step());
  const bool empty = row && count.Int64(0) == 0;
  count = Statement();
  if (empty) {
    FLEDGER_TRY(const ImportStats stats, db.ImportBundled());
    Log(LogLevel::kInfo, "seeded " + path.string() + " with " +
                             std::to_string(stats.records_inserted) +
                             " records from the bundled snapshot");
  }
  return db;
}

Result<std::string> VulnDb::SourceETag(const std::string& source_name) const {
  FLEDGER_TRY(Statement stmt,
              Statement::Prepare(impl_->db, "SELECT etag FROM source WHERE name = ?1"));
  stmt.Bind(1, source_name);
  FLEDGER_TRY(const bool row, stmt.Step());
  return row ? stmt.Text(0) : std::string();
}

fledger::Status VulnDb::MarkSourceChecked(const std::string& source_name) {
  FLEDGER_TRY(Statement stmt,
              Statement::Prepare(impl_->db, "UPDATE source SET checked_at = ?2 WHERE name = ?1"));
  stmt.Bind(1, source_name).Bind(2, internal::NowUtc());
  return stmt.Run("cannot record the check of " + source_name);
}

Result<std::vector<std::string>> VulnDb::FindRecordIds(std::string_view ecosystem_base,
                                                       std::string_view normalized_name) const {
  Statement& stmt = impl_->find_ids;
  stmt.Reset();
  stmt.Bind(1, ecosystem_base).Bind(2, normalized_name);
  std::vector<std::string> out;
  while (true) {
    FLEDGER_TRY(const bool row, stmt.Step());
    if (!row) break;
    out.push_back(stmt.Text(0));
  }
  stmt.Reset();
  return out;
}

Result<std::vector<OsvRecord>> VulnDb::FindRecords(std::string_view ecosystem_base,
                                                   std::string_view normalized_name) const {
  Statement& stmt = impl_->find_records;
  stmt.Reset();
  stmt.Bind(1, ecosystem_base).Bind(2, normalized_name);
  std::vector<OsvRecord> out;
  while (true) {
    Result<bool> row = stmt.Step();
    if (!row.ok()) {
      stmt.Reset();
      return row.error();
    }
    if (!row.value()) break;
    Result<OsvRecord> record =
        DecodeStoredRecord(stmt.BlobView(1), impl_->path + "!" + stmt.Text(0));
    if (!record.ok()) {
      stmt.Reset();
      return record.error();
    }
    out.push_back(std::move(record).value());
  }
  stmt.Reset();
  return out;
}

Result<std::optional<OsvRecord>> VulnDb::GetRecord(std::string_view id) const {
  Statement& stmt = impl_->get_record;
  stmt.Reset();
  stmt.Bind(1, id);
  FLEDGER_TRY(const bool row, stmt.Step());
  if (!row) {
    stmt.Reset();
    return std::optional<OsvRecord>();
  }
  Result<OsvRecord> record =
      DecodeStoredRecord(stmt.BlobView(0), impl_->path + "!" + std::string(id));
  stmt.Reset();
  if (!record.ok()) return record.error();
  return std::optional<OsvRecord>(std::move(record).value());
}

Result<std::vector<std::string>> VulnDb::FindByAlias(std::string_view alias) const {
  Statement& stmt = impl_->find_alias;
  stmt.Reset();
  stmt.Bind(1, alias);
  std::vector<std::string> out;
  while (true) {
    FLEDGER_TRY(const bool row, stmt.Step());
    if (!row) break;
    out.push_back(stmt.Text(0));
  }
  stmt.Reset();
  return out;
}

std::optional<int> VulnDb::AgeDays() const {
  // The freshest source decides: a URL source is current as of its last check; a file, folder,
  // archive or the bundled snapshot only as of the newest record it holds.
  int64_t newest_us = INT64_MIN;
  {
    Result<Statement> q = Statement::Prepare(
        impl_->db,
        "SELECT max((SELECT max(v.modified_us) FROM vuln v WHERE v.source_id = s.id)) "
        "FROM source s WHERE s.kind <> 'url'");
    if (q.ok()) {
      Result<bool> row = q.value().Step();
      if (row.ok() && row.value() && !q.value().IsNull(0)) newest_us = q.value().Int64(0);
    }
  }
  {
    Result<Statement> q =
        Statement::Prepare(impl_->db, "SELECT checked_at FROM source WHERE kind = 'url'");
    if (q.ok()) {
      while (true) {
        Result<bool> row = q.value().Step();
        if (!row.ok() || !row.value()) break;
        if (auto us = ParseRfc3339(q.value().TextView(0))) newest_us = std::max(newest_us, *us);
      }
    }
  }
  if (newest_us == INT64_MIN) return std::nullopt;
  const int64_t now_us = static_cast<int64_t>(std::time(nullptr)) * 1000000;
  const int64_t days = (now_us - newest_us) / (int64_t{86400} * 1000000);
  return static_cast<int>(std::clamp<int64_t>(days, 0, 10000000));
}

Result<DbStatus> VulnDb::Status() const {
  DbStatus out;
  out.path = impl_->path;
  out.schema_version = schema_version();
  FLEDGER_TRY(Transaction tx, Transaction::Begin(impl_->db, /*immediate=*/false));
  std::map<int64_t, size_t> by_id;
  {
    FLEDGER_TRY(Statement q,
                Statement::Prepare(impl_->db,
                                   "SELECT s.id, s.name, s.kind, s.etag, s.imported_at, "
                                   "s.checked_at, count(v.id), sum(v.withdrawn <> ''), "
                                   "min(v.modified_us), max(v.modified_us) FROM source s LEFT "
                                   "JOIN vuln v ON v.source_id = s.id GROUP BY s.id ORDER BY "
                                   "s.name"));
    while (true) {
      FLEDGER_TRY(const bool row, q.Step());
      if (!row) break;
      SourceStatus s;
      s.name = q.Text(1);
      s.kind = q.Text(2);
      s.etag = q.Text(3);
      s.imported_at = q.Text(4);
      s.checked_at = q.Text(5);
      s.records = q.Int64(6);
      s.withdrawn = q.IsNull(7) ? 0 : q.Int64(7);
      if (s.records > 0) {
        s.oldest_modified = FormatUtc(q.Int64(8));
        s.newest_modified = FormatUtc(q.Int64(9));
      }
      out.records += s.records;
      out.withdrawn += s.withdrawn;
      by_id[q.Int64(0)] = out.sources.size();
      out.sources.push_back(std::move(s));
    }
  }
  {
    FLEDGER_TRY(Statement q,
                Statement::Prepare(impl_->db,
                                   "SELECT v.source_id, p.ecosystem, count(DISTINCT v.id) FROM "
                                   "vuln v JOIN vuln_package p ON p.vuln_id = v.id GROUP BY "
                                   "v.source_id, p.ecosystem ORDER BY p.ecosystem"));
    while (true) {
      FLEDGER_TRY(const bool row, q.Step());
      if (!row) break;
      const auto it = by_id.find(q.Int64(0));
      if (it == by_id.end()) continue;
      out.sources[it->second].ecosystems.emplace_back(q.Text(1), q.Int64(2));
    }
  }
  FLEDGER_RETURN_IF_ERROR(tx.Commit());
  out.age_days = AgeDays();
  return out;
}

int VulnDb::schema_version() const {
  if (!impl_ || impl_->db == nullptr) return -1;
  Result<int> v = ReadUserVersion(impl_->db);
  return v.ok() ? v.value() : -1;
}

}  // namespace fledger::sca::osv
