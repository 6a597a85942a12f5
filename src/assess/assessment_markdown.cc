// The Markdown an assessment writes around the user's text: requirement and example cells of the
// matrix, the default introduction and the summary above the table.
#include <cstdio>
#include <string>
#include <vector>

#include "assess/assessment_internal.h"
#include "assess/matrix.h"
#include "core/text.h"

namespace fledger::assess::internal {

std::string RequirementCell(const Criterion& c) {
  std::string cell = EscapeMarkdownCell(CollapseWhitespace(c.text));
  if (c.explicit_id) cell = "`" + c.id + "` " + cell;
  return cell;
}

std::string ExampleCell(const RequirementOutcome& r) {
  std::vector<std::string> parts;
  if (!r.matched_skill.empty())
    parts.push_back("Matched skill: " + EscapeMarkdownCell(r.matched_skill));
  size_t shown = 0;
  for (const auto& e : r.evidence) {
    if (shown == 3) break;
    // A file name may hold pipes and backticks: the span escapes the one and outgrows the other,
    // so the row keeps its seven cells and the name reads back intact.
    std::string s =
        MarkdownCodeSpan(e.path.str() + (e.line > 0 ? ":" + std::to_string(e.line) : ""),
                         /*in_table_cell=*/true);
    if (!e.excerpt.empty())
      s += " " + EscapeMarkdownCell(Truncate(CollapseWhitespace(e.excerpt), 80));
    parts.push_back(s);
    ++shown;
  }
  if (r.evidence.size() > shown)
    parts.push_back("and " + std::to_string(r.evidence.size() - shown) + " more");
  if (r.evidence_records > 0) {
    parts.push_back("[Records found: " + std::to_string(r.evidence_records) + "](evidence.json)");
  }
  if (r.evidence.empty()) {
    for (const auto& c : r.checks) {
      if (!c.result.note.empty()) {
        parts.push_back(EscapeMarkdownCell(c.result.note));
        break;
      }
    }
  }
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : "<br>") + p;
  return out;
}

std::string DefaultIntro(const AssessmentOutcome& o) {
  const bool user = o.kind == AssessmentKind::kUser;
  std::string out = user ? "# Skill assessment: " : "# Project assessment: ";
  out += EscapeMarkdown(o.catalog.title) + "\n\n";
  out += user ? "Your skill matrix, built by Fledger from the catalog "
              : "The project matrix, built by Fledger from the catalog ";
  out += EscapeMarkdown(o.catalog.title);
  if (!user) out += " for " + MarkdownCodeSpan(o.subject, /*in_table_cell=*/false);
  out +=
      ". Write in the notes column and anywhere outside the table: Fledger keeps that text every "
      "time it rebuilds or updates the matrix. To decide a requirement yourself, type `met`, "
      "`partial`, `unmet`, `needs-review` or `n/a` in its Status cell.\n\n";
  return out;
}

std::string SummaryBlock(const AssessmentOutcome& o) {
  char pct[32];
  std::snprintf(pct, sizeof(pct), "%.0f%%", o.percent_to_target);
  std::string out;
  out += std::string(kMatrixSummaryLead) + EscapeMarkdown(o.catalog.LevelName(o.target_level)) +
         "** (" + std::to_string(o.target_level) + " of " +
         std::to_string(o.catalog.levels.size()) + "). Progress to target: **" + pct + "**. ";
  out += std::to_string(o.requirements.size()) + " requirements: " + std::to_string(o.met) +
         " met, " + std::to_string(o.partial) + " partial, " + std::to_string(o.unmet) +
         " unmet, " + std::to_string(o.needs_review) + " needs review, " +
         std::to_string(o.not_applicable) + " n/a; " + std::to_string(o.decided_auto) +
         " decided automatically.\n\n";
  for (const auto& c : o.categories) {
    std::snprintf(pct, sizeof(pct), "%.0f%%", c.percent_to_target);
    out += "- " + EscapeMarkdown(c.name) + ": level " +
           (c.achieved_level > 0 ? EscapeMarkdown(o.catalog.LevelName(c.achieved_level))
                                 : std::string("none yet")) +
           ", " + pct + " to target\n";
  }
  out += "\n";
  return out;
}

}  // namespace fledger::assess::internal
