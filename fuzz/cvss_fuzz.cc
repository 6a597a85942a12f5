// Fuzz target: CVSS v3.x and v4.0 vector parsing and score arithmetic.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sca/osv/cvss.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto score = fledger::sca::osv::ScoreCvss(text);
  if (score.ok()) {
    // A score is always on the 0.0-10.0 scale and agrees with its rating.
    const double s = score.value().base_score;
    if (s < 0.0 || s > 10.0) __builtin_trap();
    if (score.value().rating != fledger::sca::osv::RatingForScore(s)) __builtin_trap();
  } else {
    (void)score.error().ToString();
  }
  return 0;
}
