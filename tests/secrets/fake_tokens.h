// Fake credentials for tests, made at run time so that the sources hold no token-shaped value:
// random characters of the documented alphabet, with the CRC32 tail where the format has one.
#pragma once

#include <zlib.h>

#include <random>
#include <string>

namespace fledger::testing {

inline std::string RandomChars(std::mt19937& rng, size_t n, const std::string& alphabet) {
  std::uniform_int_distribution<size_t> pick(0, alphabet.size() - 1);
  std::string s;
  for (size_t i = 0; i < n; ++i) s += alphabet[pick(rng)];
  return s;
}

inline const std::string kAlnum =
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

// A GitHub-style token: prefix, 30 random base62 characters, 6 characters of base62 CRC32.
inline std::string ChecksumToken(std::mt19937& rng, const std::string& prefix,
                                 bool valid = true) {
  const std::string random = RandomChars(rng, 30, kAlnum);
  uint64_t crc = crc32(0L, reinterpret_cast<const Bytef*>(random.data()),
                       static_cast<uInt>(random.size()));
  if (!valid) crc ^= 0x5a5a;
  std::string tail(6, '0');
  for (int i = 5; i >= 0 && crc > 0; --i) {
    tail[static_cast<size_t>(i)] = kAlnum[crc % 62];
    crc /= 62;
  }
  return prefix + random + tail;
}

inline std::string AwsKeyId(std::mt19937& rng) {
  return "AKIA" + RandomChars(rng, 16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567");
}

}  // namespace fledger::testing
