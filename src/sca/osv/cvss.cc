// CVSS v3.0/v3.1 base score arithmetic, after the FIRST specification document section 7; v4.0
// vectors go to cvss_v4.cc.
#include "sca/osv/cvss.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>

#include "core/primitives.h"
#include "core/text.h"
#include "sca/osv/cvss_v4.h"

namespace fledger::sca::osv {

std::string_view CvssRatingName(CvssRating rating) {
  switch (rating) {
    case CvssRating::kNone:
      return "None";
    case CvssRating::kLow:
      return "Low";
    case CvssRating::kMedium:
      return "Medium";
    case CvssRating::kHigh:
      return "High";
    case CvssRating::kCritical:
      return "Critical";
  }
  return "None";
}

CvssRating RatingForScore(double score) {
  if (score <= 0.0) return CvssRating::kNone;
  if (score < 4.0) return CvssRating::kLow;
  if (score < 7.0) return CvssRating::kMedium;
  if (score < 9.0) return CvssRating::kHigh;
  return CvssRating::kCritical;
}

double RoundupV31(double value) {
  const int64_t int_input = std::llround(value * 100000.0);
  if (int_input % 10000 == 0) return static_cast<double>(int_input) / 100000.0;
  return (std::floor(static_cast<double>(int_input) / 10000.0) + 1.0) / 10.0;
}

namespace {

// The v3.0 rule: round up to one decimal (FIRST v3.0 section 7.4), kept for 3.0 vectors so that
// their scores agree with NVD's.
double RoundupV30(double value) { return std::ceil(value * 10.0) / 10.0; }

}  // namespace

Result<CvssScore> ScoreCvss(std::string_view text) {
  FLEDGER_TRY(const CvssVector parsed, CvssVector::Parse(text));
  if (parsed.version() == "4.0") return ScoreCvssV4(parsed);
  if (parsed.version() != "3.0" && parsed.version() != "3.1") {
    return InputError(ValidationStep::kSemantics, "CVSS vector",
                      "CVSS " + parsed.version() + " scores are not computed");
  }
  std::map<std::string, std::string, std::less<>> m;
  for (const std::string& part : Split(std::string_view(parsed.str()).substr(9), '/')) {
    const size_t colon = part.find(':');
    // CvssVector::Parse has checked every part is NAME:VALUE.
    m[part.substr(0, colon)] = part.substr(colon + 1);
  }
  const auto get = [&m](const char* key) -> char {
    const auto it = m.find(key);
    return it == m.end() || it->second.empty() ? '?' : it->second[0];
  };
  const bool changed = get("S") == 'C';
  const auto cia = [](char v) { return v == 'H' ? 0.56 : v == 'L' ? 0.22 : 0.0; };
  double av = 0, ac = 0, pr = 0, ui = 0;
  switch (get("AV")) {
    case 'N':
      av = 0.85;
      break;
    case 'A':
      av = 0.62;
      break;
    case 'L':
      av = 0.55;
      break;
    default:
      av = 0.2;
      break;  // P
  }
  ac = get("AC") == 'L' ? 0.77 : 0.44;
  switch (get("PR")) {
    case 'N':
      pr = 0.85;
      break;
    case 'L':
      pr = changed ? 0.68 : 0.62;
      break;
    default:
      pr = changed ? 0.5 : 0.27;
      break;  // H
  }
  ui = get("UI") == 'N' ? 0.85 : 0.62;
  const double iss = 1.0 - (1.0 - cia(get("C"))) * (1.0 - cia(get("I"))) * (1.0 - cia(get("A")));
  const double impact =
      changed ? 7.52 * (iss - 0.029) - 3.25 * std::pow(iss - 0.02, 15) : 6.42 * iss;
  const double exploitability = 8.22 * av * ac * pr * ui;
  const auto roundup = parsed.version() == "3.1" ? RoundupV31 : RoundupV30;
  double base = 0;
  if (impact > 0) {
    base = changed ? roundup(std::min(1.08 * (impact + exploitability), 10.0))
                   : roundup(std::min(impact + exploitability, 10.0));
  }
  CvssScore out;
  out.version = parsed.version();
  out.vector = parsed.str();
  out.base_score = base;
  out.rating = RatingForScore(base);
  return out;
}

}  // namespace fledger::sca::osv
