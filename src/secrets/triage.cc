// Allowlist and baseline.
#include "secrets/triage.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/input.h"
#include "core/text.h"
#include "core/yaml_input.h"
#include "fs/ignore.h"

namespace fledger::secrets {
namespace {

bool IsDate(std::string_view d) {
  if (d.size() != 10 || d[4] != '-' || d[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!std::isdigit(static_cast<unsigned char>(d[i]))) return false;
  }
  const int month = std::stoi(std::string(d.substr(5, 2)));
  const int day = std::stoi(std::string(d.substr(8, 2)));
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

Error Bad(const std::string& origin, const YAML::Node& at, const std::string& message) {
  return InputError(ValidationStep::kSemantics, origin + ":" + std::to_string(YamlLine(at)),
                    message);
}

Result<std::vector<std::string>> Strings(const std::string& origin, const YAML::Node& n,
                                         const char* key) {
  std::vector<std::string> out;
  if (!n) return out;
  if (n.IsScalar()) return std::vector<std::string>{n.Scalar()};
  if (!n.IsSequence()) return Bad(origin, n, std::string("'") + key + "' must be a list");
  for (const auto& item : n) {
    if (!item.IsScalar() || item.Scalar().empty()) {
      return Bad(origin, item, std::string("items of '") + key + "' must be text");
    }
    out.push_back(item.Scalar());
  }
  return out;
}

bool AnyGlob(const std::vector<std::string>& globs, const std::string& path) {
  for (const auto& g : globs) {
    std::string_view pattern = g;
    if (StartsWith(pattern, "/")) pattern.remove_prefix(1);
    // A pattern without '/' matches at any depth, as in .gitignore.
    if (pattern.find('/') == std::string_view::npos) {
      const size_t slash = path.rfind('/');
      if (fs::GlobMatch(pattern, slash == std::string::npos ? path : path.substr(slash + 1))) {
        return true;
      }
    }
    if (fs::GlobMatch(pattern, path)) return true;
    // "dir/" or "dir" also covers everything below it.
    std::string dir(pattern);
    if (!dir.empty() && dir.back() == '/') dir.pop_back();
    if (!dir.empty() && StartsWith(path, dir + "/")) return true;
  }
  return false;
}

bool Contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

}  // namespace

Result<Allowlist> ParseAllowlist(std::string_view text, const std::string& origin) {
  FLEDGER_RETURN_IF_ERROR(CheckTextInput(text, origin, kMaxAllowlistBytes, "allowlist"));
  Allowlist out;
  try {
    FLEDGER_TRY(const YAML::Node doc, ParseYamlText(text, origin));
    if (!doc || doc.IsNull()) return out;
    if (!doc.IsMap()) return Bad(origin, doc, "an allowlist is a mapping with an 'allow' list");
    for (const auto& kv : doc) {
      if (kv.first.Scalar() != "allow") {
        return Bad(origin, kv.first, "unknown key '" + kv.first.Scalar() + "' (allowed: allow)");
      }
    }
    const YAML::Node list = doc["allow"];
    if (!list || list.IsNull()) return out;
    if (!list.IsSequence()) return Bad(origin, list, "'allow' must be a list");
    if (list.size() > 10000) return Bad(origin, list, "more than 10000 entries");
    for (const auto& n : list) {
      if (!n.IsMap()) return Bad(origin, n, "an entry must be a mapping");
      for (const auto& kv : n) {
        const std::string key = kv.first.Scalar();
        if (key != "paths" && key != "rules" && key != "fingerprints" && key != "reason" &&
            key != "expires") {
          return Bad(origin, kv.first,
                     "unknown key '" + key +
                         "' in an entry (allowed: paths, rules, fingerprints, reason, expires)");
        }
      }
      AllowEntry e;
      e.source = origin + ":" + std::to_string(YamlLine(n));
      FLEDGER_TRY(e.paths, Strings(origin, n["paths"], "paths"));
      FLEDGER_TRY(e.rules, Strings(origin, n["rules"], "rules"));
      FLEDGER_TRY(e.fingerprints, Strings(origin, n["fingerprints"], "fingerprints"));
      if (e.paths.empty() && e.rules.empty() && e.fingerprints.empty()) {
        return Bad(origin, n, "an entry needs paths, rules or fingerprints");
      }
      for (const auto& fp : e.fingerprints) {
        if (!Fingerprint::Parse(fp).ok()) {
          return Bad(origin, n["fingerprints"], "'" + fp + "' is not a fingerprint (hex)");
        }
      }
      const YAML::Node reason = n["reason"];
      if (!reason || !reason.IsScalar() || Trim(reason.Scalar()).empty()) {
        return Bad(origin, n, "an entry needs a 'reason'");
      }
      e.reason = reason.Scalar();
      if (const YAML::Node exp = n["expires"]) {
        if (!exp.IsScalar() || !IsDate(exp.Scalar())) {
          return Bad(origin, exp, "'expires' must be a date YYYY-MM-DD");
        }
        e.expires = exp.Scalar();
      }
      out.entries.push_back(std::move(e));
    }
  } catch (const YAML::Exception& e) {
    return InputError(ValidationStep::kSyntax, origin, e.what());
  }
  return out;
}

Result<std::set<std::string>> ParseBaseline(std::string_view text, const std::string& origin) {
  FLEDGER_RETURN_IF_ERROR(CheckTextInput(text, origin, kMaxBaselineBytes, "baseline"));
  FLEDGER_TRY(const nlohmann::json doc, ParseJsonText(text, origin));
  std::set<std::string> out;
  auto add = [&](const nlohmann::json& fp) {
    if (fp.is_string() && Fingerprint::Parse(fp.get<std::string>()).ok()) {
      out.insert(fp.get<std::string>());
    }
  };
  if (doc.is_object() && doc.contains("findings") && doc["findings"].is_array()) {
    for (const auto& f : doc["findings"]) {
      if (f.is_object() && f.contains("fingerprint")) add(f["fingerprint"]);
    }
    return out;
  }
  if (doc.is_object() && doc.contains("runs") && doc["runs"].is_array()) {
    for (const auto& run : doc["runs"]) {
      if (!run.is_object() || !run.contains("results") || !run["results"].is_array()) continue;
      for (const auto& r : run["results"]) {
        if (!r.is_object() || !r.contains("partialFingerprints")) continue;
        const auto& p = r["partialFingerprints"];
        if (!p.is_object()) continue;
        for (const auto& [k, v] : p.items()) add(v);
      }
    }
    return out;
  }
  return InputError(ValidationStep::kSemantics, origin,
                    "not a Fledger JSON report or SARIF log (no 'findings' or 'runs')");
}

TriageReport ApplyTriage(std::vector<Finding>& findings, const Allowlist* allow,
                         const std::set<std::string>* baseline, const std::string& today) {
  TriageReport report;
  std::vector<size_t> used(allow ? allow->entries.size() : 0, 0);
  for (Finding& f : findings) {
    if (f.suppression) {
      report.inline_allowed += f.suppression->kind == "inline";
      continue;
    }
    if (allow) {
      for (size_t i = 0; i < allow->entries.size(); ++i) {
        const AllowEntry& e = allow->entries[i];
        if (!e.paths.empty() && !AnyGlob(e.paths, f.location.path.str())) continue;
        if (!e.rules.empty() && !Contains(e.rules, f.rule_id.str())) continue;
        if (!e.fingerprints.empty() && !Contains(e.fingerprints, f.fingerprint.str())) continue;
        ++used[i];
        if (!e.expires.empty() && e.expires < today) continue;
        f.suppression = Suppression{"allowlist", e.reason, e.source, e.expires};
        ++report.allowed;
        break;
      }
      if (f.suppression) continue;
    }
    if (baseline && baseline->count(f.fingerprint.str())) {
      f.suppression = Suppression{"baseline", "present in the baseline", "", ""};
      ++report.baselined;
    }
  }
  for (size_t i = 0; allow && i < allow->entries.size(); ++i) {
    const AllowEntry& e = allow->entries[i];
    if (!e.expires.empty() && e.expires < today) {
      report.warnings.push_back(e.source + ": entry expired on " + e.expires + " (" +
                                std::to_string(used[i]) + " finding(s) would match): re-decide");
    } else if (used[i] == 0) {
      report.warnings.push_back(e.source + ": entry matched no finding");
    }
  }
  return report;
}

}  // namespace fledger::secrets
