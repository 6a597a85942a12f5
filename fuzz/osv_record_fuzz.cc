// Fuzz target: the OSV record parser (size, UTF-8, JSON syntax, semantics), its lint, the stored
// re-serialization and the read-back of stored rows.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sca/osv/record.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto record = fledger::sca::osv::ParseOsvRecord(text, "fuzz.json");
  if (!record.ok()) {
    (void)record.error().ToString();
  } else {
    (void)fledger::sca::osv::LintOsvRecord(record.value());
    const std::string stored = fledger::sca::osv::OsvRecordToJson(record.value());
    // What we store must read back.
    if (!fledger::sca::osv::ParseStoredOsvRecord(stored, "stored").ok()) __builtin_trap();
  }
  (void)fledger::sca::osv::ParseStoredOsvRecord(text, "row");
  return 0;
}
