// Unit tests for assessment scoring: statuses from checks, SAMM-style percent to target, achieved
// levels, user decisions, and the prototype's --skills semantics.
#include "assess/assessment.h"

#include <gtest/gtest.h>

#include <fstream>

#include "test_util.h"

namespace fledger::assess {
namespace {

using fledger::testing::ReadFile;
using fledger::testing::TempDir;

// Two levels; level 1: two file checks; level 2: one file check and one without checks.
constexpr const char* kCatalog = R"({
  "standardsSet": "Scoring", "kind": "skill",
  "levels": [{"id": 1, "name": "One"}, {"id": 2, "name": "Two"}],
  "categories": [{"name": "Cat", "subcategories": [{"name": "Sub",
    "requirements": ["Write notes.md", "Write plan.md", "Write threatmodel.yaml with two threats", "Explain it"],
    "criteria": [
      {"id": "a", "level": 1, "checks": [{"id": "file.exists", "glob": "notes.md"}]},
      {"id": "b", "level": 1, "checks": [{"id": "file.exists", "glob": "plan.md"}]},
      {"id": "c", "level": 2, "checks": [{"id": "file.contains", "glob": "threatmodel.yaml", "pattern": "^- threat:", "min": 2}]},
      {"id": "d", "level": 2}]}]}]})";

class AssessmentTest : public ::testing::Test {
 protected:
  Result<AssessmentOutcome> Build(int level, const std::string& skills = "", bool update = false) {
    AssessmentRequest req;
    req.kind = AssessmentKind::kUser;
    req.catalog = update ? "" : (dir_.path() / "catalog.json").string();
    req.out_dir = dir_.path() / "out";
    req.subject = dir_.path() / "ws";
    req.target_level = level;
    req.skills = skills;
    req.update = update;
    return RunAssessment(req);
  }
  const RequirementOutcome& Req(const AssessmentOutcome& o, const std::string& id) {
    for (const auto& r : o.requirements)
      if (r.id == id) return r;
    ADD_FAILURE() << "no requirement " << id;
    return o.requirements.front();
  }
  void SetUp() override {
    dir_.Write("catalog.json", kCatalog);
    dir_.Write("ws/notes.md", "notes\n");
  }
  TempDir dir_;
};

TEST_F(AssessmentTest, ScoresAgainstTheTargetLevel) {
  auto o = Build(1);
  ASSERT_TRUE(o.ok()) << o.error().ToString();
  EXPECT_EQ(Req(o.value(), "a").status, ReqStatus::kMet);
  EXPECT_EQ(Req(o.value(), "b").status, ReqStatus::kUnmet);
  EXPECT_EQ(Req(o.value(), "d").status, ReqStatus::kUnmet);  // no checks, no evidence
  EXPECT_DOUBLE_EQ(o.value().percent_to_target, 50.0);       // a met, b unmet at level 1
  EXPECT_EQ(o.value().categories[0].achieved_level, 0);
  EXPECT_EQ(o.value().decided_auto, 3);

  dir_.Write("ws/plan.md", "plan\n");
  dir_.Write("ws/threatmodel.yaml", "- threat: spoofing\n");
  o = Build(2);
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(Req(o.value(), "c").status, ReqStatus::kPartial);  // one of two threats
  EXPECT_EQ(o.value().categories[0].achieved_level, 1);
  EXPECT_DOUBLE_EQ(o.value().percent_to_target, 100.0 * (1 + 1 + 0.5 + 0) / 4);
  ASSERT_EQ(Req(o.value(), "c").evidence.size(), 1u);
  EXPECT_EQ(Req(o.value(), "c").evidence[0].line, 1);
}

TEST_F(AssessmentTest, UserDecisionWinsAndIsKeptOnUpdate) {
  ASSERT_TRUE(Build(2).ok());
  const auto matrix = dir_.path() / "out/assessments/user/overview_skills_and_project_matrix.md";
  std::string md = ReadFile(matrix);
  const std::string row_d = "| Cat | Sub | `d` Explain it |  |  | 2 Two | unmet |";
  ASSERT_NE(md.find(row_d), std::string::npos) << md;
  md.replace(md.find(row_d), row_d.size(), "| Cat | Sub | `d` Explain it |  | done in my blog | 2 Two | met |");
  std::ofstream(matrix) << md;
  auto o = Build(0, "", /*update=*/true);
  ASSERT_TRUE(o.ok()) << o.error().ToString();
  EXPECT_EQ(Req(o.value(), "d").status, ReqStatus::kMet);
  EXPECT_TRUE(Req(o.value(), "d").decided_by_user);
  EXPECT_EQ(Req(o.value(), "d").auto_status, ReqStatus::kUnmet);
  EXPECT_EQ(Req(o.value(), "d").notes, "done in my blog");
  EXPECT_EQ(o.value().target_level, 2);  // kept from the build
  o = Build(0, "", true);                 // and again: still the user's
  EXPECT_TRUE(Req(o.value(), "d").decided_by_user);
}

// Regression: a note written in a filtered matrix (one row of a subcategory) was copied onto the
// subcategory's first row by the fallback for prototype matrices when the full matrix was rebuilt.
TEST_F(AssessmentTest, NotesStayOnTheirRowAfterAFilteredBuildAndARewording) {
  ASSERT_TRUE(Build(2, "threatmodel").ok());
  const auto matrix = dir_.path() / "out/assessments/user/overview_skills_and_project_matrix.md";
  std::string md = ReadFile(matrix);
  const std::string row_c = "with two threats | Matched skill: threatmodel<br>";
  const size_t at = md.find(row_c);
  ASSERT_NE(at, std::string::npos) << md;
  const size_t notes = md.find("|  |", at);
  ASSERT_NE(notes, std::string::npos);
  md.replace(notes, 4, "| my threat note |");
  std::ofstream(matrix) << md;

  auto o = Build(2);  // the whole catalog again
  ASSERT_TRUE(o.ok()) << o.error().ToString();
  EXPECT_EQ(Req(o.value(), "c").notes, "my threat note");
  for (const char* other : {"a", "b", "d"}) EXPECT_EQ(Req(o.value(), other).notes, "") << other;
  EXPECT_TRUE(o.value().orphaned_notes.empty());

  // The catalog rewords requirement c: its id still finds the note.
  std::string catalog = kCatalog;
  const std::string old_text = "Write threatmodel.yaml with two threats";
  catalog.replace(catalog.find(old_text), old_text.size(), "Write a threat model with at least two threats");
  dir_.Write("catalog.json", catalog);
  o = Build(2);
  ASSERT_TRUE(o.ok()) << o.error().ToString();
  EXPECT_EQ(Req(o.value(), "c").notes, "my threat note");
  EXPECT_EQ(Req(o.value(), "a").notes, "");
}

TEST_F(AssessmentTest, SkillsFilterMatchesTermsCaseInsensitively) {
  EXPECT_EQ(ParseSkillTerms("a, b, and c"), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(ParseSkillTerms(" , and ,x"), (std::vector<std::string>{"x"}));
  auto o = Build(1, "THREATMODEL, and plan");
  ASSERT_TRUE(o.ok());
  ASSERT_EQ(o.value().requirements.size(), 2u);
  EXPECT_EQ(o.value().requirements[0].matched_skill, "plan");
  EXPECT_EQ(o.value().requirements[1].matched_skill, "THREATMODEL");
}

TEST_F(AssessmentTest, LevelOutOfRangeAndMissingBuildAreErrors) {
  EXPECT_EQ(Build(3).error().step, ValidationStep::kSemantics);
  EXPECT_EQ(Build(0, "", true).error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace fledger::assess
