// Fuzz target: CVSS v3.x vector parsing and base-score arithmetic.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sca/osv/cvss.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto score = fledger::sca::osv::ScoreCvss(text);
  if (score.ok()) {
    // A base score is always on the 0.0-10.0 scale.
    if (score.value().base_score < 0.0 || score.value().base_score > 10.0) __builtin_trap();
  } else {
    (void)score.error().ToString();
  }
  return 0;
}
