// A small thread-safe logger: one line per event, timestamped in the log file.
#include "core/log.h"

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>
#include <iostream>
#include <mutex>

#include "core/text.h"

namespace fledger {
namespace {

struct Logger {
  std::mutex mu;
  LogOptions options;
  std::ofstream file;
  int warnings = 0;
};

Logger& TheLogger() {
  static Logger logger;
  return logger;
}

const char* LevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kError:
      return "error";
    case LogLevel::kWarn:
      return "warning";
    case LogLevel::kInfo:
      return "info";
    case LogLevel::kDebug:
      return "debug";
  }
  return "";
}

}  // namespace

Status InitLogging(const LogOptions& options) {
  Logger& l = TheLogger();
  std::lock_guard<std::mutex> lock(l.mu);
  l.options = options;
  if (!options.file.empty()) {
    errno = 0;
    l.file.open(options.file, std::ios::app);
    if (!l.file) {
      const int err = errno;
      return Error{ErrorCode::kIo,
                   "cannot open: " + std::string(err != 0 ? std::strerror(err) : "unknown error"),
                   options.file, ValidationStep::kOrigin};
    }
  }
  return {};
}

void Log(LogLevel level, std::string_view message) {
  Logger& l = TheLogger();
  const std::string safe = EscapeTerminal(message);
  std::lock_guard<std::mutex> lock(l.mu);
  if (level == LogLevel::kWarn) ++l.warnings;
  const LogLevel threshold = l.options.quiet ? LogLevel::kError : l.options.stderr_level;
  if (level <= threshold) std::cerr << "fledger: " << LevelName(level) << ": " << safe << "\n";
  if (l.file.is_open()) {
    const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&now, &tm);
    char stamp[32];
    std::strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm);
    l.file << stamp << " " << LevelName(level) << " " << safe << "\n";
    l.file.flush();
  }
}

int WarningCount() {
  Logger& l = TheLogger();
  std::lock_guard<std::mutex> lock(l.mu);
  return l.warnings;
}

}  // namespace fledger
