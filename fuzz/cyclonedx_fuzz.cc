// Fuzz target: the CycloneDX SBOM reader, and the writer on whatever it reads: every inventory
// read must write out and read back with the same number of packages.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sca/sbom/cyclonedx.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto inv = fledger::sca::ReadCycloneDx(text, "fuzz.cdx.json");
  if (!inv.ok()) {
    (void)inv.error().ToString();
    return 0;
  }
  const std::string bom = fledger::sca::WriteCycloneDx(inv.value().packages, {.root_name = "f"});
  auto back = fledger::sca::ReadCycloneDx(bom, "written.cdx.json");
  if (!back.ok() || back.value().packages.size() != inv.value().packages.size()) {
    __builtin_trap();
  }
  return 0;
}
