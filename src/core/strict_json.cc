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

// `out` = the nlohmann value of `element`; false on a repeated key. Recursion is bounded as above.
bool Convert(simdjson::dom::element element, nlohmann::json& out) {
  using Type = simdjson::dom::element_type;
  switch (element.type()) {
    case Type::ARRAY: {
      out = nlohmann::json::array();
      auto& elements = out.get_ref<nlohmann::json::array_t&>();
      const simdjson::dom::array array = element.get_array().value_unsafe();
      elements.reserve(array.size());
      for (const simdjson::dom::element child : array) {
        if (!Convert(child, elements.emplace_back())) return false;
      }
      return true;
    }
    case Type::OBJECT: {
      out = nlohmann::json::object();
      auto& members = out.get_ref<nlohmann::json::object_t&>();
      const simdjson::dom::object object = element.get_object().value_unsafe();
      for (const auto field : object) {
        const auto [it, inserted] = members.emplace(std::string(field.key), nlohmann::json());
        if (!inserted || !Convert(field.value, it->second)) return false;
      }
      return true;
    }
    case Type::INT64: {
      // nlohmann reads a non-negative integer as unsigned; keep its types.
      const int64_t v = element.get_int64().value_unsafe();
      out = v >= 0 ? nlohmann::json(static_cast<uint64_t>(v)) : nlohmann::json(v);
      return true;
    }
    case Type::UINT64:
      out = element.get_uint64().value_unsafe();
      return true;
    case Type::DOUBLE:
      out = element.get_double().value_unsafe();
      return true;
    case Type::STRING:
      out = std::string(element.get_string().value_unsafe());
      return true;
    case Type::BOOL:
      out = element.get_bool().value_unsafe();
      return true;
    case Type::NULL_VALUE:
      out = nullptr;
      return true;
  }
  return false;
}

// Parses into a per-thread parser kept for small documents (an import parses thousands of them
// on each worker); a large document gets its own parser, freed after it.
constexpr size_t kReusedCapacity = 1u << 20;

bool ParseDom(simdjson::dom::parser& parser, std::string_view text,
              simdjson::dom::element& root) {
  if ((parser.capacity() < text.size() || parser.max_depth() != size_t{kMaxJsonDepth}) &&
      parser.allocate(std::max(text.size(), size_t{64}), kMaxJsonDepth) != simdjson::SUCCESS) {
    return false;
  }
  // realloc_if_needed: the text is not padded, so simdjson copies it into a padded buffer.
  return parser.parse(text.data(), text.size(), true).get(root) == simdjson::SUCCESS;
}

}  // namespace

std::optional<nlohmann::json> ParseStrictJson(std::string_view text) {
  thread_local simdjson::dom::parser reused;
  simdjson::dom::parser own;
  simdjson::dom::parser& parser = text.size() <= kReusedCapacity ? reused : own;
  simdjson::dom::element root;
  if (!ParseDom(parser, text, root)) return std::nullopt;
  nlohmann::json out;
  if (!Convert(root, out)) return std::nullopt;
  return out;
}

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
