// CVSS scores: v3.0 and v3.1 base scores computed exactly per the FIRST specification (Roundup of
// Appendix A for v3.1, the one-decimal ceiling of v3.0), CVSS v4.0 scores per FIRST's v4.0
// specification section 8 (macrovectors EQ1-EQ6, FIRST's table of 270 macrovector scores and the
// severity-distance interpolation), and the qualitative severity bands.
//
//   Result<CvssScore> s = ScoreCvss("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H");
//   s.value().base_score == 9.8 && s.value().rating == CvssRating::kCritical
//   s = ScoreCvss("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N");
//   s.value().base_score == 9.3 && s.value().nomenclature == "CVSS-B"
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
  std::string version;  // "3.0", "3.1" or "4.0"
  std::string vector;   // as given (trimmed)
  // v3.x: the base score (temporal and environmental metrics ignored). v4.0: the score of the
  // vector as given, threat and environmental metrics included, as FIRST's calculator computes
  // it; `nomenclature` says which groups it reflects.
  double base_score = 0;
  CvssRating rating = CvssRating::kNone;
  std::string nomenclature;  // v4.0: "CVSS-B", "CVSS-BT", "CVSS-BE" or "CVSS-BTE"; v3.x: empty
  std::string macro_vector;  // v4.0: the EQ1-EQ6 levels, e.g. "000200"; v3.x: empty
};

// The v3.1 Roundup: the smallest number with one decimal that is >= `value`, computed on integers
// so that floating-point error never rounds 4.0000000001 up to 4.1 (FIRST v3.1 Appendix A).
double RoundupV31(double value);

// Parses a CVSS v3.0, v3.1 or v4.0 vector (syntax through core's CvssVector::Parse: known
// metrics and values, every base metric exactly once, v4.0 metrics in the specification's order)
// and scores it. v3.x: temporal and environmental metrics are accepted and ignored. v4.0: threat
// (E) and environmental (CR/IR/AR, M*) metrics count, X meaning "not defined"; supplemental
// metrics never change the score. A v2 vector is a syntax error (v2 is not supported).
Result<CvssScore> ScoreCvss(std::string_view vector);

}  // namespace fledger::sca::osv
