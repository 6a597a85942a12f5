// Tests for the sca.* project-assessment checks: small trees with npm lockfiles, matched against
// a temp vulnerability database of hand-made OSV records (severity and publication date chosen
// per case) or seeded from the bundled snapshot, passed explicitly through CheckInputs.
#include "assess/sca_checks.h"

#include <gtest/gtest.h>

#include <ctime>
#include <memory>
#include <string>
#include <vector>

#include "assess/repo_checks.h"
#include "sca/osv/db.h"
#include "test_util.h"

namespace fledger::assess {
namespace {

using fledger::testing::TempDir;

constexpr const char* kCritical = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H";  // 9.8
constexpr const char* kHigh = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H";      // 7.5
constexpr const char* kLow = "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N";       // 3.1

std::string Day(int days_ago) {
  const std::time_t t = std::time(nullptr) - static_cast<std::time_t>(days_ago) * 86400;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// An OSV record for npm package `name` below 2.0.0. `vector` empty: no severity at all.
std::string Record(const std::string& id, const std::string& name, const std::string& vector,
                   const std::string& published) {
  std::string doc =
      R"({"schema_version": "1.6.0", "id": ")" + id + R"(", "modified": ")" + Day(0) + R"(", )";
  if (!published.empty()) doc += R"("published": ")" + published + R"(", )";
  if (!vector.empty())
    doc += R"("severity": [{"type": "CVSS_V3", "score": ")" + vector + R"("}], )";
  doc +=
      R"("summary": "test advisory", "affected": [{"package": {"ecosystem": "npm", "name": ")" +
      name +
      R"("}, "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}, {"fixed": "2.0.0"}]}]}]})";
  return doc;
}

struct Dep {
  std::string name;
  bool dev = false;
  std::string version = "1.0.0";
};

// A package-lock.json (v3) holding `deps`, each a direct dependency.
std::string Lock(const std::vector<Dep>& deps) {
  std::string direct, dev, entries;
  for (const auto& d : deps) {
    std::string& list = d.dev ? dev : direct;
    list += (list.empty() ? "" : ", ") + std::string("\"") + d.name + "\": \"" + d.version + "\"";
    entries += ",\n    \"node_modules/" + d.name + "\": {\"version\": \"" + d.version +
               "\", \"resolved\": \"https://registry.npmjs.org/" + d.name + "/-/" + d.name + "-" +
               d.version + ".tgz\"" + (d.dev ? ", \"dev\": true" : "") + "}";
  }
  return "{\n  \"name\": \"app\",\n  \"version\": \"1.0.0\",\n  \"lockfileVersion\": 3,\n"
         "  \"requires\": true,\n  \"packages\": {\n    \"\": {\"name\": \"app\", \"version\": "
         "\"1.0.0\", \"dependencies\": {" +
         direct + "}, \"devDependencies\": {" + dev + "}}" + entries + "\n  }\n}\n";
}

class ScaChecksTest : public ::testing::Test {
 protected:
  // One database per suite: hand-made records, all modified today (so the data is current).
  static void SetUpTestSuite() {
    db_dir_ = new TempDir();
    auto db = sca::osv::VulnDb::Open(FreshDb());
    ASSERT_TRUE(db.ok()) << db.error().ToString();
    const auto st = db.value().ImportDocuments(
        {{"old.json", Record("OSV-TEST-OLD", "oldpkg", kHigh, "2020-03-01T00:00:00Z")},
         {"crit.json", Record("OSV-TEST-CRIT", "critpkg", kCritical, "2020-03-01T00:00:00Z")},
         {"new.json", Record("OSV-TEST-NEW", "newpkg", kHigh, Day(10))},
         {"low.json", Record("OSV-TEST-LOW", "lowpkg", kLow, "2020-03-01T00:00:00Z")},
         {"nosev.json", Record("OSV-TEST-NOSEV", "nosevpkg", "", "2020-03-01T00:00:00Z")},
         {"nodate.json", Record("OSV-TEST-NODATE", "nodatepkg", kHigh, "")}},
        "test");
    ASSERT_TRUE(st.ok()) << st.error().ToString();
    ASSERT_EQ(st.value().records_rejected, 0);
  }
  static void TearDownTestSuite() {
    delete db_dir_;
    db_dir_ = nullptr;
  }
  static std::filesystem::path FreshDb() { return db_dir_->path() / "fresh.db"; }

  RepoSnapshot Load(const std::filesystem::path& db = FreshDb()) {
    auto snap = RepoSnapshot::Load(repo_.path(), fs::WalkOptions{}, CheckInputs{db});
    EXPECT_TRUE(snap.ok()) << (snap.ok() ? "" : snap.error().ToString());
    return std::move(snap).value();
  }
  void WriteLock(const std::vector<Dep>& deps, const std::string& at = "web/package-lock.json") {
    repo_.Write(at, Lock(deps));
  }

  static TempDir* db_dir_;
  TempDir repo_;
};
TempDir* ScaChecksTest::db_dir_ = nullptr;

void Expect(const CheckResult& r, ReqStatus status) {
  EXPECT_EQ(ReqStatusName(r.status), ReqStatusName(status)) << r.note;
}

bool NoteHas(const CheckResult& r, const std::string& text) {
  return r.note.find(text) != std::string::npos;
}

TEST_F(ScaChecksTest, ChecksAreRegisteredAsRepositoryChecks) {
  for (const char* id : {"sca.dependencies_listed", "sca.known_vulnerabilities",
                         "sca.critical_vulnerabilities", "sca.dependency_monitoring"}) {
    const RepoCheck* c = FindRepoCheck(id);
    ASSERT_NE(c, nullptr) << id;
    EXPECT_FALSE(c->description.empty());
  }
}

TEST_F(ScaChecksTest, DependenciesListedByManifests) {
  WriteLock({{"safepkg"}});
  repo_.Write("README.md", "# app\n");
  const auto r = ScaDependenciesListed(Load());
  Expect(r, ReqStatus::kMet);
  ASSERT_EQ(r.evidence.size(), 1u);
  EXPECT_EQ(r.evidence[0].path.str(), "web/package-lock.json");
}

TEST_F(ScaChecksTest, NoManifestsIsForReviewNotUnmet) {
  repo_.Write("README.md", "# app\n");
  repo_.Write("examples/demo/package-lock.json", Lock({{"oldpkg"}}));
  const auto snap = Load();
  const auto listed = ScaDependenciesListed(snap);
  Expect(listed, ReqStatus::kNeedsReview);
  // Nothing to monitor that the scan can see: for review, not unmet.
  Expect(ScaDependencyMonitoring(snap), ReqStatus::kNeedsReview);
  EXPECT_TRUE(NoteHas(listed, "examples or test fixtures")) << listed.note;
  // The vulnerable example is not the project's dependency.
  Expect(ScaKnownVulnerabilities(snap), ReqStatus::kNeedsReview);
  Expect(ScaCriticalVulnerabilities(snap), ReqStatus::kNeedsReview);
}

TEST_F(ScaChecksTest, ExampleManifestsAreNotTheProjectsDependencies) {
  WriteLock({{"safepkg"}});
  repo_.Write("examples/demo/package-lock.json", Lock({{"oldpkg"}, {"critpkg"}}));
  repo_.Write("tests/testdata/package-lock.json", Lock({{"oldpkg"}}));
  const auto snap = Load();
  const auto r = ScaKnownVulnerabilities(snap);
  Expect(r, ReqStatus::kMet);
  EXPECT_TRUE(NoteHas(r, "in 1 package from 1 manifest;")) << r.note;
  EXPECT_TRUE(NoteHas(r, "2 manifests under examples or test fixtures not counted")) << r.note;
  Expect(ScaCriticalVulnerabilities(snap), ReqStatus::kMet);
  const auto listed = ScaDependenciesListed(snap);
  ASSERT_EQ(listed.evidence.size(), 1u);
  EXPECT_EQ(listed.evidence[0].path.str(), "web/package-lock.json");
}

// Table: which dependency makes which decision of sca.known_vulnerabilities.
TEST_F(ScaChecksTest, KnownVulnerabilitiesDecisions) {
  struct Case {
    std::vector<Dep> deps;
    ReqStatus status;
    std::string first_evidence;  // excerpt prefix of evidence[0], "" for the manifest
    std::string note;            // a phrase the note must hold
  };
  const std::vector<Case> cases = {
      {{{"oldpkg"}},
       ReqStatus::kUnmet,
       "OSV-TEST-OLD oldpkg@1.0.0, high, public since 2020-03-01",
       "public for more than 60 days"},
      {{{"safepkg"}}, ReqStatus::kMet, "", "no known vulnerability"},
      {{{"newpkg"}}, ReqStatus::kMet, "", "still in the fix window"},
      {{{"lowpkg"}}, ReqStatus::kMet, "", "1 low-severity finding not counted"},
      {{{"oldpkg", true}}, ReqStatus::kPartial, "OSV-TEST-OLD oldpkg@1.0.0", "dev-only"},
      {{{"nosevpkg"}},
       ReqStatus::kNeedsReview,
       "OSV-TEST-NOSEV nosevpkg@1.0.0, severity unknown",
       "without a severity rating"},
      // No published date: `modified` (today) bounds it, which cannot prove 60 days.
      {{{"nodatepkg"}},
       ReqStatus::kNeedsReview,
       "OSV-TEST-NODATE nodatepkg@1.0.0, high, public by",
       "publication date"},
      {{{"oldpkg"}, {"nosevpkg"}, {"critpkg", true}},
       ReqStatus::kUnmet,
       "OSV-TEST-OLD",
       "1 more has no severity or no publication date"},
      {{{"oldpkg", false, "2.0.0"}}, ReqStatus::kMet, "", "no known vulnerability"},
  };
  for (size_t i = 0; i < cases.size(); ++i) {
    SCOPED_TRACE("case " + std::to_string(i));
    TempDir dir;
    dir.Write("web/package-lock.json", Lock(cases[i].deps));
    auto snap = RepoSnapshot::Load(dir.path(), fs::WalkOptions{}, CheckInputs{FreshDb()});
    ASSERT_TRUE(snap.ok());
    const auto r = ScaKnownVulnerabilities(snap.value());
    Expect(r, cases[i].status);
    EXPECT_TRUE(NoteHas(r, cases[i].note)) << r.note;
    ASSERT_FALSE(r.evidence.empty()) << r.note;
    EXPECT_EQ(r.evidence[0].path.str(), "web/package-lock.json");
    if (cases[i].first_evidence.empty()) {
      EXPECT_EQ(r.evidence[0].line, 0);
    } else {
      EXPECT_EQ(r.evidence[0].excerpt.rfind(cases[i].first_evidence, 0), 0u)
          << r.evidence[0].excerpt;
      EXPECT_GT(r.evidence[0].line, 0);  // the package's line in the lockfile
    }
  }
}

TEST_F(ScaChecksTest, CriticalVulnerabilitiesDecisions) {
  struct Case {
    std::vector<Dep> deps;
    ReqStatus status;
    std::string first_evidence;
  };
  const std::vector<Case> cases = {
      {{{"critpkg"}, {"oldpkg"}}, ReqStatus::kUnmet, "OSV-TEST-CRIT critpkg@1.0.0, critical"},
      {{{"oldpkg"}}, ReqStatus::kMet, ""},
      {{{"critpkg", true}}, ReqStatus::kPartial, "OSV-TEST-CRIT critpkg@1.0.0, critical"},
      {{{"nosevpkg"}}, ReqStatus::kNeedsReview, "OSV-TEST-NOSEV"},
  };
  for (size_t i = 0; i < cases.size(); ++i) {
    SCOPED_TRACE("case " + std::to_string(i));
    TempDir dir;
    dir.Write("package-lock.json", Lock(cases[i].deps));
    auto snap = RepoSnapshot::Load(dir.path(), fs::WalkOptions{}, CheckInputs{FreshDb()});
    ASSERT_TRUE(snap.ok());
    const auto r = ScaCriticalVulnerabilities(snap.value());
    Expect(r, cases[i].status);
    ASSERT_FALSE(r.evidence.empty()) << r.note;
    if (!cases[i].first_evidence.empty()) {
      EXPECT_EQ(r.evidence[0].excerpt.rfind(cases[i].first_evidence, 0), 0u)
          << r.evidence[0].excerpt;
    }
  }
}

TEST_F(ScaChecksTest, DependencyMonitoringDecisions) {
  struct Case {
    std::string file, content;  // the monitoring configuration, if any
    std::vector<Dep> deps;
    ReqStatus status;
    std::string first_path;
    int first_line;
  };
  const std::string dependabot =
      "version: 2\nupdates:\n  - package-ecosystem: npm\n    directory: /web\n";
  const std::string scanner_ci =
      "name: ci\non: push\njobs:\n  sca:\n    runs-on: ubuntu-latest\n    steps:\n"
      "      - uses: actions/checkout@v4\n      - run: pip install pip-audit\n"
      "      # - run: npm audit\n      - run: npx osv-scanner --lockfile web/package-lock.json\n";
  const std::string install_only =
      "jobs:\n  t:\n    steps:\n      - run: pip install pip-audit\n      - run: npm test\n";
  const std::vector<Case> cases = {
      {"", "", {{"safepkg"}}, ReqStatus::kUnmet, "", 0},
      {"", "", {{"oldpkg"}}, ReqStatus::kUnmet, "web/package-lock.json", -1},
      {".github/dependabot.yml",
       dependabot,
       {{"safepkg"}},
       ReqStatus::kMet,
       ".github/dependabot.yml",
       1},
      {".github/dependabot.yml",
       dependabot,
       {{"oldpkg"}},
       ReqStatus::kPartial,
       ".github/dependabot.yml",
       1},
      {".github/dependabot.yml",
       dependabot,
       {{"newpkg"}},
       ReqStatus::kMet,
       ".github/dependabot.yml",
       1},
      {".github/workflows/ci.yml",
       scanner_ci,
       {{"safepkg"}},
       ReqStatus::kMet,
       ".github/workflows/ci.yml",
       10},
      {".github/workflows/ci.yml", install_only, {{"safepkg"}}, ReqStatus::kUnmet, "", 0},
  };
  for (size_t i = 0; i < cases.size(); ++i) {
    SCOPED_TRACE("case " + std::to_string(i));
    TempDir dir;
    dir.Write("web/package-lock.json", Lock(cases[i].deps));
    if (!cases[i].file.empty()) dir.Write(cases[i].file, cases[i].content);
    auto snap = RepoSnapshot::Load(dir.path(), fs::WalkOptions{}, CheckInputs{FreshDb()});
    ASSERT_TRUE(snap.ok());
    const auto r = ScaDependencyMonitoring(snap.value());
    Expect(r, cases[i].status);
    if (cases[i].first_path.empty()) {
      EXPECT_TRUE(r.evidence.empty()) << r.evidence[0].path.str();
      continue;
    }
    ASSERT_FALSE(r.evidence.empty()) << r.note;
    EXPECT_EQ(r.evidence[0].path.str(), cases[i].first_path);
    if (cases[i].first_line >= 0) {
      EXPECT_EQ(r.evidence[0].line, cases[i].first_line);
    }
  }
}

TEST_F(ScaChecksTest, PartialMonitoringNamesTheRemainingFindings) {
  WriteLock({{"oldpkg"}, {"critpkg", true}});
  repo_.Write(".github/dependabot.yml", "version: 2\n");
  const auto r = ScaDependencyMonitoring(Load());
  Expect(r, ReqStatus::kPartial);
  EXPECT_TRUE(NoteHas(r, "OSV-TEST-CRIT")) << r.note;
  EXPECT_TRUE(NoteHas(r, "1 in dev-only dependencies")) << r.note;
  ASSERT_EQ(r.evidence.size(), 3u);
  // Monitoring first, then production findings before dev-only ones.
  EXPECT_EQ(r.evidence[0].path.str(), ".github/dependabot.yml");
  EXPECT_EQ(r.evidence[1].excerpt.rfind("OSV-TEST-OLD oldpkg@1.0.0", 0), 0u);
  EXPECT_EQ(r.evidence[2].excerpt.rfind("OSV-TEST-CRIT critpkg@1.0.0, critical", 0), 0u);
}

TEST_F(ScaChecksTest, IgnoreFileEntriesCountAsVerified) {
  WriteLock({{"oldpkg"}});
  repo_.Write(".fledger/sca-ignore.yaml",
              "ignore:\n  - id: OSV-TEST-OLD\n    package: oldpkg\n"
              "    reason: the vulnerable function is never called\n    expires: " +
                  Day(-365).substr(0, 10) + "\n");
  const auto r = ScaKnownVulnerabilities(Load());
  Expect(r, ReqStatus::kMet);
  EXPECT_TRUE(NoteHas(r, "suppressed with a reason in .fledger/sca-ignore.yaml: OSV-TEST-OLD"))
      << r.note;
}

TEST_F(ScaChecksTest, MalformedIgnoreFileIsNotApplied) {
  WriteLock({{"oldpkg"}});
  repo_.Write(".fledger/sca-ignore.yaml", "ignore:\n  - id: OSV-TEST-OLD\n");  // no reason
  const auto r = ScaKnownVulnerabilities(Load());
  Expect(r, ReqStatus::kUnmet);
  EXPECT_TRUE(NoteHas(r, "was not applied")) << r.note;
}

TEST_F(ScaChecksTest, VersionRangesCannotProveNone) {
  repo_.Write("package.json", R"({"name": "app", "dependencies": {"safepkg": "^1.0.0"}})");
  const auto r = ScaKnownVulnerabilities(Load());
  Expect(r, ReqStatus::kNeedsReview);
  EXPECT_TRUE(NoteHas(r, "version range")) << r.note;
}

TEST_F(ScaChecksTest, UnusableOrStaleDatabaseIsSaidSo) {
  WriteLock({{"safepkg"}});
  {
    TempDir other;
    other.Write("vulns.db", std::string(4096, 'x'));
    const auto snap = Load(other.path() / "vulns.db");
    const auto r = ScaKnownVulnerabilities(snap);
    Expect(r, ReqStatus::kNeedsReview);
    EXPECT_TRUE(NoteHas(r, "could not be opened")) << r.note;
    // Listing dependencies does not need the database.
    Expect(ScaDependenciesListed(snap), ReqStatus::kMet);
  }
  // The bundled snapshot, months old: it proves what it lists, but not "none".
  TempDir seeded;
  const auto snap = Load(seeded.path() / "vulns.db");
  const auto r = ScaKnownVulnerabilities(snap);
  Expect(r, ReqStatus::kNeedsReview);
  EXPECT_TRUE(NoteHas(r, "days old")) << r.note;
}

TEST_F(ScaChecksTest, BundledSnapshotFindsTheExampleProjectsVulnerabilities) {
  const auto vulnshop = fledger::testing::SourceDir() / "examples/vulnshop";
  TempDir seeded;
  auto snap =
      RepoSnapshot::Load(vulnshop, fs::WalkOptions{}, CheckInputs{seeded.path() / "vulns.db"});
  ASSERT_TRUE(snap.ok());
  const auto r = ScaKnownVulnerabilities(snap.value());
  Expect(r, ReqStatus::kUnmet);
  std::string all;
  for (const auto& e : r.evidence)
    all += e.path.str() + ":" + std::to_string(e.line) + " " + e.excerpt + "\n";
  for (const char* id : {"GHSA-35jh-r3h4-6jhm lodash@4.17.15", "PYSEC-", "GO-"}) {
    EXPECT_NE(all.find(id), std::string::npos) << id << "\n" << all;
  }
  Expect(ScaCriticalVulnerabilities(snap.value()), ReqStatus::kUnmet);
  Expect(ScaDependencyMonitoring(snap.value()), ReqStatus::kUnmet);
  Expect(ScaDependenciesListed(snap.value()), ReqStatus::kMet);
}

// The scan runs once per snapshot: a lockfile changed after the first check is not re-read.
TEST_F(ScaChecksTest, ScanRunsOncePerSnapshot) {
  WriteLock({{"oldpkg"}});
  const auto snap = Load();
  Expect(ScaKnownVulnerabilities(snap), ReqStatus::kUnmet);
  WriteLock({{"safepkg"}});
  Expect(ScaKnownVulnerabilities(snap), ReqStatus::kUnmet);
  Expect(ScaKnownVulnerabilities(Load()), ReqStatus::kMet);  // a new snapshot scans again
}

TEST(RepoSnapshotSharedTest, MakesOncePerKey) {
  TempDir dir;
  dir.Write("a.txt", "a\n");
  auto snap = RepoSnapshot::Load(dir.path(), fs::WalkOptions{});
  ASSERT_TRUE(snap.ok());
  int made = 0;
  const auto make = [&]() -> std::shared_ptr<const void> {
    ++made;
    return std::make_shared<const int>(made);
  };
  const auto a = snap.value().Shared("k", make);
  const auto b = snap.value().Shared("k", make);
  const auto c = snap.value().Shared("other", make);
  EXPECT_EQ(a.get(), b.get());
  EXPECT_NE(a.get(), c.get());
  EXPECT_EQ(made, 2);
  EXPECT_EQ(*static_cast<const int*>(b.get()), 1);
}

}  // namespace
}  // namespace fledger::assess
