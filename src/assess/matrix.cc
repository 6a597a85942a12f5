// Parsing and rendering of the Markdown matrix.
#include "assess/matrix.h"

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
  int category = -1, subcategory = -1, requirements = -1, example = -1, notes = -1, level = -1, status = -1;
};

Columns MapHeader(const std::vector<std::string>& cells) {
  Columns c;
  for (size_t i = 0; i < cells.size(); ++i) {
    const std::string h = ToLower(cells[i]);
    const int idx = static_cast<int>(i);
    if (h == "category") c.category = idx;
    else if (h == "subcategory" || h == "sub category") c.subcategory = idx;
    else if (h == "requirements" || h == "requirement") c.requirements = idx;
    else if (h == "example" || h == "examples" || h == "evidence") c.example = idx;
    else if (h == "notes" || h == "note") c.notes = idx;
    else if (h == "level") c.level = idx;
    else if (h == "status") c.status = idx;
  }
  return c;
}

std::string Cell(const std::vector<std::string>& cells, int idx) {
  return idx >= 0 && static_cast<size_t>(idx) < cells.size() ? cells[static_cast<size_t>(idx)] : "";
}

}  // namespace

Result<ParsedMatrix> ParseMatrix(std::string_view text, const std::string& context) {
  FLEDGER_RETURN_IF_ERROR(CheckTextInput(text, context, kMaxMatrixBytes, "matrix"));
  ParsedMatrix out;
  // Locate the table: between markers if present, else the first table whose header starts with
  // Category | Subcategory.
  size_t table_begin = std::string_view::npos, table_end = std::string_view::npos;
  size_t body_begin = 0, body_end = 0;
  const size_t mb = text.find(kMatrixBegin);
  if (mb != std::string_view::npos) {
    const size_t me = text.find(kMatrixEnd, mb);
    if (me == std::string_view::npos) {
      return InputError(ValidationStep::kSyntax, context + ":" + std::to_string(PositionOf(text, mb).line),
                        "matrix begin marker without an end marker");
    }
    table_begin = mb;
    table_end = me + kMatrixEnd.size();
    if (table_end < text.size() && text[table_end] == '\n') ++table_end;
    body_begin = mb + kMatrixBegin.size();
    body_end = me;
  } else {
    size_t pos = 0;
    while (pos < text.size()) {
      size_t eol = text.find('\n', pos);
      if (eol == std::string_view::npos) eol = text.size();
      const auto cells = SplitTableRow(text.substr(pos, eol - pos));
      if (Trim(text.substr(pos, eol - pos)).starts_with("|") && cells.size() >= 2 &&
          ToLower(cells[0]) == "category" &&
          (ToLower(cells[1]) == "subcategory" || ToLower(cells[1]) == "sub category")) {
        table_begin = pos;
        size_t end = eol;
        // The table runs while lines start with '|'.
        while (end < text.size()) {
          const size_t next = end + 1;
          size_t next_eol = text.find('\n', next);
          if (next_eol == std::string_view::npos) next_eol = text.size();
          if (next >= text.size() || !Trim(text.substr(next, next_eol - next)).starts_with("|")) break;
          end = next_eol;
        }
        table_end = end < text.size() ? end + 1 : end;
        body_begin = table_begin;
        body_end = end;
        break;
      }
      pos = eol + 1;
    }
  }
  if (table_begin == std::string_view::npos) {
    out.before = std::string(text);
    return out;
  }
  out.has_table = true;
  out.before = std::string(text.substr(0, table_begin));
  out.after = std::string(text.substr(table_end));
  Columns cols;
  bool header_seen = false;
  const std::string_view body = text.substr(body_begin, body_end - body_begin);
  for (const auto& raw : Split(body, '\n')) {
    const std::string_view line = Trim(raw);
    if (!line.starts_with("|")) continue;
    const auto cells = SplitTableRow(line);
    if (!header_seen) {
      cols = MapHeader(cells);
      header_seen = true;
      if (cols.category < 0 || cols.subcategory < 0) {
        return InputError(ValidationStep::kSyntax, context, "matrix table has no Category and Subcategory columns");
      }
      continue;
    }
    if (IsSeparatorRow(cells)) continue;
    MatrixRow row;
    row.category = Cell(cells, cols.category);
    row.subcategory = Cell(cells, cols.subcategory);
    row.requirements = Cell(cells, cols.requirements);
    row.example = Cell(cells, cols.example);
    row.notes = Cell(cells, cols.notes);
    row.level = Cell(cells, cols.level);
    row.status = Cell(cells, cols.status);
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
    out += "| " + r.category + " | " + r.subcategory + " | " + r.requirements + " | " + r.example + " | " +
           r.notes + " | " + r.level + " | " + r.status + " |\n";
  }
  out += kMatrixEnd;
  out += "\n";
  return out;
}

}  // namespace fledger::assess
