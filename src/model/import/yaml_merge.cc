// YAML for the importers: merge keys (`<<`) resolved on yaml-cpp's tree, which leaves them as
// plain keys; Threagile's `includes` read and merged; YAML as JSON for OTM files written in YAML.
//
// Threagile's merge of an included file (pkg/input/model.go, Model.Merge), as reproduced here:
// mappings merge key by key; the string maps questions, abuse_cases and security_requirements
// refuse a key defined twice; lists concatenate (a scalar already listed is not repeated);
// a scalar set in two files must be the same, except descriptions, which are joined; includes
// resolve against the including file's folder.
#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <regex>
#include <unordered_map>
#include <unordered_set>

#include "core/text.h"
#include "core/yaml_input.h"
#include "model/import/import_internal.h"

namespace fledger::model::import_internal {
namespace {

Error TooBig(const std::string& where, const std::string& what) {
  return InputError(ValidationStep::kSize, where, what);
}

bool IsMergeKey(const YAML::Node& key) {
  return key.IsScalar() && key.Scalar() == "<<" &&
         (key.Tag() == "?" || key.Tag() == "tag:yaml.org,2002:merge");
}

Result<YNode> Resolve(const YAML::Node& node, const std::string& file, size_t& budget, int depth) {
  if (budget == 0) {
    return TooBig(file, "the YAML expands to more than " + std::to_string(kMaxTreeNodes) +
                            " nodes (an alias bomb?)");
  }
  --budget;
  YNode out;
  out.file = file;
  out.line = YamlLine(node);
  if (depth > kMaxTreeDepth) {
    return TooBig(out.Where(), "YAML nested more than " + std::to_string(kMaxTreeDepth) +
                                   " levels deep (through aliases)");
  }
  switch (node.Type()) {
    case YAML::NodeType::Scalar:
      out.kind = YNode::Kind::kScalar;
      out.scalar = node.Scalar();
      out.quoted = node.Tag() == "!";
      return out;
    case YAML::NodeType::Sequence:
      out.kind = YNode::Kind::kSeq;
      for (const auto& item : node) {
        FLEDGER_TRY(YNode child, Resolve(item, file, budget, depth + 1));
        out.items.push_back(std::move(child));
      }
      return out;
    case YAML::NodeType::Map: {
      out.kind = YNode::Kind::kMap;
      std::vector<YAML::Node> sources;
      std::vector<YNode::Member> own;
      std::unordered_set<std::string> own_keys;
      for (auto it = node.begin(); it != node.end(); ++it) {
        if (IsMergeKey(it->first)) {
          // A copy: it->second lives in a proxy that a range-for would outlive.
          const YAML::Node value = it->second;
          if (value.IsSequence()) {
            for (const auto& s : value) sources.push_back(s);
          } else {
            sources.push_back(value);
          }
          continue;
        }
        if (!it->first.IsScalar()) {
          return InputError(ValidationStep::kSyntax, file + ":" + std::to_string(YamlLine(it->first)),
                            "a mapping key must be text");
        }
        const std::string& key = it->first.Scalar();
        // A key is a node too: a mapping of many keys spends the budget like a list would.
        if (budget == 0) {
          return TooBig(file, "the YAML expands to more than " + std::to_string(kMaxTreeNodes) +
                                  " nodes (an alias bomb?)");
        }
        --budget;
        if (!own_keys.insert(key).second) {
          return InputError(ValidationStep::kSyntax,
                            file + ":" + std::to_string(YamlLine(it->first)),
                            "key '" + EscapeTerminal(Truncate(key, 60)) + "' given twice");
        }
        FLEDGER_TRY(YNode value, Resolve(it->second, file, budget, depth + 1));
        own.emplace_back(key, std::move(value));
      }
      // Merged keys first (the earlier source wins), then the mapping's own keys over them.
      std::unordered_map<std::string, size_t> index;  // key -> its place in out.members
      for (const YAML::Node& s : sources) {
        FLEDGER_TRY(YNode merged, Resolve(s, file, budget, depth + 1));
        if (!merged.IsMap()) {
          return InputError(ValidationStep::kSemantics, merged.Where(),
                            "'<<' must name a mapping or a list of mappings");
        }
        for (auto& [key, value] : merged.members) {
          if (index.emplace(key, out.members.size()).second) {
            out.members.emplace_back(key, std::move(value));
          }
        }
      }
      for (auto& [key, value] : own) {
        if (const auto have = index.find(key); have != index.end()) {
          out.members[have->second].second = std::move(value);
        } else {
          out.members.emplace_back(key, std::move(value));
        }
      }
      return out;
    }
    default:
      return out;  // null or undefined
  }
}

const char* KindName(const YNode& n) {
  switch (n.kind) {
    case YNode::Kind::kMap: return "a mapping";
    case YNode::Kind::kSeq: return "a list";
    case YNode::Kind::kScalar: return "a value";
    case YNode::Kind::kNull: return "empty";
  }
  return "empty";
}

bool IsTextKey(std::string_view key) {
  return key == "description" || key == "management_summary_comment" ||
         key == "justification_cia_rating" || key == "justification_out_of_scope";
}

bool IsStringMap(std::string_view key) {
  return key == "questions" || key == "abuse_cases" || key == "security_requirements";
}

Status MergeValue(YNode& a, const YNode& b, const std::string& key) {
  if (b.IsNull()) return {};
  if (a.IsNull()) {
    a = b;
    return {};
  }
  if (a.kind != b.kind) {
    return InputError(ValidationStep::kSemantics, b.Where(),
                      "'" + EscapeTerminal(key) + "' is " + KindName(b) + " here and " +
                          KindName(a) + " in " + a.Where());
  }
  if (a.IsMap()) {
    for (const auto& [k, v] : b.members) {
      YNode* have = a.Get(k);
      if (have == nullptr) {
        a.members.emplace_back(k, v);
      } else if (IsStringMap(key)) {
        return InputError(ValidationStep::kSemantics, v.Where(),
                          "'" + EscapeTerminal(Truncate(k, 60)) + "' in " + key +
                              " is also defined in " + have->Where());
      } else {
        FLEDGER_RETURN_IF_ERROR(MergeValue(*have, v, k));
      }
    }
    return {};
  }
  if (a.IsSeq()) {
    for (const YNode& item : b.items) {
      const bool listed = item.IsScalar() && std::any_of(a.items.begin(), a.items.end(), [&](const YNode& x) {
                            return x.IsScalar() && x.scalar == item.scalar;
                          });
      if (!listed) a.items.push_back(item);
    }
    return {};
  }
  if (a.scalar == b.scalar) return {};
  if (IsTextKey(key)) {
    a.scalar += "\n<br><br>\n" + b.scalar;
    return {};
  }
  return InputError(ValidationStep::kSemantics, b.Where(),
                    "'" + EscapeTerminal(key) + "' is set here and, differently, in " + a.Where());
}

struct TreeLoader {
  IncludeReader& reader;
  size_t budget = kMaxTreeNodes;
  int files = 1;
  size_t bytes = 0;
  std::vector<std::string> stack;
  std::filesystem::path prefix;  // the folder of the model as the user named it, for messages

  std::string Shown(const std::string& path) const { return (prefix / path).generic_string(); }

  // `path`: the file relative to the model's folder.
  Result<YNode> Load(std::string_view text, const std::string& path, int depth) {
    bytes += text.size();
    if (bytes > kMaxIncludeBytes) {
      return TooBig(Shown(path), "the model and its includes exceed " +
                                     std::to_string(kMaxIncludeBytes >> 20) + " MiB");
    }
    FLEDGER_TRY(const YAML::Node doc, ParseYamlText(text, Shown(path)));
    FLEDGER_TRY(YNode tree, Resolve(doc, Shown(path), budget, 0));
    if (tree.IsNull()) {
      tree.kind = YNode::Kind::kMap;
      tree.line = 1;
    }
    if (!tree.IsMap()) {
      return InputError(ValidationStep::kSemantics, tree.Where(),
                        "a Threagile model file must be a mapping");
    }
    YNode includes;
    for (auto it = tree.members.begin(); it != tree.members.end(); ++it) {
      if (it->first == "includes") {
        includes = std::move(it->second);
        tree.members.erase(it);
        break;
      }
    }
    if (includes.IsNull()) return tree;
    if (!includes.IsSeq()) {
      return InputError(ValidationStep::kSemantics, includes.Where(),
                        "'includes' must be a list of file names");
    }
    const std::filesystem::path dir = std::filesystem::path(path).parent_path();
    for (const YNode& item : includes.items) {
      const std::string where = item.Where();
      if (!item.IsScalar() || item.scalar.empty()) {
        return InputError(ValidationStep::kSemantics, where, "an include must be a file name");
      }
      const std::string& rel = item.scalar;
      const std::string shown = "'" + EscapeTerminal(Truncate(rel, 100)) + "'";
      if (rel[0] == '/' || rel[0] == '\\' || rel.find(':') != std::string::npos ||
          rel.find('\\') != std::string::npos || rel.find('\0') != std::string::npos) {
        return InputError(ValidationStep::kOrigin, where,
                          "include " + shown + " must be a relative path with '/' separators");
      }
      const std::string target = (dir / rel).lexically_normal().generic_string();
      if (target.empty() || target == "." || target.rfind("..", 0) == 0 || target.back() == '/') {
        return InputError(ValidationStep::kOrigin, where,
                          "include " + shown + " leads out of the model's folder");
      }
      if (depth + 1 > kMaxIncludeDepth) {
        return TooBig(where, "includes nested more than " + std::to_string(kMaxIncludeDepth) +
                                 " deep");
      }
      if (std::find(stack.begin(), stack.end(), target) != stack.end()) {
        std::string cycle;
        for (const auto& s : stack) cycle += EscapeTerminal(s) + " -> ";
        return InputError(ValidationStep::kSemantics, where, "include cycle: " + cycle +
                                                                 EscapeTerminal(target));
      }
      if (++files > kMaxIncludeFiles) {
        return TooBig(where, "more than " + std::to_string(kMaxIncludeFiles) + " included files");
      }
      FLEDGER_TRY(const std::string sub_text, reader.Read(target, where));
      stack.push_back(target);
      FLEDGER_TRY(YNode sub, Load(sub_text, target, depth + 1));
      stack.pop_back();
      for (const auto& [k, v] : sub.members) {
        YNode* have = tree.Get(k);
        if (have == nullptr) {
          tree.members.emplace_back(k, v);
        } else {
          FLEDGER_RETURN_IF_ERROR(MergeValue(*have, v, k));
        }
      }
    }
    return tree;
  }
};

nlohmann::json ScalarJson(const YNode& n) {
  if (n.quoted) return n.scalar;
  const std::string& s = n.scalar;
  if (s == "true" || s == "True" || s == "TRUE") return true;
  if (s == "false" || s == "False" || s == "FALSE") return false;
  static const std::regex kInt("[-+]?[0-9]{1,18}");
  static const std::regex kFloat("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]{1,3})?");
  if (s.size() <= 40) {
    if (std::regex_match(s, kInt)) return std::stoll(s);
    if (std::regex_match(s, kFloat)) {
      // 1e999 and 1e-999 are out of a double's range: kept as text (std::stod would throw).
      errno = 0;
      const double v = std::strtod(s.c_str(), nullptr);
      if (errno == ERANGE || !std::isfinite(v)) return s;
      return v;
    }
  }
  return s;
}

nlohmann::json ToJson(const YNode& n) {
  switch (n.kind) {
    case YNode::Kind::kScalar: return ScalarJson(n);
    case YNode::Kind::kSeq: {
      nlohmann::json out = nlohmann::json::array();
      for (const YNode& item : n.items) out.push_back(ToJson(item));
      return out;
    }
    case YNode::Kind::kMap: {
      nlohmann::json out = nlohmann::json::object();
      for (const auto& [k, v] : n.members) out[k] = ToJson(v);
      return out;
    }
    case YNode::Kind::kNull: return nullptr;
  }
  return nullptr;
}

}  // namespace

Result<YNode> ResolveYaml(const YAML::Node& node, const std::string& file, size_t& budget) {
  return Resolve(node, file, budget, 0);
}

Result<YNode> LoadThreagileTree(std::string_view text, const std::string& context,
                                IncludeReader& includes) {
  TreeLoader loader{includes};
  const std::filesystem::path root(context);
  loader.prefix = root.parent_path();
  const std::string name = root.filename().generic_string();
  loader.stack.push_back(name);
  return loader.Load(text, name, 0);
}

Result<nlohmann::json> YamlToJson(std::string_view text, const std::string& context) {
  FLEDGER_TRY(const YAML::Node doc, ParseYamlText(text, context));
  size_t budget = kMaxTreeNodes;
  FLEDGER_TRY(const YNode tree, Resolve(doc, context, budget, 0));
  return ToJson(tree);
}

}  // namespace fledger::model::import_internal
