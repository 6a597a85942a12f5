// libFuzzer target for the gitignore parser and glob matcher: the input is an ignore file, a NUL
// byte, and a path. Guards against crashes, sanitizer reports and super-linear blowups (libFuzzer's
// -timeout catches a match that backtracks exponentially).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/primitives.h"
#include "fs/ignore.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t nul = input.find('\0');
  const std::string_view patterns = input.substr(0, nul);
  const std::string_view path =
      nul == std::string_view::npos ? std::string_view() : input.substr(nul + 1);

  // Every line is also a raw glob, matched against the raw (unnormalized) path.
  size_t start = 0;
  while (start <= patterns.size()) {
    size_t end = patterns.find('\n', start);
    if (end == std::string_view::npos) end = patterns.size();
    (void)fledger::fs::GlobMatch(patterns.substr(start, end - start), path);
    start = end + 1;
  }

  fledger::fs::IgnoreRules rules;
  rules.Add(patterns, fledger::RepoPath::Root());
  const auto base = fledger::RepoPath::Parse("sub");
  if (base.ok()) rules.Add(patterns, base.value());
  const auto repo_path = fledger::RepoPath::Parse(path);
  if (repo_path.ok() && !repo_path.value().is_root()) {
    (void)rules.IsIgnored(repo_path.value(), false);
    (void)rules.IsIgnored(repo_path.value(), true);
    const auto nested = fledger::RepoPath::Parse("sub/" + repo_path.value().str());
    if (nested.ok()) (void)rules.IsIgnored(nested.value(), false);
  }
  return 0;
}
