// The engine as the git history walk's scanner: a BlobScanFn that runs ScanContent on each blob
// (so inline `fledger:allow` comments apply, and with `containers` notebooks and archives are
// opened within those bounds) and pairs every finding with its secret key.
//
//   BlobScanFn scan = EngineBlobScanner(engine);  // the engine must outlive `scan`
//   FLEDGER_TRY(HistoryResult r, ScanHistory(repo, scan, HistoryOptions{}, &store));
#pragma once

#include <optional>

#include "secrets/containers.h"
#include "secrets/engine.h"
#include "secrets/history.h"

namespace fledger::secrets {

// Thread-safe: each call borrows a scratch space from a pool shared by the copies of the result.
BlobScanFn EngineBlobScanner(const Engine& engine,
                             std::optional<ContainerLimits> containers = std::nullopt);

}  // namespace fledger::secrets
