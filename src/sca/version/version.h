// Versions compared exactly by each ecosystem's own rules (DESIGN.md §4 `Version`).
//
// A Version is parsed under one scheme and compares only with versions of the same scheme. OSV
// ranges are evaluated with these comparators (sca/osv), so a wrong order is a false positive or a
// missed vulnerability.
//
//   auto a = Version::Parse(VersionScheme::kPep440, "1.0.post1");
//   auto b = Version::Parse(VersionScheme::kPep440, "1.0");
//   a.value().Compare(b.value()) > 0
#pragma once

#include <compare>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace fledger::sca {

enum class VersionScheme {
  kSemver,     // SemVer 2.0 precedence: npm, crates.io, Hex, ConanCenter, SwiftURL, OSV SEMVER
  kGo,         // Go modules: SemVer with pseudo-versions; "+incompatible" ignored; optional "v"
  kPep440,     // PyPI
  kMaven,      // Maven ComparableVersion
  kRubyGems,   // Gem::Version
  kNuGet,      // NuGet SemVer with a fourth component
  kPackagist,  // PHP version_compare (as Composer orders), leading "v" ignored
  kDebian,     // dpkg: epoch, upstream, revision with '~'
  kPub,        // Dart pub (SemVer with build ordering)
  kAlpine,     // Alpine apk: numbers, letter, _suffixes, ~hash, -rN
  kCran,       // CRAN: numbers separated by '.' or '-'; the longer of two equal prefixes is greater
  kHackage,    // Hackage (Haskell PVP): dot-separated numbers; longer is greater
  kRpm,        // Red Hat rpmvercmp: epoch:version-release with '~' and '^'
  kGeneric,    // dot/dash separated numbers and words, numbers numerically (fallback)
};

// A short stable name for `scheme` ("semver", "pep440", "maven", ...).
std::string_view VersionSchemeName(VersionScheme scheme);

// The scheme for an OSV ecosystem name ("PyPI", "Debian:12", "Maven"); any suffix after ':' is
// ignored; unknown ecosystems get kGeneric.
VersionScheme SchemeForEcosystem(std::string_view osv_ecosystem);

class Version {
 public:
  // Parses `text` under `scheme`. Errors (lexical or syntax step) for text the scheme cannot read;
  // at most 256 bytes.
  static Result<Version> Parse(VersionScheme scheme, std::string_view text);

  // <0, 0 or >0. Precondition: both have the same scheme.
  int Compare(const Version& other) const;
  bool operator==(const Version& o) const { return Compare(o) == 0; }
  std::strong_ordering operator<=>(const Version& o) const { return Compare(o) <=> 0; }

  const std::string& str() const { return text_; }
  VersionScheme scheme() const { return scheme_; }

  // Scheme-specific parsed form; opaque to callers (see version.cc).
  struct Parsed;

  Version(const Version&) = default;
  Version(Version&&) noexcept = default;
  Version& operator=(const Version&) = default;
  Version& operator=(Version&&) noexcept = default;
  ~Version() = default;

 private:
  Version(VersionScheme scheme, std::string text, std::shared_ptr<const Parsed> parsed)
      : scheme_(scheme), text_(std::move(text)), parsed_(std::move(parsed)) {}
  VersionScheme scheme_;
  std::string text_;
  std::shared_ptr<const Parsed> parsed_;
};

// Compares two version strings under `scheme`; nullopt if either does not parse.
std::optional<int> CompareVersions(VersionScheme scheme, std::string_view a, std::string_view b);

}  // namespace fledger::sca
