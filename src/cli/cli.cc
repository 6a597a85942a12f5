// The verb table: every verb's flags (each defined once, with its help) and its handler.
//
// A verb runs in two phases: Validate* checks every flag and argument without side effects, then
// Run* does the work. So a bad flag never leaves a printed summary, a written file or a history
// snapshot behind it.
#include "cli/cli.h"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <limits>
#include <map>
#include <optional>
#include <sstream>

#include "assess/assessment.h"
#include "assess/catalog.h"
#include "assess/repo_checks.h"
#include "assess/search.h"
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

// Flags every verb accepts. Each is defined once, in AddCommonFlags, with its help text.
struct CommonFlags {
  std::string format = "table";
  std::string output;
  bool quiet = false;
  int verbose = 0;
  std::string log_file;
  bool no_color = false;
  std::string jobs_text;
  std::string db;
  std::string fail_on;
  // Set by ValidateCommonFlags from the text above, before a verb does any work.
  report::Format parsed_format = report::Format::kTable;
  int jobs = 0;
  std::optional<Severity> fail_on_severity;
};

void AddCommonFlags(CLI::App* cmd, CommonFlags& f, bool findings) {
  cmd->add_option(
         "--format", f.format,
         findings ? "Output format: table, json, sarif or md" : "Output format: table or json")
      ->default_str("table");
  cmd->add_option("-o,--output", f.output, "Write the report to FILE instead of standard output");
  cmd->add_flag("-q,--quiet", f.quiet, "Print only errors on standard error");
  cmd->add_flag("-v,--verbose", f.verbose, "Log what Fledger reads and writes (-vv for more)");
  cmd->add_option("--log-file", f.log_file, "Append a detailed log to FILE");
  cmd->add_flag("--no-color", f.no_color, "Never colour the output");
  cmd->add_option("-j,--jobs", f.jobs_text, "Worker threads, 0 to 256 (default 0: number of cores)")
      ->type_name("INT");
  cmd->add_option("--db", f.db,
                  "SQLite history database (default: $XDG_DATA_HOME/fledger/fledger.db)");
  if (findings) {
    cmd->add_option(
        "--fail-on", f.fail_on,
        "Exit 1 if a finding has this severity or higher: critical, high, medium, low, info");
  }
}

int ReportError(const Error& e) {
  std::cerr << "fledger: error: " << EscapeTerminal(e.ToString()) << "\n";
  Log(LogLevel::kDebug, "exit " + std::to_string(e.ExitCode()) + ": " + e.ToString());
  return e.ExitCode();
}

// A usage error about `flag value` (or just `flag` when value is empty) at `step`.
Error FlagError(std::string_view flag, std::string_view value, ValidationStep step,
                std::string message) {
  std::string context(flag);
  if (!value.empty()) context += " " + Truncate(value, 60);
  return Error{ErrorCode::kUsage, std::move(message), std::move(context), step};
}

// ------------------------------------------------------------------------------------------
// Checks of flag values. Each names the flag, its value and the step that rejected it.

// An integer flag: syntax (an optionally signed decimal number), then semantics (the range).
// CLI11 would convert it too, but its "Could not convert: --level = abc" names no step.
Result<int> ParseIntFlag(std::string_view flag, const std::string& text, int min, int max) {
  int value = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ptr != end || ec == std::errc::invalid_argument) {
    return FlagError(flag, text, ValidationStep::kSyntax, "expected a whole number");
  }
  if (ec == std::errc::result_out_of_range || value < min || value > max) {
    const bool open_ended = max == std::numeric_limits<int>::max();
    std::string why = open_ended ? "must be at least " + std::to_string(min)
                                 : "must be " + std::to_string(min) + " to " + std::to_string(max);
    if (open_ended && ec == std::errc::result_out_of_range && text[0] != '-') why = "too large";
    return FlagError(flag, text, ValidationStep::kSemantics, why);
  }
  return value;
}

// --format: table and json for every verb; sarif and md only for verbs that report findings.
Result<report::Format> CheckFormat(const std::string& text, bool findings) {
  const auto format = report::ParseFormat(text);
  const bool plain = format.ok() && (format.value() == report::Format::kTable ||
                                     format.value() == report::Format::kJson);
  if (!format.ok() || (!findings && !plain)) {
    return FlagError("--format", text, ValidationStep::kSemantics,
                     findings ? "expected table, json, sarif or md" : "expected table or json");
  }
  return format.value();
}

// The directory a new file at `path` would go in, for messages ("." for a bare file name).
stdfs::path ParentOf(const stdfs::path& path) {
  const stdfs::path parent = path.parent_path();
  return parent.empty() ? stdfs::path(".") : parent;
}

// -o FILE is replaced atomically (written next to it, then renamed over it), so FILE must be a
// regular file or not exist yet, in a directory that exists: Fledger does not create directories
// from a mistyped -o, and renaming over a device, FIFO or symlink (say /dev/stdout) would replace
// that node rather than write through it.
Status CheckOutputFile(const std::string& path) {
  std::error_code ec;
  const auto st = stdfs::symlink_status(path, ec);
  const auto bad = [&](std::string why) {
    return FlagError("-o", path, ValidationStep::kOrigin, std::move(why));
  };
  if (!ec && st.type() == stdfs::file_type::directory) return bad("is a directory");
  // Any symlink is refused, dangling or not (a separate error_code: is_directory on a dangling
  // link fails, and must not hide the link from the check below).
  std::error_code dir_ec;
  if (!ec && st.type() == stdfs::file_type::symlink && stdfs::is_directory(path, dir_ec)) {
    return bad("is a directory");
  }
  if (!ec && st.type() != stdfs::file_type::regular && stdfs::exists(st)) {
    return bad(std::string(st.type() == stdfs::file_type::symlink ? "is a symbolic link"
                                                                  : "not a regular file") +
               " (-o replaces FILE rather than write through it; leave -o out for standard "
               "output)");
  }
  const stdfs::path parent = ParentOf(path);
  if (!stdfs::is_directory(parent, ec)) {
    return bad(stdfs::exists(parent, ec) ? parent.string() + " is not a directory"
                                         : "directory " + parent.string() + " does not exist");
  }
  return {};
}

// --log-file FILE is opened for appending, so a device is fine, but not a directory, and its
// directory must exist.
Status CheckLogFile(const std::string& path) {
  const auto bad = [&](std::string why) {
    return FlagError("--log-file", path, ValidationStep::kOrigin, std::move(why));
  };
  std::error_code ec;
  if (stdfs::is_directory(path, ec)) return bad("is a directory");
  const stdfs::path parent = ParentOf(path);
  if (!stdfs::is_directory(parent, ec)) {
    return bad(stdfs::exists(parent, ec) ? parent.string() + " is not a directory"
                                         : "directory " + parent.string() + " does not exist");
  }
  return {};
}

// A directory Fledger writes into and creates if missing (--out DIR/assessments/KIND): only its
// nearest existing ancestor can be wrong, by not being a directory.
Status CheckWritableDir(std::string_view flag, const std::string& flag_value,
                        const stdfs::path& dir) {
  std::error_code ec;
  stdfs::path p = dir;
  while (!p.empty() && !stdfs::exists(stdfs::symlink_status(p, ec))) p = p.parent_path();
  if (p.empty() || stdfs::is_directory(p, ec)) return {};
  return FlagError(
      flag, flag_value, ValidationStep::kOrigin,
      p == stdfs::path(flag_value) ? "not a directory" : p.string() + " is not a directory");
}

// The checks every verb shares. `findings`: the verb reports findings (more formats, --fail-on).
Status ValidateCommonFlags(CommonFlags& f, bool findings) {
  FLEDGER_TRY(f.parsed_format, CheckFormat(f.format, findings));
  if (!f.jobs_text.empty()) {
    FLEDGER_TRY(f.jobs, ParseIntFlag("--jobs", f.jobs_text, 0, 256));
  }
  if (!f.fail_on.empty()) {
    const auto severity = Severity::Parse(f.fail_on);
    if (!severity.ok()) {
      return FlagError("--fail-on", f.fail_on, ValidationStep::kSemantics,
                       "expected critical, high, medium, low or info");
    }
    f.fail_on_severity = severity.value();
  }
  if (!f.output.empty()) FLEDGER_RETURN_IF_ERROR(CheckOutputFile(f.output));
  if (!f.log_file.empty()) FLEDGER_RETURN_IF_ERROR(CheckLogFile(f.log_file));
  return {};
}

// Writes `text` to -o FILE (atomically) or to standard output.
int Emit(const CommonFlags& f, const std::string& text) {
  if (f.output.empty()) {
    errno = 0;
    std::cout << text;
    std::cout.flush();
    if (!std::cout) {
      // Exit 2, not 3: a full disk or a revoked destination is the user's environment, like the
      // other I/O errors (ErrorCode::kIo), not a bug in Fledger. Either way not 0: a script
      // must not take a truncated report for a complete one.
      const int err = errno;
      return ReportError(
          Error{ErrorCode::kIo,
                "cannot write: " + std::string(err != 0 ? std::strerror(err) : "write failed"),
                "standard output", ValidationStep::kOrigin});
    }
    return 0;
  }
  const Status s = WriteFileAtomic(f.output, text);
  if (!s.ok()) {
    Error e = s.error();
    e.context = "-o " + f.output;
    return ReportError(e);
  }
  Log(LogLevel::kInfo, "wrote " + f.output);
  return 0;
}

std::string Percent(double p) {
  char buf[16];
  std::snprintf(buf, sizeof(buf), "%.0f%%", p);
  return buf;
}

std::string Pad(const std::string& s, size_t width) {
  // Width in bytes is close enough for the ASCII-dominated names we print here.
  return s.size() >= width ? s + " " : s + std::string(width - s.size(), ' ');
}

ToolInfo Tool() {
  ToolInfo t;
  t.version = FLEDGER_VERSION;
  return t;
}

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

// ------------------------------------------------------------------------------------------

// Starts logging and the progress bar. Runs after validation: opening --log-file creates it.
Status SetUp(const CommonFlags& flags) {
  LogOptions lo;
  lo.quiet = flags.quiet;
  lo.stderr_level = flags.verbose >= 2   ? LogLevel::kDebug
                    : flags.verbose == 1 ? LogLevel::kInfo
                                         : LogLevel::kWarn;
  lo.file = flags.log_file;
  const Status s = InitLogging(lo);
  if (!s.ok()) {
    return FlagError("--log-file", flags.log_file, ValidationStep::kOrigin, s.error().message);
  }
  SetProgressEnabled(!flags.quiet && ::isatty(2));
  return {};
}

// "fledger standards show" for the `show` command: how the user typed the verb.
std::string CommandPath(const CLI::App* app) {
  std::string path = app->get_name().empty() ? "fledger" : app->get_name();
  for (const CLI::App* p = app->get_parent(); p != nullptr; p = p->get_parent()) {
    path = (p->get_name().empty() ? std::string("fledger") : p->get_name()) + " " + path;
  }
  return path;
}

// CLI11's messages name neither the word at fault nor a step ("A subcommand is required" for
// an unknown verb or flag, "Could not convert: ..."): restate them in Fledger's error format.
// Unknown words are syntax errors of the command line; values out of their set are semantics.
Error UsageError(const CLI::App& app, const CLI::ParseError& e) {
  const CLI::App* verb = &app;
  while (!verb->get_subcommands().empty()) verb = verb->get_subcommands().front();
  const std::string command = CommandPath(verb);
  const std::string help = " (see " + command + " --help)";
  const bool needs_verb = verb->get_require_subcommand_min() > 0;
  const auto syntax = [](std::string context, std::string message) {
    return Error{ErrorCode::kUsage, std::move(message), std::move(context),
                 ValidationStep::kSyntax};
  };
  // Words CLI11 could not place, in command-line order.
  const std::vector<std::string> extra = app.remaining(true);
  if (!extra.empty()) {
    const std::string& word = extra.front();
    if (word.size() > 1 && word[0] == '-') {
      return syntax(word,
                    "unknown flag" + (verb == &app ? std::string() : " for " + command) + help);
    }
    if (needs_verb) {
      std::string verbs;
      for (const CLI::App* sub : verb->get_subcommands([](const CLI::App*) { return true; })) {
        verbs += (verbs.empty() ? "" : ", ") + sub->get_name();
      }
      return syntax(word, "unknown verb; expected " + verbs + help);
    }
    return syntax(word, "unexpected argument" + help);
  }
  const std::string what = e.what();
  if (dynamic_cast<const CLI::RequiredError*>(&e) != nullptr) {
    const std::string context = verb == &app ? "" : command.substr(std::string("fledger ").size());
    if (needs_verb) return syntax(context, "no verb given" + help);
    return syntax(context, what + help);  // "catalog is required"
  }
  if (dynamic_cast<const CLI::ConversionError*>(&e) != nullptr) {
    // "Could not convert: --quiet = abc"; the other forms read "NAME: what went wrong".
    const std::string prefix = "Could not convert: ";
    if (what.rfind(prefix, 0) == 0) {
      std::string context = what.substr(prefix.size());
      if (const size_t eq = context.find(" = "); eq != std::string::npos)
        context.replace(eq, 3, " ");
      return syntax(context, "invalid value" + help);
    }
  }
  // ArgumentMismatch, ConversionError and ValidationError read "NAME: what went wrong".
  const size_t colon = what.find(": ");
  const std::string name = colon == std::string::npos ? std::string() : what.substr(0, colon);
  const std::string detail = colon == std::string::npos ? what : what.substr(colon + 2);
  if (dynamic_cast<const CLI::ArgumentMismatch*>(&e) != nullptr) {
    return syntax(name,
                  (detail.find("missing") != std::string::npos ? "needs a value" : detail) + help);
  }
  if (dynamic_cast<const CLI::ValidationError*>(&e) != nullptr) {
    return Error{ErrorCode::kUsage, detail + help, name, ValidationStep::kSemantics};
  }
  return syntax(name, detail + help);
}

// A verb: the checks of its flags (no side effects) and its work.
struct Verb {
  std::function<Status()> validate;
  std::function<int()> run;
};

}  // namespace

int Run(int argc, char** argv) {
  CLI::App app{
      "Fledger: a security workbench. Assess skills and projects against standards, record "
      "evidence, and track progress. Offline, one binary.",
      "fledger"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("fledger ") + FLEDGER_VERSION);
  app.footer(
      "Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage or input error, 3 internal "
      "error.\n"
      "Run 'fledger VERB --help' for a verb's flags. Documentation: docs/README.md");

  CommonFlags flags;
  AssessArgs assess_args;
  SearchArgs search_args;
  std::string show_name;
  HistoryArgs history_args;
  std::optional<Verb> verb;
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
  AddCommonFlags(build_skill, flags, false);
  build_skill->callback([&] { verb = assessment(kUser, false); });

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
  AddCommonFlags(update_skill, flags, false);
  update_skill->callback([&] { verb = assessment(kUser, true); });

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
  AddCommonFlags(build_project, flags, true);
  build_project->callback([&] { verb = assessment(kProject, false); });

  auto* update_project = app.add_subcommand("update-project-assessment",
                                            "Re-run the automatic checks and fold in evidence");
  update_project->add_option("path", assess_args.path, "The repository (default: .)");
  update_project
      ->add_option("--level", assess_args.level_text,
                   "Change the target level (default: the last build's)")
      ->type_name("INT");
  update_project->add_option("--out", assess_args.out,
                             "Directory holding assessments/project/ (default: the repository)");
  AddCommonFlags(update_project, flags, true);
  update_project->callback([&] { verb = assessment(kProject, true); });

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

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    return ReportError(UsageError(app, e));
  }
  if (!verb) {
    return ReportError(Error{ErrorCode::kUsage, "no verb given (see fledger --help)", "",
                             ValidationStep::kSyntax});
  }
  try {
    // Every flag is checked before anything is logged, read in bulk, written or recorded.
    if (const Status s = verb->validate(); !s.ok()) return ReportError(s.error());
    if (const Status s = SetUp(flags); !s.ok()) return ReportError(s.error());
    return verb->run();
  } catch (const std::exception& e) {
    std::cerr << "fledger: internal error: " << EscapeTerminal(e.what()) << "\n";
    return 3;
  }
}

}  // namespace fledger::cli
