// The R extractor: renv.lock.
//
//   auto renv = NewRenvLockExtractor();
//   if (renv->FileRequired(path)) inventory = renv->Extract({path, text, &reader});
#pragma once

#include <memory>

#include "sca/extractor.h"

namespace fledger::sca {

// "r/renvlock": the Packages of an renv.lock installed from a package repository (CRAN and its
// mirrors); GitHub, local and Bioconductor-only sources are reported as warnings. CRAN ecosystem.
std::unique_ptr<Extractor> NewRenvLockExtractor();

}  // namespace fledger::sca
