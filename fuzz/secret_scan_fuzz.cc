// Fuzz target: the secret scanner over arbitrary file content with the built-in rules (every
// span inside the text, line and column positive, no evidence longer than a redaction).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "secrets/engine.h"
#include "secrets/rules.h"
#include "secrets/scan.h"

namespace {
const fledger::secrets::Engine& Builtin() {
  static const fledger::secrets::Engine* engine = [] {
    auto set = fledger::secrets::LoadRuleSet({});
    if (!set.ok()) __builtin_trap();
    auto e = fledger::secrets::Engine::Compile(std::move(set.value().rules));
    if (!e.ok()) __builtin_trap();
    return new fledger::secrets::Engine(std::move(e).value());
  }();
  return *engine;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  static auto scratch = Builtin().NewScratch();
  static const auto path = fledger::RepoPath::Parse("f.txt").value();
  for (const auto& f : fledger::secrets::FindingsIn(Builtin(), scratch, text, path)) {
    if (f.location.line < 1 || f.location.column < 1 || f.location.end_line < f.location.line) {
      __builtin_trap();
    }
    if (f.evidence.find("***") == std::string::npos) __builtin_trap();
  }
  return 0;
}
