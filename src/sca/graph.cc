// The dependency graph: edges by id within a manifest, roots, paths and dependents.
#include "sca/graph.h"

#include <algorithm>
#include <deque>
#include <map>
#include <set>

namespace fledger::sca {

namespace {

std::string Normalized(const Package& p) {
  const auto n = PackageName::Parse(p.ecosystem, p.name);
  return n.ok() ? n.value().str() : p.name;
}

}  // namespace

std::string PackageLabel(const Package& p) {
  if (!p.resolved) return p.name + (p.version.empty() ? "" : " " + p.version);
  return p.name + "@" + p.version;
}

DependencyGraph::DependencyGraph(const std::vector<Package>& packages)
    : packages_(packages),
      children_(packages.size()),
      parents_(packages.size()),
      root_(packages.size(), false) {
  std::map<std::pair<std::string, std::string>, size_t> by_id;  // (manifest, id) -> index
  for (size_t i = 0; i < packages.size(); ++i) {
    by_id.emplace(std::make_pair(packages[i].path.str(), packages[i].id), i);
  }
  for (size_t i = 0; i < packages.size(); ++i) {
    std::set<size_t> seen;
    for (const auto& dep : packages[i].depends_on) {
      const auto it = by_id.find({packages[i].path.str(), dep});
      if (it == by_id.end() || it->second == i || !seen.insert(it->second).second) continue;
      children_[i].push_back(it->second);
      parents_[it->second].push_back(i);
    }
  }
  // Roots per manifest: the direct packages, or where none is marked, the unrequired ones.
  std::map<std::string, bool> has_direct;
  for (const auto& p : packages) {
    has_direct[p.path.str()] |= p.relationship == Relationship::kDirect;
  }
  for (size_t i = 0; i < packages.size(); ++i) {
    root_[i] = has_direct[packages[i].path.str()]
                   ? packages[i].relationship == Relationship::kDirect
                   : parents_[i].empty();
  }
  // A cycle with no entry from outside would hide its members from every tree: make its first
  // member a root.
  std::vector<bool> reached(packages.size(), false);
  std::deque<size_t> queue;
  for (size_t i = 0; i < packages.size(); ++i) {
    if (root_[i]) {
      reached[i] = true;
      queue.push_back(i);
    }
  }
  const auto flood = [&] {
    while (!queue.empty()) {
      const size_t n = queue.front();
      queue.pop_front();
      for (size_t c : children_[n]) {
        if (!reached[c]) {
          reached[c] = true;
          queue.push_back(c);
        }
      }
    }
  };
  flood();
  for (size_t i = 0; i < packages.size(); ++i) {
    if (!reached[i]) {
      root_[i] = true;
      reached[i] = true;
      queue.push_back(i);
      flood();
    }
  }
}

std::vector<size_t> DependencyGraph::Roots() const {
  std::vector<size_t> out;
  for (size_t i = 0; i < packages_.size(); ++i) {
    if (root_[i]) out.push_back(i);
  }
  return out;
}

std::vector<size_t> DependencyGraph::Find(std::string_view query) const {
  std::string type, name(query), version;
  if (query.rfind("pkg:", 0) == 0) {
    const auto purl = Purl::Parse(query);
    if (!purl.ok()) return {};
    type = purl.value().type();
    name = purl.value().ns().empty() ? purl.value().name()
                                     : purl.value().ns() + "/" + purl.value().name();
    if (type == "maven") name = purl.value().ns() + ":" + purl.value().name();
    version = purl.value().version();
  } else {
    // "name@version"; an npm scope's leading '@' is part of the name.
    const size_t at = query.find('@', query.empty() || query[0] != '@' ? 0 : 1);
    if (at != std::string_view::npos) {
      name = std::string(query.substr(0, at));
      version = std::string(query.substr(at + 1));
    }
  }
  std::vector<size_t> out;
  for (size_t i = 0; i < packages_.size(); ++i) {
    const Package& p = packages_[i];
    if (!type.empty() && p.ecosystem.purl_type() != type) continue;
    if (!version.empty() && p.version != version) continue;
    const auto n = PackageName::Parse(p.ecosystem, name);
    if (p.name == name || (n.ok() && n.value().str() == Normalized(p))) out.push_back(i);
  }
  return out;
}

DependencyGraph::Paths DependencyGraph::PathsTo(size_t target, size_t max_paths) const {
  Paths result;
  // Breadth-first over partial paths from the target upwards, so shorter paths come first; a
  // path never repeats a node (cycles), and the search stops at max_paths (a diamond-heavy graph
  // has exponentially many paths).
  std::deque<std::vector<size_t>> queue;
  queue.push_back({target});
  size_t expansions = 0;
  const size_t kMaxExpansions = 200000;
  while (!queue.empty()) {
    std::vector<size_t> path = std::move(queue.front());
    queue.pop_front();
    const size_t top = path.back();
    if (root_[top]) {
      if (result.paths.size() == max_paths) {
        result.truncated = true;
        break;
      }
      result.paths.emplace_back(path.rbegin(), path.rend());
    }
    if (++expansions > kMaxExpansions) {
      result.truncated = true;
      break;
    }
    for (size_t parent : parents_[top]) {
      if (std::find(path.begin(), path.end(), parent) != path.end()) continue;
      std::vector<size_t> longer = path;
      longer.push_back(parent);
      queue.push_back(std::move(longer));
    }
  }
  return result;
}

std::vector<size_t> DependencyGraph::IntroducedBy(size_t target) const {
  std::vector<bool> seen(packages_.size(), false);
  std::deque<size_t> queue{target};
  seen[target] = true;
  std::vector<size_t> out;
  while (!queue.empty()) {
    const size_t n = queue.front();
    queue.pop_front();
    if (root_[n]) out.push_back(n);
    for (size_t p : parents_[n]) {
      if (!seen[p]) {
        seen[p] = true;
        queue.push_back(p);
      }
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace fledger::sca
