// Fuzz target: evidence.json parsing, re-serialisation of whatever parses (round trip), and the
// `fledger deps impact` facts the impact.* checks read from each record.
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
  for (const auto& record : file.value().records()) {
    const auto facts = fledger::assess::ReadImpactFacts(record);
    // What is accepted is what the checks rely on: a purl, and a line that is a line.
    if (facts && (facts->purl.rfind("pkg:", 0) != 0 || facts->line < 0)) std::abort();
  }
  return 0;
}
