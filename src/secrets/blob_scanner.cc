// EngineBlobScanner: FindingsIn behind the history walk's callback, one scratch per thread.
#include "secrets/blob_scanner.h"

#include <memory>
#include <utility>
#include <vector>

#include "secrets/scan.h"

namespace fledger::secrets {

BlobScanFn EngineBlobScanner(const Engine& engine, std::optional<ContainerLimits> containers) {
  auto pool = std::make_shared<ScratchPool>(engine);
  return [pool, containers](std::string_view content, const RepoPath& path) {
    Engine::Scratch scratch = pool->Take();
    std::vector<std::string> keys;
    std::vector<Finding> findings;
    // Warnings about one blob's archive (a bomb refused) are not passed on: the walk's report
    // counts blobs, not their parts.
    ScanContent(pool->engine(), scratch, content, path, containers ? &*containers : nullptr,
                findings, nullptr, &keys);
    pool->Give(std::move(scratch));
    std::vector<BlobHit> hits;
    hits.reserve(findings.size());
    for (size_t i = 0; i < findings.size(); ++i) {
      hits.push_back(BlobHit{std::move(findings[i]), std::move(keys[i])});
    }
    return hits;
  };
}

}  // namespace fledger::secrets
