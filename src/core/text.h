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

// Replaces C0/C1 control characters (other than tab) and DEL with visible escapes (\n, \x1b, ...),
// and invalid UTF-8 bytes with \xNN, so that untrusted text cannot drive a terminal.
std::string EscapeTerminal(std::string_view text);
// HTML text and attribute escaping (& < > " '), control characters escaped as for a terminal.
std::string EscapeHtml(std::string_view text);
// Escapes text for a Markdown table cell: pipes, backslashes, HTML-significant characters and
// Markdown punctuation that would change rendering; newlines become <br>.
std::string EscapeMarkdownCell(std::string_view text);
// Escapes text for Markdown prose (not inside a table).
std::string EscapeMarkdown(std::string_view text);

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
