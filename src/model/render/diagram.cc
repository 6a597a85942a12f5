// What the diagrams share: the boundary tree, its walk, and the labels (diagram_internal.h).
#include <map>

#include "core/text.h"
#include "model/render/diagram_internal.h"
#include "model/render/render.h"

namespace fledger::model::render {

size_t DiagramElements(const Model& m) {
  return m.actors.size() + m.components.size() + m.boundaries.size() + m.flows.size();
}

namespace internal {

BoundaryTree TreeOf(const Model& m) {
  BoundaryTree tree;
  tree.children.resize(m.boundaries.size());
  tree.components.resize(m.boundaries.size());
  std::map<std::string, size_t> index;
  for (size_t i = 0; i < m.boundaries.size(); ++i) index.emplace(m.boundaries[i].id.str(), i);
  for (size_t i = 0; i < m.boundaries.size(); ++i) {
    const auto& parent = m.boundaries[i].parent;
    const auto it = parent ? index.find(parent->str()) : index.end();
    // The loader refuses dangling parents and cycles; a parent that is not found (or the
    // boundary itself) is drawn at the top rather than trusted.
    if (it == index.end() || it->second == i) {
      tree.top.push_back(i);
    } else {
      tree.children[it->second].push_back(i);
    }
  }
  for (size_t i = 0; i < m.components.size(); ++i) {
    const auto& boundary = m.components[i].boundary;
    const auto it = boundary ? index.find(boundary->str()) : index.end();
    if (it == index.end()) {
      tree.loose.push_back(i);
    } else {
      tree.components[it->second].push_back(i);
    }
  }
  return tree;
}

void Walk(const Model& m, const BoundaryTree& tree,
          const std::function<void(size_t, size_t)>& open,
          const std::function<void(size_t, size_t)>& component,
          const std::function<void(size_t, size_t)>& close) {
  // An explicit stack of (boundary, entered?) frames; children are pushed in reverse so that
  // they come out in model order. `visited` guards against a cycle the loader would refuse.
  std::vector<bool> visited(m.boundaries.size(), false);
  struct Frame {
    size_t boundary;
    bool entered;
  };
  std::vector<Frame> stack;
  size_t depth = 0;  // boundaries open around the current one
  for (auto it = tree.top.rbegin(); it != tree.top.rend(); ++it) stack.push_back({*it, false});
  while (!stack.empty()) {
    const Frame frame = stack.back();
    stack.pop_back();
    if (frame.entered) {
      close(frame.boundary, --depth);
      continue;
    }
    if (visited[frame.boundary]) continue;
    visited[frame.boundary] = true;
    open(frame.boundary, depth);
    for (size_t c : tree.components[frame.boundary]) component(c, depth + 1);
    stack.push_back({frame.boundary, true});
    ++depth;
    const auto& kids = tree.children[frame.boundary];
    for (auto it = kids.rbegin(); it != kids.rend(); ++it) stack.push_back({*it, false});
  }
  for (size_t c : tree.loose) component(c, 0);
}

namespace {
std::string Cut(std::string_view text) { return Truncate(CollapseWhitespace(text), kMaxLabelBytes); }
}  // namespace

std::vector<std::string> ActorLines(const Actor& a) {
  return {Cut(a.name.empty() ? a.id.str() : a.name),
          Cut("actor: " + a.kind + (a.trusted ? ", trusted" : ""))};
}

std::vector<std::string> ComponentLines(const Component& c) {
  std::vector<std::string> lines = {Cut(c.name.empty() ? c.id.str() : c.name)};
  std::string what = c.kind;
  if (!c.technology.empty()) what += ": " + c.technology;
  if (c.exposure == "internet") what += " (internet)";
  lines.push_back(Cut(what));
  return lines;
}

bool Unauthenticated(const Flow& f) {
  return f.authentication == "none" || f.authentication == "unknown";
}

std::vector<std::string> FlowLines(const Flow& f) {
  std::vector<std::string> lines = {Cut(f.protocol.empty() ? f.id.str() : f.protocol)};
  std::string weak;
  if (!f.encrypted) weak = "unencrypted";
  if (Unauthenticated(f)) {
    weak += std::string(weak.empty() ? "" : ", ") +
            (f.authentication == "none" ? "unauthenticated" : "authentication unknown");
  }
  if (!weak.empty()) lines.push_back(weak);
  return lines;
}

std::string BoundaryTitle(const Boundary& b) {
  return Cut((b.name.empty() ? b.id.str() : b.name) + " (" + b.kind + ")");
}

}  // namespace internal
}  // namespace fledger::model::render
