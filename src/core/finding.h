// The Finding model every analyzer produces and every renderer consumes (DESIGN.md §4).
//
// Analyzers push findings into a FindingSink; renderers are sinks too, or consume a collected
// vector. A Finding holds only validated primitives, so a renderer never re-validates.
//
//   CollectingSink sink;
//   sink.OnFinding(MakeFinding(...));
//   RenderJson(sink.findings(), tool_info);
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/primitives.h"

namespace fledger {

enum class FindingKind { kVulnerability, kSecret, kCode, kConfig, kThreat, kHygiene };
std::string_view FindingKindName(FindingKind kind);
Result<FindingKind> ParseFindingKind(std::string_view text);

enum class Confidence { kLow, kMedium, kHigh };
std::string_view ConfidenceName(Confidence c);

struct Location {
  RepoPath path = RepoPath::Root();
  int line = 0;  // 1-based; 0 when the finding is about a whole file
  int column = 0;
  int end_line = 0;
  int end_column = 0;
};

struct PackageRef {
  Ecosystem ecosystem;
  PackageName name;
  std::string version;
  std::optional<Purl> purl;
};

struct Remediation {
  std::string text;           // what to do, one or two sentences
  std::string fixed_version;  // for vulnerabilities: the first version that fixes it
};

// Why a finding is not counted against the gate: it is still reported (in a separate list), never
// dropped silently.
struct Suppression {
  std::string kind;     // "ignore-file", "vex", "inline", "baseline"
  std::string reason;   // the user's justification, as written
  std::string source;   // where the rule is: "path:line" of the ignore entry or the VEX file
  std::string expires;  // ISO date (YYYY-MM-DD) after which the rule no longer applies, or ""
};

// Where a secret found in git history came from (`secrets --git-history`): renderers show it
// beside the finding, so that a user knows which commit to look at and whether HEAD still has it.
struct GitProvenance {
  std::string commit;           // full hex id of the commit that introduced it
  std::string author;           // "Name <email>" as that commit records it (untrusted text)
  std::string date;             // its author date, ISO 8601 UTC ("2024-05-01T12:00:00Z")
  std::vector<RepoPath> paths;  // every path it appeared at, sorted
  bool in_head = false;         // HEAD's tree still holds it
};

struct Finding {
  RuleId rule_id;
  FindingKind kind = FindingKind::kHygiene;
  Severity severity = Severity::Of(Severity::Level::kInfo);
  Confidence confidence = Confidence::kHigh;
  std::string title;    // short, one line
  std::string message;  // what was found here, one or two sentences
  Location location;
  Fingerprint fingerprint;
  std::vector<CweId> cwes;
  std::vector<std::string> references;  // URLs
  std::vector<std::string> aliases;     // CVE/GHSA ids for vulnerabilities
  Remediation remediation;
  std::string evidence;  // already redacted: never holds a secret in clear
  std::optional<PackageRef> package;
  std::optional<ElementId> model_element;
  std::optional<Suppression> suppression;  // set: reported as suppressed, not gated on
  std::optional<GitProvenance> git;        // set for secrets found by a git history scan
};

// Sorts findings into the stable output order: severity (highest first), path, line, rule id.
void SortFindings(std::vector<Finding>& findings);

// Receives findings as analyzers produce them.
class FindingSink {
 public:
  virtual ~FindingSink() = default;
  virtual void OnFinding(Finding finding) = 0;
};

// A sink that keeps every finding in memory.
class CollectingSink : public FindingSink {
 public:
  void OnFinding(Finding finding) override { findings_.push_back(std::move(finding)); }
  std::vector<Finding>& findings() { return findings_; }

 private:
  std::vector<Finding> findings_;
};

// Identification of the tool for report headers.
struct ToolInfo {
  std::string name = "fledger";
  std::string version;
  std::string information_uri = "https://github.com/fledger-dev/fledger";
};

}  // namespace fledger
