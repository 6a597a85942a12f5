// Skill and project assessments: a catalog, evidence and automatic checks folded into a scored
// matrix (Markdown for people, assessment.json for machines) that keeps what the user wrote.
//
//   AssessmentRequest req{.kind = AssessmentKind::kProject, .catalog = "OpenSSF", .subject = "."};
//   Result<AssessmentOutcome> out = BuildAssessment(req);
#pragma once

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "assess/catalog.h"
#include "assess/evidence.h"
#include "assess/model.h"
#include "assess/repo_checks.h"
#include "core/result.h"

namespace fledger::assess {

enum class AssessmentKind { kUser, kProject };
std::string_view AssessmentKindName(AssessmentKind kind);  // "user" / "project"

struct AssessmentRequest {
  AssessmentKind kind = AssessmentKind::kUser;
  std::string catalog;                  // name or path; empty on update (read from assessment.json)
  std::filesystem::path out_dir = ".";  // assessments/<kind>/ is created under it
  std::filesystem::path subject = ".";  // the repository (project) or workspace (user) checked
  int target_level = 0;                 // 0: keep the previous one, else the catalog default
  std::string skills;                   // --skills filter; empty: all rows (or previous on update)
  bool update = false;                  // update-*-assessment: requires a previous build
  int jobs = 0;
  std::filesystem::path vuln_db;  // the sca.* checks' OSV database; empty: VulnDb::DefaultPath()
  // Scan the git history for secrets when HEAD has at most this many commits (0: never).
  uint64_t history_commits = kDefaultHistoryCommits;
};

struct CheckOutcome {
  std::string id;
  CheckResult result;
  std::string any_of;  // the alternatives' label (CheckSpec::any_of)
};

struct RequirementOutcome {
  std::string id;
  std::string category;
  std::string subcategory;
  std::string text;
  int level = 1;
  std::string level_name;
  std::string strength;
  ReqStatus status = ReqStatus::kNeedsReview;
  ReqStatus auto_status = ReqStatus::kNeedsReview;
  bool decided_by_user = false;
  std::vector<CheckOutcome> checks;
  std::vector<EvidenceRef> evidence;  // from checks and from evidence records
  size_t evidence_records = 0;        // evidence.json records filed under this requirement
  std::string notes;                  // the user's notes cell, raw Markdown
  std::string matched_skill;          // the --skills term that kept this row
  std::map<std::string, std::vector<std::string>> mappings;
  bool explicit_id = false;
};

struct CategoryOutcome {
  std::string name;
  int achieved_level = 0;  // highest level L with every requirement of level <= L met or n/a
  double percent_to_target = 0;
  int met = 0, partial = 0, unmet = 0, needs_review = 0, not_applicable = 0;
};

struct AssessmentOutcome {
  AssessmentKind kind = AssessmentKind::kUser;
  Catalog catalog;
  std::string subject;
  int target_level = 1;
  std::string skills;
  std::string generated_at;
  std::vector<RequirementOutcome> requirements;
  std::vector<CategoryOutcome> categories;
  double percent_to_target = 0;
  int met = 0, partial = 0, unmet = 0, needs_review = 0, not_applicable = 0;
  int decided_auto = 0;  // requirements whose status a check decided (met/partial/unmet)
  std::filesystem::path matrix_path, json_path, evidence_path;
  // A file to anchor findings about the repository as a whole (its README, else its first file),
  // because code-scanning services reject results without a file location. Root if none.
  RepoPath anchor = RepoPath::Root();
  std::vector<std::string>
      orphaned_notes;  // notes of rows no longer in the matrix (kept in the file)
};

// What an update reads back from the assessment.json of the previous build, validated
// (docs/assessment-format.md lists the rules).
struct PreviousAssessment {
  std::string catalog_name;    // never empty
  std::string catalog_origin;  // "built-in", the path the catalog was read from, or empty
  int target_level = 1;        // 1..kMaxCatalogLevels; the catalog's own range is checked later
  std::string skills;
  std::map<std::string, ReqStatus> auto_status;  // requirement id -> what the checks said
  std::set<std::string> decided_by_user;         // requirement ids the user decided
};

inline constexpr uint64_t kMaxAssessmentJsonBytes = 64u << 20;

// Parses the assessment.json of an assessment of `kind` (origin -> ... -> semantics, as every
// input). `context` names the file in errors.
Result<PreviousAssessment> ParsePreviousAssessment(std::string_view text,
                                                   const std::string& context, AssessmentKind kind);

// Paths of the files an assessment of `kind` writes under `out_dir`.
std::filesystem::path AssessmentDir(const std::filesystem::path& out_dir, AssessmentKind kind);
std::filesystem::path MatrixPath(const std::filesystem::path& out_dir, AssessmentKind kind);
std::filesystem::path AssessmentJsonPath(const std::filesystem::path& out_dir, AssessmentKind kind);
std::filesystem::path EvidencePath(const std::filesystem::path& out_dir, AssessmentKind kind);
// The origin step for the assessment files under `out_dir` (often a cloned repository): none of
// assessments/, assessments/<kind>/ and the matrix, assessment.json and evidence.json may be a
// symlink, so a hostile tree cannot make Fledger read or overwrite files elsewhere.
Status CheckWorkspace(const std::filesystem::path& out_dir, AssessmentKind kind);

// The files Fledger writes into a tree (the assessment files of both kinds and a history database
// kept beside them), as gitignore patterns for fs::WalkOptions::extra_ignores: walks leave them
// out, and nothing else under assessments/.
const std::vector<std::string>& OwnOutputIgnores();

// Builds (or, with request.update, updates) an assessment and writes its files atomically.
Result<AssessmentOutcome> RunAssessment(const AssessmentRequest& request);

// The assessment.json document (schemas/assessment.schema.json).
nlohmann::ordered_json AssessmentToJson(const AssessmentOutcome& outcome);

// Parses a --skills value: comma-separated terms, a leading "and " dropped from each term.
std::vector<std::string> ParseSkillTerms(std::string_view skills);

}  // namespace fledger::assess
