// Fuzz target: secret rule files (`fledger secrets --rules DIR`, `fledger rules check`): the
// strict parser, then the parsed rules compiled and run over their own examples.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "secrets/engine.h"
#include "secrets/rules.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto rules = fledger::secrets::ParseRuleFile(text, "fuzz.yaml");
  if (!rules.ok()) return 0;
  std::vector<std::string> examples;
  for (const auto& r : rules.value()) {
    examples.insert(examples.end(), r.positive.begin(), r.positive.end());
    examples.insert(examples.end(), r.negative.begin(), r.negative.end());
  }
  auto engine = fledger::secrets::Engine::Compile(std::move(rules).value());
  if (!engine.ok()) return 0;
  auto scratch = engine.value().NewScratch();
  for (const auto& e : examples) {
    for (const auto& h : engine.value().Scan(e, scratch)) {
      if (h.begin > h.end || h.end > e.size()) __builtin_trap();
    }
  }
  return 0;
}
