// Bounded document parsing and line lookup shared by the extractors.
#include "sca/common.h"

#include <toml++/toml.h>

#include <algorithm>

#include "core/input.h"
#include "core/yaml_input.h"

namespace fledger::sca {

LineIndex::LineIndex(std::string_view text) : text_(text) {
  starts_.push_back(0);
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') starts_.push_back(i + 1);
  }
}

int LineIndex::LineOf(size_t offset) const {
  if (offset == std::string_view::npos || offset > text_.size()) return 0;
  const auto it = std::upper_bound(starts_.begin(), starts_.end(), offset);
  return static_cast<int>(it - starts_.begin());
}

int LineIndex::FindLine(std::string_view needle, size_t from) const {
  if (from > text_.size()) return 0;
  const size_t at = text_.find(needle, from);
  return at == std::string_view::npos ? 0 : LineOf(at);
}

std::string_view LineIndex::Line(int line) const {
  if (line < 1 || line > line_count()) return {};
  const size_t begin = starts_[line - 1];
  size_t end = line < line_count() ? starts_[line] - 1 : text_.size();
  if (end > begin && text_[end - 1] == '\r') --end;
  return text_.substr(begin, end - begin);
}

namespace {
Status CheckSize(std::string_view text, const std::string& context) {
  if (text.size() > kMaxManifestBytes) {
    return InputError(ValidationStep::kSize, context,
                      "larger than " + std::to_string(kMaxManifestBytes >> 20) + " MiB");
  }
  return {};
}
}  // namespace

Result<nlohmann::json> ParseManifestJson(std::string_view text, const std::string& context) {
  FLEDGER_RETURN_IF_ERROR(CheckSize(text, context));
  return ParseJsonText(text, context);
}

Result<YAML::Node> ParseManifestYaml(std::string_view text, const std::string& context) {
  FLEDGER_RETURN_IF_ERROR(CheckSize(text, context));
  return ParseYamlText(text, context);
}

Error YamlBudgetError(const std::string& context) {
  return InputError(ValidationStep::kSize, context,
                    "the YAML expands to too many nodes (an alias bomb?)");
}

std::string YamlString(const YAML::Node& node, const char* key) {
  try {
    if (!node.IsMap()) return {};
    const YAML::Node v = node[key];
    if (!v || !v.IsScalar()) return {};
    return v.Scalar();
  } catch (const std::exception&) {
    return {};
  }
}

Result<std::shared_ptr<toml::table>> ParseManifestToml(std::string_view text,
                                                       const std::string& context) {
  FLEDGER_RETURN_IF_ERROR(CheckSize(text, context));
  try {
    auto table = std::make_shared<toml::table>(toml::parse(text, context));
    return table;
  } catch (const toml::parse_error& e) {
    const auto& where = e.source().begin;
    return InputError(
        ValidationStep::kSyntax,
        context + ":" + std::to_string(where.line) + ":" + std::to_string(where.column),
        std::string(e.description()));
  } catch (const std::exception&) {
    return InputError(ValidationStep::kSyntax, context, "invalid TOML");
  }
}

std::string_view BaseName(std::string_view path) {
  const size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

bool EqualsIgnoreCase(std::string_view s, std::string_view t) {
  if (s.size() != t.size()) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    const auto a = static_cast<unsigned char>(s[i]), b = static_cast<unsigned char>(t[i]);
    if (std::tolower(a) != std::tolower(b)) return false;
  }
  return true;
}

}  // namespace fledger::sca
