// Haskell extractors: cabal.project.freeze and Stack's stack.yaml.lock (ecosystem Hackage).
//
//   auto e = NewStackLockExtractor();
//   Result<Inventory> inv = e->Extract({path, text, nullptr});
#pragma once

#include <memory>

#include "sca/extractor.h"

namespace fledger::sca {

// "haskell/cabalfreeze": `any.<name> ==<version>` constraints of cabal.project.freeze (the form
// `cabal freeze` writes); flag settings and unqualified constraints are not package pins.
std::unique_ptr<Extractor> NewCabalFreezeExtractor();

// "haskell/stacklock": stack.yaml.lock `packages[].completed.hackage` ("name-1.2@sha256:...,n")
// with its SHA-256, and git packages with their commit.
std::unique_ptr<Extractor> NewStackLockExtractor();

}  // namespace fledger::sca
