// What the Package Analysis verbs share: running the dependency scan with its warnings, the
// partial-result note, and opening the vulnerability database named by --vuln-db.
#pragma once

#include <string>

#include "cli/common.h"
#include "sca/osv/db.h"
#include "sca/scan.h"

namespace fledger::cli {

// Runs the dependency scan on `path` and logs the files it could not use (warnings) and the ones
// it read (-v). Errors only for an unusable PATH.
Result<sca::DependencyScan> ScanAndLog(const CommonFlags& flags, const std::string& path);

// "Partial: N manifest(s) could not be read ...\n", or "" when the scan is complete.
std::string PartialNote(const sca::DependencyScan& scan);

// The vulnerability database: --vuln-db FILE, else $FLEDGER_VULN_DB, else
// $XDG_DATA_HOME/fledger/vulns.db; seeded from the bundled snapshot when new. Warns when the data
// is older than `max_age_days` (0: never).
Result<sca::osv::VulnDb> OpenVulnDb(const std::string& flag_value, int max_age_days);

// Checks --vuln-db: a file (or nothing yet) in a directory that exists or can be created.
Status CheckVulnDbFlag(const std::string& flag_value);

}  // namespace fledger::cli
