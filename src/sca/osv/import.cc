// Importing OSV records into vulns.db: files, folders, zip archives and the bundled snapshot.
//
// A pipeline: the calling thread lists files or streams archive entries into batches; worker
// threads read, parse, lint and encode each batch; the calling thread stores the prepared
// batches in the order they were made, in one transaction. Parsing is most of the work, so it
// runs on every core while SQLite writes on one, and the order of the stores (which decides
// conflicts between copies of one id) is the order of the input, whatever the thread count.
#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <array>
#include <deque>
#include <fstream>
#include <future>
#include <optional>
#include <thread>
#include <unordered_map>

#include "core/input.h"
#include "core/primitives.h"
#include "core/shared_library.h"
#include "core/text.h"
#include "sca/osv/db.h"
#include "sca/osv/db_internal.h"
#include "sca/osv/embedded.h"

namespace fledger::sca::osv {

using internal::Statement;
using internal::Transaction;

namespace {

// Documents per batch handed to a worker, and the bytes at which a batch is cut early (archive
// entries may be large).
constexpr size_t kBatchDocuments = 256;
constexpr size_t kBatchBytes = size_t{16} << 20;
constexpr unsigned kMaxThreads = 16;

// True if the file `context` ("dir/GHSA-x.json", "all.zip!GHSA-x.json") is named "<id>.json".
bool NamedAfterId(std::string_view context, std::string_view id) {
  const size_t cut = context.find_last_of("/!");
  const std::string_view name = cut == std::string_view::npos ? context : context.substr(cut + 1);
  return name.size() == id.size() + 5 && name.substr(0, id.size()) == id &&
         name.substr(id.size()) == ".json";
}

bool LooksLikeZip(std::string_view bytes) {
  return bytes.size() >= 4 && bytes[0] == 'P' && bytes[1] == 'K' &&
         ((bytes[2] == 3 && bytes[3] == 4) || (bytes[2] == 5 && bytes[3] == 6));
}

// One document to import: its text, or a file to read first (folder imports read on the worker
// threads), or an error already known (an archive entry over the size limit).
struct Job {
  std::string context;
  std::string text;
  std::filesystem::path path;
  std::optional<Error> error;
};

// A document made ready for the database: everything but the SQL.
struct Prepared {
  struct IndexKey {
    std::string ecosystem;  // PackageIndexKey
    std::string name;
    std::string ecosystem_full;  // as the record spells it
  };
  std::string context;
  bool skip = false;           // a folder's *.json that is really a zip archive: not a record
  std::optional<Error> error;  // unreadable, oversized or malformed: a rejected record
  std::string id;
  std::string modified;
  int64_t modified_us = 0;
  std::string withdrawn;
  std::vector<std::string> aliases;
  std::vector<IndexKey> keys;
  std::string stored;              // EncodeStoredRecord
  std::vector<std::string> notes;  // LintOsvRecord
};

// Reads (when the job names a file), parses, lints and encodes one document. Thread-safe.
Prepared Prepare(Job& job, uint64_t max_bytes) {
  Prepared out;
  out.context = std::move(job.context);
  if (job.error) {
    out.error = std::move(job.error);
    return out;
  }
  if (!job.path.empty()) {
    Result<std::string> text =
        ReadTextFile(job.path, ReadLimits{.max_bytes = max_bytes, .require_utf8 = false});
    if (!text.ok()) {
      Error e = text.error();
      e.context = out.context;
      out.error = std::move(e);
      return out;
    }
    job.text = std::move(text).value();
    if (LooksLikeZip(job.text)) {
      out.skip = true;
      return out;
    }
  }
  Result<OsvRecord> parsed = ParseOsvRecord(job.text, out.context);
  job.text = std::string();
  if (!parsed.ok()) {
    out.error = parsed.error();
    return out;
  }
  OsvRecord& record = parsed.value();
  out.notes = LintOsvRecord(record);
  // ParseOsvRecord has checked the timestamp.
  out.modified_us = ParseRfc3339(record.modified).value_or(0);
  out.stored = EncodeStoredRecord(record);
  for (const OsvAffected& a : record.affected) {
    if (!a.package) continue;
    auto [ecosystem, name] = PackageIndexKey(a.package->ecosystem, a.package->name);
    if (ecosystem.empty() || name.empty()) continue;
    out.keys.push_back({std::move(ecosystem), std::move(name), a.package->ecosystem});
  }
  for (std::string& alias : record.aliases) {
    if (!alias.empty() && alias != record.id) out.aliases.push_back(std::move(alias));
  }
  out.id = std::move(record.id);
  out.modified = std::move(record.modified);
  out.withdrawn = std::move(record.withdrawn);
  return out;
}

// Writes prepared records of one import into the open transaction, with statements prepared once.
class Writer {
 public:
  static Result<Writer> Create(sqlite3* db, ImportStats* stats, bool strict) {
    Writer w(stats, strict);
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

  // Stores one prepared document. A rejected one is a warning, or the error when strict.
  Status Store(Prepared& p) {
    if (p.skip) return {};
    ++stats_->files_read;
    if (p.error) {
      ++stats_->records_rejected;
      if (strict_) return *p.error;
      stats_->warnings.push_back(std::move(*p.error));
      return {};
    }
    for (std::string& note : p.notes) {
      stats_->warnings.push_back(Error{ErrorCode::kInput, "data quality: " + note, p.context});
    }
    select_.Reset();
    select_.Bind(1, p.id);
    FLEDGER_TRY(const bool exists, select_.Step());
    bool update = false;
    if (exists) {
      const int64_t old_us = select_.Int64(0);
      if (p.modified_us < old_us || (p.modified_us == old_us && select_.BlobView(1) == p.stored)) {
        ++stats_->records_unchanged;
        // The same record again (a re-import) still claims its id against later conflicting
        // copies in this import.
        if (p.modified_us == old_us) written_.emplace(p.id, p.context);
        select_.Reset();
        return {};
      }
      // Two different files of one import with the same id and the same `modified` (the corpus
      // holds osv-linter examples that reuse a real record's id): neither is newer, so the order
      // of the walk must not decide. The file named after the id (OSV's one-record-per-file
      // convention) wins, else the first one read; either way the conflict is reported.
      const auto first = written_.find(p.id);
      if (p.modified_us == old_us && first != written_.end()) {
        select_.Reset();
        const bool replace = NamedAfterId(p.context, p.id) && !NamedAfterId(first->second, p.id);
        stats_->warnings.push_back(
            InputError(ValidationStep::kSemantics, p.context,
                       "record " + p.id + " is also in " + first->second +
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
    Statement& write = update ? update_ : insert_;
    write.Reset();
    write.Bind(1, p.id)
        .Bind(2, p.modified)
        .Bind(3, p.modified_us)
        .Bind(4, p.withdrawn)
        .Bind(5, source_id_)
        .BindBlob(6, p.stored);
    FLEDGER_RETURN_IF_ERROR(write.Run("cannot store record"));
    if (update) {
      delete_aliases_.Reset();
      delete_aliases_.Bind(1, p.id);
      FLEDGER_RETURN_IF_ERROR(delete_aliases_.Run("cannot replace aliases"));
      delete_packages_.Reset();
      delete_packages_.Bind(1, p.id);
      FLEDGER_RETURN_IF_ERROR(delete_packages_.Run("cannot replace package index"));
      ++stats_->records_updated;
    } else {
      ++stats_->records_inserted;
    }
    for (const std::string& alias : p.aliases) {
      insert_alias_.Reset();
      insert_alias_.Bind(1, alias).Bind(2, p.id);
      FLEDGER_RETURN_IF_ERROR(insert_alias_.Run("cannot store alias"));
    }
    for (const Prepared::IndexKey& k : p.keys) {
      insert_package_.Reset();
      insert_package_.Bind(1, k.ecosystem).Bind(2, k.name).Bind(3, p.id).Bind(4, k.ecosystem_full);
      FLEDGER_RETURN_IF_ERROR(insert_package_.Run("cannot store package index"));
    }
    written_.insert_or_assign(std::move(p.id), std::move(p.context));
    return {};
  }

 private:
  Writer(ImportStats* stats, bool strict)
      : stats_(stats), strict_(strict), now_(internal::NowUtc()) {}
  ImportStats* stats_;
  bool strict_;
  std::string now_;
  std::unordered_map<std::string, std::string> written_;  // id -> file that stored it this import
  int64_t source_id_ = 0;
  Statement select_, insert_, update_, delete_aliases_, delete_packages_, insert_alias_,
      insert_package_, upsert_source_;
};

// Batches jobs, prepares them on worker threads, and stores them through the writer in order.
class Pipeline {
 public:
  Pipeline(Writer& writer, const ImportLimits& limits)
      : writer_(writer), max_bytes_(limits.max_entry_bytes) {
    unsigned n = limits.threads;
    if (n == 0) n = std::max(1u, std::thread::hardware_concurrency());
    threads_ = std::min(n, kMaxThreads);
  }
  Pipeline(const Pipeline&) = delete;
  Pipeline& operator=(const Pipeline&) = delete;

  Status Add(Job job) {
    batch_bytes_ += job.text.size();
    batch_.push_back(std::move(job));
    if (batch_.size() >= kBatchDocuments || batch_bytes_ >= kBatchBytes) return Flush();
    return {};
  }

  // Stores everything added so far.
  Status Finish() {
    FLEDGER_RETURN_IF_ERROR(Flush());
    while (!inflight_.empty()) FLEDGER_RETURN_IF_ERROR(StoreOldest());
    return {};
  }

 private:
  static std::vector<Prepared> PrepareAll(std::vector<Job> jobs, uint64_t max_bytes) {
    std::vector<Prepared> out;
    out.reserve(jobs.size());
    for (Job& job : jobs) out.push_back(Prepare(job, max_bytes));
    return out;
  }

  Status Flush() {
    if (batch_.empty()) return {};
    std::vector<Job> jobs = std::move(batch_);
    batch_ = {};
    batch_bytes_ = 0;
    if (threads_ == 1) {
      std::vector<Prepared> ready = PrepareAll(std::move(jobs), max_bytes_);
      for (Prepared& p : ready) FLEDGER_RETURN_IF_ERROR(writer_.Store(p));
      return {};
    }
    inflight_.push_back(std::async(std::launch::async, PrepareAll, std::move(jobs), max_bytes_));
    // One batch per worker in flight; the calling thread stores while they parse.
    while (inflight_.size() > threads_) FLEDGER_RETURN_IF_ERROR(StoreOldest());
    return {};
  }

  Status StoreOldest() {
    std::vector<Prepared> ready = inflight_.front().get();
    inflight_.pop_front();
    for (Prepared& p : ready) FLEDGER_RETURN_IF_ERROR(writer_.Store(p));
    return {};
  }

  Writer& writer_;
  uint64_t max_bytes_;
  unsigned threads_ = 1;
  std::vector<Job> batch_;
  size_t batch_bytes_ = 0;
  // Destroying a std::async future waits for its worker, so an early return never leaves a
  // thread behind.
  std::deque<std::future<std::vector<Prepared>>> inflight_;
};

bool IsZipFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  char magic[4] = {};
  in.read(magic, 4);
  return in.gcount() == 4 && LooksLikeZip(std::string_view(magic, 4));
}

// The libarchive functions the import calls, bound from the library loaded on first use.
struct ArchiveApi {
  decltype(&archive_read_new) read_new = nullptr;
  decltype(&archive_read_free) read_free = nullptr;
  decltype(&archive_read_support_format_zip) support_format_zip = nullptr;
  decltype(&archive_read_open_filename) open_filename = nullptr;
  decltype(&archive_read_next_header) next_header = nullptr;
  decltype(&archive_read_data) read_data = nullptr;
  decltype(&archive_read_data_skip) data_skip = nullptr;
  decltype(&archive_error_string) error_string = nullptr;
  decltype(&archive_entry_pathname) entry_pathname = nullptr;
  decltype(&archive_entry_filetype) entry_filetype = nullptr;
  decltype(&archive_entry_size) entry_size = nullptr;
  decltype(&archive_entry_size_is_set) entry_size_is_set = nullptr;
};

Result<ArchiveApi> LoadArchive() {
  FLEDGER_TRY(const SharedLibrary lib, SharedLibrary::Open(FLEDGER_ARCHIVE_SONAME));
  ArchiveApi api;
  FLEDGER_RETURN_IF_ERROR(lib.Bind(api.read_new, "archive_read_new"));
  FLEDGER_RETURN_IF_ERROR(lib.Bind(api.read_free, "archive_read_free"));
  FLEDGER_RETURN_IF_ERROR(lib.Bind(api.support_format_zip, "archive_read_support_format_zip"));
  FLEDGER_RETURN_IF_ERROR(lib.Bind(api.open_filename, "archive_read_open_filename"));
  FLEDGER_RETURN_IF_ERROR(lib.Bind(api.next_header, "archive_read_next_header"));
  FLEDGER_RETURN_IF_ERROR(lib.Bind(api.read_data, "archive_read_data"));
  FLEDGER_RETURN_IF_ERROR(lib.Bind(api.data_skip, "archive_read_data_skip"));
  FLEDGER_RETURN_IF_ERROR(lib.Bind(api.error_string, "archive_error_string"));
  FLEDGER_RETURN_IF_ERROR(lib.Bind(api.entry_pathname, "archive_entry_pathname"));
  FLEDGER_RETURN_IF_ERROR(lib.Bind(api.entry_filetype, "archive_entry_filetype"));
  FLEDGER_RETURN_IF_ERROR(lib.Bind(api.entry_size, "archive_entry_size"));
  FLEDGER_RETURN_IF_ERROR(lib.Bind(api.entry_size_is_set, "archive_entry_size_is_set"));
  return api;
}

// Loads libarchive once per process.
Result<const ArchiveApi*> Archive() {
  static const Result<ArchiveApi> api = LoadArchive();
  if (!api.ok()) return api.error();
  return &api.value();
}

// Streams a zip archive entry by entry into the pipeline. Non-regular entries and entries not
// named *.json are skipped; an oversized entry is a rejected record; the archive being
// unreadable, corrupt, or over its entry or expansion limits fails the call.
Status ReadArchive(const std::filesystem::path& path, const std::string& label,
                   const ImportLimits& limits, Pipeline& pipeline) {
  FLEDGER_TRY(const ArchiveApi* api, Archive());
  std::unique_ptr<archive, decltype(&archive_read_free)> a(api->read_new(), api->read_free);
  if (!a) return Error{ErrorCode::kInternal, "cannot allocate an archive reader", label};
  api->support_format_zip(a.get());
  if (api->open_filename(a.get(), path.c_str(), 1 << 16) != ARCHIVE_OK) {
    return InputError(ValidationStep::kSyntax, label,
                      std::string("cannot open zip archive: ") + api->error_string(a.get()));
  }
  size_t entries = 0;
  uint64_t expanded = 0;
  std::array<char, 1 << 16> buffer;
  while (true) {
    archive_entry* entry = nullptr;
    const int rc = api->next_header(a.get(), &entry);
    if (rc == ARCHIVE_EOF) break;
    if (rc != ARCHIVE_OK && rc != ARCHIVE_WARN) {
      const char* why = api->error_string(a.get());
      return InputError(ValidationStep::kSyntax, label,
                        std::string("corrupt zip archive: ") + (why ? why : "unknown error"));
    }
    if (++entries > limits.max_archive_entries) {
      return InputError(ValidationStep::kSize, label,
                        "more than " + std::to_string(limits.max_archive_entries) + " entries");
    }
    const char* raw_name = api->entry_pathname(entry);
    const std::string name = EscapeTerminal(Truncate(raw_name ? raw_name : "", 300));
    Job job;
    job.context = label + "!" + name;
    if (api->entry_filetype(entry) != AE_IFREG || !EndsWith(name, ".json")) {
      api->data_skip(a.get());
      continue;
    }
    const auto oversized = [&]() {
      return InputError(ValidationStep::kSize, job.context,
                        "entry larger than " + std::to_string(limits.max_entry_bytes) + " bytes");
    };
    if (api->entry_size_is_set(entry) &&
        static_cast<uint64_t>(api->entry_size(entry)) > limits.max_entry_bytes) {
      job.error = oversized();
      api->data_skip(a.get());
      FLEDGER_RETURN_IF_ERROR(pipeline.Add(std::move(job)));
      continue;
    }
    if (api->entry_size_is_set(entry)) {
      job.text.reserve(static_cast<size_t>(api->entry_size(entry)));
    }
    while (true) {
      const la_ssize_t n = api->read_data(a.get(), buffer.data(), buffer.size());
      if (n == 0) break;
      if (n < 0) {
        const char* why = api->error_string(a.get());
        return InputError(ValidationStep::kSyntax, job.context,
                          std::string("corrupt zip entry: ") + (why ? why : "unknown error"));
      }
      expanded += static_cast<uint64_t>(n);
      if (expanded > limits.max_archive_bytes) {
        return InputError(
            ValidationStep::kSize, label,
            "expands to more than " + std::to_string(limits.max_archive_bytes) + " bytes");
      }
      if (job.text.size() + static_cast<size_t>(n) > limits.max_entry_bytes) {
        job.error = oversized();
        job.text = std::string();
        api->data_skip(a.get());
        break;
      }
      job.text.append(buffer.data(), static_cast<size_t>(n));
    }
    FLEDGER_RETURN_IF_ERROR(pipeline.Add(std::move(job)));
  }
  return {};
}

// Sorts paths in std::filesystem::path order (component by component) without its comparison,
// which splits both paths into components on every call: a 50 000-file folder spent a third of
// a second of the import's serial thread there. A key with '/' turned into '\0' (which no file
// name holds) compares the same way as plain strings.
void SortPaths(std::vector<std::filesystem::path>& paths) {
  std::vector<std::pair<std::string, std::filesystem::path>> keyed;
  keyed.reserve(paths.size());
  for (auto& p : paths) {
    std::string key = p.native();
    std::replace(key.begin(), key.end(), '/', '\0');
    keyed.emplace_back(std::move(key), std::move(p));
  }
  std::sort(keyed.begin(), keyed.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  for (size_t i = 0; i < keyed.size(); ++i) paths[i] = std::move(keyed[i].second);
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
  SortPaths(out);
  return out;
}

}  // namespace

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
      planned.push_back({p, name, IsZipFile(p) ? "archive" : "file"});
    } else {
      return InputError(ValidationStep::kOrigin, p.string(), "not a regular file or folder");
    }
  }
  FLEDGER_TRY(Transaction tx, Transaction::Begin(impl_->db, /*immediate=*/true));
  FLEDGER_TRY(Writer writer, Writer::Create(impl_->db, &stats, /*strict=*/false));
  for (const Planned& p : planned) {
    // Each source's records are stored before the next source begins.
    Pipeline pipeline(writer, limits);
    FLEDGER_RETURN_IF_ERROR(writer.BeginSource(p.name, p.kind, ""));
    if (p.kind == "folder") {
      FLEDGER_TRY(auto files, ListFolder(p.path, limits));
      for (auto& f : files) {
        // The walk yields "<folder>/<relative path>": that is the context.
        std::string context = f.string();
        FLEDGER_RETURN_IF_ERROR(pipeline.Add(Job{std::move(context), {}, std::move(f), {}}));
      }
    } else if (p.kind == "archive") {
      FLEDGER_RETURN_IF_ERROR(ReadArchive(p.path, p.path.string(), limits, pipeline));
    } else {
      FLEDGER_RETURN_IF_ERROR(pipeline.Add(Job{p.path.string(), {}, p.path, {}}));
    }
    FLEDGER_RETURN_IF_ERROR(pipeline.Finish());
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
  Pipeline pipeline(writer, ImportLimits{});
  for (const auto& [name, text] : documents) {
    FLEDGER_RETURN_IF_ERROR(pipeline.Add(Job{name, text, {}, {}}));
  }
  FLEDGER_RETURN_IF_ERROR(pipeline.Finish());
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
  Pipeline pipeline(writer, limits);
  FLEDGER_RETURN_IF_ERROR(ReadArchive(archive, source_name, limits, pipeline));
  FLEDGER_RETURN_IF_ERROR(pipeline.Finish());
  FLEDGER_RETURN_IF_ERROR(tx.Commit());
  return stats;
}

}  // namespace fledger::sca::osv
