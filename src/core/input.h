// Reading untrusted input files in the validation order origin -> size -> lexical -> syntax.
//
// Every reader of a user or repository file goes through these helpers so that errors name the
// file and the step that rejected it, and so that nothing is parsed before its size is known:
//
//   Result<std::string> text = ReadTextFile(path, {.max_bytes = 8 << 20});
//   Result<nlohmann::json> doc = ParseJsonText(text.value(), path.string());
#pragma once

#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/json.h"
#include "core/result.h"

namespace fledger {

struct ReadLimits {
  uint64_t max_bytes = 16u << 20;  // reject larger files before reading them
  bool require_utf8 = true;        // lexical step: reject invalid UTF-8
  bool allow_nul = false;          // lexical step: NUL bytes mean binary, not text
};

// Reads a regular file (not a directory, device or FIFO; symlinks are resolved by the caller's
// policy) applying the origin, size and lexical steps.
Result<std::string> ReadTextFile(const std::filesystem::path& path, const ReadLimits& limits);

// As ReadTextFile, into `buffer`, which only grows and so can be reused from file to file
// without allocating and clearing memory for each: the content is a view into it, valid until
// the buffer is next used.
Result<std::string_view> ReadFileInto(const std::filesystem::path& path, const ReadLimits& limits,
                                      std::string& buffer);

// As ReadFileInto, for a file a directory listing has just found to be a regular file of
// `listed_size` bytes: opened without following a symlink and without blocking, and read up to
// that size (the snapshot the listing saw) without asking fstat(2) again. Should the entry have
// been swapped since for a FIFO, device or directory, the read fails or stops at the limit.
Result<std::string_view> ReadListedFile(const std::filesystem::path& path, uint64_t listed_size,
                                        const ReadLimits& limits, std::string& buffer);

// Reads the open descriptor `fd` of a regular file of `size` bytes (fstat(2) said so) and closes
// it, with the size and lexical steps of ReadFileInto; `path` names the file in messages.
Result<std::string_view> ReadOpenedFile(int fd, const std::filesystem::path& path, uint64_t size,
                                        const ReadLimits& limits, std::string& buffer);

// The size and lexical steps for text already in memory (parsers kept apart from I/O take a
// string_view): at most `max_bytes`, valid UTF-8. Errors name `context` and, for bad UTF-8, the
// line and column. `what` names the document in the size message ("catalog", "matrix").
Status CheckTextInput(std::string_view text, const std::string& context, uint64_t max_bytes,
                      std::string_view what);

// Maximum nesting depth Fledger accepts in any JSON document.
inline constexpr int kMaxJsonDepth = 64;

// Parses JSON text (syntax step) with errors as "<context>:<line>:<column>: syntax error: ...".
// Rejects nesting deeper than kMaxJsonDepth before parsing (size step), and an object that
// repeats a key (syntax step, at the repeat): JSON leaves duplicates undefined and nlohmann would
// keep the last one silently. Empty text is a syntax error like any other invalid JSON.
Result<nlohmann::json> ParseJsonText(std::string_view text, const std::string& context);
// The same, keeping object keys in document order (for files Fledger writes back).
Result<nlohmann::ordered_json> ParseOrderedJsonText(std::string_view text,
                                                    const std::string& context);
// The nlohmann parser ParseJsonText falls back to for any text simdjson declines
// (core/strict_json.h); tests and fuzzing hold the two equal.
Result<nlohmann::json> ReferenceParseJsonText(std::string_view text, const std::string& context);

// What a JSON value is, for "'key' must be a string, not <this>" messages: "null", "a string",
// "a boolean", "an array", "an object", or a number as written (at most 30 bytes).
template <typename Json>
std::string DescribeJsonValue(const Json& value) {
  if (value.is_number()) {
    // A number serializes without strings, so nothing unsafe can reach the message; DumpJson
    // (indent -1: one line) keeps every serialization in one place all the same.
    std::string n = DumpJson(value, -1);
    if (!n.empty() && n.back() == '\n') n.pop_back();
    if (n.size() > 30) n = n.substr(0, 27) + "...";
    return n;
  }
  if (value.is_null()) return "null";
  const std::string type = value.type_name();
  return (type == "array" || type == "object" ? "an " : "a ") + type;
}

// The string member `key` of a JSON object, for readers' semantics step: a missing member is
// "" unless `required`; any other type (null included) is an error naming `where` and the key,
// since reading it as text would rewrite the file with values nobody wrote.
template <typename Json>
Result<std::string> JsonStringMember(const Json& obj, const char* key, bool required,
                                     const std::string& where) {
  const auto it = obj.find(key);
  if (it == obj.end()) {
    if (!required) return std::string();
    return InputError(ValidationStep::kSemantics, where, std::string("missing '") + key + "'");
  }
  if (!it->is_string()) {
    return InputError(ValidationStep::kSemantics, where,
                      std::string("'") + key + "' must be a string, not " + DescribeJsonValue(*it));
  }
  return it->template get<std::string>();
}

// Writes `content` to `path` via a temporary file in the same directory and a rename, so that a
// crash or error never leaves a half-written file. Creates parent directories. The temporary
// file is created exclusively and never through a symlink, and the rename replaces a symlink at
// `path` rather than writing through it.
Status WriteFileAtomic(const std::filesystem::path& path, std::string_view content);

// The origin step for files Fledger keeps inside a tree it does not trust (assessments/ in a
// cloned repository): fails if `base / relative` or any directory between them is a symlink, or
// exists and is neither a directory (for the components above the last) nor a regular file.
// Missing components are fine (they will be created). `base` itself is the user's choice and is
// not checked.
Status CheckNoSymlinks(const std::filesystem::path& base, const std::filesystem::path& relative);

}  // namespace fledger
