// The JSON renderer: Fledger's own document, described by schemas/findings.schema.json.
#include "core/json.h"

#include <string>

#include "report/internal.h"

namespace fledger::report::internal {
namespace {

using Json = nlohmann::ordered_json;

constexpr int kSchemaVersion = 1;

Json StringArray(const std::vector<std::string>& items) {
  Json array = Json::array();
  for (const auto& item : items) array.push_back(item);
  return array;
}

Json LocationJson(const Location& location) {
  Json j;
  j["path"] = location.path.str();
  // Zero means "not known" (a finding about a whole file), so it is left out rather than
  // written as a position that does not exist.
  if (location.line > 0) j["line"] = location.line;
  if (location.column > 0) j["column"] = location.column;
  if (location.end_line > 0) j["end_line"] = location.end_line;
  if (location.end_column > 0) j["end_column"] = location.end_column;
  return j;
}

}  // namespace

Json GitJson(const GitProvenance& git) {
  Json j;
  j["commit"] = git.commit;
  j["author"] = git.author;
  j["date"] = git.date;
  Json paths = Json::array();
  for (const RepoPath& path : git.paths) paths.push_back(path.str());
  j["paths"] = std::move(paths);
  j["in_head"] = git.in_head;
  return j;
}

namespace {

Json FindingJson(const Finding& f) {
  Json j;
  j["rule_id"] = f.rule_id.str();
  j["kind"] = std::string(FindingKindName(f.kind));
  j["severity"] = std::string(f.severity.name());
  j["confidence"] = std::string(ConfidenceName(f.confidence));
  j["title"] = f.title;
  j["message"] = f.message;
  j["location"] = LocationJson(f.location);
  j["fingerprint"] = f.fingerprint.str();
  Json cwes = Json::array();
  for (const CweId& cwe : f.cwes) cwes.push_back(cwe.ToString());
  j["cwes"] = std::move(cwes);
  j["references"] = StringArray(f.references);
  j["aliases"] = StringArray(f.aliases);
  Json remediation;
  remediation["text"] = f.remediation.text;
  if (!f.remediation.fixed_version.empty()) {
    remediation["fixed_version"] = f.remediation.fixed_version;
  }
  j["remediation"] = std::move(remediation);
  j["evidence"] = f.evidence;
  if (f.package.has_value()) {
    Json package;
    package["ecosystem"] = f.package->ecosystem.osv_name();
    package["name"] = f.package->name.str();
    if (!f.package->version.empty()) package["version"] = f.package->version;
    if (f.package->purl.has_value()) package["purl"] = f.package->purl->ToString();
    j["package"] = std::move(package);
  }
  if (f.model_element.has_value()) j["model_element"] = f.model_element->str();
  if (f.suppression.has_value()) {
    Json sup;
    sup["kind"] = f.suppression->kind;
    sup["reason"] = f.suppression->reason;
    if (!f.suppression->source.empty()) sup["source"] = f.suppression->source;
    if (!f.suppression->expires.empty()) sup["expires"] = f.suppression->expires;
    j["suppression"] = std::move(sup);
  }
  if (f.git.has_value()) j["git"] = GitJson(*f.git);
  return j;
}

}  // namespace

std::string JsonSorted(const std::vector<Finding>& sorted, const RenderOptions& options) {
  Json doc;
  doc["schema_version"] = kSchemaVersion;
  doc["tool"] = {{"name", options.tool.name},
                 {"version", options.tool.version},
                 {"information_uri", options.tool.information_uri}};
  const SeverityCounts counts = CountSeverities(sorted);
  Json by_severity;
  for (Severity::Level level : kLevelsHighFirst) {
    by_severity[std::string(Severity::Of(level).name())] = counts.Of(level);
  }
  doc["summary"] = {{"total", counts.total},
                    {"by_severity", std::move(by_severity)},
                    {"suppressed", counts.suppressed}};
  Json findings = Json::array();
  for (const Finding& f : sorted) findings.push_back(FindingJson(f));
  doc["findings"] = std::move(findings);
  return DumpJson(doc);
}

}  // namespace fledger::report::internal
