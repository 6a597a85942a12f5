// The Markdown skill/project matrix: rendered for people, parsed back to keep what they wrote.
//
// The table sits between two HTML comments; everything above and below is the user's and is
// kept byte for byte. The notes column (and a Status the user typed) survive every rebuild.
// Tables written by the prototype (no markers, columns Category | Subcategory | Requirements |
// example | notes) are recognised too.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace fledger::assess {

inline constexpr std::string_view kMatrixBegin = "<!-- fledger:matrix:begin -->";
inline constexpr std::string_view kMatrixEnd = "<!-- fledger:matrix:end -->";
inline constexpr uint64_t kMaxMatrixBytes = 16u << 20;
// How the summary Fledger writes inside the markers, above the table, begins. It lets the
// parser recognise that summary as Fledger's when the user deleted the begin marker.
inline constexpr std::string_view kMatrixSummaryLead = "Target level: **";

// One table row as Markdown cell text (already escaped; notes are the user's raw Markdown).
struct MatrixRow {
  std::string category;
  std::string subcategory;
  std::string requirements;
  std::string example;
  std::string notes;
  std::string level;
  std::string status;
  int line = 0;  // where the row was in the parsed file (1-based); 0 for rows not read from one
};

struct ParsedMatrix {
  std::string before;  // text above the table (kept)
  std::string after;   // text below the table (kept)
  std::vector<MatrixRow> rows;
  bool has_table = false;
  // "file:line: ..." for what the parser read but will not use (a Status it does not know, a
  // row with more cells than the header); the caller logs them.
  std::vector<std::string> warnings;
};

// Parses a matrix file. A file without a recognisable table keeps all its text in `before`.
// The markers belong to Fledger: an end marker whose begin marker was deleted still ends the
// table (and the summary Fledger wrote above the table is recognised as its), and markers left
// in the text around the table are dropped, so the next render has exactly one pair.
Result<ParsedMatrix> ParseMatrix(std::string_view text, const std::string& context);

// Splits one Markdown table line into cells the way GFM does: a pipe preceded by a backslash does
// not end a cell (even after another backslash, and even inside a code span). Cells are trimmed
// and keep their escapes.
std::vector<std::string> SplitTableRow(std::string_view line);

// Renders the table block (markers included) for `rows`.
std::string RenderMatrixTable(const std::vector<MatrixRow>& rows);

}  // namespace fledger::assess
