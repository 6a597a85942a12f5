// Findings reports read as evidence. Fledger's JSON names each finding's kind; SARIF does not, so
// the kind comes from the result's properties (Fledger's SARIF, Trivy), else from the rule id and
// the tool's name (docs/model.md, "Findings as evidence").
#include "model/evidence.h"

#include <algorithm>

#include "core/finding.h"
#include "core/input.h"
#include "core/text.h"

namespace fledger::model {
namespace {

using Json = nlohmann::json;

Error Bad(const std::string& context, const std::string& message) {
  return InputError(ValidationStep::kSemantics, context, message);
}

std::string Str(const Json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// A repository path: no "./" or "file://", relative to `root` when under it, '/' separators.
std::string RepoRelative(std::string path, const std::string& root) {
  if (path.rfind("file://", 0) == 0) path.erase(0, 7);
  std::replace(path.begin(), path.end(), '\\', '/');
  if (!root.empty() && !path.empty() && path.front() == '/') {
    std::string r = root;
    while (r.size() > 1 && r.back() == '/') r.pop_back();
    if (path.rfind(r + "/", 0) == 0) path.erase(0, r.size() + 1);
  }
  while (path.rfind("./", 0) == 0) path.erase(0, 2);
  return path;
}

std::string SeverityOfSarif(const Json& result, const Json* rule) {
  if (const auto p = result.find("properties"); p != result.end() && p->is_object()) {
    const std::string s = ToLower(Str(*p, "severity"));
    if (s == "info" || s == "low" || s == "medium" || s == "high" || s == "critical") return s;
  }
  // GitHub's convention: a numeric CVSS-like "security-severity" on the rule.
  if (rule != nullptr) {
    if (const auto p = rule->find("properties"); p != rule->end() && p->is_object()) {
      const std::string ss = Str(*p, "security-severity");
      char* end = nullptr;
      const double v = ss.empty() ? -1 : std::strtod(ss.c_str(), &end);
      if (v >= 9) return "critical";
      if (v >= 7) return "high";
      if (v >= 4) return "medium";
      if (v > 0) return "low";
    }
  }
  std::string level = Str(result, "level");
  if (level.empty() && rule != nullptr) {
    if (const auto d = rule->find("defaultConfiguration"); d != rule->end() && d->is_object()) {
      level = Str(*d, "level");
    }
  }
  if (level == "error") return "high";
  if (level == "note" || level == "none") return "low";
  return "medium";  // "warning", SARIF's default
}

std::string KindOfSarif(const Json& result, const Json* rule_object, const std::string& tool,
                        const std::string& rule) {
  if (const auto p = result.find("properties"); p != result.end() && p->is_object()) {
    const std::string k = Str(*p, "kind");
    if (ParseFindingKind(k).ok()) return k;
  }
  // A rule tagged with a kind ("vulnerability", "secret", ...), as Fledger's SARIF does.
  if (rule_object != nullptr) {
    if (const auto p = rule_object->find("properties"); p != rule_object->end() && p->is_object()) {
      if (const auto tags = p->find("tags"); tags != p->end() && tags->is_array()) {
        for (const Json& t : *tags) {
          if (t.is_string() && t.get<std::string>() != "threat" &&
              ParseFindingKind(t.get<std::string>()).ok()) {
            return t.get<std::string>();
          }
        }
      }
    }
  }
  const std::string t = ToLower(tool);
  const std::string r = ToLower(rule);
  if (t.find("gitleaks") != std::string::npos || t.find("trufflehog") != std::string::npos ||
      t.find("secretlint") != std::string::npos || r.rfind("secret", 0) == 0) {
    return "secret";
  }
  if (r.rfind("cve-", 0) == 0 || r.rfind("ghsa-", 0) == 0 || r.rfind("osv-", 0) == 0 ||
      r.rfind("pysec-", 0) == 0 || r.rfind("go-", 0) == 0 || r.rfind("rustsec-", 0) == 0) {
    return "vulnerability";
  }
  if (t.find("checkov") != std::string::npos || t.find("kics") != std::string::npos ||
      t.find("tfsec") != std::string::npos || t.find("hadolint") != std::string::npos ||
      r.rfind("avd-", 0) == 0 || r.rfind("ksv", 0) == 0 || r.rfind("ds0", 0) == 0) {
    return "config";
  }
  return "code";
}

// "CWE-89" from tags like "CWE-89", "external/cwe/cwe-089", "CWE-89: SQL Injection".
void AddCwes(const Json& tags, std::vector<std::string>& out) {
  if (!tags.is_array()) return;
  for (const Json& t : tags) {
    if (!t.is_string()) continue;
    const std::string s = ToLower(t.get<std::string>());
    const size_t at = s.find("cwe-");
    if (at == std::string::npos) continue;
    size_t i = at + 4;
    while (i < s.size() && s[i] == '0') ++i;
    std::string digits;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])) && digits.size() < 6) {
      digits += s[i++];
    }
    if (!digits.empty() && std::find(out.begin(), out.end(), "CWE-" + digits) == out.end()) {
      out.push_back("CWE-" + digits);
    }
  }
}

Status Add(std::vector<EvidenceRef>& out, EvidenceRef e, const std::string& context) {
  if (out.size() >= kMaxFindings) {
    return InputError(ValidationStep::kSize, context,
                      "more than " + std::to_string(kMaxFindings) + " findings");
  }
  out.push_back(std::move(e));
  return {};
}

Result<std::vector<EvidenceRef>> FromFledger(const Json& doc, const std::string& context,
                                             const std::string& root) {
  std::vector<EvidenceRef> out;
  for (const char* list : {"findings", "suppressed"}) {
    const auto it = doc.find(list);
    if (it == doc.end()) continue;
    if (!it->is_array()) return Bad(context, std::string("'") + list + "' must be a list");
    if (std::string(list) == "suppressed") break;  // suppressed findings are not evidence
    for (const Json& f : *it) {
      if (!f.is_object()) return Bad(context, "a finding must be an object");
      EvidenceRef e;
      e.rule = Str(f, "rule_id");
      e.kind = Str(f, "kind");
      e.severity = Str(f, "severity");
      e.title = Str(f, "title");
      e.fingerprint = Str(f, "fingerprint");
      if (e.rule.empty() || !ParseFindingKind(e.kind).ok() || !Severity::Parse(e.severity).ok()) {
        return Bad(context, "a finding needs 'rule_id', a known 'kind' and 'severity'");
      }
      if (const auto loc = f.find("location"); loc != f.end() && loc->is_object()) {
        e.path = RepoRelative(Str(*loc, "path"), root);
        if (const auto l = loc->find("line"); l != loc->end() && l->is_number_integer()) {
          e.line = static_cast<int>(std::clamp<int64_t>(l->get<int64_t>(), 0, 1 << 30));
        }
      }
      if (const auto c = f.find("cwes"); c != f.end()) AddCwes(*c, e.cwes);
      FLEDGER_RETURN_IF_ERROR(Add(out, std::move(e), context));
    }
  }
  return out;
}

Result<std::vector<EvidenceRef>> FromSarif(const Json& doc, const std::string& context,
                                           const std::string& root) {
  std::vector<EvidenceRef> out;
  const auto runs = doc.find("runs");
  if (runs == doc.end() || !runs->is_array()) return Bad(context, "SARIF needs a 'runs' list");
  for (const Json& run : *runs) {
    if (!run.is_object()) return Bad(context, "a SARIF run must be an object");
    std::string tool;
    const Json* rules = nullptr;
    if (const auto t = run.find("tool"); t != run.end() && t->is_object()) {
      if (const auto d = t->find("driver"); d != t->end() && d->is_object()) {
        tool = Str(*d, "name");
        if (const auto r = d->find("rules"); r != d->end() && r->is_array()) rules = &*r;
      }
    }
    const auto results = run.find("results");
    if (results == run.end()) continue;
    if (!results->is_array()) return Bad(context, "SARIF 'results' must be a list");
    for (const Json& r : *results) {
      if (!r.is_object()) return Bad(context, "a SARIF result must be an object");
      if (const auto s = r.find("suppressions"); s != r.end() && s->is_array() && !s->empty()) {
        continue;  // suppressed in the tool: not evidence
      }
      EvidenceRef e;
      e.rule = Str(r, "ruleId");
      const Json* rule = nullptr;
      if (const auto idx = r.find("ruleIndex");
          rules != nullptr && idx != r.end() && idx->is_number_unsigned() &&
          idx->get<uint64_t>() < rules->size()) {
        rule = &(*rules)[idx->get<size_t>()];
      } else if (rules != nullptr) {
        for (const Json& candidate : *rules) {
          if (candidate.is_object() && Str(candidate, "id") == e.rule) {
            rule = &candidate;
            break;
          }
        }
      }
      if (e.rule.empty() && rule != nullptr) e.rule = Str(*rule, "id");
      if (e.rule.empty()) return Bad(context, "a SARIF result needs a 'ruleId'");
      e.kind = KindOfSarif(r, rule, tool, e.rule);
      e.severity = SeverityOfSarif(r, rule);
      if (const auto m = r.find("message"); m != r.end() && m->is_object()) {
        e.title = Truncate(Str(*m, "text"), 200);
      }
      if (const auto fp = r.find("partialFingerprints"); fp != r.end() && fp->is_object()) {
        for (const auto& [key, value] : fp->items()) {
          if (value.is_string()) {
            e.fingerprint = value.get<std::string>();
            break;
          }
        }
      }
      if (const auto locs = r.find("locations"); locs != r.end() && locs->is_array() &&
                                                 !locs->empty() && locs->front().is_object()) {
        const Json& loc = locs->front();
        if (const auto pl = loc.find("physicalLocation"); pl != loc.end() && pl->is_object()) {
          if (const auto al = pl->find("artifactLocation"); al != pl->end() && al->is_object()) {
            e.path = RepoRelative(Str(*al, "uri"), root);
          }
          if (const auto reg = pl->find("region"); reg != pl->end() && reg->is_object()) {
            if (const auto l = reg->find("startLine");
                l != reg->end() && l->is_number_integer()) {
              e.line = static_cast<int>(std::clamp<int64_t>(l->get<int64_t>(), 0, 1 << 30));
            }
          }
        }
      }
      if (const auto p = r.find("properties"); p != r.end() && p->is_object()) {
        if (const auto tags = p->find("tags"); tags != p->end()) AddCwes(*tags, e.cwes);
      }
      if (rule != nullptr) {
        if (const auto p = rule->find("properties"); p != rule->end() && p->is_object()) {
          if (const auto tags = p->find("tags"); tags != p->end()) AddCwes(*tags, e.cwes);
          if (const auto cwe = p->find("cwe"); cwe != p->end()) AddCwes(*cwe, e.cwes);
        }
      }
      FLEDGER_RETURN_IF_ERROR(Add(out, std::move(e), context));
    }
  }
  return out;
}

// `owned` is `path` or a folder above it ("src/" and "src" both own "src/a.c").
bool Owns(std::string_view owned, std::string_view path) {
  while (owned.rfind("./", 0) == 0) owned.remove_prefix(2);
  while (!owned.empty() && owned.back() == '/') owned.remove_suffix(1);
  if (owned.empty() || owned == ".") return true;
  if (path.rfind(owned, 0) != 0) return false;
  return path.size() == owned.size() || path[owned.size()] == '/';
}

bool StartsWithAny(std::string_view s, const std::vector<std::string>& prefixes) {
  if (prefixes.empty()) return true;
  return std::any_of(prefixes.begin(), prefixes.end(), [&](const std::string& p) {
    return s.rfind(p, 0) == 0;
  });
}

}  // namespace

Result<std::vector<EvidenceRef>> ParseFindingsReport(std::string_view text,
                                                     const std::string& context,
                                                     const std::string& root) {
  FLEDGER_RETURN_IF_ERROR(
      CheckTextInput(text, context, kMaxFindingsReportBytes, "findings report"));
  FLEDGER_TRY(const Json doc, ParseJsonText(text, context));
  if (!doc.is_object()) return Bad(context, "a findings report must be a JSON object");
  if (doc.contains("runs")) return FromSarif(doc, context, root);
  if (doc.contains("findings")) return FromFledger(doc, context, root);
  return Bad(context,
             "not a findings report: expected Fledger's JSON ('findings') or SARIF ('runs')");
}

const Component* OwnerOf(const Model& m, std::string_view path) {
  const Component* best = nullptr;
  size_t best_length = 0;
  for (const Component& c : m.components) {
    for (const std::string& owned : c.paths) {
      if (Owns(owned, path) && (best == nullptr || owned.size() > best_length)) {
        best = &c;
        best_length = owned.size();
      }
    }
  }
  return best;
}

void PlaceFindings(const Model& m, std::vector<EvidenceRef>& findings) {
  for (EvidenceRef& f : findings) {
    const Component* c = f.path.empty() ? nullptr : OwnerOf(m, f.path);
    f.element = c != nullptr ? c->id.str() : "";
  }
}

bool Contradicts(const AssumptionCheck& check, const EvidenceRef& finding) {
  if (!StartsWithAny(finding.rule, check.rules)) return false;
  if (!check.kinds.empty() &&
      std::find(check.kinds.begin(), check.kinds.end(), finding.kind) == check.kinds.end()) {
    return false;
  }
  if (check.paths.empty()) return true;
  return std::any_of(check.paths.begin(), check.paths.end(),
                     [&](const std::string& p) { return Owns(p, finding.path); });
}

std::vector<std::string_view> CategoriesOf(std::string_view kind) {
  if (kind == "vulnerability") {
    return {"elevation-of-privilege", "tampering", "information-disclosure", "denial-of-service"};
  }
  if (kind == "secret") return {"spoofing", "information-disclosure", "elevation-of-privilege"};
  if (kind == "config" || kind == "code") {
    return {"tampering", "elevation-of-privilege", "information-disclosure"};
  }
  return {};
}

}  // namespace fledger::model
