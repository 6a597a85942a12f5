// The local OSV vulnerability database (vulns.db): records imported from OSV JSON files, folders
// and per-ecosystem all.zip archives, indexed by (ecosystem, package name) and by alias.
//
// One SQLite file, schema version in PRAGMA user_version, STRICT tables with CHECK constraints,
// WAL and foreign keys. Every import is one transaction: an error or a crash half-way leaves the
// previous data as it was. A malformed record is a warning (in ImportStats), not a failure.
//
//   FLEDGER_TRY(VulnDb db, VulnDb::OpenOrSeed(VulnDb::DefaultPath()));
//   FLEDGER_TRY(ImportStats stats, db.Import({"PyPI-all.zip", "my-advisories/"}));
//   for (const Error& w : stats.warnings) std::cerr << w.ToString() << "\n";
//   FLEDGER_TRY(DbStatus status, db.Status());
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"
#include "sca/osv/record.h"

namespace fledger::sca::osv {

// Bounds on what one Import call reads (untrusted folders and archives).
struct ImportLimits {
  size_t max_files = 1000000;                      // JSON files found walking one folder
  size_t max_archive_entries = 2000000;            // entries (of any kind) in one archive
  uint64_t max_entry_bytes = kMaxRecordBytes;      // one record file or archive entry
  uint64_t max_archive_bytes = uint64_t{8} << 30;  // total bytes expanded from one archive
  unsigned threads = 0;  // threads that parse records (0: one per core); storing is one thread
};

// What an import did. Every warning names its file ("all.zip!GHSA-xxxx.json") and step.
struct ImportStats {
  int64_t files_read = 0;         // record files and archive entries read
  int64_t records_inserted = 0;   // new ids
  int64_t records_updated = 0;    // replaced by a newer (or equally new but different) record
  int64_t records_unchanged = 0;  // same or older than the stored record
  int64_t records_rejected = 0;   // failed ParseOsvRecord (see warnings)
  std::vector<Error> warnings;    // rejected records, plus data-quality notes (step kNone)
};

// One place records came from: a file, folder or archive path, a download URL, or the bundled
// snapshot.
struct SourceStatus {
  std::string name;         // absolute path, URL, or "bundled snapshot"
  std::string kind;         // "file", "folder", "archive", "url" or "bundled"
  std::string etag;         // last ETag of a URL source
  std::string imported_at;  // last import (RFC 3339, UTC)
  std::string checked_at;   // last successful import or not-modified check (RFC 3339, UTC)
  int64_t records = 0;      // records this source owns now
  int64_t withdrawn = 0;
  std::vector<std::pair<std::string, int64_t>> ecosystems;  // base ecosystem -> records, by name
  std::string oldest_modified;                              // "" when the source owns no records
  std::string newest_modified;
};

struct DbStatus {
  std::string path;
  int schema_version = 0;
  int64_t records = 0;
  int64_t withdrawn = 0;
  std::vector<SourceStatus> sources;  // by name
  std::optional<int> age_days;        // AgeDays()
};

// The (ecosystem, name) index key of an OSV package: the base ecosystem without its suffix in
// Fledger's spelling ("Debian:12" -> "Debian", "pypi" -> "PyPI"; unknown ecosystems kept as
// written) and the name normalized by PackageName::Parse (PEP 503 for PyPI, lowercase for NuGet,
// ...).
std::pair<std::string, std::string> PackageIndexKey(std::string_view ecosystem,
                                                    std::string_view name);

class VulnDb {
 public:
  // The source name of records seeded from the snapshot built into the binary.
  static constexpr const char* kBundledSource = "bundled snapshot";

  // $FLEDGER_VULN_DB if set, else $XDG_DATA_HOME/fledger/vulns.db, else
  // ~/.local/share/fledger/vulns.db.
  static std::filesystem::path DefaultPath();
  // Opens (creating directories and the file) and migrates to the current schema. A file that is
  // not a SQLite database, or has a newer schema, is an input error.
  static Result<VulnDb> Open(const std::filesystem::path& path);
  // Open, then seed a database that has no records and no sources from the bundled snapshot, so
  // that the first run works offline.
  static Result<VulnDb> OpenOrSeed(const std::filesystem::path& path);

  // Imports OSV JSON files, folders (recursive, *.json, symlinks not followed) and zip archives,
  // all in one transaction; each path becomes (or refreshes) a source. A record is stored when it
  // is new, or replaces the stored one when its `modified` is newer or equal (and it differs).
  // Two files of one call with the same id and `modified` but different content: the file named
  // "<id>.json" wins, else the first read, and a warning names both.
  // Missing paths, unreadable or corrupt archives and exceeded limits fail the whole call.
  Result<ImportStats> Import(const std::vector<std::filesystem::path>& paths,
                             const ImportLimits& limits = {});
  // Imports the snapshot built into the binary as source "bundled snapshot".
  Result<ImportStats> ImportBundled();
  // Imports in-memory documents (name, JSON text) as source `source_name` of kind "file"; for
  // tests and tools that already hold the text.
  Result<ImportStats> ImportDocuments(
      const std::vector<std::pair<std::string, std::string>>& documents,
      const std::string& source_name);
  // For `db update`: in one transaction, drops the records source `source_name` (kind "url")
  // owns and imports `archive` as that source with `etag`. Strict: any rejected entry (or lint-free
  // failure) aborts and leaves the database unchanged. Warnings are data-quality notes only.
  Result<ImportStats> ReplaceSourceFromArchive(const std::filesystem::path& archive,
                                               const std::string& source_name,
                                               const std::string& etag,
                                               const ImportLimits& limits = {});
  // The ETag stored for source `source_name` ("" if none or unknown source).
  Result<std::string> SourceETag(const std::string& source_name) const;
  // Records a successful not-modified check of source `source_name` (HTTP 304).
  fledger::Status MarkSourceChecked(const std::string& source_name);

  // Ids of records with an affected package under the index key (see PackageIndexKey), sorted.
  Result<std::vector<std::string>> FindRecordIds(std::string_view ecosystem_base,
                                                 std::string_view normalized_name) const;
  // The records with an affected package under the index key, sorted by id (one query: the
  // matcher's lookup).
  Result<std::vector<OsvRecord>> FindRecords(std::string_view ecosystem_base,
                                             std::string_view normalized_name) const;
  // The stored record `id`, nullopt if there is none.
  Result<std::optional<OsvRecord>> GetRecord(std::string_view id) const;
  // Ids of records that list `alias` in their aliases, sorted.
  Result<std::vector<std::string>> FindByAlias(std::string_view alias) const;

  // Days since the data was last known current: for URL sources the last successful check, for
  // the others the newest `modified` among their records; the freshest source wins. nullopt for
  // an empty database.
  std::optional<int> AgeDays() const;
  // Per-source records, ecosystems, import times and modified range, plus AgeDays.
  Result<DbStatus> Status() const;

  int schema_version() const;

  VulnDb(VulnDb&&) noexcept;
  VulnDb& operator=(VulnDb&&) noexcept;
  ~VulnDb();

  struct Impl;

 private:
  explicit VulnDb(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace fledger::sca::osv
