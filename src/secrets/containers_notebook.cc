// Jupyter notebooks as text parts: cell sources and outputs, each line mapped to the .ipynb line
// that holds it.
//
// JSON parsers give values, not positions, so positions come from counting: a valid JSON text
// read in document order meets its string tokens (object keys and string values) in the same
// order as a pre-order walk of the ordered DOM meets them (duplicate keys are rejected by the
// parser, so none is lost). One pass over the raw text records the line of every string token;
// the walk numbers every node by the string tokens before it. The k-th string of the walk then
// lies on the line of the k-th token, whatever the notebook's formatting.
#include <cstring>
#include <unordered_map>

#include "core/input.h"
#include "core/text.h"
#include "secrets/containers.h"

namespace fledger::secrets {
namespace {

using Json = nlohmann::ordered_json;

// The 1-based line of every string token of a valid JSON text, in document order.
std::vector<int> StringTokenLines(std::string_view raw) {
  std::vector<int> lines;
  int line = 1;
  for (size_t i = 0; i < raw.size(); ++i) {
    const char c = raw[i];
    if (c == '\n') {
      ++line;
    } else if (c == '"') {
      lines.push_back(line);
      // A JSON string holds no raw control character (newlines included): skip to its end.
      for (++i; i < raw.size() && raw[i] != '"'; ++i) {
        if (raw[i] == '\\') ++i;
      }
    }
  }
  return lines;
}

// Numbers every node of `root` by the count of string tokens before it in document order (a
// string node's number is its own token's); returns the count of string tokens in all.
size_t NumberNodes(const Json& node, size_t next, std::unordered_map<const Json*, size_t>& first) {
  first.emplace(&node, next);
  if (node.is_string()) return next + 1;
  if (node.is_object()) {
    for (const auto& [key, value] : node.items()) next = NumberNodes(value, next + 1, first);
  } else if (node.is_array()) {
    for (const auto& value : node) next = NumberNodes(value, next, first);
  }
  return next;
}

// Accumulates one text part, recording the original line of each text line as it starts.
class PartBuilder {
 public:
  PartBuilder(std::string_view path, std::string where) {
    part_.path = std::string(path);
    part_.where = std::move(where);
  }
  void Append(std::string_view s, int line) {
    for (const char c : s) {
      if (at_line_start_) part_.lines.push_back(line);
      at_line_start_ = c == '\n';
    }
    part_.text.append(s);
  }
  // Ends the current line unless it is empty.
  void EndLine() {
    if (!at_line_start_) Append("\n", 0);
  }
  void MoveTo(std::vector<TextPart>& parts) {
    if (!part_.text.empty()) parts.push_back(std::move(part_));
  }

 private:
  TextPart part_;
  bool at_line_start_ = true;
};

class NotebookReader {
 public:
  NotebookReader(std::string_view path, std::string_view raw, const Json& root)
      : path_(path), token_lines_(StringTokenLines(raw)) {
    // Equal counts are the walk's and the scan's agreement; without it every line falls back to
    // the cell's (or the first) line rather than to a wrong one.
    consistent_ = NumberNodes(root, 0, first_token_) == token_lines_.size();
  }

  Result<std::vector<TextPart>> Read(const Json& root) {
    if (!root.is_object()) return Semantics("a notebook is a JSON object, not " + Describe(root));
    if (const auto ws = root.find("worksheets"); ws != root.end()) {  // nbformat 3
      if (!ws->is_array()) return Semantics("'worksheets' must be a list");
      for (const Json& sheet : *ws) {
        if (!sheet.is_object()) return Semantics("a worksheet must be an object");
        const auto cells = sheet.find("cells");
        if (cells == sheet.end()) continue;
        FLEDGER_RETURN_IF_ERROR(ReadCells(*cells));
      }
      return std::move(parts_);
    }
    const auto cells = root.find("cells");
    if (cells == root.end()) {
      return Semantics("not a Jupyter notebook: no 'cells' (nbformat 4) or 'worksheets' (3)");
    }
    FLEDGER_RETURN_IF_ERROR(ReadCells(*cells));
    return std::move(parts_);
  }

 private:
  Error Semantics(const std::string& message) const {
    return InputError(ValidationStep::kSemantics, path_, message);
  }
  static std::string Describe(const Json& value) { return DescribeJsonValue(value); }

  // The line of token `index`, or `fallback` when the token table cannot be trusted.
  int TokenLine(size_t index, int fallback) const {
    return consistent_ && index < token_lines_.size() ? token_lines_[index] : fallback;
  }
  size_t First(const Json& node) const {
    const auto it = first_token_.find(&node);
    return it == first_token_.end() ? 0 : it->second;
  }
  // A string's own line; for another scalar, the line of the string token just before it (its
  // key, when it is a member).
  int LineOfValue(const Json& node, int fallback) const {
    const size_t first = First(node);
    if (node.is_string()) return TokenLine(first, fallback);
    return first > 0 ? TokenLine(first - 1, fallback) : fallback;
  }
  // The line of the key of the member whose value is `value`: the token just before the value.
  int LineOfKey(const Json& value, int fallback) const {
    const size_t first = First(value);
    return first > 0 ? TokenLine(first - 1, fallback) : fallback;
  }

  Status ReadCells(const Json& cells) {
    if (!cells.is_array()) return Semantics("'cells' must be a list, not " + Describe(cells));
    for (const Json& cell : cells) {
      ++cell_number_;
      FLEDGER_RETURN_IF_ERROR(ReadCell(cell));
    }
    return {};
  }

  Status ReadCell(const Json& cell) {
    const std::string name = "cell " + std::to_string(cell_number_);
    if (!cell.is_object()) return Semantics(name + " must be an object, not " + Describe(cell));
    // The cell's first key: where its lines fall back to.
    const int cell_line = TokenLine(First(cell), 1);
    for (const char* key : {"source", "input"}) {  // nbformat 3 code cells: "input"
      const auto source = cell.find(key);
      if (source == cell.end()) continue;
      PartBuilder part(path_, name + " source");
      FLEDGER_RETURN_IF_ERROR(
          AppendMultiline(part, *source, false, name + " '" + key + "'", cell_line));
      part.MoveTo(parts_);
    }
    const auto outputs = cell.find("outputs");
    if (outputs == cell.end()) return {};
    if (!outputs->is_array()) {
      return Semantics(name + ": 'outputs' must be a list, not " + Describe(*outputs));
    }
    int number = 0;
    for (const Json& output : *outputs) {
      const std::string where = name + " output " + std::to_string(++number);
      if (!output.is_object()) {
        return Semantics(where + " must be an object, not " + Describe(output));
      }
      FLEDGER_RETURN_IF_ERROR(ReadOutput(output, where, TokenLine(First(output), cell_line)));
    }
    return {};
  }

  // nbformat 4 keeps rich outputs under "data" by MIME type; nbformat 3 keeps them on the output
  // itself under short names ("html", "json", "png").
  Status ReadOutput(const Json& output, const std::string& where, int fallback) {
    for (const auto& [key, value] : output.items()) {
      if (key == "text" || key == "evalue") {
        PartBuilder part(path_, key == "text" ? where : where + " " + key);
        FLEDGER_RETURN_IF_ERROR(
            AppendMultiline(part, value, false, where + " '" + key + "'", fallback));
        part.MoveTo(parts_);
      } else if (key == "traceback") {
        PartBuilder part(path_, where + " traceback");
        FLEDGER_RETURN_IF_ERROR(
            AppendMultiline(part, value, true, where + " 'traceback'", fallback));
        part.MoveTo(parts_);
      } else if (key == "data") {
        if (!value.is_object()) {
          return Semantics(where + ": 'data' must be an object, not " + Describe(value));
        }
        for (const auto& [mime, content] : value.items()) {
          if (IsTextMime(mime)) FLEDGER_RETURN_IF_ERROR(ReadRich(content, where, mime, fallback));
        }
      } else if (key == "html" || key == "json" || key == "javascript" || key == "latex" ||
                 key == "markdown") {
        FLEDGER_RETURN_IF_ERROR(ReadRich(value, where, key, fallback));
      }
    }
    return {};
  }

  // Images (image/*, base64) are skipped; every textual type is scanned.
  static bool IsTextMime(const std::string& mime) {
    return StartsWith(mime, "text/") || mime == "application/json" ||
           mime == "application/javascript" || EndsWith(mime, "+json");
  }

  Status ReadRich(const Json& content, const std::string& where, const std::string& type,
                  int fallback) {
    PartBuilder part(path_, where + " " + type);
    if (content.is_string() || content.is_array()) {
      bool all_strings = true;
      if (content.is_array()) {
        for (const Json& e : content) all_strings = all_strings && e.is_string();
      }
      if (all_strings) {
        FLEDGER_RETURN_IF_ERROR(AppendMultiline(part, content, false, where, fallback));
        part.MoveTo(parts_);
        return {};
      }
    }
    // application/json (and other */*+json) is a JSON value: written back one member per line,
    // each line mapped to its member's key.
    AppendJson(part, content, 0, fallback);
    part.MoveTo(parts_);
    return {};
  }

  // nbformat's "multiline string": a string, or a list of strings to concatenate (each usually
  // ending with '\n'). A traceback's lines carry no '\n', so `join_lines` ends each one.
  Status AppendMultiline(PartBuilder& part, const Json& value, bool join_lines,
                         const std::string& what, int fallback) {
    if (value.is_string()) {
      part.Append(value.get_ref<const std::string&>(), LineOfValue(value, fallback));
      return {};
    }
    if (!value.is_array()) {
      return Semantics(what + " must be a string or a list of strings, not " + Describe(value));
    }
    for (const Json& line : value) {
      if (!line.is_string()) {
        return Semantics(what + " must be a list of strings, not hold " + Describe(line));
      }
      part.Append(line.get_ref<const std::string&>(), LineOfValue(line, fallback));
      if (join_lines) part.EndLine();
    }
    return {};
  }

  void AppendJson(PartBuilder& part, const Json& node, size_t indent, int fallback) {
    const std::string pad(indent, ' ');
    if (node.is_object()) {
      for (const auto& [key, value] : node.items()) {
        const int line = LineOfKey(value, fallback);
        part.Append(pad + "\"" + key + "\":", line);
        if (value.is_structured()) {
          part.EndLine();
          AppendJson(part, value, indent + 2, line);
        } else {
          part.Append(" " + Scalar(value), line);
          part.EndLine();
        }
      }
    } else if (node.is_array()) {
      for (const Json& value : node) AppendJson(part, value, indent, fallback);
    } else {
      part.Append(pad + Scalar(node), LineOfValue(node, fallback));
      part.EndLine();
    }
  }

  // A scalar as the engine should see it: strings quoted but not escaped, so a secret in one
  // reads exactly as it was printed.
  static std::string Scalar(const Json& value) {
    if (value.is_string()) return "\"" + value.get_ref<const std::string&>() + "\"";
    std::string text = DumpJson(value, -1);
    if (!text.empty() && text.back() == '\n') text.pop_back();
    return text;
  }

  std::string path_;
  std::vector<int> token_lines_;
  std::unordered_map<const Json*, size_t> first_token_;
  bool consistent_ = false;
  int cell_number_ = 0;
  std::vector<TextPart> parts_;
};

}  // namespace

Result<std::vector<TextPart>> ExpandNotebook(std::string_view path, std::string_view json,
                                             const ContainerLimits& limits) {
  const std::string context(path);
  if (json.size() > limits.max_entry_bytes) {
    return InputError(ValidationStep::kSize, context,
                      "notebook larger than " + std::to_string(limits.max_entry_bytes) + " bytes");
  }
  FLEDGER_TRY(const Json root, ParseOrderedJsonText(json, context));
  NotebookReader reader(path, json, root);
  return reader.Read(root);
}

}  // namespace fledger::secrets
