// Private to the history walk: scanning the distinct blobs of a list of commits in parallel, and
// finding where blobs with hits sit in any tree.
#pragma once

#include <git2.h>

#include <cstdint>
#include <string>
#include <vector>

#include "secrets/history.h"
#include "secrets/history_git.h"

namespace fledger::secrets::internal {

// A blob the scanner reported hits in.
struct BlobHits {
  git_oid blob;
  std::vector<BlobHit> hits;
};

struct BlobScanOutput {
  std::vector<BlobHits> hits;    // sorted by blob id
  std::vector<git_oid> scanned;  // blobs fully handled (scanned, or binary): not to redo
  std::vector<char> commit_ok;   // per commit: its whole tree was read
  uint64_t blobs_scanned = 0;
  uint64_t bytes_scanned = 0;
  std::vector<std::string> warnings;
};

// Walks the trees of `commits` (each distinct tree once) and scans each blob not in `known` and
// not seen before with `scan`, on `jobs` threads reading from their own handles on `repo_path`.
Result<BlobScanOutput> ScanBlobs(git_repository* repo, const std::filesystem::path& repo_path,
                                 const std::vector<CommitNode>& commits,
                                 const std::vector<git_oid>& known_sorted, const BlobScanFn& scan,
                                 const HistoryOptions& options);

// Where blobs of interest sit in trees: each tree is read once and remembers only the entries
// that lead to such a blob, so that walking all commits again costs little.
class HitLocator {
 public:
  // `blobs`: the blobs of interest, each with an index the callbacks report.
  HitLocator(git_repository* repo, OidMap<uint32_t> blobs)
      : repo_(repo), blobs_(std::move(blobs)) {}
  // Calls fn(blob index, path) for every blob of interest in `tree` (at any depth up to 64).
  template <typename Fn>
  void ForEach(const git_oid& tree, Fn&& fn) {
    const int32_t root = Locate(tree, 0);
    if (root < 0) return;
    std::string path;
    Visit(root, path, fn);
  }
  bool empty() const { return blobs_.empty(); }

 private:
  struct Node {
    std::vector<std::pair<std::string, int32_t>> trees;   // name, node index
    std::vector<std::pair<std::string, uint32_t>> blobs;  // name, blob index
  };
  int32_t Locate(const git_oid& tree, int depth);
  template <typename Fn>
  void Visit(int32_t node, std::string& path, Fn& fn) {
    const size_t base = path.size();
    for (const auto& [name, blob] : nodes_[static_cast<size_t>(node)].blobs) {
      if (base != 0) path += '/';
      path += name;
      fn(blob, path);
      path.resize(base);
    }
    for (const auto& [name, child] : nodes_[static_cast<size_t>(node)].trees) {
      if (base != 0) path += '/';
      path += name;
      Visit(child, path, fn);
      path.resize(base);
    }
  }

  git_repository* repo_;
  OidMap<uint32_t> blobs_;
  OidMap<int32_t> memo_;  // tree -> node index, or -1 when no blob of interest is below it
  std::vector<Node> nodes_;
};

}  // namespace fledger::secrets::internal
