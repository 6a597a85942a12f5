// Fuzz target: the previous assessment.json an update reads back must be accepted or rejected
// with an Error, never an exception (nlohmann's type_error used to escape as exit 3).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "assess/assessment.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  for (const auto kind :
       {fledger::assess::AssessmentKind::kUser, fledger::assess::AssessmentKind::kProject}) {
    auto prev = fledger::assess::ParsePreviousAssessment(text, "fuzz.json", kind);
    if (!prev.ok()) {
      (void)prev.error().ToString();
      continue;
    }
    // What was accepted is what the update relies on.
    if (prev.value().catalog_name.empty() || prev.value().target_level < 1 ||
        prev.value().target_level > static_cast<int>(fledger::assess::kMaxCatalogLevels)) {
      std::abort();
    }
  }
  return 0;
}
