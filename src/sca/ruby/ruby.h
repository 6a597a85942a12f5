// Ruby extractors: Bundler's Gemfile.lock and gems.locked.
//
//   auto e = NewGemfileLockExtractor();
//   Result<Inventory> inv = e->Extract({path, text, nullptr});
#pragma once

#include <memory>

#include "sca/extractor.h"

namespace fledger::sca {

// "ruby/gemfilelock": GEM, GIT, PATH and PLUGIN SOURCE specs (platform suffixes removed, git
// revision as commit), edges from the indented dependency lines, DEPENDENCIES as the direct set.
std::unique_ptr<Extractor> NewGemfileLockExtractor();

}  // namespace fledger::sca
