// Logging of what Fledger read and wrote: to stderr with -v, to a file with --log-file.
//
// Log lines are for people debugging a run; they are escaped for the terminal and never hold
// secret values. Use the level that fits: Info for files read and written, Debug for detail.
//
//   Log(LogLevel::kInfo, "read catalog " + path);
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace fledger {

enum class LogLevel { kError = 0, kWarn = 1, kInfo = 2, kDebug = 3 };

struct LogOptions {
  LogLevel stderr_level = LogLevel::kWarn;  // -v raises to kInfo, -vv to kDebug
  std::string file;                         // --log-file: everything at kDebug and below
  bool quiet = false;                       // --quiet: only errors on stderr
};

// Configures logging for the process. Returns an error (origin step, naming the file) if the log
// file cannot be opened, and prints nothing: the caller reports it in its own error format.
Status InitLogging(const LogOptions& options);
void Log(LogLevel level, std::string_view message);
// Number of warnings logged so far (the CLI reports it in summaries).
int WarningCount();

}  // namespace fledger
