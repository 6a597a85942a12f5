// Names and ordering for the Finding model.
#include "core/finding.h"

#include <algorithm>
#include <tuple>

#include "core/text.h"

namespace fledger {

std::string_view FindingKindName(FindingKind kind) {
  switch (kind) {
    case FindingKind::kVulnerability:
      return "vulnerability";
    case FindingKind::kSecret:
      return "secret";
    case FindingKind::kCode:
      return "code";
    case FindingKind::kConfig:
      return "config";
    case FindingKind::kThreat:
      return "threat";
    case FindingKind::kHygiene:
      return "hygiene";
  }
  return "hygiene";
}

Result<FindingKind> ParseFindingKind(std::string_view text) {
  for (auto k : {FindingKind::kVulnerability, FindingKind::kSecret, FindingKind::kCode,
                 FindingKind::kConfig, FindingKind::kThreat, FindingKind::kHygiene}) {
    if (ToLower(text) == FindingKindName(k)) return k;
  }
  return InputError(ValidationStep::kSemantics, "finding kind '" + EscapeTerminal(text) + "'",
                    "expected vulnerability, secret, code, config, threat or hygiene");
}

std::string_view ConfidenceName(Confidence c) {
  switch (c) {
    case Confidence::kLow:
      return "low";
    case Confidence::kMedium:
      return "medium";
    case Confidence::kHigh:
      return "high";
  }
  return "high";
}

void SortFindings(std::vector<Finding>& findings) {
  std::stable_sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
    return std::make_tuple(b.severity, a.location.path.str(), a.location.line, a.rule_id.str(),
                           a.fingerprint.str()) < std::make_tuple(a.severity, b.location.path.str(),
                                                                  b.location.line, b.rule_id.str(),
                                                                  b.fingerprint.str());
  });
}

}  // namespace fledger
