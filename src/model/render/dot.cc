// Graphviz DOT for a threat model: nodes by kind, flows as labelled edges, trust boundaries as
// nested clusters. Every label is a DOT string built by DotString.
#include <algorithm>

#include "core/text.h"
#include "model/render/diagram_internal.h"
#include "model/render/render.h"

namespace fledger::model::render {
namespace {

using internal::BoundaryTree;

// Indentation for nesting `depth`, capped so that a model nesting thousands of boundaries does
// not make the text quadratic.
std::string Indent(size_t depth) { return std::string(2 * (std::min<size_t>(depth, 16) + 1), ' '); }

std::string Quoted(std::string_view text) { return "\"" + DotString(text) + "\""; }

// Lines joined by DOT's centred line break, each escaped.
std::string Label(const std::vector<std::string>& lines) {
  std::string out = "\"";
  for (size_t i = 0; i < lines.size(); ++i) {
    if (i > 0) out += "\\n";
    out += DotString(lines[i]);
  }
  return out + "\"";
}

std::string Shape(const Component& c) {
  if (c.kind == "data-store") return "cylinder";
  if (c.kind == "external-service") return "box3d";
  return "ellipse";
}

}  // namespace

std::string DotString(std::string_view text) {
  // A newline becomes DOT's line break; within a line, EscapeTerminal turns controls, bidi marks
  // and invalid UTF-8 into visible backslash escapes, and DOT then needs each backslash doubled
  // (a lone one starts \n, \N, \G, ... in a label).
  const std::string cut = Truncate(text, kMaxLabelBytes);
  std::string out;
  out.reserve(cut.size() + 8);
  size_t start = 0;
  while (start <= cut.size()) {
    const size_t end = std::min(cut.find('\n', start), cut.size());
    if (start > 0) out += "\\n";
    for (char c : EscapeTerminal(std::string_view(cut).substr(start, end - start))) {
      switch (c) {
        case '"':
          out += "\\\"";
          break;
        case '\\':
          out += "\\\\";
          break;
        case '&':
          out += "&amp;";  // Graphviz decodes HTML entities in labels: keep '&' literal
          break;
        case '\t':
          out += ' ';
          break;
        default:
          out += c;
      }
    }
    start = end + 1;
  }
  return out;
}

std::string RenderDot(const Model& m) {
  std::string out = "digraph threatmodel {\n";
  out += "  graph [label=" + Quoted(m.name.empty() ? "Threat model" : m.name) +
         ", labelloc=t, rankdir=LR, newrank=true, fontname=\"Helvetica\", "
         "fontsize=12];\n";
  out += "  node [fontname=\"Helvetica\", fontsize=10];\n";
  out += "  edge [fontname=\"Helvetica\", fontsize=9];\n";
  const BoundaryTree tree = internal::TreeOf(m);
  internal::Walk(
      m, tree,
      [&](size_t b, size_t depth) {
        const Boundary& boundary = m.boundaries[b];
        out += Indent(depth) + "subgraph " + Quoted("cluster_" + boundary.id.str()) + " {\n";
        out += Indent(depth + 1) + "label=" + Quoted(internal::BoundaryTitle(boundary)) +
               "; style=dashed; color=\"#555555\"; fontcolor=\"#555555\";\n";
      },
      [&](size_t c, size_t depth) {
        const Component& comp = m.components[c];
        out += Indent(depth) + Quoted(comp.id.str()) +
               " [label=" + Label(internal::ComponentLines(comp)) + ", shape=" + Shape(comp) +
               "];\n";
      },
      [&](size_t, size_t depth) { out += Indent(depth) + "}\n"; });
  for (const Actor& a : m.actors) {
    out += "  " + Quoted(a.id.str()) + " [label=" + Label(internal::ActorLines(a)) +
           ", shape=box, style=bold];\n";
  }
  for (const Flow& f : m.flows) {
    out += "  " + Quoted(f.source.str()) + " -> " + Quoted(f.target.str()) +
           " [label=" + Label(internal::FlowLines(f));
    if (!f.encrypted) out += ", style=dashed";
    if (internal::Weak(f)) out += ", color=\"#cc0000\", fontcolor=\"#cc0000\"";
    out += "];\n";
  }
  out += "}\n";
  return out;
}

}  // namespace fledger::model::render
