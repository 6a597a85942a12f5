// CVSS base scores: v3.0 and v3.1 computed exactly per the FIRST specification (Roundup of
// Appendix A for v3.1, the one-decimal ceiling of v3.0), and the qualitative severity bands.
//
// CVSS v4.0 vectors are syntax-checked but not scored: the v4.0 base score needs FIRST's
// macrovector lookup table, which Fledger does not carry; the matcher takes the rating of the
// database instead (see README.md).
//
//   Result<CvssScore> s = ScoreCvss("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H");
//   s.value().base_score == 9.8 && s.value().rating == CvssRating::kCritical
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace fledger::sca::osv {

// FIRST's qualitative severity rating scale (v3.x and v4.0 alike).
enum class CvssRating { kNone, kLow, kMedium, kHigh, kCritical };

// "None", "Low", "Medium", "High" or "Critical".
std::string_view CvssRatingName(CvssRating rating);

// The band of a base score: 0.0 None, 0.1-3.9 Low, 4.0-6.9 Medium, 7.0-8.9 High, 9.0-10.0 Critical.
CvssRating RatingForScore(double score);

struct CvssScore {
  std::string version;  // "3.0" or "3.1"
  std::string vector;   // as given (trimmed)
  double base_score = 0;
  CvssRating rating = CvssRating::kNone;
};

// The v3.1 Roundup: the smallest number with one decimal that is >= `value`, computed on integers
// so that floating-point error never rounds 4.0000000001 up to 4.1 (FIRST v3.1 Appendix A).
double RoundupV31(double value);

// Parses a CVSS v3.0/v3.1 vector (syntax through core's CvssVector::Parse; temporal and
// environmental metrics are accepted and ignored) and computes its base score. A v4.0 or v2
// vector is a semantics error ("not scored").
Result<CvssScore> ScoreCvss(std::string_view vector);

}  // namespace fledger::sca::osv
