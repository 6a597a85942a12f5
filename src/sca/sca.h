// Software composition analysis, the whole pipeline: scan the dependencies of a tree, match them
// against the local OSV database, and turn each match into a Finding of kind `vulnerability`.
//
// This is the public entry point other capabilities use (the project assessment decides its
// dependency criteria from it); the CLI verbs `sca` and `deps impact` use it too.
//
//   FLEDGER_TRY(auto db, osv::VulnDb::OpenOrSeed(osv::VulnDb::DefaultPath()));
//   FLEDGER_TRY(ScaResult r, RunSca("/path/to/repo", db, ScaOptions{}));
//   for (const Finding& f : r.findings) ...
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "core/finding.h"
#include "core/result.h"
#include "sca/graph.h"
#include "sca/osv/db.h"
#include "sca/osv/match.h"
#include "sca/scan.h"

namespace fledger::sca {

struct ScaOptions {
  ScanOptions scan;
  bool include_dev = true;  // false: dev-only packages are neither matched nor reported
  // Go's `stdlib` and `toolchain` pseudo-packages come from go.mod's go/toolchain directive: the
  // oldest Go that may build the module, not the one that does. Matching them reports every
  // standard-library advisory since that version, so they are checked only when asked.
  bool include_go_stdlib = false;
};

struct ScaResult {
  DependencyScan scan;
  osv::MatchReport matches;       // indexes into scan.packages
  std::vector<Finding> findings;  // one per (vulnerability, package, manifest), unsorted
  size_t packages_checked = 0;    // resolved packages matched against the database
};

// Scans `target` (directory, lockfile or SBOM) and matches every resolved package.
Result<ScaResult> RunSca(const std::filesystem::path& target, const osv::VulnDb& db,
                         const ScaOptions& options);

// The findings for `matches` over `scan`'s packages: rule id = the advisory's OSV id, aliases,
// package (ecosystem, name, version, purl), remediation with the fixed version, location = the
// manifest line, fingerprint over the rule, manifest and package (stable across line moves), and
// the dependency path of a transitive package as evidence.
std::vector<Finding> VulnerabilityFindings(const DependencyScan& scan, const DependencyGraph& graph,
                                           const osv::MatchReport& matches);

}  // namespace fledger::sca
