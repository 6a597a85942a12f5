// Implementation of the text helpers: UTF-8 validation, escaping for each output medium, hashing.
#include "core/text.h"

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstring>

namespace fledger {
namespace {

// The code point of the UTF-8 sequence starting at text[i] and its length in bytes; the length is
// 0 if the sequence is invalid (overlong, surrogate, beyond U+10FFFF, truncated).
struct Decoded {
  char32_t cp = 0;
  size_t length = 0;
};
Decoded DecodeUtf8(std::string_view text, size_t i) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char c = byte(i);
  if (c < 0x80) return {c, 1};
  size_t len = 0;
  char32_t cp = 0;
  if ((c & 0xE0) == 0xC0) {
    len = 2;
    cp = c & 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    len = 3;
    cp = c & 0x0F;
  } else if ((c & 0xF8) == 0xF0) {
    len = 4;
    cp = c & 0x07;
  } else {
    return {};
  }
  if (i + len > text.size()) return {};
  for (size_t k = 1; k < len; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return {};
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  static constexpr std::array<char32_t, 5> kMin = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return {};
  return {cp, len};
}

size_t Utf8SequenceLength(std::string_view text, size_t i) { return DecodeUtf8(text, i).length; }

void AppendUnicodeEscape(std::string& out, char32_t cp) {
  char buf[8];
  std::snprintf(buf, sizeof(buf), "\\u%04x", static_cast<unsigned>(cp));
  out += buf;
}

// The end of the run of ASCII bytes starting at `i`, eight bytes at a
// time: ASCII text (nearly all of what Fledger reads and writes) needs no per-byte decoding.
// With `del_too`, DEL (0x7F) also ends the run.
size_t AsciiRunEnd(std::string_view text, size_t i, bool del_too) {
  constexpr uint64_t kHigh = 0x8080808080808080ULL;
  constexpr uint64_t kOnes = 0x0101010101010101ULL;
  while (i + 8 <= text.size()) {
    uint64_t chunk;
    std::memcpy(&chunk, text.data() + i, 8);
    // chunk + 1 per byte sets the high bit of a 0x7F byte (a carry only adds false positives,
    // which the byte loop below sorts out).
    const uint64_t stop = del_too ? (chunk | (chunk + kOnes)) & kHigh : chunk & kHigh;
    if (stop != 0) break;
    i += 8;
  }
  const unsigned char limit = del_too ? 0x7F : 0x80;
  while (i < text.size() && static_cast<unsigned char>(text[i]) < limit) ++i;
  return i;
}

void AppendHexEscape(std::string& out, unsigned char c) {
  char buf[8];
  std::snprintf(buf, sizeof(buf), "\\x%02x", c);
  out += buf;
}

}  // namespace

size_t FirstInvalidUtf8(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    i = AsciiRunEnd(text, i, /*del_too=*/false);
    if (i >= text.size()) break;
    const size_t len = Utf8SequenceLength(text, i);
    if (len == 0) return i;
    i += len;
  }
  return std::string_view::npos;
}

bool IsValidUtf8(std::string_view text) { return FirstInvalidUtf8(text) == std::string_view::npos; }

bool IsUnsafeFormatCodePoint(char32_t cp) {
  return (cp >= 0x80 && cp <= 0x9F) || cp == 0x061C || cp == 0x200E || cp == 0x200F ||
         (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x2028 ||
         cp == 0x2029;
}

std::string EscapeUnsafeCodePoints(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    const size_t run = AsciiRunEnd(text, i, /*del_too=*/true);
    out.append(text.substr(i, run - i));
    i = run;
    if (i >= text.size()) break;
    const Decoded d = DecodeUtf8(text, i);
    if (d.length == 0) {
      out += text[i++];
      continue;
    }
    if (d.cp == 0x7F || IsUnsafeFormatCodePoint(d.cp)) {
      AppendUnicodeEscape(out, d.cp);
    } else {
      out.append(text.substr(i, d.length));
    }
    i += d.length;
  }
  return out;
}

TextPosition PositionOf(std::string_view text, size_t offset) {
  TextPosition pos;
  const size_t end = std::min(offset, text.size());
  for (size_t i = 0; i < end; ++i) {
    if (text[i] == '\n') {
      ++pos.line;
      pos.column = 1;
    } else {
      ++pos.column;
    }
  }
  return pos;
}

std::string EscapeTerminal(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    const Decoded d = DecodeUtf8(text, i);
    if (d.length == 0) {
      AppendHexEscape(out, c);
      ++i;
      continue;
    }
    if (d.length == 1) {
      if (c == '\t') {
        out += '\t';
      } else if (c == '\n') {
        out += "\\n";
      } else if (c == '\r') {
        out += "\\r";
      } else if (c < 0x20 || c == 0x7F) {
        AppendHexEscape(out, c);
      } else {
        out += static_cast<char>(c);
      }
    } else if (IsUnsafeFormatCodePoint(d.cp)) {
      // C1 controls include CSI, which terminals honour; bidi controls reorder what follows.
      AppendUnicodeEscape(out, d.cp);
    } else {
      out.append(text.substr(i, d.length));
    }
    i += d.length;
  }
  return out;
}

std::string EscapeHtml(std::string_view text) {
  std::string safe = EscapeTerminal(text);
  std::string out;
  out.reserve(safe.size());
  for (char c : safe) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

namespace {
std::string EscapeMarkdownImpl(std::string_view text, bool cell) {
  std::string out;
  out.reserve(text.size() + 8);
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n') {
      out += cell ? "<br>" : "\n";
      continue;
    }
    if (c == '\r') continue;
    switch (c) {
      case '&':
        out += "&amp;";
        continue;
      case '<':
        out += "&lt;";
        continue;
      case '>':
        out += "&gt;";
        continue;
      case '|':
      case '\\':
      case '`':
      case '*':
      case '_':
      case '[':
      case ']':
      case '#':
      case '!':
        out += '\\';
        out += c;
        continue;
      default:
        break;
    }
    out += c;
  }
  // C1 and bidi controls come out as the text "\u202e", not as an HTML entity: a renderer such
  // as GitHub's decodes "&#x202E;" back into the character itself, which would then reorder the
  // rendered page. A backslash before a letter is no Markdown escape, so the text shows as is.
  return EscapeTerminal(out);
}
}  // namespace

std::string EscapeMarkdownCell(std::string_view text) { return EscapeMarkdownImpl(text, true); }
std::string EscapeMarkdown(std::string_view text) { return EscapeMarkdownImpl(text, false); }

std::string MarkdownCodeSpan(std::string_view text, bool in_table_cell) {
  if (text.empty()) return "";
  // Inside a code span backslashes are literal, so the only escape GFM honours there is the
  // table's "\|" (unescaped before the span is parsed); every other character stays as it is.
  std::string body;
  body.reserve(text.size());
  for (char c : EscapeTerminal(text)) {
    if (c == '|' && in_table_cell) body += '\\';
    body += c;
  }
  // A run of backticks inside ends the span only if it is as long as the fence.
  size_t longest = 0, run = 0;
  for (char c : body) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  const std::string fence(longest + 1, '`');
  // CommonMark strips one space from each end of a span that begins and ends with one; padding
  // keeps a leading or trailing backtick from joining the fence, and keeps the text's own spaces.
  const bool pad = body.front() == '`' || body.back() == '`' ||
                   (body.front() == ' ' && body.back() == ' ' &&
                    body.find_first_not_of(' ') != std::string::npos);
  const std::string space = pad ? " " : "";
  return fence + space + body + space + fence;
}

std::string ToLower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string_view Trim(std::string_view text) {
  const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

std::vector<std::string> Split(std::string_view text, char sep) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    const size_t pos = text.find(sep, start);
    parts.emplace_back(text.substr(start, pos == std::string_view::npos ? pos : pos - start));
    if (pos == std::string_view::npos) break;
    start = pos + 1;
  }
  return parts;
}

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}
bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

bool ContainsCaseInsensitive(std::string_view haystack, std::string_view needle) {
  if (needle.empty()) return true;
  auto it = std::search(
      haystack.begin(), haystack.end(), needle.begin(), needle.end(),
      [](unsigned char a, unsigned char b) { return std::tolower(a) == std::tolower(b); });
  return it != haystack.end();
}

std::string CollapseWhitespace(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : Trim(text)) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = true;
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

std::string Truncate(std::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return std::string(text.substr(0, cut)) + "\xE2\x80\xA6";
}

std::string Sha256Hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), digest, &len, EVP_sha256(), nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(len * 2);
  for (unsigned int i = 0; i < len; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 0xF];
  }
  return out;
}

}  // namespace fledger
