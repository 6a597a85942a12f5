// End-to-end tests of bad input: malformed, huge or wrongly shaped catalogs, evidence and
// assessment files, hostile trees and symlinked assessment folders each give one line on stderr
// naming the file and the step, exit 2, and lose nothing.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "e2e/cli_fixture.h"
#include "test_util.h"

namespace fledger::e2e {
namespace {

using testing::ReadFile;
using testing::SourceDir;

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

}  // namespace
}  // namespace fledger::e2e
