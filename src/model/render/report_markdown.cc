// `model report` in Markdown: the report's tables (report_internal.h) with every cell escaped by
// the house helper (EscapeMarkdownCell), and the diagram as a Mermaid block.
#include "core/text.h"
#include "model/render/render.h"
#include "model/render/report_internal.h"

namespace fledger::model::render {
namespace {

std::string Row(const std::vector<std::string>& cells, bool escape) {
  std::string row = "|";
  for (const std::string& cell : cells) {
    row += ' ';
    row += escape ? EscapeMarkdownCell(cell) : cell;
    row += " |";
  }
  return row + "\n";
}

// One line of prose: whitespace collapsed, so that a newline in the model cannot start a new
// block (a heading, a list, a fence).
std::string Prose(std::string_view text) { return EscapeMarkdown(CollapseWhitespace(text)); }

}  // namespace

std::string RenderReportMarkdown(const Model& m, const Analysis& a) {
  const internal::ReportContent content = internal::ContentOf(m, a);
  std::string out = "# " + Prose(content.title) + "\n\n";
  if (!content.description.empty()) out += Prose(content.description) + "\n\n";
  out += Prose(content.summary) + ".\n";
  for (const internal::ReportTable& t : content.tables) {
    out += "\n## " + Prose(t.title) + "\n\n";
    if (!t.question.empty()) out += "_" + Prose(t.question) + "_\n\n";
    if (t.anchor == internal::kDiagramAnchor) {
      // Mermaid labels carry no backtick (MermaidString codes it), so the fence cannot close
      // early.
      out += "```mermaid\n" + RenderMermaid(m) + "```\n\n";
    }
    if (t.rows.empty()) {
      out += Prose(t.empty) + "\n";
      continue;
    }
    out += Row(t.header, true);
    out += Row(std::vector<std::string>(t.header.size(), "---"), false);
    for (const auto& row : t.rows) out += Row(row, true);
  }
  return out;
}

}  // namespace fledger::model::render
