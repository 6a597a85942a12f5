// Implementation of DumpJson: nlohmann's serializer followed by one escaping pass.
#include "core/json.h"

#include "core/text.h"

namespace fledger {
namespace {

template <typename Json>
std::string Dump(const Json& doc, int indent) {
  // The serializer escapes C0 controls and, with `replace`, turns invalid UTF-8 into U+FFFD, so
  // its output is valid UTF-8 whose only non-ASCII bytes (and DEL) are inside strings. There a
  // \uXXXX escape means the same code point, so the rewrite never changes the parsed document.
  std::string out =
      EscapeUnsafeCodePoints(doc.dump(indent, ' ', false, Json::error_handler_t::replace));
  out += '\n';
  return out;
}

}  // namespace

std::string DumpJson(const nlohmann::json& doc, int indent) { return Dump(doc, indent); }
std::string DumpJson(const nlohmann::ordered_json& doc, int indent) { return Dump(doc, indent); }

}  // namespace fledger
