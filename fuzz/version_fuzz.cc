// Fuzz target: version parsing under every scheme, and antisymmetry of Compare.
//
// The input is split at its first newline into two version texts; both are parsed under every
// scheme, and when both parse, sign(a.Compare(b)) must equal -sign(b.Compare(a)) and a version
// must equal itself.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "sca/version/version.h"

namespace {

int Sign(int v) { return (v > 0) - (v < 0); }

constexpr fledger::sca::VersionScheme kSchemes[] = {
    fledger::sca::VersionScheme::kSemver,    fledger::sca::VersionScheme::kGo,
    fledger::sca::VersionScheme::kPep440,    fledger::sca::VersionScheme::kMaven,
    fledger::sca::VersionScheme::kRubyGems,  fledger::sca::VersionScheme::kNuGet,
    fledger::sca::VersionScheme::kPackagist, fledger::sca::VersionScheme::kDebian,
    fledger::sca::VersionScheme::kPub,       fledger::sca::VersionScheme::kAlpine,
    fledger::sca::VersionScheme::kCran,      fledger::sca::VersionScheme::kHackage,
    fledger::sca::VersionScheme::kRpm,       fledger::sca::VersionScheme::kGeneric};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t newline = input.find('\n');
  const std::string_view first = input.substr(0, newline);
  const std::string_view second =
      newline == std::string_view::npos ? first : input.substr(newline + 1);
  for (fledger::sca::VersionScheme scheme : kSchemes) {
    auto a = fledger::sca::Version::Parse(scheme, first);
    auto b = fledger::sca::Version::Parse(scheme, second);
    if (!a.ok()) (void)a.error().ToString();
    if (!b.ok()) (void)b.error().ToString();
    if (!a.ok() || !b.ok()) continue;
    // Antisymmetry and reflexivity: a violation is an ordering bug, so crash for the fuzzer.
    if (Sign(a.value().Compare(b.value())) != -Sign(b.value().Compare(a.value()))) std::abort();
    if (a.value().Compare(a.value()) != 0) std::abort();
  }
  return 0;
}
