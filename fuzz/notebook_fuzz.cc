// Fuzz target: the Jupyter notebook reader (bounded JSON parse, notebook shape, line mapping).
// Every part it returns maps each of its lines to a line that exists in the input.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "secrets/containers.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view json(reinterpret_cast<const char*>(data), size);
  const auto parts = fledger::secrets::ExpandNotebook("fuzz.ipynb", json, {});
  if (!parts.ok()) {
    (void)parts.error().ToString();
    return 0;
  }
  const int file_lines = static_cast<int>(std::count(json.begin(), json.end(), '\n')) + 1;
  for (const auto& p : parts.value()) {
    if (p.text.empty() || p.path != "fuzz.ipynb") __builtin_trap();
    // One mapped line per text line (a final '\n' opens no line).
    const size_t newlines = static_cast<size_t>(std::count(p.text.begin(), p.text.end(), '\n'));
    const size_t text_lines = newlines + (p.text.back() == '\n' ? 0 : 1);
    if (p.lines.size() != text_lines) __builtin_trap();
    for (const int line : p.lines) {
      if (line < 1 || line > file_lines) __builtin_trap();
    }
  }
  return 0;
}
