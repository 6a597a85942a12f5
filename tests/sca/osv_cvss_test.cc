// CVSS v3.0/v3.1 base scores against published NVD scores, CVSS v4.0 scores against FIRST's
// reference calculator, the v3.1 Roundup, the bands and the vectors that must be rejected.
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "sca/osv/cvss.h"
#include "test_util.h"

namespace fledger::sca::osv {
namespace {

struct Case {
  const char* vector;
  double score;
  CvssRating rating;
  const char* where;  // the record or reference the expected score comes from
};

TEST(OsvCvssTest, BaseScoresMatchPublishedScores) {
  const std::vector<Case> cases = {
      {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8, CvssRating::kCritical,
       "GHSA-9v2f-6vcg-3hgv (CVE-2024-39236), NVD 9.8"},
      {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 10.0, CvssRating::kCritical,
       "Log4Shell CVE-2021-44228, NVD 10.0"},
      {"CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:N/A:H", 5.9, CvssRating::kMedium,
       "RUSTSEC-2021-0055 (CVE-2021-3449), NVD 5.9"},
      {"CVSS:3.1/AV:L/AC:H/PR:L/UI:N/S:U/C:H/I:N/A:N", 4.7, CvssRating::kMedium,
       "CVE-2018-5407 schema example, NVD 4.7"},
      {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:L/A:N", 5.3, CvssRating::kMedium,
       "CVE-2023-41045 schema example, NVD 5.3"},
      {"CVSS:3.1/AV:A/AC:H/PR:H/UI:N/S:U/C:H/I:N/A:N", 4.2, CvssRating::kMedium,
       "PYSEC-2023-212 (CVE-2023-45803), NVD 4.2"},
      {"CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:N", 8.1, CvssRating::kHigh,
       "PYSEC-2023-192 (CVE-2023-43804), NVD 8.1"},
      {"CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:N", 7.4, CvssRating::kHigh,
       "RUSTSEC-2021-0056 (CVE-2021-3450), NVD 7.4"},
      {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", 7.5, CvssRating::kHigh,
       "PYSEC-2024-24 (CVE-2024-23334), NVD 7.5"},
      {"CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", 6.1, CvssRating::kMedium,
       "PYSEC-2024-75 (CVE-2024-41810), reflected XSS 6.1"},
      {"CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", 7.8, CvssRating::kHigh, "local 7.8"},
      {"CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:N/A:N", 6.5, CvssRating::kMedium,
       "RUSTSEC-2017-0001 (CVE-2017-1000168), v3.0"},
      {"CVSS:3.0/AV:N/AC:H/PR:N/UI:N/S:U/C:L/I:L/A:N", 4.8, CvssRating::kMedium,
       "RUSTSEC-2016-0002 (CVE-2016-10932), v3.0"},
      {"CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8, CvssRating::kCritical, "v3.0 9.8"},
      {"CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N", 1.6, CvssRating::kLow, "lowest physical"},
      {"CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:C/C:L/I:L/A:N", 5.5, CvssRating::kMedium,
       "scope changed, PR:H 0.5"},
      {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N", 0.0, CvssRating::kNone, "no impact"},
      // Temporal and environmental metrics do not change the base score.
      {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:U/RL:O/RC:U", 9.8, CvssRating::kCritical,
       "base of a full vector"},
  };
  for (const Case& c : cases) {
    Result<CvssScore> s = ScoreCvss(c.vector);
    ASSERT_TRUE(s.ok()) << c.vector << ": " << s.error().ToString();
    EXPECT_DOUBLE_EQ(s.value().base_score, c.score) << c.vector << " (" << c.where << ")";
    EXPECT_EQ(s.value().rating, c.rating) << c.vector;
  }
}

TEST(OsvCvssTest, RoundupAvoidsFloatingPointErrors) {
  // FIRST v3.1 Appendix A: a value a hair above a decimal caused by floating point stays put.
  EXPECT_DOUBLE_EQ(RoundupV31(4.000001), 4.0);
  EXPECT_DOUBLE_EQ(RoundupV31(4.0), 4.0);
  EXPECT_DOUBLE_EQ(RoundupV31(4.02), 4.1);
  EXPECT_DOUBLE_EQ(RoundupV31(4.1), 4.1);
  EXPECT_DOUBLE_EQ(RoundupV31(0.0), 0.0);
  EXPECT_DOUBLE_EQ(RoundupV31(9.99), 10.0);
}

TEST(OsvCvssTest, Bands) {
  EXPECT_EQ(RatingForScore(0.0), CvssRating::kNone);
  EXPECT_EQ(RatingForScore(0.1), CvssRating::kLow);
  EXPECT_EQ(RatingForScore(3.9), CvssRating::kLow);
  EXPECT_EQ(RatingForScore(4.0), CvssRating::kMedium);
  EXPECT_EQ(RatingForScore(6.9), CvssRating::kMedium);
  EXPECT_EQ(RatingForScore(7.0), CvssRating::kHigh);
  EXPECT_EQ(RatingForScore(8.9), CvssRating::kHigh);
  EXPECT_EQ(RatingForScore(9.0), CvssRating::kCritical);
  EXPECT_EQ(CvssRatingName(CvssRating::kMedium), "Medium");
}

TEST(OsvCvssTest, RejectsWhatItCannotScore) {
  for (const char* bad :
       {"", "AV:N/AC:L", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H",
        "CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "CVSS:2.0/AV:N/AC:L/Au:N/C:P/I:P/A:P"}) {
    EXPECT_FALSE(ScoreCvss(bad).ok()) << bad;
  }
}

struct V4Case {
  const char* vector;
  double score;
  const char* macro_vector;  // EQ1..EQ6
  const char* where;
};

// Expected scores and macrovectors: FIRST's CVSS v4.0 reference calculator (cvss40.js of
// RedHatProductSecurity/cvss-v4-calculator @ d1eafe0, the upstream of FIRSTdotorg's calculator;
// run locally, see testdata/cvss4/ATTRIBUTION.md). "RH" marks a score that the independent
// RedHatProductSecurity/cvss library also asserts in its tests (test_cvss4.py, vectors_simple4,
// vectors_threat4 @ 2f14909), whose expectations come from the FIRST calculator as well.
const std::vector<V4Case>& V4Cases() {
  static const std::vector<V4Case> cases = {
      // Both ends.
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H", 10.0, "000100",
       "the most severe base vector"},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N", 0.0, "002201",
       "no impact: 0.0 whatever the exploitability (RH test_json_schema_no_impact_metrics)"},
      {"CVSS:4.0/AV:P/AC:H/AT:P/PR:H/UI:A/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N", 0.0, "212201",
       "no impact, least exploitable"},
      {"CVSS:4.0/AV:P/AC:H/AT:P/PR:H/UI:A/VC:N/VI:N/VA:N/SC:N/SI:N/SA:L", 1.0, "212201",
       "least severe vector with an impact"},
      {"CVSS:4.0/AV:P/AC:H/AT:P/PR:H/UI:A/VC:L/VI:L/VA:L/SC:L/SI:L/SA:L", 1.0, "212201",
       "least exploitable, low impacts"},
      // EQ1 levels 0, 1 and 2 (AV/PR/UI).
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", 9.3, "000200",
       "network, no privileges, no interaction"},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", 8.7, "100200",
       "EQ1 1: low privileges"},
      {"CVSS:4.0/AV:L/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", 8.5, "100200",
       "EQ1 1: local, low privileges"},
      {"CVSS:4.0/AV:A/AC:L/AT:N/PR:N/UI:N/VC:H/VI:N/VA:N/SC:N/SI:N/SA:N", 7.1, "101200",
       "EQ1 1: adjacent"},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:P/VC:N/VI:N/VA:N/SC:L/SI:L/SA:N", 5.3, "102201",
       "EQ1 1: passive interaction, subsequent-system impact only"},
      {"CVSS:4.0/AV:P/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H", 8.6, "200100",
       "EQ1 2: physical"},
      {"CVSS:4.0/AV:L/AC:H/AT:P/PR:H/UI:P/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H", 7.3, "210100",
       "EQ1 2 and EQ2 1, highest impacts"},
      // EQ2 (AC/AT).
      {"CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", 9.2, "010200",
       "EQ2 1: attack requirements present"},
      {"CVSS:4.0/AV:N/AC:H/AT:N/PR:L/UI:N/VC:L/VI:H/VA:N/SC:H/SI:H/SA:H", 7.3, "111100",
       "RUSTSEC-2025-0168 (bundled snapshot)"},
      {"CVSS:4.0/AV:N/AC:H/AT:N/PR:L/UI:A/VC:N/VI:N/VA:H/SC:N/SI:N/SA:H", 6.8, "111100",
       "RUSTSEC-2026-0009 (bundled snapshot)"},
      // EQ3 levels (VC/VI/VA) and EQ4 levels (SC/SI/SA).
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:H/VA:L/SC:N/SI:H/SA:L", 9.2, "001100",
       "EQ3 1, EQ4 1 (RH vectors_simple4)"},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:H/SC:N/SI:N/SA:N", 8.7, "001200",
       "EQ3 1: availability only (RH test_json_schema_high_va)"},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:L/VA:L/SC:N/SI:N/SA:N", 8.8, "001200",
       "EQ3 1: one high impact"},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:L/VA:L/SC:H/SI:N/SA:L", 7.8, "002101",
       "EQ3 2, EQ4 1 (RH vectors_simple4)"},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:L/VA:N/SC:N/SI:L/SA:N", 6.9, "002201",
       "EQ3 2, EQ4 2 (RH vectors_simple4)"},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:N/VA:N/SC:N/SI:N/SA:N", 6.9, "002201",
       "confidentiality low only"},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:A/VC:N/VI:L/VA:N/SC:N/SI:N/SA:N", 5.1, "102201",
       "RUSTSEC-2026-0067 (bundled snapshot)"},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:A/VC:L/VI:L/VA:N/SC:N/SI:N/SA:N", 5.1, "102201",
       "RUSTSEC-2026-0068 (bundled snapshot; RH vectors_simple4)"},
      // An exact x.x5 before rounding: half up gives 8.6 (the pre-2024-10 calculator said 8.5).
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:P/VC:H/VI:L/VA:N/SC:H/SI:H/SA:H", 8.6, "101100",
       "rounding tie, 8.55 exactly"},
      // Threat metric E (EQ5 levels 0, 1, 2); X is "not defined" and means A.
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:P", 8.9, "000210",
       "CVSS-BT, E:P"},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:U", 8.1, "000220",
       "CVSS-BT, E:U"},
      {"CVSS:4.0/AV:P/AC:H/AT:P/PR:H/UI:A/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/E:U", 4.1, "210120",
       "CVSS-BT, least exploitable, E:U (RH vectors_threat4)"},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:X/CR:X/IR:X/AR:X/MAV:X",
       9.3, "000200", "every optional metric X: the base score"},
      // Environmental: security requirements (EQ6), modified base metrics, MSI/MSA:S (EQ4 0).
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:H/SC:N/SI:N/SA:N/AR:L", 7.9, "001201",
       "EQ6 1 through AR:L (RH test_json_schema_high_va_low_ar)"},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/CR:L/IR:L/AR:L", 8.9,
       "000201", "EQ3 0, EQ6 1"},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:U/CR:M/IR:M/AR:M", 6.8,
       "000221", "CVSS-BTE"},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N/MSI:H", 7.7, "002101",
       "a modified subsequent impact (RH test_json_schema_high_msi)"},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/MAV:P/MAC:H/MAT:P/MPR:H/"
       "MUI:A",
       5.4, "210200", "modified exploitability"},
      {"CVSS:4.0/AV:L/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/MSI:S/MSA:S", 9.7, "100000",
       "EQ4 0: safety impact"},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/MVC:N/MVI:N/MVA:N", 0.0,
       "002201", "impacts modified away: 0.0"},
      // Supplemental metrics never change the score.
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/S:P/AU:Y/R:I/V:C/RE:H/"
       "U:Red",
       9.3, "000200", "supplemental metrics"},
  };
  return cases;
}

TEST(OsvCvssTest, V4ScoresMatchFirstCalculator) {
  for (const V4Case& c : V4Cases()) {
    Result<CvssScore> s = ScoreCvss(c.vector);
    ASSERT_TRUE(s.ok()) << c.vector << ": " << s.error().ToString();
    EXPECT_EQ(s.value().version, "4.0");
    EXPECT_EQ(s.value().vector, c.vector);
    EXPECT_DOUBLE_EQ(s.value().base_score, c.score) << c.vector << " (" << c.where << ")";
    EXPECT_EQ(s.value().rating, RatingForScore(c.score)) << c.vector;
    EXPECT_EQ(s.value().macro_vector, c.macro_vector) << c.vector << " (" << c.where << ")";
  }
}

TEST(OsvCvssTest, V4CasesCoverEveryEquivalenceClassLevel) {
  // Guards the table above: every level of EQ1..EQ6 and every EQ3/EQ6 pair appears.
  const std::vector<std::set<char>> want = {{'0', '1', '2'}, {'0', '1'},      {'0', '1', '2'},
                                            {'0', '1', '2'}, {'0', '1', '2'}, {'0', '1'}};
  std::vector<std::set<char>> seen(6);
  std::set<std::string> eq36;
  for (const V4Case& c : V4Cases()) {
    const std::string m = c.macro_vector;
    for (size_t i = 0; i < 6; ++i) seen[i].insert(m[i]);
    eq36.insert(std::string{m[2], m[5]});
  }
  EXPECT_EQ(seen, want);
  EXPECT_EQ(eq36, (std::set<std::string>{"00", "01", "10", "11", "21"}));
}

TEST(OsvCvssTest, V4RatingsAndNomenclature) {
  const auto score = [](const char* v) { return ScoreCvss(v).value(); };
  const std::string base = "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N";
  EXPECT_EQ(score(base.c_str()).rating, CvssRating::kCritical);
  EXPECT_EQ(score(base.c_str()).nomenclature, "CVSS-B");
  EXPECT_EQ(score((base + "/E:U").c_str()).rating, CvssRating::kHigh);
  EXPECT_EQ(score((base + "/E:U").c_str()).nomenclature, "CVSS-BT");
  EXPECT_EQ(score((base + "/CR:L").c_str()).nomenclature, "CVSS-BE");
  EXPECT_EQ(score((base + "/E:P/MSC:H").c_str()).nomenclature, "CVSS-BTE");
  // X is "not defined": still a base score. Supplemental metrics are no group of the score.
  EXPECT_EQ(score((base + "/E:X/CR:X/MAV:X").c_str()).nomenclature, "CVSS-B");
  EXPECT_EQ(score((base + "/S:P/U:Amber").c_str()).nomenclature, "CVSS-B");
  EXPECT_EQ(score("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:A/VC:N/VI:L/VA:N/SC:N/SI:N/SA:N").rating,
            CvssRating::kMedium);
  EXPECT_EQ(score("CVSS:4.0/AV:P/AC:H/AT:P/PR:H/UI:A/VC:L/VI:L/VA:L/SC:L/SI:L/SA:L").rating,
            CvssRating::kLow);
  EXPECT_EQ(score("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N").rating,
            CvssRating::kNone);
  // v3 scores carry neither.
  EXPECT_EQ(score("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H").nomenclature, "");
  EXPECT_EQ(score("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H").macro_vector, "");
}

TEST(OsvCvssTest, V4ScoresMatchFirstCalculatorOn2000Vectors) {
  // testdata/cvss4/first_calculator_scores.txt: random vectors scored by FIRST's calculator
  // (see the ATTRIBUTION.md beside it).
  std::istringstream in(testing::ReadFile(testing::SourceDir() /
                                          "tests/sca/testdata/cvss4/first_calculator_scores.txt"));
  std::string line;
  int checked = 0, mismatched = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const size_t space = line.rfind(' ');
    ASSERT_NE(space, std::string::npos) << line;
    const std::string vector = line.substr(0, space);
    const double want = std::stod(line.substr(space + 1));
    Result<CvssScore> s = ScoreCvss(vector);
    ASSERT_TRUE(s.ok()) << vector << ": " << s.error().ToString();
    ++checked;
    if (s.value().base_score != want) {
      ++mismatched;
      ADD_FAILURE() << vector << ": got " << s.value().base_score << ", FIRST says " << want;
    }
  }
  EXPECT_EQ(checked, 2000);
  EXPECT_EQ(mismatched, 0);
}

TEST(OsvCvssTest, V4RejectsMalformedVectors) {
  struct Bad {
    const char* vector;
    const char* message;  // a part of the error message
  };
  const std::vector<Bad> cases = {
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N", "missing base metric SA"},
      {"CVSS:4.0/AV:N/AC:L/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", "missing base metric AT"},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:A/E:A",
       "duplicate metric E"},
      {"CVSS:4.0/AV:N/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N",
       "duplicate metric AV"},
      {"CVSS:4.0/AC:L/AV:N/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", "AV out of order"},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/CR:H/E:A",
       "E out of order"},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/U:Red/S:N",
       "S out of order"},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:R/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", "invalid value for UI"},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:S/SI:N/SA:N", "invalid value for SC"},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:S/SA:N", "invalid value for SI"},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:F",
       "invalid value for E"},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/U:red",
       "invalid value for U"},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:", "invalid value for SA"},
      {"CVSS:4.0/AV:n/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", "invalid value for AV"},
      {"CVSS:4.0/av:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", "unknown metric av"},
      {"cvss:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", "must start with"},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/C:H/I:H/A:H", "unknown metric C"},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/", "metric without ':'"},
      {"CVSS:4.0/", "metric without ':'"},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/RL:O", "unknown metric RL"},
  };
  for (const Bad& c : cases) {
    Result<CvssScore> s = ScoreCvss(c.vector);
    ASSERT_FALSE(s.ok()) << c.vector;
    EXPECT_EQ(s.error().code, ErrorCode::kInput) << c.vector;
    EXPECT_NE(s.error().message.find(c.message), std::string::npos)
        << c.vector << " -> " << s.error().ToString();
  }
}

}  // namespace
}  // namespace fledger::sca::osv
