// `fledger secrets`: leaked credentials in a working tree or, with --git-history, in every commit
// of a repository, as findings with redacted evidence, triaged by inline comments, an allowlist
// and a baseline; `fledger rules check`: every secret
// rule compiles and its examples hold.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <iostream>
#include <optional>
#include <sstream>

#include "cli/common.h"
#include "core/input.h"
#include "core/json.h"
#include "core/log.h"
#include "core/text.h"
#include "report/report.h"
#include "secrets/blob_scanner.h"
#include "secrets/containers.h"
#include "secrets/engine.h"
#include "secrets/history.h"
#include "secrets/rules.h"
#include "secrets/scan.h"
#include "secrets/triage.h"
#include "store/store.h"

namespace fledger::cli {
namespace {

namespace stdfs = std::filesystem;

struct SecretsArgs {
  std::string path = ".";
  std::vector<std::string> rules;
  std::string allowlist;  // default: ROOT/.fledger/secrets-allow.yaml when it exists
  std::string baseline;
  bool show_suppressed = false;
  bool no_containers = false;
  std::string max_file_size_text;
  uint64_t max_file_bytes = 64u << 20;
  std::string min_confidence = "low";
  bool git_history = false;
  bool no_incremental = false;
};

std::string UtcToday() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[16];
  std::strftime(buf, sizeof(buf), "%Y-%m-%d", &tm);
  return buf;
}

int ConfidenceRank(Confidence c) { return static_cast<int>(c); }

Status CheckRuleDirs(const std::vector<std::string>& dirs) {
  std::error_code ec;
  for (const auto& d : dirs) {
    if (!stdfs::is_directory(d, ec) && !stdfs::is_regular_file(d, ec)) {
      return FlagError("--rules", d, ValidationStep::kOrigin, "not a directory or a rule file");
    }
  }
  return {};
}

Status ValidateSecrets(CommonFlags& flags, SecretsArgs& args) {
  FLEDGER_RETURN_IF_ERROR(ValidateCommonFlags(flags, true));
  std::error_code ec;
  if (!stdfs::exists(args.path, ec)) {
    return FlagError("PATH", args.path, ValidationStep::kOrigin, "no such file or directory");
  }
  if (args.no_incremental && !args.git_history) {
    return FlagError("--no-incremental", "", ValidationStep::kSemantics,
                     "applies only with --git-history");
  }
  if (args.git_history && !stdfs::is_directory(args.path, ec)) {
    return FlagError("PATH", args.path, ValidationStep::kOrigin,
                     "--git-history needs a directory (a git repository)");
  }
  FLEDGER_RETURN_IF_ERROR(CheckRuleDirs(args.rules));
  for (const auto* f : {&args.allowlist, &args.baseline}) {
    if (!f->empty() && !stdfs::is_regular_file(*f, ec)) {
      return FlagError(f == &args.allowlist ? "--allowlist" : "--baseline", *f,
                       ValidationStep::kOrigin, "not a regular file");
    }
  }
  if (!args.max_file_size_text.empty()) {
    FLEDGER_TRY(const int mib, ParseIntFlag("--max-file-size", args.max_file_size_text, 1, 1024));
    args.max_file_bytes = static_cast<uint64_t>(mib) << 20;
  }
  if (args.min_confidence != "low" && args.min_confidence != "medium" &&
      args.min_confidence != "high") {
    return FlagError("--min-confidence", args.min_confidence, ValidationStep::kSemantics,
                     "must be low, medium or high");
  }
  return {};
}

std::vector<stdfs::path> RulePaths(const std::vector<std::string>& dirs) {
  return {dirs.begin(), dirs.end()};
}

// The allowlist: --allowlist, else .fledger/secrets-allow.yaml in the scanned directory.
Result<std::optional<secrets::Allowlist>> LoadAllowlist(const SecretsArgs& args) {
  stdfs::path file = args.allowlist;
  std::error_code ec;
  if (file.empty()) {
    const stdfs::path dir =
        stdfs::is_directory(args.path, ec) ? stdfs::path(args.path) : ParentOf(args.path);
    file = dir / ".fledger" / "secrets-allow.yaml";
    if (!stdfs::is_regular_file(stdfs::symlink_status(file, ec))) {
      return std::optional<secrets::Allowlist>();
    }
  }
  FLEDGER_TRY(const std::string text,
              ReadTextFile(file, ReadLimits{.max_bytes = secrets::kMaxAllowlistBytes}));
  FLEDGER_TRY(secrets::Allowlist allow, secrets::ParseAllowlist(text, file.string()));
  Log(LogLevel::kInfo, "read " + std::to_string(allow.entries.size()) +
                           " allowlist entr(ies) from " + file.string());
  return std::optional<secrets::Allowlist>(std::move(allow));
}

// What a scan found, before triage, and the first half of the summary line ("Scanned ...").
struct Scanned {
  std::vector<Finding> findings;
  std::string what;
};

Result<Scanned> ScanWorkingTree(const CommonFlags& flags, const SecretsArgs& args,
                                const secrets::Engine& engine) {
  secrets::TreeScanOptions options;
  options.jobs = flags.jobs;
  options.max_file_bytes = args.max_file_bytes;
  options.containers = !args.no_containers;
  FLEDGER_TRY(secrets::SecretScan scan, secrets::ScanTree(args.path, engine, options));
  for (const auto& w : scan.warnings) Log(LogLevel::kWarn, w);
  char mb[32];
  std::snprintf(mb, sizeof(mb), "%.1f MB", static_cast<double>(scan.bytes) / 1e6);
  return Scanned{std::move(scan.findings),
                 "Scanned " + std::to_string(scan.files) + " file(s), " + mb};
}

// --git-history: every commit of every ref, each distinct blob once, incremental through the
// state in fledger.db (--db); each secret found once, with where it came from.
Result<Scanned> ScanGitHistory(const CommonFlags& flags, const SecretsArgs& args,
                               const secrets::Engine& engine) {
  const stdfs::path db_path =
      flags.db.empty() ? store::Store::DefaultPath() : stdfs::path(flags.db);
  FLEDGER_TRY(store::Store db, store::Store::Open(db_path));
  secrets::HistoryOptions options;
  options.jobs = flags.jobs;
  options.max_blob_bytes = args.max_file_bytes;
  options.incremental = !args.no_incremental;
  std::optional<secrets::ContainerLimits> containers;
  if (!args.no_containers) {
    containers.emplace();
    options.scan_binary = [](const RepoPath& p) { return secrets::HasContainerExtension(p.str()); };
  }
  FLEDGER_TRY(secrets::HistoryResult history,
              secrets::ScanHistory(args.path, secrets::EngineBlobScanner(engine, containers),
                                   options, &db));
  for (const auto& w : history.warnings) Log(LogLevel::kWarn, w);
  Scanned out;
  out.findings.reserve(history.secrets.size());
  for (secrets::HistorySecret& s : history.secrets) {
    Finding f = std::move(s.finding);
    f.git = GitProvenance{.commit = std::move(s.introduced.commit),
                          .author = std::move(s.introduced.author),
                          .date = std::move(s.introduced.date),
                          .paths = std::move(s.paths),
                          .in_head = s.in_head};
    out.findings.push_back(std::move(f));
  }
  char mb[32];
  std::snprintf(mb, sizeof(mb), "%.1f MB", static_cast<double>(history.bytes_scanned) / 1e6);
  out.what = "Scanned " + std::to_string(history.commits_scanned) + " new of " +
             std::to_string(history.commits_total) + " commit(s), " +
             std::to_string(history.blobs_scanned) + " blob(s), " + mb;
  return out;
}

int RunSecrets(const CommonFlags& flags, const SecretsArgs& args) {
  const auto started = std::chrono::steady_clock::now();
  auto allow = LoadAllowlist(args);
  if (!allow.ok()) return ReportError(allow.error());
  std::optional<std::set<std::string>> baseline;
  if (!args.baseline.empty()) {
    auto text = ReadTextFile(args.baseline, ReadLimits{.max_bytes = secrets::kMaxBaselineBytes});
    if (!text.ok()) return ReportError(text.error());
    auto fps = secrets::ParseBaseline(text.value(), args.baseline);
    if (!fps.ok()) return ReportError(fps.error());
    baseline = std::move(fps).value();
  }
  auto rules = secrets::LoadRuleSet(RulePaths(args.rules));
  if (!rules.ok()) return ReportError(rules.error());
  auto engine = secrets::Engine::Compile(std::move(rules.value().rules),
                                               {.cache_dir = secrets::DefaultCacheDir()});
  if (!engine.ok()) return ReportError(engine.error());

  auto result = args.git_history ? ScanGitHistory(flags, args, engine.value())
                                 : ScanWorkingTree(flags, args, engine.value());
  if (!result.ok()) return ReportError(result.error());
  Scanned& scan = result.value();

  // --min-confidence leaves out weaker findings entirely (they are counted).
  const int min_rank = args.min_confidence == "high"     ? ConfidenceRank(Confidence::kHigh)
                       : args.min_confidence == "medium" ? ConfidenceRank(Confidence::kMedium)
                                                         : ConfidenceRank(Confidence::kLow);
  size_t below = 0;
  std::vector<Finding> findings;
  for (auto& f : scan.findings) {
    if (ConfidenceRank(f.confidence) < min_rank) {
      ++below;
      continue;
    }
    findings.push_back(std::move(f));
  }
  const auto triage = secrets::ApplyTriage(findings, allow.value() ? &*allow.value() : nullptr,
                                           baseline ? &*baseline : nullptr, UtcToday());
  for (const auto& w : triage.warnings) Log(LogLevel::kWarn, w);
  std::vector<Finding> active, suppressed;
  for (auto& f : findings) (f.suppression ? suppressed : active).push_back(std::move(f));

  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::ostringstream summary;
  char rate[32];
  std::snprintf(rate, sizeof(rate), " in %.2f s", seconds);
  summary << scan.what << rate << ": " << active.size() << " secret(s)";
  if (args.git_history) {
    const auto in_head = std::count_if(active.begin(), active.end(),
                                       [](const Finding& f) { return f.git && f.git->in_head; });
    summary << " (" << in_head << " in HEAD, " << static_cast<long>(active.size()) - in_head
            << " removed)";
  }
  if (!suppressed.empty()) {
    summary << ", " << suppressed.size() << " suppressed (" << triage.inline_allowed
            << " inline, " << triage.allowed << " allowlist, " << triage.baselined << " baseline"
            << (args.show_suppressed ? ")" : "; --show-suppressed lists them)");
  }
  if (below > 0) {
    summary << ", " << below << " below --min-confidence " << args.min_confidence;
  }
  summary << ".\n";

  report::RenderOptions ro;
  ro.tool = Tool();
  ro.color = !flags.no_color && flags.output.empty() && ::isatty(1);
  ro.title = "Fledger secrets: leaked credentials";
  std::vector<Finding> shown = active;
  const bool machine =
      flags.parsed_format == report::Format::kJson || flags.parsed_format == report::Format::kSarif;
  if (machine || args.show_suppressed) {
    shown.insert(shown.end(), suppressed.begin(), suppressed.end());
  }
  const std::string text = report::Render(flags.parsed_format, shown, ro);
  if (!machine && !flags.quiet) std::cerr << summary.str();
  if (const int rc = Emit(flags, text); rc != 0) return rc;
  if (flags.fail_on_severity) {
    for (const auto& f : active) {
      if (f.severity >= *flags.fail_on_severity) return 1;
    }
  }
  return 0;
}

// ---- rules check ----------------------------------------------------------------------------

struct RulesCheckArgs {
  std::vector<std::string> paths;  // empty: the built-in rules
};

struct ExampleFailure {
  std::string origin;
  std::string rule;
  std::string message;
};

int RunRulesCheck(const CommonFlags& flags, const RulesCheckArgs& args) {
  const bool builtin = args.paths.empty();
  auto set = secrets::LoadRuleSet(RulePaths(args.paths), builtin, /*check_builtin=*/true);
  if (!set.ok()) return ReportError(set.error());
  const size_t files = set.value().files.size();
  auto engine = secrets::Engine::Compile(std::move(set.value().rules),
                                               {.cache_dir = secrets::DefaultCacheDir()});
  if (!engine.ok()) return ReportError(engine.error());
  const secrets::Engine& e = engine.value();
  secrets::Engine::Scratch scratch = e.NewScratch();
  std::vector<ExampleFailure> failures;
  size_t positives = 0, negatives = 0;
  for (const secrets::Rule& rule : e.rules()) {
    auto found = [&](const std::string& example, std::string* why) {
      std::vector<secrets::Dropped> dropped;
      const auto hits = e.Scan(example, scratch, &dropped);
      std::string others;
      for (const auto& h : hits) {
        if (h.rule->id == rule.id) return true;
        others += (others.empty() ? "" : ", ") + h.rule->id.str();
      }
      for (const auto& d : dropped) {
        if (d.rule->id == rule.id) *why = "dropped: " + d.reason;
      }
      if (why->empty() && !others.empty()) *why = "found only by " + others;
      if (why->empty()) *why = "the pattern does not match";
      return false;
    };
    for (size_t i = 0; i < rule.positive.size(); ++i) {
      ++positives;
      std::string why;
      if (!found(rule.positive[i], &why)) {
        failures.push_back({rule.origin, rule.id.str(),
                            "positive example " + std::to_string(i + 1) + " is not found (" +
                                why + ")"});
      }
    }
    for (size_t i = 0; i < rule.negative.size(); ++i) {
      ++negatives;
      std::string why;
      if (found(rule.negative[i], &why)) {
        failures.push_back(
            {rule.origin, rule.id.str(), "negative example " + std::to_string(i + 1) + " is found"});
      }
    }
  }
  std::string text;
  if (flags.parsed_format == report::Format::kJson) {
    nlohmann::json doc = {{"rules", e.rules().size()},
                          {"files", files},
                          {"positive_examples", positives},
                          {"negative_examples", negatives},
                          {"failures", nlohmann::json::array()}};
    for (const auto& f : failures) {
      doc["failures"].push_back({{"origin", f.origin}, {"rule", f.rule}, {"message", f.message}});
    }
    text = DumpJson(doc);
  } else {
    for (const auto& f : failures) {
      text += EscapeTerminal(f.origin) + ": " + EscapeTerminal(f.rule) + ": " +
              EscapeTerminal(f.message) + "\n";
    }
    text += "Checked " + std::to_string(e.rules().size()) + " rule(s) in " +
            std::to_string(files) + " file(s): " + std::to_string(positives) +
            " positive and " + std::to_string(negatives) + " negative example(s), " +
            (failures.empty() ? std::string("all hold.\n")
                              : std::to_string(failures.size()) + " failure(s).\n");
  }
  if (const int rc = Emit(flags, text); rc != 0) return rc;
  return failures.empty() ? 0 : 1;
}

}  // namespace

void AddSecretsVerbs(CLI::App& app, VerbTable& table) {
  CommonFlags& flags = table.flags;
  std::optional<Verb>& verb = table.verb;
  auto& args = table.Own<SecretsArgs>();
  auto* cmd = app.add_subcommand(
      "secrets",
      "Leaked credentials in a working tree or its git history (tokens, keys, passwords), "
      "redacted");
  cmd->add_option("path", args.path, "Directory or file to scan (default: .)");
  cmd->add_option("--rules", args.rules, "Folder or file of extra rules (repeatable)")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd->add_option("--allowlist", args.allowlist,
                  "Allowlist with reasons and expiry dates (default: "
                  "PATH/.fledger/secrets-allow.yaml if present)");
  cmd->add_option("--baseline", args.baseline,
                  "Earlier JSON or SARIF report: its secrets are known, only new ones count");
  cmd->add_flag("--show-suppressed", args.show_suppressed,
                "List suppressed findings in table and Markdown output too");
  cmd->add_flag("--no-archives", args.no_containers,
                "Do not look inside archives and notebooks");
  cmd->add_option("--max-file-size", args.max_file_size_text,
                  "Skip files larger than this many MiB (default 64)")
      ->type_name("MIB");
  cmd->add_option("--min-confidence", args.min_confidence,
                  "Leave out findings below this confidence: low (default), medium, high");
  cmd->add_flag("--git-history", args.git_history,
                "Scan every commit of every ref of the git repository at PATH, not the working "
                "tree; re-runs scan only new commits (state in --db)");
  cmd->add_flag("--no-incremental", args.no_incremental,
                "With --git-history: scan every commit again and replace the stored state");
  AddCommonFlags(cmd, flags, true);
  cmd->callback([&] {
    verb = Verb{[&] { return ValidateSecrets(flags, args); },
                [&] { return RunSecrets(flags, args); }};
  });

  auto& rargs = table.Own<RulesCheckArgs>();
  auto* rules = app.add_subcommand("rules", "Secret-detection rules");
  rules->require_subcommand(1);
  auto* check = rules->add_subcommand(
      "check", "Compile every rule and run its examples (built-in rules, or the files given)");
  check->add_option("paths", rargs.paths, "Rule files or folders (default: the built-in rules)");
  AddCommonFlags(check, flags, false);
  check->callback([&] {
    verb = Verb{[&]() -> Status {
                  FLEDGER_RETURN_IF_ERROR(ValidateCommonFlags(flags, false));
                  return CheckRuleDirs(rargs.paths);
                },
                [&] { return RunRulesCheck(flags, rargs); }};
  });
}

}  // namespace fledger::cli
