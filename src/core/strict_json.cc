// IsStrictJson: simdjson's DOM parse, then a walk for repeated keys (simdjson keeps them all).
#include "core/strict_json.h"

#include <algorithm>
#include <string_view>
#include <vector>

#include "core/input.h"

namespace fledger {
namespace {

// True if no object in `element` repeats a key. Recursion is bounded: the parser refused nesting
// of kMaxJsonDepth and deeper.
bool NoRepeatedKeys(simdjson::dom::element element, std::vector<std::string_view>& scratch) {
  if (simdjson::dom::array array; element.get_array().get(array) == simdjson::SUCCESS) {
    for (const simdjson::dom::element child : array) {
      if (!NoRepeatedKeys(child, scratch)) return false;
    }
    return true;
  }
  simdjson::dom::object object;
  if (element.get_object().get(object) != simdjson::SUCCESS) return true;  // a scalar
  // This object's keys go on top of the scratch stack (its children push theirs above and pop
  // them), so a whole document needs one buffer.
  const size_t base = scratch.size();
  for (const auto field : object) scratch.push_back(field.key);
  std::sort(scratch.begin() + static_cast<std::ptrdiff_t>(base), scratch.end());
  const bool unique = std::adjacent_find(scratch.begin() + static_cast<std::ptrdiff_t>(base),
                                         scratch.end()) == scratch.end();
  scratch.resize(base);
  if (!unique) return false;
  for (const auto field : object) {
    if (!NoRepeatedKeys(field.value, scratch)) return false;
  }
  return true;
}

}  // namespace

bool IsStrictJson(const simdjson::padded_string& text) {
  // simdjson refuses a document whose depth reaches max_depth; ParseJsonText allows kMaxJsonDepth
  // itself, so this is the stricter of the two (the boundary falls back, which is fine).
  simdjson::dom::parser parser;
  if (parser.allocate(text.size(), kMaxJsonDepth) != simdjson::SUCCESS) return false;
  simdjson::dom::element root;
  if (parser.parse(text).get(root) != simdjson::SUCCESS) return false;
  std::vector<std::string_view> scratch;
  return NoRepeatedKeys(root, scratch);
}

}  // namespace fledger
