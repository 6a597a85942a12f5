// Fuzz target: rule family files (`model threats --rules DIR`): the strict parser, then the
// parsed rules applied to their own example models.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "model/load.h"
#include "model/rules.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  fledger::model::RuleLibrary lib;
  const auto s = fledger::model::AddRuleFamily(text, "family.yaml", lib);
  if (!s.ok()) return 0;
  for (const auto& rule : lib.rules) {
    for (const auto& example : rule.examples) {
      const auto m = fledger::model::LoadModel(example.model, "example.yaml");
      if (!m.ok()) continue;
      const auto threats = fledger::model::ApplyRules(lib, m.value());
      for (size_t i = 1; i < threats.size(); ++i) {
        if (threats[i].id < threats[i - 1].id) __builtin_trap();
      }
    }
  }
  return 0;
}
