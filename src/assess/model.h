// Shared vocabulary of assessments: requirement status, evidence references, check results.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/primitives.h"
#include "core/result.h"

namespace fledger::assess {

// Status of one requirement. Order matters for aggregation only through Score().
enum class ReqStatus { kMet, kPartial, kUnmet, kNeedsReview, kNotApplicable };

// "met", "partial", "unmet", "needs-review", "n/a".
std::string_view ReqStatusName(ReqStatus s);
// Accepts the names above (any case, also "needs review", "na", "n/a").
Result<ReqStatus> ParseReqStatus(std::string_view text);
// SAMM-style answer weight: met 1, partial 0.5, others 0 (n/a is excluded by callers).
double ReqStatusScore(ReqStatus s);

// A place in the repository (or workspace) that supports a decision: path:line and a short,
// redacted excerpt of that line.
struct EvidenceRef {
  RepoPath path = RepoPath::Root();
  int line = 0;         // 1-based; 0 for "the file as a whole"
  std::string excerpt;  // at most ~160 bytes, single line, never a secret in clear
};

// The outcome of one automatic check.
struct CheckResult {
  ReqStatus status = ReqStatus::kNeedsReview;
  std::vector<EvidenceRef> evidence;
  std::string note;  // one sentence: why this status (shown in the matrix and JSON)
};

}  // namespace fledger::assess
