// Helpers shared by the tests: temporary directories, file writing, golden comparison, running
// the fledger binary.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace fledger::testing {

// A fresh directory under the system temp dir, removed when the object goes out of scope.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  // Writes `content` to path()/relative, creating directories.
  std::filesystem::path Write(const std::string& relative, const std::string& content) const;

 private:
  std::filesystem::path path_;
};

std::string ReadFile(const std::filesystem::path& path);
// The source tree root (for testdata/).
std::filesystem::path SourceDir();

// Compares `actual` with the golden file; with FLEDGER_UPDATE_GOLDEN=1 rewrites it instead.
// Returns an empty string when equal, else a diff-like message.
std::string CompareGolden(const std::filesystem::path& golden, const std::string& actual);

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};
// Runs the built fledger binary with `args` in `cwd` (no shell), capturing stdout and stderr.
// With `stdout_file` (say /dev/full), the binary's standard output goes there instead and
// RunResult::out stays empty.
RunResult RunFledger(const std::vector<std::string>& args, const std::filesystem::path& cwd,
                     const std::vector<std::string>& env = {},
                     const std::filesystem::path& stdout_file = {});

}  // namespace fledger::testing
