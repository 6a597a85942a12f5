// vulns.db: schema, migrations, imports (files, folders, zip archives, the bundled snapshot) and
// the lookups the matcher needs.
#include "sca/osv/db.h"

#include <archive.h>
#include <archive_entry.h>
#include <pwd.h>
#include <sys/types.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <climits>
#include <cstdint>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <map>
#include <system_error>
#include <unordered_map>

#include "core/input.h"
#include "core/log.h"
#include "core/primitives.h"
#include "core/text.h"
#include "sca/osv/embedded.h"
#include "sca/osv/sqlite.h"

namespace fledger::sca::osv {

using internal::Exec;
using internal::SqlError;
using internal::Statement;
using internal::Transaction;

namespace {

// Schema migrations, in order: kMigrations[i] takes user_version from i to i + 1. Never edit a
// released entry; append a new one.
constexpr std::array<const char*, 1> kMigrations = {
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
};

constexpr int kSchemaVersion = static_cast<int>(kMigrations.size());
constexpr int kBusyTimeoutMs = 5000;

std::string NowUtc() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buffer[32];
  const size_t n = std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return std::string(buffer, n);
}

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
  // An import of a whole ecosystem is one transaction: a 64 MiB page cache keeps the indexes from
  // being spilled to the WAL and rewritten several times (the default is 2 MiB).
  FLEDGER_RETURN_IF_ERROR(Exec(db, "PRAGMA cache_size = -65536", "cannot set cache size"));
  FLEDGER_TRY(const int version, ReadUserVersion(db));
  FLEDGER_RETURN_IF_ERROR(CheckVersion(version, context));
  if (version < kSchemaVersion) FLEDGER_RETURN_IF_ERROR(Migrate(db, context));
  return CheckTables(db, context);
}

// True if the file `context` ("dir/GHSA-x.json", "all.zip!GHSA-x.json") is named "<id>.json".
bool NamedAfterId(std::string_view context, std::string_view id) {
  const size_t cut = context.find_last_of("/!");
  const std::string_view name = cut == std::string_view::npos ? context : context.substr(cut + 1);
  return name.size() == id.size() + 5 && name.substr(0, id.size()) == id &&
         name.substr(id.size()) == ".json";
}

// Writes records of one import into the open transaction, with statements prepared once.
class Writer {
 public:
  static Result<Writer> Create(sqlite3* db, ImportStats* stats, bool strict) {
    Writer w(db, stats, strict);
    FLEDGER_TRY(w.select_, Statement::Prepare(db,
                                              "SELECT modified_us, record FROM vuln "
                                              "WHERE id = ?1"));
    FLEDGER_TRY(w.insert_, Statement::Prepare(db,
                                              "INSERT INTO vuln (id, modified, modified_us, "
                                              "withdrawn, source_id, record) VALUES (?1, ?2, ?3, "
                                              "?4, ?5, ?6)"));
    FLEDGER_TRY(w.update_, Statement::Prepare(db,
                                              "UPDATE vuln SET modified = ?2, modified_us = ?3, "
                                              "withdrawn = ?4, source_id = ?5, record = ?6 "
                                              "WHERE id = ?1"));
    FLEDGER_TRY(w.delete_aliases_,
                Statement::Prepare(db, "DELETE FROM vuln_alias WHERE vuln_id = ?1"));
    FLEDGER_TRY(w.delete_packages_,
                Statement::Prepare(db, "DELETE FROM vuln_package WHERE vuln_id = ?1"));
    FLEDGER_TRY(w.insert_alias_,
                Statement::Prepare(db,
                                   "INSERT OR IGNORE INTO vuln_alias (alias, vuln_id) "
                                   "VALUES (?1, ?2)"));
    FLEDGER_TRY(w.insert_package_,
                Statement::Prepare(db,
                                   "INSERT OR IGNORE INTO vuln_package (ecosystem, name, "
                                   "vuln_id, ecosystem_full) VALUES (?1, ?2, ?3, ?4)"));
    FLEDGER_TRY(w.upsert_source_,
                Statement::Prepare(db,
                                   "INSERT INTO source (name, kind, etag, imported_at, "
                                   "checked_at) VALUES (?1, ?2, ?3, ?4, ?4) ON CONFLICT (name) "
                                   "DO UPDATE SET kind = excluded.kind, etag = excluded.etag, "
                                   "imported_at = excluded.imported_at, checked_at = "
                                   "excluded.checked_at RETURNING id"));
    return w;
  }

  // Makes `name` the source of the records that follow (creating or refreshing its row).
  Status BeginSource(const std::string& name, const std::string& kind, const std::string& etag) {
    upsert_source_.Reset();
    upsert_source_.Bind(1, name).Bind(2, kind).Bind(3, etag).Bind(4, now_);
    FLEDGER_TRY(const bool row, upsert_source_.Step("cannot record import source"));
    if (!row) return Error{ErrorCode::kInternal, "source upsert returned no id"};
    source_id_ = upsert_source_.Int64(0);
    return upsert_source_.Run("cannot record import source");
  }

  // Parses one document and stores it. A malformed record is a warning, or the error when strict.
  Status Add(std::string_view text, const std::string& context) {
    ++stats_->files_read;
    Result<OsvRecord> parsed = ParseOsvRecord(text, context);
    if (!parsed.ok()) {
      ++stats_->records_rejected;
      if (strict_) return parsed.error();
      stats_->warnings.push_back(parsed.error());
      return {};
    }
    const OsvRecord& record = parsed.value();
    for (std::string& note : LintOsvRecord(record)) {
      stats_->warnings.push_back(Error{ErrorCode::kInput, "data quality: " + note, context});
    }
    // ParseOsvRecord has checked the timestamp.
    const int64_t modified_us = ParseRfc3339(record.modified).value_or(0);
    const std::string stored = EncodeStoredRecord(record);

    select_.Reset();
    select_.Bind(1, record.id);
    FLEDGER_TRY(const bool exists, select_.Step());
    bool update = false;
    if (exists) {
      const int64_t old_us = select_.Int64(0);
      if (modified_us < old_us || (modified_us == old_us && select_.BlobView(1) == stored)) {
        ++stats_->records_unchanged;
        // The same record again (a re-import) still claims its id against later conflicting
        // copies in this import.
        if (modified_us == old_us) written_.emplace(record.id, context);
        select_.Reset();
        return {};
      }
      // Two different files of one import with the same id and the same `modified` (the corpus
      // holds osv-linter examples that reuse a real record's id): neither is newer, so the order
      // of the walk must not decide. The file named after the id (OSV's one-record-per-file
      // convention) wins, else the first one read; either way the conflict is reported.
      const auto first = written_.find(record.id);
      if (modified_us == old_us && first != written_.end()) {
        select_.Reset();
        const bool replace =
            NamedAfterId(context, record.id) && !NamedAfterId(first->second, record.id);
        stats_->warnings.push_back(
            InputError(ValidationStep::kSemantics, context,
                       "record " + record.id + " is also in " + first->second +
                           " with the same 'modified' but different content; kept " +
                           (replace ? "this file (named after the id)" : "that one")));
        if (!replace) {
          ++stats_->records_unchanged;
          return {};
        }
      }
      update = true;
    }
    select_.Reset();
    written_[record.id] = context;
    Statement& write = update ? update_ : insert_;
    write.Reset();
    write.Bind(1, record.id)
        .Bind(2, record.modified)
        .Bind(3, modified_us)
        .Bind(4, record.withdrawn)
        .Bind(5, source_id_)
        .BindBlob(6, stored);
    FLEDGER_RETURN_IF_ERROR(write.Run("cannot store record"));
    if (update) {
      delete_aliases_.Reset();
      delete_aliases_.Bind(1, record.id);
      FLEDGER_RETURN_IF_ERROR(delete_aliases_.Run("cannot replace aliases"));
      delete_packages_.Reset();
      delete_packages_.Bind(1, record.id);
      FLEDGER_RETURN_IF_ERROR(delete_packages_.Run("cannot replace package index"));
      ++stats_->records_updated;
    } else {
      ++stats_->records_inserted;
    }
    for (const std::string& alias : record.aliases) {
      if (alias.empty() || alias == record.id) continue;
      insert_alias_.Reset();
      insert_alias_.Bind(1, alias).Bind(2, record.id);
      FLEDGER_RETURN_IF_ERROR(insert_alias_.Run("cannot store alias"));
    }
    for (const OsvAffected& a : record.affected) {
      if (!a.package) continue;
      const auto [ecosystem, name] = PackageIndexKey(a.package->ecosystem, a.package->name);
      if (ecosystem.empty() || name.empty()) continue;
      insert_package_.Reset();
      insert_package_.Bind(1, ecosystem)
          .Bind(2, name)
          .Bind(3, record.id)
          .Bind(4, a.package->ecosystem);
      FLEDGER_RETURN_IF_ERROR(insert_package_.Run("cannot store package index"));
    }
    return {};
  }

 private:
  Writer(sqlite3* db, ImportStats* stats, bool strict)
      : db_(db), stats_(stats), strict_(strict), now_(NowUtc()) {}
  sqlite3* db_;
  ImportStats* stats_;
  bool strict_;
  std::string now_;
  std::unordered_map<std::string, std::string> written_;  // id -> file that stored it this import
  int64_t source_id_ = 0;
  Statement select_, insert_, update_, delete_aliases_, delete_packages_, insert_alias_,
      insert_package_, upsert_source_;
};

bool IsZip(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  char magic[4] = {};
  in.read(magic, 4);
  return in.gcount() == 4 && magic[0] == 'P' && magic[1] == 'K' &&
         ((magic[2] == 3 && magic[3] == 4) || (magic[2] == 5 && magic[3] == 6));
}

// Streams a zip archive entry by entry into `writer`. Non-regular entries and entries not named
// *.json are skipped; an oversized entry is a rejected record; the archive being unreadable,
// corrupt, or over its entry or expansion limits fails the call.
Status ReadArchive(const std::filesystem::path& path, const std::string& label,
                   const ImportLimits& limits, Writer& writer, ImportStats& stats) {
  struct ArchiveCloser {
    void operator()(archive* a) const { archive_read_free(a); }
  };
  std::unique_ptr<archive, ArchiveCloser> a(archive_read_new());
  if (!a) return Error{ErrorCode::kInternal, "cannot allocate an archive reader", label};
  archive_read_support_format_zip(a.get());
  if (archive_read_open_filename(a.get(), path.c_str(), 1 << 16) != ARCHIVE_OK) {
    return InputError(ValidationStep::kSyntax, label,
                      std::string("cannot open zip archive: ") + archive_error_string(a.get()));
  }
  size_t entries = 0;
  uint64_t expanded = 0;
  std::string data;
  while (true) {
    archive_entry* entry = nullptr;
    const int rc = archive_read_next_header(a.get(), &entry);
    if (rc == ARCHIVE_EOF) break;
    if (rc != ARCHIVE_OK && rc != ARCHIVE_WARN) {
      const char* why = archive_error_string(a.get());
      return InputError(ValidationStep::kSyntax, label,
                        std::string("corrupt zip archive: ") + (why ? why : "unknown error"));
    }
    if (++entries > limits.max_archive_entries) {
      return InputError(ValidationStep::kSize, label,
                        "more than " + std::to_string(limits.max_archive_entries) + " entries");
    }
    const char* raw_name = archive_entry_pathname(entry);
    const std::string name = EscapeTerminal(Truncate(raw_name ? raw_name : "", 300));
    const std::string context = label + "!" + name;
    if (archive_entry_filetype(entry) != AE_IFREG || !EndsWith(name, ".json")) {
      archive_read_data_skip(a.get());
      continue;
    }
    const auto reject_size = [&]() -> Status {
      ++stats.files_read;
      ++stats.records_rejected;
      Error e =
          InputError(ValidationStep::kSize, context,
                     "entry larger than " + std::to_string(limits.max_entry_bytes) + " bytes");
      stats.warnings.push_back(e);
      return Status();
    };
    if (archive_entry_size_is_set(entry) &&
        static_cast<uint64_t>(archive_entry_size(entry)) > limits.max_entry_bytes) {
      FLEDGER_RETURN_IF_ERROR(reject_size());
      archive_read_data_skip(a.get());
      continue;
    }
    data.clear();
    bool too_big = false;
    std::array<char, 1 << 16> buffer;
    while (true) {
      const la_ssize_t n = archive_read_data(a.get(), buffer.data(), buffer.size());
      if (n == 0) break;
      if (n < 0) {
        const char* why = archive_error_string(a.get());
        return InputError(ValidationStep::kSyntax, context,
                          std::string("corrupt zip entry: ") + (why ? why : "unknown error"));
      }
      expanded += static_cast<uint64_t>(n);
      if (expanded > limits.max_archive_bytes) {
        return InputError(
            ValidationStep::kSize, label,
            "expands to more than " + std::to_string(limits.max_archive_bytes) + " bytes");
      }
      if (data.size() + static_cast<size_t>(n) > limits.max_entry_bytes) {
        too_big = true;
        break;
      }
      data.append(buffer.data(), static_cast<size_t>(n));
    }
    if (too_big) {
      FLEDGER_RETURN_IF_ERROR(reject_size());
      archive_read_data_skip(a.get());
      continue;
    }
    FLEDGER_RETURN_IF_ERROR(writer.Add(data, context));
  }
  return {};
}

Status ReadRecordFile(const std::filesystem::path& path, const std::string& context,
                      const ImportLimits& limits, Writer& writer, ImportStats& stats) {
  Result<std::string> text =
      ReadTextFile(path, ReadLimits{.max_bytes = limits.max_entry_bytes, .require_utf8 = false});
  if (!text.ok()) {
    ++stats.files_read;
    ++stats.records_rejected;
    Error e = text.error();
    e.context = context;
    stats.warnings.push_back(std::move(e));
    return {};
  }
  return writer.Add(text.value(), context);
}

// The files a folder import reads: regular *.json files, sorted, symlinks never followed.
Result<std::vector<std::filesystem::path>> ListFolder(const std::filesystem::path& root,
                                                      const ImportLimits& limits) {
  std::vector<std::filesystem::path> out;
  std::error_code ec;
  std::filesystem::recursive_directory_iterator it(
      root, std::filesystem::directory_options::skip_permission_denied, ec);
  if (ec) {
    return Error{ErrorCode::kIo, "cannot read folder: " + ec.message(), root.string(),
                 ValidationStep::kOrigin};
  }
  for (; it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) {
      return Error{ErrorCode::kIo, "cannot read folder: " + ec.message(), root.string(),
                   ValidationStep::kOrigin};
    }
    const std::filesystem::directory_entry& entry = *it;
    if (entry.is_symlink(ec) || !entry.is_regular_file(ec)) continue;
    if (entry.path().extension() != ".json") continue;
    if (out.size() >= limits.max_files) {
      return InputError(ValidationStep::kSize, root.string(),
                        "more than " + std::to_string(limits.max_files) + " JSON files");
    }
    out.push_back(entry.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

struct VulnDb::Impl {
  sqlite3* db = nullptr;
  std::string path;
  Statement find_ids, find_records, get_record, find_alias;
  ~Impl() {
    // Statements first: close_v2 would otherwise defer the close.
    find_ids = Statement();
    find_records = Statement();
    get_record = Statement();
    find_alias = Statement();
    if (db != nullptr) sqlite3_close_v2(db);
  }
};

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

Result<ImportStats> VulnDb::Import(const std::vector<std::filesystem::path>& paths,
                                   const ImportLimits& limits) {
  ImportStats stats;
  // Origin first: every path must exist before anything is written.
  struct Planned {
    std::filesystem::path path;
    std::string name;
    std::string kind;
  };
  std::vector<Planned> planned;
  for (const std::filesystem::path& p : paths) {
    std::error_code ec;
    const auto st = std::filesystem::status(p, ec);
    if (ec || !std::filesystem::exists(st)) {
      return Error{ErrorCode::kNotFound, "no such file or folder", p.string(),
                   ValidationStep::kOrigin};
    }
    const std::string name = std::filesystem::absolute(p, ec).lexically_normal().string();
    if (std::filesystem::is_directory(st)) {
      planned.push_back({p, name, "folder"});
    } else if (std::filesystem::is_regular_file(st)) {
      planned.push_back({p, name, IsZip(p) ? "archive" : "file"});
    } else {
      return InputError(ValidationStep::kOrigin, p.string(), "not a regular file or folder");
    }
  }
  FLEDGER_TRY(Transaction tx, Transaction::Begin(impl_->db, /*immediate=*/true));
  FLEDGER_TRY(Writer writer, Writer::Create(impl_->db, &stats, /*strict=*/false));
  for (const Planned& p : planned) {
    FLEDGER_RETURN_IF_ERROR(writer.BeginSource(p.name, p.kind, ""));
    if (p.kind == "folder") {
      FLEDGER_TRY(const auto files, ListFolder(p.path, limits));
      for (const auto& f : files) {
        std::error_code ec;
        const auto rel = std::filesystem::relative(f, p.path, ec);
        const std::string context = (p.path / (ec ? f.filename() : rel)).string();
        if (IsZip(f)) continue;  // a .json that is really a zip: not a record
        FLEDGER_RETURN_IF_ERROR(ReadRecordFile(f, context, limits, writer, stats));
      }
    } else if (p.kind == "archive") {
      FLEDGER_RETURN_IF_ERROR(ReadArchive(p.path, p.path.string(), limits, writer, stats));
    } else {
      FLEDGER_RETURN_IF_ERROR(ReadRecordFile(p.path, p.path.string(), limits, writer, stats));
    }
  }
  FLEDGER_RETURN_IF_ERROR(tx.Commit());
  return stats;
}

Result<ImportStats> VulnDb::ImportDocuments(
    const std::vector<std::pair<std::string, std::string>>& documents,
    const std::string& source_name) {
  ImportStats stats;
  FLEDGER_TRY(Transaction tx, Transaction::Begin(impl_->db, /*immediate=*/true));
  FLEDGER_TRY(Writer writer, Writer::Create(impl_->db, &stats, /*strict=*/false));
  const bool bundled = source_name == kBundledSource;
  FLEDGER_RETURN_IF_ERROR(writer.BeginSource(source_name, bundled ? "bundled" : "file", ""));
  for (const auto& [name, text] : documents) {
    FLEDGER_RETURN_IF_ERROR(writer.Add(text, name));
  }
  FLEDGER_RETURN_IF_ERROR(tx.Commit());
  return stats;
}

Result<ImportStats> VulnDb::ImportBundled() {
  std::vector<std::pair<std::string, std::string>> docs;
  for (const EmbeddedFile& f : EmbeddedOsvSnapshot()) {
    docs.emplace_back(std::string(kBundledSource) + "!" + std::string(f.name) + ".json",
                      std::string(f.content));
  }
  return ImportDocuments(docs, kBundledSource);
}

Result<ImportStats> VulnDb::ReplaceSourceFromArchive(const std::filesystem::path& archive,
                                                     const std::string& source_name,
                                                     const std::string& etag,
                                                     const ImportLimits& limits) {
  ImportStats stats;
  FLEDGER_TRY(Transaction tx, Transaction::Begin(impl_->db, /*immediate=*/true));
  {
    // Cascades to aliases and the package index; the new archive then re-adds what it holds.
    FLEDGER_TRY(Statement drop, Statement::Prepare(impl_->db,
                                                   "DELETE FROM vuln WHERE source_id = (SELECT id "
                                                   "FROM source WHERE name = ?1)"));
    drop.Bind(1, source_name);
    FLEDGER_RETURN_IF_ERROR(drop.Run("cannot drop the old records of " + source_name));
  }
  FLEDGER_TRY(Writer writer, Writer::Create(impl_->db, &stats, /*strict=*/true));
  FLEDGER_RETURN_IF_ERROR(writer.BeginSource(source_name, "url", etag));
  const std::string label = source_name;
  FLEDGER_RETURN_IF_ERROR(ReadArchive(archive, label, limits, writer, stats));
  // Oversized entries are counted, not returned, by ReadArchive; strict means none may be left.
  if (stats.records_rejected > 0) {
    for (const Error& w : stats.warnings) {
      if (w.step != ValidationStep::kNone) return w;
    }
  }
  FLEDGER_RETURN_IF_ERROR(tx.Commit());
  return stats;
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
  stmt.Bind(1, source_name).Bind(2, NowUtc());
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
        "SELECT max(v.modified_us) FROM vuln v JOIN source s ON s.id = v.source_id "
        "WHERE s.kind <> 'url'");
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
