// Packagist (Composer) versions, ordered as PHP's version_compare orders them.
//
// Leading "v"/"V" characters are dropped (Composer ignores them; the OSV fixtures were generated
// with ltrim($v, "vV")). The text is canonicalized as php_canonicalize_version does for the usual
// inputs: '-', '_' and '+' become '.', and a '.' is inserted at every digit/non-digit boundary.
// Parts then compare pairwise: numbers by value (any length: PHP's strtol would saturate), words
// by their special form (prefix match, case-sensitive: dev < alpha = a < beta = b < RC = rc < # <
// pl = p; an unknown word ranks below dev), a number against a word as the form "#". When one
// side runs out, a remaining number makes it greater; a remaining word compares with "#".
//
// Unlike PHP, a non-alphanumeric character other than the separators stays inside its part, as in
// the OSV reference comparator whose hand-written fixture orders "1.2.3.#" like "1.2.3.1".
// Text without any letter or digit, or with spaces, is rejected.
#include <algorithm>
#include <string>

#include "sca/version/version_internal.h"

namespace fledger::sca::version_internal {

namespace {

// PHP's special_forms table: the order of the first form that prefixes `part`, -1 if none.
int SpecialForm(std::string_view part) {
  static constexpr std::pair<std::string_view, int> kForms[] = {
      {"dev", 0}, {"alpha", 1}, {"a", 1}, {"beta", 2}, {"b", 2},
      {"RC", 3},  {"rc", 3},    {"#", 4}, {"pl", 5},   {"p", 5},
  };
  for (const auto& [form, order] : kForms) {
    if (part.substr(0, form.size()) == form) return order;
  }
  return -1;
}

int CompareForms(std::string_view a, std::string_view b) {
  const int x = SpecialForm(a);
  const int y = SpecialForm(b);
  return x == y ? 0 : (x < y ? -1 : 1);
}

int ComparePart(std::string_view x, bool x_num, std::string_view y, bool y_num) {
  if (x_num && y_num) return CompareDigits(x, y);
  if (!x_num && !y_num) return CompareForms(x, y);
  return x_num ? CompareForms("#", y) : CompareForms(x, "#");
}

}  // namespace

Result<PackagistParsed> ParsePackagist(std::string_view text) {
  std::string_view s = TrimAsciiSpace(text);
  while (!s.empty() && (s[0] == 'v' || s[0] == 'V')) s.remove_prefix(1);
  bool has_alnum = false;
  for (char c : s) {
    if (c == ' ' || c == '\t') {
      return VersionSyntaxError(VersionScheme::kPackagist, text, "space in version");
    }
    has_alnum = has_alnum || IsAlnum(c);
  }
  if (!has_alnum) {
    return VersionSyntaxError(VersionScheme::kPackagist, text, "no letter or digit");
  }
  std::string canonical;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '-' || c == '_' || c == '+') c = '.';
    if (i > 0 && c != '.' && canonical.back() != '.' && IsDigit(c) != IsDigit(canonical.back())) {
      canonical.push_back('.');
    }
    canonical.push_back(c);
  }
  PackagistParsed v;
  size_t start = 0;
  while (true) {
    const size_t dot = canonical.find('.', start);
    const std::string_view part =
        std::string_view(canonical).substr(start, dot == std::string::npos ? dot : dot - start);
    const bool numeric = IsAllDigits(part);
    v.parts.push_back({Append(v.buf, numeric ? StripLeadingZeros(part) : part), numeric});
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return v;
}

int ComparePackagist(const PackagistParsed& a, const PackagistParsed& b) {
  const size_t n = std::min(a.parts.size(), b.parts.size());
  for (size_t i = 0; i < n; ++i) {
    const int c = ComparePart(a.parts[i].text.In(a.buf), a.parts[i].numeric,
                              b.parts[i].text.In(b.buf), b.parts[i].numeric);
    if (c != 0) return c;
  }
  if (a.parts.size() == b.parts.size()) return 0;
  // The longer side's remaining parts meet "#" one by one: a number wins outright, a word ranks
  // by its special form, and an equal rank moves on to the next part.
  const bool a_longer = a.parts.size() > b.parts.size();
  const PackagistParsed& l = a_longer ? a : b;
  const int sign = a_longer ? 1 : -1;
  for (size_t i = n; i < l.parts.size(); ++i) {
    if (l.parts[i].numeric) return sign;
    const int c = CompareForms(l.parts[i].text.In(l.buf), "#");
    if (c != 0) return sign * c;
  }
  return 0;
}

}  // namespace fledger::sca::version_internal
