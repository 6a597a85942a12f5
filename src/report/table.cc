// The terminal renderer: a fixed-width table that fits 100 columns, then a one-line summary.
#include <algorithm>
#include <string>
#include <vector>

#include "core/text.h"
#include "report/internal.h"

namespace fledger::report::internal {
namespace {

constexpr size_t kLineWidth = 100;
constexpr size_t kGap = 2;            // spaces between columns
constexpr size_t kSeverityWidth = 8;  // "CRITICAL"
constexpr size_t kMaxRuleWidth = 30;
constexpr size_t kMaxLocationWidth = 32;
constexpr const char* kEllipsis = "\xE2\x80\xA6";

// Display width of valid UTF-8 text, counted as one column per code point. Wide (East Asian)
// and zero-width characters make this approximate; control characters were escaped before.
size_t DisplayWidth(std::string_view text) {
  return static_cast<size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

// Cuts valid UTF-8 `text` to at most `width` columns, ending in "…" when it was cut.
std::string FitWidth(std::string_view text, size_t width) {
  if (DisplayWidth(text) <= width) return std::string(text);
  if (width == 0) return "";
  size_t columns = 0;
  size_t end = 0;
  while (end < text.size()) {
    size_t next = end + 1;
    while (next < text.size() && (static_cast<unsigned char>(text[next]) & 0xC0) == 0x80) ++next;
    if (columns + 1 > width - 1) break;  // keep one column for the ellipsis
    ++columns;
    end = next;
  }
  return std::string(text.substr(0, end)) + kEllipsis;
}

// Untrusted text made safe for a terminal cell: controls and bidi characters shown as escapes,
// and tabs (which EscapeTerminal keeps) turned into spaces so that columns stay aligned.
std::string SafeCell(std::string_view text) {
  std::string safe = EscapeTerminal(text);
  std::replace(safe.begin(), safe.end(), '\t', ' ');
  return safe;
}

std::string Padded(const std::string& text, size_t width) {
  const size_t used = DisplayWidth(text);
  return used >= width ? text : text + std::string(width - used, ' ');
}

std::string Upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

std::string_view SeverityColor(Severity::Level level) {
  switch (level) {
    case Severity::Level::kCritical:
      return "\x1b[1;31m";  // bold red
    case Severity::Level::kHigh:
      return "\x1b[31m";  // red
    case Severity::Level::kMedium:
      return "\x1b[33m";  // yellow
    case Severity::Level::kLow:
      return "\x1b[36m";  // cyan
    case Severity::Level::kInfo:
      return "\x1b[2m";  // dim
  }
  return "";
}
constexpr std::string_view kColorReset = "\x1b[0m";

struct Row {
  Severity::Level level = Severity::Level::kInfo;
  std::string severity, rule, location, title;
  std::vector<std::string> details;  // indented lines below (a secret's git provenance)
};

std::string TrimRight(std::string line) {
  while (!line.empty() && line.back() == ' ') line.pop_back();
  return line;
}

std::string SummaryLine(const SeverityCounts& counts) {
  std::string line =
      std::to_string(counts.total) + (counts.total == 1 ? " finding (" : " findings (");
  bool first = true;
  for (Severity::Level level : kLevelsHighFirst) {
    if (!first) line += ", ";
    first = false;
    line += std::to_string(counts.Of(level)) + " " + std::string(Severity::Of(level).name());
  }
  line += ")";
  if (counts.suppressed > 0) line += ", " + std::to_string(counts.suppressed) + " suppressed";
  line += "\n";
  return line;
}

}  // namespace

std::string TableSorted(const std::vector<Finding>& sorted, const RenderOptions& options) {
  const SeverityCounts counts = CountSeverities(sorted);
  if (sorted.empty()) return SummaryLine(counts);

  std::vector<Row> rows;
  rows.reserve(sorted.size());
  size_t rule_width = DisplayWidth("RULE");
  size_t location_width = DisplayWidth("LOCATION");
  for (const Finding& f : sorted) {
    Row row;
    row.level = f.severity.level();
    row.severity = Upper(f.severity.name());
    row.rule = SafeCell(f.rule_id.str());
    row.location = SafeCell(LocationText(f.location));
    row.title = SafeCell(f.suppression ? "[suppressed: " + f.suppression->reason + "] " + f.title
                                       : f.title);
    if (f.git.has_value()) {
      // The paths only when there are several: one path is the location already.
      row.details.push_back(SafeCell(GitIntroducedText(*f.git)));
      if (f.git->paths.size() > 1) row.details.push_back(SafeCell(GitPathsText(*f.git)));
    }
    rule_width = std::max(rule_width, DisplayWidth(row.rule));
    location_width = std::max(location_width, DisplayWidth(row.location));
    rows.push_back(std::move(row));
  }
  rule_width = std::min(rule_width, kMaxRuleWidth);
  location_width = std::min(location_width, kMaxLocationWidth);
  // The title takes what is left; the caps above leave it at least 24 columns.
  const size_t title_width = kLineWidth - kSeverityWidth - rule_width - location_width - 3 * kGap;
  const std::string gap(kGap, ' ');

  const auto line = [&](const std::string& severity_cell, const std::string& rule,
                        const std::string& location, const std::string& title) {
    return TrimRight(severity_cell + gap + Padded(FitWidth(rule, rule_width), rule_width) + gap +
                     Padded(FitWidth(location, location_width), location_width) + gap +
                     FitWidth(title, title_width)) +
           "\n";
  };

  std::string out = line(Padded("SEVERITY", kSeverityWidth), "RULE", "LOCATION", "TITLE");
  for (const Row& row : rows) {
    // Padding goes outside the colour codes so that they do not count towards the width.
    std::string severity_cell = options.color ? std::string(SeverityColor(row.level)) +
                                                    row.severity + std::string(kColorReset)
                                              : row.severity;
    severity_cell += std::string(kSeverityWidth - row.severity.size(), ' ');
    out += line(severity_cell, row.rule, row.location, row.title);
    const std::string indent(kSeverityWidth + kGap, ' ');
    for (const std::string& detail : row.details) {
      out += indent + FitWidth(detail, kLineWidth - indent.size()) + "\n";
    }
  }
  out += '\n';
  out += SummaryLine(counts);
  return out;
}

}  // namespace fledger::report::internal
