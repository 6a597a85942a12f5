// Rust extractors: Cargo.lock (every lockfile version, v1 [metadata] checksums included).
//
//   auto e = NewCargoLockExtractor();
//   Result<Inventory> inv = e->Extract({path, text, nullptr});  // packages with edges and hashes
#pragma once

#include <memory>

#include "sca/extractor.h"

namespace fledger::sca {

// "rust/cargolock": Cargo.lock [[package]] tables: name, version, source (registry URL, or git
// URL with the commit from its #fragment), checksum (SHA-256) and `dependencies` edges.
std::unique_ptr<Extractor> NewCargoLockExtractor();

}  // namespace fledger::sca
