// Test helper: fake credentials the built-in secret rules report, made at run time so that no
// token-shaped string sits in the test sources. A GitHub classic token is "ghp_", 30 random
// base62 characters and the base62 CRC32 of those 30 (zero-padded to 6).
#pragma once

#include <zlib.h>

#include <cstdint>
#include <random>
#include <string>
#include <string_view>

namespace fledger::testing {

inline constexpr std::string_view kBase62Digits =
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

// A checksum-valid fake GitHub personal access token (classic); `seed` picks the random part.
inline std::string FakeGithubToken(uint32_t seed) {
  std::mt19937 gen(seed);
  std::string random;
  for (int i = 0; i < 30; ++i) random += kBase62Digits[gen() % kBase62Digits.size()];
  uLong crc = crc32(0L, Z_NULL, 0);
  crc = crc32(crc, reinterpret_cast<const Bytef*>(random.data()), static_cast<uInt>(random.size()));
  std::string tail(6, '0');
  uint64_t n = crc;
  for (int i = 5; i >= 0 && n > 0; --i) {
    tail[static_cast<size_t>(i)] = kBase62Digits[n % 62];
    n /= 62;
  }
  return "gh" + std::string("p_") + random + tail;
}

}  // namespace fledger::testing
