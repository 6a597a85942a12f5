// Triage without noise: an allowlist file (paths, rule ids, fingerprints; each entry with a reason
// and an optional expiry) and a baseline (an earlier JSON report: its fingerprints are known
// secrets, so CI fails only on new ones). Suppressed findings stay in the report, marked.
//
//   FLEDGER_TRY(Allowlist allow, ParseAllowlist(text, ".fledger/secrets-allow.yaml"));
//   TriageReport r = ApplyTriage(findings, &allow, &baseline, "2026-12-02");
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/finding.h"
#include "core/result.h"

namespace fledger::secrets {

inline constexpr uint64_t kMaxAllowlistBytes = 1u << 20;
inline constexpr uint64_t kMaxBaselineBytes = 64u << 20;

struct AllowEntry {
  std::vector<std::string> paths;  // gitignore-style globs ("tests/fixtures/**")
  std::vector<std::string> rules;  // rule ids
  std::vector<std::string> fingerprints;
  std::string reason;   // required
  std::string expires;  // YYYY-MM-DD or ""
  std::string source;   // "file:line"
};

struct Allowlist {
  std::vector<AllowEntry> entries;
};

// The allowlist format (docs/secrets.md): top-level `allow:` list; every entry needs a reason and
// at least one of paths, rules, fingerprints; all the criteria it gives must match.
Result<Allowlist> ParseAllowlist(std::string_view text, const std::string& origin);

// The fingerprints of a baseline: a Fledger JSON report (`fledger secrets --format json`), or a
// SARIF log Fledger wrote (partialFingerprints).
Result<std::set<std::string>> ParseBaseline(std::string_view text, const std::string& origin);

struct TriageReport {
  size_t allowed = 0, baselined = 0, inline_allowed = 0;
  std::vector<std::string> warnings;  // expired entries, entries that matched nothing
};

// Marks findings as suppressed (inline comments were marked by the scan already). An expired
// entry suppresses nothing and is reported.
TriageReport ApplyTriage(std::vector<Finding>& findings, const Allowlist* allow,
                         const std::set<std::string>* baseline, const std::string& today);

}  // namespace fledger::secrets
