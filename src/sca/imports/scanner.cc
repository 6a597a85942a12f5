// The import scanner: blanks comments and string contents, then parses import statements.
//
// Two passes over one file. Blank() copies the text with comments turned into spaces and the
// contents of string literals into kFill, keeping every byte offset and newline, so the second
// pass can look for keywords without meeting them inside strings or comments, and still read a
// module specifier's text from the original at the same offsets. The second pass walks the
// identifier tokens once and parses the statement after each trigger keyword with a small
// cursor; no backtracking, no recursion, every loop advances.
#include <algorithm>
#include <array>
#include <cstring>

#include "sca/imports/imports.h"

namespace fledger::sca::imports {
namespace {

// Stands for every byte inside a string literal in the blanked text.
constexpr char kFill = '\x01';

bool IsIdentStart(char c) {
  const auto u = static_cast<unsigned char>(c);
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$' || u >= 0x80;
}
bool IsIdentChar(char c) { return IsIdentStart(c) || (c >= '0' && c <= '9'); }
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

// What a language's lexer must know to find its comments and strings.
struct LexSpec {
  bool slash_comments = false;    // `//` and `/* */`
  bool nested_block = false;      // `/* /* */ */` nests (Rust, Kotlin, Scala)
  bool hash_comments = false;     // `#` to the end of the line (not `#[` in PHP)
  bool triple_quotes = false;     // `"""` (and `'''` for Python) may span lines
  bool single_quote = true;       // `'` opens a string or character literal
  bool rust_quote = false;        // `'` is a char literal or a lifetime
  bool backtick = false;          // `` ` `` strings span lines (JS templates, Go raw strings)
  bool multiline_quotes = false;  // `'` and `"` strings may span lines (Ruby, PHP, Rust)
  bool rust_raw = false;          // r"..." and r#"..."#
  bool cpp_raw = false;           // R"delim(...)delim"
  bool ruby_heredoc = false;      // <<~ID, <<-ID, <<ID ... ID; and =begin ... =end
  bool php_heredoc = false;       // <<<ID ... ID
};

LexSpec SpecFor(Language language) {
  LexSpec s;
  switch (language) {
    case Language::kJavaScript:
      s.slash_comments = true;
      s.backtick = true;
      break;
    case Language::kPython:
      s.hash_comments = true;
      s.triple_quotes = true;
      break;
    case Language::kGo:
      s.slash_comments = true;
      s.backtick = true;
      break;
    case Language::kRust:
      s.slash_comments = s.nested_block = true;
      s.single_quote = false;
      s.rust_quote = s.multiline_quotes = s.rust_raw = true;
      break;
    case Language::kJava:
      s.slash_comments = s.triple_quotes = true;
      break;
    case Language::kKotlin:
    case Language::kScala:
      s.slash_comments = s.nested_block = s.triple_quotes = true;
      break;
    case Language::kRuby:
      s.hash_comments = s.multiline_quotes = s.ruby_heredoc = true;
      break;
    case Language::kPhp:
      s.slash_comments = s.hash_comments = s.multiline_quotes = s.php_heredoc = true;
      break;
    case Language::kC:
      s.slash_comments = s.cpp_raw = true;
      break;
  }
  return s;
}

bool StartsWith(std::string_view s, size_t at, std::string_view prefix) {
  return at <= s.size() && s.substr(at).substr(0, prefix.size()) == prefix;
}

// Reads a heredoc identifier at `i` (after the `<<` / `<<<` and an optional flag), quoted or not.
// Returns the identifier and moves `i` past it; empty when there is none.
std::string_view HeredocId(std::string_view t, size_t& i, bool require_upper) {
  size_t j = i;
  char quote = 0;
  if (j < t.size() && (t[j] == '\'' || t[j] == '"')) quote = t[j++];
  const size_t start = j;
  if (j >= t.size() || !IsIdentStart(t[j])) return {};
  if (require_upper && !quote && !(t[j] >= 'A' && t[j] <= 'Z') && t[j] != '_') return {};
  while (j < t.size() && IsIdentChar(t[j]) && j - start < 64) ++j;
  const std::string_view id = t.substr(start, j - start);
  if (quote) {
    if (j >= t.size() || t[j] != quote) return {};
    ++j;
  }
  i = j;
  return id;
}

// True if the line starting at `at` is the heredoc terminator `id` (indentation allowed, then a
// non-identifier character or the end of the line).
bool IsTerminatorLine(std::string_view t, size_t at, std::string_view id) {
  while (at < t.size() && IsSpace(t[at])) ++at;
  if (!StartsWith(t, at, id)) return false;
  const size_t end = at + id.size();
  return end >= t.size() || !IsIdentChar(t[end]);
}

// The text with comments as spaces and string contents as kFill; same length, same newlines.
std::string Blank(Language language, std::string_view t) {
  const LexSpec spec = SpecFor(language);
  std::string out(t);
  const size_t n = t.size();
  // Blanks [from, to) as string contents or comment text, keeping newlines.
  const auto fill = [&](size_t from, size_t to, char with) {
    for (size_t k = from; k < to && k < n; ++k) {
      if (out[k] != '\n') out[k] = with;
    }
  };
  // Skips a quoted string whose opening quote is at `i`; returns the index of its closing quote,
  // or of the newline or end where an unterminated one stops.
  const auto skip_quoted = [&](size_t i, char q, bool multiline) {
    size_t j = i + 1;
    while (j < n) {
      if (t[j] == '\\') {
        j += 2;
        continue;
      }
      if (t[j] == q) return j;
      if (t[j] == '\n' && !multiline) return j;
      ++j;
    }
    return n;
  };

  // Bytes that may start a comment, a string or a heredoc; the rest are skipped in a tight loop.
  std::array<bool, 256> interesting{};
  for (unsigned char b : std::string_view("\n\"'/#`<=rbR")) interesting[b] = true;

  std::string_view heredoc;  // pending heredoc terminator, active from the next line
  size_t i = 0;
  while (i < n) {
    while (i < n && !interesting[static_cast<unsigned char>(t[i])]) ++i;
    if (i >= n) break;
    const char c = t[i];
    if (c == '\n') {
      ++i;
      if (!heredoc.empty()) {
        // Blank whole lines up to and including the terminator line.
        size_t j = i;
        while (j < n && !IsTerminatorLine(t, j, heredoc)) {
          const size_t nl = t.find('\n', j);
          j = nl == std::string_view::npos ? n : nl + 1;
        }
        fill(i, j, kFill);
        i = j;
        heredoc = {};
      }
      continue;
    }

    if (spec.ruby_heredoc && (i == 0 || t[i - 1] == '\n') && StartsWith(t, i, "=begin")) {
      const size_t end = t.find("\n=end", i);
      const size_t stop = end == std::string_view::npos ? n : end + 5;
      fill(i, stop, ' ');
      i = stop;
      continue;
    }
    if (spec.slash_comments && c == '/' && i + 1 < n && t[i + 1] == '/') {
      const size_t nl = t.find('\n', i);
      const size_t stop = nl == std::string_view::npos ? n : nl;
      fill(i, stop, ' ');
      i = stop;
      continue;
    }
    if (spec.slash_comments && c == '/' && i + 1 < n && t[i + 1] == '*') {
      // A counter, not recursion: nesting depth cannot exhaust anything.
      size_t j = i + 2;
      size_t depth = 1;
      while (j < n && depth > 0) {
        if (t[j] == '*' && j + 1 < n && t[j + 1] == '/') {
          --depth;
          j += 2;
        } else if (spec.nested_block && t[j] == '/' && j + 1 < n && t[j + 1] == '*') {
          ++depth;
          j += 2;
        } else {
          ++j;
        }
      }
      fill(i, j, ' ');
      i = j;
      continue;
    }
    if (spec.hash_comments && c == '#' &&
        !(language == Language::kPhp && i + 1 < n && t[i + 1] == '[')) {
      const size_t nl = t.find('\n', i);
      const size_t stop = nl == std::string_view::npos ? n : nl;
      fill(i, stop, ' ');
      i = stop;
      continue;
    }
    if (spec.triple_quotes && (c == '"' || (c == '\'' && language == Language::kPython)) &&
        i + 2 < n && t[i + 1] == c && t[i + 2] == c) {
      const char delim[4] = {c, c, c, 0};
      size_t j = i + 3;
      while (j < n && !StartsWith(t, j, delim)) j += t[j] == '\\' ? 2 : 1;
      const size_t stop = std::min(n, j + 3);
      fill(i + 3, std::min(j, n), kFill);
      i = stop;
      continue;
    }
    if (spec.rust_raw && (c == 'r' || (c == 'b' && i + 1 < n && t[i + 1] == 'r')) &&
        (i == 0 || !IsIdentChar(t[i - 1]))) {
      size_t j = i + (c == 'b' ? 2 : 1);
      size_t hashes = 0;
      while (j < n && t[j] == '#' && hashes < 256) ++hashes, ++j;
      if (j < n && t[j] == '"' && (hashes > 0 || t[j - 1] == 'r')) {
        std::string close = "\"" + std::string(hashes, '#');
        const size_t end = t.find(close, j + 1);
        const size_t stop = end == std::string_view::npos ? n : end;
        fill(j + 1, stop, kFill);
        i = end == std::string_view::npos ? n : end + close.size();
        continue;
      }
    }
    if (spec.cpp_raw && c == 'R' && i + 1 < n && t[i + 1] == '"') {
      const bool prefix_ok = i == 0 || !IsIdentChar(t[i - 1]) || t[i - 1] == '8' ||
                             t[i - 1] == 'L' || t[i - 1] == 'u' || t[i - 1] == 'U';
      const size_t paren = t.find('(', i + 2);
      if (prefix_ok && paren != std::string_view::npos && paren - (i + 2) <= 16) {
        const std::string close = ")" + std::string(t.substr(i + 2, paren - (i + 2))) + "\"";
        const size_t end = t.find(close, paren + 1);
        const size_t stop = end == std::string_view::npos ? n : end;
        fill(i + 2, stop, kFill);
        i = end == std::string_view::npos ? n : end + close.size();
        continue;
      }
    }
    if (spec.ruby_heredoc && c == '<' && StartsWith(t, i, "<<") && !StartsWith(t, i, "<<<")) {
      size_t j = i + 2;
      if (j < n && (t[j] == '~' || t[j] == '-')) ++j;
      const std::string_view id = HeredocId(t, j, /*require_upper=*/true);
      if (!id.empty()) {
        heredoc = id;
        i = j;
        continue;
      }
    }
    if (spec.php_heredoc && StartsWith(t, i, "<<<")) {
      size_t j = i + 3;
      while (j < n && IsSpace(t[j])) ++j;
      const std::string_view id = HeredocId(t, j, /*require_upper=*/false);
      if (!id.empty()) {
        heredoc = id;
        i = j;
        continue;
      }
    }
    if (spec.rust_quote && c == '\'') {
      // 'x', '\n', '\u{..}' are char literals; 'a (no closing quote right after) a lifetime.
      size_t close = std::string_view::npos;
      if (i + 1 < n && t[i + 1] == '\\') {
        const size_t q = t.find('\'', i + 3);
        if (q != std::string_view::npos && q - i <= 12) close = q;
      } else {
        for (size_t k = i + 2; k < n && k <= i + 5; ++k) {
          if (t[k] == '\'') {
            close = k;
            break;
          }
        }
        // A multi-byte character is one char literal; 'ab' is not Rust.
        if (close != std::string_view::npos && close > i + 2 &&
            static_cast<unsigned char>(t[i + 1]) < 0x80) {
          close = std::string_view::npos;
        }
      }
      if (close != std::string_view::npos) {
        fill(i + 1, close, kFill);
        i = close + 1;
      } else {
        ++i;
      }
      continue;
    }
    if (c == '"' || (c == '\'' && spec.single_quote) || (c == '`' && spec.backtick)) {
      const bool multiline = c == '`' || spec.multiline_quotes;
      const size_t end = skip_quoted(i, c, multiline);
      fill(i + 1, end, kFill);
      i = end < n && t[end] == c ? end + 1 : end;
      continue;
    }
    ++i;
  }
  return out;
}

// The parse cursor over the blanked text `c`, reading module text from the original `t`.
class Cursor {
 public:
  Cursor(std::string_view original, std::string_view blanked, size_t max_sites,
         std::vector<RawImport>* out)
      : t_(original), c_(blanked), max_sites_(max_sites), out_(out) {}

  std::string_view blanked() const { return c_; }
  size_t size() const { return c_.size(); }
  char at(size_t i) const { return i < c_.size() ? c_[i] : '\0'; }
  bool full() const { return out_->size() >= max_sites_; }

  // Skips spaces (and newlines when `newlines`; a backslash-newline always).
  size_t SkipWs(size_t i, bool newlines) const {
    while (i < c_.size()) {
      const char ch = c_[i];
      if (IsSpace(ch) || (newlines && ch == '\n')) {
        ++i;
      } else if (ch == '\\' && i + 1 < c_.size() &&
                 (c_[i + 1] == '\n' || (c_[i + 1] == '\r' && at(i + 2) == '\n'))) {
        i += c_[i + 1] == '\n' ? 2 : 3;
      } else {
        break;
      }
    }
    return i;
  }
  // The identifier at `i` (empty if none); `i` moves past it.
  std::string_view Ident(size_t& i) const {
    if (i >= c_.size() || !IsIdentStart(c_[i]) || c_[i] == '$') return {};
    const size_t start = i;
    while (i < c_.size() && IsIdentChar(c_[i])) ++i;
    return c_.substr(start, i - start);
  }
  // Characters of `allowed` or identifier characters from `i`; `i` moves past them.
  std::string_view Run(size_t& i, std::string_view allowed) const {
    const size_t start = i;
    while (i < c_.size() && (IsIdentChar(c_[i]) || allowed.find(c_[i]) != std::string_view::npos))
      ++i;
    return c_.substr(start, i - start);
  }
  // The contents of the string literal whose opening quote (one of `quotes`) is at `i`, from the
  // original text; `i` moves past the closing quote. nullopt if there is no string there.
  std::optional<std::string_view> String(size_t& i, std::string_view quotes) const {
    if (i >= c_.size() || quotes.find(c_[i]) == std::string_view::npos) return std::nullopt;
    const char q = c_[i];
    size_t j = i + 1;
    while (j < c_.size() && c_[j] == kFill) ++j;
    if (j >= c_.size() || c_[j] != q) return std::nullopt;
    const std::string_view text = t_.substr(i + 1, j - i - 1);
    i = j + 1;
    return text;
  }
  // The last non-space character before `i` on the same line, or '\n' at the line start.
  char PrevOnLine(size_t i) const {
    while (i > 0) {
      const char ch = c_[--i];
      if (ch == '\n') return '\n';
      if (!IsSpace(ch)) return ch;
    }
    return '\n';
  }
  // The last non-space character before `i`, across lines; '\0' at the start of the text.
  char Prev(size_t i) const {
    while (i > 0) {
      const char ch = c_[--i];
      if (!IsSpace(ch) && ch != '\n') return ch;
    }
    return '\0';
  }

  // Records `module` starting at byte `offset` of the text (skipped when empty or too long).
  void Add(size_t offset, std::string_view module) {
    if (module.empty() || module.size() > kMaxModuleLength || full()) return;
    // Lines are counted forward from the last site; sites arrive in text order.
    if (offset < line_offset_) {
      line_offset_ = 0;
      line_ = 1;
      line_start_ = 0;
    }
    for (size_t k = line_offset_; k < offset && k < t_.size(); ++k) {
      if (t_[k] == '\n') {
        ++line_;
        line_start_ = k + 1;
      }
    }
    line_offset_ = offset;
    out_->push_back(RawImport{.line = line_,
                              .column = static_cast<int>(offset - line_start_ + 1),
                              .module = std::string(module)});
  }

 private:
  std::string_view t_, c_;
  size_t max_sites_;
  std::vector<RawImport>* out_;
  size_t line_offset_ = 0, line_start_ = 0;
  int line_ = 1;
};

// ---- JavaScript / TypeScript -------------------------------------------------------------------
void ParseJs(Cursor& cur, std::string_view tok, size_t start, size_t end) {
  if (cur.Prev(start) == '.') return;  // obj.require(...), x.import
  size_t i = cur.SkipWs(end, true);
  if (tok == "require") {
    if (cur.at(i) == '.') {  // require.resolve('x')
      size_t j = cur.SkipWs(i + 1, true);
      if (cur.Ident(j) != "resolve") return;
      i = cur.SkipWs(j, true);
    }
    if (cur.at(i) != '(') return;
    i = cur.SkipWs(i + 1, true);
    const size_t at = i + 1;
    const auto s = cur.String(i, "'\"`");
    if (!s) return;
    i = cur.SkipWs(i, true);
    if (cur.at(i) == ')' || cur.at(i) == ',') cur.Add(at, *s);
    return;
  }
  if (tok == "import" && cur.at(i) == '(') i = cur.SkipWs(i + 1, true);  // import('x')
  // import 'x' / import('x') / ... from 'x'
  const size_t at = i + 1;
  const auto s = cur.String(i, tok == "import" ? "'\"`" : "'\"");
  if (s) cur.Add(at, *s);
}

// ---- Python ------------------------------------------------------------------------------------
// A dotted module name at `i` ("a.b.c"), allowing no spaces inside.
std::string_view Dotted(const Cursor& cur, size_t& i) {
  const size_t start = i;
  while (true) {
    if (cur.Ident(i).empty()) break;
    if (cur.at(i) != '.' || !IsIdentStart(cur.at(i + 1))) break;
    ++i;
  }
  return cur.blanked().substr(start, i - start);
}

void ParsePython(Cursor& cur, std::string_view tok, size_t start, size_t end) {
  const char prev = cur.PrevOnLine(start);
  if (prev != '\n' && prev != ';' && prev != ':') return;  // not at a statement start
  size_t i = cur.SkipWs(end, false);
  if (tok == "from") {
    if (cur.at(i) == '.') return;  // relative: from . import x, from .a import b
    const size_t at = i;
    const std::string_view module = Dotted(cur, i);
    if (module.empty()) return;
    size_t j = cur.SkipWs(i, false);
    if (cur.Ident(j) != "import") return;
    cur.Add(at, module);
    return;
  }
  // import a.b as c, d
  while (!cur.full()) {
    const size_t at = i;
    const std::string_view module = Dotted(cur, i);
    if (module.empty()) return;
    cur.Add(at, module);
    i = cur.SkipWs(i, false);
    size_t j = i;
    if (cur.Ident(j) == "as") {
      j = cur.SkipWs(j, false);
      if (cur.Ident(j).empty()) return;
      i = cur.SkipWs(j, false);
    }
    if (cur.at(i) != ',') return;
    i = cur.SkipWs(i + 1, false);
  }
}

// ---- Go ----------------------------------------------------------------------------------------
// One import spec: an optional name (ident, `_` or `.`) and a path string.
bool GoSpec(Cursor& cur, size_t& i) {
  size_t j = i;
  if (cur.at(j) == '.') {
    ++j;
  } else {
    cur.Ident(j);
  }
  j = cur.SkipWs(j, false);
  const size_t at = j + 1;
  const auto s = cur.String(j, "\"`");
  if (!s) return false;
  cur.Add(at, *s);
  i = j;
  return true;
}

void ParseGo(Cursor& cur, size_t end) {
  size_t i = cur.SkipWs(end, true);
  if (cur.at(i) != '(') {
    GoSpec(cur, i);
    return;
  }
  ++i;
  while (!cur.full()) {
    while (i < cur.size() && (IsSpace(cur.at(i)) || cur.at(i) == '\n' || cur.at(i) == ';')) ++i;
    if (i >= cur.size() || cur.at(i) == ')') return;
    if (!GoSpec(cur, i)) return;  // every iteration consumes a spec or stops
  }
}

// ---- Rust --------------------------------------------------------------------------------------
bool RustPathRoot(std::string_view ident) {
  return ident == "crate" || ident == "self" || ident == "super" || ident == "Self" ||
         ident == "std" || ident == "core" || ident == "alloc";
}

void ParseRust(Cursor& cur, std::string_view tok, size_t end) {
  size_t i = cur.SkipWs(end, true);
  if (tok == "extern") {
    if (cur.Ident(i) != "crate") return;
    i = cur.SkipWs(i, true);
    const size_t at = i;
    const std::string_view name = cur.Ident(i);
    if (!name.empty() && !RustPathRoot(name)) cur.Add(at, name);
    return;
  }
  if (cur.at(i) == ':' && cur.at(i + 1) == ':') i = cur.SkipWs(i + 2, true);
  if (cur.at(i) != '{') {
    const size_t at = i;
    const std::string_view name = cur.Ident(i);
    if (!name.empty() && !RustPathRoot(name)) cur.Add(at, name);
    return;
  }
  // use {a::b, c::{d, e}}: the first identifier of each top-level item; bounded by the text.
  int depth = 0;
  bool item_start = true;
  while (i < cur.size() && !cur.full()) {
    const char ch = cur.at(i);
    if (ch == '{') {
      ++depth;
      item_start = depth == 1;
      ++i;
    } else if (ch == '}') {
      if (--depth == 0) return;
      ++i;
    } else if (ch == ',') {
      item_start = depth == 1;
      ++i;
    } else if (ch == ';') {
      return;
    } else if (item_start && IsIdentStart(ch)) {
      const size_t at = i;
      const std::string_view name = cur.Ident(i);
      if (!RustPathRoot(name)) cur.Add(at, name);
      item_start = false;
    } else {
      ++i;
    }
  }
}

// ---- Java / Kotlin / Scala ---------------------------------------------------------------------
void ParseJvm(Cursor& cur, size_t start, size_t end) {
  const char prev = cur.PrevOnLine(start);
  if (prev != '\n' && prev != ';') return;
  size_t i = cur.SkipWs(end, false);
  size_t j = i;
  if (cur.Ident(j) == "static") i = cur.SkipWs(j, false);
  const size_t at = i;
  std::string_view name = cur.Run(i, ".*`");
  // import a.b.* / a.b._ (Scala) / a.b.{C, D} (Scala): keep the package part.
  while (!name.empty() && (name.back() == '.' || name.back() == '*')) name.remove_suffix(1);
  if (name.size() > 2 && name.substr(name.size() - 2) == "._") name.remove_suffix(2);
  if (name.find('.') == std::string_view::npos) return;  // not a package-qualified import
  cur.Add(at, name);
}

// ---- Ruby --------------------------------------------------------------------------------------
void ParseRuby(Cursor& cur, size_t start, size_t end) {
  if (cur.Prev(start) == '.' || cur.Prev(start) == ':') return;  // x.require, :require
  size_t i = cur.SkipWs(end, false);
  if (cur.at(i) == '(') i = cur.SkipWs(i + 1, false);
  const size_t at = i + 1;
  const auto s = cur.String(i, "'\"");
  if (!s || s->empty() || s->front() == '.' || s->front() == '/') return;
  cur.Add(at, *s);
}

// ---- PHP ---------------------------------------------------------------------------------------
void ParsePhp(Cursor& cur, std::string_view tok, size_t start, size_t end) {
  if (tok == "use") {
    // At a statement start: `function () use ($x)` is a closure, not an import.
    const char prev = cur.PrevOnLine(start);
    if (prev != '\n' && prev != ';' && prev != '{' && prev != '}') return;
    size_t i = cur.SkipWs(end, true);
    size_t j = i;
    const std::string_view kind = cur.Ident(j);
    if (kind == "function" || kind == "const") i = cur.SkipWs(j, true);
    while (!cur.full()) {
      if (cur.at(i) == '\\') ++i;
      const size_t at = i;
      std::string_view name = cur.Run(i, "\\");
      while (!name.empty() && name.back() == '\\') name.remove_suffix(1);  // group use A\{B, C}
      if (name.empty()) return;
      cur.Add(at, name);
      i = cur.SkipWs(i, true);
      if (cur.at(i) == '{') {  // skip the group
        while (i < cur.size() && cur.at(i) != '}') ++i;
        i = cur.SkipWs(i + 1, true);
      }
      j = i;
      if (cur.Ident(j) == "as") {
        j = cur.SkipWs(j, true);
        cur.Ident(j);
        i = cur.SkipWs(j, true);
      }
      if (cur.at(i) != ',') return;
      i = cur.SkipWs(i + 1, true);
    }
    return;
  }
  // require/include: the first string of the statement, when it names a vendor/ path.
  if (cur.Prev(start) == '>' || cur.Prev(start) == ':') return;  // $x->include, X::require
  size_t i = end;
  for (size_t budget = 0; i < cur.size() && budget < 512; ++i, ++budget) {
    const char ch = cur.at(i);
    if (ch == ';' || ch == '\n') return;
    if (ch == '\'' || ch == '"') {
      const size_t at = i + 1;
      const auto s = cur.String(i, "'\"");
      if (s && s->find("vendor/") != std::string_view::npos) cur.Add(at, *s);
      return;
    }
  }
}

// ---- C / C++ -----------------------------------------------------------------------------------
void ParseC(Cursor& cur, size_t hash) {
  size_t i = cur.SkipWs(hash + 1, false);
  const std::string_view directive = cur.Ident(i);
  if (directive != "include" && directive != "import" && directive != "include_next") return;
  i = cur.SkipWs(i, false);
  if (cur.at(i) == '<') {
    const std::string_view line = cur.blanked().substr(i, kMaxModuleLength + 2);
    const size_t close = line.find_first_of(">\n");
    if (close == std::string_view::npos || line[close] != '>') return;
    if (close > 1) cur.Add(i, line.substr(0, close + 1));
    return;
  }
  const size_t at = i;
  const auto s = cur.String(i, "\"");
  if (s && !s->empty()) cur.Add(at, std::string("\"") + std::string(*s) + "\"");
}

}  // namespace

std::vector<RawImport> ScanImports(Language language, std::string_view text, size_t max_sites) {
  std::vector<RawImport> out;
  if (max_sites == 0) return out;
  const std::string blanked = Blank(language, text);
  Cursor cur(text, blanked, max_sites, &out);
  const std::string_view c = blanked;
  const size_t n = c.size();
  for (size_t i = 0; i < n && !cur.full();) {
    if (language == Language::kC) {  // only `#` lines matter
      const size_t hash = c.find('#', i);
      if (hash == std::string_view::npos) break;
      if (cur.PrevOnLine(hash) == '\n') ParseC(cur, hash);
      i = hash + 1;
      continue;
    }
    const char ch = c[i];
    if (!IsIdentStart(ch) || (i > 0 && IsIdentChar(c[i - 1]))) {
      ++i;
      continue;
    }
    const size_t start = i;
    while (i < n && IsIdentChar(c[i])) ++i;
    const std::string_view tok = c.substr(start, i - start);
    switch (language) {
      case Language::kJavaScript:
        if (tok == "import" || tok == "from" || tok == "require") ParseJs(cur, tok, start, i);
        break;
      case Language::kPython:
        if (tok == "import" || tok == "from") ParsePython(cur, tok, start, i);
        break;
      case Language::kGo:
        if (tok == "import") ParseGo(cur, i);
        break;
      case Language::kRust:
        if (tok == "use" || tok == "extern") ParseRust(cur, tok, i);
        break;
      case Language::kJava:
      case Language::kKotlin:
      case Language::kScala:
        if (tok == "import") ParseJvm(cur, start, i);
        break;
      case Language::kRuby:
        if (tok == "require") ParseRuby(cur, start, i);
        break;
      case Language::kPhp:
        if (tok == "use" || tok == "require" || tok == "require_once" || tok == "include" ||
            tok == "include_once") {
          ParsePhp(cur, tok, start, i);
        }
        break;
      case Language::kC:
        break;
    }
  }
  return out;
}

std::string_view LanguageName(Language language) {
  switch (language) {
    case Language::kJavaScript:
      return "javascript";
    case Language::kPython:
      return "python";
    case Language::kGo:
      return "go";
    case Language::kRust:
      return "rust";
    case Language::kJava:
      return "java";
    case Language::kKotlin:
      return "kotlin";
    case Language::kScala:
      return "scala";
    case Language::kRuby:
      return "ruby";
    case Language::kPhp:
      return "php";
    case Language::kC:
      return "c";
  }
  return "unknown";
}

std::optional<Language> LanguageForPath(std::string_view path) {
  const size_t slash = path.rfind('/');
  const std::string_view base = slash == std::string_view::npos ? path : path.substr(slash + 1);
  const size_t dot = base.rfind('.');
  if (dot == std::string_view::npos || dot == 0) return std::nullopt;
  std::string ext(base.substr(dot + 1));
  for (char& ch : ext) ch = static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch);
  struct Ext {
    const char* ext;
    Language language;
  };
  static constexpr Ext kExts[] = {
      {"js", Language::kJavaScript},
      {"mjs", Language::kJavaScript},
      {"cjs", Language::kJavaScript},
      {"jsx", Language::kJavaScript},
      {"ts", Language::kJavaScript},
      {"tsx", Language::kJavaScript},
      {"mts", Language::kJavaScript},
      {"cts", Language::kJavaScript},
      {"vue", Language::kJavaScript},
      {"svelte", Language::kJavaScript},
      {"py", Language::kPython},
      {"pyi", Language::kPython},
      {"go", Language::kGo},
      {"rs", Language::kRust},
      {"java", Language::kJava},
      {"kt", Language::kKotlin},
      {"kts", Language::kKotlin},
      {"scala", Language::kScala},
      {"rb", Language::kRuby},
      {"php", Language::kPhp},
      {"c", Language::kC},
      {"h", Language::kC},
      {"cc", Language::kC},
      {"cpp", Language::kC},
      {"cxx", Language::kC},
      {"hpp", Language::kC},
      {"hh", Language::kC},
      {"hxx", Language::kC},
  };
  for (const auto& e : kExts) {
    if (ext == e.ext) return e.language;
  }
  return std::nullopt;
}

}  // namespace fledger::sca::imports
