// CycloneDX 1.6 JSON: writing the package inventory as an SBOM, and reading an SBOM (1.2 to 1.6)
// back into packages and edges.
//
//   SbomMeta meta{.root_name = "shop", .tool_version = FLEDGER_VERSION};
//   std::string bom = WriteCycloneDx(inventory.packages, meta);  // same input, same bytes
//   Result<Inventory> back = ReadCycloneDx(bom, "bom.json");
//
// The field mapping (scope, group, hashes, licenses, fledger:* properties) is described in
// src/sca/sbom/README.md.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "sca/package.h"

namespace fledger::sca {

// What the SBOM says about itself and the scanned project.
struct SbomMeta {
  std::string root_name;  // metadata.component.name: the scanned directory's name
  std::string tool_name = "fledger";
  std::string tool_version;
  // metadata.timestamp, RFC 3339 ("2025-01-31T12:00:00Z"); empty (or malformed) omits it, which
  // keeps the output byte-for-byte reproducible.
  std::string timestamp;
  // Mixed into the serial number, which is otherwise a UUID derived from the document's content.
  std::string serial_seed;
};

// The CycloneDX 1.6 JSON document (with a trailing newline) for `packages`: one component per
// package in a deterministic order, the dependency graph, and a serialNumber that is a function
// of the content and `meta.serial_seed`. Never fails: values the schema would reject (unknown
// hash algorithms, malformed digests, invalid URLs) are left out.
std::string WriteCycloneDx(const std::vector<Package>& packages, const SbomMeta& meta);

// The packages and edges of a CycloneDX JSON SBOM (specVersion 1.2 to 1.6), components nested in
// components included. Components without a purl, or whose purl type is not a known ecosystem,
// are skipped with a warning. Errors name `context` and the validation step.
Result<Inventory> ReadCycloneDx(std::string_view json, const std::string& context);

// Limits ReadCycloneDx applies beyond the shared manifest limits.
inline constexpr int kMaxSbomComponentDepth = 16;  // components within components
inline constexpr size_t kMaxSbomWarnings = 100;    // then one "... and N more" line

}  // namespace fledger::sca
