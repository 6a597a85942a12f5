// The registry of automatic repository checks behind project assessments (repo_checks.h); the
// checks themselves live in repo_checks_*.cc, the snapshot they read in repo_checks_snapshot.cc.
#include "assess/repo_checks.h"

#include "assess/repo_checks_internal.h"
#include "assess/sca_checks.h"

namespace fledger::assess {

const std::vector<RepoCheck>& RepoChecks() {
  using namespace internal;  // the checks, declared in repo_checks_internal.h
  static const std::vector<RepoCheck> kChecks = {
      {"repo.readme", "README exists and describes the project", &Readme},
      {"repo.readme_build", "documentation says how to obtain, build or install the software",
       &ReadmeBuild},
      {"repo.interface_docs", "interface or reference documentation exists", &InterfaceDocs},
      {"repo.license_file", "a license file sits in a standard location", &LicenseFile},
      {"repo.license_floss", "the license is a FLOSS license", &LicenseFloss},
      {"repo.license_osi", "the license is OSI-approved", &LicenseOsi},
      {"repo.contributing", "a contribution guide explains the process", &ContributingCheck},
      {"repo.contribution_requirements",
       "the contribution guide states requirements (style, sign-off)", &ContributionRequirements},
      {"repo.code_of_conduct", "a code of conduct exists", &CodeOfConduct},
      {"repo.governance", "governance, maintainers or code owners are documented", &Governance},
      {"repo.security_policy", "a security policy explains how to report vulnerabilities",
       &SecurityPolicy},
      {"repo.security_private_channel", "the security policy gives a private reporting channel",
       &SecurityPrivateChannel},
      {"repo.bug_reporting", "documentation says where to report bugs", &BugReporting},
      {"repo.vcs_git", "the project uses distributed version control (git)", &VcsGit},
      {"repo.tags", "releases are tagged or versioned", &Tags},
      {"repo.semver", "the newest releases follow Semantic Versioning (or CalVer)", &Semver},
      {"repo.changelog", "release notes or a change log exist", &Changelog},
      {"repo.build_system", "an automated build system exists", &BuildSystem},
      {"repo.build_common_tools", "the build uses common free tools", &BuildCommonTools},
      {"repo.tests", "an automated test suite exists", &Tests},
      {"repo.test_invocation", "tests run in a standard way for the language", &TestInvocation},
      {"repo.test_policy", "contributors are asked to add tests", &TestPolicy},
      {"repo.ci", "continuous integration is configured", &Ci},
      {"repo.ci_tests", "CI runs the tests", &CiTests},
      {"repo.warnings", "compiler warnings or linters are enabled", &Warnings},
      {"repo.warnings_strict", "warnings are treated as errors", &WarningsStrict},
      {"repo.static_analysis", "a static analysis tool runs in CI or the build", &StaticAnalysis},
      {"repo.dynamic_analysis", "fuzzing, sanitizers or valgrind are used", &DynamicAnalysis},
      {"repo.dependency_updates", "a dependency update tool is configured", &DependencyUpdates},
      // Decided from Fledger's own dependency scan and vulnerability database (sca_checks.cc).
      {"sca.dependencies_listed", "dependencies are listed in manifests or lockfiles",
       &ScaDependenciesListed},
      {"sca.known_vulnerabilities",
       "no dependency has a medium or higher vulnerability public for more than 60 days",
       &ScaKnownVulnerabilities},
      {"sca.critical_vulnerabilities", "no dependency has a known critical vulnerability",
       &ScaCriticalVulnerabilities},
      {"sca.dependency_monitoring",
       "dependencies are monitored for vulnerabilities and none known stays unfixed",
       &ScaDependencyMonitoring},
      {"repo.https_links", "project links use HTTPS", &HttpsLinks},
      {"repo.no_leaked_credentials", "no private keys or credentials are committed",
       &NoLeakedCredentials},
      {"repo.english", "documentation is in English", &English},
      {"repo.maintained", "the project had a commit in the last 12 months", &Maintained},
      {"repo.signed_releases", "releases are signed or have checksums", &SignedReleases},
      {"repo.pinned_dependencies", "dependencies and CI actions are pinned", &PinnedDependencies},
      {"repo.sbom", "an SBOM is published or generated", &Sbom},
      {"repo.branch_protection_hint", "changes need review (CODEOWNERS or documented)",
       &BranchProtectionHint},
  };
  return kChecks;
}

const RepoCheck* FindRepoCheck(std::string_view id) {
  for (const auto& c : RepoChecks()) {
    if (c.id == id) return &c;
  }
  return nullptr;
}

}  // namespace fledger::assess
