#include "secrets/engine.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "secrets/rules.h"
#include "secrets/scan.h"
#include "secrets/fake_tokens.h"
#include "test_util.h"

namespace fledger::secrets {
namespace {

using testing::ChecksumToken;

// The built-in library, compiled once for all tests.
const Engine& Builtin() {
  static const Engine* engine = [] {
    auto set = LoadRuleSet({});
    EXPECT_TRUE(set.ok()) << (set.ok() ? "" : set.error().ToString());
    auto e = Engine::Compile(std::move(set.value().rules), {.cache_dir = DefaultCacheDir()});
    EXPECT_TRUE(e.ok());
    return new Engine(std::move(e).value());
  }();
  return *engine;
}

std::vector<Finding> Find(std::string_view text, const std::string& path = "a/config.env") {
  Engine::Scratch scratch = Builtin().NewScratch();
  return FindingsIn(Builtin(), scratch, text, RepoPath::Parse(path).value());
}

TEST(SecretRules, BuiltinLibraryIsLargeAndEveryRuleHasExamples) {
  auto set = LoadRuleSet({});
  ASSERT_TRUE(set.ok());
  EXPECT_GE(set.value().rules.size(), 120u);
  for (const Rule& r : set.value().rules) {
    EXPECT_FALSE(r.positive.empty()) << r.id.str();
    EXPECT_FALSE(r.negative.empty()) << r.id.str();
    EXPECT_FALSE(r.remediation.empty()) << r.id.str();
  }
}

// The same check `fledger rules check` runs: every positive example is found by its rule and
// no negative one is.
TEST(SecretRules, EveryExampleHolds) {
  const Engine& e = Builtin();
  Engine::Scratch scratch = e.NewScratch();
  for (const Rule& r : e.rules()) {
    for (const auto& p : r.positive) {
      bool found = false;
      for (const Hit& h : e.Scan(p, scratch)) found |= h.rule->id == r.id;
      EXPECT_TRUE(found) << r.origin << " " << r.id.str() << " positive: " << p;
    }
    for (const auto& n : r.negative) {
      for (const Hit& h : e.Scan(n, scratch)) {
        EXPECT_NE(h.rule->id, r.id) << r.origin << " negative: " << n;
      }
    }
  }
}

// The one-pass prefilter must not lose a match because of what surrounds it: every positive
// example is still found, with the same secret, after long and short lines of other text, before
// more text, and with Windows line ends. (Vectorscan 5.4 once missed a ^-anchored multiline
// pattern after a 72-character line.)
TEST(SecretRules, EveryExampleHoldsInContext) {
  const Engine& e = Builtin();
  Engine::Scratch scratch = e.NewScratch();
  const std::string long_line(300, 'x');
  const std::vector<std::pair<std::string, std::string>> contexts = {
      {long_line + "\n", "\n"},
      {"The shell to use for scripts run with the `npm exec`, `npm run` and `npm\n", "\ninit`\n"},
      {"int main() {\n  return 0;\n}\n\n", "\n# end\n" + long_line},
      {std::string(5000, 'y') + "\n" + std::string(70, 'z') + "\n", "\n"},
  };
  for (const Rule& r : e.rules()) {
    for (const auto& p : r.positive) {
      std::string alone_secret;
      for (const Hit& h : e.Scan(p, scratch)) {
        if (h.rule->id == r.id) alone_secret = p.substr(h.begin, h.end - h.begin);
      }
      ASSERT_FALSE(alone_secret.empty()) << r.id.str() << ": " << p;
      for (const auto& [before, after] : contexts) {
        const std::string text = before + p + after;
        bool found = false;
        for (const Hit& h : e.Scan(text, scratch)) {
          found |= h.rule->id == r.id && text.substr(h.begin, h.end - h.begin) == alone_secret;
        }
        EXPECT_TRUE(found) << r.id.str() << " positive in context: " << p;
      }
      if (p.find('\n') == std::string::npos && !r.multiline) {
        const std::string crlf = "first line\r\n" + p + "\r\nlast line\r\n";
        bool found = false;
        for (const Hit& h : e.Scan(crlf, scratch)) found |= h.rule->id == r.id;
        EXPECT_TRUE(found) << r.id.str() << " positive between CRLF lines: " << p;
      }
    }
  }
}

TEST(SecretEngine, FindsTokenWithExactSpanAndRedactsIt) {
  std::mt19937 rng(1);
  const std::string token = ChecksumToken(rng, "ghp_");
  const std::string text = "# config\n\nexport GITHUB_TOKEN=" + token + "\n";
  const auto f = Find(text);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].rule_id.str(), "github-pat-classic");
  EXPECT_EQ(f[0].kind, FindingKind::kSecret);
  EXPECT_EQ(f[0].location.line, 3);
  EXPECT_EQ(f[0].location.column, 21);
  EXPECT_EQ(f[0].location.end_column, 21 + 40);
  EXPECT_EQ(f[0].confidence, Confidence::kHigh);
  EXPECT_EQ(f[0].evidence, "ghp_*** (40 chars)");
  EXPECT_EQ(f[0].message.find(token), std::string::npos);
  EXPECT_FALSE(f[0].remediation.text.empty());
  EXPECT_FALSE(f[0].cwes.empty());
}

TEST(SecretEngine, ChecksumMismatchLowersConfidence) {
  std::mt19937 rng(2);
  const auto f = Find("token: " + ChecksumToken(rng, "ghp_", false) + "\n");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].confidence, Confidence::kLow);
  EXPECT_NE(f[0].message.find("checksum"), std::string::npos);
}

TEST(SecretEngine, PlaceholdersAndDocumentationValuesAreNotReported) {
  for (const std::string text :
       {"aws_access_key_id = AKIAIOSFODNN7EXAMPLE\n",
        "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n",
        "GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n", "password: ${DB_PASSWORD}\n",
        "password = \"changeme\"\n", "api_key: <your-api-key>\n", "password: ********\n",
        "token: {{ .Values.token }}\n",
        "integrity=\"sha384-oqVuAfXRKap7fdgcCY5uykM6+R9GqQ8K/uxy9rx7HNQlGYl1kPzQho1wx4JwY8wC\"\n",
        "commit 3f786850e387550fdab836ed7e6dc881de23001b\n",
        "id: 123e4567-e89b-12d3-a456-426614174000\n"}) {
    EXPECT_TRUE(Find(text).empty()) << text;
  }
}

TEST(SecretEngine, SeveralSecretsOnOneLineAndTheMostSpecificRuleWins) {
  std::mt19937 rng(3);
  const std::string a = ChecksumToken(rng, "ghp_"), b = ChecksumToken(rng, "npm_");
  const auto f = Find("API_KEY=\"" + a + "\" NPM=" + b + "\n");
  ASSERT_EQ(f.size(), 2u);
  std::set<std::string> rules = {f[0].rule_id.str(), f[1].rule_id.str()};
  EXPECT_TRUE(rules.count("github-pat-classic")) << *rules.begin();
  EXPECT_TRUE(rules.count("npm-access-token")) << *rules.rbegin();
}

TEST(SecretEngine, FingerprintIsStableAcrossLineMovesAndDiffersByValue) {
  std::mt19937 rng(4);
  const std::string token = ChecksumToken(rng, "ghp_");
  const auto a = Find("x=" + token + "\n");
  const auto b = Find("\n\n\n  y = " + token + "\n");
  const auto c = Find("x=" + ChecksumToken(rng, "ghp_") + "\n");
  ASSERT_EQ(a.size(), 1u);
  ASSERT_EQ(b.size(), 1u);
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(a[0].fingerprint, b[0].fingerprint);
  EXPECT_NE(a[0].fingerprint, c[0].fingerprint);
  EXPECT_EQ(a[0].fingerprint.str().find(token), std::string::npos);
}

TEST(SecretEngine, HostileTextIsScannedSafely) {
  std::mt19937 rng(5);
  const std::string token = ChecksumToken(rng, "ghp_");
  // CRLF: the carriage return is not part of the secret, lines count right.
  auto f = Find("a\r\nb\r\nkey=" + token + "\r\n");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].location.line, 3);
  EXPECT_EQ(f[0].location.end_column - f[0].location.column, 40);
  // NUL bytes and invalid UTF-8 around it.
  f = Find(std::string("\xff\xfe\0\0 token=", 12) + token + std::string("\0\xc3", 2));
  ASSERT_EQ(f.size(), 1u);
  // A 2 MB line (minified) with the token near its end, and keywords everywhere (a long line
  // costs one search per window; bench/ measures 50 MB files).
  std::string line;
  while (line.size() < (2u << 20)) line += "var password=a;ghp_;AKIA;";
  line += "t=\"" + token + "\"";
  f = Find(line);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].location.line, 1);
  EXPECT_EQ(static_cast<size_t>(f[0].location.column), line.size() - 40);
}

TEST(SecretEngine, InlineAllowNeedsTheRuleAndAReason) {
  std::mt19937 rng(6);
  const std::string t = ChecksumToken(rng, "ghp_");
  auto f = Find("x=" + t + "  # fledger:allow github-pat-classic revoked test token\n");
  ASSERT_EQ(f.size(), 1u);
  ASSERT_TRUE(f[0].suppression.has_value());
  EXPECT_EQ(f[0].suppression->kind, "inline");
  EXPECT_EQ(f[0].suppression->reason, "revoked test token");
  EXPECT_EQ(f[0].suppression->source, "a/config.env:1");
  // On the line above.
  f = Find("// fledger:allow github-pat-classic fixture\nx=" + t + "\n");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_TRUE(f[0].suppression.has_value());
  // Another rule's id, or no reason: not suppressed (and the missing reason is a warning).
  EXPECT_FALSE(Find("x=" + t + " # fledger:allow aws-access-key-id because\n")[0].suppression);
  Engine::Scratch scratch = Builtin().NewScratch();
  std::vector<std::string> warnings;
  f = FindingsIn(Builtin(), scratch, "x=" + t + " # fledger:allow github-pat-classic\n",
                 RepoPath::Parse("b.txt").value(), nullptr, {}, &warnings);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_FALSE(f[0].suppression);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("no reason"), std::string::npos);
}

TEST(SecretEngine, PrivateKeyBlocksAreFoundWhole) {
  // A PKCS#8 key of the rule library's own examples spans several lines.
  const Engine& e = Builtin();
  const Rule* pem = nullptr;
  for (const Rule& r : e.rules()) {
    if (r.multiline && r.validators.structure == "pem" && !pem) pem = &r;
  }
  ASSERT_NE(pem, nullptr);
  const std::string text = "line\n" + pem->positive.front() + "\ntrailer\n" + pem->positive.front();
  const auto f = Find(text);
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].location.line, 2);
  EXPECT_GT(f[0].location.end_line, f[0].location.line);
}

TEST(SecretEngine, LineMapPointsIntoTheOriginalFile) {
  std::mt19937 rng(7);
  const std::vector<int> lines = {10, 11, 20};
  Engine::Scratch scratch = Builtin().NewScratch();
  const auto f = FindingsIn(Builtin(), scratch, "a\nb\nk=" + ChecksumToken(rng, "ghp_") + "\n",
                            RepoPath::Parse("n.ipynb").value(), &lines, "cell 2 source");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].location.line, 20);
  EXPECT_NE(f[0].message.find("cell 2 source"), std::string::npos);
}

// The compiled database is cached by a hash of the expressions: a second engine loads it, a
// damaged cache file is ignored (and the rules compiled again), and both find the same secrets.
TEST(SecretEngine, CompiledDatabaseIsCachedAndADamagedCacheIsIgnored) {
  testing::TempDir dir;
  const auto cache = dir.path() / "cache";
  const std::string text = "export AWS_ACCESS_KEY_ID=AKIA2DILBRVSTFYPUQU2\n";
  const auto compile_and_scan = [&] {
    auto set = LoadRuleSet({});
    EXPECT_TRUE(set.ok());
    auto e = Engine::Compile(std::move(set.value().rules), {.cache_dir = cache});
    EXPECT_TRUE(e.ok());
    Engine::Scratch s = e.value().NewScratch();
    std::vector<std::string> found;
    for (const Hit& h : e.value().Scan(text, s)) found.push_back(h.rule->id.str());
    return found;
  };
  const auto first = compile_and_scan();
  ASSERT_EQ(first, std::vector<std::string>{"aws-access-key-id"});
  std::vector<std::filesystem::path> files;
  for (const auto& f : std::filesystem::directory_iterator(cache)) files.push_back(f.path());
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(files[0].extension(), ".hsdb");
  const auto written = std::filesystem::last_write_time(files[0]);
  EXPECT_EQ(compile_and_scan(), first);
  EXPECT_EQ(std::filesystem::last_write_time(files[0]), written);  // loaded, not written again
  {
    std::ofstream damage(files[0], std::ios::binary | std::ios::trunc);
    damage << "not a database";
  }
  EXPECT_EQ(compile_and_scan(), first);
}

// A user pattern with large counted repeats would take Vectorscan seconds to compile: it is
// represented by its keywords instead, and still found.
TEST(SecretEngine, HeavyPatternsArePrefilteredByTheirKeywords) {
  Rule heavy;
  heavy.id = RuleId::Parse("acme-heavy").value();
  heavy.name = "Acme heavy";
  heavy.provider = "Acme";
  heavy.pattern = "acme_(?P<secret>(?:[a-z][0-9][a-z]){1000})";
  heavy.keywords = {"acme_"};
  Rule light = heavy;
  light.id = RuleId::Parse("acme-light").value();
  light.pattern = "(?P<secret>zeta_[a-z0-9]{24})";
  light.keywords = {"zeta_"};
  auto e = Engine::Compile({heavy, light});
  ASSERT_TRUE(e.ok()) << e.error().ToString();
  EXPECT_EQ(e.value().prefiltered_rules(), 1u);
  std::string body;
  const std::string letters = "qwertyuiopasdfghjklzxcvbnm";
  for (int i = 0; i < 1000; ++i) {
    body += letters[static_cast<size_t>(i * 7) % letters.size()];
    body += static_cast<char>('0' + i % 10);
    body += letters[static_cast<size_t>(i * 11 + 3) % letters.size()];
  }
  const std::string text = "key: acme_" + body + "\nother: zeta_k3j9v0q7m2x8p4w1r6t5y2u8\n";
  Engine::Scratch s = e.value().NewScratch();
  std::vector<std::string> found;
  for (const Hit& h : e.value().Scan(text, s)) found.push_back(h.rule->id.str());
  EXPECT_EQ(found, (std::vector<std::string>{"acme-heavy", "acme-light"}));
}

}  // namespace
}  // namespace fledger::secrets
