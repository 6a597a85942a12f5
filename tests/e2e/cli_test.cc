// End-to-end tests: the fledger binary run as a user would, on copies of fixtures in a temp dir.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
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
    return RunFledger(args, dir_.path(), {"FLEDGER_DB=" + (dir_.path() / "fledger.db").string(),
                                          "XDG_DATA_HOME=" + (dir_.path() / "xdg").string()});
  }
  void CopyFixture(const std::string& from, const std::string& to) {
    std::filesystem::copy(SourceDir() / from, dir_.path() / to,
                          std::filesystem::copy_options::recursive | std::filesystem::copy_options::copy_symlinks);
  }
  nlohmann::json Json(const std::string& relative) { return nlohmann::json::parse(ReadFile(dir_.path() / relative)); }
  TempDir dir_;
};

const char* kSkillMatrix = "assessments/user/overview_skills_and_project_matrix.md";

TEST_F(CliTest, HelpForEveryVerbMatchesSnapshot) {
  for (const std::string verb : {"", "build-skill-assessment", "update-skill-assessment", "build-project-assessment",
                                 "update-project-assessment", "search", "standards", "history"}) {
    std::vector<std::string> args;
    if (!verb.empty()) args.push_back(verb);
    args.push_back("--help");
    const auto r = Run(args);
    EXPECT_EQ(r.exit_code, 0) << verb;
    const std::string name = verb.empty() ? "fledger" : verb;
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
  for (const char* practice : {"Package Analysis", "Bug Check", "System Analysis", "Design a System",
                               "Build a Threat Model", "Fix an Insecure System", "Working with Security Teams"}) {
    EXPECT_NE(md.find(std::string("| ") + practice + " |"), std::string::npos) << practice;
  }
  for (const char* level : {"Novice", "Practitioner", "Proficient", "Expert"}) {
    EXPECT_NE(md.find(level), std::string::npos) << level;
  }
  EXPECT_NE(md.find("| Category | Subcategory | Requirements | example | notes | Level | Status |"), std::string::npos);
  const auto j = Json("assessments/user/assessment.json");
  EXPECT_EQ(j["schema_version"], 1);
  ASSERT_GT(j["requirements"].size(), 40u);
  for (const auto& req : j["requirements"]) {
    for (const char* key : {"category", "subcategory", "requirement", "level", "status", "decided_by", "evidence"}) {
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
  const std::string new_row = row.substr(0, bars[4] + 1) + " I did this on curl, see my blog \\| post " +
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
  const auto r = Run({"build-skill-assessment", "SecurityCategory", "--skills", "threat, and logging", "--level", "3"});
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
  EXPECT_EQ(r.out, "1 records found\nsrc/tiny.c:6:  for (int i = 1; i < argc; ++i) sum += strtol(argv[i], NULL, 10);\n");

  ASSERT_EQ(Run({"build-skill-assessment", "SecurityCategory"}).exit_code, 0);
  const auto j0 = Json("assessments/user/assessment.json");
  const std::string cat = j0["requirements"][0]["category"];
  const std::string sub = j0["requirements"][0]["subcategory"];
  for (int i = 0; i < 2; ++i) {
    r = Run({"search", "Report vulnerabilities", "tiny", "--save", "user", "--category", cat, "--subcategory", sub});
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

  // A search that finds nothing saves nothing; one that found something before is updated to
  // nothing (the evidence is gone) and no longer counts.
  r = Run({"search", "no-such-text-anywhere", "tiny", "--save", "user", "--category", cat, "--subcategory", sub});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("Nothing saved: no records found"), std::string::npos) << r.err;
  EXPECT_EQ(Json("assessments/user/evidence.json").size(), 1u);
  std::ofstream(dir_.path() / "tiny/SECURITY.md") << "# Security\n";
  r = Run({"search", "Report vulnerabilities", "tiny", "--save", "user", "--category", cat, "--subcategory", sub});
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
  EXPECT_EQ(CompareGolden(SourceDir() / "testdata/e2e/tiny-project/expected.json", j.dump(2) + "\n"), "");
  EXPECT_EQ(CompareGolden(SourceDir() / "testdata/e2e/tiny-project/expected.md",
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
  EXPECT_EQ(Run({"update-project-assessment", "tiny", "--fail-on", "high", "--level", "2"}).exit_code, 1);
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
    if (req["id"] == "license_location") license_met = req["status"] == "met" && !req["evidence"].empty();
    if (req["id"] == "vulnerability_report_process") security_unmet = req["status"] == "unmet";
    if (req["status"] == "met" && !req["checks"].empty()) {
      EXPECT_FALSE(req["evidence"].empty() && req["checks"][0]["note"] == "") << req["id"];
    }
  }
  EXPECT_TRUE(license_met);
  EXPECT_TRUE(security_unmet);
  EXPECT_NE(r.out.find("Decided automatically:"), std::string::npos);
}

TEST_F(CliTest, StandardsListAndShow) {
  auto r = Run({"standards", "list"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* name : {"SecurityCategory", "OpenSSF", "ASVS", "SAMM", "SSDF", "OSPS-Baseline"}) {
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

void ExpectInputError(const testing::RunResult& r, const std::string& file_part, const std::string& step) {
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_NE(r.err.find(file_part), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(step + " error"), std::string::npos) << r.err;
}

TEST_F(CliTest, MalformedCatalogNamesFileLineColumn) {
  std::ofstream(dir_.path() / "bad.json") << "{\n  \"standardsSet\": \"x\",\n  \"categories\": [,]\n}\n";
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
      << R"([{"name":"x","pattern":"p","type":"file","category":")" << cat << R"(","subcategory":")" << sub
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
  std::filesystem::create_symlink("/etc/passwd", root / "passwd");         // escapes the root
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

}  // namespace
}  // namespace fledger
