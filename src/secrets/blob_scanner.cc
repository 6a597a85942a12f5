// EngineBlobScanner: FindingsIn behind the history walk's callback, one scratch per thread.
#include "secrets/blob_scanner.h"

#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include "secrets/scan.h"

namespace fledger::secrets {
namespace {

// Scratch spaces for the walk's scanning threads: taken per blob, given back after it, so there
// are never more of them than threads scanning at once.
class ScratchShelf {
 public:
  explicit ScratchShelf(const Engine& engine) : engine_(engine) {}
  Engine::Scratch Take() {
    std::lock_guard<std::mutex> lock(mu_);
    if (free_.empty()) return engine_.NewScratch();
    Engine::Scratch s = std::move(free_.back());
    free_.pop_back();
    return s;
  }
  void Give(Engine::Scratch s) {
    std::lock_guard<std::mutex> lock(mu_);
    free_.push_back(std::move(s));
  }
  const Engine& engine() const { return engine_; }

 private:
  const Engine& engine_;
  std::mutex mu_;
  std::vector<Engine::Scratch> free_;
};

}  // namespace

BlobScanFn EngineBlobScanner(const Engine& engine) {
  auto shelf = std::make_shared<ScratchShelf>(engine);
  return [shelf](std::string_view content, const RepoPath& path) {
    Engine::Scratch scratch = shelf->Take();
    std::vector<std::string> keys;
    std::vector<Finding> findings =
        FindingsIn(shelf->engine(), scratch, content, path, nullptr, {}, nullptr, &keys);
    shelf->Give(std::move(scratch));
    std::vector<BlobHit> hits;
    hits.reserve(findings.size());
    for (size_t i = 0; i < findings.size(); ++i) {
      hits.push_back(BlobHit{std::move(findings[i]), std::move(keys[i])});
    }
    return hits;
  };
}

}  // namespace fledger::secrets
