// Renderers for findings: table (terminal), JSON, SARIF 2.1.0 and Markdown.
//
// Renderers know only core types. Every string from a scanned repository is escaped for the
// medium (terminal control characters, Markdown punctuation, JSON via the serializer), and the
// output is deterministic for the same input (findings are sorted with SortFindings first).
//
//   std::string out = Render(Format::kSarif, findings, RenderOptions{.tool = info});
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/finding.h"

namespace fledger::report {

enum class Format { kTable, kJson, kSarif, kMarkdown };

// Accepts table|json|sarif|md|markdown (any case); error (semantics step) otherwise.
Result<Format> ParseFormat(std::string_view text);
std::string_view FormatName(Format format);

struct RenderOptions {
  ToolInfo tool;
  bool color = false;                      // ANSI colours in the table renderer
  std::string title = "Fledger findings";  // Markdown heading
};

// The JSON document: {"schema_version": 1, "tool": {...}, "findings": [...]} with the Finding
// fields in snake_case (schemas/findings.schema.json).
std::string RenderJson(const std::vector<Finding>& findings, const RenderOptions& options);
// SARIF 2.1.0 with one run, rules deduplicated in tool.driver.rules, partialFingerprints set.
std::string RenderSarif(const std::vector<Finding>& findings, const RenderOptions& options);
// A Markdown report: summary by severity, then a table of findings.
std::string RenderMarkdown(const std::vector<Finding>& findings, const RenderOptions& options);
// A fixed-width table for terminals, with a closing summary line.
std::string RenderTable(const std::vector<Finding>& findings, const RenderOptions& options);

// Dispatches on `format`. The input vector is copied and sorted; the caller's order is kept.
std::string Render(Format format, const std::vector<Finding>& findings,
                   const RenderOptions& options);

}  // namespace fledger::report
