// Unit tests for the domain primitives: every Parse accepts the valid forms and names the
// validation step that rejects the invalid ones.
#include "core/primitives.h"

#include <gtest/gtest.h>

namespace fledger {
namespace {

TEST(SeverityTest, ParsesNamesAndSarifLevels) {
  EXPECT_EQ(Severity::Parse("HIGH").value().name(), "high");
  EXPECT_EQ(Severity::Parse(" critical ").value().SarifLevel(), "error");
  EXPECT_EQ(Severity::Parse("warning").value().name(), "medium");
  EXPECT_EQ(Severity::Parse("moderate").value().name(), "medium");
  EXPECT_LT(Severity::Parse("low").value(), Severity::Parse("medium").value());
  const auto bad = Severity::Parse("urgent");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().step, ValidationStep::kSemantics);
}

TEST(RuleIdTest, AcceptsDottedIdsAndRejectsOthers) {
  EXPECT_TRUE(RuleId::Parse("openssf.license_location").ok());
  EXPECT_TRUE(RuleId::Parse("python/requirements").ok());
  EXPECT_EQ(RuleId::Parse("").error().step, ValidationStep::kSize);
  EXPECT_EQ(RuleId::Parse("bad id").error().step, ValidationStep::kLexical);
  EXPECT_EQ(RuleId::Parse(".hidden").error().step, ValidationStep::kLexical);
  EXPECT_EQ(RuleId::Parse(std::string(129, 'a')).error().step, ValidationStep::kSize);
}

struct PathCase {
  const char* input;
  const char* normalized;  // nullptr: must be rejected
};

class RepoPathTest : public ::testing::TestWithParam<PathCase> {};

TEST_P(RepoPathTest, Normalizes) {
  const auto& c = GetParam();
  const auto p = RepoPath::Parse(c.input);
  if (c.normalized == nullptr) {
    EXPECT_FALSE(p.ok()) << c.input;
  } else {
    ASSERT_TRUE(p.ok()) << c.input << ": " << p.error().ToString();
    EXPECT_EQ(p.value().str(), c.normalized);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Cases, RepoPathTest,
    ::testing::Values(PathCase{"src/main.cc", "src/main.cc"}, PathCase{"./a//b/./c", "a/b/c"},
                      PathCase{"a/b/../c", "a/c"}, PathCase{"a\\b", "a/b"}, PathCase{"", ""},
                      PathCase{".", ""}, PathCase{"a/..", ""}, PathCase{"../etc/passwd", nullptr},
                      PathCase{"a/../../b", nullptr}, PathCase{"/etc/passwd", nullptr},
                      PathCase{"C:/x", nullptr}, PathCase{"a\nb", nullptr},
                      PathCase{"a\x1b[31m", nullptr},
                      // Regression (primitives_fuzz): a name starting with ".." is not a parent.
                      PathCase{"..a.//b//b/c", "..a./b/b/c"},
                      // Regression (primitives_fuzz): normalization must not produce a drive path.
                      PathCase{".pk/../c:.b/./bec0", nullptr}));

TEST(RepoPathTest, JoinRejectsTraversal) {
  const RepoPath base = RepoPath::Parse("src").value();
  EXPECT_EQ(base.Join("x.cc").value().str(), "src/x.cc");
  EXPECT_EQ(RepoPath::Root().Join("x").value().str(), "x");
  EXPECT_FALSE(base.Join("..").ok());
  EXPECT_FALSE(base.Join("a/b").ok());
  EXPECT_EQ(base.Join("x.cc").value().filename(), "x.cc");
}

TEST(EcosystemTest, AcceptsOsvAndPurlNames) {
  EXPECT_EQ(Ecosystem::Parse("pypi").value().osv_name(), "PyPI");
  EXPECT_EQ(Ecosystem::Parse("cargo").value().osv_name(), "crates.io");
  EXPECT_EQ(Ecosystem::Parse("Debian:12").value().osv_name(), "Debian");
  EXPECT_EQ(Ecosystem::Parse("golang").value().purl_type(), "golang");
  EXPECT_FALSE(Ecosystem::Parse("cobolnet").ok());
}

TEST(PackageNameTest, NormalizesPep503) {
  const Ecosystem pypi = Ecosystem::Parse("PyPI").value();
  EXPECT_EQ(PackageName::Parse(pypi, "Friendly-Bard").value().str(), "friendly-bard");
  EXPECT_EQ(PackageName::Parse(pypi, "friendly__bard").value().str(), "friendly-bard");
  EXPECT_EQ(PackageName::Parse(pypi, "FRIENDLY.-_BARD").value().str(), "friendly-bard");
  const Ecosystem npm = Ecosystem::Parse("npm").value();
  EXPECT_EQ(PackageName::Parse(npm, "@Babel/core").value().str(), "@Babel/core");
  EXPECT_FALSE(PackageName::Parse(npm, "a b").ok());
  EXPECT_FALSE(PackageName::Parse(npm, "").ok());
}

TEST(PurlTest, ParsesAndCanonicalizes) {
  const auto p = Purl::Parse("pkg:npm/%40babel/core@7.0.0");
  ASSERT_TRUE(p.ok()) << p.error().ToString();
  EXPECT_EQ(p.value().ns(), "@babel");
  EXPECT_EQ(p.value().name(), "core");
  EXPECT_EQ(p.value().version(), "7.0.0");
  EXPECT_EQ(p.value().ToString(), "pkg:npm/%40babel/core@7.0.0");

  const auto q = Purl::Parse("pkg:PyPI/Django_Rest@1.0?b=2&a=1#sub/dir");
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q.value().ToString(), "pkg:pypi/django-rest@1.0?a=1&b=2#sub/dir");

  const auto maven = Purl::Parse("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1");
  ASSERT_TRUE(maven.ok());
  EXPECT_EQ(maven.value().ns(), "org.apache.logging.log4j");

  EXPECT_EQ(Purl::Parse("npm/foo").error().step, ValidationStep::kSyntax);
  EXPECT_EQ(Purl::Parse("pkg:npm/").error().step, ValidationStep::kSyntax);
  EXPECT_EQ(Purl::Parse("pkg:npm/foo%2").error().step, ValidationStep::kLexical);
  EXPECT_EQ(Purl::Parse("pkg:npm/foo%00").error().step, ValidationStep::kLexical);
}

TEST(CweIdTest, Parses) {
  EXPECT_EQ(CweId::Parse("CWE-89").value().number(), 89);
  EXPECT_EQ(CweId::Parse("79").value().ToString(), "CWE-79");
  EXPECT_FALSE(CweId::Parse("CWE-").ok());
  EXPECT_FALSE(CweId::Parse("CWE-0").ok());
  EXPECT_FALSE(CweId::Parse("CWE-12a").ok());
}

TEST(CvssVectorTest, ChecksMetrics) {
  EXPECT_TRUE(CvssVector::Parse("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H").ok());
  EXPECT_TRUE(
      CvssVector::Parse("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N").ok());
  EXPECT_EQ(CvssVector::Parse("CVSS:3.1/AV:N/AC:L").error().step, ValidationStep::kSemantics);
  EXPECT_EQ(CvssVector::Parse("CVSS:3.1/AV:Q/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H").error().step,
            ValidationStep::kSemantics);
  EXPECT_EQ(CvssVector::Parse("AV:N").error().step, ValidationStep::kSyntax);
  EXPECT_FALSE(CvssVector::Parse("CVSS:3.1/AV:N/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H").ok());
  // v3.x takes any order; v4.0 only the specification's (base, E, CR/IR/AR, M*, supplemental).
  EXPECT_TRUE(CvssVector::Parse("CVSS:3.1/AC:L/AV:N/PR:N/UI:N/S:U/C:H/I:H/A:H").ok());
  EXPECT_TRUE(CvssVector::Parse("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/"
                                "E:U/CR:L/MAV:A/MSI:S/S:P/U:Amber")
                  .ok());
  const Result<CvssVector> swapped =
      CvssVector::Parse("CVSS:4.0/AC:L/AV:N/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N");
  ASSERT_FALSE(swapped.ok());
  EXPECT_NE(swapped.error().message.find("AV out of order"), std::string::npos);
  EXPECT_FALSE(
      CvssVector::Parse("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/CR:L/E:U")
          .ok());
  EXPECT_FALSE(
      CvssVector::Parse("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/U:Red/SA:N")
          .ok());
}

TEST(FingerprintTest, StableAcrossWhitespaceAndSensitiveToPath) {
  const RuleId rule = RuleId::Parse("r.x").value();
  const RepoPath a = RepoPath::Parse("a.txt").value();
  const RepoPath b = RepoPath::Parse("b.txt").value();
  EXPECT_EQ(Fingerprint::Compute(rule, a, "x  = 1").str(),
            Fingerprint::Compute(rule, a, "x = 1").str());
  EXPECT_NE(Fingerprint::Compute(rule, a, "x").str(), Fingerprint::Compute(rule, b, "x").str());
  EXPECT_EQ(Fingerprint::Compute(rule, a, "x").str().size(), 32u);
  EXPECT_TRUE(Fingerprint::Parse(Fingerprint::Compute(rule, a, "x").str()).ok());
  EXPECT_FALSE(Fingerprint::Parse("XYZ").ok());
}

TEST(ElementIdTest, Parses) {
  EXPECT_TRUE(ElementId::Parse("web-api_1").ok());
  EXPECT_FALSE(ElementId::Parse("1web").ok());
  EXPECT_FALSE(ElementId::Parse("a b").ok());
}

}  // namespace
}  // namespace fledger
