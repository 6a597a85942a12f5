// Findings as evidence for a threat model: reads the findings reports of Fledger's analyzers
// (`--format json`) and of other tools (SARIF 2.1.0: Semgrep, gitleaks, Trivy, CodeQL, ...) into
// EvidenceRefs, and places each on the component that owns its path.
//
//   FLEDGER_TRY(auto findings, model::ParseFindingsReport(text, "sca.json"));
//   model::PlaceFindings(m, findings);            // sets EvidenceRef::element
//   const model::Analysis a = model::Analyze(m, model::BuiltinRules(), findings);
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "model/model.h"
#include "model/threats.h"

namespace fledger::model {

// Bounds of one findings report.
inline constexpr uint64_t kMaxFindingsReportBytes = 64u << 20;
inline constexpr size_t kMaxFindings = 200000;

// Fledger's findings JSON (schemas/findings.schema.json) or SARIF 2.1.0, told apart by content.
// Paths are made relative to the repository: "./" and "file://" prefixes are dropped, and an
// absolute path under `root` (when given) is made relative to it.
Result<std::vector<EvidenceRef>> ParseFindingsReport(std::string_view text,
                                                     const std::string& context,
                                                     const std::string& root = "");

// The component a repository path belongs to: the one with the longest owned path that is the
// path itself or a folder above it; nullptr when none owns it.
const Component* OwnerOf(const Model& m, std::string_view path);

// Sets `element` of each finding to the component owning its path.
void PlaceFindings(const Model& m, std::vector<EvidenceRef>& findings);

// Whether a finding contradicts an assumption's check (its rules, kinds and paths all match).
bool Contradicts(const AssumptionCheck& check, const EvidenceRef& finding);

// The STRIDE categories a finding of `kind` makes likelier (docs/model.md).
std::vector<std::string_view> CategoriesOf(std::string_view kind);

}  // namespace fledger::model
