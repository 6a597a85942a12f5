// The exact matcher: which OSV records affect which packages, by the OSV evaluation algorithm
// (versions[] membership or an ECOSYSTEM/SEMVER range, compared with the ecosystem's own version
// order), with records that alias each other merged into one result.
//
//   FLEDGER_TRY(MatchReport report, MatchPackages(db, inventory.packages));
//   for (const PackageVulns& p : report.packages)
//     for (const VulnMatch& v : p.vulns) Report(inventory.packages[p.package_index], v);
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/primitives.h"
#include "core/result.h"
#include "sca/osv/db.h"
#include "sca/osv/record.h"
#include "sca/package.h"
#include "sca/version/version.h"

namespace fledger::sca::osv {

// One vulnerability affecting one package: a group of matched records that alias each other.
struct VulnMatch {
  std::string id;                    // primary: the smallest matched record id (GHSA < CVE/PYSEC)
  std::vector<std::string> aliases;  // every other id of the group, sorted, without `id`
  std::vector<std::string> record_ids;  // the matched records of the group, sorted
  std::string summary;                  // of the primary record (else the first with one)
  Severity severity = Severity::Of(Severity::Level::kMedium);
  bool severity_known = false;  // false: no usable rating, `severity` is the medium default
  // What rated it: "CVSS_V3" or "CVSS_V4" (a score computed from that vector version),
  // "database_specific.severity", "ecosystem_specific.severity", "Ubuntu", or "unknown (...)".
  std::string severity_source;
  std::optional<double> score;  // the highest computed CVSS score (v3.x base, or v4.0)
  std::string vector;  // the CVSS vector behind `score`; without one, a vector that did not parse
  std::string fixed_version;            // smallest `fixed` above the installed version; "" if none
  std::vector<std::string> references;  // URLs, group order, no duplicates
  std::vector<std::string> cwe_ids;     // "CWE-79", sorted, no duplicates
};

struct PackageVulns {
  size_t package_index = 0;      // into the input vector
  std::vector<VulnMatch> vulns;  // sorted by id
};

struct MatchReport {
  std::vector<PackageVulns> packages;  // only packages with at least one match, input order
  std::vector<size_t> unresolved;      // indexes of packages not checked (no exact version)
  std::vector<std::string> warnings;   // versions or events that did not parse, once each
};

// Evaluates one affected entry for `version` under `scheme` (the entry's ecosystem scheme):
// versions[] membership or an ECOSYSTEM/SEMVER range; GIT ranges never count. `fixed` (optional)
// receives the smallest `fixed` event above the version among the ranges that matched;
// `warnings` (optional) receives versions or events the comparator could not read.
bool AffectedEntryMatches(const OsvAffected& affected, VersionScheme scheme,
                          std::string_view version, std::optional<Version>* fixed,
                          std::vector<std::string>* warnings);

// Matches every resolved package against the database. Unresolved packages (resolved == false or
// an empty version) are listed in `unresolved`, not checked. Withdrawn records never match.
Result<MatchReport> MatchPackages(const VulnDb& db, const std::vector<Package>& packages);

}  // namespace fledger::sca::osv
