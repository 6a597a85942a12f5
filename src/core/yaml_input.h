// Bounded YAML parsing (yaml-cpp) for untrusted files: a lexical pass bounds nesting before
// yaml-cpp, which recurses per level, ever sees the text; syntax errors carry file:line:column.
//
//   FLEDGER_TRY(YAML::Node doc, ParseYamlText(text, "threatmodel.yaml"));
//   YamlBudget budget;  // walks count nodes, so an alias bomb stops early
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace fledger {

// Deepest flow nesting ([ and {) a YAML text may have.
inline constexpr int kMaxYamlFlowDepth = 64;
// Widest block indentation (leading spaces plus "- " markers on a line): block nesting costs
// yaml-cpp a stack frame per level too.
inline constexpr int kMaxYamlIndent = 512;

// Nesting bounds (flow depth, indentation: a size error, like JSON depth), then syntax. The
// byte size is the caller's step.
Result<YAML::Node> ParseYamlText(std::string_view text, const std::string& context);

// One document of a YAML stream, and the line of the file it starts at (YamlLine of its nodes
// counts from that line: add first_line - 1).
struct YamlDocument {
  YAML::Node node;
  int first_line = 1;
};
// Most documents one YAML stream may hold.
inline constexpr size_t kMaxYamlDocuments = 10000;

// The same for a stream of documents separated by "---" (Kubernetes manifests).
Result<std::vector<YamlDocument>> ParseYamlDocuments(std::string_view text,
                                                     const std::string& context);

// A budget for walking a YAML tree: aliases make a small document expand exponentially (an alias
// bomb), so every walk counts the nodes it visits and stops at the budget.
class YamlNodeBudget {
 public:
  explicit YamlNodeBudget(size_t max_nodes = 2000000) : left_(max_nodes) {}
  // Counts one visited node; false once the budget is spent.
  bool Visit() { return left_ > 0 && left_-- > 0; }
  bool exhausted() const { return left_ == 0; }

 private:
  size_t left_;
};

// The 1-based line of a node, 0 when yaml-cpp does not know it.
inline int YamlLine(const YAML::Node& node) {
  return node.Mark().line >= 0 ? node.Mark().line + 1 : 0;
}

}  // namespace fledger
