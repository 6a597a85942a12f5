// Suppression rules from ignore files and VEX documents, and their application to findings.
#include "sca/suppress/suppress.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "core/input.h"
#include "core/text.h"
#include "sca/common.h"
#include "sca/extractor.h"
#include "sca/purl_name.h"

namespace fledger::sca {
namespace {

using Json = nlohmann::json;

bool HasSpaceOrControl(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u <= 0x20 || u == 0x7f;
  });
}

// Size and lexical steps shared by every suppression file.
Status CheckSuppressionText(std::string_view text, const std::string& context,
                            std::string_view what) {
  return CheckTextInput(text, context, kMaxSuppressionFileBytes, what);
}

// A package selector from text as written: a purl when it starts with "pkg:", else a name.
Result<PackageSelector> MakeSelector(std::string_view text, const std::string& where) {
  PackageSelector sel{.text = std::string(text)};
  if (text.size() >= 4 && EqualsIgnoreCase(text.substr(0, 4), "pkg:")) {
    auto purl = Purl::Parse(text);
    if (!purl.ok()) {
      return InputError(purl.error().step, where, "invalid purl: " + purl.error().message);
    }
    sel.purl = std::move(purl).value();
  } else if (text.empty() || HasSpaceOrControl(text) || text.size() > 512) {
    return InputError(ValidationStep::kLexical, where,
                      "a package is a name or a purl, without spaces (1 to 512 characters)");
  }
  return sel;
}

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

bool Digits(std::string_view s, size_t at, size_t n, int& out) {
  if (at + n > s.size()) return false;
  int v = 0;
  for (size_t i = at; i < at + n; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
    v = v * 10 + (s[i] - '0');
  }
  out = v;
  return true;
}

// Seconds since the epoch of an RFC 3339 timestamp, for ordering VEX statements; nullopt when
// malformed (then document order decides).
std::optional<int64_t> EpochSeconds(std::string_view t) {
  int y, mo, d, h, mi, s;
  if (!IsIsoDate(t.substr(0, std::min<size_t>(t.size(), 10))) || t.size() < 20 ||
      (t[10] != 'T' && t[10] != 't') || !Digits(t, 0, 4, y) || !Digits(t, 5, 2, mo) ||
      !Digits(t, 8, 2, d) || !Digits(t, 11, 2, h) || t[13] != ':' || !Digits(t, 14, 2, mi) ||
      t[16] != ':' || !Digits(t, 17, 2, s)) {
    return std::nullopt;
  }
  size_t i = 19;
  if (t[i] == '.') {
    ++i;
    while (i < t.size() && std::isdigit(static_cast<unsigned char>(t[i]))) ++i;
  }
  int64_t offset = 0;
  if (i + 1 == t.size() && (t[i] == 'Z' || t[i] == 'z')) {
    offset = 0;
  } else if (int oh, om; i + 6 == t.size() && (t[i] == '+' || t[i] == '-') &&
                         Digits(t, i + 1, 2, oh) && t[i + 3] == ':' && Digits(t, i + 4, 2, om)) {
    offset = (t[i] == '-' ? -1 : 1) * (oh * 3600 + om * 60);
  } else {
    return std::nullopt;
  }
  return DaysFromCivil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s - offset;
}

// The 1-based line of the next JSON string equal to `needle` at or after `from` (which then
// moves past it), or 0. VEX sources point at the statement's vulnerability id; statements are in
// document order, so searching forward finds each one's own occurrence.
int NextLineOf(const LineIndex& lines, std::string_view text, const std::string& needle,
               size_t& from) {
  if (needle.empty()) return 0;
  const std::string quoted = "\"" + needle + "\"";
  const size_t at = text.find(quoted, from);
  if (at == std::string_view::npos) return 0;
  from = at + 1;
  return lines.LineOf(at);
}

std::string SourceAt(const std::string& context, int line) {
  return line > 0 ? context + ":" + std::to_string(line) : context;
}

bool SameProduct(const PackageSelector& a, const PackageSelector& b) {
  if (a.purl && b.purl) {
    return a.purl->type() == b.purl->type() && EqualsIgnoreCase(a.purl->ns(), b.purl->ns()) &&
           EqualsIgnoreCase(a.purl->name(), b.purl->name()) &&
           a.purl->version() == b.purl->version();
  }
  return a.text == b.text;
}

bool IdsOverlap(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  for (const auto& x : a) {
    for (const auto& y : b) {
      if (EqualsIgnoreCase(x, y)) return true;
    }
  }
  return false;
}

// Reads the optional string member `key`; a present non-string is an error naming `where`.
Result<std::string> OptionalString(const Json& obj, const char* key, const std::string& where) {
  return JsonStringMember(obj, key, false, where);
}

Result<std::vector<std::string>> StringArray(const Json& obj, const char* key,
                                             const std::string& where) {
  std::vector<std::string> out;
  const auto it = obj.find(key);
  if (it == obj.end()) return out;
  if (!it->is_array()) {
    return InputError(ValidationStep::kSemantics, where,
                      std::string("'") + key + "' must be an array");
  }
  for (const auto& v : *it) {
    if (!v.is_string()) {
      return InputError(
          ValidationStep::kSemantics, where,
          std::string("'") + key + "' must hold strings, not " + DescribeJsonValue(v));
    }
    if (!v.get<std::string>().empty()) out.push_back(v.get<std::string>());
  }
  return out;
}

std::string JoinReason(std::string_view a, std::string_view b) {
  if (a.empty()) return std::string(b);
  if (b.empty()) return std::string(a);
  return std::string(a) + ": " + std::string(b);
}

bool VersionsEqual(const std::string& type, std::string_view a, std::string_view b) {
  if (a == b) return true;
  // Go module versions are written with a "v" that OSV and some purls drop.
  if (type == "golang") {
    if (a.starts_with("v")) a.remove_prefix(1);
    if (b.starts_with("v")) b.remove_prefix(1);
    return a == b;
  }
  return false;
}

bool SelectorMatches(const PackageSelector& sel, const PackageRef& pkg) {
  std::string name = sel.text;
  if (sel.purl) {
    const std::string& type = sel.purl->type();
    if (type != pkg.ecosystem.purl_type() && !(pkg.purl && pkg.purl->type() == type)) return false;
    name = PackageNameFromPurl(*sel.purl);
    if (!sel.purl->version().empty() && !VersionsEqual(type, sel.purl->version(), pkg.version)) {
      return false;
    }
  }
  // Names compare after the ecosystem's normalization (PEP 503, ...) and case-insensitively: a
  // purl may lowercase what the lockfile spells in mixed case (Go module paths).
  const auto norm = PackageName::Parse(pkg.ecosystem, name);
  return norm.ok() && EqualsIgnoreCase(norm.value().str(), pkg.name.str());
}

bool IdMatches(const SuppressionRule& rule, const Finding& f) {
  for (const auto& id : rule.ids) {
    if (EqualsIgnoreCase(id, f.rule_id.str())) return true;
    for (const auto& alias : f.aliases) {
      if (EqualsIgnoreCase(id, alias)) return true;
    }
  }
  return false;
}

bool PackageMatches(const SuppressionRule& rule, const Finding& f) {
  if (rule.packages.empty()) return true;
  if (!f.package) return false;
  return std::any_of(rule.packages.begin(), rule.packages.end(),
                     [&](const PackageSelector& s) { return SelectorMatches(s, *f.package); });
}

std::string Describe(const SuppressionRule& r) {
  std::string out = (r.kind == "ignore-file" ? "ignore entry for " : "VEX statement for ") +
                    (r.ids.empty() ? std::string("?") : r.ids.front());
  if (!r.packages.empty()) {
    out += " (" + r.packages.front().text;
    if (r.packages.size() > 1) out += " and " + std::to_string(r.packages.size() - 1) + " more";
    out += ")";
  }
  return out;
}

}  // namespace

bool IsIsoDate(std::string_view date) {
  int y, m, d;
  if (date.size() != 10 || date[4] != '-' || date[7] != '-' || !Digits(date, 0, 4, y) ||
      !Digits(date, 5, 2, m) || !Digits(date, 8, 2, d)) {
    return false;
  }
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m >= 1 && m <= 12 && d >= 1 && d <= kDays[m - 1] + (m == 2 && leap ? 1 : 0);
}

// ---------------------------------------------------------------------------------------------
// Ignore file.

Result<SuppressionRules> ParseIgnoreFile(std::string_view text, const std::string& context) {
  FLEDGER_RETURN_IF_ERROR(CheckSuppressionText(text, context, "ignore file"));
  FLEDGER_TRY(const YAML::Node root, ParseManifestYaml(text, context));
  SuppressionRules out;
  auto at = [&](const YAML::Node& n) { return context + ":" + std::to_string(n.Mark().line + 1); };
  auto semantic = [&](const YAML::Node& n, std::string msg) {
    return InputError(ValidationStep::kSemantics, at(n), std::move(msg));
  };
  try {
    if (!root.IsDefined() || root.IsNull()) return out;  // an empty file ignores nothing
    if (!root.IsMap()) return semantic(root, "the ignore file is a mapping with the key 'ignore'");
    YamlBudget budget(kMaxSuppressionRules * 16);
    for (const auto& kv : root) {
      if (!kv.first.IsScalar() || kv.first.Scalar() != "ignore") {
        return semantic(kv.first,
                        "unknown top-level key '" +
                            (kv.first.IsScalar() ? kv.first.Scalar().substr(0, 60) : "?") +
                            "' (expected 'ignore')");
      }
    }
    if (root.size() > 1) return semantic(root, "'ignore' appears more than once");
    const YAML::Node list = root["ignore"];
    if (list.IsNull()) return out;
    if (!list.IsSequence()) return semantic(list, "'ignore' must be a list of entries");
    if (list.size() > kMaxSuppressionRules) {
      return InputError(ValidationStep::kSize, at(list),
                        "more than " + std::to_string(kMaxSuppressionRules) + " entries");
    }
    static constexpr std::array<std::string_view, 4> kKeys = {"id", "package", "reason", "expires"};
    for (const auto& entry : list) {
      if (!budget.Visit()) return YamlBudgetError(context);
      if (!entry.IsMap()) {
        return semantic(entry, "an ignore entry is a mapping with id, package, reason, expires");
      }
      std::map<std::string, std::string> values;
      for (const auto& kv : entry) {
        if (!budget.Visit()) return YamlBudgetError(context);
        const std::string key = kv.first.IsScalar() ? kv.first.Scalar() : std::string();
        if (std::find(kKeys.begin(), kKeys.end(), key) == kKeys.end()) {
          return semantic(kv.first, "unknown key '" + key.substr(0, 60) +
                                        "' in an ignore entry (expected id, package, reason, "
                                        "expires)");
        }
        if (values.count(key)) return semantic(kv.first, "'" + key + "' appears more than once");
        if (!kv.second.IsScalar()) {
          return semantic(kv.second.IsNull() ? kv.first : kv.second,
                          "'" + key + "' must be a single value");
        }
        values[key] = kv.second.Scalar();
      }
      SuppressionRule rule{.kind = "ignore-file", .status = "ignore", .source = at(entry)};
      const std::string id(Trim(values["id"]));
      if (id.empty()) return semantic(entry, "an ignore entry needs an 'id' (a vulnerability id)");
      if (HasSpaceOrControl(id) || id.size() > 256) {
        return InputError(ValidationStep::kLexical, at(entry),
                          "'id' must be one vulnerability id without spaces");
      }
      rule.ids.push_back(id);
      if (values.count("package")) {
        FLEDGER_TRY(PackageSelector sel, MakeSelector(Trim(values["package"]), at(entry)));
        rule.packages.push_back(std::move(sel));
      }
      rule.reason = std::string(Trim(values["reason"]));
      if (rule.reason.empty()) {
        return semantic(entry, "ignore entry for " + id + " needs a non-empty 'reason'");
      }
      rule.expires = std::string(Trim(values["expires"]));
      if (rule.expires.empty()) {
        return semantic(entry, "ignore entry for " + id + " needs 'expires' (YYYY-MM-DD)");
      }
      if (!IsIsoDate(rule.expires)) {
        return semantic(entry, "'expires' of " + id + " is not a date YYYY-MM-DD: '" +
                                   rule.expires.substr(0, 40) + "'");
      }
      out.rules.push_back(std::move(rule));
    }
  } catch (const std::exception&) {
    // yaml-cpp accessors throw on shapes the checks above did not foresee; never let it escape.
    return InputError(ValidationStep::kSemantics, context, "unexpected structure in ignore file");
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// OpenVEX.

namespace {

// The purl selectors of an OpenVEX product or subcomponent: its @id and identifiers.purl.
void CollectProductPurls(const Json& component, const std::string& where,
                         std::vector<PackageSelector>& out, std::vector<std::string>& warnings) {
  std::vector<std::string> texts;
  if (component.is_string()) {
    texts.push_back(component.get<std::string>());  // OpenVEX 0.0.x: a product is its purl
  } else if (component.is_object()) {
    if (const auto id = component.find("@id"); id != component.end() && id->is_string()) {
      texts.push_back(id->get<std::string>());
    }
    if (const auto ids = component.find("identifiers");
        ids != component.end() && ids->is_object()) {
      if (const auto p = ids->find("purl"); p != ids->end() && p->is_string()) {
        texts.push_back(p->get<std::string>());
      }
    }
  }
  for (const auto& t : texts) {
    if (!(t.size() >= 4 && EqualsIgnoreCase(std::string_view(t).substr(0, 4), "pkg:"))) {
      warnings.push_back(where + ": product '" + t.substr(0, 80) +
                         "' is not a purl; Fledger matches packages by purl");
      continue;
    }
    auto sel = MakeSelector(t, where);
    if (!sel.ok()) {
      warnings.push_back(sel.error().ToString());
      continue;
    }
    if (std::none_of(out.begin(), out.end(),
                     [&](const PackageSelector& s) { return SameProduct(s, sel.value()); })) {
      out.push_back(std::move(sel).value());
    }
  }
}

}  // namespace

Result<SuppressionRules> ParseOpenVex(std::string_view text, const std::string& context) {
  FLEDGER_RETURN_IF_ERROR(CheckSuppressionText(text, context, "OpenVEX document"));
  FLEDGER_TRY(const Json doc, ParseManifestJson(text, context));
  auto semantic = [&](const std::string& where, std::string msg) {
    return InputError(ValidationStep::kSemantics, where.empty() ? context : context + ": " + where,
                      std::move(msg));
  };
  if (!doc.is_object()) return semantic("", "an OpenVEX document is a JSON object");
  FLEDGER_TRY(const std::string ctx, OptionalString(doc, "@context", context));
  if (!ctx.starts_with("https://openvex.dev/ns")) {
    return semantic("", "not an OpenVEX document ('@context' must be https://openvex.dev/ns...)");
  }
  FLEDGER_TRY(const std::string doc_time, OptionalString(doc, "timestamp", context));
  const auto statements = doc.find("statements");
  if (statements == doc.end() || !statements->is_array()) {
    return semantic("", "'statements' must be an array");
  }
  if (statements->size() > kMaxSuppressionRules) {
    return InputError(ValidationStep::kSize, context,
                      "more than " + std::to_string(kMaxSuppressionRules) + " statements");
  }
  SuppressionRules out;
  const LineIndex lines(text);
  size_t search_from = 0;
  struct Read {
    SuppressionRule rule;
    std::optional<int64_t> time;
  };
  std::vector<Read> read;
  for (size_t i = 0; i < statements->size(); ++i) {
    const Json& s = (*statements)[i];
    const std::string where = "statements[" + std::to_string(i) + "]";
    if (!s.is_object()) return semantic(where, "a statement is a JSON object");
    SuppressionRule rule{.kind = "vex"};
    const auto vuln = s.find("vulnerability");
    if (vuln != s.end() && vuln->is_string()) {  // OpenVEX 0.0.x
      rule.ids.push_back(vuln->get<std::string>());
    } else if (vuln != s.end() && vuln->is_object()) {
      FLEDGER_TRY(std::string name, OptionalString(*vuln, "name", context + ": " + where));
      rule.ids.push_back(std::move(name));
      FLEDGER_TRY(auto aliases, StringArray(*vuln, "aliases", context + ": " + where));
      rule.ids.insert(rule.ids.end(), aliases.begin(), aliases.end());
    }
    if (rule.ids.empty() || rule.ids.front().empty()) {
      return semantic(where, "a statement needs 'vulnerability' with a 'name'");
    }
    FLEDGER_TRY(rule.status, OptionalString(s, "status", context + ": " + where));
    static constexpr std::array<std::string_view, 4> kStatuses = {"not_affected", "affected",
                                                                  "fixed", "under_investigation"};
    if (std::find(kStatuses.begin(), kStatuses.end(), rule.status) == kStatuses.end()) {
      return semantic(where,
                      "'status' must be not_affected, affected, fixed or "
                      "under_investigation, not '" +
                          rule.status.substr(0, 40) + "'");
    }
    rule.suppresses = rule.status == "not_affected" || rule.status == "fixed";
    FLEDGER_TRY(const std::string justification,
                OptionalString(s, "justification", context + ": " + where));
    FLEDGER_TRY(const std::string impact,
                OptionalString(s, "impact_statement", context + ": " + where));
    FLEDGER_TRY(const std::string notes, OptionalString(s, "status_notes", context + ": " + where));
    FLEDGER_TRY(const std::string time, OptionalString(s, "timestamp", context + ": " + where));
    if (rule.status == "not_affected" && justification.empty() && impact.empty()) {
      return semantic(where,
                      "a not_affected statement needs a 'justification' or an "
                      "'impact_statement' (OpenVEX 0.2.0)");
    }
    rule.reason = rule.status == "not_affected" ? JoinReason(justification, impact)
                                                : JoinReason(rule.status, notes);
    const auto products = s.find("products");
    if (products != s.end() && !products->is_array()) {
      return semantic(where, "'products' must be an array");
    }
    if (products == s.end() || products->empty()) {
      if (rule.suppresses) {
        return semantic(where, "a " + rule.status +
                                   " statement needs 'products' (Fledger does not take them from "
                                   "an enclosing document)");
      }
    } else {
      for (size_t k = 0; k < products->size() && k < kMaxSuppressionRules; ++k) {
        const Json& product = (*products)[k];
        const std::string pwhere = context + ": " + where + ".products[" + std::to_string(k) + "]";
        if (!product.is_object() && !product.is_string()) {
          return semantic(where, "a product is a JSON object (or, in OpenVEX 0.0.x, a string)");
        }
        CollectProductPurls(product, pwhere, rule.packages, out.warnings);
        if (!product.is_object()) continue;
        if (const auto subs = product.find("subcomponents"); subs != product.end()) {
          if (!subs->is_array()) return semantic(where, "'subcomponents' must be an array");
          for (size_t j = 0; j < subs->size() && j < kMaxSuppressionRules; ++j) {
            if (!(*subs)[j].is_object() && !(*subs)[j].is_string()) {
              return semantic(where, "a subcomponent is a JSON object or a string");
            }
            CollectProductPurls((*subs)[j], pwhere + ".subcomponents[" + std::to_string(j) + "]",
                                rule.packages, out.warnings);
          }
        }
      }
      if (rule.packages.empty()) {
        out.warnings.push_back(context + ": " + where +
                               ": no product is a purl; statement ignored");
        continue;
      }
    }
    rule.source = SourceAt(context, NextLineOf(lines, text, rule.ids.front(), search_from));
    read.push_back({std::move(rule), EpochSeconds(time.empty() ? doc_time : time)});
  }
  // A later statement about the same vulnerability and product overrides an earlier one: a
  // not_affected followed by affected must not suppress.
  for (size_t i = 0; i < read.size(); ++i) {
    SuppressionRule& r = read[i].rule;
    if (!r.suppresses) continue;
    for (size_t j = 0; j < read.size(); ++j) {
      if (j == i || !IdsOverlap(r.ids, read[j].rule.ids)) continue;
      const bool later = read[i].time && read[j].time && *read[i].time != *read[j].time
                             ? *read[j].time > *read[i].time
                             : j > i;
      if (!later) continue;
      std::erase_if(r.packages, [&](const PackageSelector& p) {
        return std::any_of(read[j].rule.packages.begin(), read[j].rule.packages.end(),
                           [&](const PackageSelector& q) { return SameProduct(p, q); });
      });
    }
    if (r.packages.empty()) {
      out.warnings.push_back(r.source + ": statement for " + r.ids.front() +
                             " is overridden by later statements; ignored");
    }
  }
  for (auto& r : read) {
    if (r.rule.suppresses && r.rule.packages.empty()) continue;
    out.rules.push_back(std::move(r.rule));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// CycloneDX VEX.

namespace {

// Percent-decoding of a BOM-Link fragment; malformed escapes are kept as written.
std::string DecodeFragment(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

}  // namespace

Result<SuppressionRules> ParseCycloneDxVex(std::string_view text, const std::string& context) {
  FLEDGER_RETURN_IF_ERROR(CheckSuppressionText(text, context, "CycloneDX VEX document"));
  FLEDGER_TRY(const Json doc, ParseManifestJson(text, context));
  auto semantic = [&](const std::string& where, std::string msg) {
    return InputError(ValidationStep::kSemantics, where.empty() ? context : context + ": " + where,
                      std::move(msg));
  };
  if (!doc.is_object() || !doc.contains("bomFormat") || doc["bomFormat"] != "CycloneDX") {
    return semantic("", "not a CycloneDX document ('bomFormat' must be \"CycloneDX\")");
  }
  // bom-ref -> purl for every component, nested ones included (bounded like the SBOM reader).
  std::map<std::string, std::string> purl_of;
  std::vector<std::pair<const Json*, int>> stack;
  if (const auto m = doc.find("metadata"); m != doc.end() && m->is_object()) {
    if (const auto c = m->find("component"); c != m->end() && c->is_object()) {
      stack.emplace_back(&*c, 0);
    }
  }
  if (const auto cs = doc.find("components"); cs != doc.end() && cs->is_array()) {
    for (const auto& c : *cs) stack.emplace_back(&c, 0);
  }
  size_t seen = 0;
  while (!stack.empty()) {
    const auto [c, depth] = stack.back();
    stack.pop_back();
    if (++seen > kMaxPackagesPerFile) {
      return InputError(ValidationStep::kSize, context, "too many components");
    }
    if (!c->is_object()) continue;
    const auto ref = c->find("bom-ref");
    const auto purl = c->find("purl");
    if (ref != c->end() && ref->is_string() && purl != c->end() && purl->is_string()) {
      purl_of.emplace(ref->get<std::string>(), purl->get<std::string>());
    }
    if (const auto nested = c->find("components"); nested != c->end() && nested->is_array()) {
      if (depth >= kMaxNestingDepth) continue;  // the JSON depth bound makes this unreachable
      for (const auto& n : *nested) stack.emplace_back(&n, depth + 1);
    }
  }
  const auto vulns = doc.find("vulnerabilities");
  if (vulns == doc.end()) return semantic("", "no 'vulnerabilities': not a VEX document");
  if (!vulns->is_array()) return semantic("", "'vulnerabilities' must be an array");
  if (vulns->size() > kMaxSuppressionRules) {
    return InputError(ValidationStep::kSize, context,
                      "more than " + std::to_string(kMaxSuppressionRules) + " vulnerabilities");
  }
  SuppressionRules out;
  const LineIndex lines(text);
  size_t search_from = 0;
  static constexpr std::array<std::string_view, 6> kStates = {
      "resolved",  "resolved_with_pedigree", "exploitable",
      "in_triage", "false_positive",         "not_affected"};
  for (size_t i = 0; i < vulns->size(); ++i) {
    const Json& v = (*vulns)[i];
    const std::string where = "vulnerabilities[" + std::to_string(i) + "]";
    if (!v.is_object()) return semantic(where, "a vulnerability is a JSON object");
    SuppressionRule rule{.kind = "vex"};
    FLEDGER_TRY(std::string id, OptionalString(v, "id", context + ": " + where));
    if (id.empty()) return semantic(where, "a vulnerability needs an 'id'");
    rule.ids.push_back(std::move(id));
    if (const auto refs = v.find("references"); refs != v.end() && refs->is_array()) {
      for (const auto& r : *refs) {
        if (r.is_object() && r.contains("id") && r["id"].is_string()) {
          rule.ids.push_back(r["id"].get<std::string>());
        }
      }
    }
    std::string justification, detail;
    if (const auto a = v.find("analysis"); a != v.end()) {
      if (!a->is_object()) return semantic(where, "'analysis' must be an object");
      FLEDGER_TRY(rule.status, OptionalString(*a, "state", context + ": " + where + ".analysis"));
      FLEDGER_TRY(justification,
                  OptionalString(*a, "justification", context + ": " + where + ".analysis"));
      FLEDGER_TRY(detail, OptionalString(*a, "detail", context + ": " + where + ".analysis"));
    }
    if (!rule.status.empty() &&
        std::find(kStates.begin(), kStates.end(), rule.status) == kStates.end()) {
      return semantic(where, "unknown analysis.state '" + rule.status.substr(0, 40) + "'");
    }
    // resolved_with_pedigree is "resolved" with the evidence in the component's pedigree.
    rule.suppresses = rule.status == "not_affected" || rule.status == "false_positive" ||
                      rule.status == "resolved" || rule.status == "resolved_with_pedigree";
    rule.reason = JoinReason(justification.empty() ? rule.status : justification, detail);
    const auto affects = v.find("affects");
    if (affects != v.end() && !affects->is_array()) {
      return semantic(where, "'affects' must be an array");
    }
    if (affects == v.end() || affects->empty()) {
      if (rule.suppresses) {
        return semantic(where, "a " + rule.status +
                                   " analysis needs 'affects' (the components "
                                   "it is about)");
      }
    } else {
      for (size_t k = 0; k < affects->size() && k < kMaxSuppressionRules; ++k) {
        const std::string awhere = context + ": " + where + ".affects[" + std::to_string(k) + "]";
        const Json& a = (*affects)[k];
        std::string ref = a.is_object() && a.contains("ref") && a["ref"].is_string()
                              ? a["ref"].get<std::string>()
                              : std::string();
        if (ref.starts_with("urn:cdx:")) {
          // BOM-Link: urn:cdx:<serial>/<version>#<bom-ref>; a link without a fragment names a
          // whole BOM, not a component.
          const size_t hash = ref.find('#');
          ref = hash == std::string::npos ? std::string() : DecodeFragment(ref.substr(hash + 1));
        }
        std::string purl;
        if (const auto it = purl_of.find(ref); it != purl_of.end()) {
          purl = it->second;
        } else if (ref.size() >= 4 &&
                   EqualsIgnoreCase(std::string_view(ref).substr(0, 4), "pkg:")) {
          purl = ref;
        }
        if (purl.empty()) {
          out.warnings.push_back(awhere + ": ref '" + ref.substr(0, 80) +
                                 "' names no component with a purl; ignored");
          continue;
        }
        auto sel = MakeSelector(purl, awhere);
        if (!sel.ok()) {
          out.warnings.push_back(sel.error().ToString());
          continue;
        }
        rule.packages.push_back(std::move(sel).value());
      }
      if (rule.packages.empty()) {
        out.warnings.push_back(context + ": " + where +
                               ": no affected component resolves to a "
                               "purl; ignored");
        continue;
      }
    }
    rule.source = SourceAt(context, NextLineOf(lines, text, rule.ids.front(), search_from));
    out.rules.push_back(std::move(rule));
  }
  return out;
}

Result<SuppressionRules> ParseVex(std::string_view text, const std::string& context) {
  // Decide on the parsed document: both formats are JSON, told apart by their marker keys.
  FLEDGER_RETURN_IF_ERROR(CheckSuppressionText(text, context, "VEX document"));
  FLEDGER_TRY(const Json doc, ParseManifestJson(text, context));
  if (doc.is_object() && doc.contains("@context")) return ParseOpenVex(text, context);
  if (doc.is_object() && doc.contains("bomFormat")) return ParseCycloneDxVex(text, context);
  return InputError(ValidationStep::kSemantics, context,
                    "neither OpenVEX ('@context') nor CycloneDX ('bomFormat')");
}

// ---------------------------------------------------------------------------------------------
// Applying rules.

void Suppressor::Add(SuppressionRules rules) {
  for (auto& r : rules.rules) rules_.push_back(std::move(r));
}

void Suppressor::Add(SuppressionRule rule) { rules_.push_back(std::move(rule)); }

SuppressionReport Suppressor::Apply(std::vector<Finding>& findings, std::string_view today) const {
  const bool today_ok = IsIsoDate(today);
  std::vector<bool> expired(rules_.size());
  for (size_t i = 0; i < rules_.size(); ++i) {
    // YYYY-MM-DD compares as text; the rule still applies on its expiry day.
    expired[i] = !rules_[i].expires.empty() && (!today_ok || today > rules_[i].expires);
  }
  std::vector<size_t> matched(rules_.size(), 0);
  SuppressionReport report;
  for (Finding& f : findings) {
    for (size_t i = 0; i < rules_.size(); ++i) {
      const SuppressionRule& r = rules_[i];
      if (!r.suppresses || !IdMatches(r, f) || !PackageMatches(r, f)) continue;
      ++matched[i];
      if (expired[i] || f.suppression) continue;
      f.suppression =
          Suppression{.kind = r.kind, .reason = r.reason, .source = r.source, .expires = r.expires};
      ++report.suppressed;
    }
  }
  for (size_t i = 0; i < rules_.size(); ++i) {
    if (!rules_[i].suppresses) continue;
    if (expired[i]) {
      report.expired.push_back({rules_[i], matched[i]});
    } else if (matched[i] == 0) {
      report.unused.push_back({rules_[i], 0});
    }
  }
  return report;
}

std::vector<std::string> SuppressionReport::Warnings() const {
  std::vector<std::string> out;
  for (const auto& e : expired) {
    std::string w = e.rule.source + ": " + Describe(e.rule) + " expired on " + e.rule.expires +
                    " and no longer suppresses anything";
    if (e.matched > 0) {
      w += " (it matches " + std::to_string(e.matched) + " finding" + (e.matched > 1 ? "s" : "") +
           ")";
    }
    out.push_back(std::move(w));
  }
  for (const auto& u : unused) {
    out.push_back(u.rule.source + ": " + Describe(u.rule) + " matched no finding");
  }
  return out;
}

}  // namespace fledger::sca
