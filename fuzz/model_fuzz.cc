// Fuzz target: the threat-model loader (YAML nesting bounds, alias budget, keys, types, ids,
// references), the checks that run on what it accepts, and the ranking (sorted by score).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "model/check.h"
#include "model/load.h"
#include "model/threats.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<fledger::Error> problems;
  const auto m = fledger::model::LoadModel(text, "threatmodel.yaml", &problems);
  for (const auto& p : problems) (void)p.ToString();
  // Paths are looked up under a folder that does not exist: the lookups run, nothing is found.
  if (!m.ok()) return 0;
  (void)fledger::model::CheckModel(m.value(), "/nonexistent-fledger-fuzz-root");
  const auto analysis = fledger::model::Analyze(m.value());
  for (size_t i = 1; i < analysis.misuse_cases.size(); ++i) {
    if (analysis.misuse_cases[i].score > analysis.misuse_cases[i - 1].score) __builtin_trap();
  }
  return 0;
}
