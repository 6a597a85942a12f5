// Implementation of the shared test helpers.
#include "test_util.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>

namespace fledger::testing {

TempDir::TempDir() {
  std::random_device rd;
  path_ = std::filesystem::temp_directory_path() /
          ("fledger-test-" + std::to_string(::getpid()) + "-" + std::to_string(rd()));
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::filesystem::path TempDir::Write(const std::string& relative,
                                     const std::string& content) const {
  const auto full = path_ / relative;
  std::filesystem::create_directories(full.parent_path());
  std::ofstream out(full, std::ios::binary);
  out << content;
  return full;
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::filesystem::path SourceDir() { return FLEDGER_SOURCE_DIR; }

std::string CompareGolden(const std::filesystem::path& golden, const std::string& actual) {
  const char* update = std::getenv("FLEDGER_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    std::filesystem::create_directories(golden.parent_path());
    std::ofstream(golden, std::ios::binary) << actual;
    return "";
  }
  if (!std::filesystem::exists(golden)) {
    return "golden file missing: " + golden.string() + " (run with FLEDGER_UPDATE_GOLDEN=1)";
  }
  const std::string expected = ReadFile(golden);
  if (expected == actual) return "";
  // Report the first differing line to keep failures readable.
  std::istringstream e(expected), a(actual);
  std::string el, al;
  int line = 1;
  while (true) {
    const bool he = static_cast<bool>(std::getline(e, el));
    const bool ha = static_cast<bool>(std::getline(a, al));
    if (!he && !ha) break;
    if (!he || !ha || el != al) {
      return golden.string() + ":" + std::to_string(line) + ": expected\n  " + (he ? el : "<eof>") +
             "\nbut got\n  " + (ha ? al : "<eof>");
    }
    ++line;
  }
  return golden.string() + ": differs (line endings?)";
}

namespace {
std::string ReadAll(int fd) {
  std::string out;
  char buf[65536];
  ssize_t n;
  while ((n = ::read(fd, buf, sizeof(buf))) > 0) out.append(buf, static_cast<size_t>(n));
  return out;
}
}  // namespace

RunResult RunFledger(const std::vector<std::string>& args, const std::filesystem::path& cwd,
                     const std::vector<std::string>& env,
                     const std::filesystem::path& stdout_file) {
  RunResult result;
  char out_template[] = "/tmp/fledger-out-XXXXXX";
  char err_template[] = "/tmp/fledger-err-XXXXXX";
  const int out_fd = ::mkstemp(out_template);
  const int err_fd = ::mkstemp(err_template);
  const pid_t pid = ::fork();
  if (pid == 0) {
    const int target = stdout_file.empty() ? out_fd : ::open(stdout_file.c_str(), O_WRONLY);
    if (target < 0) ::_exit(125);
    ::dup2(target, 1);
    ::dup2(err_fd, 2);
    const int devnull = ::open("/dev/null", O_RDONLY);
    ::dup2(devnull, 0);
    if (::chdir(cwd.c_str()) != 0) ::_exit(126);
    for (const auto& kv : env) ::putenv(const_cast<char*>(kv.c_str()));
    std::vector<char*> argv;
    std::string binary = FLEDGER_BINARY;
    argv.push_back(binary.data());
    std::vector<std::string> copy = args;
    for (auto& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(binary.c_str(), argv.data());
    ::_exit(127);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  ::lseek(out_fd, 0, SEEK_SET);
  ::lseek(err_fd, 0, SEEK_SET);
  result.out = ReadAll(out_fd);
  result.err = ReadAll(err_fd);
  ::close(out_fd);
  ::close(err_fd);
  ::unlink(out_template);
  ::unlink(err_template);
  return result;
}

}  // namespace fledger::testing
