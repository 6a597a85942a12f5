// The Julia extractor: Pkg's Manifest.toml (format 1.0 and 2.0).
//
//   auto manifest = NewManifestTomlExtractor();
//   if (manifest->FileRequired(path)) inventory = manifest->Extract({path, text, &reader});
#pragma once

#include <memory>

#include "sca/extractor.h"

namespace fledger::sca {

// "julia/manifesttoml": every package of a Manifest.toml (standard libraries take the manifest's
// julia_version), ids are the package UUIDs (names repeat), edges from `deps`; Julia ecosystem.
std::unique_ptr<Extractor> NewManifestTomlExtractor();

}  // namespace fledger::sca
