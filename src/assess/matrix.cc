// Parsing and rendering of the Markdown matrix.
#include "assess/matrix.h"

#include <utility>

#include "assess/model.h"
#include "core/input.h"
#include "core/text.h"

namespace fledger::assess {

std::vector<std::string> SplitTableRow(std::string_view line) {
  std::string_view t = Trim(line);
  if (!t.empty() && t.front() == '|') t.remove_prefix(1);
  std::vector<std::string> cells;
  size_t start = 0;
  for (size_t i = 0; i < t.size(); ++i) {
    // As in GFM, a pipe right after a backslash is part of the cell, however many backslashes
    // precede it: "a \\| b" is one cell there, and reading it as two here would cut a note.
    if (t[i] != '|' || (i > 0 && t[i - 1] == '\\')) continue;
    cells.emplace_back(Trim(t.substr(start, i - start)));
    start = i + 1;
  }
  // A trailing pipe closes the last cell; it does not open an empty one.
  if (start < t.size() || cells.empty()) cells.emplace_back(Trim(t.substr(start)));
  return cells;
}

namespace {

bool IsSeparatorRow(const std::vector<std::string>& cells) {
  if (cells.empty()) return false;
  for (const auto& c : cells) {
    if (c.empty()) return false;
    for (char ch : c)
      if (ch != '-' && ch != ':' && ch != ' ') return false;
  }
  return true;
}

struct Columns {
  int category = -1, subcategory = -1, requirements = -1, example = -1, notes = -1, level = -1,
      status = -1;
};

Columns MapHeader(const std::vector<std::string>& cells) {
  Columns c;
  for (size_t i = 0; i < cells.size(); ++i) {
    const std::string h = ToLower(cells[i]);
    const int idx = static_cast<int>(i);
    if (h == "category")
      c.category = idx;
    else if (h == "subcategory" || h == "sub category")
      c.subcategory = idx;
    else if (h == "requirements" || h == "requirement")
      c.requirements = idx;
    else if (h == "example" || h == "examples" || h == "evidence")
      c.example = idx;
    else if (h == "notes" || h == "note")
      c.notes = idx;
    else if (h == "level")
      c.level = idx;
    else if (h == "status")
      c.status = idx;
  }
  return c;
}

std::string Cell(const std::vector<std::string>& cells, int idx) {
  return idx >= 0 && static_cast<size_t>(idx) < cells.size() ? cells[static_cast<size_t>(idx)] : "";
}

// The start of the line before the one starting at `pos` (> 0), and that line without its '\n'.
std::pair<size_t, std::string_view> PreviousLine(std::string_view text, size_t pos) {
  const size_t end = pos - 1;  // the '\n' ending the previous line
  const size_t nl = end == 0 ? std::string_view::npos : text.rfind('\n', end - 1);
  const size_t start = nl == std::string_view::npos ? 0 : nl + 1;
  return {start, text.substr(start, end - start)};
}

// Where the summary Fledger writes above the table (its lead line, bullets and blank lines, and
// the blank line after the begin marker) starts, if the lines right above `table_begin` are one;
// else `table_begin`.
size_t GeneratedSummaryStart(std::string_view text, size_t table_begin) {
  size_t pos = table_begin;
  while (pos > 0) {
    const auto [start, line] = PreviousLine(text, pos);
    if (StartsWith(line, kMatrixSummaryLead)) {
      if (start > 0 && Trim(PreviousLine(text, start).second).empty()) {
        return PreviousLine(text, start).first;
      }
      return start;
    }
    if (!Trim(line).empty() && !StartsWith(line, "- ")) break;
    pos = start;
  }
  return table_begin;
}

// `line` without Fledger's markers, and whether it had any. Characters go onto a stack and a
// marker is popped the moment its last character arrives, so that cutting one out cannot join
// the text around it into another ("<!-- fledger:matrix:begin <!-- fledger:matrix:end -->-->")
// and the work stays linear.
std::pair<std::string, bool> CutMarkers(std::string_view line) {
  std::string out;
  bool cut = false;
  for (const char c : line) {
    out += c;
    for (const std::string_view marker : {kMatrixBegin, kMatrixEnd}) {
      if (out.ends_with(marker)) {
        out.resize(out.size() - marker.size());
        cut = true;
        break;
      }
    }
  }
  return {std::move(out), cut};
}

// `text` without Fledger's markers: a line holding only a marker goes, a marker inside a line
// is cut out. A marker left in the user's text would be written back on every update, and the
// next parse could take it for the table's bounds.
std::string WithoutMarkers(std::string_view text) {
  if (text.find("<!-- fledger:matrix:") == std::string_view::npos) return std::string(text);
  std::string out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t eol = text.find('\n', pos);
    const size_t next = eol == std::string_view::npos ? text.size() : eol + 1;
    if (eol == std::string_view::npos) eol = text.size();
    auto [line, cut] = CutMarkers(text.substr(pos, eol - pos));
    if (!(cut && Trim(line).empty())) out += line + std::string(text.substr(eol, next - eol));
    pos = next;
  }
  return out;
}

// The first table whose header starts with Category | Subcategory, as [begin, end) of its
// lines (end at the '\n' of its last line or the end of the text); begin is npos if none.
std::pair<size_t, size_t> FindPrototypeTable(std::string_view text) {
  size_t pos = 0;
  while (pos < text.size()) {
    size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    const std::string_view line = text.substr(pos, eol - pos);
    const auto cells = SplitTableRow(line);
    if (Trim(line).starts_with("|") && cells.size() >= 2 && ToLower(cells[0]) == "category" &&
        (ToLower(cells[1]) == "subcategory" || ToLower(cells[1]) == "sub category")) {
      size_t end = eol;
      // The table runs while lines start with '|'.
      while (end < text.size()) {
        const size_t next = end + 1;
        size_t next_eol = text.find('\n', next);
        if (next_eol == std::string_view::npos) next_eol = text.size();
        if (next >= text.size() || !Trim(text.substr(next, next_eol - next)).starts_with("|")) {
          break;
        }
        end = next_eol;
      }
      return {pos, end};
    }
    pos = eol + 1;
  }
  return {std::string_view::npos, 0};
}

}  // namespace

Result<ParsedMatrix> ParseMatrix(std::string_view text, const std::string& context) {
  FLEDGER_RETURN_IF_ERROR(CheckTextInput(text, context, kMaxMatrixBytes, "matrix"));
  ParsedMatrix out;
  // Locate the table: between markers if present, else the first table whose header starts with
  // Category | Subcategory.
  size_t table_begin = std::string_view::npos, table_end = std::string_view::npos;
  size_t body_begin = 0, body_end = 0;
  const auto past_marker = [&](size_t marker_end) {
    return marker_end < text.size() && text[marker_end] == '\n' ? marker_end + 1 : marker_end;
  };
  const size_t mb = text.find(kMatrixBegin);
  if (mb != std::string_view::npos) {
    const size_t me = text.find(kMatrixEnd, mb);
    if (me == std::string_view::npos) {
      return InputError(ValidationStep::kSyntax,
                        context + ":" + std::to_string(PositionOf(text, mb).line),
                        "matrix begin marker without an end marker");
    }
    table_begin = mb;
    table_end = past_marker(me + kMatrixEnd.size());
    body_begin = mb + kMatrixBegin.size();
    body_end = me;
  } else if (const auto [begin, end] = FindPrototypeTable(text); begin != std::string_view::npos) {
    table_begin = begin;
    table_end = end < text.size() ? end + 1 : end;
    body_begin = begin;
    body_end = end;
    // An end marker right below the table, its begin marker deleted by hand: the generated
    // block still runs from Fledger's summary above the table to that marker. Left to the user's
    // text, both would be written again, once more with each update.
    const size_t me = text.find(kMatrixEnd, end);
    if (me != std::string_view::npos && Trim(text.substr(end, me - end)).empty()) {
      table_begin = GeneratedSummaryStart(text, begin);
      table_end = past_marker(me + kMatrixEnd.size());
    }
  }
  if (table_begin == std::string_view::npos) {
    out.before = WithoutMarkers(text);
    return out;
  }
  out.has_table = true;
  out.before = WithoutMarkers(text.substr(0, table_begin));
  out.after = WithoutMarkers(text.substr(table_end));
  Columns cols;
  size_t header_cells = 0;
  bool header_seen = false;
  const std::string_view body = text.substr(body_begin, body_end - body_begin);
  int line_no = static_cast<int>(PositionOf(text, body_begin).line);
  for (const auto& raw : Split(body, '\n')) {
    const int this_line = line_no++;
    const std::string_view line = Trim(raw);
    if (!line.starts_with("|")) continue;
    auto cells = SplitTableRow(line);
    if (!header_seen) {
      cols = MapHeader(cells);
      header_cells = cells.size();
      header_seen = true;
      if (cols.category < 0 || cols.subcategory < 0) {
        return InputError(ValidationStep::kSyntax, context,
                          "matrix table has no Category and Subcategory columns");
      }
      continue;
    }
    if (IsSeparatorRow(cells)) continue;
    const std::string where = context + ":" + std::to_string(this_line);
    if (cells.size() > header_cells) {
      // Most likely a '|' typed in a note without its backslash, which shifts every cell after
      // it. Fledger writes every other cell itself, so the surplus belongs to the notes: join it
      // back with an escaped pipe rather than lose the user's words.
      const size_t extra = cells.size() - header_cells;
      std::string fate = "the extra cells are ignored";
      if (cols.notes >= 0) {
        const auto first = cells.begin() + cols.notes;
        std::string joined = *first;
        for (auto it = first + 1; it != first + 1 + static_cast<std::ptrdiff_t>(extra); ++it) {
          joined += " \\| " + *it;
        }
        *first = std::move(joined);
        cells.erase(first + 1, first + 1 + static_cast<std::ptrdiff_t>(extra));
        fate = "the notes cell keeps them, joined with \\|";
      }
      out.warnings.push_back(where + ": row has " + std::to_string(header_cells + extra) +
                             " cells but the header has " + std::to_string(header_cells) + "; " +
                             fate + " (write \\| for a '|' in a cell)");
    }
    MatrixRow row;
    row.category = Cell(cells, cols.category);
    row.subcategory = Cell(cells, cols.subcategory);
    row.requirements = Cell(cells, cols.requirements);
    row.example = Cell(cells, cols.example);
    row.notes = Cell(cells, cols.notes);
    row.level = Cell(cells, cols.level);
    row.status = Cell(cells, cols.status);
    row.line = this_line;
    if (!ParseReqStatus(row.status).ok()) {
      // Not a decision; the assessment keeps to what the checks say, so the user must hear of it.
      out.warnings.push_back(where + ": unknown Status '" + Truncate(row.status, 60) +
                             "' ignored (use met, partial, unmet, needs-review or n/a)");
    }
    out.rows.push_back(std::move(row));
  }
  return out;
}

std::string RenderMatrixTable(const std::vector<MatrixRow>& rows) {
  std::string out;
  out += kMatrixBegin;
  out += "\n| Category | Subcategory | Requirements | example | notes | Level | Status |\n";
  out += "|---|---|---|---|---|---|---|\n";
  for (const auto& r : rows) {
    out += "| " + r.category + " | " + r.subcategory + " | " + r.requirements + " | " + r.example +
           " | " + r.notes + " | " + r.level + " | " + r.status + " |\n";
  }
  out += kMatrixEnd;
  out += "\n";
  return out;
}

}  // namespace fledger::assess
