// Drawing and reporting a threat model: Graphviz DOT, Mermaid, SVG (laid out by the Graphviz
// library), and the threat-model report in Markdown and self-contained HTML.
//
//   const std::string dot = model::render::RenderDot(m);            // nested trust boundaries
//   Result<std::string> svg = model::render::RenderSvg(m);          // refuses huge models
//   const model::Analysis a = model::Analyze(m);
//   const std::string md = model::render::RenderReportMarkdown(m, a);
//   const std::string html = model::render::RenderReportHtml(m, a, svg.ok() ? svg.value() : "");
//
// Every model string is untrusted: each renderer escapes for its own syntax (DOT strings,
// Mermaid entity codes, Markdown, HTML), and no output carries a script. Output is deterministic:
// elements appear in the model's order, and the same model gives the same bytes (the SVG for a
// given Graphviz build).
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

#include "core/result.h"
#include "model/model.h"
#include "model/threats.h"

namespace fledger::model::render {

// The most diagram elements (actors + components + boundaries + flows) RenderSvg lays out:
// Graphviz's dot layout grows faster than linearly with nodes, edges and nested clusters, and a
// generated model can be large. 400 elements lay out in about a second (docs/model.md).
inline constexpr size_t kMaxSvgElements = 400;
// The longest a layout may run, and the largest SVG it may write (it runs in a child process).
inline constexpr std::chrono::seconds kSvgLayoutSeconds{30};
inline constexpr size_t kMaxSvgBytes = 64u << 20;
// Labels longer than this many bytes are cut (with "…") in every diagram.
inline constexpr size_t kMaxLabelBytes = 120;

// The elements a diagram draws: actors, components, boundaries and flows.
size_t DiagramElements(const Model& m);

// Graphviz DOT: actors and components as nodes (shape by kind), flows as labelled edges (dashed
// when unencrypted, red when unencrypted or unauthenticated), boundaries as nested clusters.
std::string RenderDot(const Model& m);

// Mermaid `flowchart LR` with a `subgraph` per boundary (nested), the same conventions as DOT.
std::string RenderMermaid(const Model& m);

// The DOT diagram laid out and rendered to an SVG document by the Graphviz library (libgvc), in
// a forked child process (Graphviz can crash on some graphs; the child also bounds the time and
// the size). An input error (exit 2) when the model has more than kMaxSvgElements diagram
// elements; an internal error (exit 3) if Graphviz fails, crashes or runs out of time. Call it
// from a single-threaded process (it forks).
Result<std::string> RenderSvg(const Model& m);

// `model report`: the questions a security team asks, answered from the model, then the ranked
// misuse cases, the generated threats and the assumptions. Markdown carries a Mermaid diagram.
std::string RenderReportMarkdown(const Model& m, const Analysis& a);

// The same report as one self-contained HTML page (inline CSS, no script). `svg` is the document
// RenderSvg gave (its XML prolog is dropped), or empty when the diagram was not laid out (the
// page then says why).
std::string RenderReportHtml(const Model& m, const Analysis& a, std::string_view svg);

// The text of a double-quoted DOT string for `text`: quotes and backslashes escaped, newlines as
// \n, '&' as &amp; (Graphviz decodes entities in labels), controls made visible, cut at
// kMaxLabelBytes. Without the surrounding quotes.
std::string DotString(std::string_view text);

// The text of a quoted Mermaid label for `text`: every ASCII character outside letters, digits,
// space and . , : - _ / + = ? ! ' @ % * ~ $ ^ written as a #NN; entity code, newlines and
// controls folded, cut at kMaxLabelBytes. Without the surrounding quotes.
std::string MermaidString(std::string_view text);

}  // namespace fledger::model::render
