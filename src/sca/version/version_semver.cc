// SemVer 2.0 precedence and its relatives: Go modules and toolchains, NuGet, Dart pub.
//
// Leniency follows the OSV reference comparator (google/osv-scalibr semantic): one to three
// numeric components ("1", "1.2" pad with zeros), an optional "v", a prerelease that may start
// without '-' ("1.2.3beta"), and numeric components past the third kept as build metadata
// ("1.1.3.4.5" equals itself and "1.1.3"). NuGet allows four components.
//
// Prerelease identifiers compare by ASCII for SemVer, Go and Pub, as the spec says and as the
// semver fixture demands ("1.2.3-5-Foo" < "1.2.3-5-foo", "1.2.3-R2" < "1.2.3-r100"). NuGet is
// the ecosystem whose labels are case-insensitive ("1.0.0-BETA" == "1.0.0-beta" in the NuGet
// fixture), so only NuGet lower-cases them.
#include <algorithm>
#include <string>

#include "sca/version/version_internal.h"

namespace fledger::sca::version_internal {

namespace {

void SplitIdents(std::string& buf, std::string_view text, std::vector<SemverIdent>& out) {
  size_t start = 0;
  while (true) {
    const size_t dot = text.find('.', start);
    const std::string_view part =
        text.substr(start, dot == std::string_view::npos ? text.npos : dot - start);
    const bool numeric = IsAllDigits(part);
    out.push_back({Append(buf, numeric ? StripLeadingZeros(part) : part), numeric});
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
}

// Go toolchain prereleases ("go1.21rc2", "1.9beta1") are written without '-'; they order like the
// SemVer prerelease "-rc.2" (which is how OSV records them).
bool ParseGoToolchainPre(std::string& buf, std::string_view rest, std::vector<SemverIdent>& pre) {
  for (std::string_view word : {"alpha", "beta", "rc"}) {
    if (rest.size() > word.size() && rest.substr(0, word.size()) == word &&
        IsAllDigits(rest.substr(word.size()))) {
      pre.push_back({Append(buf, word), false});
      pre.push_back({Append(buf, StripLeadingZeros(rest.substr(word.size()))), true});
      return true;
    }
  }
  return false;
}

int CompareIdentLists(const std::string& ab, const std::vector<SemverIdent>& a,
                      const std::string& bb, const std::vector<SemverIdent>& b) {
  const size_t n = std::min(a.size(), b.size());
  for (size_t i = 0; i < n; ++i) {
    int c = 0;
    if (a[i].numeric && b[i].numeric) {
      c = CompareDigits(a[i].text.In(ab), b[i].text.In(bb));
    } else if (a[i].numeric != b[i].numeric) {
      c = a[i].numeric ? -1 : 1;  // numeric identifiers have lower precedence
    } else {
      c = CompareBytes(a[i].text.In(ab), b[i].text.In(bb));
    }
    if (c != 0) return c;
  }
  if (a.size() == b.size()) return 0;
  return a.size() < b.size() ? -1 : 1;
}

}  // namespace

Result<SemverParsed> ParseSemverFamily(VersionScheme scheme, std::string_view text) {
  const std::string_view original = text;
  text = TrimAsciiSpace(text);  // node-semver and NuGet trim surrounding whitespace
  SemverParsed v;
  if (scheme == VersionScheme::kGo && text.substr(0, 2) == "go") text.remove_prefix(2);
  if (!text.empty() && (text[0] == 'v' || text[0] == 'V')) text.remove_prefix(1);
  if (text.empty() || !IsDigit(text[0])) {
    return VersionSyntaxError(scheme, original, "expected a number");
  }
  const size_t max_core = scheme == VersionScheme::kNuGet ? 4 : 3;
  std::vector<Span> extra;
  size_t i = 0;
  while (true) {
    const size_t start = i;
    while (i < text.size() && IsDigit(text[i])) ++i;
    const Span digits = Append(v.buf, StripLeadingZeros(text.substr(start, i - start)));
    (v.core.size() < max_core ? v.core : extra).push_back(digits);
    if (i + 1 < text.size() && text[i] == '.' && IsDigit(text[i + 1])) {
      ++i;
      continue;
    }
    break;
  }
  std::string_view rest = text.substr(i);
  // "1.2.x": a dot before a non-number starts the prerelease, as in the reference comparator.
  if (!rest.empty() && rest[0] == '.') rest.remove_prefix(1);
  const size_t plus = rest.find('+');
  std::string_view pre = rest.substr(0, plus);
  std::string_view build =
      plus == std::string_view::npos ? std::string_view() : rest.substr(plus + 1);
  if (!pre.empty() && pre[0] == '-') pre.remove_prefix(1);
  for (char c : rest) {
    if (c == ' ' || c == '\t') return VersionSyntaxError(scheme, original, "space in version");
  }
  if (scheme == VersionScheme::kGo && !pre.empty() && rest[0] != '-' &&
      ParseGoToolchainPre(v.buf, pre, v.pre)) {
    pre = {};
  }
  if (!pre.empty()) {
    if (scheme == VersionScheme::kNuGet) {
      SplitIdents(v.buf, AsciiLower(pre), v.pre);
    } else {
      SplitIdents(v.buf, pre, v.pre);
    }
  }
  for (const Span& e : extra) v.build.push_back({e, true});
  if (plus != std::string_view::npos) SplitIdents(v.buf, build, v.build);
  return v;
}

int CompareSemverFamily(VersionScheme scheme, const SemverParsed& a, const SemverParsed& b) {
  const size_t n = std::max(a.core.size(), b.core.size());
  for (size_t i = 0; i < n; ++i) {
    const std::string_view x = i < a.core.size() ? a.core[i].In(a.buf) : std::string_view();
    const std::string_view y = i < b.core.size() ? b.core[i].In(b.buf) : std::string_view();
    if (const int c = CompareDigits(x, y); c != 0) return c;
  }
  // A version with a prerelease has lower precedence than the release.
  if (a.pre.empty() != b.pre.empty()) return a.pre.empty() ? 1 : -1;
  if (const int c = CompareIdentLists(a.buf, a.pre, b.buf, b.pre); c != 0) return c;
  if (scheme != VersionScheme::kPub) return 0;  // build metadata does not affect precedence
  // pub_semver: a build sorts after no build; builds compare like prereleases.
  if (a.build.empty() != b.build.empty()) return a.build.empty() ? -1 : 1;
  return CompareIdentLists(a.buf, a.build, b.buf, b.build);
}

}  // namespace fledger::sca::version_internal
