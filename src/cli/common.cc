// What every verb shares: common flags, their checks, error reporting and output.
#include "cli/common.h"

#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <limits>

#include "core/input.h"
#include "core/log.h"
#include "core/progress.h"
#include "core/text.h"

namespace fledger::cli {

namespace stdfs = std::filesystem;

void AddCommonFlags(CLI::App* cmd, CommonFlags& f, bool findings) {
  cmd->add_option(
         "--format", f.format,
         findings ? "Output format: table, json, sarif or md" : "Output format: table or json")
      ->default_str("table");
  cmd->add_option("-o,--output", f.output,
                  "Write the report to FILE instead of standard output (- is standard output)");
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
  if (f.output == "-") f.output.clear();  // -o - is standard output, as in most tools
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

}  // namespace fledger::cli
