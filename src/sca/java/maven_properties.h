// Maven ${property} interpolation, bounded: nested references resolve up to a depth, a loop stops
// at once, and the result and the number of substitutions are capped (a pom is untrusted).
//
//   MavenProperties props = {{"v", "1.0"}, {"w", "${v}.1"}};
//   Interpolated r = InterpolateMaven("${w}", props);  // r.value == "1.0.1", r.complete
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace fledger::sca {

using MavenProperties = std::map<std::string, std::string, std::less<>>;

// Bounds on one interpolation.
inline constexpr int kMaxMavenInterpolationDepth = 32;
inline constexpr size_t kMaxMavenInterpolatedBytes = 16 * 1024;
inline constexpr int kMaxMavenSubstitutions = 10000;

struct Interpolated {
  std::string value;     // the text with every resolvable reference replaced
  bool complete = true;  // false if a reference was unknown, looped, or a bound was hit
};

// Replaces each ${name} in `text` by the value of `name` in `props`, itself interpolated. Unknown
// names, loops and exceeded bounds leave the reference as written and clear `complete`.
Interpolated InterpolateMaven(std::string_view text, const MavenProperties& props);

}  // namespace fledger::sca
