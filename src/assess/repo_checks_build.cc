// The build, test and CI checks: build system, tests and how they run, CI, warnings, static and
// dynamic analysis, dependency updates and pinning, SBOMs and review requirements.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "assess/repo_checks_internal.h"
#include "core/text.h"

namespace fledger::assess::internal {

CheckResult BuildSystem(const RepoSnapshot& r) {
  const Files files = BuildFiles(r);
  if (files.empty()) return Unmet("no build system file found");
  const auto* f = Preferred(files);
  return Met({FileRef(r, f)}, "build file " + f->path.str());
}

CheckResult BuildCommonTools(const RepoSnapshot& r) {
  const Files files = BuildFiles(r);
  if (files.empty()) return Unmet("no build system file found");
  const auto* f = Preferred(files);
  return Met({FileRef(r, f)},
             "built with common free tools (" + std::string(f->path.filename()) + ")");
}

CheckResult Tests(const RepoSnapshot& r) {
  const Files files = TestFiles(r);
  if (!files.empty())
    return Met({FileRef(r, Preferred(files))}, std::to_string(files.size()) + " test files");
  return Unmet("no automated tests found");
}

CheckResult TestInvocation(const RepoSnapshot& r) {
  const Files build =
      Join(BuildFiles(r), Any(r, {"/tox.ini", "/pytest.ini", "/setup.cfg", "/noxfile.py",
                                  "/cmakepresets.json", "*/makefile.am"}));
  const auto hit = FirstOf(
      r, build,
      {R"re(^\s*"test"\s*:)re",
       R"(\b(enable_testing|add_test|gtest_discover_tests|catch_discover_tests)\b)",
       R"(^(check|test|tests)\s*:)", R"(\[(tool\.pytest|tool:pytest|pytest|tox|testenv)\b)",
       R"(\btest\s*\(|^\s*test\s*\{|<artifactId>maven-surefire|testImplementation|"testPresets")",
       R"(^(TESTS|check_PROGRAMS)\s*\+?=)"});
  if (hit) return Met({Ref(*hit)}, "a standard test target");
  // Languages whose standard tool runs the tests with no target: cargo test, go test, mvn test.
  const Files tests = TestFiles(r);
  if (!tests.empty()) {
    for (const auto& [glob, tool] : std::initializer_list<std::pair<std::string_view, const char*>>{
             {"/cargo.toml", "cargo test"},
             {"/go.mod", "go test"},
             {"/pom.xml", "mvn test"},
             {"/build.gradle", "gradle test"},
             {"/build.gradle.kts", "gradle test"}}) {
      if (glob == "/go.mod" && Any(r, {"**/*_test.go"}).empty()) continue;
      const Files f = r.Glob(glob);
      if (!f.empty())
        return Met({FileRef(r, f[0])}, std::string("tests run with the standard ") + tool);
    }
  }
  return Review(tests.empty() ? "no tests found" : "no standard test target found");
}

CheckResult TestPolicy(const RepoSnapshot& r) {
  const Files files = Join(Contributing(r),
                           Any(r, {"/.github/pull_request_template*",
                                   "/.github/pull_request_template/*", "/pull_request_template*"}));
  return LineCheck(
      r, files,
      R"((?i)(add(ing)? (new |unit |regression )?tests?|include (unit |regression )?tests?|tests? (are|is) required|with tests|must (be )?test|test coverage|(write|update) tests?|tests? for (new|your|any)))",
      "the contribution guide asks for tests", "no test policy found", false);
}

CheckResult Ci(const RepoSnapshot& r) {
  const Files files = CiFiles(r);
  if (!files.empty())
    return Met({FileRef(r, files[0])}, "CI configuration " + files[0]->path.str());
  return Unmet("no CI configuration found");
}

CheckResult CiTests(const RepoSnapshot& r) {
  const Files files = CiFiles(r);
  if (files.empty()) return Unmet("no CI configuration found");
    // The strongest line first: a run step with a test command, a command line of a multi-line run
    // block ("run: |" then "make ci", as in Requests), a step named for its tests, and only then
    // any mention (a matrix entry "tox: py312").
#define FLEDGER_TEST_COMMANDS                                                                              \
  R"((\bctest\b|make (check|test|ci)\b|meson test|ninja test|npm (run )?test|yarn test|pnpm test|pytest|)" \
  R"(go test|cargo test|cargo nextest|mvn .*(test|verify)|gradlew? .*(test|check)|\btox\b|\bnox\b|)"       \
  R"(dotnet test|bundle exec r(spec|ake)|\btest\.sh))"
  // Lines that name a test tool but skip or merely install it ("mvn -DskipTests package",
  // "gradle build -x test", "pip install pytest") are not test runs.
  const RE2& skips = Re(
      R"((?i)(skipTests|maven\.test\.skip|\s-x\s+test\b|\binstall(\s+-\S+)*\s+["']?(pytest|tox|nox)\b))");
  for (const char* p :
       {"(?i)run:.*" FLEDGER_TEST_COMMANDS, "(?i)^\\s*(- )?" FLEDGER_TEST_COMMANDS,
        R"((?i)^\s*-?\s*name:\s*["']?[^"'#]*\btests?\b)", "(?i)" FLEDGER_TEST_COMMANDS}) {
    for (const auto& h : Grep(r, files, Re(p), 50)) {
      if (!Matches(h.text, skips)) return Met({Ref(h)}, "CI runs the tests");
    }
  }
#undef FLEDGER_TEST_COMMANDS
  return Review("CI does not visibly run tests");
}

namespace {

Files ToolConfigFiles(const RepoSnapshot& r) {
  return Any(r, {"/cmakepresets.json",
                 "/*.cmake",
                 "/cmake/*.cmake",
                 "/.cargo/config*",
                 "/.eslintrc*",
                 "/eslint.config.*",
                 "/.pylintrc",
                 "/pylintrc",
                 "/setup.cfg",
                 "/tox.ini",
                 "/ruff.toml",
                 "/.ruff.toml",
                 "/.flake8",
                 "/.golangci.y*ml",
                 "/clippy.toml",
                 "/.clippy.toml",
                 "/.clang-tidy",
                 "/.pre-commit-config.yaml",
                 "/directory.build.props",
                 "/tsconfig.json"});
}

}  // namespace

CheckResult Warnings(const RepoSnapshot& r) {
  const Files files = Join(Join(BuildFiles(r), ToolConfigFiles(r)), CiFiles(r));
  const auto hit = FirstOf(
      r, files,
      {R"((-Wall|-Wextra|/W4|/Wall|-Weverything|-Wpedantic|\bWarningLevel\b|-Xlint|"strict"\s*:\s*true))",
       R"((eslint|pylint|flake8|\bruff\b|clippy|golangci|staticcheck|rubocop|^Checks:))",
       R"((?i)\bwarnings\b)"});
  if (hit) return Met({Ref(*hit)}, "compiler warnings or a linter are enabled");
  return Review("no warning flags or linter configuration found");
}

CheckResult WarningsStrict(const RepoSnapshot& r) {
  const Files files = Join(Join(BuildFiles(r), ToolConfigFiles(r)), CiFiles(r));
  const auto hit = FirstOf(
      r, files,
      {R"((-Werror|/WX\b|TreatWarningsAsErrors|WarningsAsErrors|warningsAsErrors|-D ?warnings|RUSTFLAGS.*-D|--max-warnings[ =]0|#!\[deny\(warnings\)\]|allWarningsAsErrors|-Xlint:all,-Werror|-W error|PYTHONWARNINGS=error))",
       R"(\bWERROR\b)"});
  if (hit) return Met({Ref(*hit)}, "warnings are errors");
  return Review("warnings are not treated as errors");
}

CheckResult StaticAnalysis(const RepoSnapshot& r) {
  const Files files = Join(Join(CiFiles(r), BuildFiles(r)),
                           Any(r, {"/.pre-commit-config.yaml", "/cmakepresets.json"}));
  const auto hits = Grep(
      r, files,
      Re(R"((?i)(codeql|clang-tidy|cppcheck|coverity|semgrep|sonar|gosec|bandit|golangci|staticcheck|clippy|spotbugs|scan-build|\binfer\b|pvs-studio|flawfinder|psalm|phpstan|brakeman|eslint|pylint|flake8|\bruff\b|\bmypy\b|shellcheck|errorprone|\bpmd\b))"));
  if (!hits.empty()) return Met({Ref(hits[0])}, "static analysis runs in the build or CI");
  const Files configs = Any(
      r, {"/.clang-tidy",  "/.golangci.y*ml",  "/.semgrep*",         "/sonar-project.properties",
          "/.bandit",      "/codeql*",         "/.github/codeql/**", "/.cppcheck*",
          "/.eslintrc*",   "/eslint.config.*", "/ruff.toml",         "/.ruff.toml",
          "/.pylintrc",    "/pylintrc",        "/.flake8",           "/clippy.toml",
          "/.clippy.toml", "/.shellcheckrc",   "/phpstan.neon*",     "/.rubocop.yml"});
  if (!configs.empty()) {
    return Met({FileRef(r, configs[0])},
               "static analysis configured in " + configs[0]->path.str() + " (not seen in CI)");
  }
  return Unmet("no static analysis tool found in CI or build files");
}

CheckResult DynamicAnalysis(const RepoSnapshot& r) {
  // Fuzz targets kept beside the code: libFuzzer, Go native fuzzing, cargo-fuzz, Atheris, Jazzer.
  const RE2& harness = Re(
      R"((LLVMFuzzerTestOneInput|^func Fuzz\w*\(\w+ \*testing\.F\)|fuzz_target!|import atheris|@FuzzTest|com\.code_intelligence\.jazzer))");
  const Files fuzz =
      Any(r, {"/fuzz/**", "/fuzzing/**", "/tests/fuzz/**", "/test/fuzz/**", "**/*_fuzz.cc",
              "**/*_fuzzer.c*", "**/fuzz_*.py", "/.clusterfuzzlite/**"});
  if (!fuzz.empty()) {
    // The harness line itself is the evidence; a fuzz folder's .gitignore or README says little.
    Files sources;
    for (const auto* f : fuzz) {
      if (f->size <= kScanMaxBytes && !StartsWith(f->path.filename(), ".")) sources.push_back(f);
    }
    if (sources.size() > 200) sources.resize(200);
    if (const auto hits = Grep(r, sources, harness); !hits.empty())
      return Met({Ref(hits[0])}, "fuzzing harnesses");
    return Met({FileRef(r, Preferred(sources.empty() ? fuzz : sources))}, "fuzzing harnesses");
  }
  const Files files = Join(Join(CiFiles(r), BuildFiles(r)),
                           Any(r, {"/cmakepresets.json", "/*.cmake", "/cmake/*.cmake"}));
  const auto hits = Grep(
      r, files,
      Re(R"((-fsanitize=|\bsanitize|valgrind|LLVMFuzzerTestOneInput|oss-fuzz|cargo fuzz|cargo-fuzz|go test .*-fuzz|atheris|jazzer|cifuzz|clusterfuzzlite|\bmiri\b))"));
  if (!hits.empty())
    return Met({Ref(hits[0])}, "dynamic analysis (sanitizers, valgrind or fuzzing)");
  std::vector<LineHit> found;
  Scan(
      r,
      WithoutAuxiliary(Any(r, {"**/*.c", "**/*.cc", "**/*.cpp", "**/*.cxx", "**/*.go", "**/*.rs",
                               "**/*.py", "**/*.java", "**/*.kt"})),
      harness, 1,
      [&](std::string_view line) -> std::optional<std::string> {
        if (!Matches(line, harness)) return std::nullopt;
        return Truncate(line, 512);
      },
      &found);
  if (!found.empty()) return Met({Ref(found[0])}, "fuzzing harnesses");
  return Unmet("no fuzzing or sanitizer runs found");
}

CheckResult DependencyUpdates(const RepoSnapshot& r) {
  const Files files =
      Any(r, {"/.github/dependabot.y*ml", "/renovate.json*", "/.renovaterc*",
              "/.github/renovate.json*", "/.gitlab/renovate.json*", "/.pyup.yml", "/.snyk"});
  if (!files.empty())
    return Met({FileRef(r, files[0])}, "dependency updates configured in " + files[0]->path.str());
  return Unmet("no Dependabot or Renovate configuration");
}

CheckResult PinnedDependencies(const RepoSnapshot& r) {
  // Every `uses:` of the workflows: a 40-hex commit pins an action, a tag or branch does not.
  const RE2& uses = Re(R"(^\s*(?:-\s*)?uses:\s*["']?([^\s"'#]+))");
  const RE2& sha = Re(R"(@[0-9a-fA-F]{40}$)");
  std::vector<EvidenceRef> unpinned;
  std::optional<EvidenceRef> first_pinned;
  size_t total = 0, bad = 0;
  for (const auto& h : Grep(r, Workflows(r), uses, 1000)) {
    std::string ref;
    if (!RE2::PartialMatch(re2::StringPiece(h.text), uses, &ref)) continue;
    if (StartsWith(ref, "./") || StartsWith(ref, "docker://") || ref.find('@') == std::string::npos)
      continue;
    ++total;
    if (Matches(ref, sha)) {
      if (!first_pinned) first_pinned = Ref(h);
    } else {
      ++bad;
      if (unpinned.size() < 5) unpinned.push_back(Ref(h));
    }
  }
  if (bad > 0) {
    return Partial(std::to_string(bad) + " of " + std::to_string(total) +
                       " GitHub Actions referenced by tag, not by commit",
                   std::move(unpinned));
  }
  const Files locks = Lockfiles(r);
  std::vector<EvidenceRef> ev;
  if (!locks.empty()) ev.push_back(FileRef(r, locks[0]));
  if (first_pinned) ev.push_back(*first_pinned);
  if (!locks.empty()) return Met(std::move(ev), "lockfiles pin dependencies");
  if (first_pinned)
    return Met(std::move(ev),
               "all " + std::to_string(total) + " GitHub Actions are pinned by commit");
  return Review("no lockfiles found");
}

CheckResult Sbom(const RepoSnapshot& r) {
  const Files files =
      WithoutAuxiliary(Any(r, {"**/*.cdx.json", "**/*.cdx.xml", "**/*.spdx", "**/*.spdx.json",
                               "**/bom.json", "**/bom.xml", "**/sbom*.json"}));
  if (!files.empty()) return Met({FileRef(r, files[0])}, "SBOM in the repository");
  return LineCheck(r, CiFiles(r),
                   R"((?i)(syft|cyclonedx|spdx-sbom|sbom-action|sbom-tool|trivy .*sbom|--sbom))",
                   "SBOM generated in CI", "no SBOM found", false);
}

CheckResult BranchProtectionHint(const RepoSnapshot& r) {
  const Files owners =
      Any(r, {"/codeowners", "/.github/codeowners", "/docs/codeowners", "/.gitlab/codeowners"});
  if (!owners.empty())
    return Met({FileRef(r, owners[0])}, "CODEOWNERS requires reviews from owners");
  return LineCheck(
      r, Contributing(r),
      R"((?i)(review(ed)? by|code review|approv(al|e|ed)|two maintainers|at least one (maintainer|reviewer)))",
      "contribution guide requires review", "no documented review requirement", false);
}

}  // namespace fledger::assess::internal
