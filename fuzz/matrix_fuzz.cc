// Fuzz target: Markdown matrix parsing; what parses must keep the text around the table.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "assess/matrix.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto m = fledger::assess::ParseMatrix(text, "fuzz.md");
  if (!m.ok()) return 0;
  // The user's text is never invented: before and after are slices of the input.
  if (m.value().before.size() + m.value().after.size() > text.size()) std::abort();
  // Updates are stable: writing what was parsed and parsing it again converges after one round
  // (a marker typed inside a cell may move text once, never on every update).
  const auto compose = [](const fledger::assess::ParsedMatrix& p) {
    return p.before + fledger::assess::RenderMatrixTable(p.rows) + p.after;
  };
  const std::string once = compose(m.value());
  auto second = fledger::assess::ParseMatrix(once, "fuzz.md");
  if (!second.ok()) std::abort();
  const std::string twice = compose(second.value());
  auto third = fledger::assess::ParseMatrix(twice, "fuzz.md");
  if (!third.ok() || compose(third.value()) != twice) std::abort();
  return 0;
}
