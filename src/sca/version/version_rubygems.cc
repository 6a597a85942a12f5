// RubyGems versions, ordered as Gem::Version#<=> orders them.
//
// Gem::Version strips the text, turns each '-' into ".pre.", scans it into numeric and letter
// segments (/[0-9]+|[a-z]+/i), and compares the canonical segments: trailing zeros are dropped
// from the release part and from the prerelease part separately, missing segments count as 0, a
// number beats a string, strings compare byte-wise (case-sensitive). Gem::Version itself rejects
// text that does not start with a digit, but OSV records compare "1beta"-style versions too, so
// anything with at least one segment is accepted (as the OSV reference comparator does).
#include <algorithm>
#include <string>

#include "sca/version/version_internal.h"

namespace fledger::sca::version_internal {

Result<RubyGemsParsed> ParseRubyGems(std::string_view text) {
  std::string_view s = TrimAsciiSpace(text);
  std::vector<SemverIdent> segs;
  RubyGemsParsed v;
  size_t i = 0;
  while (i < s.size()) {
    const size_t start = i;
    if (IsDigit(s[i])) {
      while (i < s.size() && IsDigit(s[i])) ++i;
      segs.push_back({Append(v.buf, StripLeadingZeros(s.substr(start, i - start))), true});
    } else if (IsAlpha(s[i])) {
      while (i < s.size() && IsAlpha(s[i])) ++i;
      segs.push_back({Append(v.buf, s.substr(start, i - start)), false});
    } else {
      // "-" reads as ".pre."; every other character only separates segments.
      if (s[i] == '-') segs.push_back({Append(v.buf, "pre"), false});
      ++i;
    }
  }
  if (segs.empty()) {
    return VersionSyntaxError(VersionScheme::kRubyGems, text, "no numeric or letter segment");
  }
  // canonical_segments: split at the first string segment, drop trailing zeros of each part.
  size_t first_string = 0;
  while (first_string < segs.size() && segs[first_string].numeric) ++first_string;
  auto is_zero = [](const SemverIdent& s) { return s.numeric && s.text.len == 0; };
  size_t release_end = first_string;
  while (release_end > 0 && is_zero(segs[release_end - 1])) --release_end;
  size_t pre_end = segs.size();
  while (pre_end > first_string && is_zero(segs[pre_end - 1])) --pre_end;
  v.segments.assign(segs.begin(), segs.begin() + static_cast<std::ptrdiff_t>(release_end));
  v.segments.insert(v.segments.end(), segs.begin() + static_cast<std::ptrdiff_t>(first_string),
                    segs.begin() + static_cast<std::ptrdiff_t>(pre_end));
  return v;
}

int CompareRubyGems(const RubyGemsParsed& a, const RubyGemsParsed& b) {
  const size_t n = std::max(a.segments.size(), b.segments.size());
  static const SemverIdent kZero{{}, true};
  for (size_t i = 0; i < n; ++i) {
    const SemverIdent& x = i < a.segments.size() ? a.segments[i] : kZero;
    const SemverIdent& y = i < b.segments.size() ? b.segments[i] : kZero;
    const std::string_view xs = x.text.In(a.buf);
    const std::string_view ys = y.text.In(b.buf);
    if (x.numeric != y.numeric) return x.numeric ? 1 : -1;
    const int c = x.numeric ? CompareDigits(xs, ys) : CompareBytes(xs, ys);
    if (c != 0) return c;
  }
  return 0;
}

}  // namespace fledger::sca::version_internal
