// Fuzz target: the archive reader (zip, tar, tar.gz, gz; nesting, bombs, hostile names) on
// bytes in memory, with small limits so that every bound is reached quickly.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "secrets/containers.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  fledger::secrets::ContainerLimits limits;
  limits.max_entry_bytes = 1u << 20;
  limits.max_total_bytes = 4u << 20;
  limits.max_entries = 200;
  limits.ratio_floor_bytes = 64u << 10;
  std::vector<std::string> warnings;
  // The name picks nothing: the reader goes by the magic bytes; members go by name and magic.
  const auto parts = fledger::secrets::ExpandArchive("fuzz.zip", bytes, limits, &warnings);
  if (!parts.ok()) {
    (void)parts.error().ToString();
    return 0;
  }
  uint64_t total = 0;
  for (const auto& p : parts.value()) {
    total += p.text.size();
    if (p.text.size() > limits.max_entry_bytes) __builtin_trap();
    if (p.path.rfind("fuzz.zip!", 0) != 0) __builtin_trap();
    // Labels never climb out: no "." or ".." component, no empty one, no control character.
    if (p.path.find("/../") != std::string::npos || p.path.find("!../") != std::string::npos ||
        p.path.find("//") != std::string::npos || p.path.find("!/") != std::string::npos) {
      __builtin_trap();
    }
    for (const char c : p.path) {
      if (static_cast<unsigned char>(c) < 0x20) __builtin_trap();
    }
  }
  if (total > limits.max_total_bytes) __builtin_trap();
  return 0;
}
