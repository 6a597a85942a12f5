// Tests for the impact.* workspace checks of skill assessments: they read the evidence records
// `fledger deps impact PKG --save` writes (extra "fledger_impact"), in any category, count
// packages, import sites and advisory lookups, and ignore records whose facts are malformed.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "assess/assessment.h"
#include "test_util.h"

namespace fledger::assess {
namespace {

using fledger::testing::TempDir;

constexpr const char* kCatalog = R"({
  "standardsSet": "Impact", "kind": "skill",
  "levels": [{"id": 1, "name": "One"}],
  "categories": [{"name": "Package Analysis", "subcategories": [{"name": "Steps",
    "requirements": ["Name it", "Map it", "Look it up", "Two packages"],
    "criteria": [
      {"id": "named", "checks": [{"id": "impact.recorded"}]},
      {"id": "mapped", "checks": [{"id": "impact.call_sites", "min": 3}]},
      {"id": "looked-up", "checks": [{"id": "impact.advisories"}]},
      {"id": "two", "checks": [{"id": "impact.recorded", "min": 2}]}]}]}]})";

// One evidence record as `deps impact --save user` writes it; `facts` replaces fledger_impact.
nlohmann::ordered_json Record(const std::string& purl, int sites, bool checked,
                              const std::string& subcategory = "Level 2: Practitioner",
                              const nlohmann::ordered_json* facts = nullptr) {
  nlohmann::ordered_json hits = nlohmann::ordered_json::array();
  for (int i = 0; i < sites; ++i) {
    hits.push_back({{"path_and_file", "src/app" + std::to_string(i) + ".js"},
                    {"location", std::to_string(10 + i)},
                    {"code", "lodash"},
                    {"tags", {"javascript"}},
                    {"usage", ""}});
  }
  nlohmann::ordered_json r = {{"name", "deps impact " + purl},
                              {"pattern", purl},
                              {"type", "code"},
                              {"category", "Package Analysis"},
                              {"subcategory", subcategory},
                              {"description", ""},
                              {"root", "/src/project"},
                              {"records", nlohmann::ordered_json::array({hits})}};
  if (facts != nullptr) {
    r["fledger_impact"] = *facts;
  } else {
    r["fledger_impact"] = {{"purl", purl},
                           {"manifest", "web/package-lock.json"},
                           {"line", 182},
                           {"direct", true},
                           {"call_sites", sites},
                           {"advisories_checked", checked},
                           {"vulnerability_data_age_days", 3},
                           {"checked_at", "2026-12-01"},
                           {"advisories", {"GHSA-35jh-r3h4-6jhm"}}};
  }
  return r;
}

struct Case {
  std::string name;
  std::vector<nlohmann::ordered_json> records;
  // Expected check statuses of named, mapped, looked-up, two.
  std::vector<std::string> status;
};

class ImpactChecksTest : public ::testing::TestWithParam<Case> {};

TEST_P(ImpactChecksTest, DecidesFromImpactRecords) {
  TempDir dir;
  dir.Write("catalog.json", kCatalog);
  dir.Write("ws/README.md", "workspace\n");
  nlohmann::ordered_json all = nlohmann::ordered_json::array();
  for (const auto& r : GetParam().records) all.push_back(r);
  dir.Write("out/assessments/user/evidence.json", all.dump(4));
  AssessmentRequest req;
  req.kind = AssessmentKind::kUser;
  req.catalog = (dir.path() / "catalog.json").string();
  req.out_dir = dir.path() / "out";
  req.subject = dir.path() / "ws";
  auto out = RunAssessment(req);
  ASSERT_TRUE(out.ok()) << out.error().ToString();
  ASSERT_EQ(out.value().requirements.size(), 4u);
  for (size_t i = 0; i < 4; ++i) {
    const auto& r = out.value().requirements[i];
    ASSERT_EQ(r.checks.size(), 1u);
    // The check's own status (a row with records filed under it is never unmet, see
    // assessment.cc, which is not what is tested here).
    EXPECT_EQ(ReqStatusName(r.checks[0].result.status), GetParam().status[i])
        << r.id << ": " << r.checks[0].result.note;
  }
}

nlohmann::ordered_json Malformed() {
  return {{"purl", "pkg:npm/lodash@4.17.15"}, {"line", "182"}};  // line as text
}
nlohmann::ordered_json NotAnObject() { return "pkg:npm/lodash@4.17.15"; }

INSTANTIATE_TEST_SUITE_P(
    Cases, ImpactChecksTest,
    ::testing::Values(Case{"none", {}, {"unmet", "unmet", "unmet", "unmet"}},
                      Case{"one package, three import sites, advisories looked up",
                           {Record("pkg:npm/lodash@4.17.15", 3, true)},
                           {"met", "met", "met", "partial"}},
                      Case{"filed under another subcategory still counts",
                           {Record("pkg:npm/lodash@4.17.15", 1, true, "Steps")},
                           {"met", "partial", "met", "partial"}},
                      Case{"the same package saved twice counts once",
                           {Record("pkg:npm/lodash@4.17.15", 2, true, "Steps"),
                            Record("pkg:npm/lodash@4.17.15", 2, true)},
                           {"met", "partial", "met", "partial"}},
                      Case{"two packages",
                           {Record("pkg:npm/lodash@4.17.15", 2, true),
                            Record("pkg:npm/minimist@1.2.0", 1, true)},
                           {"met", "met", "met", "met"}},
                      Case{"a version range: named only in part, no lookup",
                           {Record("pkg:npm/lodash", 3, false)},
                           {"partial", "met", "partial", "partial"}},
                      Case{"malformed facts do not count",
                           {[] {
                              const auto f = Malformed();
                              return Record("pkg:npm/lodash@4.17.15", 3, true, "Steps", &f);
                            }(),
                            [] {
                              const auto f = NotAnObject();
                              return Record("pkg:npm/lodash@4.17.15", 3, true, "Steps", &f);
                            }()},
                           {"unmet", "unmet", "unmet", "unmet"}}),
    [](const ::testing::TestParamInfo<Case>& info) {
      std::string n;
      for (char c : info.param.name) n += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
      return n;
    });

TEST(ImpactChecksEvidenceTest, RowsShowThePackageImportSitesAndAdvisories) {
  TempDir dir;
  dir.Write("catalog.json", kCatalog);
  dir.Write("ws/README.md", "workspace\n");
  nlohmann::ordered_json all = nlohmann::ordered_json::array();
  all.push_back(Record("pkg:npm/lodash@4.17.15", 3, true, "Steps"));
  dir.Write("out/assessments/user/evidence.json", all.dump(4));
  AssessmentRequest req;
  req.kind = AssessmentKind::kUser;
  req.catalog = (dir.path() / "catalog.json").string();
  req.out_dir = dir.path() / "out";
  req.subject = dir.path() / "ws";
  auto out = RunAssessment(req);
  ASSERT_TRUE(out.ok()) << out.error().ToString();
  const auto& named = out.value().requirements[0].checks[0].result;
  ASSERT_FALSE(named.evidence.empty());
  EXPECT_EQ(named.evidence[0].path.str(), "web/package-lock.json");
  EXPECT_EQ(named.evidence[0].line, 182);
  EXPECT_EQ(named.evidence[0].excerpt, "pkg:npm/lodash@4.17.15 (fledger deps impact)");
  const auto& mapped = out.value().requirements[1].checks[0].result;
  ASSERT_EQ(mapped.evidence.size(), 3u);
  EXPECT_EQ(mapped.evidence[2].path.str(), "src/app2.js");
  EXPECT_EQ(mapped.evidence[2].line, 12);
  const auto& looked = out.value().requirements[2].checks[0].result;
  ASSERT_FALSE(looked.evidence.empty());
  EXPECT_EQ(looked.evidence[0].excerpt,
            "pkg:npm/lodash@4.17.15: GHSA-35jh-r3h4-6jhm (OSV data 3 days old, checked "
            "2026-12-01)");
}

}  // namespace
}  // namespace fledger::assess
