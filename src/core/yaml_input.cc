// ParseYamlText: a lexical pass bounding nesting, then yaml-cpp with its exceptions turned into
// syntax errors.
#include "core/yaml_input.h"

#include <algorithm>

namespace fledger {
namespace {

// The first offset where flow nesting passes kMaxYamlFlowDepth or a line's block indentation
// passes kMaxYamlIndent; npos when neither does. Quotes and comments are skipped line by line
// (a quoted scalar spanning lines only makes the count stricter).
size_t FindExcessiveYamlNesting(std::string_view text) {
  int depth = 0;
  bool in_single = false, in_double = false, in_comment = false;
  bool at_line_start = true;
  int indent = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n') {
      in_comment = in_single = in_double = false;
      at_line_start = true;
      indent = 0;
      continue;
    }
    if (at_line_start) {
      // Leading spaces and sequence markers ("- - - x" nests three block sequences).
      if (c == ' ' || c == '\t' ||
          (c == '-' && i + 1 < text.size() && (text[i + 1] == ' ' || text[i + 1] == '\n'))) {
        if (++indent > kMaxYamlIndent) return i;
        continue;
      }
      at_line_start = false;
    }
    if (in_comment) continue;
    if (in_double) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_double = false;
      }
      continue;
    }
    if (in_single) {
      if (c == '\'') in_single = false;
      continue;
    }
    if (c == '#' && (i == 0 || text[i - 1] == ' ' || text[i - 1] == '\t')) {
      in_comment = true;
    } else if (c == '"') {
      in_double = true;
    } else if (c == '\'' && (i == 0 || text[i - 1] == ' ' || text[i - 1] == '[' ||
                             text[i - 1] == '{' || text[i - 1] == ',')) {
      in_single = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxYamlFlowDepth) return i;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return std::string_view::npos;
}

}  // namespace

namespace {

Status CheckYamlNesting(std::string_view text, const std::string& context) {
  if (const size_t at = FindExcessiveYamlNesting(text); at != std::string_view::npos) {
    const size_t line = 1 + static_cast<size_t>(std::count(text.begin(), text.begin() + at, '\n'));
    return InputError(ValidationStep::kSize, context + ":" + std::to_string(line),
                      "YAML nesting deeper than " + std::to_string(kMaxYamlFlowDepth) +
                          " levels or indented wider than " + std::to_string(kMaxYamlIndent) +
                          " columns");
  }
  return {};
}

Error YamlSyntaxError(const YAML::Exception& e, const std::string& context) {
  return InputError(
      ValidationStep::kSyntax,
      context + ":" + std::to_string(e.mark.line + 1) + ":" + std::to_string(e.mark.column + 1),
      e.msg.empty() ? "invalid YAML" : e.msg);
}

}  // namespace

Result<std::vector<YamlDocument>> ParseYamlDocuments(std::string_view text,
                                                     const std::string& context) {
  FLEDGER_RETURN_IF_ERROR(CheckYamlNesting(text, context));
  // Not YAML::LoadAll: yaml-cpp 0.7 loops forever, allocating, on some malformed streams (found
  // by draft_fuzz; YAML::Load stops on the same text). The stream is split at the "---" lines
  // that start a document (a marker at column 0 ends any block scalar, so this is where YAML
  // splits it too), and each document is loaded alone; its first line is kept so that callers
  // can report lines of the file.
  std::vector<YamlDocument> docs;
  size_t start = 0;
  int start_line = 1;
  int line = 1;
  auto load = [&](size_t end) -> Status {
    const std::string_view chunk = text.substr(start, end - start);
    if (chunk.find_first_not_of(" \t\r\n") == std::string_view::npos) return {};
    if (docs.size() >= kMaxYamlDocuments) {
      return InputError(ValidationStep::kSize, context,
                        "more than " + std::to_string(kMaxYamlDocuments) + " YAML documents");
    }
    try {
      docs.push_back({YAML::Load(std::string(chunk)), start_line});
    } catch (const YAML::Exception& e) {
      return YamlSyntaxError(e, context);
    } catch (const std::exception&) {
      return InputError(ValidationStep::kSyntax, context, "invalid YAML");
    }
    return {};
  };
  for (size_t i = 0; i <= text.size();) {
    const size_t eol = std::min(text.find('\n', i), text.size());
    const std::string_view l = text.substr(i, eol - i);
    const bool marker = l.rfind("---", 0) == 0 &&
                        (l.size() == 3 || l[3] == ' ' || l[3] == '\t' || l[3] == '\r');
    if (marker) {
      FLEDGER_RETURN_IF_ERROR(load(i));
      start = i;  // the marker line itself starts the next document ("--- {a: 1}" is valid)
      start_line = line;
    }
    i = eol + 1;
    ++line;
  }
  FLEDGER_RETURN_IF_ERROR(load(text.size()));
  return docs;
}

Result<YAML::Node> ParseYamlText(std::string_view text, const std::string& context) {
  FLEDGER_RETURN_IF_ERROR(CheckYamlNesting(text, context));
  try {
    return YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    return YamlSyntaxError(e, context);
  } catch (const std::exception&) {
    return InputError(ValidationStep::kSyntax, context, "invalid YAML");
  }
}

}  // namespace fledger
