// End-to-end tests: the fledger binary run as a user would, on copies of fixtures in a temp dir.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "test_util.h"

namespace fledger {
namespace {

using testing::CompareGolden;
using testing::ReadFile;
using testing::RunFledger;
using testing::SourceDir;
using testing::TempDir;

// Each test gets its own history database so runs don't see each other.
class CliTest : public ::testing::Test {
 protected:
  testing::RunResult Run(const std::vector<std::string>& args) {
    return RunFledger(args, dir_.path(),
                      {"FLEDGER_DB=" + (dir_.path() / "fledger.db").string(),
                       "XDG_DATA_HOME=" + (dir_.path() / "xdg").string()});
  }
  void CopyFixture(const std::string& from, const std::string& to) {
    std::filesystem::copy(
        SourceDir() / from, dir_.path() / to,
        std::filesystem::copy_options::recursive | std::filesystem::copy_options::copy_symlinks);
  }
  nlohmann::json Json(const std::string& relative) {
    return nlohmann::json::parse(ReadFile(dir_.path() / relative));
  }
  TempDir dir_;
};

const char* kSkillMatrix = "assessments/user/overview_skills_and_project_matrix.md";

TEST_F(CliTest, HelpForEveryVerbMatchesSnapshot) {
  for (const std::string verb :
       {"", "build-skill-assessment", "update-skill-assessment", "build-project-assessment",
        "update-project-assessment", "search", "standards", "history", "deps", "deps tree",
        "deps why", "deps impact", "deps sbom", "sca", "db", "db import", "db update",
        "db status"}) {
    std::vector<std::string> args;
    std::string name = verb.empty() ? "fledger" : verb;
    for (size_t start = 0; !verb.empty() && start <= verb.size();) {
      const size_t space = std::min(verb.find(' ', start), verb.size());
      args.push_back(verb.substr(start, space - start));
      start = space + 1;
    }
    std::replace(name.begin(), name.end(), ' ', '-');
    args.push_back("--help");
    const auto r = Run(args);
    EXPECT_EQ(r.exit_code, 0) << verb;
    EXPECT_EQ(CompareGolden(SourceDir() / "testdata/cli/help" / (name + ".txt"), r.out), "");
  }
}

TEST_F(CliTest, UsageErrorsExitTwo) {
  EXPECT_EQ(Run({}).exit_code, 2);
  EXPECT_EQ(Run({"no-such-verb"}).exit_code, 2);
  const auto r = Run({"search", "--search-type", "bogus", "x"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("expected code or file"), std::string::npos);
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;  // one line
}

TEST_F(CliTest, SkillAssessmentHasPracticesLevelsAndQuestions) {
  const auto r = Run({"build-skill-assessment", "SecurityCategory"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string md = ReadFile(dir_.path() / kSkillMatrix);
  for (const char* practice :
       {"Package Analysis", "Bug Check", "System Analysis", "Design a System",
        "Build a Threat Model", "Fix an Insecure System", "Working with Security Teams"}) {
    EXPECT_NE(md.find(std::string("| ") + practice + " |"), std::string::npos) << practice;
  }
  for (const char* level : {"Novice", "Practitioner", "Proficient", "Expert"}) {
    EXPECT_NE(md.find(level), std::string::npos) << level;
  }
  EXPECT_NE(md.find("| Category | Subcategory | Requirements | example | notes | Level | Status |"),
            std::string::npos);
  const auto j = Json("assessments/user/assessment.json");
  EXPECT_EQ(j["schema_version"], 1);
  ASSERT_GT(j["requirements"].size(), 40u);
  for (const auto& req : j["requirements"]) {
    for (const char* key :
         {"category", "subcategory", "requirement", "level", "status", "decided_by", "evidence"}) {
      ASSERT_TRUE(req.contains(key)) << key;
    }
  }
  EXPECT_NE(r.out.find("Skill assessment"), std::string::npos);
  // The misspelled alias from the Security Read Me works too.
  EXPECT_EQ(Run({"build-skill-assesment", "SecurityCategory"}).exit_code, 0);
}

TEST_F(CliTest, RebuildKeepsNotesStatusesAndSurroundingText) {
  ASSERT_EQ(Run({"build-skill-assessment", "SecurityCategory"}).exit_code, 0);
  std::string md = ReadFile(dir_.path() / kSkillMatrix);
  // Write a note and a status into the first data row, and text above and below the table.
  const size_t sep = md.find("|---|---|---|---|---|---|---|\n");
  ASSERT_NE(sep, std::string::npos);
  const size_t row_start = sep + std::string("|---|---|---|---|---|---|---|\n").size();
  const size_t row_end = md.find('\n', row_start);
  std::string row = md.substr(row_start, row_end - row_start);
  // Cells: | cat | sub | req | example | notes | level | status |
  std::vector<size_t> bars;
  for (size_t i = 0; i < row.size(); ++i)
    if (row[i] == '|' && (i == 0 || row[i - 1] != '\\')) bars.push_back(i);
  ASSERT_EQ(bars.size(), 8u);
  const std::string new_row = row.substr(0, bars[4] + 1) +
                              " I did this on curl, see my blog \\| post " +
                              row.substr(bars[5], bars[6] - bars[5] + 1) + " met |";
  md.replace(row_start, row_end - row_start, new_row);
  md = "My own heading\n\n" + md + "\nMy closing words.\n";
  std::ofstream(dir_.path() / kSkillMatrix) << md;

  ASSERT_EQ(Run({"build-skill-assessment", "SecurityCategory"}).exit_code, 0);
  ASSERT_EQ(Run({"update-skill-assessment", "user"}).exit_code, 0);
  const std::string after = ReadFile(dir_.path() / kSkillMatrix);
  EXPECT_EQ(after.rfind("My own heading\n\n", 0), 0u);
  EXPECT_NE(after.find("My closing words.\n"), std::string::npos);
  EXPECT_NE(after.find("I did this on curl, see my blog \\| post"), std::string::npos);
  const auto j = Json("assessments/user/assessment.json");
  EXPECT_EQ(j["requirements"][0]["status"], "met");
  EXPECT_EQ(j["requirements"][0]["decided_by"], "user");
  EXPECT_EQ(j["requirements"][1]["decided_by"], "auto");
}

TEST_F(CliTest, SkillsFilterKeepsMatchingRows) {
  const auto r = Run({"build-skill-assessment", "SecurityCategory", "--skills",
                      "threat, and logging", "--level", "3"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = Json("assessments/user/assessment.json");
  ASSERT_GT(j["requirements"].size(), 0u);
  for (const auto& req : j["requirements"]) {
    const std::string m = req["matched_skill"];
    EXPECT_TRUE(m == "threat" || m == "logging") << m;
  }
  EXPECT_EQ(j["target_level"], 3);
  EXPECT_EQ(Run({"build-skill-assessment", "SecurityCategory", "--level", "9"}).exit_code, 2);
}

TEST_F(CliTest, SearchSavesEvidenceOnceAndUpdateCountsIt) {
  CopyFixture("testdata/e2e/tiny-repo", "tiny");
  auto r = Run({"search", "README*", "tiny", "--search-type", "file"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "1 records found\nREADME.md\n");
  r = Run({"search", "strtol", "tiny"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "1 records found\nsrc/tiny.c:6:  for (int i = 1; i < argc; ++i) sum += strtol(argv[i], "
            "NULL, 10);\n");

  ASSERT_EQ(Run({"build-skill-assessment", "SecurityCategory"}).exit_code, 0);
  const auto j0 = Json("assessments/user/assessment.json");
  const std::string cat = j0["requirements"][0]["category"];
  const std::string sub = j0["requirements"][0]["subcategory"];
  for (int i = 0; i < 2; ++i) {
    r = Run({"search", "Report vulnerabilities", "tiny", "--save", "user", "--category", cat,
             "--subcategory", sub});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  const auto ev = Json("assessments/user/evidence.json");
  ASSERT_EQ(ev.size(), 1u);  // no duplicate on re-run
  EXPECT_EQ(ev[0]["records"][0][0]["path_and_file"], "SECURITY.md");
  EXPECT_EQ(ev[0]["records"][0][0]["location"], "3");
  ASSERT_EQ(Run({"update-skill-assessment"}).exit_code, 0);
  const auto j1 = Json("assessments/user/assessment.json");
  EXPECT_EQ(j1["requirements"][0]["evidence_records"], 1);
  EXPECT_NE(ReadFile(dir_.path() / kSkillMatrix).find("Records found: 1"), std::string::npos);
  EXPECT_NE(j1["requirements"][0]["status"], "unmet");

  // Fledger's own files are not searched: the saved record's lines would be found again.
  r = Run({"search", "Report vulnerabilities", "."});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "1 records found\ntiny/SECURITY.md:3:Report vulnerabilities privately to "
            "security@example.com. We answer within 7 days.\n");

  // A search that finds nothing saves nothing; one that found something before is updated to
  // nothing (the evidence is gone) and no longer counts.
  r = Run({"search", "no-such-text-anywhere", "tiny", "--save", "user", "--category", cat,
           "--subcategory", sub});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("Nothing saved: no records found"), std::string::npos) << r.err;
  EXPECT_EQ(Json("assessments/user/evidence.json").size(), 1u);
  std::ofstream(dir_.path() / "tiny/SECURITY.md") << "# Security\n";
  r = Run({"search", "Report vulnerabilities", "tiny", "--save", "user", "--category", cat,
           "--subcategory", sub});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Json("assessments/user/evidence.json")[0]["records"][0].empty());
  ASSERT_EQ(Run({"update-skill-assessment"}).exit_code, 0);
  EXPECT_EQ(Json("assessments/user/assessment.json")["requirements"][0]["evidence_records"], 0);
}

TEST_F(CliTest, SearchRedactsSecrets) {
  std::filesystem::create_directories(dir_.path() / "s");
  std::ofstream(dir_.path() / "s/config.env") << "AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\n";
  const auto r = Run({"search", "AWS_ACCESS", "s"});
  ASSERT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out.find("AKIAIOSFODNN7EXAMPLE"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("AKIA****"), std::string::npos) << r.out;
}

TEST_F(CliTest, ProjectAssessmentGolden) {
  CopyFixture("testdata/e2e/tiny-repo", "tiny");
  const auto catalog = (SourceDir() / "testdata/e2e/tiny-catalog.json").string();
  const auto r = Run({"build-project-assessment", catalog, "tiny"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = Json("tiny/assessments/project/assessment.json");
  j.erase("generated_at");
  j["catalog"].erase("origin");
  j.erase("subject");
  j["tool"].erase("version");
  EXPECT_EQ(
      CompareGolden(SourceDir() / "testdata/e2e/tiny-project/expected.json", j.dump(2) + "\n"), "");
  EXPECT_EQ(
      CompareGolden(SourceDir() / "testdata/e2e/tiny-project/expected.md",
                    ReadFile(dir_.path() / "tiny/assessments/project/overview_project_matrix.md")),
      "");
  // SARIF and JSON findings for the unmet criteria; --fail-on gates.
  const auto sarif = Run({"update-project-assessment", "tiny", "--format", "sarif"});
  ASSERT_EQ(sarif.exit_code, 0) << sarif.err;
  const auto s = nlohmann::json::parse(sarif.out);
  EXPECT_EQ(s["version"], "2.1.0");
  const auto js = Run({"update-project-assessment", "tiny", "--format", "json", "--level", "2"});
  ASSERT_EQ(js.exit_code, 0) << js.err;
  const auto f = nlohmann::json::parse(js.out);
  EXPECT_EQ(f["schema_version"], 1);
  ASSERT_GE(f["findings"].size(), 1u);
  EXPECT_EQ(f["findings"][0]["kind"], "hygiene");
  EXPECT_EQ(
      Run({"update-project-assessment", "tiny", "--fail-on", "high", "--level", "2"}).exit_code, 1);
  EXPECT_EQ(Run({"update-project-assessment", "tiny", "--fail-on", "bogus"}).exit_code, 2);
}

TEST_F(CliTest, OpenSsfOnBundledExampleDecidesCriteria) {
  CopyFixture("examples/vulnshop", "vulnshop");
  const auto r = Run({"build-project-assessment", "OpenSSF", "vulnshop"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = Json("vulnshop/assessments/project/assessment.json");
  EXPECT_GE(j["summary"]["decided_auto"].get<int>(), 15);
  bool license_met = false, security_unmet = false;
  for (const auto& req : j["requirements"]) {
    if (req["id"] == "license_location")
      license_met = req["status"] == "met" && !req["evidence"].empty();
    if (req["id"] == "vulnerability_report_process") security_unmet = req["status"] == "unmet";
    if (req["status"] == "met" && !req["checks"].empty()) {
      EXPECT_FALSE(req["evidence"].empty() && req["checks"][0]["note"] == "") << req["id"];
    }
  }
  EXPECT_TRUE(license_met);
  EXPECT_TRUE(security_unmet);
  EXPECT_NE(r.out.find("Decided automatically:"), std::string::npos);
}

// The dependency criteria come from the scan and the bundled OSV snapshot (XDG_DATA_HOME is a
// temp dir, so the database is seeded there), with the advisory ids as evidence.
TEST_F(CliTest, OpenSsfOnBundledExampleDecidesDependencyCriteriaFromTheScan) {
  CopyFixture("examples/vulnshop", "vulnshop");
  const auto r = Run({"build-project-assessment", "OpenSSF", "vulnshop", "--out", "."});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = Json("assessments/project/assessment.json");
  std::map<std::string, nlohmann::json> by_id;
  for (const auto& req : j["requirements"]) by_id[req["id"].get<std::string>()] = req;
  const auto evidence = [&](const std::string& id) {
    std::string all;
    for (const auto& e : by_id[id]["evidence"]) {
      all += e["path"].get<std::string>() + ":" + std::to_string(e["line"].get<int>()) + " " +
             e["excerpt"].get<std::string>() + "\n";
    }
    return all;
  };
  EXPECT_EQ(by_id["vulnerabilities_fixed_60_days"]["status"], "unmet");
  const std::string known = evidence("vulnerabilities_fixed_60_days");
  for (const char* ref :
       {"web/package-lock.json:182 GHSA-35jh-r3h4-6jhm lodash@4.17.15, high, public since",
        "worker/requirements.txt:", "PYSEC-", "gateway/go.mod:", " GO-20"}) {
    EXPECT_NE(known.find(ref), std::string::npos) << ref << "\n" << known;
  }
  EXPECT_EQ(by_id["vulnerabilities_critical_fixed"]["status"], "unmet");
  EXPECT_NE(evidence("vulnerabilities_critical_fixed").find("GHSA-xvch-5gv4-984h minimist@1.2.0"),
            std::string::npos);
  EXPECT_EQ(by_id["dependency_monitoring"]["status"], "unmet");
  EXPECT_EQ(by_id["external_dependencies"]["status"], "met");
  EXPECT_NE(evidence("external_dependencies").find("web/package-lock.json:0"), std::string::npos);
  // The matrix shows the finding ids too.
  const std::string md = ReadFile(dir_.path() / "assessments/project/overview_project_matrix.md");
  EXPECT_NE(md.find("GHSA-xvch-5gv4-984h"), std::string::npos);
  // A database named with --vuln-db is used (and seeded) instead of the default one.
  const auto named =
      Run({"update-project-assessment", "vulnshop", "--out", ".", "--vuln-db", "db/vulns.db"});
  ASSERT_EQ(named.exit_code, 0) << named.err;
  EXPECT_TRUE(std::filesystem::exists(dir_.path() / "db/vulns.db"));
  EXPECT_EQ(
      Run({"update-project-assessment", "vulnshop", "--vuln-db", "no/such/dir/v.db"}).exit_code, 2);
}

// `deps impact --save user` is evidence of the skill assessment: the Package Analysis rows it
// satisfies alone are met, the ones that also need the learner's write-up are partial until it
// exists.
TEST_F(CliTest, DepsImpactRecordDecidesPackageAnalysisRows) {
  CopyFixture("examples/vulnshop", "vulnshop");
  std::filesystem::create_directories(dir_.path() / "work");
  auto r = Run({"deps", "impact", "lodash", "vulnshop", "--save", "user", "--out", "work"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = Run({"build-skill-assessment", "SecurityCategory", "--out", "work", "--path", "work"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto statuses = [&] {
    std::map<std::string, std::string> out;
    const auto j = Json("work/assessments/user/assessment.json");
    for (const auto& req : j["requirements"]) {
      out[req["id"].get<std::string>()] = req["status"].get<std::string>();
    }
    return out;
  };
  auto s = statuses();
  EXPECT_EQ(s["pkg.step.pull-package"], "met");
  EXPECT_EQ(s["pkg.l1.name-dependency"], "met");
  EXPECT_EQ(s["pkg.l1.advisory-lookup"], "met");
  EXPECT_EQ(s["pkg.step.map-through"], "partial");
  EXPECT_EQ(s["pkg.l2.advisories"], "partial");
  EXPECT_EQ(s["pkg.step.choose-project"], "unmet");  // the record says nothing about a commit
  const std::string md = ReadFile(dir_.path() / "work" / kSkillMatrix);
  EXPECT_NE(md.find("`web/package-lock.json:182` pkg:npm/lodash@4.17.15 (fledger deps impact)"),
            std::string::npos);
  // The write-up: call sites with the component and data, advisory verdicts.
  std::ofstream(dir_.path() / "work/package-analysis-lodash.md")
      << "# lodash in vulnshop\n\n| call site | component | data |\n|---|---|---|\n"
      << "| web/src/server.js:8 | web | request body |\n| web/src/server.js:21 | web | query |\n"
      << "| web/src/server.js:40 | web | template |\n\nGHSA-35jh-r3h4-6jhm: affected.\n";
  r = Run({"update-skill-assessment", "--out", "work", "--path", "work"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  s = statuses();
  EXPECT_EQ(s["pkg.step.map-through"], "met");
  EXPECT_EQ(s["pkg.l2.advisories"], "met");
}

TEST_F(CliTest, StandardsListAndShow) {
  auto r = Run({"standards", "list"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* name :
       {"SecurityCategory", "OpenSSF", "ASVS", "SAMM", "SSDF", "OSPS-Baseline"}) {
    EXPECT_NE(r.out.find(name), std::string::npos) << name;
  }
  r = Run({"standards", "show", "OpenSSF"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Passing"), std::string::npos);
  r = Run({"standards", "show", "NoSuch"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("available: "), std::string::npos);
  EXPECT_NE(r.err.find("SecurityCategory"), std::string::npos);
}

TEST_F(CliTest, HistoryRecordsBuildsAndUpdates) {
  ASSERT_EQ(Run({"build-skill-assessment", "SecurityCategory"}).exit_code, 0);
  ASSERT_EQ(Run({"update-skill-assessment"}).exit_code, 0);
  const auto r = Run({"history", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j.size(), 2u);
  EXPECT_EQ(j[0]["action"], "build");
  EXPECT_EQ(j[1]["action"], "update");
  EXPECT_EQ(j[1]["catalog"], "SecurityCategory");
  const auto table = Run({"history"});
  EXPECT_NE(table.out.find("SecurityCategory"), std::string::npos);
}

// --- Bad input: one line on stderr naming the file and the step, exit 2, nothing lost. ---

void ExpectInputError(const testing::RunResult& r, const std::string& file_part,
                      const std::string& step) {
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_NE(r.err.find(file_part), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(step + " error"), std::string::npos) << r.err;
}

TEST_F(CliTest, MalformedCatalogNamesFileLineColumn) {
  std::ofstream(dir_.path() / "bad.json")
      << "{\n  \"standardsSet\": \"x\",\n  \"categories\": [,]\n}\n";
  ExpectInputError(Run({"build-skill-assessment", "bad.json"}), "bad.json:3:18", "syntax");
  ExpectInputError(Run({"build-skill-assessment", "missing.json"}), "missing.json", "origin");
  std::ofstream(dir_.path() / "utf8.json") << "{\"standardsSet\": \"\xc3\x28\"}";
  ExpectInputError(Run({"build-skill-assessment", "utf8.json"}), "utf8.json:1:19", "lexical");
}

TEST_F(CliTest, HugeInputsAreRejectedBySize) {
  {
    std::ofstream out(dir_.path() / "rows.json");
    out << R"({"standardsSet":"H","categories":[{"name":"C","subcategories":[{"name":"S","requirements":[)";
    for (int i = 0; i < 100000; ++i) out << (i ? ",\"r" : "\"r") << i << "\"";
    out << "]}]}]}";
  }
  ExpectInputError(Run({"build-skill-assessment", "rows.json"}), "rows.json", "size");
  // A 2 GB (sparse) file is refused before it is read.
  const auto big = dir_.path() / "big.json";
  { std::ofstream(big) << "{"; }
  ASSERT_EQ(::truncate(big.c_str(), 2LL << 30), 0);
  ExpectInputError(Run({"build-skill-assessment", "big.json"}), "big.json", "size");
}

TEST_F(CliTest, MalformedEvidenceLeavesMatrixIntact) {
  ASSERT_EQ(Run({"build-skill-assessment", "SecurityCategory"}).exit_code, 0);
  const std::string before = ReadFile(dir_.path() / kSkillMatrix);
  std::ofstream(dir_.path() / "assessments/user/evidence.json") << "[{\"name\": \"x\",]";
  ExpectInputError(Run({"update-skill-assessment"}), "evidence.json:1:15", "syntax");
  EXPECT_EQ(ReadFile(dir_.path() / kSkillMatrix), before);
}

// Regression (type-swap fuzzer): a check parameter of the wrong type made the build exit 3 with
// nlohmann's type_error, and `standards show` accepted the file.
TEST_F(CliTest, CatalogCheckParameterOfTheWrongTypeExitsTwo) {
  std::filesystem::create_directories(dir_.path() / "standards");
  for (const std::string check : {R"({"id":"evidence.count","min":"abc"})",
                                  R"({"id":"file.contains","glob":5,"pattern":"x"})",
                                  R"({"id":"file.contains","glob":"*","pattern":"(("})",
                                  R"({"id":"evidence.count","min":1e18})"}) {
    std::ofstream(dir_.path() / "standards/X.json")
        << R"({"standardsSet":"X","kind":"skill","categories":[{"name":"C","subcategories":[{"name":"S",)"
        << R"("requirements":["r"],"criteria":[{"id":"crit","checks":[)" << check << "]}]}]}]}";
    for (const auto& args : {std::vector<std::string>{"build-skill-assessment", "X"},
                             std::vector<std::string>{"standards", "show", "X"}}) {
      const auto r = Run(args);
      ExpectInputError(r, "standards/X.json", "semantics");
      EXPECT_NE(r.err.find("criterion 'crit'"), std::string::npos) << r.err;
    }
  }
}

// Regression: a field of the wrong type in the previous assessment.json made both update verbs
// exit 3 (type must be string, but is number).
TEST_F(CliTest, PreviousAssessmentOfTheWrongShapeExitsTwo) {
  CopyFixture("testdata/e2e/tiny-repo", "tiny");
  ASSERT_EQ(Run({"build-skill-assessment", "SecurityCategory"}).exit_code, 0);
  const auto catalog = (SourceDir() / "testdata/e2e/tiny-catalog.json").string();
  ASSERT_EQ(Run({"build-project-assessment", catalog, "tiny"}).exit_code, 0);
  struct Verb {
    std::string json;
    std::vector<std::string> args;
  };
  for (const Verb& verb :
       {Verb{"assessments/user/assessment.json", {"update-skill-assessment"}},
        Verb{"tiny/assessments/project/assessment.json", {"update-project-assessment", "tiny"}}}) {
    const std::string good = ReadFile(dir_.path() / verb.json);
    const auto original = nlohmann::json::parse(good);
    for (const auto& field : {"/catalog/name", "/catalog/origin", "/requirements/0/decided_by"}) {
      for (const auto& value : {nlohmann::json(5), nlohmann::json(nullptr), nlohmann::json::array(),
                                nlohmann::json::object(), nlohmann::json(true)}) {
        auto doc = original;
        doc[nlohmann::json::json_pointer(field)] = value;
        std::ofstream(dir_.path() / verb.json) << doc.dump(2);
        const auto r = Run(verb.args);
        ExpectInputError(r, verb.json, "semantics");
      }
    }
    auto doc = original;
    doc["schema_version"] = 999;
    std::ofstream(dir_.path() / verb.json) << doc.dump(2);
    ExpectInputError(Run(verb.args), verb.json, "semantics");
    std::ofstream(dir_.path() / verb.json) << good;
  }
}

// Regression: {"a":1} was accepted as evidence and rewritten as an invented record.
TEST_F(CliTest, EvidenceOfTheWrongShapeIsRejectedAndKept) {
  CopyFixture("testdata/e2e/tiny-repo", "tiny");
  ASSERT_EQ(Run({"build-skill-assessment", "SecurityCategory"}).exit_code, 0);
  const auto evidence = dir_.path() / "assessments/user/evidence.json";
  for (const auto& bad : {std::string(R"({"a":1})"),
                          std::string(R"([{"name":"n","pattern":"p","type":"code","records":[[)"
                                      R"({"path_and_file":5,"location":{},"code":null}]]}])"),
                          std::string()}) {
    std::ofstream(evidence) << bad;
    ExpectInputError(Run({"update-skill-assessment"}), "evidence.json",
                     bad.empty() ? "syntax" : "semantics");
    ExpectInputError(Run({"search", "strtol", "tiny", "--save", "user", "--category", "Bug Check",
                          "--subcategory", "X"}),
                     "evidence.json", bad.empty() ? "syntax" : "semantics");
    EXPECT_EQ(ReadFile(evidence), bad);
  }
}

// Regression: an unknown Status was replaced without a word.
TEST_F(CliTest, UnknownStatusIsWarnedAboutWithFileAndLine) {
  ASSERT_EQ(Run({"build-skill-assessment", "SecurityCategory"}).exit_code, 0);
  std::string md = ReadFile(dir_.path() / kSkillMatrix);
  const size_t sep = md.find("|---|---|---|---|---|---|---|\n");
  ASSERT_NE(sep, std::string::npos);
  const size_t row_end = md.find('\n', sep + 30);
  const size_t status = md.rfind("| ", row_end - 2);
  md.replace(status, row_end - status, "| banana |");
  const int line =
      static_cast<int>(std::count(md.begin(), md.begin() + static_cast<long>(status), '\n')) + 1;
  std::ofstream(dir_.path() / kSkillMatrix) << md;
  const auto r = Run({"update-skill-assessment"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find(std::string("warning: ./") + kSkillMatrix + ":" + std::to_string(line) +
                       ": unknown Status 'banana' ignored"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
}

TEST_F(CliTest, EvidenceOutsideTheProjectIsIgnored) {
  ASSERT_EQ(Run({"build-skill-assessment", "SecurityCategory"}).exit_code, 0);
  const auto j = Json("assessments/user/assessment.json");
  const std::string cat = j["requirements"][0]["category"];
  const std::string sub = j["requirements"][0]["subcategory"];
  std::ofstream(dir_.path() / "assessments/user/evidence.json")
      << R"([{"name":"x","pattern":"p","type":"file","category":")" << cat << R"(","subcategory":")"
      << sub
      << R"(","records":[[{"path_and_file":"../../etc/passwd","location":"1","code":"root:x:0:0"}]]}])";
  const auto r = Run({"update-skill-assessment"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("escapes the project root"), std::string::npos) << r.err;
  const auto after = Json("assessments/user/assessment.json");
  EXPECT_TRUE(after["requirements"][0]["evidence"].empty());
  EXPECT_EQ(ReadFile(dir_.path() / kSkillMatrix).find("etc/passwd"), std::string::npos);
}

TEST_F(CliTest, UpdateWithoutBuildIsAnError) {
  const auto r = Run({"update-skill-assessment"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("build-skill-assessment"), std::string::npos);
}

TEST_F(CliTest, SearchSurvivesHostileTrees) {
  const auto root = dir_.path() / "hostile";
  std::filesystem::create_directories(root / "a");
  std::ofstream(root / "a/file.txt") << "needle\n";
  std::filesystem::create_directory_symlink("../a", root / "a/loop");     // a cycle
  std::filesystem::create_symlink("/etc/passwd", root / "passwd");        // escapes the root
  std::ofstream(root / "bin.dat") << std::string("needle\0\x01\x02", 9);  // binary
  std::ofstream(root / "name\x1b[31m.txt") << "needle\n";                 // control chars in a name
  const auto r = Run({"search", "needle|root:", "hostile"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.find("root:"), std::string::npos);  // /etc/passwd never read
  EXPECT_EQ(r.out.find('\x1b'), std::string::npos);   // names are escaped
  EXPECT_NE(r.out.find("a/file.txt:1:needle"), std::string::npos);
  ExpectInputError(Run({"search", "x", "does-not-exist"}), "does-not-exist", "origin");
  ExpectInputError(Run({"search", "a(b", "hostile"}), "pattern", "syntax");
}

// A cloned repository decides what its assessments/ folder is. Symlinks there must never make
// Fledger write outside the tree or copy another file into its outputs.
TEST_F(CliTest, AssessmentFilesAreNeverReadOrWrittenThroughSymlinks) {
  const auto victim = dir_.path() / "victim";
  std::filesystem::create_directories(victim);
  const auto outside = dir_.path() / "outside.txt";
  std::ofstream(outside) << "PRIVATE CONTENT\n";
  struct Case {
    std::string link;    // relative to the repository
    std::string target;  // what it points at
  };
  const std::vector<Case> cases = {
      {"assessments", victim.string()},                                      // the folder
      {"assessments/project", victim.string()},                              // the kind's folder
      {"assessments/project/overview_project_matrix.md", outside.string()},  // read as "user text"
      {"assessments/project/evidence.json", "/nonexistent/evidence.json"},   // dangling
      {"assessments/project/assessment.json", "assessment.json"},            // a loop
  };
  for (const auto& c : cases) {
    const auto repo = dir_.path() / "repo";
    std::filesystem::remove_all(repo);
    std::filesystem::create_directories(repo / std::filesystem::path(c.link).parent_path());
    std::ofstream(repo / "README.md") << "# R\n";
    std::filesystem::create_symlink(c.target, repo / c.link);
    ExpectInputError(Run({"build-project-assessment", "OpenSSF", "repo"}), c.link, "origin");
    EXPECT_TRUE(std::filesystem::is_empty(victim)) << c.link;
    EXPECT_EQ(ReadFile(outside), "PRIVATE CONTENT\n") << c.link;
    EXPECT_TRUE(std::filesystem::is_symlink(repo / c.link)) << c.link << ": the link was replaced";
  }
  // search --save checks the same folder.
  ExpectInputError(Run({"search", "R", "repo", "--save", "project", "--category", "C",
                        "--subcategory", "S", "--out", "repo"}),
                   "assessment.json", "origin");
}

// --- Hostile text: C1 controls (CSI) and bidi controls from catalogs, file names and file lines
// reach no output raw. JSON escapes them as \uXXXX (and parses back to the same text); the
// terminal and Markdown show them as "\u202e"-style text. ---

// C1 CSI, RLO, an isolate and a line separator: each one can drive a terminal or reorder a line.
constexpr const char* kHostile = "x\xC2\x9BK\xE2\x80\xAEtxt\xE2\x81\xA6g\xE2\x80\xA8y";

// True if `text` holds one of the code points above (or any C1 or bidi control) unescaped.
bool HasRawControl(const std::string& text) {
  for (size_t i = 0; i + 1 < text.size(); ++i) {
    const auto a = static_cast<unsigned char>(text[i]), b = static_cast<unsigned char>(text[i + 1]);
    if (a == 0xC2 && b >= 0x80 && b <= 0x9F) return true;  // U+0080..U+009F
    if (a == 0xD8 && b == 0x9C) return true;               // U+061C
    if (a == 0xE2 && i + 2 < text.size()) {
      const auto c = static_cast<unsigned char>(text[i + 2]);
      if (b == 0x80 && (c == 0x8E || c == 0x8F || (c >= 0xA8 && c <= 0xAE))) return true;  // 200E..
      if (b == 0x81 && c >= 0xA6 && c <= 0xA9) return true;  // U+2066..U+2069
    }
  }
  return false;
}

// The test's own failure messages must not reorder the log they are printed to.
std::string EscapeForMessage(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    if (c >= 0x80) {
      char buf[8];
      std::snprintf(buf, sizeof(buf), "\\x%02x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

// Regression: these outputs came out with the controls raw; `standards list --format json`
// threw (and aborted) on a catalog directory whose name is not UTF-8.
TEST_F(CliTest, ControlsInCatalogsNamesAndLinesNeverReachAnOutputRaw) {
  const std::string h = kHostile;
  nlohmann::json catalog = {
      {"standardsSet", "Title " + h},
      {"kind", "skill"},
      {"version", "v" + h},
      {"levels", {{{"id", 1}, {"name", "Lvl " + h}}}},
      {"categories",
       {{{"name", "Cat " + h},
         {"subcategories", {{{"name", "Sub " + h}, {"requirements", {"Req " + h}}}}}}}}};
  std::ofstream(dir_.path() / "hostile.json") << catalog.dump();
  std::filesystem::create_directories(dir_.path() / "ws");
  std::ofstream(dir_.path() / "ws" / ("name" + h + ".txt")) << "needle " << h << "\n";

  struct Case {
    std::vector<std::string> args;
    bool json;
  };
  const Case cases[] = {
      {{"standards", "show", "hostile.json", "--format", "json"}, true},
      {{"standards", "show", "hostile.json", "-v"}, false},
      {{"build-skill-assessment", "hostile.json", "--format", "json"}, true},
      {{"build-skill-assessment", "hostile.json"}, false},
      {{"update-skill-assessment"}, false},
      {{"search", "needle", "ws", "--format", "json"}, true},
      {{"search", "needle", "ws"}, false},
      {{"search", "needle", "ws", "--save", "user", "--category", "Cat " + h, "--subcategory",
        "Sub " + h},
       false},
      {{"update-skill-assessment", "--format", "json"}, true},
  };
  for (const auto& c : cases) {
    std::string command = "fledger";
    for (const auto& a : c.args) command += " " + EscapeForMessage(a);
    const auto r = Run(c.args);
    ASSERT_EQ(r.exit_code, 0) << command << ": " << r.err;
    EXPECT_FALSE(HasRawControl(r.out)) << command << ":\n" << EscapeForMessage(r.out);
    EXPECT_FALSE(HasRawControl(r.err)) << command << ":\n" << EscapeForMessage(r.err);
    EXPECT_NE(r.out.find("\\u202e"), std::string::npos) << command;  // shown, not dropped
    EXPECT_TRUE(!c.json || nlohmann::json::accept(r.out)) << command;
  }
  // The JSON escapes denote the original text.
  const auto shown =
      nlohmann::json::parse(Run({"standards", "show", "hostile.json", "--format", "json"}).out);
  EXPECT_EQ(shown["title"], "Title " + h);
  EXPECT_EQ(shown["categories"][0]["name"], "Cat " + h);

  // Every file written is free of raw controls too, and keeps the text.
  for (const char* file :
       {"assessments/user/assessment.json", "assessments/user/evidence.json", kSkillMatrix}) {
    const std::string text = ReadFile(dir_.path() / file);
    EXPECT_FALSE(HasRawControl(text)) << file << ":\n" << text;
    EXPECT_NE(text.find("\\u202e"), std::string::npos) << file;
  }
  const auto assessment = Json("assessments/user/assessment.json");
  EXPECT_EQ(assessment["requirements"][0]["requirement"], "Req " + h);
  EXPECT_EQ(assessment["requirements"][0]["evidence_records"], 1);
  const auto evidence = Json("assessments/user/evidence.json");
  EXPECT_EQ(evidence[0]["records"][0][0]["path_and_file"], "name" + h + ".txt");

  // A catalog directory whose name is not UTF-8 is listed with U+FFFD, not a crash.
  const auto xdg = dir_.path() / "xdg\xFF";
  std::filesystem::create_directories(xdg / "fledger" / "standards");
  std::filesystem::copy_file(dir_.path() / "hostile.json",
                             xdg / "fledger" / "standards" / "Hostile.json");
  const auto list = RunFledger(
      {"standards", "list", "--format", "json"}, dir_.path(),
      {"FLEDGER_DB=" + (dir_.path() / "fledger.db").string(), "XDG_DATA_HOME=" + xdg.string()});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_FALSE(HasRawControl(list.out)) << list.out;
  const auto listed = nlohmann::json::parse(list.out);
  bool found = false;
  for (const auto& l : listed) {
    if (l["name"] != "Hostile") continue;
    found = true;
    EXPECT_EQ(l["title"], "Title " + h);
    EXPECT_NE(l["origin"].get<std::string>().find("xdg\xEF\xBF\xBD"), std::string::npos)
        << l["origin"];
  }
  EXPECT_TRUE(found) << list.out;
}

// --- Flags: every value is checked before any work, and errors name the flag and the step. ---

// One line on stderr, "fledger: error: <expected>...", exit 2, nothing on stdout.
void ExpectFlagError(const testing::RunResult& r, const std::string& expected) {
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_EQ(r.err.rfind("fledger: error: " + expected, 0), 0u) << r.err;
  EXPECT_EQ(r.out, "") << r.out;
}

TEST_F(CliTest, BadFlagsFailBeforeAnySideEffect) {
  CopyFixture("testdata/e2e/tiny-repo", "tiny");
  const auto log = (dir_.path() / "logs").string();
  std::filesystem::create_directory(log);
  std::ofstream(dir_.path() / "plain.txt") << "x\n";
  ASSERT_EQ(::mkfifo((dir_.path() / "fifo").c_str(), 0600), 0);
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"--fail-on", "bogus"}, "--fail-on bogus: semantics error: "},
      {{"-o", dir_.path().string()},
       "-o " + dir_.path().string() + ": origin error: is a directory"},
      {{"-o", "no/such/dir/out.sarif"},
       "-o no/such/dir/out.sarif: origin error: directory no/such/dir does not exist"},
      {{"-o", "fifo"}, "-o fifo: origin error: not a regular file"},
      {{"--format", "bogus"}, "--format bogus: semantics error: expected table, json, sarif or md"},
      {{"--level", "0"}, "--level 0: semantics error: "},
      {{"--level", "9"}, "--level 9: semantics error: "},
      {{"--jobs", "999"}, "--jobs 999: semantics error: must be 0 to 256"},
      {{"--out", "plain.txt"}, "--out plain.txt: origin error: not a directory"},
      {{"--log-file", log}, "--log-file " + log + ": origin error: is a directory"},
  };
  for (const auto& [flags, expected] : cases) {
    std::vector<std::string> args = {"build-project-assessment", "OpenSSF", "tiny"};
    args.insert(args.end(), flags.begin(), flags.end());
    SCOPED_TRACE(expected);
    ExpectFlagError(Run(args), expected);
  }
  EXPECT_FALSE(std::filesystem::exists(dir_.path() / "tiny/assessments"));
  EXPECT_FALSE(std::filesystem::exists(dir_.path() / "no"));
  EXPECT_EQ(std::filesystem::symlink_status(dir_.path() / "fifo").type(),
            std::filesystem::file_type::fifo);
  EXPECT_TRUE(std::filesystem::is_empty(log));
  EXPECT_EQ(Run({"history", "--format", "json"}).out, "[]\n");  // no snapshot recorded

  // The same checks run for the other verbs: an update leaves the matrix and the history alone.
  ASSERT_EQ(Run({"build-skill-assessment", "SecurityCategory"}).exit_code, 0);
  const std::string matrix = ReadFile(dir_.path() / kSkillMatrix);
  ExpectFlagError(Run({"update-skill-assessment", "-o", "no/such/dir/x.json"}),
                  "-o no/such/dir/x.json");
  ExpectFlagError(Run({"update-skill-assessment", "--format", "sarif"}), "--format sarif");
  ExpectFlagError(Run({"search", "strtol", "tiny", "-o", dir_.path().string()}), "-o ");
  ExpectFlagError(Run({"history", "-o", "no/such/dir/h.txt"}), "-o no/such/dir/h.txt");
  ExpectFlagError(Run({"standards", "list", "--jobs", "-1"}), "--jobs -1: semantics error");
  EXPECT_EQ(ReadFile(dir_.path() / kSkillMatrix), matrix);
  EXPECT_EQ(nlohmann::json::parse(Run({"history", "--format", "json"}).out).size(), 1u);

  // A good -o still works, and replaces a regular file.
  const auto ok =
      Run({"build-project-assessment", "OpenSSF", "tiny", "--format", "sarif", "-o", "plain.txt"});
  ASSERT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_EQ(nlohmann::json::parse(ReadFile(dir_.path() / "plain.txt"))["version"], "2.1.0");
}

TEST_F(CliTest, SmallFlagMistakesAreErrors) {
  // A dangling symlink at -o is refused like any other symlink.
  std::filesystem::create_symlink(dir_.path() / "nothere", dir_.path() / "lnk");
  ExpectInputError(Run({"standards", "list", "-o", "lnk"}), "-o", "origin");
  EXPECT_TRUE(std::filesystem::is_symlink(dir_.path() / "lnk"));
  // PATH and --repo-path naming different directories.
  std::filesystem::create_directories(dir_.path() / "a");
  std::filesystem::create_directories(dir_.path() / "b");
  ExpectInputError(Run({"search", "x", "a", "--repo-path", "b"}), "--repo-path", "semantics");
  EXPECT_EQ(Run({"search", "x", "--repo-path", "b"}).exit_code, 0);
  // Updating what was never built names the file and the step.
  ExpectInputError(Run({"update-project-assessment", "a"}), "a/assessments/project/assessment.json",
                   "origin");
}

// A cloned repository's assessment.json names the catalog the last build used; an update must
// not read whatever file it names, nor quote any of it.
TEST_F(CliTest, RecordedCatalogOriginMustBeACatalogAndIsNeverQuoted) {
  const auto outside = dir_.path() / "outside";
  std::filesystem::create_directories(outside);
  std::ofstream(outside / "secret.txt") << "TOPSECRET-CONTENT\n";
  std::ofstream(outside / "secret.json") << "TOPSECRET-CONTENT\n";
  std::filesystem::create_directories(dir_.path() / "repo");
  std::ofstream(dir_.path() / "repo/README.md") << "# R\n";
  ASSERT_EQ(Run({"build-project-assessment", "OpenSSF", "repo"}).exit_code, 0);
  const auto json_path = dir_.path() / "repo/assessments/project/assessment.json";
  auto j = Json("repo/assessments/project/assessment.json");
  const auto update_with_origin = [&](const std::filesystem::path& origin) {
    j["catalog"]["origin"] = origin.string();
    std::ofstream(json_path) << j.dump(2);
    return Run({"update-project-assessment", "repo"});
  };
  auto r = update_with_origin(outside / "secret.txt");
  ExpectInputError(r, "catalog.origin", "semantics");
  EXPECT_EQ(r.err.find("TOPSECRET"), std::string::npos) << r.err;
  r = update_with_origin(outside / "secret.json");
  ExpectInputError(r, "secret.json:1:1", "syntax");
  EXPECT_EQ(r.err.find("TOPSECRET"), std::string::npos) << r.err;
  // With no origin, the recorded name is looked up as a name, never opened as a path.
  j["catalog"]["origin"] = "built-in";
  j["catalog"]["name"] = (outside / "secret.txt").string();
  std::ofstream(json_path) << j.dump(2);
  r = Run({"update-project-assessment", "repo"});
  ExpectInputError(r, "catalog.name", "semantics");
  EXPECT_EQ(r.err.find("TOPSECRET"), std::string::npos) << r.err;
  j["catalog"]["name"] = "OpenSSF";
  // A real catalog elsewhere (the user's own) is used.
  std::filesystem::copy_file(SourceDir() / "testdata/e2e/tiny-catalog.json", outside / "t.json");
  EXPECT_EQ(update_with_origin(outside / "t.json").exit_code, 0);
}

TEST_F(CliTest, UnusableHistoryDatabaseStopsBeforeAnyWork) {
  std::ofstream(dir_.path() / "garbage.db") << "not a database at all, just text\n";
  std::filesystem::create_directories(dir_.path() / "dbdir");
  for (const char* db : {"garbage.db", "dbdir"}) {
    const auto r = Run({"build-skill-assessment", "SecurityCategory", "--db", db});
    EXPECT_EQ(r.exit_code, 2) << db << ": " << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_NE(r.err.find(db), std::string::npos) << r.err;
    EXPECT_TRUE(r.out.empty()) << r.out;
    EXPECT_FALSE(std::filesystem::exists(dir_.path() / kSkillMatrix)) << db;
  }
}

TEST_F(CliTest, EmptyCatalogNameIsAnErrorNotTheLastCatalog) {
  ASSERT_EQ(Run({"build-skill-assessment", "SecurityCategory"}).exit_code, 0);
  ExpectInputError(Run({"build-skill-assessment", ""}), "catalog name", "lexical");
  ExpectInputError(Run({"build-project-assessment", " ", "."}), "catalog name", "lexical");
}

TEST_F(CliTest, LevelZeroIsRejectedAndUpdateKeepsTheBuildsLevel) {
  CopyFixture("testdata/e2e/tiny-repo", "tiny");
  ExpectFlagError(Run({"build-project-assessment", "OpenSSF", "tiny", "--level", "0"}),
                  "--level 0: semantics error: must be at least 1");
  ExpectFlagError(Run({"build-skill-assessment", "SecurityCategory", "--level", "0"}),
                  "--level 0: semantics error: must be at least 1");
  ExpectFlagError(Run({"build-skill-assessment", "SecurityCategory", "--level", "abc"}),
                  "--level abc: syntax error: expected a whole number");
  ASSERT_EQ(Run({"build-skill-assessment", "SecurityCategory", "--level", "3"}).exit_code, 0);
  ExpectFlagError(Run({"update-skill-assessment", "--level", "0"}), "--level 0: semantics error");
  ASSERT_EQ(Run({"update-skill-assessment"}).exit_code, 0);  // no --level: the build's level
  EXPECT_EQ(Json("assessments/user/assessment.json")["target_level"], 3);
  ASSERT_EQ(Run({"build-project-assessment", "OpenSSF", "tiny", "--level", "2"}).exit_code, 0);
  ExpectFlagError(Run({"update-project-assessment", "tiny", "--level", "0"}),
                  "--level 0: semantics error");
  ASSERT_EQ(Run({"update-project-assessment", "tiny"}).exit_code, 0);
  EXPECT_EQ(Json("tiny/assessments/project/assessment.json")["target_level"], 2);
}

TEST_F(CliTest, UnsupportedFormatsAreRejectedByEveryVerb) {
  ASSERT_EQ(Run({"build-skill-assessment", "SecurityCategory"}).exit_code, 0);
  const std::vector<std::vector<std::string>> verbs = {
      {"history"},
      {"standards", "list"},
      {"standards", "show", "OpenSSF"},
      {"search", "x"},
      {"build-skill-assessment", "SecurityCategory"},
      {"update-skill-assessment"}};
  for (const auto& verb : verbs) {
    for (const std::string format : {"bogus", "sarif", "md"}) {
      auto args = verb;
      args.insert(args.end(), {"--format", format});
      SCOPED_TRACE(verb.front() + " --format " + format);
      ExpectFlagError(Run(args),
                      "--format " + format + ": semantics error: expected table or json");
    }
  }
  EXPECT_EQ(Run({"standards", "show", "OpenSSF", "--format", "JSON"}).exit_code, 0);
}

TEST_F(CliTest, FailedWritesToStandardOutputAreErrors) {
  if (!std::filesystem::exists("/dev/full")) GTEST_SKIP() << "no /dev/full";
  ASSERT_EQ(std::filesystem::status("/dev/full").type(), std::filesystem::file_type::character);
  const std::vector<std::vector<std::string>> runs = {
      {"standards", "show", "OpenSSF", "--format", "json"}, {"standards", "list"}, {"history"}};
  for (const auto& args : runs) {
    const auto r = RunFledger(args, dir_.path(),
                              {"FLEDGER_DB=" + (dir_.path() / "fledger.db").string()}, "/dev/full");
    SCOPED_TRACE(args.front());
    ExpectFlagError(r, "standard output: origin error: cannot write: No space left on device");
  }
}

TEST_F(CliTest, UsageErrorsNameTheWordAndTheStep) {
  ExpectFlagError(Run({"frobnicate"}),
                  "frobnicate: syntax error: unknown verb; expected build-skill-assessment");
  ExpectFlagError(Run({"--bogus"}), "--bogus: syntax error: unknown flag");
  ExpectFlagError(Run({"standards", "frob"}),
                  "frob: syntax error: unknown verb; expected list, show");
  ExpectFlagError(Run({"history", "--bogus"}),
                  "--bogus: syntax error: unknown flag for fledger history");
  ExpectFlagError(Run({}), "syntax error: no verb given");
  ExpectFlagError(Run({"standards", "show", "NoSuch"}),
                  "catalog 'NoSuch': origin error: no such catalog; available: ");
  ExpectFlagError(Run({"history", "--kind", "bogus"}),
                  "--kind bogus: semantics error: expected user or project");
  ExpectFlagError(Run({"history", "--limit", "0"}), "--limit 0: semantics error");
  std::ofstream(dir_.path() / "file.txt") << "x\n";
  const auto r = Run({"search", "x", ".", "--save", "user"});
  ExpectFlagError(r, "--save user: semantics error: needs --category and --subcategory");
  EXPECT_EQ(r.err.find("--save", r.err.find("--save") + 1), std::string::npos) << r.err;  // once
  ExpectFlagError(Run({"search", "x", ".", "--save", "user", "--category", "c", "--subcategory",
                       "s", "--out", "file.txt"}),
                  "--out file.txt: origin error: not a directory");
  ExpectFlagError(Run({"search", "x", ".", "--category", "c"}),
                  "--category c: semantics error: only used with --save");
  ExpectFlagError(Run({"history", "--log-file", dir_.path().string()}),
                  "--log-file " + dir_.path().string() + ": origin error: is a directory");
  ExpectFlagError(Run({"build-skill-assessment", "SecurityCategory", "--level"}),
                  "--level: syntax error: needs a value");
}

TEST_F(CliTest, VerboseSearchListsEachSkippedEntry) {
  const auto root = dir_.path() / "hostile";
  std::filesystem::create_directories(root / "a");
  std::ofstream(root / "a/file.txt") << "needle\n";
  std::filesystem::create_symlink("/etc/passwd", root / "passwd");
  std::filesystem::create_directory_symlink("../a", root / "a/loop");
  std::ofstream(root / "name\x1b[31m.txt") << "needle\n";
  const auto quiet = Run({"search", "needle", "hostile"});
  ASSERT_EQ(quiet.exit_code, 0) << quiet.err;
  EXPECT_NE(quiet.err.find("3 entries skipped ("), std::string::npos) << quiet.err;
  EXPECT_NE(quiet.err.find("; -v lists them"), std::string::npos) << quiet.err;
  EXPECT_EQ(quiet.err.find("passwd"), std::string::npos) << quiet.err;
  for (const char* v : {"-v", "-vv"}) {
    const auto r = Run({"search", "needle", "hostile", v});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.err.find("info: skipped passwd: symlink leaving the tree"), std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find("info: skipped a/loop: symlink to a directory"), std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find("info: skipped name%1B[31m.txt: unreadable or an unusable name"),
              std::string::npos)
        << r.err;
    EXPECT_EQ(r.err.find('\x1b'), std::string::npos);  // escaped for the terminal
    EXPECT_EQ(r.err.find("-v lists them"), std::string::npos) << r.err;
  }
}

}  // namespace
}  // namespace fledger
