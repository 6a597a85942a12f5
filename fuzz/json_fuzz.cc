// Fuzz target: the bounded JSON reader (depth limit before parsing, positions in errors).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto doc = fledger::ParseJsonText(text, "fuzz.json");
  if (!doc.ok()) (void)doc.error().ToString();
  return 0;
}
