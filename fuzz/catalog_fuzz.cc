// Fuzz target: standards catalog parsing must reject or accept any input without crashing.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "assess/catalog.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto cat = fledger::assess::ParseCatalog(text, "fuzz.json", "fuzz");
  if (cat.ok()) {
    (void)cat.value().RequirementCount();
    for (const auto& l : cat.value().levels) (void)cat.value().LevelName(l.id);
  } else {
    (void)cat.error().ToString();
  }
  return 0;
}
