// Text helpers shared by every reader and renderer: UTF-8 checks, escaping, positions.
//
// Everything Fledger prints comes from untrusted repositories, so renderers escape with these
// functions and never write raw input:
//
//   std::cout << EscapeTerminal(path);      // control characters shown as \x1b, never executed
//   html << EscapeHtml(message);
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace fledger {

// True if `text` is well-formed UTF-8 (no overlongs, no surrogates, no code points > U+10FFFF).
bool IsValidUtf8(std::string_view text);
// Byte offset of the first invalid UTF-8 sequence, or npos.
size_t FirstInvalidUtf8(std::string_view text);

// 1-based line and column (in bytes) of `offset` within `text`.
struct TextPosition {
  size_t line = 1;
  size_t column = 1;
};
TextPosition PositionOf(std::string_view text, size_t offset);

// True for the code points that can drive a terminal or make text display differently from what
// it holds ("Trojan Source"): C1 controls (U+0080..U+009F, CSI among them), the bidi marks,
// embeddings, overrides and isolates (U+061C, U+200E, U+200F, U+202A..U+202E, U+2066..U+2069),
// and the line and paragraph separators U+2028 and U+2029.
bool IsUnsafeFormatCodePoint(char32_t cp);

// Rewrites DEL and every IsUnsafeFormatCodePoint code point in `text` as the six characters
// "\uXXXX" (lowercase hex) and copies everything else, invalid UTF-8 bytes included, unchanged.
// Meant for serialized JSON, where these code points can only occur inside strings and the escape
// denotes the same string; DumpJson (core/json.h) applies it.
std::string EscapeUnsafeCodePoints(std::string_view text);

// Replaces C0 control characters (other than tab) and DEL with visible escapes (\n, \x1b, ...),
// C1 and bidi controls with \u009b, \u202e, ..., and invalid UTF-8 bytes with \xNN, so that
// untrusted text can neither drive a terminal nor reorder the line it is printed on.
std::string EscapeTerminal(std::string_view text);
// HTML text and attribute escaping (& < > " '), control characters escaped as for a terminal.
std::string EscapeHtml(std::string_view text);
// Escapes text for a Markdown table cell: pipes, backslashes, HTML-significant characters and
// Markdown punctuation that would change rendering; newlines become <br>; control and bidi
// characters are escaped as by EscapeTerminal.
std::string EscapeMarkdownCell(std::string_view text);
// Escapes text for Markdown prose (not inside a table).
std::string EscapeMarkdown(std::string_view text);
// A Markdown code span that shows `text` literally: the backtick fence is longer than any run of
// backticks inside, controls are escaped as by EscapeTerminal, and with `in_table_cell` every
// pipe is written "\|" (a GFM table splits its cells at a pipe even inside a code span). Empty
// text gives an empty string.
std::string MarkdownCodeSpan(std::string_view text, bool in_table_cell);

std::string ToLower(std::string_view text);
std::string_view Trim(std::string_view text);
std::vector<std::string> Split(std::string_view text, char sep);
bool StartsWith(std::string_view text, std::string_view prefix);
bool EndsWith(std::string_view text, std::string_view suffix);
bool ContainsCaseInsensitive(std::string_view haystack, std::string_view needle);
// Collapses runs of whitespace to one space and trims.
std::string CollapseWhitespace(std::string_view text);
// Shortens `text` to at most `max_bytes` on a UTF-8 boundary, adding "…" when cut.
std::string Truncate(std::string_view text, size_t max_bytes);

// Lowercase hex SHA-256 of `data`.
std::string Sha256Hex(std::string_view data);

}  // namespace fledger
