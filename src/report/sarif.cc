// The SARIF 2.1.0 renderer: one run, one reportingDescriptor per distinct rule id.
#include <map>
#include <set>
#include <string>

#include "core/json.h"
#include "report/internal.h"

namespace fledger::report::internal {
namespace {

using Json = nlohmann::ordered_json;

constexpr const char* kSarifSchema = "https://json.schemastore.org/sarif-2.1.0.json";
constexpr const char* kFingerprintKey = "fledger/v1";

// GitHub code scanning reads "security-severity" (a CVSS-like score in a string) to rank alerts.
std::string SecuritySeverity(Severity severity) {
  switch (severity.level()) {
    case Severity::Level::kCritical:
      return "9.5";
    case Severity::Level::kHigh:
      return "8.0";
    case Severity::Level::kMedium:
      return "5.5";
    case Severity::Level::kLow:
      return "3.0";
    case Severity::Level::kInfo:
      return "0.0";
  }
  return "0.0";
}

// A relative URI reference for a repo path: everything but RFC 3986 unreserved characters and
// the segment separator is percent-encoded. That also encodes ':', so a first segment such as
// "c:x" cannot be read as a URI scheme, and '%', so a path cannot smuggle its own escapes.
std::string PathToUri(const std::string& path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(path.size());
  for (unsigned char c : path) {
    const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                            (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
                            c == '~' || c == '/';
    if (unreserved) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
  }
  return out;
}

// SARIF plain-text messages give "[text](target)" a meaning: an embedded link (§3.11.6). Literal
// brackets must be escaped with a backslash, so that text from a scanned repository cannot turn
// into a link in a viewer. A backslash before a bracket or another backslash is doubled too, so
// the result stays link-free whether or not a viewer treats "\\" as an escape.
std::string EscapeSarifMessage(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '[' || c == ']') {
      out += '\\';
    } else if (c == '\\' && i + 1 < text.size() &&
               (text[i + 1] == '[' || text[i + 1] == ']' || text[i + 1] == '\\')) {
      out += '\\';
    }
    out += c;
  }
  return out;
}

// What the rules array says about one rule id, gathered from its findings.
struct RuleSummary {
  const Finding* first = nullptr;  // in output order, so the most severe finding of the rule
  std::set<CweId> cwes;
  bool same_title = true;
  bool same_remediation = true;
};

Json RuleJson(const std::string& id, const RuleSummary& rule) {
  const Finding& f = *rule.first;
  Json j;
  j["id"] = id;
  j["name"] = id;
  // Titles and remediation are often specific to one finding ("lodash 4.17.15: ...", "upgrade
  // lodash to 4.17.21"). As rule metadata they would mislead for the rule's other findings, so
  // they are used only when all the findings of the rule agree; the results keep their own text.
  const std::string& description = rule.same_title ? f.title : id;
  j["shortDescription"] = {{"text", description}};
  j["fullDescription"] = {{"text", description}};
  if (rule.same_remediation && !f.remediation.text.empty()) {
    j["help"] = {{"text", f.remediation.text}};
  }
  j["defaultConfiguration"] = {{"level", std::string(f.severity.SarifLevel())}};
  Json tags = Json::array();
  tags.push_back(std::string(FindingKindName(f.kind)));
  tags.push_back("security");
  for (const CweId& cwe : rule.cwes) tags.push_back(cwe.ToString());
  j["properties"] = {{"tags", std::move(tags)},
                     {"security-severity", SecuritySeverity(f.severity)},
                     {"precision", std::string(ConfidenceName(f.confidence))}};
  return j;
}

Json ResultJson(const Finding& f, size_t rule_index) {
  Json j;
  j["ruleId"] = f.rule_id.str();
  j["ruleIndex"] = rule_index;
  j["level"] = std::string(f.severity.SarifLevel());
  std::string message = f.message.empty() ? f.title : f.message;
  if (f.git.has_value()) message += "; " + GitProvenanceText(*f.git);
  j["message"] = {{"text", EscapeSarifMessage(message)}};
  // A finding about the whole repository has no artifact to point at; SARIF allows a result
  // without locations, and an empty URI would point at the base directory instead.
  if (!f.location.path.is_root()) {
    Json physical;
    physical["artifactLocation"] = {{"uri", PathToUri(f.location.path.str())},
                                    {"uriBaseId", "%SRCROOT%"}};
    if (f.location.line > 0) {
      Json region;
      region["startLine"] = f.location.line;
      if (f.location.column > 0) region["startColumn"] = f.location.column;
      if (f.location.end_line > 0) region["endLine"] = f.location.end_line;
      if (f.location.end_column > 0) region["endColumn"] = f.location.end_column;
      physical["region"] = std::move(region);
    }
    Json location;
    location["physicalLocation"] = std::move(physical);
    j["locations"] = Json::array({std::move(location)});
  }
  j["partialFingerprints"] = {{kFingerprintKey, f.fingerprint.str()}};
  if (f.suppression.has_value()) {
    // SARIF 2.1.0 §3.35: a suppression decided outside the source (an ignore file, a VEX
    // document), accepted; code-scanning services show the result as dismissed.
    Json sup{{"kind", "external"},
             {"status", "accepted"},
             {"justification", EscapeSarifMessage(f.suppression->reason)}};
    Json props{{"fledger_kind", f.suppression->kind}};
    if (!f.suppression->source.empty()) props["source"] = f.suppression->source;
    if (!f.suppression->expires.empty()) props["expires"] = f.suppression->expires;
    sup["properties"] = std::move(props);
    j["suppressions"] = Json::array({std::move(sup)});
  }
  Json properties;
  properties["kind"] = std::string(FindingKindName(f.kind));
  properties["severity"] = std::string(f.severity.name());
  if (f.package.has_value() && f.package->purl.has_value()) {
    properties["purl"] = f.package->purl->ToString();
  }
  // A property bag may hold any JSON (§3.8): the introducing commit, its author and date, every
  // path and whether HEAD still holds the secret, as in the JSON document.
  if (f.git.has_value()) properties["git"] = GitJson(*f.git);
  j["properties"] = std::move(properties);
  return j;
}

}  // namespace

std::string SarifSorted(const std::vector<Finding>& sorted, const RenderOptions& options) {
  // std::map keeps the rules sorted by id, which fixes each rule's index.
  std::map<std::string, RuleSummary> rules;
  for (const Finding& f : sorted) {
    RuleSummary& rule = rules[f.rule_id.str()];
    if (rule.first == nullptr) {
      rule.first = &f;
    } else {
      rule.same_title = rule.same_title && f.title == rule.first->title;
      rule.same_remediation =
          rule.same_remediation && f.remediation.text == rule.first->remediation.text;
    }
    rule.cwes.insert(f.cwes.begin(), f.cwes.end());
  }
  Json rules_json = Json::array();
  std::map<std::string, size_t> rule_index;
  for (const auto& [id, rule] : rules) {
    rule_index[id] = rules_json.size();
    rules_json.push_back(RuleJson(id, rule));
  }

  Json driver;
  driver["name"] = options.tool.name;
  if (!options.tool.version.empty()) {
    driver["version"] = options.tool.version;
    driver["semanticVersion"] = options.tool.version;
  }
  if (!options.tool.information_uri.empty())
    driver["informationUri"] = options.tool.information_uri;
  driver["rules"] = std::move(rules_json);

  Json results = Json::array();
  for (const Finding& f : sorted) results.push_back(ResultJson(f, rule_index.at(f.rule_id.str())));

  Json run;
  run["tool"] = {{"driver", std::move(driver)}};
  run["columnKind"] = "utf16CodeUnits";
  run["results"] = std::move(results);

  Json doc;
  doc["$schema"] = kSarifSchema;
  doc["version"] = "2.1.0";
  doc["runs"] = Json::array({std::move(run)});
  return DumpJson(doc);
}

}  // namespace fledger::report::internal
