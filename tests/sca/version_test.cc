// Tests for sca/version: every OSV ordering fixture per ecosystem, plus Go, SemVer, bounds and
// hostile inputs, and the ecosystem-to-scheme table.
#include "sca/version/version.h"

#include <gtest/gtest.h>

#include <cctype>
#include <fstream>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "test_util.h"

namespace fledger::sca {
namespace {

struct Case {
  std::string a;
  int op = 0;  // -1, 0, 1
  std::string b;
  int line = 0;
};

std::vector<Case> ReadFixture(const std::string& name) {
  std::ifstream in(testing::SourceDir() / "src/sca/version/testdata" / name);
  EXPECT_TRUE(in.good()) << name;
  std::vector<Case> cases;
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty() || line.rfind("# ", 0) == 0 || line.rfind("// ", 0) == 0) continue;
    std::istringstream fields(line);
    Case c;
    std::string op;
    fields >> c.a >> op >> c.b;
    EXPECT_TRUE(op == "<" || op == "=" || op == ">") << name << ":" << number << ": " << line;
    c.op = op == "<" ? -1 : (op == "=" ? 0 : 1);
    c.line = number;
    cases.push_back(c);
  }
  return cases;
}

int Sign(int v) { return (v > 0) - (v < 0); }
const char* OpName(int op) { return op < 0 ? "<" : (op == 0 ? "=" : ">"); }

struct FixtureParam {
  const char* file;
  VersionScheme scheme;
};

class VersionFixtureTest : public ::testing::TestWithParam<FixtureParam> {};

TEST_P(VersionFixtureTest, EveryLineOrdersAsTheReferenceImplementation) {
  const auto [file, scheme] = GetParam();
  const std::vector<Case> cases = ReadFixture(file);
  ASSERT_FALSE(cases.empty());
  int failed = 0;
  std::string report;
  for (const Case& c : cases) {
    auto a = Version::Parse(scheme, c.a);
    auto b = Version::Parse(scheme, c.b);
    std::string problem;
    if (!a.ok() || !b.ok()) {
      problem = "parse error: " + (a.ok() ? b.error().ToString() : a.error().ToString());
    } else {
      const int ab = Sign(a.value().Compare(b.value()));
      const int ba = Sign(b.value().Compare(a.value()));
      if (ab != c.op || ba != -c.op) {
        problem = std::string("got ") + OpName(ab) + " (reverse " + OpName(ba) + ")";
      }
    }
    if (problem.empty()) continue;
    if (++failed <= 20) {
      report += "  " + std::string(file) + ":" + std::to_string(c.line) + ": " + c.a + " " +
                OpName(c.op) + " " + c.b + ": " + problem + "\n";
    }
  }
  EXPECT_EQ(failed, 0) << failed << " of " << cases.size() << " failed under "
                       << VersionSchemeName(scheme) << "; first ones:\n"
                       << report;
}

// Transitivity on a random sample of the fixture's versions: a <= b <= c implies a <= c, with
// equality only when both steps are equal.
TEST_P(VersionFixtureTest, OrderIsTransitiveOnASample) {
  const auto [file, scheme] = GetParam();
  std::vector<Version> versions;
  for (const Case& c : ReadFixture(file)) {
    for (const std::string& text : {c.a, c.b}) {
      auto v = Version::Parse(scheme, text);
      if (v.ok()) versions.push_back(v.value());
    }
  }
  ASSERT_GE(versions.size(), 2u);
  std::mt19937 rng(7);
  std::uniform_int_distribution<size_t> pick(0, versions.size() - 1);
  int violations = 0;
  for (int k = 0; k < 20000; ++k) {
    const Version& a = versions[pick(rng)];
    const Version& b = versions[pick(rng)];
    const Version& c = versions[pick(rng)];
    const int ab = Sign(a.Compare(b));
    const int bc = Sign(b.Compare(c));
    const int ac = Sign(a.Compare(c));
    if (ab <= 0 && bc <= 0 && ac > 0) ++violations;
    if (ab == 0 && bc == 0 && ac != 0) ++violations;
    if (ab >= 0 && bc >= 0 && ac < 0) ++violations;
  }
  EXPECT_EQ(violations, 0);
}

INSTANTIATE_TEST_SUITE_P(
    Osv, VersionFixtureTest,
    ::testing::Values(FixtureParam{"semver-versions.txt", VersionScheme::kSemver},
                      FixtureParam{"semver-versions.txt", VersionScheme::kGo},
                      FixtureParam{"pypi-versions.txt", VersionScheme::kPep440},
                      FixtureParam{"pypi-versions-generated.txt", VersionScheme::kPep440},
                      FixtureParam{"maven-versions.txt", VersionScheme::kMaven},
                      FixtureParam{"maven-versions-generated.txt", VersionScheme::kMaven},
                      FixtureParam{"rubygems-versions.txt", VersionScheme::kRubyGems},
                      FixtureParam{"rubygems-versions-generated.txt", VersionScheme::kRubyGems},
                      FixtureParam{"nuget-versions.txt", VersionScheme::kNuGet},
                      FixtureParam{"packagist-versions.txt", VersionScheme::kPackagist},
                      FixtureParam{"packagist-versions-generated.txt", VersionScheme::kPackagist},
                      FixtureParam{"debian-versions.txt", VersionScheme::kDebian},
                      FixtureParam{"debian-versions-generated.txt", VersionScheme::kDebian},
                      FixtureParam{"pub-versions.txt", VersionScheme::kPub},
                      FixtureParam{"alpine-versions.txt", VersionScheme::kAlpine},
                      FixtureParam{"alpine-versions-generated.txt", VersionScheme::kAlpine},
                      FixtureParam{"cran-versions.txt", VersionScheme::kCran},
                      FixtureParam{"cran-versions-generated.txt", VersionScheme::kCran},
                      FixtureParam{"hackage-versions.txt", VersionScheme::kHackage},
                      FixtureParam{"redhat-versions.txt", VersionScheme::kRpm}),
    [](const ::testing::TestParamInfo<FixtureParam>& info) {
      std::string name = std::string(VersionSchemeName(info.param.scheme)) + "_" + info.param.file;
      for (char& ch : name) {
        if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
      }
      return name;
    });

struct OrderCase {
  VersionScheme scheme;
  const char* a;
  int op;
  const char* b;
};

class VersionOrderTest : public ::testing::TestWithParam<OrderCase> {};

TEST_P(VersionOrderTest, Orders) {
  const OrderCase& c = GetParam();
  const std::optional<int> ab = CompareVersions(c.scheme, c.a, c.b);
  const std::optional<int> ba = CompareVersions(c.scheme, c.b, c.a);
  ASSERT_TRUE(ab.has_value() && ba.has_value()) << c.a << " / " << c.b;
  EXPECT_EQ(Sign(*ab), c.op) << c.a << " " << OpName(c.op) << " " << c.b;
  EXPECT_EQ(Sign(*ba), -c.op) << c.b << " vs " << c.a;
}

constexpr int kLt = -1;
constexpr int kEq = 0;
constexpr int kGt = 1;
constexpr VersionScheme kGo = VersionScheme::kGo;
constexpr VersionScheme kSemver = VersionScheme::kSemver;

INSTANTIATE_TEST_SUITE_P(
    Go, VersionOrderTest,
    ::testing::Values(
        // Pseudo-version form 1: vX.0.0-timestamp-hash, no earlier tag.
        OrderCase{kGo, "v0.0.0-20191109021931-daa7c04131f5", kLt,
                  "v0.0.0-20200101000000-aaaaaaaaaaaa"},
        OrderCase{kGo, "v0.0.0-20200101000000-aaaaaaaaaaaa", kLt, "v0.0.1"},
        OrderCase{kGo, "v0.0.0-20200101000000-aaaaaaaaaaaa", kLt, "v0.0.0"},
        // Form 2: vX.Y.Z-pre.0.timestamp-hash, after a prerelease tag.
        OrderCase{kGo, "v1.2.3-beta", kLt, "v1.2.3-beta.0.20200101000000-abcdef123456"},
        OrderCase{kGo, "v1.2.3-beta.0.20200101000000-abcdef123456", kLt, "v1.2.3-beta.1"},
        OrderCase{kGo, "v1.2.3-beta.0.20200101000000-abcdef123456", kLt,
                  "v1.2.3-beta.0.20200102000000-000000000000"},
        // Form 3: vX.Y.(Z+1)-0.timestamp-hash, after a release tag.
        OrderCase{kGo, "v1.2.3", kLt, "v1.2.4-0.20200101000000-abcdef123456"},
        OrderCase{kGo, "v1.2.4-0.20200101000000-abcdef123456", kLt, "v1.2.4-alpha"},
        OrderCase{kGo, "v1.2.4-0.20200101000000-abcdef123456", kLt,
                  "v1.2.4-0.20210101000000-abcdef123456"},
        OrderCase{kGo, "v1.2.4-0.20200101000000-abcdef123456", kLt, "v1.2.4"},
        // +incompatible is build metadata; "v" is optional.
        OrderCase{kGo, "v2.0.0+incompatible", kEq, "v2.0.0"},
        OrderCase{kGo, "v2.0.0+incompatible", kLt, "v2.0.1+incompatible"},
        OrderCase{kGo, "v1.2.3", kEq, "1.2.3"}, OrderCase{kGo, "v1.10.0", kGt, "v1.9.9"},
        // Standard library and toolchain spellings.
        OrderCase{kGo, "go1.21.3", kEq, "1.21.3"}, OrderCase{kGo, "go1.21", kEq, "1.21.0"},
        OrderCase{kGo, "go1.21rc2", kEq, "1.21.0-rc.2"},
        OrderCase{kGo, "go1.21rc2", kLt, "go1.21.0"},
        OrderCase{kGo, "go1.21beta1", kLt, "go1.21rc1"},
        OrderCase{kGo, "go1.20.14", kLt, "go1.21rc1"}));

INSTANTIATE_TEST_SUITE_P(
    Semver, VersionOrderTest,
    ::testing::Values(OrderCase{kSemver, "1.0.0+build.1", kEq, "1.0.0+build.2"},
                      OrderCase{kSemver, "1.0.0-rc.1+x", kEq, "1.0.0-rc.1"},
                      OrderCase{kSemver, "1.0.0-rc.1+x", kLt, "1.0.0+x"},
                      OrderCase{kSemver, "1.0.0-BETA", kLt, "1.0.0-beta"},  // ASCII order
                      OrderCase{kSemver, "1.0", kEq, "1.0.0"},
                      OrderCase{kSemver, " 1.0.0 ", kEq, "1.0.0"},
                      OrderCase{VersionScheme::kNuGet, "1.0.0-BETA", kEq, "1.0.0-beta"},
                      OrderCase{VersionScheme::kNuGet, "1.0.0.0+meta", kEq, "1.0"},
                      OrderCase{VersionScheme::kPub, "1.0.0+2", kLt, "1.0.0+10"},
                      OrderCase{VersionScheme::kPep440, "1.0.post1", kGt, "1.0"},
                      OrderCase{VersionScheme::kPep440, "v1.0", kEq, "1.0.0"},
                      OrderCase{VersionScheme::kPep440, "1.0a1", kEq, "1.0.ALPHA.1"},
                      OrderCase{VersionScheme::kPep440, "1.0.dev1", kLt, "1.0a1"},
                      OrderCase{VersionScheme::kPep440, "1!0.1", kGt, "2.0"},
                      OrderCase{VersionScheme::kMaven, "1.0-SNAPSHOT", kLt, "1.0"},
                      OrderCase{VersionScheme::kMaven, "1.0-sp1", kGt, "1.0"},
                      OrderCase{VersionScheme::kMaven, "1.0-foo", kGt, "1.0-sp"},
                      OrderCase{VersionScheme::kDebian, "1.0~rc1", kLt, "1.0"},
                      OrderCase{VersionScheme::kDebian, "1:0.1", kGt, "9.9"},
                      OrderCase{VersionScheme::kRpm, "1.0~rc1", kLt, "1.0"},
                      OrderCase{VersionScheme::kPackagist, "1.0.0-dev", kLt, "1.0.0-alpha"},
                      OrderCase{VersionScheme::kPackagist, "1.0.0-pl1", kGt, "1.0.0"},
                      OrderCase{VersionScheme::kGeneric, "1.10", kGt, "1.9"},
                      OrderCase{VersionScheme::kGeneric, "1.0-beta", kLt, "1.0"}));

constexpr VersionScheme kAllSchemes[] = {
    VersionScheme::kSemver,    VersionScheme::kGo,       VersionScheme::kPep440,
    VersionScheme::kMaven,     VersionScheme::kRubyGems, VersionScheme::kNuGet,
    VersionScheme::kPackagist, VersionScheme::kDebian,   VersionScheme::kPub,
    VersionScheme::kAlpine,    VersionScheme::kCran,     VersionScheme::kHackage,
    VersionScheme::kRpm,       VersionScheme::kGeneric};

TEST(VersionTest, HugeNumbersCompareByValueInEveryScheme) {
  const std::string big = "1." + std::string(40, '9');
  const std::string bigger = "1.1" + std::string(40, '0');
  const std::string two64 = "18446744073709551616";  // 2^64: would wrap a uint64_t
  const std::string two64m1 = "18446744073709551615";
  for (VersionScheme scheme : kAllSchemes) {
    SCOPED_TRACE(std::string(VersionSchemeName(scheme)));
    ASSERT_EQ(CompareVersions(scheme, big, bigger).value_or(99) < 0, true);
    ASSERT_EQ(CompareVersions(scheme, bigger, big).value_or(-99) > 0, true);
    EXPECT_GT(CompareVersions(scheme, two64, two64m1).value_or(-99), 0);
    EXPECT_EQ(CompareVersions(scheme, two64, two64).value_or(99), 0);
  }
}

TEST(VersionTest, EmptyOversizedAndControlTextIsAnErrorInEveryScheme) {
  const std::string long_version = "1" + std::string(256, '0');  // 257 bytes
  std::string max_version = "1";
  while (max_version.size() + 2 <= 256) max_version += ".1";
  for (VersionScheme scheme : kAllSchemes) {
    SCOPED_TRACE(std::string(VersionSchemeName(scheme)));
    auto empty = Version::Parse(scheme, "");
    ASSERT_FALSE(empty.ok());
    EXPECT_EQ(empty.error().step, ValidationStep::kLexical);
    EXPECT_FALSE(Version::Parse(scheme, "   ").ok());
    auto oversized = Version::Parse(scheme, long_version);
    ASSERT_FALSE(oversized.ok());
    EXPECT_EQ(oversized.error().step, ValidationStep::kSize);
    auto control = Version::Parse(scheme, std::string("1.0\0", 4));
    ASSERT_FALSE(control.ok());
    EXPECT_EQ(control.error().step, ValidationStep::kLexical);
    EXPECT_FALSE(Version::Parse(scheme, "1.0\n").ok());
    auto at_limit = Version::Parse(scheme, max_version);
    ASSERT_TRUE(at_limit.ok()) << at_limit.error().ToString();
    EXPECT_EQ(at_limit.value().str(), max_version);
    EXPECT_EQ(at_limit.value().scheme(), scheme);
  }
}

TEST(VersionTest, StrictSchemesRejectGarbage) {
  struct Bad {
    VersionScheme scheme;
    const char* text;
  };
  for (const Bad& bad :
       {Bad{VersionScheme::kPep440, "1.0 beta"}, Bad{VersionScheme::kPep440, "!!!"},
        Bad{VersionScheme::kPep440, "1.0-\xc3\xa9"}, Bad{VersionScheme::kPackagist, "1.0 beta"},
        Bad{VersionScheme::kPackagist, "..."}, Bad{VersionScheme::kSemver, "beta"},
        Bad{VersionScheme::kGo, "vx.y.z"}, Bad{VersionScheme::kDebian, "a:1.0"},
        Bad{VersionScheme::kDebian, "1.0-"}, Bad{VersionScheme::kCran, "1.a"},
        Bad{VersionScheme::kHackage, "1..2"}, Bad{VersionScheme::kRubyGems, "..."},
        Bad{VersionScheme::kGeneric, "-.-"}}) {
    auto v = Version::Parse(bad.scheme, bad.text);
    ASSERT_FALSE(v.ok()) << VersionSchemeName(bad.scheme) << " accepted " << bad.text;
    EXPECT_EQ(v.error().step, ValidationStep::kSyntax) << v.error().ToString();
    EXPECT_FALSE(CompareVersions(bad.scheme, bad.text, "1.0").has_value());
  }
  // Lenient ecosystems keep their reference implementation's leniency.
  EXPECT_TRUE(Version::Parse(VersionScheme::kMaven, "!!!").ok());
  EXPECT_TRUE(Version::Parse(VersionScheme::kPep440, "0.9-doduo").ok());  // legacy version
  EXPECT_LT(*CompareVersions(VersionScheme::kPep440, "0.9-doduo", "0.0.1"), 0);
}

TEST(VersionTest, HostileTextNeverCrashesAndComparesAntisymmetrically) {
  const std::vector<std::string> texts = {
      "-",
      ".",
      "~",
      "^",
      "::",
      ":",
      "v",
      "V",
      "+",
      "_",
      "#",
      "1-",
      "-1",
      "\xff\xfe",
      "1.2.3-",
      "1..2",
      "1--2",
      "1-.-2",
      "a:b:c",
      "0:",
      ":0",
      "1!",
      "!1",
      "1+",
      "1.0+",
      "~~~1",
      "1~~",
      "-r",
      "_p",
      "1_p1_p2-r-r",
      "0" + std::string(255, '0'),
      std::string(256, '-'),
      std::string(256, '9'),
      std::string(128, 'a') + std::string(128, '1'),
      "1.0.0-\xe2\x80\x8b",
      "1-1-1-1-1-1-1-1-1-1-1-1-1-1-1-1-1-1-1-1-1-1-1-1-1-1-1-1-1-1-1-1-1-1-1",
      "a1b2c3d4e5f6g7h8i9j0",
      "1.0a-b_c+d~e^f:g"};
  for (VersionScheme scheme : kAllSchemes) {
    std::vector<Version> parsed;
    for (const std::string& t : texts) {
      auto v = Version::Parse(scheme, t);
      if (v.ok()) parsed.push_back(v.value());
    }
    for (const Version& a : parsed) {
      for (const Version& b : parsed) {
        EXPECT_EQ(Sign(a.Compare(b)), -Sign(b.Compare(a)))
            << VersionSchemeName(scheme) << ": " << a.str() << " vs " << b.str();
      }
      EXPECT_EQ(a.Compare(a), 0) << VersionSchemeName(scheme) << ": " << a.str();
    }
  }
}

TEST(VersionTest, ErrorsNameTheSchemeAndTheText) {
  auto v = Version::Parse(VersionScheme::kPep440, "1.0 beta");
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.error().context, "pep440 version");
  EXPECT_NE(v.error().message.find("\"1.0 beta\""), std::string::npos) << v.error().message;
}

TEST(VersionTest, SchemeForEcosystem) {
  const std::pair<const char*, VersionScheme> table[] = {
      {"npm", VersionScheme::kSemver},
      {"crates.io", VersionScheme::kSemver},
      {"Hex", VersionScheme::kSemver},
      {"ConanCenter", VersionScheme::kSemver},
      {"SwiftURL", VersionScheme::kSemver},
      {"Bitnami", VersionScheme::kSemver},
      {"Go", VersionScheme::kGo},
      {"PyPI", VersionScheme::kPep440},
      {"Maven", VersionScheme::kMaven},
      {"RubyGems", VersionScheme::kRubyGems},
      {"NuGet", VersionScheme::kNuGet},
      {"Packagist", VersionScheme::kPackagist},
      {"Debian", VersionScheme::kDebian},
      {"Debian:12", VersionScheme::kDebian},
      {"Ubuntu:22.04:LTS", VersionScheme::kDebian},
      {"Alpine:v3.18", VersionScheme::kAlpine},
      {"Pub", VersionScheme::kPub},
      {"CRAN", VersionScheme::kCran},
      {"Hackage", VersionScheme::kHackage},
      {"Red Hat", VersionScheme::kRpm},
      {"Red Hat:enterprise_linux:9::appstream", VersionScheme::kRpm},
      {"Rocky Linux:9", VersionScheme::kRpm},
      {"AlmaLinux:8", VersionScheme::kRpm},
      {"openSUSE:Leap 15.5", VersionScheme::kRpm},
      {"SUSE:Linux Enterprise Server 15", VersionScheme::kRpm},
      {"Mageia:9", VersionScheme::kRpm},
      {"OSS-Fuzz", VersionScheme::kGeneric},
      {"", VersionScheme::kGeneric},
      {"pypi", VersionScheme::kGeneric},
  };
  for (const auto& [ecosystem, scheme] : table) {
    EXPECT_EQ(SchemeForEcosystem(ecosystem), scheme) << ecosystem;
  }
}

TEST(VersionTest, SchemeNamesAreDistinct) {
  std::set<std::string_view> names;
  for (VersionScheme scheme : kAllSchemes) names.insert(VersionSchemeName(scheme));
  EXPECT_EQ(names.size(), std::size(kAllSchemes));
}

}  // namespace
}  // namespace fledger::sca
