// Tests for secret redaction: each known shape is masked, ordinary text is untouched, and
// redaction is idempotent.
#include "core/redact.h"

#include <gtest/gtest.h>

namespace fledger {
namespace {

struct Case {
  const char* input;
  const char* secret;  // must not survive redaction; nullptr: text must be unchanged
};

class RedactTest : public ::testing::TestWithParam<Case> {};

TEST_P(RedactTest, MasksSecrets) {
  const auto& c = GetParam();
  const std::string out = Redact(c.input);
  if (c.secret == nullptr) {
    EXPECT_EQ(out, c.input);
    EXPECT_FALSE(LooksSecret(c.input));
  } else {
    EXPECT_EQ(out.find(c.secret), std::string::npos) << out;
    EXPECT_TRUE(LooksSecret(c.input));
    EXPECT_EQ(Redact(out), out);  // idempotent
  }
}

INSTANTIATE_TEST_SUITE_P(
    Cases, RedactTest,
    ::testing::Values(
        Case{"key = AKIAIOSFODNN7EXAMPLE", "IOSFODNN7EXAMPLE"},
        Case{"GITHUB_TOKEN=ghp_FAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKE", "FAKEFAKEFAKEFAKE"},
        Case{"https://hooks.slack.com/services/T000/B000/XXXXXXXX", "T000/B000"},
        Case{"postgres://admin:s3cr3tpass@db:5432/app", "s3cr3tpass"},
        Case{"password: 'hunter22'", "hunter22"}, Case{"API_KEY=\"abcd1234efgh\"", "abcd1234efgh"},
        Case{"MIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu",
             "AAJBAKj34GkxFhD90"},
        Case{"sk_live_abcdefghijklmnop1234", "abcdefghijklmnop"},
        Case{"int total = a + b;", nullptr}, Case{"See https://example.com/docs", nullptr},
        Case{"password = \"\"", nullptr}, Case{"", nullptr}));

}  // namespace
}  // namespace fledger
