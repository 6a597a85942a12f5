// What the importers share: deterministic ids, a YAML tree with merge keys resolved and file:line
// kept on every node, lenient JSON accessors, enum mappings and the final sort.
#pragma once

#include <yaml-cpp/yaml.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"
#include "model/import/import.h"
#include "model/model.h"

namespace fledger::model::import_internal {

// Ids for one model: each Make() returns an id no earlier call returned. The id is the slug of
// `source` (lower case ASCII letters and digits, other runs of characters as one '-', at most 56
// characters), prefixed with `prefix` when the slug is empty or does not start with a letter,
// then suffixed -2, -3... until it is unused.
class IdMaker {
 public:
  ElementId Make(std::string_view source, std::string_view prefix);
  // Marks `id` used (ids kept as they are, e.g. an OTM id that is already valid).
  bool Reserve(const std::string& id) { return used_.insert(id).second; }

 private:
  std::set<std::string> used_;
  std::map<std::string, int> next_suffix_;  // base -> the first suffix not yet tried
};

std::string Slug(std::string_view text);
// True for text shaped like a UUID (8-4-4-4-12 hex digits): an id nobody can read.
bool LooksLikeUuid(std::string_view text);
// Text without HTML tags (<b>...</b>), entities &lt; &gt; &amp; &quot; decoded, whitespace runs
// (newlines included) folded to one space, trimmed, and at most `max` bytes (cut on a UTF-8
// boundary).
std::string PlainText(std::string_view text, size_t max = 4000);
// A STRIDE category from a free-text name ("Information disclosure", "Elevation of privilege",
// "tampering", "DoS"); "" when it is not one.
std::string StrideCategory(std::string_view text);
// "79", "CWE-79", "cwe 79" -> "CWE-79"; "" when there is no number.
std::string CweId(std::string_view text);

// Sorts every element list of `m` by id (and each element's id lists), so output does not depend
// on the order of the source.
void SortModel(Model& m);

// Breaks every cycle of boundary parents (the loader refuses them) in time linear in the number
// of boundaries: on each cycle, the boundary first in `boundaries` loses its parent. Returns the
// ids of the boundaries whose parent was dropped, in list order.
std::vector<ElementId> DropParentCycles(std::vector<Boundary>& boundaries);

// Adds a note at most once, and at most 200 notes in all.
void Note(std::vector<std::string>& notes, std::string note);

// A YAML node after merge-key resolution, with the file and line it came from.
struct YNode {
  struct Member;  // a key and its value (below: a pair would need YNode complete here)
  enum class Kind { kNull, kScalar, kSeq, kMap };
  Kind kind = Kind::kNull;
  std::string scalar;
  bool quoted = false;  // the scalar was written in quotes (so "true" is text)
  std::vector<YNode> items;
  std::vector<Member> members;  // keys unique, in document order
  std::string file;
  int line = 0;

  bool IsMap() const { return kind == Kind::kMap; }
  bool IsSeq() const { return kind == Kind::kSeq; }
  bool IsScalar() const { return kind == Kind::kScalar; }
  bool IsNull() const { return kind == Kind::kNull; }
  const YNode* Get(std::string_view key) const;
  YNode* Get(std::string_view key);
  std::string Where() const { return line > 0 ? file + ":" + std::to_string(line) : file; }
};

struct YNode::Member {
  Member() = default;
  Member(std::string key, YNode value) : first(std::move(key)), second(std::move(value)) {}
  std::string first;
  YNode second;
};

// The deepest YNode tree the importers build (aliases can nest deeper than the text does).
inline constexpr int kMaxTreeDepth = 200;
// The most nodes all trees of one import may hold, aliases expanded (alias bombs stop here).
inline constexpr size_t kMaxTreeNodes = 250000;

// `node` (of `file`) as a YNode, resolving YAML merge keys: `<<: *a` and `<<: [*a, *b]` merge the
// keys of the mapping(s) into the mapping holding them; its own keys win, and among several
// merged mappings the earlier wins (YAML 1.1 merge type, as PyYAML and Go's yaml.v3). A key given
// twice in one mapping is an error. `budget` counts nodes across calls.
Result<YNode> ResolveYaml(const YAML::Node& node, const std::string& file, size_t& budget);

// A Threagile model file and, recursively, the files it includes, merged into one tree (maps
// merge key by key, lists concatenate, a scalar set twice must agree; see yaml_merge.cc).
Result<YNode> LoadThreagileTree(std::string_view text, const std::string& context,
                                IncludeReader& includes);

// A YAML text (OTM in YAML) as JSON: scalars typed as YAML 1.2 core schema does (plain true/false,
// null/~, integers and floats; quoted scalars are strings).
Result<nlohmann::json> YamlToJson(std::string_view text, const std::string& context);

// Lenient JSON accessors: a missing, null or wrongly typed member reads as empty/false/none.
std::string Str(const nlohmann::json& obj, std::string_view key);
bool Bool(const nlohmann::json& obj, std::string_view key);
const nlohmann::json* Array(const nlohmann::json& obj, std::string_view key);
const nlohmann::json* Object(const nlohmann::json& obj, std::string_view key);

// The most elements one import produces (kMaxModelElements, model/load.h).
Status CheckCount(size_t count, const std::string& context);

}  // namespace fledger::model::import_internal
