// Alpine (apk) versions: number{.number}[letter]{_suffix[number]}[~hash][-rN].
//
// Parsing and ordering follow the OSV reference comparator (google/osv-scalibr semantic), whose
// fixtures pin apk-tools 2.x behaviour including its accidents: numbers after the first compare
// as strings when either has a leading zero ("1.01" < "1.1"); suffixes order alpha < beta < pre
// < rc < (none) < cvs < svn < git < hg < p, where a missing suffix ranks with cvs; the commit hash
// is ignored; text left over after the build number makes a version "invalid", two invalid
// versions compare as plain strings and a leftover-free version beats one with leftovers.
#include <algorithm>
#include <string>

#include "sca/version/version_internal.h"

namespace fledger::sca::version_internal {

namespace {

constexpr std::string_view kSuffixes[] = {"alpha", "beta", "pre", "rc", "cvs",
                                          "svn",   "git",  "hg",  "p"};
// Weights of kSuffixes (the empty suffix, weight 4, is never written).
constexpr int kSuffixWeight[] = {0, 1, 2, 3, 5, 6, 7, 8, 9};
constexpr int kMissingSuffixWeight = 5;

// Matches "_(alpha|beta|pre|rc|cvs|svn|git|hg|p)(\d*)" at s[i]; returns the match length or 0.
size_t MatchSuffix(std::string_view s, size_t i, int& weight, std::string_view& number) {
  if (i >= s.size() || s[i] != '_') return 0;
  for (size_t k = 0; k < std::size(kSuffixes); ++k) {
    if (s.substr(i + 1, kSuffixes[k].size()) != kSuffixes[k]) continue;
    size_t end = i + 1 + kSuffixes[k].size();
    const size_t digits = end;
    while (end < s.size() && IsDigit(s[end])) ++end;
    weight = kSuffixWeight[k];
    number = s.substr(digits, end - digits);
    return end - i;
  }
  return 0;
}

int CompareNumber(const AlpineNumber& x, std::string_view xs, const AlpineNumber& y,
                  std::string_view ys) {
  if (!x.first && !y.first && (xs[0] == '0' || ys[0] == '0')) return CompareBytes(xs, ys);
  return CompareDigits(xs, ys);
}

}  // namespace

Result<AlpineParsed> ParseAlpine(std::string_view text) {
  AlpineParsed v;
  v.original = Append(v.buf, text);
  std::string_view s = text;
  // ^((\d+)\.?)* : numbers, each optionally followed by one dot.
  size_t i = 0;
  bool first = true;
  while (i < s.size() && IsDigit(s[i])) {
    const size_t start = i;
    while (i < s.size() && IsDigit(s[i])) ++i;
    v.numbers.push_back({Append(v.buf, s.substr(start, i - start)), first});
    first = false;
    if (i < s.size() && s[i] == '.') ++i;
  }
  s.remove_prefix(i);
  if (!s.empty() && IsLower(s[0])) {
    v.letter = s[0];
    s.remove_prefix(1);
  }
  // Every suffix match anywhere in the rest counts; it is consumed only when it is a prefix.
  {
    const std::string rest(s);
    size_t pos = 0;
    while (pos < rest.size()) {
      int weight = 0;
      std::string_view number;
      const size_t len = MatchSuffix(rest, pos, weight, number);
      if (len == 0) {
        ++pos;
        continue;
      }
      v.suffixes.push_back({weight, Append(v.buf, number)});
      const std::string_view match = std::string_view(rest).substr(pos, len);
      if (s.substr(0, len) == match) s.remove_prefix(len);
      pos += len;
    }
  }
  // ~hash (ignored when comparing)
  if (s.size() > 1 && s[0] == '~') {
    size_t k = 1;
    while (k < s.size() && (IsDigit(s[k]) || (s[k] >= 'a' && s[k] <= 'f'))) ++k;
    if (k > 1) s.remove_prefix(k);
  }
  if (!s.empty()) {
    if (s.substr(0, 2) == "-r") {
      size_t k = 2;
      while (k < s.size() && IsDigit(s[k])) ++k;
      v.build = Append(v.buf, s.substr(2, k - 2));
      s.remove_prefix(k);
    } else {
      v.invalid = true;
    }
  }
  v.has_remainder = !s.empty();
  return v;
}

int CompareAlpine(const AlpineParsed& a, const AlpineParsed& b) {
  if (a.invalid && b.invalid) return CompareBytes(a.original.In(a.buf), b.original.In(b.buf));
  const size_t n = std::max(a.numbers.size(), b.numbers.size());
  static const AlpineNumber kZero{{}, true};
  for (size_t i = 0; i < n; ++i) {
    const AlpineNumber& x = i < a.numbers.size() ? a.numbers[i] : kZero;
    const AlpineNumber& y = i < b.numbers.size() ? b.numbers[i] : kZero;
    const std::string_view xs = i < a.numbers.size() ? x.digits.In(a.buf) : "0";
    const std::string_view ys = i < b.numbers.size() ? y.digits.In(b.buf) : "0";
    if (const int c = CompareNumber(x, xs, y, ys); c != 0) return c;
  }
  if (a.letter != b.letter) return a.letter < b.letter ? -1 : 1;  // no letter (0) sorts first
  const size_t m = std::max(a.suffixes.size(), b.suffixes.size());
  for (size_t i = 0; i < m; ++i) {
    const int wx = i < a.suffixes.size() ? a.suffixes[i].weight : kMissingSuffixWeight;
    const int wy = i < b.suffixes.size() ? b.suffixes[i].weight : kMissingSuffixWeight;
    if (wx != wy) return wx < wy ? -1 : 1;
    const std::string_view nx = i < a.suffixes.size() ? a.suffixes[i].number.In(a.buf) : "";
    const std::string_view ny = i < b.suffixes.size() ? b.suffixes[i].number.In(b.buf) : "";
    if (const int c = CompareDigits(nx, ny); c != 0) return c;
  }
  if (const int c = CompareDigits(a.build.In(a.buf), b.build.In(b.buf)); c != 0) return c;
  if (a.has_remainder != b.has_remainder) return a.has_remainder ? -1 : 1;
  return 0;
}

}  // namespace fledger::sca::version_internal
