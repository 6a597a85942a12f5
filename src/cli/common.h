// What every verb shares: the common flags (each defined once, with its help text), their checks,
// error reporting, output, and the two-phase Verb (validate without side effects, then run).
#pragma once

#include <CLI/CLI.hpp>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/finding.h"
#include "core/primitives.h"
#include "core/result.h"
#include "report/report.h"

namespace fledger::cli {

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

// Which formats a verb offers: table and json only, or every findings renderer.
enum class Formats { kPlain, kFindings };

// Adds the common flags to `cmd`; `findings` adds --fail-on and the findings formats.
void AddCommonFlags(CLI::App* cmd, CommonFlags& f, bool findings);

// Prints "fledger: error: ..." and returns the error's exit code (2 or 3).
int ReportError(const Error& e);

// A usage error about `flag value` (or just `flag` when value is empty) at `step`.
Error FlagError(std::string_view flag, std::string_view value, ValidationStep step,
                std::string message);

// An integer flag: syntax (an optionally signed decimal number), then semantics (the range).
Result<int> ParseIntFlag(std::string_view flag, const std::string& text, int min, int max);

// --format: table and json for every verb; sarif and md only for verbs that report findings.
Result<report::Format> CheckFormat(const std::string& text, bool findings);

// The directory a new file at `path` would go in ("." for a bare file name).
std::filesystem::path ParentOf(const std::filesystem::path& path);

// -o FILE must be a regular file or not exist yet, in a directory that exists (see common.cc).
Status CheckOutputFile(const std::string& path);

// --log-file FILE: not a directory, in a directory that exists.
Status CheckLogFile(const std::string& path);

// A directory Fledger writes into and creates if missing: its nearest existing ancestor must be
// a directory.
Status CheckWritableDir(std::string_view flag, const std::string& flag_value,
                        const std::filesystem::path& dir);

// The checks every verb shares. `findings`: the verb reports findings (more formats, --fail-on).
Status ValidateCommonFlags(CommonFlags& f, bool findings);

// Writes `text` to -o FILE (atomically) or to standard output; returns 0 or an exit code.
int Emit(const CommonFlags& f, const std::string& text);

std::string Percent(double p);
std::string Pad(const std::string& s, size_t width);
ToolInfo Tool();

// Starts logging and the progress bar. Runs after validation: opening --log-file creates it.
Status SetUp(const CommonFlags& flags);

// A verb: the checks of its flags (no side effects) and its work.
struct Verb {
  std::function<Status()> validate;
  std::function<int()> run;
};

// What verb registration shares: the common flags and the verb the command line chose.
struct VerbTable {
  CommonFlags flags;
  std::optional<Verb> verb;
  // A verb's argument struct, owned by the table: CLI11 binds flags to it by reference.
  template <typename T>
  T& Own() {
    auto p = std::make_shared<T>();
    owned_.push_back(p);
    return *p;
  }

 private:
  std::vector<std::shared_ptr<void>> owned_;
};

// Each family of verbs adds its subcommands to `app` (verbs files under src/cli/).
void AddAssessmentVerbs(CLI::App& app, VerbTable& table);
void AddDepsVerbs(CLI::App& app, VerbTable& table);
void AddScaVerbs(CLI::App& app, VerbTable& table);
void AddDbVerbs(CLI::App& app, VerbTable& table);
void AddModelVerbs(CLI::App& app, VerbTable& table);
// `secrets` and `rules check` (secrets_verbs.cc).
void AddSecretsVerbs(CLI::App& app, VerbTable& table);
// `model import` and `model export`, added to the `model` subcommand by AddModelVerbs.
void AddModelExchangeVerbs(CLI::App& model, VerbTable& table);
// `model diagram|report|diff` (model_render_verbs.cc), under AddModelVerbs's `model`.
void AddModelRenderVerbs(CLI::App& model, VerbTable& table);

}  // namespace fledger::cli
