// Fuzz target: Markdown matrix parsing; what parses must keep the text around the table.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "assess/matrix.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto m = fledger::assess::ParseMatrix(text, "fuzz.md");
  if (!m.ok()) return 0;
  // The user's text is never invented: before and after are slices of the input.
  if (m.value().before.size() + m.value().after.size() > text.size()) std::abort();
  (void)fledger::assess::RenderMatrixTable(m.value().rows);
  return 0;
}
