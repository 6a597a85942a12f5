// CVSS v3.0/v3.1 base scores against published NVD scores, the v3.1 Roundup and the bands.
#include <gtest/gtest.h>

#include "sca/osv/cvss.h"

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
  for (const char* bad : {"", "AV:N/AC:L", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H",
                          "CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
                          "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N",
                          "CVSS:2.0/AV:N/AC:L/Au:N/C:P/I:P/A:P"}) {
    EXPECT_FALSE(ScoreCvss(bad).ok()) << bad;
  }
}

}  // namespace
}  // namespace fledger::sca::osv
