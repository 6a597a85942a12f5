// Erlang/Elixir extractors: Mix's mix.lock.
//
//   auto e = NewMixLockExtractor();
//   Result<Inventory> inv = e->Extract({path, text, nullptr});
#pragma once

#include <memory>

#include "sca/extractor.h"

namespace fledger::sca {

// "erlang/mixlock": the Elixir map of mix.lock; :hex entries give name, version, checksum and
// dependency edges, :git entries give the commit (no version). Ecosystem Hex.
std::unique_ptr<Extractor> NewMixLockExtractor();

}  // namespace fledger::sca
