// Fuzz target: the bounded JSON reader (depth limit before parsing, positions in errors), and the
// promises its simdjson fast path keeps: ParseJsonText answers what the nlohmann reference
// answers (the same value, or the same error), and every text IsStrictJson accepts parses.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/input.h"
#include "core/json.h"
#include "core/strict_json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto doc = fledger::ParseJsonText(text, "fuzz.json");
  const auto reference = fledger::ReferenceParseJsonText(text, "fuzz.json");
  if (doc.ok() != reference.ok()) std::abort();
  if (doc.ok()) {
    if (fledger::DumpJson(doc.value()) != fledger::DumpJson(reference.value())) std::abort();
  } else if (doc.error().ToString() != reference.error().ToString()) {
    std::abort();
  }
  if (fledger::IsStrictJson(simdjson::padded_string(text)) && !doc.ok()) std::abort();
  return 0;
}
