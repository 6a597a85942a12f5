// Tests for the build, test and CI checks: test commands in CI, static and dynamic analysis,
// warnings, pinned actions and lockfiles, with the line that shows each.
#include <gtest/gtest.h>

#include <vector>

#include "assess/repo_checks.h"
#include "assess/repo_checks_fixture.h"
#include "test_util.h"

namespace fledger::assess {
namespace {

using fledger::testing::TempDir;
using fledger::testing::repo_checks::ExpectResult;
using fledger::testing::repo_checks::Load;
using fledger::testing::repo_checks::RunCheck;

// --- Build, tests, CI -----------------------------------------------------------------------

TEST(RepoCheckTest, CiTestEvidenceIsTheCommandLine) {
  struct Case {
    const char* what;
    const char* workflow;
    int line;
  };
  const std::vector<Case> cases = {
      // Requests: the command sits on its own line of a multi-line run block.
      {"run block",
       "jobs:\n  t:\n    steps:\n    - name: Run tests\n      run: |\n        make ci\n", 6},
      // Flask: the tox matrix is mentioned before the step that runs it.
      {"matrix before run",
       "jobs:\n  t:\n    strategy:\n      matrix:\n        include:\n          - {name: PyPy, tox: "
       "pypy3.11}\n"
       "    steps:\n      - run: uv run --locked tox run\n",
       8},
      {"step name only",
       "jobs:\n  t:\n    steps:\n      - name: Unit tests\n        uses: ./.github/actions/t\n", 4},
  };
  for (const auto& c : cases) {
    TempDir dir;
    dir.Write(".github/workflows/ci.yml", c.workflow);
    ExpectResult(RunCheck(Load(dir), "repo.ci_tests"), ReqStatus::kMet, ".github/workflows/ci.yml",
                 c.line);
  }
  for (const char* workflow :
       {"jobs:\n  t:\n    steps:\n      - run: echo hello\n",
        "steps:\n  - run: mvn -B -DskipTests package\n  - run: ./gradlew build -x test\n"
        "  - run: pip install -U pytest\n"}) {
    TempDir none;
    none.Write(".github/workflows/ci.yml", workflow);
    ExpectResult(RunCheck(Load(none), "repo.ci_tests"), ReqStatus::kNeedsReview);
  }
  TempDir both;  // installing and then running, on one line, is a test run
  both.Write(".github/workflows/ci.yml", "steps:\n  - run: pip install -r req.txt && pytest -q\n");
  ExpectResult(RunCheck(Load(both), "repo.ci_tests"), ReqStatus::kMet, ".github/workflows/ci.yml",
               2);
}

TEST(RepoCheckTest, CiRunsTestsAndStaticAnalysis) {
  TempDir dir;
  dir.Write(".github/workflows/ci.yml",
            "name: ci\non: push\njobs:\n  t:\n    steps:\n      - uses: actions/checkout@v4\n      "
            "- run: ctest\n"
            "      - uses: github/codeql-action/analyze@v3\n");
  dir.Write("tests/a_test.cc", "TEST(A, B) {}\n");
  const RepoSnapshot repo = Load(dir);
  ExpectResult(RunCheck(repo, "repo.ci"), ReqStatus::kMet, ".github/workflows/ci.yml", 1);
  ExpectResult(RunCheck(repo, "repo.ci_tests"), ReqStatus::kMet, ".github/workflows/ci.yml", 7);
  ExpectResult(RunCheck(repo, "repo.static_analysis"), ReqStatus::kMet, ".github/workflows/ci.yml",
               8);
  const auto pinned = RunCheck(repo, "repo.pinned_dependencies");
  ExpectResult(pinned, ReqStatus::kPartial, ".github/workflows/ci.yml",
               6);  // actions by tag, not commit
  ASSERT_EQ(pinned.evidence.size(), 2u);
  EXPECT_EQ(pinned.evidence[1].line, 8);
  ExpectResult(RunCheck(repo, "repo.tests"), ReqStatus::kMet, "tests/a_test.cc", 1);
}

TEST(RepoCheckTest, ActionsPinnedByCommitAreMet) {
  TempDir dir;
  dir.Write(".github/workflows/ci.yml",
            "name: ci\non: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n"
            "      - uses: actions/checkout@0123456789abcdef0123456789abcdef01234567 # v4\n"
            "      - uses: ./.github/actions/local\n");
  const auto r = RunCheck(Load(dir), "repo.pinned_dependencies");
  ExpectResult(r, ReqStatus::kMet, ".github/workflows/ci.yml", 7);
  EXPECT_EQ(r.note, "all 1 GitHub Actions are pinned by commit");
}

TEST(RepoCheckTest, LockfilesInExamplesDoNotCount) {
  TempDir dir;
  dir.Write("examples/web/package-lock.json", "{}\n");
  ExpectResult(RunCheck(Load(dir), "repo.pinned_dependencies"), ReqStatus::kNeedsReview);
  dir.Write("package-lock.json", "{\n  \"lockfileVersion\": 3\n}\n");
  ExpectResult(RunCheck(Load(dir), "repo.pinned_dependencies"), ReqStatus::kMet,
               "package-lock.json", 1);
}

TEST(RepoCheckTest, WarningFlagsAndWerrorLines) {
  TempDir dir;
  dir.Write("CMakeLists.txt",
            "cmake_minimum_required(VERSION 3.20)\nproject(x)\nadd_compile_options(-Wall -Wextra)\n"
            "if(WERROR)\n  add_compile_options(-Werror)\nendif()\nenable_testing()\n");
  dir.Write("test/t.c", "int main(void) { return 0; }\n");
  const RepoSnapshot repo = Load(dir);
  ExpectResult(RunCheck(repo, "repo.warnings"), ReqStatus::kMet, "CMakeLists.txt", 3);
  ExpectResult(RunCheck(repo, "repo.warnings_strict"), ReqStatus::kMet, "CMakeLists.txt", 5);
  ExpectResult(RunCheck(repo, "repo.test_invocation"), ReqStatus::kMet, "CMakeLists.txt", 7);
  ExpectResult(RunCheck(repo, "repo.build_system"), ReqStatus::kMet, "CMakeLists.txt", 1);
  ExpectResult(RunCheck(repo, "repo.dynamic_analysis"), ReqStatus::kUnmet);
  ExpectResult(RunCheck(repo, "repo.static_analysis"), ReqStatus::kUnmet);
}

TEST(RepoCheckTest, GoTestsNeedNoTarget) {
  TempDir dir;
  dir.Write("go.mod", "module example.org/x\n\ngo 1.22\n");
  dir.Write("x_test.go", "package x\n\nimport \"testing\"\n\nfunc FuzzParse(f *testing.F) {}\n");
  const RepoSnapshot repo = Load(dir);
  const auto r = RunCheck(repo, "repo.test_invocation");
  ExpectResult(r, ReqStatus::kMet, "go.mod", 1);
  EXPECT_NE(r.note.find("go test"), std::string::npos);
  ExpectResult(RunCheck(repo, "repo.tests"), ReqStatus::kMet, "x_test.go", 1);
  ExpectResult(RunCheck(repo, "repo.dynamic_analysis"), ReqStatus::kMet, "x_test.go", 5);
}

TEST(RepoCheckTest, FuzzHarnessInSourcesAndLinterConfig) {
  TempDir dir;
  dir.Write("src/harness.cc",
            "#include <cstdint>\n#include <cstddef>\n"
            "extern \"C\" int LLVMFuzzerTestOneInput(const uint8_t* d, size_t n) { return 0; }\n");
  dir.Write(".clang-tidy", "Checks: 'bugprone-*'\n");
  const RepoSnapshot repo = Load(dir);
  ExpectResult(RunCheck(repo, "repo.dynamic_analysis"), ReqStatus::kMet, "src/harness.cc", 3);
  ExpectResult(RunCheck(repo, "repo.static_analysis"), ReqStatus::kMet, ".clang-tidy", 1);
  // A linter configuration counts as enabled warnings.
  ExpectResult(RunCheck(repo, "repo.warnings"), ReqStatus::kMet, ".clang-tidy", 1);
}

}  // namespace
}  // namespace fledger::assess
