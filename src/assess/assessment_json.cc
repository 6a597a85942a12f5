// assessment.json: the document AssessmentToJson writes, and ParsePreviousAssessment, which
// reads and validates the one a previous build left behind.
#include <cmath>
#include <optional>
#include <set>
#include <string>

#include "assess/assessment.h"
#include "core/input.h"
#include "core/text.h"

namespace fledger::assess {
namespace {

using ojson = nlohmann::ordered_json;

// A status exactly as AssessmentToJson writes it (not the aliases a person may type).
std::optional<ReqStatus> StatusByName(std::string_view name) {
  for (ReqStatus s : {ReqStatus::kMet, ReqStatus::kPartial, ReqStatus::kUnmet,
                      ReqStatus::kNeedsReview, ReqStatus::kNotApplicable}) {
    if (ReqStatusName(s) == name) return s;
  }
  return std::nullopt;
}

}  // namespace

Result<PreviousAssessment> ParsePreviousAssessment(std::string_view text,
                                                   const std::string& context,
                                                   AssessmentKind kind) {
  using nlohmann::json;
  FLEDGER_RETURN_IF_ERROR(CheckTextInput(text, context, kMaxAssessmentJsonBytes, "assessment"));
  json doc;
  FLEDGER_TRY(doc, ParseJsonText(text, context));
  const auto semantics = [&](const std::string& where, const std::string& message) {
    return InputError(ValidationStep::kSemantics, where, message);
  };
  if (!doc.is_object() || !doc.contains("catalog") || !doc.contains("requirements")) {
    return semantics(context, "not a Fledger assessment (missing 'catalog' or 'requirements')");
  }
  // A later format may mean something else by the same keys: refuse it rather than guess.
  const auto version = doc.find("schema_version");
  if (version == doc.end() || !version->is_number_integer() || *version != 1) {
    return semantics(
        context, "'schema_version' must be 1, not " +
                     (version == doc.end() ? std::string("missing") : DescribeJsonValue(*version)));
  }
  std::string kind_name;
  FLEDGER_TRY(kind_name, JsonStringMember(doc, "kind", true, context));
  if (kind_name != AssessmentKindName(kind)) {
    return semantics(context, "'kind' is '" + EscapeTerminal(Truncate(kind_name, 40)) +
                                  "' but this is a " + std::string(AssessmentKindName(kind)) +
                                  " assessment");
  }
  PreviousAssessment prev;
  const json& cat = doc["catalog"];
  const std::string where_cat = context + ": catalog";
  if (!cat.is_object()) {
    return semantics(where_cat, "must be an object, not " + DescribeJsonValue(cat));
  }
  FLEDGER_TRY(prev.catalog_name, JsonStringMember(cat, "name", true, where_cat));
  if (prev.catalog_name.empty()) return semantics(where_cat, "'name' is empty");
  FLEDGER_TRY(prev.catalog_origin, JsonStringMember(cat, "origin", false, where_cat));

  const auto level = doc.find("target_level");
  if (level == doc.end() || !level->is_number_integer() || *level < 1 ||
      *level > static_cast<int>(kMaxCatalogLevels)) {
    return semantics(context,
                     "'target_level' must be an integer from 1 to " +
                         std::to_string(kMaxCatalogLevels) + ", not " +
                         (level == doc.end() ? std::string("missing") : DescribeJsonValue(*level)));
  }
  prev.target_level = level->get<int>();
  FLEDGER_TRY(prev.skills, JsonStringMember(doc, "skills", false, context));

  const json& reqs = doc["requirements"];
  if (!reqs.is_array()) {
    return semantics(context, "'requirements' must be a list, not " + DescribeJsonValue(reqs));
  }
  if (reqs.size() > kMaxCatalogRequirements) {
    return InputError(ValidationStep::kSize, context,
                      "more than " + std::to_string(kMaxCatalogRequirements) + " requirements");
  }
  std::set<std::string> ids;
  for (size_t i = 0; i < reqs.size(); ++i) {
    const json& r = reqs[i];
    const std::string where = context + ": requirements[" + std::to_string(i) + "]";
    if (!r.is_object()) return semantics(where, "must be an object, not " + DescribeJsonValue(r));
    std::string id;
    FLEDGER_TRY(id, JsonStringMember(r, "id", true, where));
    if (id.empty()) return semantics(where, "'id' is empty");
    if (!ids.insert(id).second) {
      return semantics(where,
                       "duplicate requirement id '" + EscapeTerminal(Truncate(id, 60)) + "'");
    }
    std::string decided_by;
    FLEDGER_TRY(decided_by, JsonStringMember(r, "decided_by", true, where));
    if (decided_by != "auto" && decided_by != "user") {
      return semantics(where, "'decided_by' must be \"auto\" or \"user\", not '" +
                                  EscapeTerminal(Truncate(decided_by, 40)) + "'");
    }
    if (decided_by == "user") prev.decided_by_user.insert(id);
    if (r.contains("auto_status")) {
      std::string name;
      FLEDGER_TRY(name, JsonStringMember(r, "auto_status", true, where));
      const auto status = StatusByName(name);
      if (!status) {
        return semantics(where,
                         "'auto_status' must be met, partial, unmet, needs-review or n/a, not '" +
                             EscapeTerminal(Truncate(name, 40)) + "'");
      }
      prev.auto_status[id] = *status;
    }
  }
  return prev;
}

nlohmann::ordered_json AssessmentToJson(const AssessmentOutcome& o) {
  ojson j = ojson::object();
  j["schema_version"] = 1;
  j["tool"] = {{"name", "fledger"}, {"version", FLEDGER_VERSION}};
  j["kind"] = std::string(AssessmentKindName(o.kind));
  j["generated_at"] = o.generated_at;
  j["catalog"] = {{"name", o.catalog.name},
                  {"title", o.catalog.title},
                  {"version", o.catalog.version},
                  {"origin", o.catalog.origin},
                  {"license", o.catalog.source_license}};
  ojson levels = ojson::array();
  for (const auto& l : o.catalog.levels) levels.push_back({{"id", l.id}, {"name", l.name}});
  j["catalog"]["levels"] = levels;
  j["subject"] = o.subject;
  j["target_level"] = o.target_level;
  j["skills"] = o.skills;
  j["summary"] = {{"requirements", o.requirements.size()},
                  {"met", o.met},
                  {"partial", o.partial},
                  {"unmet", o.unmet},
                  {"needs_review", o.needs_review},
                  {"not_applicable", o.not_applicable},
                  {"decided_auto", o.decided_auto},
                  {"percent_to_target", std::round(o.percent_to_target * 10) / 10}};
  ojson cats = ojson::array();
  for (const auto& c : o.categories) {
    cats.push_back(
        {{"name", c.name},
         {"achieved_level", c.achieved_level},
         {"achieved_level_name", c.achieved_level > 0 ? o.catalog.LevelName(c.achieved_level) : ""},
         {"percent_to_target", std::round(c.percent_to_target * 10) / 10},
         {"met", c.met},
         {"partial", c.partial},
         {"unmet", c.unmet},
         {"needs_review", c.needs_review},
         {"not_applicable", c.not_applicable}});
  }
  j["categories"] = cats;
  ojson reqs = ojson::array();
  for (const auto& r : o.requirements) {
    ojson e = ojson::object();
    e["id"] = r.id;
    e["category"] = r.category;
    e["subcategory"] = r.subcategory;
    e["requirement"] = r.text;
    e["level"] = r.level;
    e["level_name"] = r.level_name;
    if (!r.strength.empty()) e["strength"] = r.strength;
    e["status"] = std::string(ReqStatusName(r.status));
    e["decided_by"] = r.decided_by_user ? "user" : "auto";
    e["auto_status"] = std::string(ReqStatusName(r.auto_status));
    ojson checks = ojson::array();
    for (const auto& c : r.checks) {
      checks.push_back({{"id", c.id},
                        {"status", std::string(ReqStatusName(c.result.status))},
                        {"note", c.result.note}});
    }
    e["checks"] = checks;
    ojson ev = ojson::array();
    for (const auto& ref : r.evidence) {
      ev.push_back({{"path", ref.path.str()}, {"line", ref.line}, {"excerpt", ref.excerpt}});
    }
    e["evidence"] = ev;
    e["evidence_records"] = r.evidence_records;
    e["notes"] = r.notes;
    if (!r.matched_skill.empty()) e["matched_skill"] = r.matched_skill;
    if (!r.mappings.empty()) e["mappings"] = r.mappings;
    reqs.push_back(std::move(e));
  }
  j["requirements"] = reqs;
  return j;
}

}  // namespace fledger::assess
