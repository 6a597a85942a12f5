// `fledger sca`: the vulnerabilities of a tree's dependencies, as findings, with suppressions
// (ignore file, VEX) that are counted and listable, and exit 1 at or above --fail-on.
#include <unistd.h>

#include <ctime>
#include <iostream>
#include <sstream>

#include "cli/sca_common.h"
#include "core/input.h"
#include "core/log.h"
#include "core/text.h"
#include "report/report.h"
#include "sca/sca.h"
#include "sca/suppress/suppress.h"

namespace fledger::cli {
namespace {

namespace stdfs = std::filesystem;

struct ScaArgs {
  std::string path = ".";
  std::string vuln_db;
  std::string ignore_file;  // default: PATH/.fledger/sca-ignore.yaml when it exists
  std::vector<std::string> vex;
  bool show_suppressed = false;
  bool prod_only = false;
  bool go_stdlib = false;
  std::string max_age_text;
  int max_age_days = 7;
};

std::string Today() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[16];
  std::strftime(buf, sizeof(buf), "%Y-%m-%d", &tm);
  return buf;
}

// The ignore file: --ignore-file, else .fledger/sca-ignore.yaml in the scanned directory.
stdfs::path IgnoreFilePath(const ScaArgs& args) {
  if (!args.ignore_file.empty()) return args.ignore_file;
  std::error_code ec;
  const stdfs::path dir =
      stdfs::is_directory(args.path, ec) ? stdfs::path(args.path) : ParentOf(args.path);
  return dir / ".fledger" / "sca-ignore.yaml";
}

Status ValidateSca(CommonFlags& flags, ScaArgs& args) {
  FLEDGER_RETURN_IF_ERROR(ValidateCommonFlags(flags, true));
  FLEDGER_RETURN_IF_ERROR(CheckVulnDbFlag(args.vuln_db));
  if (!args.max_age_text.empty()) {
    FLEDGER_TRY(args.max_age_days, ParseIntFlag("--max-age-days", args.max_age_text, 0, 36500));
  }
  std::error_code ec;
  if (!stdfs::exists(args.path, ec)) {
    return FlagError("PATH", args.path, ValidationStep::kOrigin, "no such file or directory");
  }
  if (!args.ignore_file.empty() && !stdfs::is_regular_file(args.ignore_file, ec)) {
    return FlagError("--ignore-file", args.ignore_file, ValidationStep::kOrigin,
                     "not a regular file");
  }
  for (const auto& v : args.vex) {
    if (!stdfs::is_regular_file(v, ec)) {
      return FlagError("--vex", v, ValidationStep::kOrigin, "not a regular file");
    }
  }
  return {};
}

// Reads the ignore file and the VEX documents before any scanning, so a malformed one stops the
// run with exit 2 before any output.
Result<sca::Suppressor> LoadSuppressions(const ScaArgs& args) {
  sca::Suppressor suppressor;
  const stdfs::path ignore = IgnoreFilePath(args);
  std::error_code ec;
  if (stdfs::exists(stdfs::symlink_status(ignore, ec))) {
    FLEDGER_TRY(std::string text,
                ReadTextFile(ignore, ReadLimits{.max_bytes = sca::kMaxSuppressionFileBytes}));
    FLEDGER_TRY(sca::SuppressionRules rules, sca::ParseIgnoreFile(text, ignore.string()));
    for (const auto& w : rules.warnings) Log(LogLevel::kWarn, ignore.string() + ": " + w);
    Log(LogLevel::kInfo,
        "read " + std::to_string(rules.rules.size()) + " ignore rule(s) from " + ignore.string());
    suppressor.Add(std::move(rules));
  }
  for (const auto& v : args.vex) {
    FLEDGER_TRY(std::string text,
                ReadTextFile(v, ReadLimits{.max_bytes = sca::kMaxSuppressionFileBytes}));
    FLEDGER_TRY(sca::SuppressionRules rules, sca::ParseVex(text, v));
    for (const auto& w : rules.warnings) Log(LogLevel::kWarn, v + ": " + w);
    suppressor.Add(std::move(rules));
  }
  return suppressor;
}

int RunScaVerb(const CommonFlags& flags, const ScaArgs& args) {
  auto suppressor = LoadSuppressions(args);
  if (!suppressor.ok()) return ReportError(suppressor.error());
  auto db = OpenVulnDb(args.vuln_db, args.max_age_days);
  if (!db.ok()) return ReportError(db.error());
  sca::ScaOptions options;
  options.scan.jobs = flags.jobs;
  options.include_dev = !args.prod_only;
  options.include_go_stdlib = args.go_stdlib;
  auto result = sca::RunSca(args.path, db.value(), options);
  if (!result.ok()) return ReportError(result.error());
  sca::ScaResult& r = result.value();
  for (const auto& m : r.scan.manifests) {
    if (m.error) Log(LogLevel::kWarn, "skipped " + m.error->ToString());
    for (const auto& w : m.warnings) Log(LogLevel::kWarn, m.path.str() + ": " + w);
  }
  for (const auto& s : r.scan.skipped) Log(LogLevel::kWarn, "skipped " + s);
  for (const auto& w : r.matches.warnings) Log(LogLevel::kWarn, w);
  if (!r.matches.unresolved.empty()) {
    Log(LogLevel::kWarn, std::to_string(r.matches.unresolved.size()) +
                             " package(s) have a version range, not an exact version, and were "
                             "not checked (lock them, or scan the lockfile)");
  }

  const auto report = suppressor.value().Apply(r.findings, Today());
  for (const auto& w : report.Warnings()) Log(LogLevel::kWarn, w);

  std::vector<Finding> active, suppressed;
  for (auto& f : r.findings) (f.suppression ? suppressed : active).push_back(std::move(f));

  size_t manifests = 0;
  for (const auto& m : r.scan.manifests) manifests += !m.error && m.superseded_by.empty();
  std::ostringstream summary;
  summary << "Checked " << r.packages_checked << " package(s) from " << manifests
          << " manifest(s): " << active.size() << " vulnerability finding(s)";
  if (!suppressed.empty()) {
    summary << ", " << suppressed.size() << " suppressed"
            << (args.show_suppressed ? "" : " (--show-suppressed lists them)");
  }
  summary << ".\n" << PartialNote(r.scan);

  report::RenderOptions ro;
  ro.tool = Tool();
  ro.color = !flags.no_color && flags.output.empty() && ::isatty(1);
  ro.title = "Fledger SCA: vulnerable dependencies";
  // Machine formats carry suppressed findings (marked, so consumers such as code scanning show
  // them as suppressed); the table and Markdown list them only when asked.
  std::vector<Finding> shown = active;
  const bool machine =
      flags.parsed_format == report::Format::kJson || flags.parsed_format == report::Format::kSarif;
  if (machine || args.show_suppressed) {
    shown.insert(shown.end(), suppressed.begin(), suppressed.end());
  }
  std::string text = report::Render(flags.parsed_format, shown, ro);
  if (!machine && !flags.quiet) std::cerr << summary.str();
  if (const int rc = Emit(flags, text); rc != 0) return rc;
  if (flags.fail_on_severity) {
    for (const auto& f : active) {
      if (f.severity >= *flags.fail_on_severity) return 1;
    }
  }
  return 0;
}

}  // namespace

void AddScaVerbs(CLI::App& app, VerbTable& table) {
  CommonFlags& flags = table.flags;
  std::optional<Verb>& verb = table.verb;
  auto& args = table.Own<ScaArgs>();
  auto* sca = app.add_subcommand(
      "sca", "Known vulnerabilities of the dependencies (lockfiles, manifests or an SBOM)");
  sca->add_option("path", args.path, "Directory, lockfile or CycloneDX SBOM (default: .)");
  sca->add_option("--vuln-db", args.vuln_db,
                  "Vulnerability database (default: $FLEDGER_VULN_DB, else "
                  "$XDG_DATA_HOME/fledger/vulns.db)");
  sca->add_option("--ignore-file", args.ignore_file,
                  "Ignore rules with reasons and expiry dates (default: "
                  "PATH/.fledger/sca-ignore.yaml if present)");
  // One value per flag, so `--vex a.json DIR` keeps DIR as the path.
  sca->add_option("--vex", args.vex, "OpenVEX or CycloneDX VEX document (repeatable)")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  sca->add_flag("--show-suppressed", args.show_suppressed,
                "List suppressed findings in table and Markdown output too");
  sca->add_flag("--prod", args.prod_only, "Leave out dev-only dependencies");
  sca->add_flag("--go-stdlib", args.go_stdlib,
                "Also check Go's standard library at go.mod's go/toolchain version (the minimum, "
                "not the Go that builds it)");
  sca->add_option("--max-age-days", args.max_age_text,
                  "Warn when the vulnerability data is older than N days (default 7, 0: never)")
      ->type_name("INT");
  AddCommonFlags(sca, flags, true);
  sca->callback([&] {
    verb = Verb{[&] { return ValidateSca(flags, args); }, [&] { return RunScaVerb(flags, args); }};
  });
}

}  // namespace fledger::cli
