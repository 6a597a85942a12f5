#include "secrets/validators.h"

#include <gtest/gtest.h>

#include <random>

#include "secrets/fake_tokens.h"

namespace fledger::secrets {
namespace {

TEST(SecretValidators, Entropy) {
  EXPECT_DOUBLE_EQ(ShannonEntropy(""), 0);
  EXPECT_DOUBLE_EQ(ShannonEntropy("aaaa"), 0);
  EXPECT_DOUBLE_EQ(ShannonEntropy("abab"), 1);
  EXPECT_DOUBLE_EQ(ShannonEntropy("abcd"), 2);
  std::mt19937 rng(1);
  EXPECT_GT(ShannonEntropy(testing::RandomChars(rng, 40, testing::kAlnum)), 4.5);
}

TEST(SecretValidators, CharacterClasses) {
  EXPECT_EQ(CharacterClasses("abc"), 1);
  EXPECT_EQ(CharacterClasses("aB3"), 3);
  EXPECT_EQ(CharacterClasses("aB3!"), 4);
}

TEST(SecretValidators, ChecksumOfGitHubAndNpmTokens) {
  std::mt19937 rng(2);
  for (int i = 0; i < 50; ++i) {
    EXPECT_TRUE(ChecksumMatches(testing::ChecksumToken(rng, "ghp_")));
    EXPECT_TRUE(ChecksumMatches(testing::ChecksumToken(rng, "npm_")));
    EXPECT_FALSE(ChecksumMatches(testing::ChecksumToken(rng, "ghs_", false)));
  }
  EXPECT_FALSE(ChecksumMatches("ghp_short"));
  EXPECT_FALSE(ChecksumMatches("no-underscore"));
}

TEST(SecretValidators, Placeholders) {
  for (const char* p :
       {"${TOKEN}", "{{ secret }}", "<your-token>", "%(password)s", "$DB_PASSWORD", "%PASSWORD%",
        "xxxxxxxxxxxx", "********", "changeme", "AKIAIOSFODNN7EXAMPLE", "your_api_key_here",
        "12345678", "abcdefgh", "aaaaaaaaaaaaaa", "password", "null", "sk_test_4eC39HqLyjWDarjtT1zdp7dc"}) {
    EXPECT_TRUE(IsPlaceholder(p)) << p;
  }
  for (const char* real : {"q7Rt!x9Lm2Vb", "hJ8kL2mN4pQ6rS8t", "Tr0ub4dor&3xyz"}) {
    EXPECT_FALSE(IsPlaceholder(real)) << real;
  }
}

}  // namespace
}  // namespace fledger::secrets
