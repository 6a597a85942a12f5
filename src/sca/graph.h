// The dependency graph of one scan: edges from each package to what it requires, within its
// manifest, and the questions Package Analysis asks of it: what is direct, why is a package
// here (every path from a direct dependency down to it), and who depends on it.
//
//   DependencyGraph g(scan.packages);
//   for (size_t i : g.Find("minimist")) auto why = g.PathsTo(i, 1000);
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "sca/package.h"

namespace fledger::sca {

class DependencyGraph {
 public:
  // Builds the graph over `packages` (kept by reference: it must outlive the graph). Edges join
  // packages of the same manifest by id; edges to ids that are not there are dropped.
  explicit DependencyGraph(const std::vector<Package>& packages);

  const std::vector<Package>& packages() const { return packages_; }
  const std::vector<size_t>& Children(size_t i) const { return children_[i]; }
  const std::vector<size_t>& Parents(size_t i) const { return parents_[i]; }

  // The top of each manifest's tree: the packages marked direct; where a manifest marks none,
  // those nothing else in it requires. In scan order.
  std::vector<size_t> Roots() const;
  // True if `i` is one of Roots().
  bool IsRoot(size_t i) const { return root_[i]; }

  // Packages matching `query`: "name", "name@version" or a purl ("pkg:npm/minimist@1.2.5";
  // without a version, every version). Names compare as the ecosystem normalizes them.
  std::vector<size_t> Find(std::string_view query) const;

  struct Paths {
    std::vector<std::vector<size_t>> paths;  // each from a root down to the target
    bool truncated = false;                  // more than `max_paths` exist
  };
  // Every simple path from a root down to `target` (a root itself is a path of one), shortest
  // first, at most `max_paths`.
  Paths PathsTo(size_t target, size_t max_paths) const;

  // The roots from which `target` can be reached ("introduced by"), sorted.
  std::vector<size_t> IntroducedBy(size_t target) const;

 private:
  const std::vector<Package>& packages_;
  std::vector<std::vector<size_t>> children_;
  std::vector<std::vector<size_t>> parents_;
  std::vector<bool> root_;
};

// "name@version" (or "name range" for unresolved ones), for messages and trees.
std::string PackageLabel(const Package& p);

}  // namespace fledger::sca
