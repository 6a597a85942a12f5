// ParseOsvRecord on the whole bundled corpus, the osv-linter invalid examples, and each semantic
// rule; RFC 3339 timestamps; the stored re-serialization reads back to an equal record.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>

#include "sca/osv/record.h"
#include "test_util.h"

namespace fledger::sca::osv {
namespace {

using fledger::testing::ReadFile;
using fledger::testing::SourceDir;

std::vector<std::filesystem::path> CorpusFiles() {
  std::vector<std::filesystem::path> out;
  for (const auto& e : std::filesystem::recursive_directory_iterator(SourceDir() / "data/osv")) {
    if (e.is_regular_file() && e.path().extension() == ".json") out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST(OsvRecordTest, EveryBundledCorpusRecordParses) {
  const auto files = CorpusFiles();
  // The 635 corpus records less the 3 deliberately invalid osv-linter examples.
  ASSERT_EQ(files.size(), 632u);
  std::map<std::string, int> withdrawn_by_dir;
  int parsed = 0;
  for (const auto& f : files) {
    Result<OsvRecord> r = ParseOsvRecord(ReadFile(f), f.filename().string());
    ASSERT_TRUE(r.ok()) << r.error().ToString();
    EXPECT_EQ(r.value().id + ".json", f.filename().string());
    if (r.value().is_withdrawn()) ++withdrawn_by_dir[f.parent_path().filename().string()];
    ++parsed;
  }
  EXPECT_EQ(parsed, 632);
  // sca.md §2: 40 withdrawn records (Go 17, RustSec 13, PyPA 10).
  EXPECT_EQ(withdrawn_by_dir["Go"], 17);
  EXPECT_EQ(withdrawn_by_dir["crates.io"], 13);
  EXPECT_EQ(withdrawn_by_dir["PyPI"], 10);
}

TEST(OsvRecordTest, StoredFormReadsBackEqual) {
  for (const auto& f : CorpusFiles()) {
    const OsvRecord a = ParseOsvRecord(ReadFile(f), f.string()).value();
    const std::string stored = OsvRecordToJson(a);
    Result<OsvRecord> b = ParseOsvRecord(stored, "stored");
    ASSERT_TRUE(b.ok()) << f << ": " << b.error().ToString();
    EXPECT_EQ(OsvRecordToJson(b.value()), stored) << f;
    EXPECT_EQ(b.value().affected.size(), a.affected.size());
    EXPECT_EQ(b.value().aliases, a.aliases);
    EXPECT_EQ(b.value().database_severity, a.database_severity);
    // The binary row form vulns.db stores reads back to the same record too.
    const std::string row = EncodeStoredRecord(a);
    Result<OsvRecord> c = DecodeStoredRecord(row, "row");
    ASSERT_TRUE(c.ok()) << f << ": " << c.error().ToString();
    EXPECT_EQ(OsvRecordToJson(c.value()), OsvRecordToJson(a)) << f;
  }
}

TEST(OsvRecordTest, DamagedStoredRowsAreErrors) {
  const auto dir = SourceDir() / "data/osv";
  const OsvRecord r = ParseOsvRecord(ReadFile(dir / "Maven/GHSA-jfh8-c2jp-5v3q.json"), "x").value();
  const std::string row = EncodeStoredRecord(r);
  // Every truncation, and a trailing byte, is detected (and nothing reads past the end).
  for (size_t n = 0; n < row.size(); ++n) {
    EXPECT_FALSE(DecodeStoredRecord(std::string_view(row).substr(0, n), "row").ok()) << n;
  }
  EXPECT_FALSE(DecodeStoredRecord(row + "x", "row").ok());
  std::string wrong_format = row;
  wrong_format[0] = 9;
  Result<OsvRecord> bad = DecodeStoredRecord(wrong_format, "vulns.db!GHSA-x");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().step, ValidationStep::kSyntax);
  EXPECT_EQ(bad.error().context, "vulns.db!GHSA-x");
  // A huge declared count cannot make the decoder allocate it.
  EXPECT_FALSE(
      DecodeStoredRecord(std::string("\x01\x03X-1\x00\x00\x00\x00\x00\x00\xff\xff\xff\xff\x0f", 15),
                         "row")
          .ok());
}

TEST(OsvRecordTest, KeepsTheFieldsTheMatcherNeeds) {
  const auto dir = SourceDir() / "data/osv";
  const OsvRecord log4shell =
      ParseOsvRecord(ReadFile(dir / "Maven/GHSA-jfh8-c2jp-5v3q.json"), "x").value();
  EXPECT_EQ(log4shell.database_severity, "CRITICAL");
  EXPECT_FALSE(log4shell.cwe_ids.empty());
  ASSERT_GE(log4shell.affected.size(), 3u);
  EXPECT_EQ(log4shell.affected[0].package->ecosystem, "Maven");
  EXPECT_EQ(log4shell.affected[0].package->name, "org.apache.logging.log4j:log4j-core");
  EXPECT_EQ(log4shell.affected[0].ranges[0].type, RangeType::kEcosystem);
  EXPECT_FALSE(log4shell.references.empty());

  // OSS-Fuzz keeps its rating in affected[].ecosystem_specific.severity.
  const OsvRecord fuzz = ParseOsvRecord(ReadFile(dir / "OSS-Fuzz/OSV-2021-602.json"), "x").value();
  EXPECT_EQ(fuzz.affected[0].ecosystem_severity, "MEDIUM");
  EXPECT_EQ(fuzz.affected[0].ranges[0].type, RangeType::kGit);
  EXPECT_EQ(fuzz.affected[0].ranges[0].repo, "https://github.com/freetype/freetype2-testing.git");
}

TEST(OsvRecordTest, LinterInvalidExamples) {
  const auto dir = SourceDir() / "tests/sca/testdata/osv/invalid";
  // R0001 (no introduced event) is a schema rule: rejected at the semantics step.
  Result<OsvRecord> r =
      ParseOsvRecord(ReadFile(dir / "nointroduced-CVE-2023-41045.json"), "nointroduced.json");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().step, ValidationStep::kSemantics);
  EXPECT_NE(r.error().message.find("no 'introduced' event"), std::string::npos);
  EXPECT_NE(r.error().context.find("nointroduced.json"), std::string::npos);

  // R0002 (an event value repeated in a range) is a data-quality rule the schema allows (real
  // RUSTSEC-2024-0399 and OSV-2021-602 do it): the record parses and the lint names the value.
  Result<OsvRecord> nd =
      ParseOsvRecord(ReadFile(dir / "nondistinct-CVE-2018-5407.json"), "nondistinct.json");
  ASSERT_TRUE(nd.ok());
  const auto lint = LintOsvRecord(nd.value());
  ASSERT_EQ(lint.size(), 1u);
  EXPECT_NE(lint[0].find("e818b74be2170fbe957a07b0da4401c2b694b3b8"), std::string::npos);

  // P0001 (package "Gradi0" does not exist) needs the registry; offline it is a valid record.
  EXPECT_TRUE(ParseOsvRecord(ReadFile(dir / "nopackage-GHSA-9v2f-6vcg-3hgv.json"), "x").ok());
}

struct BadCase {
  const char* name;
  std::string json;
  ValidationStep step;
  const char* needle;
};

TEST(OsvRecordTest, RejectsEachRuleWithItsStep) {
  const std::string ok_range = R"("ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"}]}])";
  const std::string pkg = R"("package":{"ecosystem":"PyPI","name":"x"})";
  const std::vector<BadCase> cases = {
      {"empty", "", ValidationStep::kSyntax, ""},
      {"not json", "{\"id\":", ValidationStep::kSyntax, ""},
      {"bad utf8", "{\"id\":\"\xff\"}", ValidationStep::kLexical, "UTF-8"},
      {"huge", "{\"details\":\"" + std::string(kMaxRecordBytes, 'a') + "\"}", ValidationStep::kSize,
       "larger"},
      {"array", "[]", ValidationStep::kSemantics, "JSON object"},
      {"no id", R"({"modified":"2024-01-01T00:00:00Z"})", ValidationStep::kSemantics, "'id'"},
      {"no modified", R"({"id":"X-1"})", ValidationStep::kSemantics, "'modified'"},
      {"bad modified", R"({"id":"X-1","modified":"2024-13-01T00:00:00Z"})",
       ValidationStep::kSemantics, "RFC 3339"},
      {"bad published", R"({"id":"X-1","modified":"2024-01-01T00:00:00Z","published":"yesterday"})",
       ValidationStep::kSemantics, "RFC 3339"},
      {"id with space", R"({"id":"X 1","modified":"2024-01-01T00:00:00Z"})",
       ValidationStep::kSemantics, "printable"},
      {"two kinds in one event",
       R"({"id":"X-1","modified":"2024-01-01T00:00:00Z","affected":[{)" + pkg +
           R"(,"ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0","fixed":"1"}]}]}]})",
       ValidationStep::kSemantics, "exactly one"},
      {"empty event",
       R"({"id":"X-1","modified":"2024-01-01T00:00:00Z","affected":[{)" + pkg +
           R"(,"ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"},{}]}]}]})",
       ValidationStep::kSemantics, "exactly one"},
      {"no introduced",
       R"({"id":"X-1","modified":"2024-01-01T00:00:00Z","affected":[{)" + pkg +
           R"(,"ranges":[{"type":"ECOSYSTEM","events":[{"fixed":"1"}]}]}]})",
       ValidationStep::kSemantics, "introduced"},
      {"fixed and last_affected",
       R"({"id":"X-1","modified":"2024-01-01T00:00:00Z","affected":[{)" + pkg +
           R"(,"ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"},{"fixed":"2"},{"last_affected":"1"}]}]}]})",
       ValidationStep::kSemantics, "both"},
      {"git without repo",
       R"({"id":"X-1","modified":"2024-01-01T00:00:00Z","affected":[{"ranges":[{"type":"GIT","events":[{"introduced":"0"}]}]}]})",
       ValidationStep::kSemantics, "repo"},
      {"git short hash",
       R"({"id":"X-1","modified":"2024-01-01T00:00:00Z","affected":[{"ranges":[{"type":"GIT","repo":"r","events":[{"introduced":"abc123"}]}]}]})",
       ValidationStep::kSemantics, "commit hashes"},
      {"unknown range type",
       R"({"id":"X-1","modified":"2024-01-01T00:00:00Z","affected":[{)" + pkg +
           R"(,"ranges":[{"type":"NPM","events":[{"introduced":"0"}]}]}]})",
       ValidationStep::kSemantics, "range type"},
      {"package without name",
       R"({"id":"X-1","modified":"2024-01-01T00:00:00Z","affected":[{"package":{"ecosystem":"npm"},)" +
           ok_range + "}]}",
       ValidationStep::kSemantics, "'name'"},
      {"events empty",
       R"({"id":"X-1","modified":"2024-01-01T00:00:00Z","affected":[{)" + pkg +
           R"(,"ranges":[{"type":"SEMVER","events":[]}]}]})",
       ValidationStep::kSemantics, "events"},
      {"aliases not strings", R"({"id":"X-1","modified":"2024-01-01T00:00:00Z","aliases":[1]})",
       ValidationStep::kSemantics, "aliases"},
      {"duplicate key", R"({"id":"X-1","id":"X-2","modified":"2024-01-01T00:00:00Z"})",
       ValidationStep::kSyntax, "duplicate"},
  };
  for (const BadCase& c : cases) {
    Result<OsvRecord> r = ParseOsvRecord(c.json, "case.json");
    ASSERT_FALSE(r.ok()) << c.name;
    EXPECT_EQ(r.error().step, c.step) << c.name << ": " << r.error().ToString();
    EXPECT_NE(r.error().ToString().find(c.needle), std::string::npos)
        << c.name << ": " << r.error().ToString();
    EXPECT_EQ(r.error().ToString().rfind("case.json", 0), 0u) << c.name;
  }
}

TEST(OsvRecordTest, ToleratesNullsEmptyArraysAndUnknownFields) {
  // GHSA writes "severity": [] and "aliases": []; the schema allows null for optional arrays.
  Result<OsvRecord> r = ParseOsvRecord(
      R"({"id":"GHSA-x","modified":"2024-01-01T00:00:00.123456Z","aliases":[],"severity":null,
          "affected":null,"x_future":{"a":1},"schema_version":"9.9.9"})",
      "x");
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_TRUE(r.value().aliases.empty());
  EXPECT_TRUE(r.value().affected.empty());
}

TEST(OsvRecordTest, TruncatesLongDetails) {
  const std::string json = R"({"id":"X-1","modified":"2024-01-01T00:00:00Z","details":")" +
                           std::string(kMaxDetailsBytes + 100, 'd') + "\"}";
  const OsvRecord r = ParseOsvRecord(json, "x").value();
  EXPECT_TRUE(r.details_truncated);
  EXPECT_LE(r.details.size(), kMaxDetailsBytes);
  EXPECT_TRUE(ParseOsvRecord(OsvRecordToJson(r), "x").value().details_truncated);
}

TEST(OsvRecordTest, Rfc3339) {
  struct Case {
    const char* text;
    std::optional<int64_t> micros;
  };
  const std::vector<Case> cases = {
      {"1970-01-01T00:00:00Z", 0},
      {"1970-01-01T00:00:01.5Z", 1500000},
      {"2000-03-01T00:00:00Z", int64_t{951868800} * 1000000},
      {"2000-03-01T01:00:00+01:00", int64_t{951868800} * 1000000},
      {"0001-01-01T00:00:00Z", int64_t{-62135596800} * 1000000},  // Go placeholder
      {"2024-02-29T12:00:00Z", int64_t{1709208000} * 1000000},
      {"2023-02-29T12:00:00Z", std::nullopt},
      {"2024-01-01 00:00:00Z", std::nullopt},
      {"2024-01-01T00:00:00", std::nullopt},
      {"2024-01-01T00:00:00Zjunk", std::nullopt},
      {"2024-01-01T24:00:00Z", std::nullopt},
      {"2024-01-01T00:00:00.Z", std::nullopt},
  };
  for (const Case& c : cases) EXPECT_EQ(ParseRfc3339(c.text), c.micros) << c.text;
}

}  // namespace
}  // namespace fledger::sca::osv
