// The exact matcher on real corpus records and on crafted ones: last_affected, Go
// +incompatible and pseudo-versions, Maven .RELEASE, RubyGems 4-part versions, GIT-only records,
// limit, versions[]-only records, ecosystem suffixes, withdrawn records, unresolved packages,
// alias merging, severity (CVSS v3 and v4.0 scores, database ratings), fixed version; plus the
// 2 000 x 50 000 timing log line.
#include <gtest/gtest.h>

#include <chrono>
#include <ctime>

#include "sca/osv/match.h"
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

Package Pkg(const char* eco, const char* name, const char* version, bool resolved = true) {
  Package p = MakePackage(Ecosystem::Parse(eco).value(), name, version);
  p.resolved = resolved;
  return p;
}

// The vulnerabilities of package `index` in `report` (empty when none).
std::vector<VulnMatch> VulnsOf(const MatchReport& report, size_t index) {
  for (const PackageVulns& p : report.packages) {
    if (p.package_index == index) return p.vulns;
  }
  return {};
}

class OsvMatchCorpusTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    db_ = new VulnDb(VulnDb::Open(dir_->path() / "vulns.db").value());
    ASSERT_TRUE(db_->Import({SourceDir() / "data/osv"}).ok());
  }
  static void TearDownTestSuite() {
    delete db_;
    delete dir_;
  }
  static TempDir* dir_;
  static VulnDb* db_;
};
TempDir* OsvMatchCorpusTest::dir_ = nullptr;
VulnDb* OsvMatchCorpusTest::db_ = nullptr;

struct Expect {
  Package package;
  const char* id;  // the vulnerability that must (or must not) be reported
  bool affected;
  const char* fixed;  // expected fixed version when affected ("" for none)
};

TEST_F(OsvMatchCorpusTest, RealRecords) {
  const std::vector<Expect> cases = {
      // GHSA last_affected: request <= 2.88.2, no fix.
      {Pkg("npm", "request", "2.88.2"), "GHSA-p8p7-x288-28g6", true, ""},
      {Pkg("npm", "request", "2.88.0"), "GHSA-p8p7-x288-28g6", true, ""},
      {Pkg("npm", "request", "2.88.3"), "GHSA-p8p7-x288-28g6", false, ""},
      // Log4Shell: three affected entries for one package, combined.
      {Pkg("Maven", "org.apache.logging.log4j:log4j-core", "2.14.1"), "GHSA-jfh8-c2jp-5v3q", true,
       "2.15.0"},
      {Pkg("Maven", "org.apache.logging.log4j:log4j-core", "2.12.1"), "GHSA-jfh8-c2jp-5v3q", true,
       "2.12.2"},
      {Pkg("Maven", "org.apache.logging.log4j:log4j-core", "2.12.2"), "GHSA-jfh8-c2jp-5v3q", false,
       ""},
      {Pkg("Maven", "org.apache.logging.log4j:log4j-core", "2.15.0"), "GHSA-jfh8-c2jp-5v3q", false,
       ""},
      // Spring4Shell: Maven qualifiers ("5.2.20.RELEASE" == 5.2.20).
      {Pkg("Maven", "org.springframework:spring-beans", "5.2.19.RELEASE"), "GHSA-36p3-wjmg-h94x",
       true, "5.2.20.RELEASE"},
      {Pkg("Maven", "org.springframework:spring-beans", "5.2.20.RELEASE"), "GHSA-36p3-wjmg-h94x",
       false, ""},
      {Pkg("Maven", "org.springframework:spring-beans", "5.3.17"), "GHSA-36p3-wjmg-h94x", true,
       "5.3.18"},
      // RubyGems 4-part versions.
      {Pkg("RubyGems", "rack", "2.1.4.1"), "GHSA-65f5-mfpf-vfhj", true, "2.1.4.2"},
      {Pkg("RubyGems", "rack", "2.1.4.2"), "GHSA-65f5-mfpf-vfhj", false, ""},
      {Pkg("RubyGems", "actionpack", "6.1.7"), "GHSA-8xww-x3g3-6jcv", true, "6.1.7.1"},
      {Pkg("RubyGems", "actionpack", "6.1.7.1"), "GHSA-8xww-x3g3-6jcv", false, ""},
      // Go: "+incompatible" (build metadata) and pseudo-versions (prereleases by timestamp).
      {Pkg("Go", "github.com/docker/distribution", "v2.6.2+incompatible"), "GO-2021-0072", true,
       "2.7.0-rc.0+incompatible"},
      {Pkg("Go", "github.com/docker/distribution", "v2.7.1+incompatible"), "GO-2021-0072", false,
       ""},
      {Pkg("Go", "github.com/satori/go.uuid", "v1.2.1-0.20180301000000-aaaaaaaaaaaa"),
       "GO-2022-0244", true, "1.2.1-0.20180404165556-75cca531ea76"},
      {Pkg("Go", "github.com/satori/go.uuid", "v1.2.0"), "GO-2022-0244", false, ""},
      {Pkg("Go", "github.com/satori/go.uuid", "v1.2.1-0.20180404165556-75cca531ea76"),
       "GO-2022-0244", false, ""},
      // PyPI names are PEP 503 normalized: "Jinja2" finds "jinja2".
      {Pkg("PyPI", "Jinja2", "3.1.2"), "GHSA-h5c8-rqwp-cp95", true, "3.1.3"},
      {Pkg("PyPI", "jinja2", "3.1.3"), "GHSA-h5c8-rqwp-cp95", false, ""},
      // A versions[]-only record.
      {Pkg("PyPI", "gradio", "4.36.1"), "GHSA-9v2f-6vcg-3hgv", true, ""},
      {Pkg("PyPI", "gradio", "4.36.2"), "GHSA-9v2f-6vcg-3hgv", false, ""},
      // Withdrawn records are kept but never reported.
      {Pkg("Go", "k8s.io/kubernetes", "v1.0.0"), "GO-2022-0617", false, ""},
      // Ecosystem suffixes ("Alpine:v3.3") are stripped before choosing the comparator.
      {Pkg("Alpine", "openssl", "1.0.2p-r0"), "CVE-2018-5407", true, "1.0.2q-r0"},
      {Pkg("Alpine", "openssl", "1.0.2q-r0"), "CVE-2018-5407", false, ""},
      // OSS-Fuzz records carry GIT ranges only: a version never matches them.
      {Pkg("OSS-Fuzz", "freetype2", "2.10.0"), "OSV-2021-602", false, ""},
  };
  std::vector<Package> packages;
  for (const Expect& e : cases) packages.push_back(e.package);
  const MatchReport report = MatchPackages(*db_, packages).value();
  for (size_t i = 0; i < cases.size(); ++i) {
    const Expect& e = cases[i];
    const auto vulns = VulnsOf(report, i);
    const auto it = std::find_if(vulns.begin(), vulns.end(), [&](const VulnMatch& v) {
      return v.id == e.id ||
             std::find(v.record_ids.begin(), v.record_ids.end(), e.id) != v.record_ids.end();
    });
    const std::string what = e.package.name + "@" + e.package.version + " / " + e.id;
    ASSERT_EQ(it != vulns.end(), e.affected) << what;
    if (e.affected) {
      EXPECT_EQ(it->fixed_version, e.fixed) << what;
    }
  }
}

TEST_F(OsvMatchCorpusTest, SeverityAndMetadata) {
  const MatchReport report =
      MatchPackages(*db_, {Pkg("Maven", "org.apache.logging.log4j:log4j-core", "2.14.1"),
                           Pkg("npm", "request", "2.88.2")})
          .value();
  const auto log4j = VulnsOf(report, 0);
  ASSERT_EQ(log4j.size(), 1u);
  EXPECT_EQ(log4j[0].id, "GHSA-jfh8-c2jp-5v3q");
  EXPECT_EQ(log4j[0].aliases, std::vector<std::string>{"CVE-2021-44228"});
  EXPECT_EQ(log4j[0].severity, Severity::Of(Severity::Level::kCritical));
  EXPECT_TRUE(log4j[0].severity_known);
  ASSERT_TRUE(log4j[0].score.has_value());
  EXPECT_DOUBLE_EQ(*log4j[0].score, 10.0);
  EXPECT_EQ(log4j[0].vector, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H");
  EXPECT_FALSE(log4j[0].summary.empty());
  EXPECT_FALSE(log4j[0].references.empty());
  EXPECT_NE(std::find(log4j[0].cwe_ids.begin(), log4j[0].cwe_ids.end(), "CWE-502"),
            log4j[0].cwe_ids.end());
}

TEST_F(OsvMatchCorpusTest, CvssV4OnlyRecordsAreRatedByTheirComputedScore) {
  // The bundled RUSTSEC records carry a CVSS v4.0 vector and no v3 vector, no database rating.
  struct Want {
    Package package;
    const char* id;
    double score;
    Severity::Level level;
  };
  const std::vector<Want> cases = {
      {Pkg("crates.io", "zip", "2.2.0"), "RUSTSEC-2025-0168", 7.3, Severity::Level::kHigh},
      {Pkg("crates.io", "time", "0.3.20"), "RUSTSEC-2026-0009", 6.8, Severity::Level::kMedium},
      {Pkg("crates.io", "tar", "0.4.44"), "RUSTSEC-2026-0067", 5.1, Severity::Level::kMedium},
  };
  std::vector<Package> packages;
  for (const Want& w : cases) packages.push_back(w.package);
  const MatchReport report = MatchPackages(*db_, packages).value();
  for (size_t i = 0; i < cases.size(); ++i) {
    const auto vulns = VulnsOf(report, i);
    const auto it = std::find_if(vulns.begin(), vulns.end(),
                                 [&](const VulnMatch& v) { return v.id == cases[i].id; });
    ASSERT_NE(it, vulns.end()) << cases[i].id;
    EXPECT_TRUE(it->severity_known) << cases[i].id;
    EXPECT_EQ(it->severity, Severity::Of(cases[i].level)) << cases[i].id;
    EXPECT_EQ(it->severity_source, "CVSS_V4") << cases[i].id;
    ASSERT_TRUE(it->score.has_value()) << cases[i].id;
    EXPECT_DOUBLE_EQ(*it->score, cases[i].score) << cases[i].id;
    EXPECT_EQ(it->vector.rfind("CVSS:4.0/", 0), 0u) << cases[i].id;
  }
}

class OsvMatchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = std::make_unique<VulnDb>(VulnDb::Open(dir_.path() / "v.db").value());
  }
  void Add(const std::vector<std::string>& docs) {
    std::vector<std::pair<std::string, std::string>> named;
    for (const auto& d : docs) named.emplace_back("doc.json", d);
    const ImportStats st = db_->ImportDocuments(named, "test").value();
    ASSERT_EQ(st.records_rejected, 0) << st.warnings.at(0).ToString();
  }
  TempDir dir_;
  std::unique_ptr<VulnDb> db_;
};

TEST_F(OsvMatchTest, MergesAliasTwinsIntoOneResult) {
  // A GHSA and its PYSEC twin, linked only through the CVE both name (transitively).
  Add({MiniRecord(
           "PYSEC-2024-1", "2024-01-01T00:00:00Z", "PyPI", "foo", "0", "2.0",
           R"("aliases":["CVE-2024-1"],"severity":[{"type":"CVSS_V3","score":"CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:N/A:H"}],)"),
       MiniRecord(
           "GHSA-aaaa-bbbb-cccc", "2024-01-01T00:00:00Z", "PyPI", "foo", "0", "1.5",
           R"("aliases":["CVE-2024-1"],"database_specific":{"severity":"HIGH","cwe_ids":["CWE-79"]},)"),
       MiniRecord("PYSEC-2024-2", "2024-01-01T00:00:00Z", "PyPI", "foo", "0", "3.0")});
  const MatchReport r = MatchPackages(*db_, {Pkg("PyPI", "foo", "1.0")}).value();
  const auto v = VulnsOf(r, 0);
  ASSERT_EQ(v.size(), 2u);
  EXPECT_EQ(v[0].id, "GHSA-aaaa-bbbb-cccc");
  EXPECT_EQ(v[0].aliases, (std::vector<std::string>{"CVE-2024-1", "PYSEC-2024-1"}));
  EXPECT_EQ(v[0].record_ids, (std::vector<std::string>{"GHSA-aaaa-bbbb-cccc", "PYSEC-2024-1"}));
  // Highest of CVSS 5.9 (medium) and the GHSA rating HIGH; the score is kept.
  EXPECT_EQ(v[0].severity, Severity::Of(Severity::Level::kHigh));
  EXPECT_EQ(v[0].severity_source, "database_specific.severity");
  EXPECT_DOUBLE_EQ(v[0].score.value(), 5.9);
  EXPECT_EQ(v[0].cwe_ids, std::vector<std::string>{"CWE-79"});
  EXPECT_EQ(v[0].fixed_version, "1.5");  // the smallest fix above 1.0 in the group
  EXPECT_EQ(v[1].id, "PYSEC-2024-2");
  EXPECT_FALSE(v[1].severity_known);
  EXPECT_EQ(v[1].severity, Severity::Of(Severity::Level::kMedium));
}

TEST_F(OsvMatchTest, CvssV4ScoresRateRecordsWithoutAV3Vector) {
  const std::string v4_critical = "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N";
  const std::string v4_medium = "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:A/VC:N/VI:L/VA:N/SC:N/SI:N/SA:N";
  const std::string v3_medium = "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:N/A:H";
  const auto severity = [](const std::string& type, const std::string& vector) {
    return R"({"type":")" + type + R"(","score":")" + vector + R"("})";
  };
  const auto record = [&](const char* id, const char* name, const std::string& extra) {
    return MiniRecord(id, "2024-01-01T00:00:00Z", "npm", name, "0", "2.0", extra);
  };
  Add({
      // v4 only: rated by the v4.0 score (9.3, critical).
      record("V4-ONLY", "a", R"("severity":[)" + severity("CVSS_V4", v4_critical) + "],"),
      // v3 and v4 in one record: the v3 score rates it, as before v4 was scored.
      record("BOTH", "b",
             R"("severity":[)" + severity("CVSS_V4", v4_critical) + "," +
                 severity("CVSS_V3", v3_medium) + "],"),
      // v4 medium (5.1) and the database's HIGH: the higher wins, the v4 score is kept.
      record("V4-DB", "c",
             R"("severity":[)" + severity("CVSS_V4", v4_medium) +
                 R"(],"database_specific":{"severity":"HIGH"},)"),
      // v4 critical above the database's MODERATE.
      record("V4-DB2", "d",
             R"("severity":[)" + severity("CVSS_V4", v4_critical) +
                 R"(],"database_specific":{"severity":"MODERATE"},)"),
      // A v3 vector that does not parse does not hide the v4 one.
      record("BAD-V3", "e",
             R"("severity":[)" + severity("CVSS_V3", "CVSS:3.1/AV:N") + "," +
                 severity("CVSS_V4", v4_medium) + "],"),
      // A v4 vector out of the specification's order is not scored: severity unknown.
      record("BAD-V4", "f",
             R"("severity":[)" +
                 severity("CVSS_V4",
                          "CVSS:4.0/AC:L/AV:N/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N") +
                 "],"),
  });
  const MatchReport r = MatchPackages(*db_, {Pkg("npm", "a", "1.0.0"), Pkg("npm", "b", "1.0.0"),
                                             Pkg("npm", "c", "1.0.0"), Pkg("npm", "d", "1.0.0"),
                                             Pkg("npm", "e", "1.0.0"), Pkg("npm", "f", "1.0.0")})
                            .value();
  struct Want {
    const char* id;
    Severity::Level level;
    const char* source;
    double score;
    std::string vector;
  };
  const std::vector<Want> wants = {
      {"V4-ONLY", Severity::Level::kCritical, "CVSS_V4", 9.3, v4_critical},
      {"BOTH", Severity::Level::kMedium, "CVSS_V3", 5.9, v3_medium},
      {"V4-DB", Severity::Level::kHigh, "database_specific.severity", 5.1, v4_medium},
      {"V4-DB2", Severity::Level::kCritical, "CVSS_V4", 9.3, v4_critical},
      {"BAD-V3", Severity::Level::kMedium, "CVSS_V4", 5.1, v4_medium},
  };
  for (size_t i = 0; i < wants.size(); ++i) {
    const auto v = VulnsOf(r, i);
    ASSERT_EQ(v.size(), 1u) << wants[i].id;
    EXPECT_EQ(v[0].id, wants[i].id);
    EXPECT_TRUE(v[0].severity_known) << wants[i].id;
    EXPECT_EQ(v[0].severity, Severity::Of(wants[i].level)) << wants[i].id;
    EXPECT_EQ(v[0].severity_source, wants[i].source) << wants[i].id;
    ASSERT_TRUE(v[0].score.has_value()) << wants[i].id;
    EXPECT_DOUBLE_EQ(*v[0].score, wants[i].score) << wants[i].id;
    EXPECT_EQ(v[0].vector, wants[i].vector) << wants[i].id;
  }
  const auto bad = VulnsOf(r, 5);
  ASSERT_EQ(bad.size(), 1u);
  EXPECT_FALSE(bad[0].severity_known);
  EXPECT_EQ(bad[0].severity, Severity::Of(Severity::Level::kMedium));
  EXPECT_NE(bad[0].severity_source.find("does not parse"), std::string::npos)
      << bad[0].severity_source;
  EXPECT_FALSE(bad[0].score.has_value());
  EXPECT_EQ(bad[0].vector, "CVSS:4.0/AC:L/AV:N/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N");
}

TEST_F(OsvMatchTest, RangeSemantics) {
  const std::string pkg = R"("package":{"ecosystem":"npm","name":"lib"})";
  const auto record = [&](const char* id, const std::string& affected) {
    return std::string(R"({"id":")") + id + R"(","modified":"2024-01-01T00:00:00Z","affected":[)" +
           affected + "]}";
  };
  Add({
      // limit: introduced 1.0.0, limit 2.0.0 (no fix): affected in [1.0.0, 2.0.0).
      record(
          "LIM-1",
          "{" + pkg +
              R"(,"ranges":[{"type":"SEMVER","events":[{"introduced":"1.0.0"},{"limit":"2.0.0"}]}]})"),
      // Unsorted events, two intervals: [1.0.0, 1.2.0) and [3.0.0, 3.1.0).
      record(
          "UNS-1",
          "{" + pkg +
              R"(,"ranges":[{"type":"SEMVER","events":[{"fixed":"3.1.0"},{"introduced":"3.0.0"},{"fixed":"1.2.0"},{"introduced":"1.0.0"}]}]})"),
      // Empty interval written as introduced X, fixed X (RUSTSEC-2024-0399 style).
      record(
          "EMP-1",
          "{" + pkg +
              R"(,"ranges":[{"type":"SEMVER","events":[{"introduced":"5.0.0"},{"fixed":"5.0.0"},{"introduced":"5.5.0"},{"fixed":"6.0.0"}]}]})"),
      // GIT range plus versions[]: only the listed version counts.
      record(
          "GIT-1",
          "{" + pkg +
              R"(,"ranges":[{"type":"GIT","repo":"https://x","events":[{"introduced":"0"}]}],"versions":["7.0.0"]})"),
  });
  struct Case {
    const char* version;
    std::vector<std::string> ids;
  };
  const std::vector<Case> cases = {
      {"0.9.0", {}},
      {"1.0.0", {"LIM-1", "UNS-1"}},
      {"1.1.9", {"LIM-1", "UNS-1"}},
      {"1.2.0", {"LIM-1"}},
      {"2.0.0", {}},
      {"3.0.5", {"UNS-1"}},
      {"5.0.0", {}},
      {"5.2.0", {}},
      {"5.5.0", {"EMP-1"}},
      {"7.0.0", {"GIT-1"}},
      {"7.0.1", {}},
  };
  std::vector<Package> packages;
  for (const Case& c : cases) packages.push_back(Pkg("npm", "lib", c.version));
  const MatchReport r = MatchPackages(*db_, packages).value();
  for (size_t i = 0; i < cases.size(); ++i) {
    std::vector<std::string> got;
    for (const VulnMatch& v : VulnsOf(r, i)) got.push_back(v.id);
    EXPECT_EQ(got, cases[i].ids) << cases[i].version;
  }
}

TEST_F(OsvMatchTest, EcosystemSuffixesAndUnresolvedPackages) {
  Add({MiniRecord("DEBIAN-CVE-1", "2024-01-01T00:00:00Z", "Debian:12", "openssl", "0",
                  "3.0.11-1~deb12u2")});
  const MatchReport r = MatchPackages(*db_, {Pkg("Debian", "openssl", "3.0.11-1~deb12u1"),
                                             Pkg("Debian", "openssl", "3.0.11-1"),  // 1~deb12u2 < 1
                                             Pkg("Debian", "openssl", "^3.0", /*resolved=*/false),
                                             Pkg("Debian", "openssl", "")})
                            .value();
  ASSERT_EQ(VulnsOf(r, 0).size(), 1u);
  EXPECT_EQ(VulnsOf(r, 0)[0].fixed_version, "3.0.11-1~deb12u2");
  EXPECT_TRUE(VulnsOf(r, 1).empty());
  EXPECT_EQ(r.unresolved, (std::vector<size_t>{2, 3}));
}

TEST_F(OsvMatchTest, UnparsableVersionsAreWarningsNotMatches) {
  Add({MiniRecord("X-1", "2024-01-01T00:00:00Z", "npm", "lib", "0", "2.0.0")});
  const MatchReport r = MatchPackages(*db_, {Pkg("npm", "lib", "not a version!")}).value();
  EXPECT_TRUE(r.packages.empty());
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_NE(r.warnings[0].find("X-1"), std::string::npos);
}

TEST(OsvAffectedEntryTest, EvaluatesOneEntry) {
  const OsvRecord r =
      ParseOsvRecord(MiniRecord("X-1", "2024-01-01T00:00:00Z", "PyPI", "a", "1.0", "2.0"), "x")
          .value();
  struct Case {
    const char* version;
    bool affected;
  };
  for (const Case& c : std::vector<Case>{{"0.9", false},
                                         {"1.0", true},
                                         {"1.5.post1", true},
                                         {"2.0rc1", true},
                                         {"2.0", false},
                                         {"2.0.0", false}}) {
    std::optional<Version> fixed;
    EXPECT_EQ(
        AffectedEntryMatches(r.affected[0], VersionScheme::kPep440, c.version, &fixed, nullptr),
        c.affected)
        << c.version;
    EXPECT_EQ(fixed.has_value(), c.affected) << c.version;
  }
}

// 2 000 packages against 50 000 synthesized advisories (Release target: well under 100 ms).
// Prints the time; not asserted, since machines and build types differ.
TEST_F(OsvMatchTest, TimingLogLine) {
  const int kAdvisories = 50000, kNames = 20000, kPackages = 2000;
  std::vector<std::pair<std::string, std::string>> entries;
  entries.reserve(kAdvisories);
  for (int i = 0; i < kAdvisories; ++i) {
    const std::string id = "GHSA-syn-" + std::to_string(i);
    entries.emplace_back(
        id + ".json",
        MiniRecord(id, "2024-01-01T00:00:00Z", "npm", "pkg-" + std::to_string(i % kNames),
                   std::to_string(i % 5) + ".0.0", std::to_string(i % 5) + ".5.0",
                   R"("aliases":["CVE-2024-)" + std::to_string(i) + R"("],)"));
  }
  const auto zip = dir_.path() / "syn.zip";
  ASSERT_TRUE(WriteZip(zip, entries));
  ASSERT_EQ(db_->Import({zip}).value().records_inserted, kAdvisories);
  std::vector<Package> packages;
  for (int i = 0; i < kPackages; ++i) {
    packages.push_back(Pkg("npm", ("pkg-" + std::to_string(i * 7)).c_str(),
                           (std::to_string(i % 5) + ".2.0").c_str()));
  }
  const auto start = std::chrono::steady_clock::now();
  const double cpu_start = ThreadCpuMs();
  const MatchReport r = MatchPackages(*db_, packages).value();
  const double cpu_ms = ThreadCpuMs() - cpu_start;
  const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  size_t found = 0;
  for (const auto& p : r.packages) found += p.vulns.size();
  EXPECT_GT(found, 0u);
  std::printf("[ osv match ] %d packages x %d advisories: %.1f ms wall, %.1f ms CPU, %zu matches\n",
              kPackages, kAdvisories, ms, cpu_ms, found);
}

}  // namespace
}  // namespace fledger::sca::osv
