// Suppression of vulnerability findings: the ignore file (.fledger/sca-ignore.yaml), OpenVEX
// 0.2.0 and CycloneDX VEX documents, turned into rules that mark matching findings as suppressed
// (never dropping them) and report the rules that matched nothing or have expired.
//
//   FLEDGER_TRY(SuppressionRules rules, ParseIgnoreFile(text, ".fledger/sca-ignore.yaml"));
//   Suppressor suppressor;
//   suppressor.Add(std::move(rules));
//   SuppressionReport report = suppressor.Apply(findings, "2025-06-30");
//   for (const auto& w : report.Warnings()) log.Warn(w);
//
// The file formats are described in src/sca/suppress/README.md.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/finding.h"
#include "core/primitives.h"
#include "core/result.h"

namespace fledger::sca {

// The packages a rule is about, as written: a name ("lodash", "org.slf4j:slf4j-api") or a purl,
// with or without a version (qualifiers and subpath are ignored when matching).
struct PackageSelector {
  std::string text;          // as written, for messages
  std::optional<Purl> purl;  // set when `text` is a purl
};

// One suppression rule from an ignore entry, an OpenVEX statement or a CycloneDX VEX analysis.
struct SuppressionRule {
  std::string kind;                       // "ignore-file" or "vex" (Suppression::kind)
  std::vector<std::string> ids;           // the vulnerability id first, then its aliases
  std::vector<PackageSelector> packages;  // empty: any package
  // "ignore" for ignore entries; for VEX the status or analysis state as written.
  std::string status;
  bool suppresses = true;  // false for affected, under_investigation, exploitable, in_triage
  std::string reason;      // the justification, as written
  std::string source;      // "path:line" of the entry or statement ("path" when unknown)
  std::string expires;     // YYYY-MM-DD, or "" (VEX statements do not expire)
};

// What one ignore or VEX file yields.
struct SuppressionRules {
  std::vector<SuppressionRule> rules;
  std::vector<std::string> warnings;  // non-fatal ("statements[2]: affects ref '...' unknown")
};

// Limits on suppression files.
inline constexpr uint64_t kMaxSuppressionFileBytes = 8u << 20;
inline constexpr size_t kMaxSuppressionRules = 100000;

// The ignore file: YAML `ignore:` with entries {id, package?, reason, expires}. Unknown keys,
// missing or empty reason, and a malformed or impossible expiry date are errors naming
// `context:line` and the step.
Result<SuppressionRules> ParseIgnoreFile(std::string_view text, const std::string& context);

// An OpenVEX document (v0.2.0; v0.0.x string vulnerabilities are read too). A later statement
// (by timestamp, then document order) about the same vulnerability and product overrides an
// earlier one, as the spec says. A suppressing statement without products is an error.
Result<SuppressionRules> ParseOpenVex(std::string_view text, const std::string& context);

// The `vulnerabilities` of a CycloneDX JSON document (a VEX or a BOM with analysis): id and
// references[].id as aliases, analysis.state/justification/detail, affects[].ref resolved through
// the document's components (bom-ref or BOM-Link) to purls.
Result<SuppressionRules> ParseCycloneDxVex(std::string_view text, const std::string& context);

// ParseOpenVex or ParseCycloneDxVex, chosen from the document (`@context` vs `bomFormat`).
Result<SuppressionRules> ParseVex(std::string_view text, const std::string& context);

// A rule after Apply: how many findings it suppressed, or for an expired rule would have.
struct RuleUse {
  SuppressionRule rule;
  size_t matched = 0;
};

struct SuppressionReport {
  size_t suppressed = 0;         // findings that received a suppression in this call
  std::vector<RuleUse> unused;   // suppressing rules in force that matched no finding
  std::vector<RuleUse> expired;  // rules past their expiry date: they suppressed nothing
  // One line per unused or expired rule, "source: ..." for the CLI to print as warnings.
  std::vector<std::string> Warnings() const;
};

// Applies suppression rules to findings.
class Suppressor {
 public:
  // Adds rules; rules added earlier win when several match a finding.
  void Add(SuppressionRules rules);
  void Add(SuppressionRule rule);
  const std::vector<SuppressionRule>& rules() const { return rules_; }

  // Sets `suppression` on every finding a rule in force matches: the vulnerability id (rule_id or
  // any alias, case-insensitively) and, when the rule names packages, the finding's package. A
  // finding that already has a suppression keeps it. `today` is YYYY-MM-DD; a rule expires after
  // its `expires` day, and if `today` is malformed every rule with an expiry counts as expired
  // (fail closed). Findings are never removed or reordered.
  [[nodiscard]] SuppressionReport Apply(std::vector<Finding>& findings,
                                        std::string_view today) const;

 private:
  std::vector<SuppressionRule> rules_;
};

// True if `date` is a real calendar date written YYYY-MM-DD.
bool IsIsoDate(std::string_view date);

}  // namespace fledger::sca
