// Fuzz target: a fuzzed threat model, loaded, drawn as DOT and Mermaid and reported as Markdown
// and HTML (the SVG layout is left out: Graphviz is slow on large inputs, and render_test.cc
// covers it). Asserts no crash, and the structural promises each renderer makes about untrusted
// text: DOT braces balance, Mermaid quotes pair, and no output a browser reads (Mermaid,
// Markdown, HTML) writes a <script. DOT may: a label is literal text there, and Graphviz escapes
// it in the SVG (render_test.cc).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "model/load.h"
#include "model/render/render.h"
#include "model/threats.h"

namespace {
bool HasScript(const std::string& text) { return text.find("<script") != std::string::npos; }
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto m = fledger::model::LoadModel(text, "threatmodel.yaml");
  if (!m.ok()) return 0;
  namespace render = fledger::model::render;
  const std::string dot = render::RenderDot(m.value());
  // Braces inside labels are quoted text; count only those outside quoted strings.
  long depth = 0;
  bool quoted = false;
  for (size_t i = 0; i < dot.size(); ++i) {
    const char c = dot[i];
    if (quoted) {
      if (c == '\\') ++i;
      else if (c == '"') quoted = false;
    } else if (c == '"') {
      quoted = true;
    } else if (c == '{' || c == '}') {
      depth += c == '{' ? 1 : -1;
      if (depth < 0) __builtin_trap();
    }
  }
  if (depth != 0 || quoted) __builtin_trap();
  const std::string mermaid = render::RenderMermaid(m.value());
  if (std::count(mermaid.begin(), mermaid.end(), '"') % 2 != 0) __builtin_trap();
  const auto analysis = fledger::model::Analyze(m.value());
  const std::string md = render::RenderReportMarkdown(m.value(), analysis);
  const std::string html = render::RenderReportHtml(m.value(), analysis, "");
  if (HasScript(mermaid) || HasScript(md) || HasScript(html)) __builtin_trap();
  return 0;
}
