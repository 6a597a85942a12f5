// File selection for the repository checks: which files of a snapshot are its README, license,
// CI configuration, build files, tests, change log and lockfiles.
#include <algorithm>
#include <functional>
#include <set>
#include <string>
#include <tuple>

#include "assess/repo_checks_internal.h"
#include "core/text.h"

namespace fledger::assess::internal {

Files Any(const RepoSnapshot& repo, std::initializer_list<std::string_view> globs) {
  std::set<const fs::FileEntry*> seen;
  Files out;
  for (auto g : globs) {
    for (const auto* f : repo.Glob(g)) {
      if (seen.insert(f).second) out.push_back(f);
    }
  }
  std::sort(out.begin(), out.end(), [](const auto* a, const auto* b) { return a->path < b->path; });
  return out;
}

Files Join(Files a, const Files& b) {
  std::set<const fs::FileEntry*> seen(a.begin(), a.end());
  for (const auto* f : b) {
    if (seen.insert(f).second) a.push_back(f);
  }
  return a;
}

namespace {

// Example projects, fixtures and vendored code live in many repositories; they say nothing about
// the project's own practices, so evidence prefers files outside them.
bool IsAuxiliary(const RepoPath& path) {
  static const std::set<std::string, std::less<>> kDirs = {
      "examples", "example",     "samples",     "testdata",   "fixtures",
      "vendor",   "third_party", "third-party", "thirdparty", "node_modules"};
  for (const auto& seg : Split(ToLower(path.str()), '/')) {
    if (kDirs.count(seg) != 0) return true;
  }
  return false;
}

}  // namespace

bool IsDocOrTest(const RepoPath& path) {
  if (IsAuxiliary(path)) return true;
  static const std::set<std::string, std::less<>> kDirs = {
      "docs", "doc", "test", "tests", "spec", "__tests__", "testing", "t", "man", "fuzz", "corpus"};
  const auto segments = Split(ToLower(path.str()), '/');
  for (size_t i = 0; i + 1 < segments.size(); ++i) {
    if (kDirs.count(segments[i]) != 0) return true;
  }
  const std::string& name = segments.back();
  // Documentation formats only; ".txt" and ".html" hold real configuration and dumps too.
  for (std::string_view ext : {".md", ".rst", ".adoc"}) {
    if (EndsWith(name, ext)) return true;
  }
  return StartsWith(name, "test_") || name.find("_test.") != std::string::npos ||
         name.find(".test.") != std::string::npos || name.find(".spec.") != std::string::npos ||
         name.find("_spec.") != std::string::npos;
}

Files WithoutAuxiliary(const Files& files) {
  Files out;
  for (const auto* f : files) {
    if (!IsAuxiliary(f->path)) out.push_back(f);
  }
  return out;
}

const fs::FileEntry* Preferred(const Files& files) {
  const auto rank = [](const fs::FileEntry* f) {
    const std::string& p = f->path.str();
    return std::make_tuple(IsAuxiliary(f->path), std::count(p.begin(), p.end(), '/'),
                           std::cref(f->path));
  };
  return *std::min_element(files.begin(), files.end(),
                           [&](const auto* a, const auto* b) { return rank(a) < rank(b); });
}

Files Readmes(const RepoSnapshot& r) {
  // The root README is the project's front page; docs/ and .github/ ones come after it.
  return Join(Any(r, {"/readme", "/readme.*"}),
              Any(r, {"/docs/readme*", "/doc/readme*", "/.github/readme*"}));
}
Files Contributing(const RepoSnapshot& r) {
  return Any(r, {"/contributing*", "/.github/contributing*", "/docs/contributing*", "/hacking*"});
}
Files CandidateSecurityPolicies(const RepoSnapshot& r) {
  return Any(r, {"/security", "/security.md", "/security.rst", "/security.txt", "/security.adoc",
                 "/.github/security.md", "/.gitlab/security.md", "/docs/security.md",
                 "/.well-known/security.txt"});
}
Files LicenseFiles(const RepoSnapshot& r) {
  return Join(Any(r, {"/license", "/license.*", "/licence", "/licence.*", "/copying", "/copying.*",
                      "/license-*", "/licence-*", "/unlicense"}),
              Any(r, {"/licenses/*", "/licences/*"}));
}
Files CiFiles(const RepoSnapshot& r) {
  return Any(r, {"/.github/workflows/*.yml", "/.github/workflows/*.yaml", "/.gitlab-ci.yml",
                 "/.circleci/config.yml", "/.travis.yml", "/azure-pipelines.yml", "/jenkinsfile",
                 "/.buildkite/*", "/.cirrus.yml", "/appveyor.yml", "/.appveyor.yml", "/.drone.yml",
                 "/.ci/*", "/bitbucket-pipelines.yml", "/.woodpecker.yml", "/.woodpecker/*"});
}
Files Workflows(const RepoSnapshot& r) {
  return Any(r, {"/.github/workflows/*.yml", "/.github/workflows/*.yaml"});
}
Files BuildFiles(const RepoSnapshot& r) {
  return Any(r, {"/makefile",        "/gnumakefile",
                 "/makefile.am",     "/makefile.in",
                 "/cmakelists.txt",  "/meson.build",
                 "/configure.ac",    "/configure",
                 "/package.json",    "/pom.xml",
                 "/build.gradle",    "/build.gradle.kts",
                 "/settings.gradle", "/settings.gradle.kts",
                 "/cargo.toml",      "/go.mod",
                 "/setup.py",        "/pyproject.toml",
                 "/build.bazel",     "/build",
                 "/workspace",       "/workspace.bazel",
                 "/module.bazel",    "/sconstruct",
                 "/*.sln",           "/*.csproj",
                 "/build.zig",       "/gemfile",
                 "/*.gemspec",       "/composer.json",
                 "/mix.exs",         "/dune-project",
                 "/stack.yaml",      "/*.cabal",
                 "/build.sbt",       "/rakefile",
                 "/justfile",        "*/makefile",
                 "*/package.json",   "*/cmakelists.txt",
                 "*/cargo.toml",     "*/go.mod",
                 "*/pyproject.toml", "*/pom.xml"});
}
Files TestFiles(const RepoSnapshot& r) {
  return Any(
      r, {"/test/**",         "/tests/**",    "/spec/**",      "**/__tests__/**", "**/*_test.go",
          "**/test_*.py",     "**/*_test.py", "**/*_test.cc",  "**/*_test.cpp",   "**/*_test.c",
          "**/*_unittest.cc", "**/*.test.js", "**/*.test.ts",  "**/*.spec.js",    "**/*.spec.ts",
          "/src/test/**",     "**/*_spec.rb", "**/*Test.java", "**/*Tests.cs",    "/t/*.t",
          "/testing/**",      "*/test/**",    "*/tests/**"});
}
Files Changelogs(const RepoSnapshot& r) {
  return Any(
      r, {"/changelog*", "/changes*", "/news*", "/history*", "/release-notes*", "/release_notes*",
          "/releases*", "/docs/changelog*", "/doc/changelog*", "/debian/changelog"});
}
Files Lockfiles(const RepoSnapshot& r) {
  return WithoutAuxiliary(
      Any(r, {"**/package-lock.json", "**/npm-shrinkwrap.json", "**/yarn.lock", "**/pnpm-lock.yaml",
              "**/bun.lockb", "**/cargo.lock", "**/poetry.lock", "**/pipfile.lock", "**/pdm.lock",
              "**/uv.lock", "**/go.sum", "**/composer.lock", "**/gemfile.lock",
              "**/packages.lock.json", "**/gradle.lockfile", "**/flake.lock", "**/mix.lock",
              "**/pubspec.lock", "**/requirements*.lock"}));
}

}  // namespace fledger::assess::internal
