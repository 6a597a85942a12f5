// vulns.db: imports of files, folders and zip archives; idempotence; upsert by `modified`;
// withdrawn records kept; alias and package indexes; status; the bundled snapshot; atomicity;
// and the import-rate log line.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <fstream>

#include "sca/osv/db.h"
#include "sca/osv/embedded.h"
#include "sca/osv_zip.h"
#include "test_util.h"

namespace fledger::sca::osv {
namespace {

// CPU time of this thread in milliseconds: the log line reports it beside wall time, which other
// processes on a shared machine inflate.
double ThreadCpuMs() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

using fledger::testing::MiniRecord;
using fledger::testing::SourceDir;
using fledger::testing::TempDir;
using fledger::testing::WriteZip;

VulnDb OpenIn(const TempDir& dir) {
  Result<VulnDb> db = VulnDb::Open(dir.path() / "db" / "vulns.db");
  EXPECT_TRUE(db.ok()) << db.error().ToString();
  return std::move(db).value();
}

TEST(OsvDbTest, ImportsTheCorpusFolderAndReimportChangesNothing) {
  TempDir dir;
  VulnDb db = OpenIn(dir);
  EXPECT_EQ(db.schema_version(), 2);
  const auto corpus = SourceDir() / "data/osv";
  ImportStats first = db.Import({corpus}).value();
  EXPECT_EQ(first.files_read, 632);
  EXPECT_EQ(first.records_rejected, 0);
  // PYSEC-2023-74 is in PyPI/ and in schema-examples/: 631 distinct ids.
  EXPECT_EQ(first.records_inserted, 631);
  EXPECT_EQ(first.records_inserted + first.records_updated + first.records_unchanged, 632);
  // The two records with a repeated event value (R0002) come back as data-quality notes.
  int notes = 0;
  for (const Error& w : first.warnings) notes += w.message.rfind("data quality:", 0) == 0;
  EXPECT_EQ(notes, 2);

  ImportStats again = db.Import({corpus}).value();
  EXPECT_EQ(again.records_inserted, 0);
  EXPECT_EQ(again.records_updated, 0);
  EXPECT_EQ(again.records_unchanged, 632);

  DbStatus status = db.Status().value();
  EXPECT_EQ(status.records, 631);
  EXPECT_EQ(status.withdrawn, 40);  // kept, flagged
  ASSERT_EQ(status.sources.size(), 1u);
  EXPECT_EQ(status.sources[0].kind, "folder");
  std::map<std::string, int64_t> eco(status.sources[0].ecosystems.begin(),
                                     status.sources[0].ecosystems.end());
  EXPECT_EQ(eco["Go"], 247);
  EXPECT_EQ(eco["crates.io"], 123);
  EXPECT_EQ(eco["Alpine"], 1);  // "Alpine:v3.3" ... indexed under the base
  EXPECT_EQ(status.sources[0].oldest_modified, "0001-01-01T00:00:00Z");  // Go placeholder
  EXPECT_FALSE(status.sources[0].newest_modified.empty());
  ASSERT_TRUE(status.age_days.has_value());
  EXPECT_GE(*status.age_days, 0);
}

TEST(OsvDbTest, ThreadCountNeverChangesTheResult) {
  // The corpus holds a conflicting copy of one id and data-quality notes: whatever the number of
  // parsing threads, the same records win and the warnings come in the same order.
  const auto corpus = SourceDir() / "data/osv";
  std::vector<std::string> baseline;
  for (const unsigned threads : {1u, 2u, 5u}) {
    TempDir dir;
    VulnDb db = OpenIn(dir);
    ImportLimits limits;
    limits.threads = threads;
    const ImportStats stats = db.Import({corpus}, limits).value();
    std::vector<std::string> seen = {std::to_string(stats.files_read),
                                     std::to_string(stats.records_inserted),
                                     std::to_string(stats.records_unchanged)};
    for (const Error& w : stats.warnings) seen.push_back(w.ToString());
    for (const std::string id : {"PYSEC-2023-74", "GHSA-35jh-r3h4-6jhm", "GO-2020-0036"}) {
      const auto record = db.GetRecord(id).value();
      ASSERT_TRUE(record.has_value()) << id;
      seen.push_back(id + " " + record->modified + " " + std::to_string(record->affected.size()) +
                     " " + (record->summary));
    }
    const DbStatus status = db.Status().value();
    seen.push_back(std::to_string(status.records));
    if (baseline.empty()) {
      baseline = seen;
    } else {
      EXPECT_EQ(seen, baseline) << threads << " threads";
    }
  }
}

TEST(OsvDbTest, MigratesASchemaOneDatabaseAndKeepsItsRecords) {
  TempDir dir;
  const auto path = dir.path() / "db" / "vulns.db";
  {
    VulnDb db = OpenIn(dir);
    ASSERT_TRUE(
        db.ImportDocuments({{"a.json", MiniRecord("GHSA-aaaa-bbbb-cccc", "2024-01-01T00:00:00Z",
                                                  "npm", "left-pad", "0", "1.3.1")}},
                           "seed")
            .ok());
  }
  {
    // Back to what version 1 wrote: the plain source index, user_version 1.
    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &raw), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(raw,
                           "DROP INDEX vuln_source_modified; CREATE INDEX vuln_source ON vuln "
                           "(source_id); PRAGMA user_version = 1;",
                           nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(raw);
  }
  VulnDb db = VulnDb::Open(path).value();
  EXPECT_EQ(db.schema_version(), 2);
  EXPECT_TRUE(db.GetRecord("GHSA-aaaa-bbbb-cccc").value().has_value());
  EXPECT_TRUE(db.AgeDays().has_value());
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &raw), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(raw,
                               "SELECT group_concat(name) FROM (SELECT name FROM sqlite_schema "
                               "WHERE type = 'index' AND tbl_name = 'vuln' AND sql IS NOT NULL "
                               "ORDER BY name)",
                               -1, &stmt, nullptr),
            SQLITE_OK);
  ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)), "vuln_source_modified");
  sqlite3_finalize(stmt);
  sqlite3_close(raw);
}

TEST(OsvDbTest, IndexesPackagesAndAliases) {
  TempDir dir;
  VulnDb db = OpenIn(dir);
  ASSERT_TRUE(db.Import({SourceDir() / "data/osv"}).ok());
  // PyPI names are PEP 503 normalized on both sides.
  const auto [eco, name] = PackageIndexKey("PyPI", "Django");
  EXPECT_EQ(eco, "PyPI");
  EXPECT_EQ(name, "django");
  EXPECT_GE(db.FindRecordIds(eco, name).value().size(), 25u);
  EXPECT_EQ(PackageIndexKey("Debian:12", "openssl").first, "Debian");
  EXPECT_EQ(PackageIndexKey("Alpine:v3.16", "openssl").first, "Alpine");
  EXPECT_EQ(PackageIndexKey("Red Hat:enterprise_linux:9", "x").first, "Red Hat");

  const auto log4j = db.FindRecordIds("Maven", "org.apache.logging.log4j:log4j-core").value();
  EXPECT_NE(std::find(log4j.begin(), log4j.end(), "GHSA-jfh8-c2jp-5v3q"), log4j.end());
  EXPECT_EQ(db.FindByAlias("CVE-2021-44228").value(),
            std::vector<std::string>{"GHSA-jfh8-c2jp-5v3q"});
  const auto record = db.GetRecord("GHSA-jfh8-c2jp-5v3q").value();
  ASSERT_TRUE(record.has_value());
  EXPECT_EQ(record->database_severity, "CRITICAL");
  EXPECT_FALSE(db.GetRecord("NOPE-1").value().has_value());
}

TEST(OsvDbTest, UpsertByModified) {
  TempDir dir;
  VulnDb db = OpenIn(dir);
  const auto v1 =
      MiniRecord("X-1", "2024-01-01T00:00:00Z", "npm", "a", "0", "1.0.0", R"("summary":"first",)");
  const auto older =
      MiniRecord("X-1", "2023-01-01T00:00:00Z", "npm", "a", "0", "1.0.0", R"("summary":"older",)");
  const auto same_time_new_text = MiniRecord("X-1", "2024-01-01T00:00:00Z", "npm", "a", "0",
                                             "1.0.0", R"("summary":"corrected",)");
  const auto newer = MiniRecord("X-1", "2024-06-01T00:00:00Z", "npm", "b", "0", "2.0.0",
                                R"("summary":"newer","aliases":["CVE-1"],)");
  struct Step {
    std::string doc;
    int inserted, updated, unchanged;
    const char* summary;
  };
  const std::vector<Step> steps = {
      {v1, 1, 0, 0, "first"},    {v1, 0, 0, 1, "first"},
      {older, 0, 0, 1, "first"}, {same_time_new_text, 0, 1, 0, "corrected"},
      {newer, 0, 1, 0, "newer"},
  };
  for (const Step& s : steps) {
    ImportStats st = db.ImportDocuments({{"x.json", s.doc}}, "test").value();
    EXPECT_EQ(st.records_inserted, s.inserted) << s.summary;
    EXPECT_EQ(st.records_updated, s.updated) << s.summary;
    EXPECT_EQ(st.records_unchanged, s.unchanged) << s.summary;
    EXPECT_EQ(db.GetRecord("X-1").value()->summary, s.summary);
  }
  // The package index follows the replacement.
  EXPECT_TRUE(db.FindRecordIds("npm", "a").value().empty());
  EXPECT_EQ(db.FindRecordIds("npm", "b").value(), std::vector<std::string>{"X-1"});
  EXPECT_EQ(db.FindByAlias("CVE-1").value(), std::vector<std::string>{"X-1"});
}

TEST(OsvDbTest, ArchiveImportWarnsPerEntryAndGoesOn) {
  TempDir dir;
  const auto zip = dir.path() / "all.zip";
  ASSERT_TRUE(WriteZip(
      zip, {{"A-1.json", MiniRecord("A-1", "2024-01-01T00:00:00Z", "PyPI", "Foo_Bar", "0", "2.0")},
            {"broken.json", "{\"id\":\"B-1\""},
            {"README.txt", "not a record"},
            {"C-1.json", R"({"id":"C-1"})"},
            {"D-1.json",
             MiniRecord("D-1", "2024-01-01T00:00:00Z", "Go", "example.com/m", "0", "1.2.3")}}));
  VulnDb db = OpenIn(dir);
  ImportStats st = db.Import({zip}).value();
  EXPECT_EQ(st.files_read, 4);
  EXPECT_EQ(st.records_inserted, 2);
  EXPECT_EQ(st.records_rejected, 2);
  ASSERT_EQ(st.warnings.size(), 2u);
  EXPECT_EQ(st.warnings[0].context.rfind(zip.string() + "!broken.json:1:", 0), 0u);
  EXPECT_EQ(st.warnings[0].step, ValidationStep::kSyntax);
  EXPECT_NE(st.warnings[1].ToString().find("all.zip!C-1.json"), std::string::npos);
  EXPECT_EQ(st.warnings[1].step, ValidationStep::kSemantics);
  EXPECT_EQ(db.FindRecordIds("PyPI", "foo-bar").value(), std::vector<std::string>{"A-1"});
  EXPECT_EQ(db.Status().value().sources.at(0).kind, "archive");
}

TEST(OsvDbTest, ArchiveLimits) {
  TempDir dir;
  const auto zip = dir.path() / "all.zip";
  ASSERT_TRUE(WriteZip(
      zip, {{"A-1.json", MiniRecord("A-1", "2024-01-01T00:00:00Z", "npm", "a", "0", "1")},
            {"big.json", std::string(5000, ' ')},
            {"B-1.json", MiniRecord("B-1", "2024-01-01T00:00:00Z", "npm", "b", "0", "1")}}));
  VulnDb db = OpenIn(dir);
  // An oversized entry is a rejected record...
  ImportStats st = db.Import({zip}, ImportLimits{.max_entry_bytes = 1000}).value();
  EXPECT_EQ(st.records_inserted, 2);
  EXPECT_EQ(st.records_rejected, 1);
  EXPECT_EQ(st.warnings.at(0).step, ValidationStep::kSize);
  // ...too many entries or too many expanded bytes fail the whole import.
  TempDir dir2;
  VulnDb db2 = OpenIn(dir2);
  Result<ImportStats> many = db2.Import({zip}, ImportLimits{.max_archive_entries = 2});
  ASSERT_FALSE(many.ok());
  EXPECT_EQ(many.error().step, ValidationStep::kSize);
  Result<ImportStats> bomb = db2.Import({zip}, ImportLimits{.max_archive_bytes = 4000});
  ASSERT_FALSE(bomb.ok());
  EXPECT_EQ(db2.Status().value().records, 0);  // rolled back
}

TEST(OsvDbTest, ErrorMidImportLeavesPreviousDataIntact) {
  TempDir dir;
  VulnDb db = OpenIn(dir);
  ASSERT_TRUE(
      db.ImportDocuments(
            {{"a.json", MiniRecord("A-1", "2024-01-01T00:00:00Z", "npm", "a", "0", "1")}}, "first")
          .ok());
  // A corrupt archive after a good file: nothing of this call is kept.
  const auto good =
      dir.Write("good/B-1.json", MiniRecord("B-1", "2024-01-01T00:00:00Z", "npm", "b", "0", "1"));
  const auto corrupt = dir.Write("corrupt.zip", std::string("PK\x03\x04", 4) + "garbage garbage");
  Result<ImportStats> r = db.Import({good, corrupt});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().ToString().find("corrupt.zip"), std::string::npos);
  EXPECT_TRUE(db.FindRecordIds("npm", "b").value().empty());
  EXPECT_EQ(db.FindRecordIds("npm", "a").value(), std::vector<std::string>{"A-1"});
  // A missing path fails before anything is written.
  Result<ImportStats> missing = db.Import({dir.path() / "nope"});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().step, ValidationStep::kOrigin);
}

TEST(OsvDbTest, OpenRejectsForeignFilesAndSymlinks) {
  TempDir dir;
  const auto junk = dir.Write("junk.db", std::string(4096, 'x'));
  Result<VulnDb> r = VulnDb::Open(junk);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInput);
  std::filesystem::create_symlink(junk, dir.path() / "link.db");
  EXPECT_FALSE(VulnDb::Open(dir.path() / "link.db").ok());
}

TEST(OsvDbTest, DefaultPathHonoursEnvironment) {
  const char* old = std::getenv("FLEDGER_VULN_DB");
  const std::string saved = old ? old : "";
  setenv("FLEDGER_VULN_DB", "/tmp/x/vulns.db", 1);
  EXPECT_EQ(VulnDb::DefaultPath(), "/tmp/x/vulns.db");
  unsetenv("FLEDGER_VULN_DB");
  const char* xdg = std::getenv("XDG_DATA_HOME");
  const std::string saved_xdg = xdg ? xdg : "";
  setenv("XDG_DATA_HOME", "/data", 1);
  EXPECT_EQ(VulnDb::DefaultPath(), "/data/fledger/vulns.db");
  if (saved_xdg.empty())
    unsetenv("XDG_DATA_HOME");
  else
    setenv("XDG_DATA_HOME", saved_xdg.c_str(), 1);
  if (!saved.empty()) setenv("FLEDGER_VULN_DB", saved.c_str(), 1);
}

TEST(OsvDbTest, OpenOrSeedUsesTheBundledSnapshotOnce) {
  ASSERT_EQ(EmbeddedOsvSnapshot().size(), 632u);
  TempDir dir;
  const auto path = dir.path() / "vulns.db";
  {
    VulnDb db = VulnDb::OpenOrSeed(path).value();
    DbStatus st = db.Status().value();
    EXPECT_EQ(st.records, 631);
    ASSERT_EQ(st.sources.size(), 1u);
    EXPECT_EQ(st.sources[0].name, VulnDb::kBundledSource);
    EXPECT_EQ(st.sources[0].kind, "bundled");
  }
  // A second open does not import again (the source row stays as it was).
  VulnDb db = VulnDb::OpenOrSeed(path).value();
  const ImportStats again = db.ImportBundled().value();
  EXPECT_EQ(again.records_unchanged, 632);
}

// Synthesized distinct records through the archive path: prints records per second (the target
// is >= 20 000/s in a Release build); not asserted, since machines differ.
TEST(OsvDbTest, ImportRateLogLine) {
  TempDir dir;
  const int n = 20000;
  std::vector<std::pair<std::string, std::string>> entries;
  entries.reserve(n);
  for (int i = 0; i < n; ++i) {
    const std::string id = "SYN-" + std::to_string(i);
    entries.emplace_back(
        id + ".json",
        MiniRecord(
            id, "2024-01-01T00:00:00Z", "PyPI", "pkg" + std::to_string(i % 5000), "0",
            std::to_string(i % 7 + 1) + ".0",
            R"("aliases":["CVE-2024-)" + std::to_string(i) +
                R"("],"summary":"synthetic","severity":[{"type":"CVSS_V3","score":"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}],)"));
  }
  const auto zip = dir.path() / "syn.zip";
  ASSERT_TRUE(WriteZip(zip, entries));
  VulnDb db = OpenIn(dir);
  const auto start = std::chrono::steady_clock::now();
  const double cpu_start = ThreadCpuMs();
  ImportStats st = db.Import({zip}).value();
  const double cpu_secs = (ThreadCpuMs() - cpu_start) / 1e3;
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(st.records_inserted, n);
  std::printf("[ osv import ] %d records in %.3f s wall = %.0f records/s (%.3f s CPU = %.0f/s)\n",
              n, secs, n / secs, cpu_secs, n / cpu_secs);
}

}  // namespace
}  // namespace fledger::sca::osv
