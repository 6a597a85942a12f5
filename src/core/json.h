// Serializing JSON documents for output: the one place every JSON file and stdout document is made.
//
// Every string in those documents may come from an untrusted repository or catalog, so writers
// never call nlohmann's dump() themselves:
//
//   FLEDGER_RETURN_IF_ERROR(WriteFileAtomic(path, DumpJson(doc)));
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace fledger {

// Serializes `doc` with `indent` spaces per level and a trailing newline. Invalid UTF-8 becomes
// U+FFFD (never an exception), and DEL, C1 controls, bidi controls and the line and paragraph
// separators are written as \uXXXX escapes (see IsUnsafeFormatCodePoint in core/text.h), so that
// printing or `cat`-ing the output is safe. The escapes denote the same strings: parsers read
// back exactly the text that was stored.
std::string DumpJson(const nlohmann::json& doc, int indent = 2);
std::string DumpJson(const nlohmann::ordered_json& doc, int indent = 2);

}  // namespace fledger
