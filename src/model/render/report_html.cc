// `model report` as one self-contained HTML page: inline CSS, the SVG diagram inline, no script
// (a Content-Security-Policy says so to the browser too), every model string through EscapeHtml.
#include <algorithm>
#include <cctype>

#include "core/text.h"
#include "model/render/render.h"
#include "model/render/report_internal.h"

namespace fledger::model::render {
namespace {

constexpr const char* kStyle = R"(body{font-family:system-ui,sans-serif;margin:2em auto;max-width:80em;padding:0 1em;color:#222}
h1{font-size:1.6em}h2{font-size:1.25em;margin-top:2em;border-bottom:1px solid #ccc}
.question{font-style:italic;color:#555}
table{border-collapse:collapse;width:100%;font-size:.9em}
th,td{border:1px solid #ccc;padding:.3em .5em;text-align:left;vertical-align:top;overflow-wrap:anywhere}
th{background:#f3f3f3}
.diagram{overflow:auto;border:1px solid #ddd;padding:.5em;margin-bottom:1em}
.diagram svg{max-width:100%;height:auto}
)";

// True if a tag in `svg` has an attribute whose name starts with "on" (an event handler).
bool HasEventHandler(std::string_view svg) {
  bool in_tag = false;
  for (size_t i = 0; i + 2 < svg.size(); ++i) {
    const char c = svg[i];
    if (c == '<') {
      in_tag = true;
    } else if (c == '>') {
      in_tag = false;
    } else if (in_tag && std::isspace(static_cast<unsigned char>(c)) &&
               std::tolower(static_cast<unsigned char>(svg[i + 1])) == 'o' &&
               std::tolower(static_cast<unsigned char>(svg[i + 2])) == 'n') {
      return true;
    }
  }
  return false;
}

// The <svg> element of an SVG document, without the XML prolog and doctype that have no place
// inside HTML; empty if it is not one, or if it carries anything active. Graphviz writes no
// scripts, event handlers or foreign objects, and escapes label text; this keeps the page's
// promise even if some Graphviz build did (a false alarm costs the picture, not the report).
std::string InlineSvg(std::string_view svg) {
  const size_t start = svg.find("<svg");
  if (start == std::string_view::npos) return "";
  const std::string_view element = svg.substr(start);
  if (ContainsCaseInsensitive(element, "<script") ||
      ContainsCaseInsensitive(element, "javascript:") ||
      ContainsCaseInsensitive(element, "<foreignobject") || HasEventHandler(element)) {
    return "";
  }
  return std::string(element);
}

}  // namespace

std::string RenderReportHtml(const Model& m, const Analysis& a, std::string_view svg) {
  const internal::ReportContent content = internal::ContentOf(m, a);
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
      "style-src 'unsafe-inline'; img-src data:\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
      EscapeHtml(content.title) + "</title>\n<style>\n" + kStyle + "</style>\n</head>\n<body>\n";
  out += "<h1>" + EscapeHtml(content.title) + "</h1>\n";
  if (!content.description.empty()) out += "<p>" + EscapeHtml(content.description) + "</p>\n";
  out += "<p>" + EscapeHtml(content.summary) + ".</p>\n";
  for (const internal::ReportTable& t : content.tables) {
    out += "<h2 id=\"" + EscapeHtml(t.anchor) + "\">" + EscapeHtml(t.title) + "</h2>\n";
    if (!t.question.empty()) out += "<p class=\"question\">" + EscapeHtml(t.question) + "</p>\n";
    if (t.anchor == internal::kDiagramAnchor) {
      const std::string inline_svg = InlineSvg(svg);
      if (!inline_svg.empty()) {
        out += "<div class=\"diagram\">\n" + inline_svg;
        if (out.back() != '\n') out += '\n';
        out += "</div>\n";
      } else {
        const size_t elements = DiagramElements(m);
        out += elements > kMaxSvgElements
                   ? "<p>The diagram was not drawn: the model has " + std::to_string(elements) +
                         " diagram elements and SVG lays out at most " +
                         std::to_string(kMaxSvgElements) + ".</p>\n"
                   : std::string("<p>The diagram was not drawn.</p>\n");
        out += "<p>threatmodel.md carries it as Mermaid, and <code>fledger model diagram "
               "--format dot</code> draws it for any size.</p>\n";
      }
    }
    if (t.rows.empty()) {
      out += "<p>" + EscapeHtml(t.empty) + "</p>\n";
      continue;
    }
    out += "<table>\n<thead><tr>";
    for (const std::string& h : t.header) out += "<th>" + EscapeHtml(h) + "</th>";
    out += "</tr></thead>\n<tbody>\n";
    for (const auto& row : t.rows) {
      out += "<tr>";
      for (const std::string& cell : row) out += "<td>" + EscapeHtml(cell) + "</td>";
      out += "</tr>\n";
    }
    out += "</tbody>\n</table>\n";
  }
  out += "</body>\n</html>\n";
  return out;
}

}  // namespace fledger::model::render
