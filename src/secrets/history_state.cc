// A secret Finding to and from the JSON kept in fledger.db's history state.
#include "secrets/history_state.h"

#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "core/json.h"

namespace fledger::secrets::internal {
namespace {

using Json = nlohmann::json;

Error Bad(std::string what) {
  return InputError(ValidationStep::kSemantics, "fledger.db secret_history_hit",
                    "stored finding: " + std::move(what));
}

Result<std::string> String(const Json& j, const char* key, bool required = true) {
  const auto it = j.find(key);
  if (it == j.end()) {
    if (!required) return std::string();
    return Bad(std::string("missing ") + key);
  }
  if (!it->is_string()) return Bad(std::string(key) + " is not a string");
  return it->get<std::string>();
}

Result<int> Int(const Json& j, const char* key) {
  const auto it = j.find(key);
  if (it == j.end()) return 0;
  if (!it->is_number_integer()) return Bad(std::string(key) + " is not an integer");
  const int64_t v = it->get<int64_t>();
  if (v < 0 || v > 100000000) return Bad(std::string(key) + " is out of range");
  return static_cast<int>(v);
}

Result<std::vector<std::string>> Strings(const Json& j, const char* key) {
  std::vector<std::string> out;
  const auto it = j.find(key);
  if (it == j.end()) return out;
  if (!it->is_array()) return Bad(std::string(key) + " is not an array");
  for (const Json& item : *it) {
    if (!item.is_string()) return Bad(std::string(key) + " holds a non-string");
    out.push_back(item.get<std::string>());
  }
  return out;
}

Result<Confidence> ParseConfidence(const std::string& text) {
  for (Confidence c : {Confidence::kLow, Confidence::kMedium, Confidence::kHigh}) {
    if (ConfidenceName(c) == text) return c;
  }
  return Bad("unknown confidence '" + text + "'");
}

}  // namespace

std::string FindingToStateJson(const Finding& f) {
  Json j;
  j["rule_id"] = f.rule_id.str();
  j["kind"] = std::string(FindingKindName(f.kind));
  j["severity"] = std::string(f.severity.name());
  j["confidence"] = std::string(ConfidenceName(f.confidence));
  j["title"] = f.title;
  j["message"] = f.message;
  j["path"] = f.location.path.str();
  j["line"] = f.location.line;
  j["column"] = f.location.column;
  j["end_line"] = f.location.end_line;
  j["end_column"] = f.location.end_column;
  j["fingerprint"] = f.fingerprint.str();
  Json cwes = Json::array();
  for (const CweId& cwe : f.cwes) cwes.push_back(cwe.ToString());
  j["cwes"] = std::move(cwes);
  j["references"] = f.references;
  j["remediation"] = f.remediation.text;
  j["evidence"] = f.evidence;
  // DumpJson never throws on invalid UTF-8 (it substitutes U+FFFD); one line, no newline.
  std::string text = DumpJson(j, -1);
  while (!text.empty() && text.back() == '\n') text.pop_back();
  return text;
}

Result<Finding> FindingFromStateJson(std::string_view text) {
  Json j = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return Bad("not a JSON object");
  FLEDGER_TRY(const std::string rule, String(j, "rule_id"));
  FLEDGER_TRY(const std::string kind, String(j, "kind"));
  FLEDGER_TRY(const std::string severity, String(j, "severity"));
  FLEDGER_TRY(const std::string confidence, String(j, "confidence"));
  FLEDGER_TRY(const std::string path, String(j, "path"));
  FLEDGER_TRY(const std::string fingerprint, String(j, "fingerprint"));

  FLEDGER_TRY(RuleId rule_id, RuleId::Parse(rule));
  FLEDGER_TRY(FindingKind finding_kind, ParseFindingKind(kind));
  FLEDGER_TRY(Severity sev, Severity::Parse(severity));
  FLEDGER_TRY(Confidence conf, ParseConfidence(confidence));
  FLEDGER_TRY(RepoPath repo_path, RepoPath::Parse(path));
  FLEDGER_TRY(Fingerprint fp, Fingerprint::Parse(fingerprint));

  Finding f{.rule_id = std::move(rule_id), .fingerprint = std::move(fp)};
  f.kind = finding_kind;
  f.severity = sev;
  f.confidence = conf;
  f.location.path = std::move(repo_path);
  FLEDGER_TRY(f.title, String(j, "title", false));
  FLEDGER_TRY(f.message, String(j, "message", false));
  FLEDGER_TRY(f.location.line, Int(j, "line"));
  FLEDGER_TRY(f.location.column, Int(j, "column"));
  FLEDGER_TRY(f.location.end_line, Int(j, "end_line"));
  FLEDGER_TRY(f.location.end_column, Int(j, "end_column"));
  FLEDGER_TRY(const std::vector<std::string> cwes, Strings(j, "cwes"));
  for (const std::string& cwe : cwes) {
    FLEDGER_TRY(CweId id, CweId::Parse(cwe));
    f.cwes.push_back(id);
  }
  FLEDGER_TRY(f.references, Strings(j, "references"));
  FLEDGER_TRY(f.remediation.text, String(j, "remediation", false));
  FLEDGER_TRY(f.evidence, String(j, "evidence", false));
  return f;
}

}  // namespace fledger::secrets::internal
