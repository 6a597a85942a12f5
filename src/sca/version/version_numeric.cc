// Numeric-only schemes (CRAN, Hackage) and the generic fallback for unknown ecosystems.
//
// CRAN: package_version, numbers separated by '.' or '-' (which weigh the same). Hackage: the
// Haskell PVP, numbers separated by '.'. Both pad the shorter with zeros and then call the longer
// version greater ("0.1.0" < "0.1.0.0"). Generic: runs of digits and of ASCII letters, anything
// else separates; numbers by value, words case-insensitively, a number beats a word, a missing
// part is 0 (so "1.0" == "1" and "1.0-beta" < "1.0").
#include <algorithm>
#include <string>

#include "sca/version/version_internal.h"

namespace fledger::sca::version_internal {

namespace {

Result<NumericParsed> ParseSeparatedNumbers(VersionScheme scheme, std::string_view text,
                                            std::string_view separators) {
  const std::string_view s = TrimAsciiSpace(text);
  NumericParsed v;
  size_t start = 0;
  while (true) {
    size_t end = start;
    while (end < s.size() && separators.find(s[end]) == std::string_view::npos) ++end;
    const std::string_view part = s.substr(start, end - start);
    if (!IsAllDigits(part)) {
      return VersionSyntaxError(
          scheme, text,
          "expected numbers separated by " + std::string(separators == "." ? "'.'" : "'.' or '-'"));
    }
    v.parts.push_back({Append(v.buf, StripLeadingZeros(part)), true});
    if (end == s.size()) break;
    start = end + 1;
  }
  return v;
}

}  // namespace

Result<NumericParsed> ParseCran(std::string_view text) {
  return ParseSeparatedNumbers(VersionScheme::kCran, text, ".-");
}

Result<NumericParsed> ParseHackage(std::string_view text) {
  return ParseSeparatedNumbers(VersionScheme::kHackage, text, ".");
}

Result<NumericParsed> ParseGeneric(std::string_view text) {
  NumericParsed v;
  size_t i = 0;
  while (i < text.size()) {
    const size_t start = i;
    if (IsDigit(text[i])) {
      while (i < text.size() && IsDigit(text[i])) ++i;
      v.parts.push_back({Append(v.buf, StripLeadingZeros(text.substr(start, i - start))), true});
    } else if (IsAlpha(text[i])) {
      while (i < text.size() && IsAlpha(text[i])) ++i;
      v.parts.push_back({Append(v.buf, AsciiLower(text.substr(start, i - start))), false});
    } else {
      ++i;
    }
  }
  if (v.parts.empty()) {
    return VersionSyntaxError(VersionScheme::kGeneric, text, "no letter or digit");
  }
  return v;
}

int CompareNumericThenLength(const NumericParsed& a, const NumericParsed& b) {
  const size_t n = std::max(a.parts.size(), b.parts.size());
  for (size_t i = 0; i < n; ++i) {
    const std::string_view x = i < a.parts.size() ? a.parts[i].text.In(a.buf) : std::string_view();
    const std::string_view y = i < b.parts.size() ? b.parts[i].text.In(b.buf) : std::string_view();
    if (const int c = CompareDigits(x, y); c != 0) return c;
  }
  if (a.parts.size() == b.parts.size()) return 0;
  return a.parts.size() < b.parts.size() ? -1 : 1;
}

int CompareGeneric(const NumericParsed& a, const NumericParsed& b) {
  const size_t n = std::max(a.parts.size(), b.parts.size());
  static const SemverIdent kZero{{}, true};
  for (size_t i = 0; i < n; ++i) {
    const SemverIdent& x = i < a.parts.size() ? a.parts[i] : kZero;
    const SemverIdent& y = i < b.parts.size() ? b.parts[i] : kZero;
    if (x.numeric != y.numeric) return x.numeric ? 1 : -1;
    const std::string_view xs = x.text.In(a.buf);
    const std::string_view ys = y.text.In(b.buf);
    const int c = x.numeric ? CompareDigits(xs, ys) : CompareBytes(xs, ys);
    if (c != 0) return c;
  }
  return 0;
}

}  // namespace fledger::sca::version_internal
