// Debian (dpkg) and Red Hat (rpmvercmp) version ordering.
//
// Debian: [epoch:]upstream[-revision] as deb-version(7) and libdpkg's parseversion split it (the
// epoch ends at the first ':', the revision starts after the last '-'), compared with dpkg's
// verrevcmp: non-digit runs character by character where '~' sorts before everything, even the
// end, and letters sort before other characters; digit runs numerically.
//
// RPM: [epoch:]version[-release] compared part by part with rpmvercmp (rpm's lib/rpmvercmp.c):
// separators are skipped, '~' sorts before everything and '^' after the end only, digit runs
// beat letter runs, digit runs compare numerically. The split follows the OSV reference
// comparator (release after the first '-', epoch only if all digits), which the fixture pins.
#include <string>

#include "sca/version/version_internal.h"

namespace fledger::sca::version_internal {

namespace {

// dpkg's order(): digits 0 (never reached), letters their code, '~' -1, end 0, others code+256.
// `c` is taken as a signed char, as dpkg reads it on the platforms Debian builds for.
int DpkgOrder(char c) {
  if (IsDigit(c)) return 0;
  if (IsAlpha(c)) return c;
  if (c == '~') return -1;
  if (c != '\0') return static_cast<signed char>(c) + 256;
  return 0;
}

int DpkgVerrevcmp(std::string_view a, std::string_view b) {
  size_t i = 0;
  size_t j = 0;
  auto at = [](std::string_view s, size_t k) { return k < s.size() ? s[k] : '\0'; };
  while (i < a.size() || j < b.size()) {
    while ((i < a.size() && !IsDigit(a[i])) || (j < b.size() && !IsDigit(b[j]))) {
      const int ac = DpkgOrder(at(a, i));
      const int bc = DpkgOrder(at(b, j));
      if (ac != bc) return ac < bc ? -1 : 1;
      ++i;
      ++j;
    }
    while (i < a.size() && a[i] == '0') ++i;
    while (j < b.size() && b[j] == '0') ++j;
    const size_t si = i;
    const size_t sj = j;
    while (i < a.size() && IsDigit(a[i])) ++i;
    while (j < b.size() && IsDigit(b[j])) ++j;
    if (const int c = CompareDigits(a.substr(si, i - si), b.substr(sj, j - sj)); c != 0) return c;
  }
  return 0;
}

bool RpmSkip(char c) { return !IsAlnum(c) && c != '~' && c != '^'; }

// rpmvercmp; an empty part is older than any non-empty one (the OSV comparator's convention
// for a missing release, pinned by "1 < 1-" in the fixture).
int Rpmvercmp(std::string_view a, std::string_view b) {
  if (a.empty() != b.empty()) return a.empty() ? -1 : 1;
  size_t i = 0;
  size_t j = 0;
  while (true) {
    while (i < a.size() && RpmSkip(a[i])) ++i;
    while (j < b.size() && RpmSkip(b[j])) ++j;
    const bool at = i < a.size() && a[i] == '~';
    const bool bt = j < b.size() && b[j] == '~';
    if (at || bt) {
      if (at && bt) {
        ++i;
        ++j;
        continue;
      }
      return at ? -1 : 1;
    }
    const bool ac = i < a.size() && a[i] == '^';
    const bool bc = j < b.size() && b[j] == '^';
    if (ac || bc) {
      if (ac && bc) {
        ++i;
        ++j;
        continue;
      }
      if (ac) return j == b.size() ? 1 : -1;
      return i == a.size() ? -1 : 1;
    }
    if (i == a.size() || j == b.size()) break;
    const bool digits = IsDigit(a[i]);
    auto same_run = [digits](char c) { return digits ? IsDigit(c) : IsAlpha(c); };
    const size_t si = i;
    const size_t sj = j;
    while (i < a.size() && same_run(a[i])) ++i;
    while (j < b.size() && same_run(b[j])) ++j;
    if (j == sj) return digits ? 1 : -1;  // numeric segments are newer than alpha ones
    const std::string_view x = a.substr(si, i - si);
    const std::string_view y = b.substr(sj, j - sj);
    const int c = digits ? CompareDigits(x, y) : CompareBytes(x, y);
    if (c != 0) return c;
  }
  const size_t ra = a.size() - i;
  const size_t rb = b.size() - j;
  if (ra == rb) return 0;
  return ra > rb ? 1 : -1;
}

}  // namespace

Result<DebianParsed> ParseDebian(std::string_view text) {
  std::string_view s = TrimAsciiSpace(text);
  DebianParsed v;
  std::string_view epoch;
  if (const size_t colon = s.find(':'); colon != std::string_view::npos) {
    epoch = s.substr(0, colon);
    if (epoch.empty()) return VersionSyntaxError(VersionScheme::kDebian, text, "epoch is empty");
    if (!IsAllDigits(epoch)) {
      return VersionSyntaxError(VersionScheme::kDebian, text, "epoch is not a number");
    }
    s.remove_prefix(colon + 1);
  }
  std::string_view upstream = s;
  std::string_view revision;
  if (const size_t dash = s.rfind('-'); dash != std::string_view::npos) {
    upstream = s.substr(0, dash);
    revision = s.substr(dash + 1);
    if (revision.empty()) {
      return VersionSyntaxError(VersionScheme::kDebian, text, "revision is empty");
    }
  }
  if (upstream.empty()) {
    return VersionSyntaxError(VersionScheme::kDebian, text, "upstream version is empty");
  }
  for (char c : s) {
    if (c == ' ' || c == '\t') return VersionSyntaxError(VersionScheme::kDebian, text, "space");
  }
  v.epoch = Append(v.buf, StripLeadingZeros(epoch));
  v.upstream = Append(v.buf, upstream);
  v.revision = Append(v.buf, revision);
  return v;
}

int CompareDebian(const DebianParsed& a, const DebianParsed& b) {
  if (int c = CompareDigits(a.epoch.In(a.buf), b.epoch.In(b.buf)); c != 0) return c;
  if (int c = DpkgVerrevcmp(a.upstream.In(a.buf), b.upstream.In(b.buf)); c != 0) return c;
  return DpkgVerrevcmp(a.revision.In(a.buf), b.revision.In(b.buf));
}

Result<RpmParsed> ParseRpm(std::string_view text) {
  const std::string_view s = TrimAsciiSpace(text);
  for (char c : s) {
    if (c == ' ' || c == '\t') return VersionSyntaxError(VersionScheme::kRpm, text, "space");
  }
  RpmParsed v;
  std::string_view epoch = "0";
  std::string_view rest = s;
  // "e:v-r"; a colon after non-digits is part of the version (modular "...:1" releases).
  if (const size_t colon = s.find(':');
      colon != std::string_view::npos && (colon == 0 || IsAllDigits(s.substr(0, colon)))) {
    if (colon > 0) epoch = s.substr(0, colon);
    rest = s.substr(colon + 1);
  }
  const size_t dash = rest.find('-');
  v.epoch = Append(v.buf, epoch);
  v.version = Append(v.buf, rest.substr(0, dash));
  v.release =
      Append(v.buf, dash == std::string_view::npos ? std::string_view() : rest.substr(dash));
  return v;
}

int CompareRpm(const RpmParsed& a, const RpmParsed& b) {
  if (int c = Rpmvercmp(a.epoch.In(a.buf), b.epoch.In(b.buf)); c != 0) return c;
  if (int c = Rpmvercmp(a.version.In(a.buf), b.version.In(b.buf)); c != 0) return c;
  return Rpmvercmp(a.release.In(a.buf), b.release.In(b.buf));
}

}  // namespace fledger::sca::version_internal
