// The Markdown renderer: a heading, a count per severity, and one table row per finding.
#include <string>

#include "core/text.h"
#include "report/internal.h"

namespace fledger::report::internal {
namespace {

// Every cell goes through here: pipes, Markdown punctuation and HTML are escaped, newlines become
// <br>, and control and bidi characters become visible escapes.
std::string Cell(std::string_view text) { return EscapeMarkdownCell(text); }

std::string Row(std::initializer_list<std::string_view> cells) {
  std::string row = "|";
  for (std::string_view cell : cells) {
    row += ' ';
    row += cell;
    row += " |";
  }
  row += '\n';
  return row;
}

std::string Capitalized(std::string_view word) {
  std::string out(word);
  if (!out.empty() && out[0] >= 'a' && out[0] <= 'z')
    out[0] = static_cast<char>(out[0] - 'a' + 'A');
  return out;
}

std::string RemediationText(const Remediation& remediation) {
  std::string text = remediation.text;
  const std::string& fixed = remediation.fixed_version;
  if (!fixed.empty() && text.find(fixed) == std::string::npos) {
    if (!text.empty()) text += ' ';
    text += "(fixed in " + fixed + ")";
  }
  return text;
}

// The title, and for a secret found in git history its provenance on more lines of the cell
// (Cell turns a newline into <br>); the paths only when there are several.
std::string TitleText(const Finding& f) {
  if (!f.git.has_value()) return f.title;
  std::string text = f.title + "\n" + GitIntroducedText(*f.git);
  if (f.git->paths.size() > 1) text += "\n" + GitPathsText(*f.git);
  return text;
}

}  // namespace

std::string MarkdownSorted(const std::vector<Finding>& sorted, const RenderOptions& options) {
  // The title is one line of prose: collapsing whitespace keeps a newline in it from starting a
  // new block (a heading or a list) after the "# ".
  std::string out = "# " + EscapeMarkdown(CollapseWhitespace(options.title)) + "\n\n";
  if (sorted.empty()) {
    out += "No findings.\n";
    return out;
  }

  const SeverityCounts counts = CountSeverities(sorted);
  out += Row({"Severity", "Count"});
  out += Row({"---", "---:"});
  for (Severity::Level level : kLevelsHighFirst) {
    out += Row({Capitalized(Severity::Of(level).name()), std::to_string(counts.Of(level))});
  }
  out += Row({"**Total**", "**" + std::to_string(counts.total) + "**"});
  if (counts.suppressed > 0) out += Row({"Suppressed", std::to_string(counts.suppressed)});

  out += "\n## Findings\n\n";
  out += Row({"Severity", "Rule", "Location", "Title", "Remediation"});
  out += Row({"---", "---", "---", "---", "---"});
  for (const Finding& f : sorted) {
    if (f.suppression) continue;
    out += Row({Cell(f.severity.name()), Cell(f.rule_id.str()), Cell(LocationText(f.location)),
                Cell(TitleText(f)), Cell(RemediationText(f.remediation))});
  }
  if (counts.suppressed > 0) {
    out += "\n## Suppressed\n\n";
    out += Row({"Severity", "Rule", "Location", "Title", "Reason", "Expires"});
    out += Row({"---", "---", "---", "---", "---", "---"});
    for (const Finding& f : sorted) {
      if (!f.suppression) continue;
      out += Row({Cell(f.severity.name()), Cell(f.rule_id.str()), Cell(LocationText(f.location)),
                  Cell(TitleText(f)), Cell(f.suppression->reason), Cell(f.suppression->expires)});
    }
  }
  return out;
}

}  // namespace fledger::report::internal
