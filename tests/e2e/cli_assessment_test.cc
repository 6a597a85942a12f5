// End-to-end tests of the assessment and search verbs: skill and project assessments built and
// updated (notes and decisions kept), evidence saved by `search` and `deps impact`, the bundled
// example decided against OpenSSF.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "e2e/cli_fixture.h"
#include "test_util.h"

namespace fledger::e2e {
namespace {

using testing::CompareGolden;
using testing::ReadFile;
using testing::SourceDir;

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

// A threat model kept as code (threatmodel.yaml in Fledger's format) is evidence for the System
// Analysis, Design a System and Build a Threat Model rows: its flows, inverted assumptions and
// ranked misuse cases are counted by the model.* checks, as alternatives to the Markdown and
// OWASP-Threat-Model-Library checks of the same rows.
TEST_F(CliTest, ThreatModelIsEvidenceForTheModelingSkills) {
  auto statuses = [&] {
    std::map<std::string, std::string> out;
    const nlohmann::json doc = Json("assessments/user/assessment.json");
    for (const auto& req : doc["requirements"]) {
      out[req["id"].get<std::string>()] = req["status"].get<std::string>();
    }
    return out;
  };
  ASSERT_EQ(Run({"build-skill-assessment", "SecurityCategory"}).exit_code, 0);
  auto before = statuses();
  EXPECT_EQ(before["tm.step.invert"], "unmet");
  EXPECT_EQ(before["tm.l2.ranked-gain"], "unmet");
  EXPECT_EQ(before["sys.step.flows"], "unmet");

  CopyFixture("examples/vulnshop/threatmodel.yaml", "threatmodel.yaml");
  ASSERT_EQ(Run({"build-skill-assessment", "SecurityCategory"}).exit_code, 0);
  auto after = statuses();
  for (const char* id : {"tm.step.assumptions", "tm.step.invert", "tm.step.use-cases",
                         "tm.step.sort", "tm.l2.ranked-gain", "tm.l3.references",
                         "sys.step.flows", "sys.step.diagram", "sys.l2.permissions-logging",
                         "design.step.what-could-go-wrong", "design.l1.failure-list"}) {
    EXPECT_EQ(after[id], "met") << id;
  }
  const std::string md = ReadFile(dir_.path() / kSkillMatrix);
  EXPECT_NE(md.find("inverted in the threat model"), std::string::npos);

  // A model that does not load counts for nothing.
  dir_.Write("threatmodel.yaml", "version: 1\ncomponents: [{id: a}]\n");
  ASSERT_EQ(Run({"build-skill-assessment", "SecurityCategory"}).exit_code, 0);
  EXPECT_EQ(statuses()["tm.step.invert"], "unmet");
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

}  // namespace
}  // namespace fledger::e2e
