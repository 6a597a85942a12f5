// Gitignore(5) glob matching and ignore-file parsing, written for untrusted pattern files: every
// match runs in polynomial time (no exponential backtracking) and every file is bounded.
#include "fs/ignore.h"

#include <cstddef>

namespace fledger::fs {
namespace {

constexpr size_t kNpos = std::string_view::npos;
constexpr size_t kMaxLineBytes = 4096;
constexpr size_t kMaxPatternsPerFile = 10000;

enum class TokenMatch { kYes, kNo, kInvalid };

// True if `c` belongs to the POSIX character class `name` ("alpha", "digit", ...); sets
// `*known` to false for an unknown class name. Bytes >= 0x80 belong to no class, as in the C
// locale, so the answer never depends on the process locale.
bool InPosixClass(std::string_view name, unsigned char c, bool* known) {
  *known = true;
  const bool upper = c >= 'A' && c <= 'Z';
  const bool lower = c >= 'a' && c <= 'z';
  const bool digit = c >= '0' && c <= '9';
  const bool graph = c > 0x20 && c < 0x7F;
  if (name == "alpha") return upper || lower;
  if (name == "digit") return digit;
  if (name == "alnum") return upper || lower || digit;
  if (name == "upper") return upper;
  if (name == "lower") return lower;
  if (name == "xdigit") return digit || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  if (name == "space") return c == ' ' || (c >= '\t' && c <= '\r');
  if (name == "blank") return c == ' ' || c == '\t';
  if (name == "cntrl") return c < 0x20 || c == 0x7F;
  if (name == "graph") return graph;
  if (name == "print") return graph || c == ' ';
  if (name == "punct") return graph && !upper && !lower && !digit;
  *known = false;
  return false;
}

// Matches `c` against the bracket expression starting at pat[pos] == '['. On success sets
// `*next` to the index just past the closing ']'. An unterminated expression, a dangling
// backslash or an unknown [:class:] makes the whole pattern invalid (it then matches nothing,
// as in git).
TokenMatch MatchClass(std::string_view pat, size_t pos, unsigned char c, size_t* next) {
  size_t i = pos + 1;
  bool negated = false;
  if (i < pat.size() && (pat[i] == '!' || pat[i] == '^')) {
    negated = true;
    ++i;
  }
  bool matched = false;
  bool first = true;  // a ']' right after '[' or '[!' is a member, not the end
  while (true) {
    if (i >= pat.size()) return TokenMatch::kInvalid;
    const char ch = pat[i];
    if (ch == ']' && !first) {
      ++i;
      break;
    }
    first = false;
    if (ch == '[' && i + 1 < pat.size() && pat[i + 1] == ':') {
      const size_t close = pat.find(":]", i + 2);
      if (close != kNpos) {
        bool known = true;
        if (InPosixClass(pat.substr(i + 2, close - i - 2), c, &known)) matched = true;
        if (!known) return TokenMatch::kInvalid;
        i = close + 2;
        continue;
      }
      // No ":]": the '[' is an ordinary member.
    }
    unsigned char lo = 0;
    if (ch == '\\') {
      if (i + 1 >= pat.size()) return TokenMatch::kInvalid;
      lo = static_cast<unsigned char>(pat[i + 1]);
      i += 2;
    } else {
      lo = static_cast<unsigned char>(ch);
      ++i;
    }
    if (i + 1 < pat.size() && pat[i] == '-' && pat[i + 1] != ']') {
      unsigned char hi = 0;
      if (pat[i + 1] == '\\') {
        if (i + 2 >= pat.size()) return TokenMatch::kInvalid;
        hi = static_cast<unsigned char>(pat[i + 2]);
        i += 3;
      } else {
        hi = static_cast<unsigned char>(pat[i + 1]);
        i += 2;
      }
      if (lo <= c && c <= hi) matched = true;
    } else if (c == lo) {
      matched = true;
    }
  }
  *next = i;
  return matched != negated ? TokenMatch::kYes : TokenMatch::kNo;
}

// Matches one single-character token of `pat` at `pos` ('?', '[...]', '\x' or a literal byte)
// against `c`, setting `*next` past the token. '*' is handled by the caller.
TokenMatch MatchToken(std::string_view pat, size_t pos, char c, size_t* next) {
  const char p = pat[pos];
  if (p == '?') {
    *next = pos + 1;
    return TokenMatch::kYes;
  }
  if (p == '[') return MatchClass(pat, pos, static_cast<unsigned char>(c), next);
  if (p == '\\') {
    if (pos + 1 >= pat.size()) return TokenMatch::kInvalid;
    *next = pos + 2;
    return pat[pos + 1] == c ? TokenMatch::kYes : TokenMatch::kNo;
  }
  *next = pos + 1;
  return p == c ? TokenMatch::kYes : TokenMatch::kNo;
}

// Matches a pattern segment (no '/' outside brackets) against one path segment. Classic
// wildcard matching that backtracks only to the most recent '*': every token matches exactly one
// byte, so an earlier '*' never needs to be revisited, and the cost is O(|pat| * |name|).
bool MatchSegment(std::string_view pat, std::string_view name) {
  size_t p = 0;
  size_t n = 0;
  size_t star_p = kNpos;  // pattern index just after the last '*' run
  size_t star_n = 0;      // name index that '*' run is currently assumed to end at
  while (n < name.size()) {
    if (p < pat.size() && pat[p] == '*') {
      while (p < pat.size() && pat[p] == '*') ++p;
      star_p = p;
      star_n = n;
      continue;
    }
    if (p < pat.size()) {
      size_t next = 0;
      const TokenMatch m = MatchToken(pat, p, name[n], &next);
      if (m == TokenMatch::kInvalid) return false;
      if (m == TokenMatch::kYes) {
        p = next;
        ++n;
        continue;
      }
    }
    if (star_p == kNpos) return false;
    p = star_p;
    n = ++star_n;
  }
  while (p < pat.size() && pat[p] == '*') ++p;
  return p == pat.size();
}

// End of the pattern segment that starts at `pos`: the next '/' that is neither escaped nor
// inside a bracket expression, or the end of the pattern.
size_t PatternSegmentEnd(std::string_view pat, size_t pos) {
  size_t i = pos;
  while (i < pat.size()) {
    const char c = pat[i];
    if (c == '/') return i;
    if (c == '\\') {
      i += 2;
      continue;
    }
    if (c == '[') {
      size_t next = 0;
      if (MatchClass(pat, i, 0, &next) != TokenMatch::kInvalid) {
        i = next;
        continue;
      }
    }
    ++i;
  }
  return pat.size();
}

// Start of the segment after the one ending at `end`, or kNpos if that was the last one.
size_t NextSegment(std::string_view text, size_t end) {
  return end < text.size() ? end + 1 : kNpos;
}

size_t PathSegmentEnd(std::string_view path, size_t pos) {
  const size_t slash = path.find('/', pos);
  return slash == kNpos ? path.size() : slash;
}

// Removes trailing spaces that are not escaped with a backslash (gitignore(5)).
std::string_view TrimTrailingSpaces(std::string_view line) {
  size_t keep = 0;  // length up to and including the last byte that is not a trailing space
  for (size_t i = 0; i < line.size(); ++i) {
    if (line[i] == ' ') continue;
    if (line[i] == '\\') {
      if (i + 1 >= line.size()) return line;  // a dangling backslash: leave the line alone
      ++i;                                    // the escaped byte (maybe a space) is kept
    }
    keep = i + 1;
  }
  return line.substr(0, keep);
}

// True for a segment that is a run of two or more '*': git's wildmatch treats "***" like "**".
bool IsGlobstar(std::string_view segment) {
  return segment.size() >= 2 && segment.find_first_not_of('*') == kNpos;
}

std::string_view Basename(std::string_view path) {
  const size_t slash = path.rfind('/');
  return slash == kNpos ? path : path.substr(slash + 1);
}

}  // namespace

// Segments are matched with the same last-star backtracking as bytes within a segment, with
// "**" as the star over whole segments: each other segment matches exactly one path segment.
bool GlobMatch(std::string_view pattern, std::string_view path) {
  size_t p = 0;  // start of the current pattern segment, kNpos when all are used
  size_t s = 0;  // start of the current path segment, kNpos when all are matched
  bool have_star = false;
  size_t star_p = kNpos;  // pattern segment after the last "**"
  size_t star_s = 0;      // path segment that "**" is currently assumed to stop before
  while (s != kNpos) {
    if (p != kNpos) {
      const size_t pe = PatternSegmentEnd(pattern, p);
      const std::string_view seg = pattern.substr(p, pe - p);
      const size_t p_next = NextSegment(pattern, pe);
      if (IsGlobstar(seg)) {
        // A trailing "**" matches everything left, which is at least one segment here; this
        // is what makes "abc/**" match inside abc but not abc itself.
        if (p_next == kNpos) return true;
        have_star = true;
        star_p = p_next;
        star_s = s;
        p = p_next;
        continue;
      }
      const size_t se = PathSegmentEnd(path, s);
      if (MatchSegment(seg, path.substr(s, se - s))) {
        p = p_next;
        s = NextSegment(path, se);
        continue;
      }
    }
    if (!have_star) return false;
    p = star_p;
    star_s = NextSegment(path, PathSegmentEnd(path, star_s));
    s = star_s;
  }
  // Pattern segments left over could only match if they were "**", and a trailing "**" needs
  // at least one segment, so leftovers never match.
  return p == kNpos;
}

void IgnoreRules::Add(std::string_view file_text, const RepoPath& base) {
  std::string_view text = file_text;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // UTF-8 byte order mark
  size_t added = 0;
  size_t pos = 0;
  while (pos <= text.size() && added < kMaxPatternsPerFile) {
    size_t nl = text.find('\n', pos);
    if (nl == kNpos) nl = text.size();
    std::string_view line = text.substr(pos, nl - pos);
    pos = nl + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.size() > kMaxLineBytes) continue;
    if (line.empty() || line[0] == '#') continue;
    line = TrimTrailingSpaces(line);
    Pattern pattern;
    if (!line.empty() && line[0] == '!') {
      pattern.negated = true;
      line.remove_prefix(1);
    }
    if (!line.empty() && line.back() == '/') {
      pattern.dir_only = true;
      line.remove_suffix(1);
    }
    pattern.anchored = line.find('/') != kNpos;
    if (!line.empty() && line[0] == '/') line.remove_prefix(1);
    if (line.empty()) continue;
    pattern.base = base.str();
    pattern.glob = std::string(line);
    patterns_.push_back(std::move(pattern));
    ++added;
  }
}

IgnoreRules::Verdict IgnoreRules::Match(const RepoPath& path, bool is_dir) const {
  const std::string_view full = path.str();
  for (auto it = patterns_.rbegin(); it != patterns_.rend(); ++it) {
    const Pattern& pattern = *it;
    if (pattern.dir_only && !is_dir) continue;
    std::string_view rel = full;
    if (!pattern.base.empty()) {
      if (rel.size() <= pattern.base.size() || rel.substr(0, pattern.base.size()) != pattern.base ||
          rel[pattern.base.size()] != '/') {
        continue;
      }
      rel.remove_prefix(pattern.base.size() + 1);
    }
    if (rel.empty()) continue;  // an ignore file never applies to its own directory
    if (GlobMatch(pattern.glob, pattern.anchored ? rel : Basename(rel))) {
      return pattern.negated ? Verdict::kIncluded : Verdict::kIgnored;
    }
  }
  return Verdict::kNone;
}

bool IgnoreRules::IsIgnored(const RepoPath& path, bool is_dir) const {
  return Match(path, is_dir) == Verdict::kIgnored;
}

}  // namespace fledger::fs
