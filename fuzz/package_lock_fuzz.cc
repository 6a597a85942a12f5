// Fuzz target: the two package-lock readers agree. Whenever the fast path (simdjson On-Demand)
// reads a text, the reference (nlohmann DOM) reads the same entries from it. Lines are left out:
// the reference's lexical line finder does not decode \u escapes in member names.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "sca/common.h"
#include "sca/javascript/package_lock_entries.h"

using fledger::sca::javascript::LockEntries;

static void DropLines(LockEntries& lock) {
  for (auto& e : lock.entries) e.line = e.end_line = 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto fast = fledger::sca::javascript::ReadLockEntries(text);
  if (!fast) return 0;
  auto doc = fledger::sca::ParseManifestJson(text, "package-lock.json");
  if (!doc.ok() || !doc.value().is_object()) std::abort();
  const auto packages = doc.value().find("packages");
  if (packages == doc.value().end() || !packages->is_object()) std::abort();
  LockEntries reference = fledger::sca::javascript::LockEntriesOf(*packages, text);
  DropLines(*fast);
  DropLines(reference);
  if (!(*fast == reference)) std::abort();
  return 0;
}
