// Fuzz target: the go, rust, ruby, php, c/c++, dart, erlang and haskell extractors. The first
// byte picks the extractor; the rest of the input is the file it reads.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sca/extractor.h"

namespace {

struct Target {
  const char* extractor;
  const char* file;
};

constexpr Target kTargets[] = {
    {"go/gomod", "go.mod"},
    {"go/gosum", "go.sum"},
    {"rust/cargolock", "Cargo.lock"},
    {"ruby/gemfilelock", "Gemfile.lock"},
    {"php/composerlock", "composer.lock"},
    {"cpp/conanlock", "conan.lock"},
    {"cpp/vcpkgjson", "vcpkg.json"},
    {"dart/pubspeclock", "pubspec.lock"},
    {"erlang/mixlock", "mix.lock"},
    {"haskell/cabalfreeze", "cabal.project.freeze"},
    {"haskell/stacklock", "stack.yaml.lock"},
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const Target& t = kTargets[data[0] % (sizeof(kTargets) / sizeof(kTargets[0]))];
  const auto* e = fledger::sca::FindExtractor(t.extractor);
  if (e == nullptr) __builtin_trap();  // every target is registered (extractors/list.cc)
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  auto inv = e->Extract({.path = fledger::RepoPath::Parse(t.file).value(), .content = text});
  if (!inv.ok()) (void)inv.error().ToString();
  return 0;
}
