// Fuzz target: evidence.json parsing, and re-serialisation of whatever parses (round trip).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "assess/evidence.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto file = fledger::assess::EvidenceFile::Parse(text, "fuzz.json");
  if (!file.ok()) return 0;
  const std::string once = file.value().Serialize();
  auto again = fledger::assess::EvidenceFile::Parse(once, "again.json");
  // What Fledger writes, Fledger must read back to the same text.
  if (!again.ok() || again.value().Serialize() != once) std::abort();
  return 0;
}
