// Project-assessment checks decided from Fledger's own software composition analysis: the
// dependency scan (sca/scan.h) and the match against the local OSV database (sca/sca.h).
//
// The scan runs once per snapshot, whichever of these checks asks first (RepoSnapshot::Shared),
// against the database named by RepoSnapshot::inputs().vuln_db (default
// sca::osv::VulnDb::DefaultPath(), seeded from the bundled snapshot when new). Nothing is
// executed and nothing touches the network. Evidence is the finding itself: the advisory id and
// package@version at the manifest's path:line.
//
//   RepoSnapshot snap = RepoSnapshot::Load(root, {}, CheckInputs{.vuln_db = "vulns.db"}).value();
//   CheckResult r = ScaKnownVulnerabilities(snap);  // unmet, with "GHSA-... lodash@4.17.15"
//
// Manifests under examples, samples and test fixtures are left out (they are not the project's
// dependencies), and the repository's own .fledger/sca-ignore.yaml is honoured: a finding it
// suppresses, with its reason, counts as verified, not as open.
#pragma once

#include "assess/model.h"
#include "assess/repo_checks.h"

namespace fledger::assess {

// OpenSSF external_dependencies: met when some manifest or lockfile lists dependencies
// (evidence: their paths); needs-review when none is found.
CheckResult ScaDependenciesListed(const RepoSnapshot& repo);

// OpenSSF vulnerabilities_fixed_60_days: unmet when a production dependency has a vulnerability
// of medium or higher severity public for more than 60 days; partial when only dev-only
// dependencies have one; needs-review when the data cannot decide (no manifests, database empty
// or unusable or stale, versions not pinned, severity or publication date unknown).
CheckResult ScaKnownVulnerabilities(const RepoSnapshot& repo);

// OpenSSF vulnerabilities_critical_fixed: unmet when a production dependency has a known
// critical vulnerability; partial when only dev-only ones do.
CheckResult ScaCriticalVulnerabilities(const RepoSnapshot& repo);

// OpenSSF dependency_monitoring: a dependency update tool (the repo.dependency_updates check) or
// an SCA tool in CI, and no known vulnerability public for longer than a monthly check would
// take to report. Partial when monitoring exists but such vulnerabilities remain; unmet when
// nothing monitors the dependencies.
CheckResult ScaDependencyMonitoring(const RepoSnapshot& repo);

}  // namespace fledger::assess
