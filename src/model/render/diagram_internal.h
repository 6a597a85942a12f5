// Private to src/model/render: what the DOT, Mermaid and SVG diagrams share (the boundary tree,
// the node and edge labels, the walk that opens and closes nested boundaries).
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "model/model.h"

namespace fledger::model::render::internal {

// The trust-boundary tree of a model, by index into Model::boundaries and Model::components.
struct BoundaryTree {
  std::vector<size_t> top;                        // boundaries without a parent
  std::vector<std::vector<size_t>> children;      // child boundaries, per boundary
  std::vector<std::vector<size_t>> components;    // components directly inside, per boundary
  std::vector<size_t> loose;                      // components outside every boundary
};
BoundaryTree TreeOf(const Model& m);

// Visits the tree depth first, in model order, without recursion (a valid model may nest
// boundaries as deep as it has elements): `open(b, depth)` before a boundary's contents,
// `component(c, depth)` for each component inside, `close(b, depth)` after. Loose components are
// visited last at depth 0.
void Walk(const Model& m, const BoundaryTree& tree,
          const std::function<void(size_t, size_t)>& open,
          const std::function<void(size_t, size_t)>& component,
          const std::function<void(size_t, size_t)>& close);

// Label lines, unescaped and each cut at kMaxLabelBytes: a node's name (its id when it has none)
// and what it is; a flow's protocol and its weaknesses; a boundary's name and kind.
std::vector<std::string> ActorLines(const Actor& a);
std::vector<std::string> ComponentLines(const Component& c);
std::vector<std::string> FlowLines(const Flow& f);
std::string BoundaryTitle(const Boundary& b);

// A flow whose authentication is none or unknown.
bool Unauthenticated(const Flow& f);
// A flow drawn as a warning: unencrypted or unauthenticated.
inline bool Weak(const Flow& f) { return !f.encrypted || Unauthenticated(f); }

}  // namespace fledger::model::render::internal
