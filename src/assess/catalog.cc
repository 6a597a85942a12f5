// Loading and validating standards catalogs (origin -> size -> lexical -> syntax -> semantics).
#include "assess/catalog.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <optional>
#include <set>

#include "assess/embedded.h"
#include "assess/repo_checks.h"
#include "core/input.h"
#include "core/log.h"
#include "core/text.h"

namespace fledger::assess {
namespace {

using nlohmann::json;

// Reads an optional string member; numbers are accepted as text (the prototype wrote counts as
// strings, some files as numbers).
Result<std::string> OptString(const json& obj, const char* key, const std::string& where) {
  const auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return std::string();
  if (it->is_number_integer()) return it->dump();  // as written; get<long long> would wrap 2^64 - 1
  if (!it->is_string()) {
    return InputError(ValidationStep::kSemantics, where,
                      std::string("'") + key + "' must be a string");
  }
  std::string s = it->get<std::string>();
  if (s.size() > kMaxCatalogTextBytes) {
    return InputError(ValidationStep::kSize, where,
                      std::string("'") + key + "' is longer than " +
                          std::to_string(kMaxCatalogTextBytes) + " bytes");
  }
  return s;
}

// A lowercase slug of a name for derived ids: "FLOSS License" -> "floss-license".
std::string Slug(std::string_view text) {
  std::string out;
  bool dash = false;
  for (unsigned char c : text) {
    if (std::isalnum(c)) {
      if (dash && !out.empty()) out += '-';
      dash = false;
      out += static_cast<char>(std::tolower(c));
    } else {
      dash = true;
    }
  }
  return out.empty() ? "x" : out;
}

bool ValidId(std::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  return std::all_of(id.begin(), id.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '.' || c == '_' || c == '-' || c == ':' || c == '/';
  });
}

// The parameters each parameterised check takes. Any other key is an error, so that a misspelt
// parameter ("patern") cannot quietly fall back to a default.
struct CheckParamRule {
  std::string_view id;
  bool glob;     // required
  bool pattern;  // required
  bool min;      // optional, default 1
};
constexpr CheckParamRule kCheckParamRules[] = {
    {"evidence.count", false, false, true},
    {"file.exists", true, false, false},
    {"file.contains", true, true, true},
    // Records of `fledger deps impact PKG --save`: packages, import sites, advisory lookups.
    {"impact.recorded", false, false, true},
    {"impact.call_sites", false, false, true},
    {"impact.advisories", false, false, true},
    // Threat models (threatmodel.yaml, docs/threatmodel.md) that load: what they hold.
    {"model.valid", false, false, true},
    {"model.flows", false, false, true},
    {"model.crossing_flows", false, false, true},
    {"model.assumptions", false, false, true},
    {"model.inverted", false, false, true},
    {"model.use_cases", false, false, true},
    {"model.misuse_ranked", false, false, true},
    {"model.threats", false, false, true},
    {"model.controls", false, false, true},
    {"model.permissions", false, false, true},
    {"model.audit", false, false, true},
    {"model.provenance", false, false, true},
    // A committed secret found in the workspace's git history and removed from HEAD.
    {"secrets.fixed", false, false, true},
};

const CheckParamRule* FindCheckParamRule(std::string_view id) {
  for (const auto& rule : kCheckParamRules)
    if (rule.id == id) return &rule;
  return nullptr;
}

// A required, non-empty string parameter of at most kMaxCheckParamBytes.
Result<std::string> CheckText(const json& obj, const char* key, const std::string& where,
                              const std::string& what) {
  const auto it = obj.find(key);
  if (it == obj.end()) {
    return InputError(ValidationStep::kSemantics, where, what + ": missing '" + key + "'");
  }
  if (!it->is_string() || it->get_ref<const std::string&>().empty()) {
    return InputError(ValidationStep::kSemantics, where,
                      what + ": '" + key + "' must be a non-empty string, not " +
                          (it->is_string() ? std::string("an empty one") : DescribeJsonValue(*it)));
  }
  if (it->get_ref<const std::string&>().size() > kMaxCheckParamBytes) {
    return InputError(
        ValidationStep::kSize, where,
        what + ": '" + key + "' is longer than " + std::to_string(kMaxCheckParamBytes) + " bytes");
  }
  return it->get<std::string>();
}

// A JSON integer as int64, or nothing for anything else (floats, strings, unsigned values past
// int64). Callers range-check this instead of get<int>(), which would wrap 2^32 + 1 to 1.
std::optional<int64_t> AsInt64(const json& value) {
  if (value.is_number_unsigned()) {
    const uint64_t u = value.get<uint64_t>();
    if (u > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) return std::nullopt;
    return static_cast<int64_t>(u);
  }
  if (value.is_number_integer()) return value.get<int64_t>();
  return std::nullopt;
}

// `min`: an integer from 1 to kMaxCheckMin (1e18 is a float, not an integer).
Result<int> CheckMin(const json& value, const std::string& where, const std::string& what) {
  const auto v = AsInt64(value);
  if (!v || *v < 1 || *v > kMaxCheckMin) {
    return InputError(ValidationStep::kSemantics, where,
                      what + ": 'min' must be an integer from 1 to " +
                          std::to_string(kMaxCheckMin) + ", not " + DescribeJsonValue(value));
  }
  return static_cast<int>(*v);
}

// A requirement's or subcategory's `level`: an integer; whether the catalog has that level is
// checked per requirement. Values past int are reported as they are, never wrapped.
Result<int> LevelValue(const json& value, const std::string& where) {
  const auto v = AsInt64(value);
  if (!v) {
    return InputError(ValidationStep::kSemantics, where,
                      "'level' must be an integer, not " + DescribeJsonValue(value));
  }
  if (*v < std::numeric_limits<int>::min() || *v > std::numeric_limits<int>::max()) {
    return InputError(ValidationStep::kSemantics, where,
                      "level " + DescribeJsonValue(value) + " is not one of the catalog's levels");
  }
  return static_cast<int>(*v);
}

// Validates one check object's parameters against its rule.
Status ParseCheckParams(const json& c, const CheckParamRule& rule, const std::string& where,
                        const std::string& what, CheckSpec& spec) {
  for (const auto& [key, value] : c.items()) {
    const bool known = key == "id" || key == "any_of" || (key == "glob" && rule.glob) ||
                       (key == "pattern" && rule.pattern) || (key == "min" && rule.min);
    if (!known) {
      return InputError(ValidationStep::kSemantics, where,
                        what + ": unknown parameter '" + EscapeTerminal(Truncate(key, 60)) + "'");
    }
  }
  if (rule.glob) {
    FLEDGER_TRY(spec.glob, CheckText(c, "glob", where, what));
  }
  if (rule.pattern) {
    FLEDGER_TRY(spec.pattern, CheckText(c, "pattern", where, what));
    const RE2 re(spec.pattern, CheckPatternOptions());
    if (!re.ok()) {
      return InputError(ValidationStep::kSemantics, where,
                        what + ": 'pattern' is not a valid RE2 expression: " +
                            EscapeTerminal(Truncate(re.error(), 120)));
    }
  }
  if (rule.min) {
    if (const auto m = c.find("min"); m != c.end()) {
      FLEDGER_TRY(spec.min, CheckMin(*m, where, what));
    }
  }
  return {};
}

// `criterion` is the requirement's id (given or derived), for messages.
Result<std::vector<CheckSpec>> ParseChecks(const json& node, const std::string& where,
                                           const std::string& criterion) {
  std::vector<CheckSpec> checks;
  if (node.is_null()) return checks;
  if (!node.is_array())
    return InputError(ValidationStep::kSemantics, where, "'checks' must be a list");
  const std::string crit = "criterion '" + EscapeTerminal(Truncate(criterion, 60)) + "'";
  if (node.size() > kMaxChecksPerCriterion) {
    return InputError(ValidationStep::kSize, where,
                      crit + ": more than " + std::to_string(kMaxChecksPerCriterion) + " checks");
  }
  for (const auto& c : node) {
    CheckSpec spec;
    if (c.is_string()) {
      spec.id = c.get<std::string>();
    } else if (c.is_object() && c.contains("id") && c["id"].is_string()) {
      spec.id = c["id"].get<std::string>();
    } else {
      return InputError(ValidationStep::kSemantics, where,
                        crit + ": each check must be an id or an object with 'id'");
    }
    if (!ValidId(spec.id)) {
      return InputError(
          ValidationStep::kSemantics, where,
          crit + ": invalid check id '" + EscapeTerminal(Truncate(spec.id, 60)) + "'");
    }
    const std::string what = crit + ": check '" + spec.id + "'";
    if (const CheckParamRule* rule = FindCheckParamRule(spec.id); rule != nullptr) {
      if (c.is_string() && rule->glob) {
        return InputError(ValidationStep::kSemantics, where, what + ": missing 'glob'");
      }
      if (c.is_object()) {
        FLEDGER_RETURN_IF_ERROR(ParseCheckParams(c, *rule, where, what, spec));
      }
    } else if (FindRepoCheck(spec.id) != nullptr && c.is_object() &&
               c.size() > (c.contains("any_of") ? 2u : 1u)) {
      return InputError(ValidationStep::kSemantics, where,
                        what + ": repository checks take no parameters");
    }
    if (c.is_object() && c.contains("any_of")) {
      const json& g = c["any_of"];
      if (!g.is_string() || g.get<std::string>().empty() || g.get<std::string>().size() > 40 ||
          !ValidId(g.get<std::string>())) {
        return InputError(ValidationStep::kSemantics, where,
                          what + ": 'any_of' must be a short label (letters, digits, '-', '_')");
      }
      spec.any_of = g.get<std::string>();
    }
    // Any other id is unknown to this version: a warning when the assessment runs, and its
    // parameters are not read.
    checks.push_back(std::move(spec));
  }
  return checks;
}

Result<std::map<std::string, std::vector<std::string>>> ParseMappings(const json& node,
                                                                      const std::string& where) {
  std::map<std::string, std::vector<std::string>> out;
  if (node.is_null()) return out;
  if (!node.is_object())
    return InputError(ValidationStep::kSemantics, where, "'mappings' must be an object");
  for (const auto& [framework, ids] : node.items()) {
    if (ids.is_string()) {
      out[framework].push_back(ids.get<std::string>());
      continue;
    }
    if (!ids.is_array())
      return InputError(ValidationStep::kSemantics, where,
                        "mapping '" + framework + "' must be a list");
    for (const auto& id : ids) {
      if (!id.is_string())
        return InputError(ValidationStep::kSemantics, where, "mapping ids must be strings");
      out[framework].push_back(id.get<std::string>());
    }
  }
  return out;
}

void CheckCount(const json& obj, const char* key, size_t actual, const std::string& where,
                std::vector<std::string>& warnings) {
  const auto it = obj.find(key);
  if (it == obj.end()) return;
  std::string declared = it->is_string()           ? it->get<std::string>()
                         : it->is_number_integer() ? it->dump()
                                                   : "";
  if (declared != std::to_string(actual)) {
    warnings.push_back(where + ": " + key + " says " + declared + " but there are " +
                       std::to_string(actual));
  }
}

}  // namespace

RE2::Options CheckPatternOptions() {
  RE2::Options opts;
  opts.set_log_errors(false);
  // A bound on what one catalog pattern may cost, compiled and matched against every line.
  opts.set_max_mem(8 << 20);
  return opts;
}

size_t Catalog::RequirementCount() const {
  size_t n = 0;
  for (const auto& c : categories)
    for (const auto& s : c.subcategories) n += s.criteria.size();
  return n;
}

std::string Catalog::LevelName(int level) const {
  for (const auto& l : levels)
    if (l.id == level && !l.name.empty()) return l.name;
  return "Level " + std::to_string(level);
}

Result<Catalog> ParseCatalog(std::string_view text, const std::string& context,
                             const std::string& name) {
  // Size and lexical steps come before the JSON parser sees anything.
  FLEDGER_RETURN_IF_ERROR(CheckTextInput(text, context, kMaxCatalogBytes, "catalog"));
  json doc;
  FLEDGER_TRY(doc, ParseJsonText(text, context));
  if (!doc.is_object())
    return InputError(ValidationStep::kSemantics, context, "a catalog must be a JSON object");

  Catalog cat;
  cat.name = name;
  FLEDGER_TRY(cat.title, OptString(doc, "standardsSet", context));
  if (cat.title.empty())
    return InputError(ValidationStep::kSemantics, context, "missing 'standardsSet'");
  FLEDGER_TRY(cat.version, OptString(doc, "version", context));
  FLEDGER_TRY(cat.project_type, OptString(doc, "projectType", context));
  FLEDGER_TRY(cat.grade, OptString(doc, "grade", context));
  FLEDGER_TRY(cat.kind, OptString(doc, "kind", context));
  FLEDGER_TRY(cat.description, OptString(doc, "description", context));
  if (!cat.kind.empty() && cat.kind != "skill" && cat.kind != "project") {
    return InputError(ValidationStep::kSemantics, context,
                      "'kind' must be \"skill\" or \"project\"");
  }
  if (const auto src = doc.find("source"); src != doc.end() && src->is_object()) {
    FLEDGER_TRY(cat.source_name, OptString(*src, "name", context));
    FLEDGER_TRY(cat.source_license, OptString(*src, "license", context));
    FLEDGER_TRY(cat.source_attribution, OptString(*src, "attribution", context));
    FLEDGER_TRY(cat.source_url, OptString(*src, "url", context));
  }

  // Levels: explicit ids 1..N, or one level named after the grade.
  if (const auto lv = doc.find("levels"); lv != doc.end() && !lv->is_null()) {
    if (!lv->is_array() || lv->empty() || lv->size() > kMaxCatalogLevels) {
      return InputError(
          ValidationStep::kSemantics, context,
          "'levels' must be a list of 1 to " + std::to_string(kMaxCatalogLevels) + " levels");
    }
    for (size_t i = 0; i < lv->size(); ++i) {
      const json& l = (*lv)[i];
      if (!l.is_object() || !l.contains("id") || !l["id"].is_number_integer() ||
          l["id"].get<long long>() != static_cast<long long>(i + 1)) {
        return InputError(ValidationStep::kSemantics, context,
                          "level ids must be 1, 2, 3, ... in order");
      }
      LevelInfo info;
      info.id = static_cast<int>(i + 1);
      FLEDGER_TRY(info.name, OptString(l, "name", context));
      FLEDGER_TRY(info.description, OptString(l, "description", context));
      cat.levels.push_back(std::move(info));
    }
  } else {
    cat.levels.push_back(LevelInfo{1, cat.grade.empty() ? "Level 1" : cat.grade, ""});
  }

  const auto cats = doc.find("categories");
  if (cats == doc.end() || !cats->is_array()) {
    return InputError(ValidationStep::kSemantics, context, "missing 'categories' list");
  }
  CheckCount(doc, "numCategories", cats->size(), context, cat.warnings);
  std::set<std::string> ids;
  size_t total = 0;
  for (size_t ci = 0; ci < cats->size(); ++ci) {
    const json& cj = (*cats)[ci];
    const std::string where_c = context + ": categories[" + std::to_string(ci) + "]";
    if (!cj.is_object())
      return InputError(ValidationStep::kSemantics, where_c, "must be an object");
    Category category;
    FLEDGER_TRY(category.name, OptString(cj, "name", where_c));
    if (category.name.empty())
      return InputError(ValidationStep::kSemantics, where_c, "missing 'name'");
    FLEDGER_TRY(category.description, OptString(cj, "description", where_c));
    const auto subs = cj.find("subcategories");
    if (subs == cj.end() || !subs->is_array()) {
      return InputError(ValidationStep::kSemantics, where_c, "missing 'subcategories' list");
    }
    CheckCount(cj, "numSubCategories", subs->size(), where_c, cat.warnings);
    for (size_t si = 0; si < subs->size(); ++si) {
      const json& sj = (*subs)[si];
      const std::string where_s = where_c + ".subcategories[" + std::to_string(si) + "]";
      if (!sj.is_object())
        return InputError(ValidationStep::kSemantics, where_s, "must be an object");
      Subcategory sub;
      FLEDGER_TRY(sub.name, OptString(sj, "name", where_s));
      if (sub.name.empty())
        return InputError(ValidationStep::kSemantics, where_s, "missing 'name'");
      FLEDGER_TRY(sub.description, OptString(sj, "description", where_s));
      if (sub.description.empty()) {
        // The prototype's files spell it "desciription".
        FLEDGER_TRY(sub.description, OptString(sj, "desciription", where_s));
      }
      int default_level = 1;
      if (const auto l = sj.find("level"); l != sj.end() && !l->is_null()) {
        FLEDGER_TRY(default_level, LevelValue(*l, where_s));
      }
      const auto reqs = sj.find("requirements");
      if (reqs == sj.end() || !reqs->is_array()) {
        return InputError(ValidationStep::kSemantics, where_s, "missing 'requirements' list");
      }
      CheckCount(sj, "numRequirements", reqs->size(), where_s, cat.warnings);
      const auto crit = sj.find("criteria");
      const bool has_criteria = crit != sj.end() && !crit->is_null();
      if (has_criteria && (!crit->is_array() || crit->size() != reqs->size())) {
        return InputError(ValidationStep::kSemantics, where_s,
                          "'criteria' must be a list as long as 'requirements'");
      }
      total += reqs->size();
      if (total > kMaxCatalogRequirements) {
        return InputError(ValidationStep::kSize, context,
                          "more than " + std::to_string(kMaxCatalogRequirements) + " requirements");
      }
      for (size_t ri = 0; ri < reqs->size(); ++ri) {
        const std::string where_r = where_s + ".requirements[" + std::to_string(ri) + "]";
        const json& rj = (*reqs)[ri];
        if (!rj.is_string())
          return InputError(ValidationStep::kSemantics, where_r, "must be a string");
        Criterion c;
        c.text = rj.get<std::string>();
        if (c.text.size() > kMaxCatalogTextBytes) {
          return InputError(
              ValidationStep::kSize, where_r,
              "requirement longer than " + std::to_string(kMaxCatalogTextBytes) + " bytes");
        }
        if (Trim(c.text).empty()) {
          cat.warnings.push_back(where_r + ": empty requirement skipped");
          continue;
        }
        c.level = default_level;
        // Without an explicit id, a requirement is known by its place in the names.
        const std::string derived_id =
            Slug(category.name) + "." + Slug(sub.name) + "." + std::to_string(ri + 1);
        if (has_criteria) {
          const json& cr = (*crit)[ri];
          const std::string where_k = where_s + ".criteria[" + std::to_string(ri) + "]";
          if (!cr.is_object())
            return InputError(ValidationStep::kSemantics, where_k, "must be an object");
          FLEDGER_TRY(c.id, OptString(cr, "id", where_k));
          std::string ctext;
          FLEDGER_TRY(ctext, OptString(cr, "text", where_k));
          if (!ctext.empty() && ctext != c.text) {
            return InputError(ValidationStep::kSemantics, where_k,
                              "'text' differs from requirements[" + std::to_string(ri) + "]");
          }
          if (const auto l = cr.find("level"); l != cr.end() && !l->is_null()) {
            FLEDGER_TRY(c.level, LevelValue(*l, where_k));
          }
          FLEDGER_TRY(c.strength, OptString(cr, "strength", where_k));
          FLEDGER_TRY(c.evidence, OptString(cr, "evidence", where_k));
          FLEDGER_TRY(c.review, OptString(cr, "review", where_k));
          FLEDGER_TRY(c.details, OptString(cr, "details", where_k));
          FLEDGER_TRY(c.url, OptString(cr, "url", where_k));
          FLEDGER_TRY(c.checks, ParseChecks(cr.value("checks", json()), where_k,
                                            c.id.empty() ? derived_id : c.id));
          FLEDGER_TRY(c.mappings, ParseMappings(cr.value("mappings", json()), where_k));
          c.explicit_id = !c.id.empty();
        }
        if (c.id.empty()) c.id = derived_id;
        if (!ValidId(c.id)) {
          return InputError(ValidationStep::kSemantics, where_r,
                            "invalid requirement id '" + EscapeTerminal(Truncate(c.id, 60)) + "'");
        }
        if (c.level < 1 || c.level > static_cast<int>(cat.levels.size())) {
          return InputError(ValidationStep::kSemantics, where_r,
                            "level " + std::to_string(c.level) + " is not one of the catalog's " +
                                std::to_string(cat.levels.size()) + " levels");
        }
        if (!ids.insert(c.id).second) {
          return InputError(ValidationStep::kSemantics, where_r,
                            "duplicate requirement id '" + c.id + "'");
        }
        sub.criteria.push_back(std::move(c));
      }
      category.subcategories.push_back(std::move(sub));
    }
    cat.categories.push_back(std::move(category));
  }
  return cat;
}

CatalogSearch CatalogSearch::Default() {
  CatalogSearch s;
  s.dirs.push_back(std::filesystem::path("standards"));
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg != nullptr && xdg[0] != '\0') {
    s.dirs.push_back(std::filesystem::path(xdg) / "fledger" / "standards");
  } else if (const char* home = std::getenv("HOME"); home != nullptr && home[0] != '\0') {
    s.dirs.push_back(std::filesystem::path(home) / ".local" / "share" / "fledger" / "standards");
  }
  return s;
}

namespace {

bool ValidCatalogName(std::string_view name) {
  if (name.empty() || name.size() > 100) return false;
  return std::all_of(
             name.begin(), name.end(),
             [](unsigned char c) { return std::isalnum(c) || c == '.' || c == '_' || c == '-'; }) &&
         name[0] != '.';
}

Result<Catalog> LoadFile(const std::filesystem::path& path, const std::string& name) {
  Log(LogLevel::kInfo, "reading catalog " + path.string());
  std::string text;
  FLEDGER_TRY(text, ReadTextFile(path, {.max_bytes = kMaxCatalogBytes}));
  Catalog cat;
  FLEDGER_TRY(cat, ParseCatalog(text, path.string(), name));
  cat.origin = path.string();
  return cat;
}

}  // namespace

Result<Catalog> LoadCatalog(const std::string& name_or_path, const CatalogSearch& search) {
  const bool is_path =
      name_or_path.find('/') != std::string::npos || EndsWith(name_or_path, ".json");
  if (is_path) {
    const std::filesystem::path p(name_or_path);
    return LoadFile(p, p.stem().string());
  }
  if (!ValidCatalogName(name_or_path)) {
    return InputError(ValidationStep::kLexical,
                      "catalog name '" + EscapeTerminal(Truncate(name_or_path, 60)) + "'",
                      "use letters, digits, '.', '_' and '-', or a path to a .json file");
  }
  for (const auto& dir : search.dirs) {
    const auto p = dir / (name_or_path + ".json");
    std::error_code ec;
    if (std::filesystem::exists(p, ec)) {
      // A repository's own standards/OpenSSF.json would quietly replace the built-in standard
      // when Fledger runs inside the clone: say so, every time.
      // (Fledger's own checkout holds the built-ins' sources there: the same text is no news.)
      for (const auto& f : EmbeddedStandards()) {
        if (f.name != name_or_path) continue;
        const auto text = ReadTextFile(p, {.max_bytes = kMaxCatalogBytes});
        if (!text.ok() || text.value() != f.content) {
          Log(LogLevel::kWarn, "catalog " + name_or_path + " read from " + p.string() +
                                   ", not the built-in one of that name");
        }
      }
      return LoadFile(p, name_or_path);
    }
  }
  for (const auto& f : EmbeddedStandards()) {
    if (f.name == name_or_path) {
      Catalog cat;
      Log(LogLevel::kInfo, "using built-in catalog " + std::string(f.name));
      FLEDGER_TRY(
          cat, ParseCatalog(f.content, "built-in:" + std::string(f.name) + ".json", name_or_path));
      cat.origin = "built-in";
      return cat;
    }
  }
  // Case-insensitive fallback, so "openssf" finds "OpenSSF".
  for (const auto& f : EmbeddedStandards()) {
    if (ToLower(f.name) == ToLower(name_or_path)) return LoadCatalog(std::string(f.name), search);
  }
  std::string names;
  for (const auto& l : ListCatalogs(search)) names += (names.empty() ? "" : ", ") + l.name;
  return Error{ErrorCode::kNotFound, "no such catalog; available: " + names,
               "catalog '" + EscapeTerminal(Truncate(name_or_path, 60)) + "'",
               ValidationStep::kOrigin};
}

std::vector<CatalogListing> ListCatalogs(const CatalogSearch& search) {
  std::map<std::string, CatalogListing> by_name;
  auto add = [&](const std::string& name, Result<Catalog> cat, const std::string& origin) {
    if (by_name.count(name)) return;  // earlier sources shadow later ones
    CatalogListing l;
    l.name = name;
    l.origin = origin;
    if (cat.ok()) {
      l.title = cat.value().title;
      l.requirements = cat.value().RequirementCount();
      l.levels = cat.value().levels.size();
      l.license = cat.value().source_license;
    } else {
      l.title = "error: " + cat.error().ToString();
    }
    by_name.emplace(name, std::move(l));
  };
  for (const auto& dir : search.dirs) {
    std::error_code ec;
    std::vector<std::filesystem::path> files;
    for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
      if (it->path().extension() == ".json" && ValidCatalogName(it->path().stem().string())) {
        files.push_back(it->path());
      }
    }
    std::sort(files.begin(), files.end());
    for (const auto& p : files) add(p.stem().string(), LoadFile(p, p.stem().string()), p.string());
  }
  for (const auto& f : EmbeddedStandards()) {
    add(std::string(f.name),
        ParseCatalog(f.content, "built-in:" + std::string(f.name), std::string(f.name)),
        "built-in");
  }
  std::vector<CatalogListing> out;
  for (auto& [_, l] : by_name) out.push_back(std::move(l));
  return out;
}

}  // namespace fledger::assess
