// Fuzz target: the bounded JSON reader (depth limit before parsing, positions in errors), and the
// promise fast paths rely on: every text IsStrictJson accepts, ParseJsonText accepts too.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/input.h"
#include "core/strict_json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto doc = fledger::ParseJsonText(text, "fuzz.json");
  if (!doc.ok()) (void)doc.error().ToString();
  if (fledger::IsStrictJson(simdjson::padded_string(text)) && !doc.ok()) std::abort();
  return 0;
}
