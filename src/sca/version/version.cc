// Version parsing entry point: shared input bounds, scheme dispatch and the ecosystem table.
#include "sca/version/version.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <utility>

#include "sca/version/version_internal.h"

namespace fledger::sca {

namespace vi = version_internal;

namespace version_internal {

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = ToLower(c);
  return out;
}

std::string_view TrimAsciiSpace(std::string_view s) {
  auto space = [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
  };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

std::string_view StripLeadingZeros(std::string_view digits) {
  size_t i = 0;
  while (i < digits.size() && digits[i] == '0') ++i;
  return digits.substr(i);
}

int CompareDigits(std::string_view a, std::string_view b) {
  a = StripLeadingZeros(a);
  b = StripLeadingZeros(b);
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  return CompareBytes(a, b);
}

int CompareBytes(std::string_view a, std::string_view b) {
  const size_t n = std::min(a.size(), b.size());
  const int c = n == 0 ? 0 : std::memcmp(a.data(), b.data(), n);
  if (c != 0) return Sign(c);
  if (a.size() == b.size()) return 0;
  return a.size() < b.size() ? -1 : 1;
}

Span Append(std::string& buf, std::string_view s) {
  Span span{static_cast<uint16_t>(buf.size()), static_cast<uint16_t>(s.size())};
  buf.append(s);
  return span;
}

namespace {

// Quotes at most 64 bytes of `text` with anything unprintable replaced, so errors stay one line.
std::string QuoteForError(std::string_view text) {
  std::string out = "\"";
  for (size_t i = 0; i < text.size() && i < 64; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    out.push_back(c >= 0x20 && c < 0x7f ? static_cast<char>(c) : '?');
  }
  if (text.size() > 64) out += "...";
  out += "\"";
  return out;
}

Error VersionError(ValidationStep step, VersionScheme scheme, std::string_view text,
                   std::string_view reason) {
  return InputError(step, std::string(VersionSchemeName(scheme)) + " version",
                    QuoteForError(text) + ": " + std::string(reason));
}

}  // namespace

Error VersionSyntaxError(VersionScheme scheme, std::string_view text, std::string_view reason) {
  return VersionError(ValidationStep::kSyntax, scheme, text, reason);
}

Error VersionLexicalError(VersionScheme scheme, std::string_view text, std::string_view reason) {
  return VersionError(ValidationStep::kLexical, scheme, text, reason);
}

}  // namespace version_internal

std::string_view VersionSchemeName(VersionScheme scheme) {
  switch (scheme) {
    case VersionScheme::kSemver:
      return "semver";
    case VersionScheme::kGo:
      return "go";
    case VersionScheme::kPep440:
      return "pep440";
    case VersionScheme::kMaven:
      return "maven";
    case VersionScheme::kRubyGems:
      return "rubygems";
    case VersionScheme::kNuGet:
      return "nuget";
    case VersionScheme::kPackagist:
      return "packagist";
    case VersionScheme::kDebian:
      return "debian";
    case VersionScheme::kPub:
      return "pub";
    case VersionScheme::kAlpine:
      return "alpine";
    case VersionScheme::kCran:
      return "cran";
    case VersionScheme::kHackage:
      return "hackage";
    case VersionScheme::kRpm:
      return "rpm";
    case VersionScheme::kGeneric:
      return "generic";
  }
  return "generic";
}

VersionScheme SchemeForEcosystem(std::string_view osv_ecosystem) {
  // OSV appends a release after ':' ("Debian:12", "Alpine:v3.18"); the ordering is the same.
  const std::string_view name = osv_ecosystem.substr(0, osv_ecosystem.find(':'));
  static constexpr std::array<std::pair<std::string_view, VersionScheme>, 22> kTable{{
      {"npm", VersionScheme::kSemver},      {"crates.io", VersionScheme::kSemver},
      {"Hex", VersionScheme::kSemver},      {"ConanCenter", VersionScheme::kSemver},
      {"SwiftURL", VersionScheme::kSemver}, {"Bitnami", VersionScheme::kSemver},
      {"Go", VersionScheme::kGo},           {"PyPI", VersionScheme::kPep440},
      {"Maven", VersionScheme::kMaven},     {"RubyGems", VersionScheme::kRubyGems},
      {"NuGet", VersionScheme::kNuGet},     {"Packagist", VersionScheme::kPackagist},
      {"Debian", VersionScheme::kDebian},   {"Ubuntu", VersionScheme::kDebian},
      {"Alpine", VersionScheme::kAlpine},   {"Pub", VersionScheme::kPub},
      {"CRAN", VersionScheme::kCran},       {"Hackage", VersionScheme::kHackage},
      {"Red Hat", VersionScheme::kRpm},     {"Rocky Linux", VersionScheme::kRpm},
      {"AlmaLinux", VersionScheme::kRpm},   {"Mageia", VersionScheme::kRpm},
  }};
  for (const auto& [ecosystem, scheme] : kTable) {
    if (ecosystem == name) return scheme;
  }
  // SUSE publishes as "SUSE" and "openSUSE" (both with ':' suffixes, handled above).
  if (name == "openSUSE" || name == "SUSE") return VersionScheme::kRpm;
  return VersionScheme::kGeneric;
}

namespace {

template <typename T>
Result<Version::Parsed> Wrap(Result<T> r) {
  if (!r.ok()) return r.error();
  return Version::Parsed{std::move(r).value()};
}

Result<Version::Parsed> ParseScheme(VersionScheme scheme, std::string_view text) {
  switch (scheme) {
    case VersionScheme::kSemver:
    case VersionScheme::kGo:
    case VersionScheme::kNuGet:
    case VersionScheme::kPub:
      return Wrap(vi::ParseSemverFamily(scheme, text));
    case VersionScheme::kPep440:
      return Wrap(vi::ParsePep440(text));
    case VersionScheme::kMaven:
      return Wrap(vi::ParseMaven(text));
    case VersionScheme::kRubyGems:
      return Wrap(vi::ParseRubyGems(text));
    case VersionScheme::kPackagist:
      return Wrap(vi::ParsePackagist(text));
    case VersionScheme::kDebian:
      return Wrap(vi::ParseDebian(text));
    case VersionScheme::kRpm:
      return Wrap(vi::ParseRpm(text));
    case VersionScheme::kAlpine:
      return Wrap(vi::ParseAlpine(text));
    case VersionScheme::kCran:
      return Wrap(vi::ParseCran(text));
    case VersionScheme::kHackage:
      return Wrap(vi::ParseHackage(text));
    case VersionScheme::kGeneric:
      return Wrap(vi::ParseGeneric(text));
  }
  return Wrap(vi::ParseGeneric(text));
}

}  // namespace

Result<Version> Version::Parse(VersionScheme scheme, std::string_view text) {
  if (text.size() > vi::kMaxVersionLength) {
    return InputError(ValidationStep::kSize, std::string(VersionSchemeName(scheme)) + " version",
                      "longer than 256 bytes (" + std::to_string(text.size()) + ")");
  }
  if (vi::TrimAsciiSpace(text).empty()) {
    return vi::VersionLexicalError(scheme, text, "empty version");
  }
  // No ecosystem puts control characters in a version; rejecting them here keeps every scheme's
  // parser (and every error message) free of them.
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != ' ' && c != '\t') || u == 0x7f) {
      return vi::VersionLexicalError(scheme, text, "control character in version");
    }
  }
  auto parsed = ParseScheme(scheme, text);
  if (!parsed.ok()) return parsed.error();
  return Version(scheme, std::string(text),
                 std::make_shared<const Parsed>(std::move(parsed).value()));
}

int Version::Compare(const Version& other) const {
  // Versions of different schemes are never compared by callers (precondition); order them by
  // scheme so that a violation is still a consistent total order rather than a crash.
  if (scheme_ != other.scheme_) return scheme_ < other.scheme_ ? -1 : 1;
  const auto& a = parsed_->data;
  const auto& b = other.parsed_->data;
  switch (scheme_) {
    case VersionScheme::kSemver:
    case VersionScheme::kGo:
    case VersionScheme::kNuGet:
    case VersionScheme::kPub:
      return vi::CompareSemverFamily(scheme_, std::get<vi::SemverParsed>(a),
                                     std::get<vi::SemverParsed>(b));
    case VersionScheme::kPep440:
      return vi::ComparePep440(std::get<vi::Pep440Parsed>(a), std::get<vi::Pep440Parsed>(b));
    case VersionScheme::kMaven:
      return vi::CompareMaven(std::get<vi::MavenParsed>(a), std::get<vi::MavenParsed>(b));
    case VersionScheme::kRubyGems:
      return vi::CompareRubyGems(std::get<vi::RubyGemsParsed>(a), std::get<vi::RubyGemsParsed>(b));
    case VersionScheme::kPackagist:
      return vi::ComparePackagist(std::get<vi::PackagistParsed>(a),
                                  std::get<vi::PackagistParsed>(b));
    case VersionScheme::kDebian:
      return vi::CompareDebian(std::get<vi::DebianParsed>(a), std::get<vi::DebianParsed>(b));
    case VersionScheme::kRpm:
      return vi::CompareRpm(std::get<vi::RpmParsed>(a), std::get<vi::RpmParsed>(b));
    case VersionScheme::kAlpine:
      return vi::CompareAlpine(std::get<vi::AlpineParsed>(a), std::get<vi::AlpineParsed>(b));
    case VersionScheme::kCran:
    case VersionScheme::kHackage:
      return vi::CompareNumericThenLength(std::get<vi::NumericParsed>(a),
                                          std::get<vi::NumericParsed>(b));
    case VersionScheme::kGeneric:
      return vi::CompareGeneric(std::get<vi::NumericParsed>(a), std::get<vi::NumericParsed>(b));
  }
  return 0;
}

std::optional<int> CompareVersions(VersionScheme scheme, std::string_view a, std::string_view b) {
  auto va = Version::Parse(scheme, a);
  if (!va.ok()) return std::nullopt;
  auto vb = Version::Parse(scheme, b);
  if (!vb.ok()) return std::nullopt;
  return va.value().Compare(vb.value());
}

}  // namespace fledger::sca
