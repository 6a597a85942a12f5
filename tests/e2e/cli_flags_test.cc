// End-to-end tests of flags and usage: every value is checked before any work, and errors name
// the flag or word and the step.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "e2e/cli_fixture.h"
#include "test_util.h"

namespace fledger::e2e {
namespace {

using testing::ReadFile;
using testing::RunFledger;
using testing::SourceDir;

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
}  // namespace fledger::e2e
