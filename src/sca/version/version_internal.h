// Private to src/sca/version: the parsed form of each scheme and the helpers the schemes share.
//
// Every scheme parses once into a compact value (a normalized copy of the text plus offsets into
// it) so that Compare reads only integers and bytes and never allocates. Numbers are kept as digit
// strings and compared by length after stripping leading zeros, so no component can overflow.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/result.h"
#include "sca/version/version.h"

namespace fledger::sca::version_internal {

// Longest version text any scheme accepts (the public contract in version.h).
inline constexpr size_t kMaxVersionLength = 256;

// A slice [off, off + len) of a parsed value's normalized buffer; 256-byte inputs fit in 16 bits.
struct Span {
  uint16_t off = 0;
  uint16_t len = 0;
  std::string_view In(const std::string& buf) const {
    return std::string_view(buf).substr(off, len);
  }
};

inline bool IsDigit(char c) { return c >= '0' && c <= '9'; }
inline bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
inline bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
inline bool IsAlpha(char c) { return IsLower(c) || IsUpper(c); }
inline bool IsAlnum(char c) { return IsDigit(c) || IsAlpha(c); }
inline char ToLower(char c) { return IsUpper(c) ? static_cast<char>(c - 'A' + 'a') : c; }
inline bool IsAllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!IsDigit(c)) return false;
  }
  return true;
}
inline int Sign(int v) { return (v > 0) - (v < 0); }

std::string AsciiLower(std::string_view s);
std::string_view TrimAsciiSpace(std::string_view s);
std::string_view StripLeadingZeros(std::string_view digits);
// Numeric order of two digit strings of any length (leading zeros ignored): -1, 0 or 1.
int CompareDigits(std::string_view a, std::string_view b);
// Byte-wise (unsigned) order: -1, 0 or 1.
int CompareBytes(std::string_view a, std::string_view b);
// Appends `s` to `buf` and returns where it landed.
Span Append(std::string& buf, std::string_view s);

// A syntax-step error about version `text` under `scheme` (the text is quoted, sanitized and cut).
Error VersionSyntaxError(VersionScheme scheme, std::string_view text, std::string_view reason);
Error VersionLexicalError(VersionScheme scheme, std::string_view text, std::string_view reason);

// ---- SemVer family: SemVer 2.0, Go, NuGet, Pub (version_semver.cc) ----
struct SemverIdent {
  Span text;
  bool numeric = false;
};
struct SemverParsed {
  std::string buf;
  std::vector<Span> core;          // numeric components, leading zeros stripped
  std::vector<SemverIdent> pre;    // prerelease identifiers; empty for a release
  std::vector<SemverIdent> build;  // build metadata (only Pub orders by it)
};
Result<SemverParsed> ParseSemverFamily(VersionScheme scheme, std::string_view text);
int CompareSemverFamily(VersionScheme scheme, const SemverParsed& a, const SemverParsed& b);

// ---- PEP 440 with the pre-PEP 440 "legacy" fallback (version_pep440.cc) ----
struct Pep440Parsed {
  std::string buf;
  bool legacy = false;
  Span epoch;
  std::vector<Span> release;  // trailing zeros trimmed
  int pre_kind = -1;          // -1 none, 0 a, 1 b, 2 rc
  Span pre_num;
  bool has_post = false;
  Span post_num;
  bool has_dev = false;
  Span dev_num;
  bool has_local = false;
  std::vector<SemverIdent> local;
  std::vector<Span> legacy_parts;  // packaging's LegacyVersion key, already padded/prefixed
};
Result<Pep440Parsed> ParsePep440(std::string_view text);
int ComparePep440(const Pep440Parsed& a, const Pep440Parsed& b);

// ---- Maven ComparableVersion (version_maven.cc) ----
struct MavenItem {
  enum class Kind : uint8_t { kNumber, kString, kList };
  Kind kind = Kind::kNumber;
  uint8_t rank = 0;  // kString: index in the qualifier order, 7 for unknown qualifiers
  Span text;         // kNumber: digits without leading zeros; kString: lower-case qualifier
};
// Maven's item tree is always a chain (each list holds scalars and at most one list, last), so it
// is stored flat: a kList item means "the rest of the vector is a sub-list, my last element".
struct MavenParsed {
  std::string buf;
  std::vector<MavenItem> items;
};
Result<MavenParsed> ParseMaven(std::string_view text);
int CompareMaven(const MavenParsed& a, const MavenParsed& b);

// ---- RubyGems Gem::Version (version_rubygems.cc) ----
struct RubyGemsParsed {
  std::string buf;
  std::vector<SemverIdent> segments;  // canonical segments (trailing zeros dropped)
};
Result<RubyGemsParsed> ParseRubyGems(std::string_view text);
int CompareRubyGems(const RubyGemsParsed& a, const RubyGemsParsed& b);

// ---- Packagist: PHP version_compare (version_packagist.cc) ----
struct PackagistParsed {
  std::string buf;
  std::vector<SemverIdent> parts;  // canonicalized '.'-separated parts (may be empty)
};
Result<PackagistParsed> ParsePackagist(std::string_view text);
int ComparePackagist(const PackagistParsed& a, const PackagistParsed& b);

// ---- Debian dpkg and Red Hat rpmvercmp (version_dpkg_rpm.cc) ----
struct DebianParsed {
  std::string buf;
  Span epoch;  // digits, leading zeros stripped ("" = 0)
  Span upstream;
  Span revision;
};
Result<DebianParsed> ParseDebian(std::string_view text);
int CompareDebian(const DebianParsed& a, const DebianParsed& b);

struct RpmParsed {
  std::string buf;
  Span epoch;
  Span version;
  Span release;  // includes its leading '-', empty when absent
};
Result<RpmParsed> ParseRpm(std::string_view text);
int CompareRpm(const RpmParsed& a, const RpmParsed& b);

// ---- Alpine apk (version_alpine.cc) ----
struct AlpineNumber {
  Span digits;  // as written (leading zeros matter after the first component)
  bool first = false;
};
struct AlpineSuffix {
  int weight = 0;
  Span number;
};
struct AlpineParsed {
  std::string buf;
  Span original;  // the text as given: two invalid versions compare it byte-wise
  bool invalid = false;
  std::vector<AlpineNumber> numbers;
  char letter = 0;
  std::vector<AlpineSuffix> suffixes;
  Span build;  // digits of -rN
  bool has_remainder = false;
};
Result<AlpineParsed> ParseAlpine(std::string_view text);
int CompareAlpine(const AlpineParsed& a, const AlpineParsed& b);

// ---- Numeric-only schemes (CRAN, Hackage) and the generic fallback (version_numeric.cc) ----
struct NumericParsed {
  std::string buf;
  std::vector<SemverIdent> parts;  // CRAN/Hackage: numbers only; Generic: numbers and words
};
Result<NumericParsed> ParseCran(std::string_view text);
Result<NumericParsed> ParseHackage(std::string_view text);
Result<NumericParsed> ParseGeneric(std::string_view text);
// CRAN and Hackage: zero-padded numeric order, then the longer version is greater.
int CompareNumericThenLength(const NumericParsed& a, const NumericParsed& b);
int CompareGeneric(const NumericParsed& a, const NumericParsed& b);

}  // namespace fledger::sca::version_internal

namespace fledger::sca {

struct Version::Parsed {
  std::variant<version_internal::SemverParsed, version_internal::Pep440Parsed,
               version_internal::MavenParsed, version_internal::RubyGemsParsed,
               version_internal::PackagistParsed, version_internal::DebianParsed,
               version_internal::RpmParsed, version_internal::AlpineParsed,
               version_internal::NumericParsed>
      data;
};

}  // namespace fledger::sca
