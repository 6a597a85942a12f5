// Private helpers shared by the renderers in report/; not part of the module's public interface.
//
// The public Render* functions sort a copy of their input and call the *Sorted functions here,
// so that Render (which sorts once) and each Render* give byte-identical output.
#pragma once

#include <array>
#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/finding.h"
#include "report/report.h"

namespace fledger::report::internal {

// The five severities, highest first: the order of every summary we print.
inline constexpr std::array<Severity::Level, 5> kLevelsHighFirst = {
    Severity::Level::kCritical, Severity::Level::kHigh, Severity::Level::kMedium,
    Severity::Level::kLow, Severity::Level::kInfo};

// Counts of the findings that are not suppressed (suppressed ones are counted apart: they never
// gate, but they are never hidden either).
struct SeverityCounts {
  size_t total = 0;
  size_t suppressed = 0;
  std::array<size_t, 5> by_level{};  // indexed by Severity::Level
  size_t Of(Severity::Level level) const { return by_level[static_cast<size_t>(level)]; }
};
SeverityCounts CountSeverities(const std::vector<Finding>& findings);

// A copy of `findings` in the stable output order (SortFindings).
std::vector<Finding> SortedCopy(const std::vector<Finding>& findings);

// "path:line", "path" when the finding has no line, "(repository)" for the scan root. Not escaped.
std::string LocationText(const Location& location);

// Where a secret found in git history came from, in words. Not escaped: each renderer escapes it.
// "introduced in abc1234 by Name <email> on 2024-05-01; in HEAD: no"
std::string GitIntroducedText(const GitProvenance& git);
// "paths: a.env, b.env, c.env (+2 more)", or "path: a.env"
std::string GitPathsText(const GitProvenance& git);
// Both, joined by "; ".
std::string GitProvenanceText(const GitProvenance& git);

// The `git` object of the JSON document, also the SARIF result's `properties.git`:
// {commit, author, date, paths, in_head}.
nlohmann::ordered_json GitJson(const GitProvenance& git);

// The renderers proper; `sorted` must already be in SortFindings order.
std::string JsonSorted(const std::vector<Finding>& sorted, const RenderOptions& options);
std::string SarifSorted(const std::vector<Finding>& sorted, const RenderOptions& options);
std::string MarkdownSorted(const std::vector<Finding>& sorted, const RenderOptions& options);
std::string TableSorted(const std::vector<Finding>& sorted, const RenderOptions& options);

}  // namespace fledger::report::internal
