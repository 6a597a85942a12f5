// Helpers every extractor shares: bounded parsing of JSON, YAML and TOML documents with errors in
// Fledger's format, and line lookup for locations.
//
//   FLEDGER_TRY(auto doc, ParseManifestJson(input.content, input.path.str()));
//   LineIndex lines(input.content);
//   int line = lines.LineOf(input.content.find("\"lodash\""));
#pragma once

#include <yaml-cpp/yaml.h>

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/yaml_input.h"
#include "sca/extractor.h"

namespace toml {
inline namespace v3 {
class table;
}
}  // namespace toml

namespace fledger::sca {

// Maps byte offsets of a text to 1-based line numbers in O(log n).
class LineIndex {
 public:
  explicit LineIndex(std::string_view text);
  // The line holding byte `offset` (1-based); 0 for npos.
  int LineOf(size_t offset) const;
  // The 1-based line of the first occurrence of `needle` at or after byte `from`, 0 if none.
  int FindLine(std::string_view needle, size_t from = 0) const;
  // The text of line `line` (1-based), without its end-of-line.
  std::string_view Line(int line) const;
  int line_count() const { return static_cast<int>(starts_.size()); }

 private:
  std::string_view text_;
  std::vector<size_t> starts_;
};

// Size check (kMaxManifestBytes) and then JSON syntax with depth bound kMaxNestingDepth; errors
// name `context` and the step.
Result<nlohmann::json> ParseManifestJson(std::string_view text, const std::string& context);

// Size check, then YAML syntax (yaml-cpp), exceptions turned into syntax errors with line:column.
Result<YAML::Node> ParseManifestYaml(std::string_view text, const std::string& context);

// A budget for walking a YAML tree (an alias bomb stops early): core/yaml_input.h.
using YamlBudget = fledger::YamlNodeBudget;
// The size error every YAML walk returns when its budget is spent.
Error YamlBudgetError(const std::string& context);

// The scalar value of `node[key]` as a string, "" when missing or not a scalar. Never throws.
std::string YamlString(const YAML::Node& node, const char* key);

// Size check, then TOML syntax (toml++), parse errors turned into syntax errors with line:column.
// The returned table owns the document.
Result<std::shared_ptr<toml::table>> ParseManifestToml(std::string_view text,
                                                       const std::string& context);

// Splits "a/b/c" at the last '/' : the file name of a repo path.
std::string_view BaseName(std::string_view path);

// True if the ASCII string `s` equals `t` ignoring case.
bool EqualsIgnoreCase(std::string_view s, std::string_view t);

}  // namespace fledger::sca
