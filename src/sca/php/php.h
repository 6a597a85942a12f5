// PHP extractors: Composer's composer.lock.
//
//   auto e = NewComposerLockExtractor();
//   Result<Inventory> inv = e->Extract({path, text, nullptr});
#pragma once

#include <memory>

#include "sca/extractor.h"

namespace fledger::sca {

// "php/composerlock": `packages` and `packages-dev` (dev), versions as written ("v1.27.0"
// stays), source.reference as commit, license, and `require` edges between locked packages.
std::unique_ptr<Extractor> NewComposerLockExtractor();

}  // namespace fledger::sca
