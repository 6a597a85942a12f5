// Fuzz target: the JavaScript extractors. The first byte picks the extractor (package-lock.json,
// yarn.lock, pnpm-lock.yaml, bun.lock, package.json); the rest is the file's text.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "sca/javascript/javascript.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  static const auto* const kExtractors = [] {
    auto* v = new std::vector<std::unique_ptr<fledger::sca::Extractor>>();
    v->push_back(fledger::sca::NewPackageLockJsonExtractor());
    v->push_back(fledger::sca::NewYarnLockExtractor());
    v->push_back(fledger::sca::NewPnpmLockExtractor());
    v->push_back(fledger::sca::NewBunLockExtractor());
    v->push_back(fledger::sca::NewPackageJsonExtractor());
    return v;
  }();
  const auto& e = *(*kExtractors)[data[0] % kExtractors->size()];
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  static const char* const kPaths[] = {"package-lock.json", "yarn.lock", "pnpm-lock.yaml",
                                       "bun.lock", "package.json"};
  const auto path = fledger::RepoPath::Parse(kPaths[data[0] % kExtractors->size()]);
  const auto inv = e.Extract({.path = path.value(), .content = text, .reader = nullptr});
  if (!inv.ok()) {
    (void)inv.error().ToString();
  } else {
    for (const auto& p : inv.value().packages) (void)p.id.size();
  }
  return 0;
}
