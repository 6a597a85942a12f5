// simdjson's validating parser as a fast front door for large JSON inputs: a text that passes
// IsStrictJson is one ParseJsonText accepts too, so a hot path (a megabyte package-lock.json) can
// read it with simdjson's On-Demand API instead of building an nlohmann DOM.
//
//   const simdjson::padded_string padded(text);
//   if (!IsStrictJson(padded)) return SlowPath(text);  // ParseJsonText says why, or parses it
//   simdjson::ondemand::parser parser;
//   ...
//
// Only sources that need the speed include this header: simdjson.h is 35 000 lines.
#pragma once

#include <simdjson.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>

namespace fledger {

// True when simdjson's DOM parser accepts `text` (RFC 8259 syntax, UTF-8, numbers that fit 64
// bits) with nesting below kMaxJsonDepth, and no object repeats a key: every such text is one
// ParseJsonText accepts. False does not mean invalid: the caller falls back to ParseJsonText, which
// names the problem or, for the few texts only it can represent (integers past 64 bits, nesting
// of exactly kMaxJsonDepth), parses them.
bool IsStrictJson(const simdjson::padded_string& text);

// The nlohmann value of `text` built from simdjson's parse (several times faster than nlohmann's
// own lexer) when `text` is strict JSON as above; nullopt otherwise. The value equals what
// ParseJsonText's nlohmann parser builds, except that "-0" is an unsigned 0 (nlohmann: a signed
// 0; both print as 0).
std::optional<nlohmann::json> ParseStrictJson(std::string_view text);

}  // namespace fledger
