// Mermaid `flowchart LR` for a threat model: a subgraph per trust boundary (nested), node shapes
// by kind, flows as labelled links. Mermaid has no string escapes, only entity codes (#quot;,
// #35;), so every label goes through MermaidString, and node ids are re-spelt from element ids.
#include <algorithm>
#include <cstdio>

#include "core/text.h"
#include "model/render/diagram_internal.h"
#include "model/render/render.h"

namespace fledger::model::render {
namespace {

using internal::BoundaryTree;

std::string Indent(size_t depth) { return std::string(2 * (std::min<size_t>(depth, 16) + 1), ' '); }

// A Mermaid node id for an element id: a fixed prefix (so that no id is a keyword such as "end"
// or "graph"), letters and digits as they are, '_' as "__" and '-' as "_h": a prefix-free code,
// so that different element ids never share a node id.
std::string NodeId(const ElementId& id) {
  std::string out = "n_";
  for (char c : id.str()) {
    if (c == '_') {
      out += "__";
    } else if (c == '-') {
      out += "_h";
    } else {
      out += c;
    }
  }
  return out;
}

std::string Label(const std::vector<std::string>& lines) {
  std::string out = "\"";
  for (size_t i = 0; i < lines.size(); ++i) {
    if (i > 0) out += "<br>";
    out += MermaidString(lines[i]);
  }
  return out + "\"";
}

// The shape brackets around a quoted label, by kind.
std::string Node(const Component& c) {
  const std::string label = Label(internal::ComponentLines(c));
  if (c.kind == "data-store") return NodeId(c.id) + "[(" + label + ")]";
  if (c.kind == "external-service") return NodeId(c.id) + "[[" + label + "]]";
  return NodeId(c.id) + "(" + label + ")";
}

bool Plain(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  static constexpr std::string_view kSafe = " .,:-_/+=?!'@%*~$^";
  return kSafe.find(c) != std::string_view::npos;
}

}  // namespace

std::string MermaidString(std::string_view text) {
  // Whitespace (newlines included) folds to single spaces, controls, bidi marks and invalid
  // UTF-8 become visible escapes (whose backslash is then entity-coded like any punctuation).
  const std::string safe = EscapeTerminal(CollapseWhitespace(Truncate(text, kMaxLabelBytes)));
  std::string out;
  out.reserve(safe.size() + 8);
  for (char c : safe) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x80 || Plain(c)) {
      out += c;  // UTF-8 of printable text (EscapeTerminal left nothing else)
    } else {
      char code[8];
      std::snprintf(code, sizeof(code), "#%u;", static_cast<unsigned>(byte));
      out += code;
    }
  }
  return out;
}

std::string RenderMermaid(const Model& m) {
  std::string out = "flowchart LR\n";
  const BoundaryTree tree = internal::TreeOf(m);
  internal::Walk(
      m, tree,
      [&](size_t b, size_t depth) {
        const Boundary& boundary = m.boundaries[b];
        out += Indent(depth) + "subgraph b_" + NodeId(boundary.id).substr(2) + " [\"" +
               MermaidString(internal::BoundaryTitle(boundary)) + "\"]\n";
      },
      [&](size_t c, size_t depth) { out += Indent(depth) + Node(m.components[c]) + "\n"; },
      [&](size_t, size_t depth) { out += Indent(depth) + "end\n"; });
  for (const Actor& a : m.actors) {
    out += "  " + NodeId(a.id) + "[" + Label(internal::ActorLines(a)) + "]\n";
  }
  std::vector<size_t> weak;
  for (size_t i = 0; i < m.flows.size(); ++i) {
    const Flow& f = m.flows[i];
    // A dotted link for an unencrypted flow; the link's text is a quoted label like the nodes'.
    out += "  " + NodeId(f.source) + (f.encrypted ? " -->" : " -.->") + "|" +
           Label(internal::FlowLines(f)) + "| " + NodeId(f.target) + "\n";
    if (internal::Weak(f)) weak.push_back(i);
  }
  // linkStyle numbers links in the order they were written: one line per weak flow, red.
  for (size_t i : weak) {
    out += "  linkStyle " + std::to_string(i) + " stroke:#cc0000,color:#cc0000\n";
  }
  return out;
}

}  // namespace fledger::model::render
