#include "secrets/rules.h"

#include <gtest/gtest.h>

#include "secrets/engine.h"
#include "test_util.h"

namespace fledger::secrets {
namespace {

const char* kGood = R"(provider: Acme
remediation: Revoke it in the Acme console and issue a new one.
rules:
  - id: acme-key
    name: Acme API key
    pattern: '\b(acme_[a-z0-9]{24})\b'
    keywords: [acme_]
    confidence: high
    examples:
      positive: ['k = acme_0a1b2c3d4e5f6g7h8i9j0k1l']
      negative: ['acme_short']
)";

std::string Replace(std::string s, const std::string& from, const std::string& to) {
  s.replace(s.find(from), from.size(), to);
  return s;
}

TEST(SecretRuleFile, ParsesAGoodFile) {
  auto r = ParseRuleFile(kGood, "acme.yaml");
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  ASSERT_EQ(r.value().size(), 1u);
  EXPECT_EQ(r.value()[0].id.str(), "acme-key");
  EXPECT_EQ(r.value()[0].provider, "Acme");
  EXPECT_EQ(r.value()[0].origin, "acme.yaml:4");
  EXPECT_EQ(r.value()[0].severity.level(), Severity::Level::kHigh);
}

TEST(SecretRuleFile, RefusesMistakesAtFileAndLine) {
  struct Case {
    std::string from, to, message;
  };
  const std::vector<Case> cases = {
      {"    confidence: high", "    confidance: high", "unknown key 'confidance'"},
      {"    confidence: high", "    confidence: sure", "confidence must be"},
      {"[acme_]", "[ac]", "must be 3 to 64 characters"},
      {"[acme_]", "[]", "at least one keyword"},
      {"'\\b(acme_[a-z0-9]{24})\\b'", "'(acme_[a-z'", "does not compile"},
      {"'\\b(acme_[a-z0-9]{24})\\b'", "'(acme_)([a-z0-9]{24})'", "several groups"},
      {"'\\b(acme_[a-z0-9]{24})\\b'", "'acme_[a-z]{1,5000}'", "does not compile"},
      {"'\\b(acme_[a-z0-9]{24})\\b'",
       "'(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)(k)(l)(m)(n)(o)(p)(?P<secret>acme_[a-z0-9]{24})'",
       "first 15 groups"},
      {"      negative: ['acme_short']\n", "", "at least one positive and one negative"},
      {"provider: Acme\n", "", "missing 'provider'"},
      {"    confidence: high", "    confidence: high\n    validators: {entropy: 9}",
       "out of range"},
      {"    confidence: high", "    confidence: high\n    validators: {checksum: md5}",
       "unknown checksum"},
      {"    confidence: high", "    confidence: high\n    severity: info", "severity must be"},
  };
  for (const auto& c : cases) {
    auto r = ParseRuleFile(Replace(kGood, c.from, c.to), "acme.yaml");
    ASSERT_FALSE(r.ok()) << c.to;
    EXPECT_NE(r.error().ToString().find(c.message), std::string::npos) << r.error().ToString();
    EXPECT_NE(r.error().ToString().find("acme.yaml:"), std::string::npos) << r.error().ToString();
  }
  auto bad_yaml = ParseRuleFile("rules: [\n", "x.yaml");
  ASSERT_FALSE(bad_yaml.ok());
  EXPECT_EQ(bad_yaml.error().step, ValidationStep::kSyntax);
  auto too_big = ParseRuleFile(std::string(kMaxRuleFileBytes + 1, '#'), "big.yaml");
  ASSERT_FALSE(too_big.ok());
  EXPECT_EQ(too_big.error().step, ValidationStep::kSize);
}

TEST(SecretRuleFile, UserRulesAddToTheBuiltinOnesAndIdsAreUnique) {
  testing::TempDir dir;
  dir.Write("acme.yaml", kGood);
  auto set = LoadRuleSet({dir.path()});
  ASSERT_TRUE(set.ok()) << set.error().ToString();
  auto builtin = LoadRuleSet({});
  EXPECT_EQ(set.value().rules.size(), builtin.value().rules.size() + 1);
  dir.Write("again.yml", kGood);
  auto dup = LoadRuleSet({dir.path()});
  ASSERT_FALSE(dup.ok());
  EXPECT_NE(dup.error().ToString().find("defined twice"), std::string::npos);
  auto only = LoadRuleSet({dir.path() / "acme.yaml"}, false);
  ASSERT_TRUE(only.ok());
  EXPECT_EQ(only.value().rules.size(), 1u);
  auto engine = Engine::Compile(std::move(only.value().rules));
  ASSERT_TRUE(engine.ok());
  Engine::Scratch s = engine.value().NewScratch();
  EXPECT_EQ(engine.value().Scan("k = acme_0a1b2c3d4e5f6g7h8i9j0k1l", s).size(), 1u);
}

// The built-in patterns are compiled lazily at run time; the strict reader still takes them all,
// and an engine built from the lazily loaded set finds what one from the checked set finds.
TEST(SecretRuleSet, BuiltinRulesPassTheStrictReader) {
  auto lazy = LoadRuleSet({});
  auto strict = LoadRuleSet({}, true, /*check_builtin=*/true);
  ASSERT_TRUE(lazy.ok()) << lazy.error().ToString();
  ASSERT_TRUE(strict.ok()) << strict.error().ToString();
  ASSERT_EQ(lazy.value().rules.size(), strict.value().rules.size());
  for (const Rule& r : strict.value().rules) {
    EXPECT_TRUE(r.builtin);
    EXPECT_NE(r.regex, nullptr) << r.id.str();
  }
  EXPECT_EQ(lazy.value().rules.front().regex, nullptr);
  auto engine = Engine::Compile(std::move(lazy.value().rules));
  ASSERT_TRUE(engine.ok());
  Engine::Scratch s = engine.value().NewScratch();
  const auto hits = engine.value().Scan("export AWS_ACCESS_KEY_ID=AKIA2DILBRVSTFYPUQU2\n", s);
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].rule->id.str(), "aws-access-key-id");
  EXPECT_EQ(engine.value().prefiltered_rules(), engine.value().rules().size());
}

}  // namespace
}  // namespace fledger::secrets
