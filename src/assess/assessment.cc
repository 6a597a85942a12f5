// Building and updating assessments: catalog + evidence + checks -> statuses -> scores -> files.
#include "assess/assessment.h"

#include <re2/re2.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <map>
#include <memory>
#include <set>
#include <tuple>
#include <unordered_set>

#include "assess/matrix.h"
#include "assess/repo_checks.h"
#include "core/input.h"
#include "core/json.h"
#include "core/log.h"
#include "core/redact.h"
#include "core/text.h"
#include "fs/ignore.h"

namespace fledger::assess {
namespace {

using ojson = nlohmann::ordered_json;

std::string NowUtc() {
  const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// What a previous run left behind: its assessment.json (if any) and its matrix.
struct Previous {
  bool has_json = false;
  PreviousAssessment json;
  ParsedMatrix matrix;
  bool has_matrix = false;
};

Result<Previous> LoadPrevious(const std::filesystem::path& json_path,
                              const std::filesystem::path& matrix_path, AssessmentKind kind) {
  Previous prev;
  std::error_code ec;
  if (std::filesystem::exists(json_path, ec)) {
    Log(LogLevel::kInfo, "reading " + json_path.string());
    std::string text;
    FLEDGER_TRY(text, ReadTextFile(json_path, {.max_bytes = kMaxAssessmentJsonBytes}));
    FLEDGER_TRY(prev.json, ParsePreviousAssessment(text, json_path.string(), kind));
    prev.has_json = true;
  }
  if (std::filesystem::exists(matrix_path, ec)) {
    Log(LogLevel::kInfo, "reading " + matrix_path.string());
    std::string text;
    FLEDGER_TRY(text, ReadTextFile(matrix_path, {.max_bytes = kMaxMatrixBytes}));
    FLEDGER_TRY(prev.matrix, ParseMatrix(text, matrix_path.string()));
    for (const auto& w : prev.matrix.warnings) Log(LogLevel::kWarn, w);
    prev.has_matrix = true;
  }
  return prev;
}

// A status exactly as AssessmentToJson writes it (not the aliases a person may type).
std::optional<ReqStatus> StatusByName(std::string_view name) {
  for (ReqStatus s : {ReqStatus::kMet, ReqStatus::kPartial, ReqStatus::kUnmet,
                      ReqStatus::kNeedsReview, ReqStatus::kNotApplicable}) {
    if (ReqStatusName(s) == name) return s;
  }
  return std::nullopt;
}

std::string RequirementCell(const Criterion& c) {
  std::string cell = EscapeMarkdownCell(CollapseWhitespace(c.text));
  if (c.explicit_id) cell = "`" + c.id + "` " + cell;
  return cell;
}

// Combines check results: all met -> met; nothing met and something unmet -> unmet; a mix that
// includes met or partial -> partial; otherwise needs review.
ReqStatus Combine(const std::vector<CheckOutcome>& checks) {
  int met = 0, partial = 0, unmet = 0, review = 0;
  for (const auto& c : checks) {
    switch (c.result.status) {
      case ReqStatus::kMet:
        ++met;
        break;
      case ReqStatus::kPartial:
        ++partial;
        break;
      case ReqStatus::kUnmet:
        ++unmet;
        break;
      case ReqStatus::kNeedsReview:
        ++review;
        break;
      case ReqStatus::kNotApplicable:
        break;
    }
  }
  const int total = met + partial + unmet + review;
  if (total == 0) return checks.empty() ? ReqStatus::kNeedsReview : ReqStatus::kNotApplicable;
  if (met == total) return ReqStatus::kMet;
  if (met + partial == 0) return unmet > 0 ? ReqStatus::kUnmet : ReqStatus::kNeedsReview;
  return ReqStatus::kPartial;
}

// Parameterised checks that look at the workspace or the evidence file (used by skill catalogs).
class WorkspaceChecks {
 public:
  WorkspaceChecks(const RepoSnapshot* snapshot, const EvidenceFile& evidence)
      : snapshot_(snapshot), evidence_(evidence) {}

  bool Handles(std::string_view id) const {
    return id == "evidence.count" || id == "file.exists" || id == "file.contains" ||
           id == "impact.recorded" || id == "impact.call_sites" || id == "impact.advisories";
  }

  CheckResult Run(const CheckSpec& spec, const Criterion& c, const std::string& category,
                  const std::string& subcategory) const {
    if (StartsWith(spec.id, "impact.")) return RunImpact(spec);
    CheckResult r;
    // The catalog validated the parameters (glob and pattern present, min 1..kMaxCheckMin).
    if (spec.id == "evidence.count") {
      size_t n = 0;
      for (const auto& rec : evidence_.records()) {
        if (Matches(rec, c, category, subcategory)) n += std::max<size_t>(rec.HitCount(), 1);
      }
      r.status = n >= static_cast<size_t>(spec.min) ? ReqStatus::kMet
                 : n > 0                            ? ReqStatus::kPartial
                                                    : ReqStatus::kUnmet;
      r.note =
          std::to_string(n) + " evidence hit(s) recorded, " + std::to_string(spec.min) + " wanted";
      return r;
    }
    if (snapshot_ == nullptr) {
      r.note = "no workspace to check";
      return r;
    }
    const std::string& glob = spec.glob;
    const auto files = snapshot_->Glob(glob);
    if (spec.id == "file.exists") {
      if (files.empty()) {
        r.status = ReqStatus::kUnmet;
        r.note = "no file matches " + glob;
      } else {
        r.status = ReqStatus::kMet;
        for (size_t i = 0; i < files.size() && i < 5; ++i)
          r.evidence.push_back({files[i]->path, 0, ""});
        r.note = std::to_string(files.size()) + " file(s) match " + glob;
      }
      return r;
    }
    // file.contains: at least `min` lines matching `pattern` across the matching files.
    const int min = spec.min;
    const RE2 re(spec.pattern, CheckPatternOptions());
    if (!re.ok()) {  // cannot happen: the catalog compiled it with the same options
      r.note = "check file.contains has an invalid 'pattern'";
      return r;
    }
    int hits = 0;
    for (const auto* f : files) {
      const std::string* text = snapshot_->Content(f->path);
      if (text == nullptr) continue;
      int line_no = 0;
      for (const auto& line : Split(*text, '\n')) {
        ++line_no;
        if (RE2::PartialMatch(line, re)) {
          ++hits;
          // Repository text goes into the matrix and assessment.json: secrets masked there too.
          if (r.evidence.size() < 5)
            r.evidence.push_back({f->path, line_no, Truncate(Redact(Trim(line)), 160)});
        }
      }
    }
    r.status = hits >= min ? ReqStatus::kMet : hits > 0 ? ReqStatus::kPartial : ReqStatus::kUnmet;
    r.note = std::to_string(hits) + " matching line(s) in " + glob + ", " + std::to_string(min) +
             " wanted";
    return r;
  }

  static bool Matches(const EvidenceRecord& rec, const Criterion& c, const std::string& category,
                      const std::string& subcategory) {
    if (!rec.requirement.empty()) return rec.requirement == c.id;
    return ToLower(Trim(rec.category)) == ToLower(Trim(category)) &&
           ToLower(Trim(rec.subcategory)) == ToLower(Trim(subcategory));
  }

 private:
  // impact.recorded: packages analysed at an exact version; impact.call_sites: import sites
  // recorded across them; impact.advisories: analyses whose advisory lookup ran. Records of the
  // same package in the same tree count once (saved under two subcategories, say).
  CheckResult RunImpact(const CheckSpec& spec) const {
    struct Impact : ImpactFacts {
      const EvidenceRecord* record = nullptr;
    };
    std::map<std::pair<std::string, std::string>, Impact> by_package;
    size_t malformed = 0;
    for (const auto& rec : evidence_.records()) {
      if (!rec.extra.contains("fledger_impact")) continue;
      auto facts = ReadImpactFacts(rec);
      if (!facts) {
        ++malformed;
        continue;
      }
      Impact impact{*facts};
      impact.record = &rec;
      auto key = std::make_pair(impact.purl, rec.root);
      auto [it, added] = by_package.emplace(key, impact);
      if (!added && rec.HitCount() > it->second.record->HitCount()) it->second = impact;
    }
    CheckResult r;
    const auto label = [](const Impact& i) {
      return Truncate(Redact(i.purl), 120) + " (fledger deps impact)";
    };
    size_t count = 0, partial = 0;
    std::string what;
    if (spec.id == "impact.recorded") {
      for (const auto& [key, i] : by_package) {
        (i.resolved ? count : partial) += 1;
        if (i.manifest && r.evidence.size() < 5)
          r.evidence.push_back({*i.manifest, i.line, label(i)});
      }
      what = std::to_string(count) +
             " package(s) analysed at an exact version with fledger deps "
             "impact --save";
      if (partial > 0) what += ", " + std::to_string(partial) + " at a version range only";
    } else if (spec.id == "impact.call_sites") {
      for (const auto& [key, i] : by_package) {
        count += i.record->HitCount();
        for (const auto& group : i.record->records) {
          for (const auto& hit : group) {
            if (r.evidence.size() >= 5 || hit.path_and_file.empty()) continue;
            auto p = RepoPath::Parse(hit.path_and_file);
            if (!p.ok()) continue;
            const bool digits = !hit.location.empty() && hit.location.size() < 9 &&
                                std::all_of(hit.location.begin(), hit.location.end(),
                                            [](char ch) { return ch >= '0' && ch <= '9'; });
            r.evidence.push_back(
                {p.value(), digits ? std::stoi(hit.location) : 0, Truncate(Redact(hit.code), 160)});
          }
        }
      }
      what = std::to_string(count) + " import site(s) recorded by fledger deps impact across " +
             std::to_string(by_package.size()) + " package(s)";
    } else if (spec.id == "impact.advisories") {
      for (const auto& [key, i] : by_package) {
        if (!i.advisories_checked) {
          ++partial;
          continue;
        }
        ++count;
        if (!i.manifest || r.evidence.size() >= 5) continue;
        std::string text = Truncate(Redact(i.purl), 100) + ": ";
        if (i.advisories.empty()) {
          text += "no known advisories";
        } else {
          for (size_t k = 0; k < i.advisories.size() && k < 4; ++k)
            text += (k ? ", " : "") + Truncate(Redact(i.advisories[k]), 40);
          if (i.advisories.size() > 4)
            text += " and " + std::to_string(i.advisories.size() - 4) + " more";
        }
        text += " (OSV";
        if (i.data_age_days) text += " data " + std::to_string(*i.data_age_days) + " days old";
        if (!i.checked_at.empty()) text += ", checked " + Truncate(Redact(i.checked_at), 20);
        text += ")";
        r.evidence.push_back({*i.manifest, i.line, Truncate(text, 160)});
      }
      what = std::to_string(count) +
             " advisory lookup(s) of an exact version recorded by "
             "fledger deps impact";
      if (partial > 0) what += ", " + std::to_string(partial) + " not run (version range only)";
    } else {  // cannot happen: Handles() and the catalog admit only the ids above
      r.note = "unknown check '" + spec.id + "'";
      return r;
    }
    r.status = count >= static_cast<size_t>(spec.min) ? ReqStatus::kMet
               : count > 0 || partial > 0             ? ReqStatus::kPartial
                                                      : ReqStatus::kUnmet;
    r.note = what + ", " + std::to_string(spec.min) + " wanted";
    if (malformed > 0) {
      r.note += "; " + std::to_string(malformed) +
                " record(s) with an unreadable fledger_impact member not counted";
    }
    return r;
  }

  const RepoSnapshot* snapshot_;
  const EvidenceFile& evidence_;
};

bool NeedsSnapshot(const Catalog& cat) {
  for (const auto& c : cat.categories)
    for (const auto& s : c.subcategories)
      for (const auto& r : s.criteria)
        for (const auto& chk : r.checks)
          if (StartsWith(chk.id, "repo.") || StartsWith(chk.id, "sca.") ||
              StartsWith(chk.id, "file."))
            return true;
  return false;
}

std::string ExampleCell(const RequirementOutcome& r) {
  std::vector<std::string> parts;
  if (!r.matched_skill.empty())
    parts.push_back("Matched skill: " + EscapeMarkdownCell(r.matched_skill));
  size_t shown = 0;
  for (const auto& e : r.evidence) {
    if (shown == 3) break;
    // A file name may hold pipes and backticks: the span escapes the one and outgrows the other,
    // so the row keeps its seven cells and the name reads back intact.
    std::string s =
        MarkdownCodeSpan(e.path.str() + (e.line > 0 ? ":" + std::to_string(e.line) : ""),
                         /*in_table_cell=*/true);
    if (!e.excerpt.empty())
      s += " " + EscapeMarkdownCell(Truncate(CollapseWhitespace(e.excerpt), 80));
    parts.push_back(s);
    ++shown;
  }
  if (r.evidence.size() > shown)
    parts.push_back("and " + std::to_string(r.evidence.size() - shown) + " more");
  if (r.evidence_records > 0) {
    parts.push_back("[Records found: " + std::to_string(r.evidence_records) + "](evidence.json)");
  }
  if (r.evidence.empty()) {
    for (const auto& c : r.checks) {
      if (!c.result.note.empty()) {
        parts.push_back(EscapeMarkdownCell(c.result.note));
        break;
      }
    }
  }
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : "<br>") + p;
  return out;
}

std::string DefaultIntro(const AssessmentOutcome& o) {
  const bool user = o.kind == AssessmentKind::kUser;
  std::string out = user ? "# Skill assessment: " : "# Project assessment: ";
  out += EscapeMarkdown(o.catalog.title) + "\n\n";
  out += user ? "Your skill matrix, built by Fledger from the catalog "
              : "The project matrix, built by Fledger from the catalog ";
  out += EscapeMarkdown(o.catalog.title);
  if (!user) out += " for " + MarkdownCodeSpan(o.subject, /*in_table_cell=*/false);
  out +=
      ". Write in the notes column and anywhere outside the table: Fledger keeps that text every "
      "time it rebuilds or updates the matrix. To decide a requirement yourself, type `met`, "
      "`partial`, `unmet`, `needs-review` or `n/a` in its Status cell.\n\n";
  return out;
}

std::string SummaryBlock(const AssessmentOutcome& o) {
  char pct[32];
  std::snprintf(pct, sizeof(pct), "%.0f%%", o.percent_to_target);
  std::string out;
  out += std::string(kMatrixSummaryLead) + EscapeMarkdown(o.catalog.LevelName(o.target_level)) +
         "** (" + std::to_string(o.target_level) + " of " +
         std::to_string(o.catalog.levels.size()) + "). Progress to target: **" + pct + "**. ";
  out += std::to_string(o.requirements.size()) + " requirements: " + std::to_string(o.met) +
         " met, " + std::to_string(o.partial) + " partial, " + std::to_string(o.unmet) +
         " unmet, " + std::to_string(o.needs_review) + " needs review, " +
         std::to_string(o.not_applicable) + " n/a; " + std::to_string(o.decided_auto) +
         " decided automatically.\n\n";
  for (const auto& c : o.categories) {
    std::snprintf(pct, sizeof(pct), "%.0f%%", c.percent_to_target);
    out += "- " + EscapeMarkdown(c.name) + ": level " +
           (c.achieved_level > 0 ? EscapeMarkdown(o.catalog.LevelName(c.achieved_level))
                                 : std::string("none yet")) +
           ", " + pct + " to target\n";
  }
  out += "\n";
  return out;
}

}  // namespace

std::string_view AssessmentKindName(AssessmentKind kind) {
  return kind == AssessmentKind::kUser ? "user" : "project";
}

std::filesystem::path AssessmentDir(const std::filesystem::path& out_dir, AssessmentKind kind) {
  return out_dir / "assessments" / std::string(AssessmentKindName(kind));
}
std::filesystem::path MatrixPath(const std::filesystem::path& out_dir, AssessmentKind kind) {
  return AssessmentDir(out_dir, kind) / (kind == AssessmentKind::kUser
                                             ? "overview_skills_and_project_matrix.md"
                                             : "overview_project_matrix.md");
}
std::filesystem::path AssessmentJsonPath(const std::filesystem::path& out_dir,
                                         AssessmentKind kind) {
  return AssessmentDir(out_dir, kind) / "assessment.json";
}
std::filesystem::path EvidencePath(const std::filesystem::path& out_dir, AssessmentKind kind) {
  return AssessmentDir(out_dir, kind) / "evidence.json";
}

namespace {

// The catalog origin recorded in assessment.json, which a cloned repository may have written.
// A user's own catalog may live anywhere (update must find it again), so the path cannot be
// confined to the workspace; it must name a catalog file, though, not any file on the machine,
// and what is read through it goes through the catalog reader, whose errors never quote the
// input.
Status CheckRecordedCatalog(const std::string& origin, const std::filesystem::path& json_path) {
  if (EndsWith(ToLower(origin), ".json")) return {};
  return InputError(
      ValidationStep::kSemantics, json_path.string() + ": catalog.origin",
      "'" + EscapeTerminal(Truncate(origin, 120)) + "' is not a catalog file (.json)");
}

}  // namespace

Status CheckWorkspace(const std::filesystem::path& out_dir, AssessmentKind kind) {
  for (const auto& file : {MatrixPath(out_dir, kind), AssessmentJsonPath(out_dir, kind),
                           EvidencePath(out_dir, kind)}) {
    FLEDGER_RETURN_IF_ERROR(CheckNoSymlinks(out_dir, file.lexically_relative(out_dir)));
  }
  return {};
}

const std::vector<std::string>& OwnOutputIgnores() {
  static const std::vector<std::string> kPatterns = {
      "/assessments/*/evidence.json", "/assessments/*/assessment.json",
      "/assessments/*/overview_*matrix.md", "/fledger.db"};
  return kPatterns;
}

std::vector<std::string> ParseSkillTerms(std::string_view skills) {
  std::vector<std::string> terms;
  for (const auto& raw : Split(skills, ',')) {
    std::string t(Trim(raw));
    if (StartsWith(ToLower(t), "and ")) t = std::string(Trim(std::string_view(t).substr(4)));
    if (!t.empty() && ToLower(t) != "and") terms.push_back(t);
  }
  return terms;
}

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

Result<AssessmentOutcome> RunAssessment(const AssessmentRequest& request) {
  const auto matrix_path = MatrixPath(request.out_dir, request.kind);
  const auto json_path = AssessmentJsonPath(request.out_dir, request.kind);
  const auto evidence_path = EvidencePath(request.out_dir, request.kind);

  FLEDGER_RETURN_IF_ERROR(CheckWorkspace(request.out_dir, request.kind));
  Previous prev;
  FLEDGER_TRY(prev, LoadPrevious(json_path, matrix_path, request.kind));
  if (request.update && !prev.has_json) {
    return Error{ErrorCode::kNotFound,
                 "no assessment to update; run fledger build-" +
                     std::string(request.kind == AssessmentKind::kUser ? "skill" : "project") +
                     "-assessment NAME first",
                 json_path.string(), ValidationStep::kOrigin};
  }

  // Catalog: the one asked for, or the one the previous build used.
  std::string catalog_ref = request.catalog;
  if (catalog_ref.empty()) {
    catalog_ref = !prev.json.catalog_origin.empty() && prev.json.catalog_origin != "built-in"
                      ? prev.json.catalog_origin
                      : prev.json.catalog_name;
    if (catalog_ref == prev.json.catalog_origin) {
      FLEDGER_RETURN_IF_ERROR(CheckRecordedCatalog(catalog_ref, json_path));
    } else if (catalog_ref.find_first_of("/\\") != std::string::npos ||
               EndsWith(ToLower(catalog_ref), ".json")) {
      // A recorded name is looked up by name, never opened as a path.
      return InputError(
          ValidationStep::kSemantics, json_path.string() + ": catalog.name",
          "'" + EscapeTerminal(Truncate(catalog_ref, 120)) + "' is not a catalog name");
    }
  }
  AssessmentOutcome out;
  FLEDGER_TRY(out.catalog, LoadCatalog(catalog_ref, CatalogSearch::Default()));
  for (const auto& w : out.catalog.warnings) Log(LogLevel::kInfo, w);
  const int nlevels = static_cast<int>(out.catalog.levels.size());

  out.kind = request.kind;
  out.subject = request.subject.string();
  out.generated_at = NowUtc();
  if (request.target_level != 0) {
    if (request.target_level < 1 || request.target_level > nlevels) {
      return InputError(
          ValidationStep::kSemantics, "--level " + std::to_string(request.target_level),
          "the " + out.catalog.name + " catalog has levels 1 to " + std::to_string(nlevels));
    }
    out.target_level = request.target_level;
  } else if (prev.has_json && prev.json.catalog_name == out.catalog.name) {
    // The level chosen last time; a catalog that lost levels since is the user's to resolve.
    if (prev.json.target_level > nlevels) {
      return InputError(ValidationStep::kSemantics, json_path.string(),
                        "target_level " + std::to_string(prev.json.target_level) +
                            " is not one of the " + out.catalog.name + " catalog's " +
                            std::to_string(nlevels) + " levels; pass --level N");
    }
    out.target_level = prev.json.target_level;
  } else {
    out.target_level = request.kind == AssessmentKind::kUser ? std::min(2, nlevels) : 1;
  }
  out.skills = !request.skills.empty() ? request.skills : (request.update ? prev.json.skills : "");
  const auto terms = ParseSkillTerms(out.skills);

  EvidenceFile evidence;
  FLEDGER_TRY(evidence, EvidenceFile::Load(evidence_path));

  std::optional<RepoSnapshot> snapshot;
  if (NeedsSnapshot(out.catalog)) {
    fs::WalkOptions wopts;
    wopts.jobs = request.jobs;
    wopts.max_file_bytes = 4u << 20;
    // Fledger's own output lives in the subject when assessing ".": leave it out, but only it:
    // anything else a repository keeps under assessments/ (a prod.env, say) is checked.
    wopts.extra_ignores = OwnOutputIgnores();
    Log(LogLevel::kInfo, "walking " + request.subject.string());
    auto loaded = RepoSnapshot::Load(request.subject, wopts, CheckInputs{request.vuln_db});
    if (loaded.ok()) {
      snapshot.emplace(std::move(loaded).value());
      Log(LogLevel::kInfo, "listed " + std::to_string(snapshot->files().size()) + " files under " +
                               request.subject.string() +
                               (snapshot->git().is_git ? " (a git work tree)" : ""));
    } else if (request.kind == AssessmentKind::kUser) {
      // A workspace that cannot be walked (say, a home directory over the file limit) leaves the
      // file checks undecided; the skill matrix itself is still worth building.
      Log(LogLevel::kWarn,
          "workspace checks skipped: " + loaded.error().ToString() + " (use --path DIR)");
    } else {
      return loaded.error();
    }
  }
  const RepoSnapshot* snap_ptr = snapshot ? &*snapshot : nullptr;
  if (snap_ptr != nullptr) {
    const auto readmes = snap_ptr->Glob("/readme*");
    if (!readmes.empty()) {
      out.anchor = readmes.front()->path;
    } else if (!snap_ptr->files().empty()) {
      out.anchor = snap_ptr->files().front().path;
    }
  }
  const WorkspaceChecks workspace(snap_ptr, evidence);

  // Previous matrix rows by (category, subcategory, requirement cell); prototype matrices had one
  // row per subcategory, so keep a fallback by (category, subcategory) too.
  // Rows that start with a requirement id ("`tm.step.x` ...") are found by it first, so notes
  // survive a catalog that rewords or moves a requirement.
  std::map<std::tuple<std::string, std::string, std::string>, const MatrixRow*> by_key;
  std::map<std::pair<std::string, std::string>, std::vector<const MatrixRow*>> by_sub;
  std::map<std::string, const MatrixRow*, std::less<>> rows_by_id;
  for (const auto& row : prev.matrix.rows) {
    by_key[{row.category, row.subcategory, row.requirements}] = &row;
    by_sub[{row.category, row.subcategory}].push_back(&row);
    if (StartsWith(row.requirements, "`")) {
      if (const size_t close = row.requirements.find('`', 1); close != std::string::npos) {
        rows_by_id.emplace(row.requirements.substr(1, close - 1), &row);
      }
    }
  }
  const auto exact_row = [&](const Criterion& c, const std::string& cat_cell,
                             const std::string& sub_cell) -> const MatrixRow* {
    if (c.explicit_id) {
      if (auto it = rows_by_id.find(c.id); it != rows_by_id.end()) return it->second;
    }
    auto it = by_key.find({cat_cell, sub_cell, RequirementCell(c)});
    return it == by_key.end() ? nullptr : it->second;
  };
  // The rows some requirement of the catalog claims exactly, filtered out or not: the fallback
  // for prototype rows (one per subcategory) must never hand such a row's notes to a neighbour.
  std::set<const MatrixRow*> claimed;
  for (const auto& cat : out.catalog.categories) {
    for (const auto& sub : cat.subcategories) {
      for (const auto& c : sub.criteria) {
        if (const MatrixRow* row =
                exact_row(c, EscapeMarkdownCell(cat.name), EscapeMarkdownCell(sub.name))) {
          claimed.insert(row);
        }
      }
    }
  }
  std::set<const MatrixRow*> used_rows;

  std::map<std::string, CheckResult> repo_cache;  // repo checks are per repository, run once
  for (const auto& cat : out.catalog.categories) {
    for (const auto& sub : cat.subcategories) {
      for (const auto& c : sub.criteria) {
        RequirementOutcome r;
        r.id = c.id;
        r.category = cat.name;
        r.subcategory = sub.name;
        r.text = c.text;
        r.level = c.level;
        r.level_name = out.catalog.LevelName(c.level);
        r.strength = c.strength;
        r.mappings = c.mappings;
        r.explicit_id = c.explicit_id;
        if (!terms.empty()) {
          for (const auto& t : terms) {
            if (ContainsCaseInsensitive(c.text, t) || ContainsCaseInsensitive(sub.name, t) ||
                ContainsCaseInsensitive(cat.name, t)) {
              r.matched_skill = t;
              break;
            }
          }
          if (r.matched_skill.empty()) continue;
        }
        // Automatic checks.
        for (const auto& spec : c.checks) {
          CheckOutcome co{spec.id, {}};
          if (workspace.Handles(spec.id)) {
            co.result = workspace.Run(spec, c, cat.name, sub.name);
          } else if (const RepoCheck* rc = FindRepoCheck(spec.id);
                     rc != nullptr && snap_ptr != nullptr) {
            auto it = repo_cache.find(spec.id);
            if (it == repo_cache.end()) it = repo_cache.emplace(spec.id, rc->run(*snap_ptr)).first;
            co.result = it->second;
          } else {
            co.result.note = "unknown check '" + spec.id + "'";
            Log(LogLevel::kWarn,
                out.catalog.name + ": requirement " + c.id + " names unknown check " + spec.id);
          }
          for (const auto& e : co.result.evidence) r.evidence.push_back(e);
          r.checks.push_back(std::move(co));
        }
        // Evidence records filed under this requirement.
        for (const auto& rec : evidence.records()) {
          if (!WorkspaceChecks::Matches(rec, c, cat.name, sub.name)) continue;
          // A search that found nothing is recorded, but it is not evidence.
          if (std::none_of(rec.records.begin(), rec.records.end(),
                           [](const auto& g) { return !g.empty(); }))
            continue;
          ++r.evidence_records;
          for (const auto& group : rec.records) {
            for (const auto& hit : group) {
              if (hit.path_and_file.empty()) continue;
              auto p = RepoPath::Parse(hit.path_and_file);
              if (!p.ok()) {
                // A record pointing outside the project (or at a hostile name) is not evidence.
                Log(LogLevel::kWarn, evidence_path.string() + ": record '" + rec.name +
                                         "': " + p.error().ToString() + "; hit ignored");
                continue;
              }
              int line = 0;
              if (!hit.location.empty() &&
                  std::all_of(hit.location.begin(), hit.location.end(),
                              [](char ch) { return ch >= '0' && ch <= '9'; }) &&
                  hit.location.size() < 9) {
                line = std::stoi(hit.location);
              }
              r.evidence.push_back({p.value(), line, Truncate(Redact(hit.code), 160)});
            }
          }
        }
        if (!r.checks.empty()) {
          r.auto_status = Combine(r.checks);
          // Recorded evidence counts for something even when the checks did not pass.
          if (r.auto_status == ReqStatus::kUnmet && r.evidence_records > 0)
            r.auto_status = ReqStatus::kPartial;
        } else if (r.evidence_records > 0) {
          r.auto_status =
              request.kind == AssessmentKind::kUser ? ReqStatus::kPartial : ReqStatus::kNeedsReview;
        } else {
          r.auto_status =
              request.kind == AssessmentKind::kUser ? ReqStatus::kUnmet : ReqStatus::kNeedsReview;
        }
        r.status = r.auto_status;

        // The user's notes and decisions from the previous matrix.
        const std::string cat_cell = EscapeMarkdownCell(cat.name);
        const std::string sub_cell = EscapeMarkdownCell(sub.name);
        const MatrixRow* old = exact_row(c, cat_cell, sub_cell);
        if (old == nullptr) {
          if (auto it = by_sub.find({cat_cell, sub_cell});
              it != by_sub.end() && it->second.size() == 1 && !claimed.count(it->second[0]) &&
              !used_rows.count(it->second[0])) {
            old = it->second[0];  // a prototype row covering the whole subcategory
          }
        }
        if (old != nullptr) {
          used_rows.insert(old);
          r.notes = old->notes;
          auto st = ParseReqStatus(old->status);
          if (!Trim(old->status).empty() && st.ok()) {
            const auto prev_auto = prev.json.auto_status.find(c.id);
            const bool was_user = prev.json.decided_by_user.count(c.id) > 0;
            const bool changed_by_user = prev_auto != prev.json.auto_status.end()
                                             ? st.value() != prev_auto->second
                                             : !prev.has_json && st.value() != r.auto_status;
            if (was_user || changed_by_user) {
              r.status = st.value();
              r.decided_by_user = true;
            }
          }
        }
        out.requirements.push_back(std::move(r));
      }
    }
  }
  for (const auto& row : prev.matrix.rows) {
    if (!used_rows.count(&row) && !Trim(row.notes).empty()) {
      out.orphaned_notes.push_back("**" + row.category + " / " + row.subcategory + "** " +
                                   Truncate(row.requirements, 120) + ": " + row.notes);
    }
  }

  // Scores: SAMM-style weights against the target level; achieved level per category.
  std::map<std::string, CategoryOutcome> cats;
  std::vector<std::string> order;
  double sum = 0;
  int counted = 0;
  for (const auto& r : out.requirements) {
    if (!cats.count(r.category)) {
      order.push_back(r.category);
      cats[r.category].name = r.category;
    }
    CategoryOutcome& co = cats[r.category];
    switch (r.status) {
      case ReqStatus::kMet:
        ++out.met;
        ++co.met;
        break;
      case ReqStatus::kPartial:
        ++out.partial;
        ++co.partial;
        break;
      case ReqStatus::kUnmet:
        ++out.unmet;
        ++co.unmet;
        break;
      case ReqStatus::kNeedsReview:
        ++out.needs_review;
        ++co.needs_review;
        break;
      case ReqStatus::kNotApplicable:
        ++out.not_applicable;
        ++co.not_applicable;
        break;
    }
    if (!r.decided_by_user && !r.checks.empty() &&
        (r.auto_status == ReqStatus::kMet || r.auto_status == ReqStatus::kPartial ||
         r.auto_status == ReqStatus::kUnmet)) {
      ++out.decided_auto;
    }
    if (r.level <= out.target_level && r.status != ReqStatus::kNotApplicable) {
      sum += ReqStatusScore(r.status);
      ++counted;
    }
  }
  out.percent_to_target = counted == 0 ? 100.0 : 100.0 * sum / counted;
  for (const auto& name : order) {
    CategoryOutcome co = cats[name];
    double csum = 0;
    int ccount = 0;
    std::map<int, bool> level_complete;
    for (int l = 1; l <= nlevels; ++l) level_complete[l] = true;
    bool any_level_has_rows = false;
    std::set<int> levels_with_rows;
    for (const auto& r : out.requirements) {
      if (r.category != name) continue;
      levels_with_rows.insert(r.level);
      any_level_has_rows = true;
      const bool ok = r.status == ReqStatus::kMet || r.status == ReqStatus::kNotApplicable;
      if (!ok) level_complete[r.level] = false;
      if (r.level <= out.target_level && r.status != ReqStatus::kNotApplicable) {
        csum += ReqStatusScore(r.status);
        ++ccount;
      }
    }
    co.percent_to_target = ccount == 0 ? 100.0 : 100.0 * csum / ccount;
    co.achieved_level = 0;
    if (any_level_has_rows) {
      // A level counts as achieved when every requirement up to and including it is met; a
      // level with no requirements in this category neither helps nor blocks.
      for (int l = 1; l <= nlevels; ++l) {
        if (!level_complete[l]) break;
        if (levels_with_rows.count(l)) co.achieved_level = l;
      }
    }
    out.categories.push_back(co);
  }

  // Files: matrix (keeping the user's text), assessment.json, an empty evidence.json to fill.
  std::string before =
      prev.has_matrix && !Trim(prev.matrix.before).empty() ? prev.matrix.before : DefaultIntro(out);
  if (prev.has_matrix && !prev.matrix.has_table) {
    // A matrix file without a table: everything in it is the user's text; keep it above.
    before = prev.matrix.before;
    if (!before.empty() && before.back() != '\n') before += "\n";
    before += "\n";
  }
  std::string after = prev.matrix.after;
  if (!out.orphaned_notes.empty()) {
    static constexpr std::string_view kOrphanHeader =
        "<!-- fledger: notes from rows that are no longer in the matrix -->";
    if (after.find(kOrphanHeader) == std::string::npos)
      after += "\n" + std::string(kOrphanHeader) + "\n";
    // A set of the lines already there: searching the growing text per note is quadratic, and
    // a hostile 16 MiB matrix holds hundreds of thousands of rows.
    std::unordered_set<std::string> present;
    for (const auto& l : Split(after, '\n')) present.insert(l + "\n");
    for (const auto& n : out.orphaned_notes) {
      std::string line = "- " + n + "\n";
      if (present.insert(line).second) after += line;
    }
  }
  std::map<std::string, const Criterion*> by_id;
  for (const auto& cat : out.catalog.categories)
    for (const auto& sub : cat.subcategories)
      for (const auto& c : sub.criteria) by_id[c.id] = &c;
  std::vector<MatrixRow> rows;
  for (const auto& r : out.requirements) {
    MatrixRow row;
    row.category = EscapeMarkdownCell(r.category);
    row.subcategory = EscapeMarkdownCell(r.subcategory);
    // Every outcome was made from a criterion of this catalog, so the lookup cannot miss.
    row.requirements = RequirementCell(*by_id.at(r.id));
    row.example = ExampleCell(r);
    row.notes = r.notes;
    row.level = std::to_string(r.level) + " " + EscapeMarkdownCell(r.level_name);
    row.status = std::string(ReqStatusName(r.status));
    rows.push_back(std::move(row));
  }
  std::string table = RenderMatrixTable(rows);
  // The generated summary goes inside the markers, above the table.
  const size_t after_marker = table.find('\n') + 1;
  table.insert(after_marker, "\n" + SummaryBlock(out));
  out.matrix_path = matrix_path;
  out.json_path = json_path;
  out.evidence_path = evidence_path;
  FLEDGER_RETURN_IF_ERROR(WriteFileAtomic(matrix_path, before + table + after));
  Log(LogLevel::kInfo, "wrote " + matrix_path.string());
  FLEDGER_RETURN_IF_ERROR(WriteFileAtomic(json_path, DumpJson(AssessmentToJson(out))));
  Log(LogLevel::kInfo, "wrote " + json_path.string());
  std::error_code ec;
  if (!std::filesystem::exists(evidence_path, ec)) {
    FLEDGER_RETURN_IF_ERROR(WriteFileAtomic(evidence_path, "[]\n"));
    Log(LogLevel::kInfo, "wrote " + evidence_path.string());
  }
  return out;
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
