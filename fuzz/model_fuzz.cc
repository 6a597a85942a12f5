// Fuzz target: the threat-model loader (YAML nesting bounds, alias budget, keys, types, ids,
// references) and the checks that run on what it accepts.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "model/check.h"
#include "model/load.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<fledger::Error> problems;
  const auto m = fledger::model::LoadModel(text, "threatmodel.yaml", &problems);
  for (const auto& p : problems) (void)p.ToString();
  // Paths are looked up under a folder that does not exist: the lookups run, nothing is found.
  if (m.ok()) (void)fledger::model::CheckModel(m.value(), "/nonexistent-fledger-fuzz-root");
  return 0;
}
