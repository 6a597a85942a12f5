// Format selection, dispatch, and the helpers every renderer shares (sorting, counting).
#include "report/report.h"

#include "core/text.h"
#include "report/internal.h"

namespace fledger::report {
namespace internal {

SeverityCounts CountSeverities(const std::vector<Finding>& findings) {
  SeverityCounts counts;
  for (const Finding& f : findings) {
    if (f.suppression) {
      ++counts.suppressed;
      continue;
    }
    ++counts.total;
    ++counts.by_level[static_cast<size_t>(f.severity.level())];
  }
  return counts;
}

std::vector<Finding> SortedCopy(const std::vector<Finding>& findings) {
  std::vector<Finding> copy = findings;
  SortFindings(copy);
  return copy;
}

std::string LocationText(const Location& location) {
  if (location.path.is_root()) return "(repository)";
  if (location.line <= 0) return location.path.str();
  return location.path.str() + ":" + std::to_string(location.line);
}

std::string GitIntroducedText(const GitProvenance& git) {
  // Seven hex digits, as `git log --oneline` shows by default; the JSON and SARIF keep the full id.
  constexpr size_t kShortCommit = 7;
  std::string text = "introduced in " + git.commit.substr(0, kShortCommit);
  if (!git.author.empty()) text += " by " + git.author;
  if (!git.date.empty()) text += " on " + git.date.substr(0, 10);  // the day: YYYY-MM-DD
  text += std::string("; in HEAD: ") + (git.in_head ? "yes" : "no");
  return text;
}

std::string GitPathsText(const GitProvenance& git) {
  constexpr size_t kPathsShown = 3;
  std::string text = git.paths.size() == 1 ? "path: " : "paths: ";
  for (size_t i = 0; i < git.paths.size() && i < kPathsShown; ++i) {
    if (i > 0) text += ", ";
    text += git.paths[i].str();
  }
  if (git.paths.size() > kPathsShown) {
    text += " (+" + std::to_string(git.paths.size() - kPathsShown) + " more)";
  }
  return text;
}

std::string GitProvenanceText(const GitProvenance& git) {
  if (git.paths.empty()) return GitIntroducedText(git);
  return GitIntroducedText(git) + "; " + GitPathsText(git);
}

}  // namespace internal

Result<Format> ParseFormat(std::string_view text) {
  const std::string t = ToLower(Trim(text));
  if (t == "table") return Format::kTable;
  if (t == "json") return Format::kJson;
  if (t == "sarif") return Format::kSarif;
  if (t == "md" || t == "markdown") return Format::kMarkdown;
  return InputError(ValidationStep::kSemantics,
                    "output format '" + EscapeTerminal(Truncate(text, 40)) + "'",
                    "expected table, json, sarif or md");
}

std::string_view FormatName(Format format) {
  switch (format) {
    case Format::kTable:
      return "table";
    case Format::kJson:
      return "json";
    case Format::kSarif:
      return "sarif";
    case Format::kMarkdown:
      return "md";
  }
  return "table";
}

std::string RenderJson(const std::vector<Finding>& findings, const RenderOptions& options) {
  return internal::JsonSorted(internal::SortedCopy(findings), options);
}

std::string RenderSarif(const std::vector<Finding>& findings, const RenderOptions& options) {
  return internal::SarifSorted(internal::SortedCopy(findings), options);
}

std::string RenderMarkdown(const std::vector<Finding>& findings, const RenderOptions& options) {
  return internal::MarkdownSorted(internal::SortedCopy(findings), options);
}

std::string RenderTable(const std::vector<Finding>& findings, const RenderOptions& options) {
  return internal::TableSorted(internal::SortedCopy(findings), options);
}

std::string Render(Format format, const std::vector<Finding>& findings,
                   const RenderOptions& options) {
  const std::vector<Finding> sorted = internal::SortedCopy(findings);
  switch (format) {
    case Format::kTable:
      return internal::TableSorted(sorted, options);
    case Format::kJson:
      return internal::JsonSorted(sorted, options);
    case Format::kSarif:
      return internal::SarifSorted(sorted, options);
    case Format::kMarkdown:
      return internal::MarkdownSorted(sorted, options);
  }
  return internal::TableSorted(sorted, options);
}

}  // namespace fledger::report
