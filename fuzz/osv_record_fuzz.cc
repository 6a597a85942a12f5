// Fuzz target: the OSV record parser (size, UTF-8, JSON syntax, semantics), its lint, both
// re-serializations, and the decoder of stored database rows.
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
    // What we store must read back, in both forms.
    const std::string json = fledger::sca::osv::OsvRecordToJson(record.value());
    if (!fledger::sca::osv::ParseOsvRecord(json, "json").ok()) __builtin_trap();
    const std::string stored = fledger::sca::osv::EncodeStoredRecord(record.value());
    if (!fledger::sca::osv::DecodeStoredRecord(stored, "stored").ok()) __builtin_trap();
  }
  // A damaged database row must be an error, never a crash.
  (void)fledger::sca::osv::DecodeStoredRecord(text, "row");
  return 0;
}
