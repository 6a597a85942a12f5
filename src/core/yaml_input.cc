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

Result<std::vector<YAML::Node>> ParseYamlDocuments(std::string_view text,
                                                   const std::string& context) {
  FLEDGER_RETURN_IF_ERROR(CheckYamlNesting(text, context));
  try {
    return YAML::LoadAll(std::string(text));
  } catch (const YAML::Exception& e) {
    return YamlSyntaxError(e, context);
  } catch (const std::exception&) {
    return InputError(ValidationStep::kSyntax, context, "invalid YAML");
  }
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
