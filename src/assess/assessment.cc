// Building and updating assessments: catalog + evidence + checks -> statuses -> scores -> files.
// assessment.json is read and written in assessment_json.cc, the matrix's Markdown pieces are
// made in assessment_markdown.cc, and the skill catalogs' checks run in workspace_checks.cc.
#include "assess/assessment.h"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <map>
#include <set>
#include <tuple>
#include <unordered_set>

#include "assess/assessment_internal.h"
#include "assess/matrix.h"
#include "assess/repo_checks.h"
#include "core/input.h"
#include "core/json.h"
#include "core/log.h"
#include "core/redact.h"
#include "core/text.h"

namespace fledger::assess {
namespace {

using internal::DefaultIntro;
using internal::ExampleCell;
using internal::RequirementCell;
using internal::SummaryBlock;
using internal::WorkspaceChecks;

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

// Combines check results: all met -> met; nothing met and something unmet -> unmet; a mix that
// includes met or partial -> partial; otherwise needs review.
// The better of two outcomes of alternative checks.
ReqStatus Better(ReqStatus a, ReqStatus b) {
  auto rank = [](ReqStatus s) {
    switch (s) {
      case ReqStatus::kMet:
        return 4;
      case ReqStatus::kPartial:
        return 3;
      case ReqStatus::kNeedsReview:
        return 2;
      case ReqStatus::kUnmet:
        return 1;
      case ReqStatus::kNotApplicable:
        return 0;
    }
    return 0;
  };
  return rank(a) >= rank(b) ? a : b;
}

ReqStatus Combine(const std::vector<CheckOutcome>& checks) {
  // Alternatives (the same `any_of` label) count once, as the best of them.
  std::vector<ReqStatus> statuses;
  std::map<std::string, size_t> group_at;
  for (const auto& c : checks) {
    if (c.any_of.empty()) {
      statuses.push_back(c.result.status);
    } else if (const auto it = group_at.find(c.any_of); it != group_at.end()) {
      statuses[it->second] = Better(statuses[it->second], c.result.status);
    } else {
      group_at[c.any_of] = statuses.size();
      statuses.push_back(c.result.status);
    }
  }
  int met = 0, partial = 0, unmet = 0, review = 0;
  for (const ReqStatus status : statuses) {
    switch (status) {
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

bool NeedsSnapshot(const Catalog& cat) {
  for (const auto& c : cat.categories)
    for (const auto& s : c.subcategories)
      for (const auto& r : s.criteria)
        for (const auto& chk : r.checks)
          if (StartsWith(chk.id, "repo.") || StartsWith(chk.id, "sca.") ||
              StartsWith(chk.id, "file.") || StartsWith(chk.id, "model.") ||
              StartsWith(chk.id, "secrets."))
            return true;
  return false;
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
    auto loaded = RepoSnapshot::Load(request.subject, wopts,
                                     CheckInputs{request.vuln_db, request.history_commits});
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
          CheckOutcome co{spec.id, {}, spec.any_of};
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

}  // namespace fledger::assess
