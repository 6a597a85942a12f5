// CVSS v4.0 scoring after the FIRST specification document, section 8 "CVSS v4.0 Scoring": the
// vector's macrovector (equivalence sets EQ1-EQ6) names a score in FIRST's table, and the vector's
// severity distance from the most severe vectors of its macrovector moves it toward the scores of
// the next lower macrovectors.
#include "sca/osv/cvss_v4.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/text.h"

namespace fledger::sca::osv {
namespace {

// The scores of the 270 CVSS v4.0 macrovectors, keyed by the levels of EQ1 to EQ6 in that order.
// These are FIRST's published values (facts of the standard), transcribed from the reference
// calculator: FIRST CVSS v4.0 specification
// (https://www.first.org/cvss/v4.0/specification-document) and its calculator,
// github.com/FIRSTdotorg/cvss-v4-calculator cvss_lookup.js (commit c5b0d40, identical to
// RedHatProductSecurity/cvss-v4-calculator cvss40.js LOOKUP_TABLE at d1eafe0), "Copyright (c) 2023
// FIRST.ORG, Inc., Red Hat, and contributors", BSD-2-Clause; licence text in
// third_party/licenses/BSD-2-Clause-FIRST-cvss-v4-calculator.txt. Only the numbers are taken.
struct MacroScore {
  std::string_view macro;
  double score;
};
constexpr MacroScore kMacroScores[] = {
    {"000000", 10.0}, {"000001", 9.9},  {"000010", 9.8}, {"000011", 9.5}, {"000020", 9.5},
    {"000021", 9.2},  {"000100", 10.0}, {"000101", 9.6}, {"000110", 9.3}, {"000111", 8.7},
    {"000120", 9.1},  {"000121", 8.1},  {"000200", 9.3}, {"000201", 9.0}, {"000210", 8.9},
    {"000211", 8.0},  {"000220", 8.1},  {"000221", 6.8}, {"001000", 9.8}, {"001001", 9.5},
    {"001010", 9.5},  {"001011", 9.2},  {"001020", 9.0}, {"001021", 8.4}, {"001100", 9.3},
    {"001101", 9.2},  {"001110", 8.9},  {"001111", 8.1}, {"001120", 8.1}, {"001121", 6.5},
    {"001200", 8.8},  {"001201", 8.0},  {"001210", 7.8}, {"001211", 7.0}, {"001220", 6.9},
    {"001221", 4.8},  {"002001", 9.2},  {"002011", 8.2}, {"002021", 7.2}, {"002101", 7.9},
    {"002111", 6.9},  {"002121", 5.0},  {"002201", 6.9}, {"002211", 5.5}, {"002221", 2.7},
    {"010000", 9.9},  {"010001", 9.7},  {"010010", 9.5}, {"010011", 9.2}, {"010020", 9.2},
    {"010021", 8.5},  {"010100", 9.5},  {"010101", 9.1}, {"010110", 9.0}, {"010111", 8.3},
    {"010120", 8.4},  {"010121", 7.1},  {"010200", 9.2}, {"010201", 8.1}, {"010210", 8.2},
    {"010211", 7.1},  {"010220", 7.2},  {"010221", 5.3}, {"011000", 9.5}, {"011001", 9.3},
    {"011010", 9.2},  {"011011", 8.5},  {"011020", 8.5}, {"011021", 7.3}, {"011100", 9.2},
    {"011101", 8.2},  {"011110", 8.0},  {"011111", 7.2}, {"011120", 7.0}, {"011121", 5.9},
    {"011200", 8.4},  {"011201", 7.0},  {"011210", 7.1}, {"011211", 5.2}, {"011220", 5.0},
    {"011221", 3.0},  {"012001", 8.6},  {"012011", 7.5}, {"012021", 5.2}, {"012101", 7.1},
    {"012111", 5.2},  {"012121", 2.9},  {"012201", 6.3}, {"012211", 2.9}, {"012221", 1.7},
    {"100000", 9.8},  {"100001", 9.5},  {"100010", 9.4}, {"100011", 8.7}, {"100020", 9.1},
    {"100021", 8.1},  {"100100", 9.4},  {"100101", 8.9}, {"100110", 8.6}, {"100111", 7.4},
    {"100120", 7.7},  {"100121", 6.4},  {"100200", 8.7}, {"100201", 7.5}, {"100210", 7.4},
    {"100211", 6.3},  {"100220", 6.3},  {"100221", 4.9}, {"101000", 9.4}, {"101001", 8.9},
    {"101010", 8.8},  {"101011", 7.7},  {"101020", 7.6}, {"101021", 6.7}, {"101100", 8.6},
    {"101101", 7.6},  {"101110", 7.4},  {"101111", 5.8}, {"101120", 5.9}, {"101121", 5.0},
    {"101200", 7.2},  {"101201", 5.7},  {"101210", 5.7}, {"101211", 5.2}, {"101220", 5.2},
    {"101221", 2.5},  {"102001", 8.3},  {"102011", 7.0}, {"102021", 5.4}, {"102101", 6.5},
    {"102111", 5.8},  {"102121", 2.6},  {"102201", 5.3}, {"102211", 2.1}, {"102221", 1.3},
    {"110000", 9.5},  {"110001", 9.0},  {"110010", 8.8}, {"110011", 7.6}, {"110020", 7.6},
    {"110021", 7.0},  {"110100", 9.0},  {"110101", 7.7}, {"110110", 7.5}, {"110111", 6.2},
    {"110120", 6.1},  {"110121", 5.3},  {"110200", 7.7}, {"110201", 6.6}, {"110210", 6.8},
    {"110211", 5.9},  {"110220", 5.2},  {"110221", 3.0}, {"111000", 8.9}, {"111001", 7.8},
    {"111010", 7.6},  {"111011", 6.7},  {"111020", 6.2}, {"111021", 5.8}, {"111100", 7.4},
    {"111101", 5.9},  {"111110", 5.7},  {"111111", 5.7}, {"111120", 4.7}, {"111121", 2.3},
    {"111200", 6.1},  {"111201", 5.2},  {"111210", 5.7}, {"111211", 2.9}, {"111220", 2.4},
    {"111221", 1.6},  {"112001", 7.1},  {"112011", 5.9}, {"112021", 3.0}, {"112101", 5.8},
    {"112111", 2.6},  {"112121", 1.5},  {"112201", 2.3}, {"112211", 1.3}, {"112221", 0.6},
    {"200000", 9.3},  {"200001", 8.7},  {"200010", 8.6}, {"200011", 7.2}, {"200020", 7.5},
    {"200021", 5.8},  {"200100", 8.6},  {"200101", 7.4}, {"200110", 7.4}, {"200111", 6.1},
    {"200120", 5.6},  {"200121", 3.4},  {"200200", 7.0}, {"200201", 5.4}, {"200210", 5.2},
    {"200211", 4.0},  {"200220", 4.0},  {"200221", 2.2}, {"201000", 8.5}, {"201001", 7.5},
    {"201010", 7.4},  {"201011", 5.5},  {"201020", 6.2}, {"201021", 5.1}, {"201100", 7.2},
    {"201101", 5.7},  {"201110", 5.5},  {"201111", 4.1}, {"201120", 4.6}, {"201121", 1.9},
    {"201200", 5.3},  {"201201", 3.6},  {"201210", 3.4}, {"201211", 1.9}, {"201220", 1.9},
    {"201221", 0.8},  {"202001", 6.4},  {"202011", 5.1}, {"202021", 2.0}, {"202101", 4.7},
    {"202111", 2.1},  {"202121", 1.1},  {"202201", 2.4}, {"202211", 0.9}, {"202221", 0.4},
    {"210000", 8.8},  {"210001", 7.5},  {"210010", 7.3}, {"210011", 5.3}, {"210020", 6.0},
    {"210021", 5.0},  {"210100", 7.3},  {"210101", 5.5}, {"210110", 5.9}, {"210111", 4.0},
    {"210120", 4.1},  {"210121", 2.0},  {"210200", 5.4}, {"210201", 4.3}, {"210210", 4.5},
    {"210211", 2.2},  {"210220", 2.0},  {"210221", 1.1}, {"211000", 7.5}, {"211001", 5.5},
    {"211010", 5.8},  {"211011", 4.5},  {"211020", 4.0}, {"211021", 2.1}, {"211100", 6.1},
    {"211101", 5.1},  {"211110", 4.8},  {"211111", 1.8}, {"211120", 2.0}, {"211121", 0.9},
    {"211200", 4.6},  {"211201", 1.8},  {"211210", 1.7}, {"211211", 0.7}, {"211220", 0.8},
    {"211221", 0.2},  {"212001", 5.3},  {"212011", 2.4}, {"212021", 1.4}, {"212101", 2.4},
    {"212111", 1.2},  {"212121", 0.5},  {"212201", 1.0}, {"212211", 0.3}, {"212221", 0.1},
};
static_assert(std::size(kMacroScores) == 270, "FIRST publishes 270 macrovector scores");

// The macrovector's levels: eq[0] is EQ1 ... eq[5] is EQ6; 0 is the most severe level.
using Macro = std::array<int, 6>;

// The table as tenths of a point (every published score has one decimal), indexed by the six
// levels (EQ1 0-2, EQ2 0-1, EQ3 0-2, EQ4 0-2, EQ5 0-2, EQ6 0-1); -1 where no macrovector exists
// (EQ3 level 2 with EQ6 level 0 is impossible: no high VC/VI/VA means no CR/IR/AR:H pairing).
constexpr std::array<int, 6> kLevels = {3, 2, 3, 3, 3, 2};

std::optional<int> MacroTenths(const Macro& m) {
  static const std::array<int, 3 * 2 * 3 * 3 * 3 * 2> kTable = [] {
    std::array<int, 3 * 2 * 3 * 3 * 3 * 2> table{};
    table.fill(-1);
    for (const MacroScore& s : kMacroScores) {
      size_t index = 0;
      for (size_t i = 0; i < 6; ++i) {
        index = index * static_cast<size_t>(kLevels[i]) + static_cast<size_t>(s.macro[i] - '0');
      }
      table[index] = static_cast<int>(std::lround(s.score * 10));
    }
    return table;
  }();
  size_t index = 0;
  for (size_t i = 0; i < 6; ++i) {
    if (m[i] < 0 || m[i] >= kLevels[i]) return std::nullopt;  // below the lowest level
    index = index * static_cast<size_t>(kLevels[i]) + static_cast<size_t>(m[i]);
  }
  if (kTable[index] < 0) return std::nullopt;
  return kTable[index];
}

// The effective value of every metric that scoring reads: a modified metric (MAV, ...) replaces
// its base metric unless it is X, and E, CR, IR and AR, when X ("Not Defined") or absent, take
// their most severe value, A and H, as the specification prescribes.
struct Effective {
  char av, ac, at, pr, ui, vc, vi, va, sc, si, sa, e, cr, ir, ar;
};

Effective EffectiveValues(const std::map<std::string, std::string, std::less<>>& metrics) {
  const auto given = [&metrics](std::string_view name) -> char {
    const auto it = metrics.find(name);
    return it == metrics.end() ? 'X' : it->second[0];
  };
  const auto base = [&given](std::string_view name) {
    const char modified = given("M" + std::string(name));
    return modified != 'X' ? modified : given(name);
  };
  const auto defaulted = [&given](std::string_view name, char worst) {
    const char value = given(name);
    return value == 'X' ? worst : value;
  };
  return Effective{base("AV"),           base("AC"),           base("AT"),
                   base("PR"),           base("UI"),           base("VC"),
                   base("VI"),           base("VA"),           base("SC"),
                   base("SI"),           base("SA"),           defaulted("E", 'A'),
                   defaulted("CR", 'H'), defaulted("IR", 'H'), defaulted("AR", 'H')};
}

Macro MacroVectorOf(const Effective& v) {
  Macro m{};
  // EQ1 (Table 24): AV/PR/UI.
  if (v.av == 'N' && v.pr == 'N' && v.ui == 'N') {
    m[0] = 0;
  } else if ((v.av == 'N' || v.pr == 'N' || v.ui == 'N') && v.av != 'P') {
    m[0] = 1;
  } else {
    m[0] = 2;
  }
  // EQ2 (Table 25): AC/AT.
  m[1] = v.ac == 'L' && v.at == 'N' ? 0 : 1;
  // EQ3 (Table 26): VC/VI/VA.
  if (v.vc == 'H' && v.vi == 'H') {
    m[2] = 0;
  } else if (v.vc == 'H' || v.vi == 'H' || v.va == 'H') {
    m[2] = 1;
  } else {
    m[2] = 2;
  }
  // EQ4 (Table 27): SC/SI/SA, where S (Safety) exists only through MSI/MSA.
  if (v.si == 'S' || v.sa == 'S') {
    m[3] = 0;
  } else if (v.sc == 'H' || v.si == 'H' || v.sa == 'H') {
    m[3] = 1;
  } else {
    m[3] = 2;
  }
  // EQ5 (Table 28): E.
  m[4] = v.e == 'A' ? 0 : v.e == 'P' ? 1 : 2;
  // EQ6 (Table 29): CR/IR/AR against VC/VI/VA.
  m[5] =
      (v.cr == 'H' && v.vc == 'H') || (v.ir == 'H' && v.vi == 'H') || (v.ar == 'H' && v.va == 'H')
          ? 0
          : 1;
  return m;
}

// One equivalence set's metrics: the vector's values and the scale of each metric (its values
// from most to least severe, one step apart).
struct EqMetrics {
  std::string values;                        // one letter per metric, e.g. AV, PR, UI -> "NLN"
  std::span<const std::string_view> scales;  // one per metric
};

// The number of steps by which the vector's values are less severe than `top`, summed over the
// metrics; nullopt when some metric of the vector is more severe than in `top`.
std::optional<int> StepsBelow(const EqMetrics& eq, std::string_view top) {
  int steps = 0;
  for (size_t i = 0; i < eq.values.size(); ++i) {
    const int diff = static_cast<int>(eq.scales[i].find(eq.values[i])) -
                     static_cast<int>(eq.scales[i].find(top[i]));
    if (diff < 0) return std::nullopt;
    steps += diff;
  }
  return steps;
}

// The severity distance of a vector within its macrovector: its distance in steps from the first
// of the macrovector's most severe vectors that is at least as severe in every metric. FIRST's
// lists always hold one (checked for every combination of values when this was written); should
// one not, the last vector is used, as the reference calculator does.
int SeverityDistance(const EqMetrics& eq, std::span<const std::string_view> highest) {
  for (std::string_view top : highest) {
    if (const std::optional<int> steps = StepsBelow(eq, top)) return *steps;
  }
  int steps = 0;
  const std::string_view last = highest.back();
  for (size_t i = 0; i < eq.values.size(); ++i) {
    steps += static_cast<int>(eq.scales[i].find(eq.values[i])) -
             static_cast<int>(eq.scales[i].find(last[i]));
  }
  return steps;
}

// Metric scales, most severe value first.
constexpr std::string_view kAv = "NALP", kPr = "NLH", kUi = "NPA", kAc = "LH", kAt = "NP",
                           kImpact = "HLN", kSubsequent = "SHLN", kRequirement = "HML";

// The most severe vectors of each level ("max_composed" in FIRST's calculator), as the values of
// the set's metrics in the order of the scales below, and the depth of each level ("max_severity":
// its largest severity distance plus one), also from the FIRST calculator (see kMacroScores).
constexpr std::array<std::string_view, 3> kEq1Scales = {kAv, kPr, kUi};
constexpr std::string_view kEq1Highest0[] = {"NNN"};
constexpr std::string_view kEq1Highest1[] = {"ANN", "NLN", "NNP"};
constexpr std::string_view kEq1Highest2[] = {"PNN", "ALP"};
constexpr std::array<int, 3> kEq1Depth = {1, 4, 5};

constexpr std::array<std::string_view, 2> kEq2Scales = {kAc, kAt};
constexpr std::string_view kEq2Highest0[] = {"LN"};
constexpr std::string_view kEq2Highest1[] = {"HN", "LP"};
constexpr std::array<int, 2> kEq2Depth = {1, 2};

// EQ3 and EQ6 are scored together: VC, VI, VA, CR, IR, AR.
constexpr std::array<std::string_view, 6> kEq36Scales = {kImpact,      kImpact,      kImpact,
                                                         kRequirement, kRequirement, kRequirement};
constexpr std::string_view kEq36Highest00[] = {"HHHHHH"};
constexpr std::string_view kEq36Highest01[] = {"HHLMMH", "HHHMMM"};
constexpr std::string_view kEq36Highest10[] = {"LHHHHH", "HLHHHH"};
constexpr std::string_view kEq36Highest11[] = {"LHLHMH", "LHHHMM", "HLHMHM", "HLLMHH", "LLHHHM"};
constexpr std::string_view kEq36Highest21[] = {"LLLHHH"};
// By [EQ3][EQ6]; empty (and depth 0) where the pair does not exist.
constexpr std::span<const std::string_view> kEq36Highest[3][2] = {
    {kEq36Highest00, kEq36Highest01}, {kEq36Highest10, kEq36Highest11}, {{}, kEq36Highest21}};
constexpr int kEq36Depth[3][2] = {{7, 6}, {8, 8}, {0, 10}};

// SC has no S value, so the SI/SA scale serves it too (only differences of steps count).
constexpr std::array<std::string_view, 3> kEq4Scales = {kSubsequent, kSubsequent, kSubsequent};
constexpr std::string_view kEq4Highest0[] = {"HSS"};
constexpr std::string_view kEq4Highest1[] = {"HHH"};
constexpr std::string_view kEq4Highest2[] = {"LLL"};
constexpr std::array<int, 3> kEq4Depth = {6, 5, 4};

// The least common multiple of every depth, so that the interpolation is exact in integers.
constexpr int64_t kDepthMultiple = 840;
constexpr bool DividesAll() {
  for (int d : kEq1Depth)
    if (kDepthMultiple % d != 0) return false;
  for (int d : kEq2Depth)
    if (kDepthMultiple % d != 0) return false;
  for (const auto& row : kEq36Depth) {
    for (int d : row)
      if (d != 0 && kDepthMultiple % d != 0) return false;
  }
  for (int d : kEq4Depth)
    if (kDepthMultiple % d != 0) return false;
  return true;
}
static_assert(DividesAll(), "every depth divides kDepthMultiple");

std::string Nomenclature(const std::map<std::string, std::string, std::less<>>& metrics) {
  static constexpr std::string_view kEnvironmental[] = {"CR",  "IR",  "AR",  "MAV", "MAC",
                                                        "MAT", "MPR", "MUI", "MVC", "MVI",
                                                        "MVA", "MSC", "MSI", "MSA"};
  const auto defined = [&metrics](std::string_view name) {
    const auto it = metrics.find(name);
    return it != metrics.end() && it->second != "X";
  };
  std::string out = "CVSS-B";
  if (defined("E")) out += 'T';
  if (std::any_of(std::begin(kEnvironmental), std::end(kEnvironmental), defined)) out += 'E';
  return out;
}

}  // namespace

CvssScore ScoreCvssV4(const CvssVector& vector) {
  std::map<std::string, std::string, std::less<>> metrics;
  for (const std::string& part : Split(std::string_view(vector.str()).substr(9), '/')) {
    const size_t colon = part.find(':');
    // CvssVector::Parse has checked every part is NAME:VALUE with a known, non-empty value.
    metrics[part.substr(0, colon)] = part.substr(colon + 1);
  }
  const Effective v = EffectiveValues(metrics);
  const Macro m = MacroVectorOf(v);

  CvssScore out;
  out.version = "4.0";
  out.vector = vector.str();
  out.nomenclature = Nomenclature(metrics);
  for (int level : m) out.macro_vector += static_cast<char>('0' + level);

  // No impact on either system scores 0.0 whatever else the vector says.
  const auto none = [](char c) { return c == 'N'; };
  if (none(v.vc) && none(v.vi) && none(v.va) && none(v.sc) && none(v.si) && none(v.sa)) {
    out.base_score = 0.0;
    out.rating = CvssRating::kNone;
    return out;
  }

  // The macrovector always exists: EQ3 level 2 (no H among VC/VI/VA) forces EQ6 level 1.
  const int top = MacroTenths(m).value_or(0);

  // The next lower macrovector of each set; for EQ3+EQ6 the pair steps 00 -> 01 or 10 (the
  // higher-scored of the two), 01 and 10 -> 11, 11 -> 21, and 21 has none.
  const auto lower = [&m](size_t eq) {
    Macro next = m;
    ++next[eq];
    return MacroTenths(next);
  };
  std::optional<int> lower36;
  if (m[2] == 0 && m[5] == 0) {
    Macro left = m, right = m;
    left[5] = 1;
    right[2] = 1;
    // Both exist for every EQ1/EQ2/EQ4/EQ5 combination; the higher score is the nearer one.
    lower36 = std::max(MacroTenths(left), MacroTenths(right));
  } else if (m[2] == 1 && m[5] == 0) {
    lower36 = lower(5);
  } else {
    lower36 = lower(2);  // 01 -> 11, 11 -> 21; 21 -> 31 does not exist
  }

  const EqMetrics eq1{{v.av, v.pr, v.ui}, kEq1Scales};
  const EqMetrics eq2{{v.ac, v.at}, kEq2Scales};
  const EqMetrics eq36{{v.vc, v.vi, v.va, v.cr, v.ir, v.ar}, kEq36Scales};
  const EqMetrics eq4{{v.sc, v.si, v.sa}, kEq4Scales};
  static constexpr std::span<const std::string_view> kEq1Highest[] = {kEq1Highest0, kEq1Highest1,
                                                                      kEq1Highest2};
  static constexpr std::span<const std::string_view> kEq2Highest[] = {kEq2Highest0, kEq2Highest1};
  static constexpr std::span<const std::string_view> kEq4Highest[] = {kEq4Highest0, kEq4Highest1,
                                                                      kEq4Highest2};
  const auto level = [&m](size_t eq) { return static_cast<size_t>(m[eq]); };

  struct Step {
    std::optional<int> lower;  // the next lower macrovector's score, in tenths
    int distance;              // the vector's severity distance within its macrovector
    int depth;                 // the depth of its macrovector in this set
  };
  const Step steps[] = {
      {lower(0), SeverityDistance(eq1, kEq1Highest[level(0)]), kEq1Depth[level(0)]},
      {lower(1), SeverityDistance(eq2, kEq2Highest[level(1)]), kEq2Depth[level(1)]},
      {lower36, SeverityDistance(eq36, kEq36Highest[level(2)][level(5)]),
       kEq36Depth[level(2)][level(5)]},
      {lower(3), SeverityDistance(eq4, kEq4Highest[level(3)]), kEq4Depth[level(3)]},
      // EQ5 (E) has one vector per level: its distance is always 0, but it counts in the mean.
      {lower(4), 0, 1},
  };

  // score = top - mean over the sets with a lower macrovector of
  //         (top - lower) * distance / depth,
  // kept as an exact fraction numerator / denominator (in tenths) so that a score ending in
  // exactly .x5 rounds half up, as the specification and FIRST's calculator (since its rounding
  // fix of October 2024) do.
  int64_t sum = 0;  // in tenths, times kDepthMultiple
  int64_t count = 0;
  for (const Step& s : steps) {
    if (!s.lower) continue;
    ++count;
    sum += static_cast<int64_t>(top - *s.lower) * s.distance * (kDepthMultiple / s.depth);
  }
  const int64_t denominator = kDepthMultiple * std::max<int64_t>(count, 1);
  int64_t numerator = static_cast<int64_t>(top) * denominator - sum;
  numerator = std::clamp<int64_t>(numerator, 0, 100 * denominator);
  const int64_t tenths = (2 * numerator + denominator) / (2 * denominator);
  out.base_score = static_cast<double>(tenths) / 10.0;
  out.rating = RatingForScore(out.base_score);
  return out;
}

}  // namespace fledger::sca::osv
