// The assessment verbs: build/update skill and project assessments, search, standards, history.
#include <algorithm>
#include <cmath>
#include <iostream>
#include <map>
#include <sstream>

#include "assess/assessment.h"
#include "assess/catalog.h"
#include "assess/repo_checks.h"
#include "assess/search.h"
#include "cli/common.h"
#include "cli/sca_common.h"
#include "core/input.h"
#include "core/json.h"
#include "core/log.h"
#include "core/progress.h"
#include "core/redact.h"
#include "core/text.h"
#include "report/report.h"
#include "store/store.h"

namespace fledger::cli {
namespace {

namespace stdfs = std::filesystem;

constexpr const char* kHistoryCommitsHelp =
    "Scan the git history for secrets only when HEAD has at most N commits (default 5000; 0: "
    "never)";
constexpr const char* kVulnDbHelp =
    "Vulnerability database for the dependency checks (default: $FLEDGER_VULN_DB, else "
    "$XDG_DATA_HOME/fledger/vulns.db)";

// ------------------------------------------------------------------------------------------
// Assessments

// Unmet and partial requirements up to the target level, as hygiene findings (for SARIF, JSON,
// Markdown output and --fail-on gating).
std::vector<Finding> AssessmentFindings(const assess::AssessmentOutcome& o) {
  std::vector<Finding> findings;
  for (const auto& r : o.requirements) {
    if (r.level > o.target_level) continue;
    if (r.status != assess::ReqStatus::kUnmet && r.status != assess::ReqStatus::kPartial) continue;
    std::string id = o.catalog.name + "/" + r.id;
    for (char& c : id)
      if (c == ':' || c == ' ') c = '.';
    auto rule = RuleId::Parse(id);
    if (!rule.ok()) continue;
    Severity::Level level = Severity::Level::kMedium;
    if (r.strength == "MUST")
      level = Severity::Level::kHigh;
    else if (r.strength == "SUGGESTED" || r.strength == "MAY")
      level = Severity::Level::kLow;
    if (r.status == assess::ReqStatus::kPartial && level > Severity::Level::kLow) {
      level = static_cast<Severity::Level>(static_cast<int>(level) - 1);
    }
    Location loc;
    std::string excerpt;
    // Point at the evidence when there is some (the plain http link, the committed key, the
    // unpinned action); otherwise the finding is about the repository as a whole.
    if (!r.evidence.empty()) {
      loc.path = r.evidence.front().path;
      loc.line = r.evidence.front().line;
      excerpt = r.evidence.front().excerpt;
    } else if (!o.anchor.is_root()) {
      // About the repository as a whole: anchored at its README so SARIF consumers accept it.
      loc.path = o.anchor;
      loc.line = 1;
    }
    std::string note;
    for (const auto& c : r.checks)
      if (!c.result.note.empty()) note = c.result.note;
    Finding f{rule.value(),
              FindingKind::kHygiene,
              Severity::Of(level),
              Confidence::kMedium,
              r.subcategory + ": " + std::string(assess::ReqStatusName(r.status)),
              note.empty() ? r.text : note + ". " + r.text,
              loc,
              Fingerprint::Compute(rule.value(), loc.path, r.id),
              {},
              {},
              {},
              Remediation{"Meet the requirement: " + r.text, ""},
              Redact(excerpt),
              std::nullopt,
              std::nullopt};
    findings.push_back(std::move(f));
  }
  return findings;
}

// Records the outcome in the history database, opened before the assessment ran.
Status RecordHistory(store::Store& db, const std::filesystem::path& path,
                     const assess::AssessmentOutcome& o, bool update) {
  store::AssessmentSnapshot s;
  s.kind = std::string(assess::AssessmentKindName(o.kind));
  s.catalog = o.catalog.name;
  std::error_code ec;
  const auto abs = std::filesystem::weakly_canonical(std::filesystem::absolute(o.subject, ec), ec);
  s.subject = ec ? o.subject : abs.string();
  s.action = update ? "update" : "build";
  s.target_level = o.target_level;
  s.percent_to_target = std::clamp(o.percent_to_target, 0.0, 100.0);
  s.met = o.met;
  s.partial = o.partial;
  s.unmet = o.unmet;
  s.needs_review = o.needs_review;
  s.not_applicable = o.not_applicable;
  s.decided_auto = o.decided_auto;
  for (const auto& c : o.categories) {
    s.categories.push_back({c.name, c.achieved_level, std::clamp(c.percent_to_target, 0.0, 100.0)});
  }
  for (const auto& r : o.requirements) {
    s.requirements.push_back({r.id, r.category, r.subcategory, r.level,
                              std::string(assess::ReqStatusName(r.status)),
                              r.decided_by_user ? "user" : "auto"});
  }
  auto id = db.RecordAssessment(s);
  if (!id.ok()) return id.error();
  Log(LogLevel::kInfo,
      "recorded assessment #" + std::to_string(id.value()) + " in " + path.string());
  return {};
}

std::string AssessmentSummary(const assess::AssessmentOutcome& o) {
  std::ostringstream out;
  const bool user = o.kind == assess::AssessmentKind::kUser;
  out << (user ? "Skill assessment: " : "Project assessment: ") << EscapeTerminal(o.catalog.title);
  if (o.catalog.name != o.catalog.title) out << " (" << EscapeTerminal(o.catalog.name) << ")";
  if (!user) out << " of " << EscapeTerminal(o.subject);
  out << "\n";
  if (!o.skills.empty()) out << "  Skills filter: " << EscapeTerminal(o.skills) << "\n";
  out << "  " << o.requirements.size() << " requirements: " << o.met << " met, " << o.partial
      << " partial, " << o.unmet << " unmet, " << o.needs_review << " needs review, "
      << o.not_applicable << " n/a\n";
  out << "  Decided automatically: " << o.decided_auto << " of " << o.requirements.size() << "\n";
  out << "  Target level: " << EscapeTerminal(o.catalog.LevelName(o.target_level)) << " ("
      << o.target_level << " of " << o.catalog.levels.size() << "), progress to target "
      << Percent(o.percent_to_target) << "\n\n";
  size_t width = 8;
  for (const auto& c : o.categories) width = std::max(width, std::min<size_t>(c.name.size(), 40));
  out << "  " << Pad("CATEGORY", width + 2) << Pad("LEVEL", 16) << Pad("TO TARGET", 11)
      << "MET/TOTAL\n";
  for (const auto& c : o.categories) {
    const int total = c.met + c.partial + c.unmet + c.needs_review + c.not_applicable;
    out << "  " << Pad(EscapeTerminal(Truncate(c.name, 40)), width + 2)
        << Pad(c.achieved_level > 0
                   ? EscapeTerminal(Truncate(o.catalog.LevelName(c.achieved_level), 15))
                   : "-",
               16)
        << Pad(Percent(c.percent_to_target), 11) << c.met << "/" << total << "\n";
  }
  out << "\nWrote " << EscapeTerminal(o.matrix_path.string()) << "\nWrote "
      << EscapeTerminal(o.json_path.string()) << "\n";
  return out.str();
}

struct AssessArgs {
  std::string catalog;
  std::string path = ".";
  std::string out;
  std::string level_text;  // --level as given; empty: the catalog default, or the last build's
  int level = 0;           // set from level_text by ValidateAssessment; 0: not given
  std::string skills;
  std::string kind_word;  // the prototype's positional "user" on update-skill-assessment
  std::string vuln_db;    // project assessments: the sca.* checks' database (--vuln-db)
  std::string history_commits_text;  // --history-commits as given
  uint64_t history_commits = assess::kDefaultHistoryCommits;
};

// The directory the assessment files go under: --out, else the repository (project) or the
// current directory (skills).
stdfs::path AssessmentOutDir(const AssessArgs& args, assess::AssessmentKind kind) {
  if (!args.out.empty()) return args.out;
  return kind == assess::AssessmentKind::kProject ? stdfs::path(args.path) : stdfs::path(".");
}

Status ValidateAssessment(CommonFlags& flags, AssessArgs& args, assess::AssessmentKind kind) {
  FLEDGER_RETURN_IF_ERROR(ValidateCommonFlags(flags, kind == assess::AssessmentKind::kProject));
  if (!args.level_text.empty()) {
    // Levels are numbered from 1; the catalog's highest level is checked once it is loaded
    // (before anything is written). 0 is refused rather than read as "the default".
    FLEDGER_TRY(args.level,
                ParseIntFlag("--level", args.level_text, 1, std::numeric_limits<int>::max()));
  }
  FLEDGER_RETURN_IF_ERROR(CheckVulnDbFlag(args.vuln_db));
  if (!args.history_commits_text.empty()) {
    FLEDGER_TRY(const int n,
                ParseIntFlag("--history-commits", args.history_commits_text, 0, 1000000));
    args.history_commits = static_cast<uint64_t>(n);
  }
  std::error_code ec;
  if (!stdfs::is_directory(args.path, ec)) {
    return InputError(ValidationStep::kOrigin, args.path, "not a directory");
  }
  const stdfs::path out_dir = AssessmentOutDir(args, kind);
  return CheckWritableDir(args.out.empty() ? "output directory" : "--out",
                          args.out.empty() ? out_dir.string() : args.out,
                          assess::AssessmentDir(out_dir, kind));
}

int RunAssessmentVerb(const CommonFlags& flags, const AssessArgs& args, assess::AssessmentKind kind,
                      bool update) {
  assess::AssessmentRequest req;
  req.kind = kind;
  req.catalog = args.catalog;
  req.subject = args.path;
  req.out_dir = AssessmentOutDir(args, kind);
  req.target_level = args.level;
  req.skills = args.skills;
  req.update = update;
  req.jobs = flags.jobs;
  req.vuln_db = args.vuln_db;
  req.history_commits = args.history_commits;
  // History is part of the job ("every build and update is stored"): a database that cannot be
  // opened stops the run before anything is written.
  const auto db_path =
      flags.db.empty() ? store::Store::DefaultPath() : std::filesystem::path(flags.db);
  auto db = store::Store::Open(db_path);
  if (!db.ok()) return ReportError(db.error());
  auto outcome = assess::RunAssessment(req);
  if (!outcome.ok()) return ReportError(outcome.error());
  const auto& o = outcome.value();
  if (const Status s = RecordHistory(db.value(), db_path, o, update); !s.ok())
    return ReportError(s.error());
  std::string text;
  std::vector<Finding> findings;
  if (kind == assess::AssessmentKind::kProject) findings = AssessmentFindings(o);
  switch (flags.parsed_format) {
    case report::Format::kTable:
      text = AssessmentSummary(o);
      break;
    case report::Format::kJson:
      text = kind == assess::AssessmentKind::kUser
                 ? DumpJson(assess::AssessmentToJson(o))
                 : report::Render(report::Format::kJson, findings, {.tool = Tool()});
      break;
    default:
      text = report::Render(flags.parsed_format, findings,
                            {.tool = Tool(), .title = o.catalog.title + " assessment"});
  }
  if (const int rc = Emit(flags, text); rc != 0) return rc;
  if (flags.fail_on_severity) {
    for (const auto& f : findings)
      if (f.severity >= *flags.fail_on_severity) return 1;
  }
  return 0;
}

// ------------------------------------------------------------------------------------------
// search

struct SearchArgs {
  std::string pattern;
  std::string path = ".";
  std::string repo_path;  // --repo-path, the prototype's spelling of PATH
  std::string type = "code";
  bool ignore_case = false;
  bool fixed = false;
  std::string save;
  std::string category;
  std::string subcategory;
  std::string requirement;
  std::string out;
  std::string max_results_text;
  // Set by ValidateSearch.
  assess::SearchType parsed_type = assess::SearchType::kCode;
  size_t max_results = 0;  // 0: no limit
};

assess::AssessmentKind SaveKind(const SearchArgs& args) {
  return args.save == "user" ? assess::AssessmentKind::kUser : assess::AssessmentKind::kProject;
}

stdfs::path SaveOutDir(const SearchArgs& args) { return args.out.empty() ? "." : args.out; }

Status ValidateSearch(CommonFlags& flags, SearchArgs& args) {
  FLEDGER_RETURN_IF_ERROR(ValidateCommonFlags(flags, false));
  FLEDGER_TRY(args.parsed_type, assess::ParseSearchType(args.type));
  if (!args.repo_path.empty()) {
    // Two spellings of one directory: saying two different ones is a mistake, not a choice.
    if (args.path != "." && args.path != args.repo_path) {
      return FlagError("--repo-path", args.repo_path, ValidationStep::kSemantics,
                       "contradicts PATH " + args.path + "; give one of them");
    }
    args.path = args.repo_path;
  }
  if (!args.max_results_text.empty()) {
    int n = 0;
    FLEDGER_TRY(n, ParseIntFlag("--max-results", args.max_results_text, 1,
                                std::numeric_limits<int>::max()));
    args.max_results = static_cast<size_t>(n);
  }
  if (args.save.empty()) {
    // These only say where --save files the evidence; alone they would be silently ignored.
    const std::pair<const char*, const std::string*> save_only[] = {
        {"--category", &args.category},
        {"--subcategory", &args.subcategory},
        {"--requirement", &args.requirement},
        {"--out", &args.out}};
    for (const auto& [flag, value] : save_only) {
      if (!value->empty()) {
        return FlagError(flag, *value, ValidationStep::kSemantics, "only used with --save");
      }
    }
    return {};
  }
  if (args.save != "user" && args.save != "project") {
    return FlagError("--save", args.save, ValidationStep::kSemantics, "expected user or project");
  }
  if (args.category.empty() || args.subcategory.empty()) {
    return FlagError("--save", args.save, ValidationStep::kSemantics,
                     "needs --category and --subcategory");
  }
  const stdfs::path out_dir = SaveOutDir(args);
  return CheckWritableDir(args.out.empty() ? "output directory" : "--out",
                          args.out.empty() ? out_dir.string() : args.out,
                          assess::AssessmentDir(out_dir, SaveKind(args)));
}

// Lists (at -v) every entry the walker left out, with why, then warns with the counts. The
// names are escaped for the terminal by Log.
void ReportSkipped(const CommonFlags& flags, const assess::SearchResult& r) {
  std::map<std::string, uint64_t> by_reason;
  for (const auto& s : r.skipped) {
    const std::string why(fs::SkipReasonText(s.reason));
    Log(LogLevel::kInfo,
        "skipped " + (s.path.is_root() ? std::string(".") : s.path.str()) + ": " + why);
    ++by_reason[why];
  }
  // Files that failed to read were logged one by one as they failed.
  if (r.unreadable > 0) by_reason["unreadable"] += r.unreadable;
  if (by_reason.empty()) return;
  uint64_t total = 0;
  std::string counts;
  for (const auto& [why, n] : by_reason) {
    total += n;
    counts += (counts.empty() ? "" : ", ") + std::to_string(n) + " " + why;
  }
  Log(LogLevel::kWarn, std::to_string(total) + (total == 1 ? " entry" : " entries") + " skipped (" +
                           counts + ")" + (flags.verbose > 0 ? "" : "; -v lists them"));
}

int RunSearchVerb(const CommonFlags& flags, const SearchArgs& args) {
  // Read the evidence file before searching, so a malformed one stops the run before any output.
  std::optional<assess::EvidenceFile> evidence;
  stdfs::path evidence_path;
  if (!args.save.empty()) {
    // Where the record goes must be safe to read and write: no symlinks in a cloned repo's
    // assessments/ folder.
    const Status safe = assess::CheckWorkspace(SaveOutDir(args), SaveKind(args));
    if (!safe.ok()) return ReportError(safe.error());
    evidence_path = assess::EvidencePath(SaveOutDir(args), SaveKind(args));
    auto file = assess::EvidenceFile::Load(evidence_path);
    if (!file.ok()) return ReportError(file.error());
    evidence.emplace(std::move(file).value());
  }
  assess::SearchRequest req;
  req.pattern = args.pattern;
  req.root = args.path;
  req.type = args.parsed_type;
  req.ignore_case = args.ignore_case;
  req.fixed_strings = args.fixed;
  req.jobs = flags.jobs;
  auto result = assess::RunSearch(req);
  if (!result.ok()) return ReportError(result.error());
  const auto& r = result.value();
  std::string text;
  if (flags.parsed_format == report::Format::kJson) {
    nlohmann::ordered_json j;
    j["schema_version"] = 1;
    j["pattern"] = args.pattern;
    j["search_type"] = args.type;
    j["files_searched"] = r.files_searched;
    j["truncated"] = r.truncated;
    j["records"] = nlohmann::ordered_json::array();
    for (const auto& h : r.hits) {
      j["records"].push_back({{"path", h.path.str()},
                              {"line", h.line},
                              {"code", h.text},
                              {"tags", assess::TagsForHit(h)}});
    }
    text = DumpJson(j);
  } else {
    std::ostringstream out;
    out << r.hits.size() << " records found" << (r.truncated ? " (truncated)" : "") << "\n";
    size_t shown = 0;
    for (const auto& h : r.hits) {
      if (args.max_results > 0 && shown++ >= args.max_results) break;
      out << EscapeTerminal(h.path.str());
      if (h.line > 0) out << ":" << h.line << ":" << EscapeTerminal(h.text);
      out << "\n";
    }
    text = out.str();
  }
  if (const int rc = Emit(flags, text); rc != 0) return rc;
  ReportSkipped(flags, r);
  if (evidence) {
    auto record = assess::ToEvidenceRecord(req, r, args.category, args.subcategory,
                                           args.requirement, args.path);
    // No hits is not evidence; but a record saved earlier is updated, so evidence that is gone
    // (the code was fixed) stops counting.
    if (r.hits.empty() && evidence->Find(record) == nullptr) {
      if (!flags.quiet) std::cerr << "Nothing saved: no records found\n";
      return 0;
    }
    const bool changed = evidence->Upsert(std::move(record));
    if (changed) {
      const Status s = WriteFileAtomic(evidence_path, evidence->Serialize());
      if (!s.ok()) return ReportError(s.error());
    }
    if (!flags.quiet) {
      std::cerr << (changed ? "Saved evidence to " : "Evidence already recorded in ")
                << EscapeTerminal(evidence_path.string()) << "\n";
    }
  }
  return 0;
}

// ------------------------------------------------------------------------------------------
// standards

int RunStandardsList(const CommonFlags& flags) {
  const auto list = assess::ListCatalogs(assess::CatalogSearch::Default());
  if (flags.parsed_format == report::Format::kJson) {
    nlohmann::ordered_json j = nlohmann::ordered_json::array();
    for (const auto& l : list) {
      j.push_back({{"name", l.name},
                   {"title", l.title},
                   {"requirements", l.requirements},
                   {"levels", l.levels},
                   {"license", l.license},
                   {"origin", l.origin}});
    }
    return Emit(flags, DumpJson(j));
  }
  std::ostringstream out;
  size_t name_w = 6, lic_w = 9;
  for (const auto& l : list) {
    name_w = std::max(name_w, std::min<size_t>(EscapeTerminal(l.name).size() + 2, 40));
    lic_w = std::max(lic_w, std::min<size_t>(EscapeTerminal(l.license).size() + 2, 40));
  }
  out << Pad("NAME", name_w) << Pad("REQS", 6) << Pad("LEVELS", 7) << Pad("LICENSE", lic_w)
      << "TITLE\n";
  for (const auto& l : list) {
    out << Pad(EscapeTerminal(l.name), name_w) << Pad(std::to_string(l.requirements), 6)
        << Pad(std::to_string(l.levels), 7)
        << Pad(EscapeTerminal(l.license.empty() ? "-" : l.license), lic_w)
        << EscapeTerminal(l.title)
        << (l.origin == "built-in" ? "" : "  [" + EscapeTerminal(l.origin) + "]") << "\n";
  }
  return Emit(flags, out.str());
}

int RunStandardsShow(const CommonFlags& flags, const std::string& name) {
  auto cat = assess::LoadCatalog(name, assess::CatalogSearch::Default());
  if (!cat.ok()) return ReportError(cat.error());
  const auto& c = cat.value();
  std::map<int, size_t> per_level;
  size_t with_checks = 0;
  for (const auto& k : c.categories)
    for (const auto& s : k.subcategories)
      for (const auto& r : s.criteria) {
        ++per_level[r.level];
        with_checks += r.checks.empty() ? 0 : 1;
      }
  if (flags.parsed_format == report::Format::kJson) {
    nlohmann::ordered_json j;
    j["name"] = c.name;
    j["title"] = c.title;
    j["version"] = c.version;
    j["kind"] = c.kind;
    j["origin"] = c.origin;
    j["license"] = c.source_license;
    j["attribution"] = c.source_attribution;
    j["requirements"] = c.RequirementCount();
    j["automatically_checked"] = with_checks;
    j["levels"] = nlohmann::ordered_json::array();
    for (const auto& l : c.levels)
      j["levels"].push_back({{"id", l.id}, {"name", l.name}, {"requirements", per_level[l.id]}});
    j["categories"] = nlohmann::ordered_json::array();
    for (const auto& k : c.categories) {
      nlohmann::ordered_json subs = nlohmann::ordered_json::array();
      for (const auto& s : k.subcategories)
        subs.push_back({{"name", s.name}, {"requirements", s.criteria.size()}});
      j["categories"].push_back({{"name", k.name}, {"subcategories", subs}});
    }
    return Emit(flags, DumpJson(j));
  }
  std::ostringstream out;
  out << EscapeTerminal(c.title) << (c.version.empty() ? "" : " " + EscapeTerminal(c.version))
      << " (" << EscapeTerminal(c.name) << ", " << EscapeTerminal(c.origin) << ")\n";
  if (!c.description.empty())
    out << EscapeTerminal(Truncate(CollapseWhitespace(c.description), 300)) << "\n";
  if (!c.source_license.empty()) out << "License: " << EscapeTerminal(c.source_license) << "\n";
  if (!c.source_attribution.empty())
    out << "Attribution: " << EscapeTerminal(c.source_attribution) << "\n";
  out << c.RequirementCount() << " requirements, " << with_checks
      << " with automatic checks\nLevels:\n";
  for (const auto& l : c.levels) {
    out << "  " << l.id << " " << EscapeTerminal(l.name) << ": " << per_level[l.id]
        << " requirements\n";
  }
  out << "Categories:\n";
  for (const auto& k : c.categories) {
    size_t n = 0;
    for (const auto& s : k.subcategories) n += s.criteria.size();
    out << "  " << EscapeTerminal(k.name) << " (" << k.subcategories.size() << " subcategories, "
        << n << " requirements)\n";
    if (flags.verbose > 0) {
      for (const auto& s : k.subcategories)
        out << "    - " << EscapeTerminal(s.name) << " (" << s.criteria.size() << ")\n";
    }
  }
  return Emit(flags, out.str());
}

// ------------------------------------------------------------------------------------------
// history

struct HistoryArgs {
  std::string kind;
  std::string limit_text;
  int limit = 50;  // set from limit_text by ValidateHistory
};

Status ValidateHistory(CommonFlags& flags, HistoryArgs& args) {
  FLEDGER_RETURN_IF_ERROR(ValidateCommonFlags(flags, false));
  if (!args.kind.empty() && args.kind != "user" && args.kind != "project") {
    return FlagError("--kind", args.kind, ValidationStep::kSemantics, "expected user or project");
  }
  if (!args.limit_text.empty()) {
    FLEDGER_TRY(args.limit, ParseIntFlag("--limit", args.limit_text, 1, 100000));
  }
  return {};
}

int RunHistory(const CommonFlags& flags, const HistoryArgs& args) {
  const std::string& kind = args.kind;
  const int limit = args.limit;
  const auto path =
      flags.db.empty() ? store::Store::DefaultPath() : std::filesystem::path(flags.db);
  auto db = store::Store::Open(path);
  if (!db.ok()) return ReportError(db.error());
  auto list = db.value().ListAssessments(kind, limit);
  if (!list.ok()) return ReportError(list.error());
  if (flags.parsed_format == report::Format::kJson) {
    nlohmann::ordered_json j = nlohmann::ordered_json::array();
    for (const auto& s : list.value()) {
      nlohmann::ordered_json cats = nlohmann::ordered_json::array();
      for (const auto& c : s.categories) {
        cats.push_back({{"category", c.category},
                        {"achieved_level", c.achieved_level},
                        {"percent_to_target", c.percent_to_target}});
      }
      j.push_back({{"id", s.id},
                   {"created_at", s.created_at},
                   {"kind", s.kind},
                   {"catalog", s.catalog},
                   {"subject", s.subject},
                   {"action", s.action},
                   {"target_level", s.target_level},
                   {"percent_to_target", s.percent_to_target},
                   {"met", s.met},
                   {"partial", s.partial},
                   {"unmet", s.unmet},
                   {"needs_review", s.needs_review},
                   {"not_applicable", s.not_applicable},
                   {"decided_auto", s.decided_auto},
                   {"categories", cats}});
    }
    return Emit(flags, DumpJson(j));
  }
  std::ostringstream out;
  if (list.value().empty()) {
    out << "No assessments recorded yet in " << EscapeTerminal(path.string())
        << ". Run fledger build-skill-assessment or build-project-assessment first.\n";
    return Emit(flags, out.str());
  }
  out << Pad("ID", 5) << Pad("WHEN (UTC)", 22) << Pad("KIND", 8) << Pad("CATALOG", 18)
      << Pad("ACTION", 7) << Pad("TARGET", 7) << Pad("PROGRESS", 14) << Pad("MET", 5)
      << Pad("UNMET", 6) << "SUBJECT\n";
  // Progress change against the previous snapshot of the same kind, catalog and subject.
  std::map<std::string, double> last;
  for (const auto& s : list.value()) {
    const std::string key = s.kind + "\n" + s.catalog + "\n" + s.subject;
    std::string trend;
    if (auto it = last.find(key); it != last.end()) {
      const double d = s.percent_to_target - it->second;
      char buf[24];
      std::snprintf(buf, sizeof(buf), " (%+.0f)", d);
      trend = std::fabs(d) < 0.5 ? " (=)" : buf;
    }
    last[key] = s.percent_to_target;
    out << Pad(std::to_string(s.id), 5) << Pad(s.created_at, 22) << Pad(s.kind, 8)
        << Pad(EscapeTerminal(Truncate(s.catalog, 17)), 18) << Pad(s.action, 7)
        << Pad(std::to_string(s.target_level), 7) << Pad(Percent(s.percent_to_target) + trend, 14)
        << Pad(std::to_string(s.met), 5) << Pad(std::to_string(s.unmet), 6)
        << EscapeTerminal(s.subject) << "\n";
  }
  return Emit(flags, out.str());
}

}  // namespace

void AddAssessmentVerbs(CLI::App& app, VerbTable& table) {
  CommonFlags& flags = table.flags;
  std::optional<Verb>& verb = table.verb;
  auto& assess_args = table.Own<AssessArgs>();
  auto& search_args = table.Own<SearchArgs>();
  auto& show_name = table.Own<std::string>();
  auto& history_args = table.Own<HistoryArgs>();
  const auto assessment = [&](assess::AssessmentKind kind, bool update) {
    return Verb{[&, kind, update]() -> Status {
                  // A build names its catalog; an empty name would silently reuse the last one.
                  if (!update && Trim(assess_args.catalog).empty()) {
                    return InputError(ValidationStep::kLexical, "catalog name", "empty");
                  }
                  return ValidateAssessment(flags, assess_args, kind);
                },
                [&, kind, update] { return RunAssessmentVerb(flags, assess_args, kind, update); }};
  };
  constexpr auto kUser = assess::AssessmentKind::kUser;
  constexpr auto kProject = assess::AssessmentKind::kProject;

  auto* build_skill = app.add_subcommand(
      "build-skill-assessment", "Build your skill matrix from a catalog (e.g. SecurityCategory)");
  build_skill->alias("build-skill-assesment");
  build_skill->add_option("catalog", assess_args.catalog, "Catalog name or path to a .json file")
      ->required();
  build_skill->add_option("--skills", assess_args.skills,
                          "Keep rows matching these terms: 'a, b, and c'");
  build_skill
      ->add_option("--level", assess_args.level_text,
                   "Target level (1..number of levels in the catalog)")
      ->type_name("INT");
  build_skill->add_option("--out", assess_args.out,
                          "Write assessments/user/ under DIR (default: .)");
  build_skill->add_option("--path", assess_args.path,
                          "Your workspace, where file checks look (default: .)");
  build_skill
      ->add_option("--history-commits", assess_args.history_commits_text, kHistoryCommitsHelp)
      ->type_name("INT");
  AddCommonFlags(build_skill, flags, false);
  build_skill->callback([&verb, assessment] { verb = assessment(kUser, false); });

  auto* update_skill = app.add_subcommand(
      "update-skill-assessment", "Fold recorded evidence into your skill matrix and score it");
  update_skill->add_option("who", assess_args.kind_word, "Accepted for compatibility: user")
      ->check(CLI::IsMember({"user"}));
  update_skill
      ->add_option("--level", assess_args.level_text,
                   "Change the target level (default: the last build's)")
      ->type_name("INT");
  update_skill->add_option("--skills", assess_args.skills, "Change the skills filter");
  update_skill->add_option("--out", assess_args.out,
                           "Directory holding assessments/user/ (default: .)");
  update_skill->add_option("--path", assess_args.path,
                           "Your workspace, where file checks look (default: .)");
  update_skill
      ->add_option("--history-commits", assess_args.history_commits_text, kHistoryCommitsHelp)
      ->type_name("INT");
  AddCommonFlags(update_skill, flags, false);
  update_skill->callback([&verb, assessment] { verb = assessment(kUser, true); });

  auto* build_project = app.add_subcommand("build-project-assessment",
                                           "Assess a repository against a standard (e.g. OpenSSF)");
  build_project->add_option("catalog", assess_args.catalog, "Catalog name or path to a .json file")
      ->required();
  build_project->add_option("path", assess_args.path, "The repository to assess (default: .)");
  build_project
      ->add_option("--level", assess_args.level_text,
                   "Target level (e.g. 1 Passing, 2 Silver, 3 Gold)")
      ->type_name("INT");
  build_project->add_option("--out", assess_args.out,
                            "Write assessments/project/ under DIR (default: the repository)");
  build_project->add_option("--vuln-db", assess_args.vuln_db, kVulnDbHelp);
  build_project
      ->add_option("--history-commits", assess_args.history_commits_text, kHistoryCommitsHelp)
      ->type_name("INT");
  AddCommonFlags(build_project, flags, true);
  build_project->callback([&verb, assessment] { verb = assessment(kProject, false); });

  auto* update_project = app.add_subcommand("update-project-assessment",
                                            "Re-run the automatic checks and fold in evidence");
  update_project->add_option("path", assess_args.path, "The repository (default: .)");
  update_project
      ->add_option("--level", assess_args.level_text,
                   "Change the target level (default: the last build's)")
      ->type_name("INT");
  update_project->add_option("--out", assess_args.out,
                             "Directory holding assessments/project/ (default: the repository)");
  update_project->add_option("--vuln-db", assess_args.vuln_db, kVulnDbHelp);
  update_project
      ->add_option("--history-commits", assess_args.history_commits_text, kHistoryCommitsHelp)
      ->type_name("INT");
  AddCommonFlags(update_project, flags, true);
  update_project->callback([&verb, assessment] { verb = assessment(kProject, true); });

  auto* search =
      app.add_subcommand("search", "Find evidence: code lines (RE2 regex) or files (glob)");
  search->add_option("pattern", search_args.pattern, "Regex (code) or glob (file)")->required();
  search->add_option("path", search_args.path, "Directory to search (default: .)");
  search->add_option("--repo-path", search_args.repo_path,
                     "Same as PATH (the prototype's spelling)");
  search->add_option("--search-type,-t", search_args.type, "code or file")->default_str("code");
  search->add_flag("-i,--ignore-case", search_args.ignore_case, "Case-insensitive match");
  search->add_flag("-F,--fixed-strings", search_args.fixed,
                   "Treat the pattern as a literal string");
  search
      ->add_option("--max-results", search_args.max_results_text,
                   "Print at most N hits (the count is still exact)")
      ->type_name("UINT");
  search->add_option("--save", search_args.save, "Record the hits as evidence: user or project");
  search->add_option("--category", search_args.category, "Category to file the evidence under");
  search->add_option("--subcategory", search_args.subcategory,
                     "Subcategory to file the evidence under");
  search->add_option("--requirement", search_args.requirement,
                     "Requirement id to file the evidence under");
  search->add_option("--out", search_args.out, "Directory holding assessments/ (default: .)");
  AddCommonFlags(search, flags, false);
  search->callback([&] {
    verb = Verb{[&] { return ValidateSearch(flags, search_args); },
                [&] { return RunSearchVerb(flags, search_args); }};
  });

  auto* standards = app.add_subcommand("standards", "The catalogs Fledger ships, and yours");
  standards->require_subcommand(1);
  auto* list = standards->add_subcommand("list", "List catalogs");
  AddCommonFlags(list, flags, false);
  list->callback([&] {
    verb = Verb{[&] { return ValidateCommonFlags(flags, false); },
                [&] { return RunStandardsList(flags); }};
  });
  auto* show = standards->add_subcommand("show", "Describe one catalog");
  show->add_option("name", show_name, "Catalog name or path")->required();
  AddCommonFlags(show, flags, false);
  show->callback([&] {
    verb = Verb{[&] { return ValidateCommonFlags(flags, false); },
                [&] { return RunStandardsShow(flags, show_name); }};
  });

  auto* history = app.add_subcommand("history", "Assessments over time, with progress trends");
  history->add_option("--kind", history_args.kind, "Only user or project assessments");
  history
      ->add_option("--limit", history_args.limit_text, "Show the last N, 1 to 100000 (default 50)")
      ->type_name("INT");
  AddCommonFlags(history, flags, false);
  history->callback([&] {
    verb = Verb{[&] { return ValidateHistory(flags, history_args); },
                [&] { return RunHistory(flags, history_args); }};
  });
}

}  // namespace fledger::cli
