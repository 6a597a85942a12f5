// Unit tests for assessment scoring: statuses from checks, SAMM-style percent to target, achieved
// levels, user decisions, and the prototype's --skills semantics.
#include "assess/assessment.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "assess/matrix.h"
#include "core/log.h"
#include "core/text.h"
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
  md.replace(md.find(row_d), row_d.size(),
             "| Cat | Sub | `d` Explain it |  | done in my blog | 2 Two | met |");
  std::ofstream(matrix) << md;
  auto o = Build(0, "", /*update=*/true);
  ASSERT_TRUE(o.ok()) << o.error().ToString();
  EXPECT_EQ(Req(o.value(), "d").status, ReqStatus::kMet);
  EXPECT_TRUE(Req(o.value(), "d").decided_by_user);
  EXPECT_EQ(Req(o.value(), "d").auto_status, ReqStatus::kUnmet);
  EXPECT_EQ(Req(o.value(), "d").notes, "done in my blog");
  EXPECT_EQ(o.value().target_level, 2);  // kept from the build
  o = Build(0, "", true);                // and again: still the user's
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
  catalog.replace(catalog.find(old_text), old_text.size(),
                  "Write a threat model with at least two threats");
  dir_.Write("catalog.json", catalog);
  o = Build(2);
  ASSERT_TRUE(o.ok()) << o.error().ToString();
  EXPECT_EQ(Req(o.value(), "c").notes, "my threat note");
  EXPECT_EQ(Req(o.value(), "a").notes, "");
}

// Regression: a note with "\\|" lost everything after it on update (the matrix parser took the
// pipe for a cell boundary, which GitHub does not), so every note must read back as written.
TEST_F(AssessmentTest, NotesWithEscapedPipesSurviveARebuild) {
  const char* notes[] = {
      "keep this \\| and this too",
      "keep this \\\\| and this too",
      "`code \\| span` and `a\\|b`",
      "ends in a backslash \\",
      "a \\| b \\| c",
  };
  const auto matrix = dir_.path() / "out/assessments/user/overview_skills_and_project_matrix.md";
  const std::string row_d = "| Cat | Sub | `d` Explain it |  |  | 2 Two | unmet |";
  for (const char* note : notes) {
    std::filesystem::remove_all(dir_.path() / "out");
    ASSERT_TRUE(Build(2).ok());
    std::string md = ReadFile(matrix);
    ASSERT_NE(md.find(row_d), std::string::npos) << md;
    const std::string edited =
        std::string("| Cat | Sub | `d` Explain it |  | ") + note + " | 2 Two | unmet |";
    md.replace(md.find(row_d), row_d.size(), edited);
    std::ofstream(matrix) << md;
    for (bool update : {true, false}) {
      auto o = Build(update ? 0 : 2, "", update);
      ASSERT_TRUE(o.ok()) << o.error().ToString();
      EXPECT_EQ(Req(o.value(), "d").notes, note) << note;
      EXPECT_TRUE(o.value().orphaned_notes.empty()) << note;
      EXPECT_NE(ReadFile(matrix).find(edited), std::string::npos) << note;
    }
  }
}

// Regression: a file name's pipe split the matrix row inside the example cell's code span (nine
// cells instead of seven; the tail was read back as the user's notes), a backtick ended the span,
// and C1 and bidi controls were written raw to the matrix and to assessment.json.
TEST_F(AssessmentTest, HostileFileNamesStayInTheirCell) {
  dir_.Write("catalog.json", R"({
    "standardsSet": "Names", "kind": "skill", "levels": [{"id": 1, "name": "One"}],
    "categories": [{"name": "Cat", "subcategories": [{"name": "Sub",
      "requirements": ["Keep keys", "Keep logs"],
      "criteria": [{"id": "keys", "checks": [{"id": "file.exists", "glob": "**/*.pem"}]},
                   {"id": "logs", "checks": [{"id": "file.contains", "glob": "**/*.log", "pattern": "needle"}]}]}]}]})");
  const std::string bidi = "bidi\xE2\x80\xAEmep.pem";  // shows as "bidipem.pem" reversed
  dir_.Write("ws/pipe|dir<x>/key.pem", "k\n");
  dir_.Write("ws/tick`dir/a.pem", "k\n");
  dir_.Write("ws/" + bidi, "k\n");
  dir_.Write("ws/run.log", "needle | \xC2\x9BK \xE2\x81\xA6x`y\n");
  auto o = Build(1);
  ASSERT_TRUE(o.ok()) << o.error().ToString();
  ASSERT_EQ(Req(o.value(), "keys").evidence.size(), 3u);

  const auto matrix = dir_.path() / "out/assessments/user/overview_skills_and_project_matrix.md";
  const std::string md = ReadFile(matrix);
  EXPECT_EQ(EscapeUnsafeCodePoints(md), md) << "raw C1 or bidi control in the matrix";
  auto parsed = ParseMatrix(md, "m.md");
  ASSERT_TRUE(parsed.ok()) << parsed.error().ToString();
  ASSERT_EQ(parsed.value().rows.size(), 2u);
  for (const auto& line : Split(md, '\n')) {
    if (StartsWith(line, "| Cat |")) {
      EXPECT_EQ(SplitTableRow(line).size(), 7u) << line;
    }
  }
  const MatrixRow& keys = parsed.value().rows[0];
  EXPECT_NE(keys.example.find("`pipe\\|dir<x>/key.pem`"), std::string::npos) << keys.example;
  EXPECT_NE(keys.example.find("``tick`dir/a.pem``"), std::string::npos) << keys.example;
  EXPECT_NE(keys.example.find("`bidi\\u202emep.pem`"), std::string::npos) << keys.example;
  EXPECT_EQ(keys.notes, "");
  EXPECT_EQ(keys.level, "1 One");
  EXPECT_EQ(keys.status, "met");
  const MatrixRow& logs = parsed.value().rows[1];
  EXPECT_NE(logs.example.find("`run.log:1` needle \\| \\u009bK \\u2066x\\`y"), std::string::npos)
      << logs.example;
  EXPECT_EQ(logs.notes, "");

  // The JSON holds the names as they are, escaped only as JSON.
  const std::string json_text = ReadFile(dir_.path() / "out/assessments/user/assessment.json");
  EXPECT_EQ(EscapeUnsafeCodePoints(json_text), json_text)
      << "raw C1 or bidi control in assessment.json";
  const auto doc = nlohmann::json::parse(json_text);
  std::set<std::string> paths;
  for (const auto& e : doc["requirements"][0]["evidence"]) {
    paths.insert(e["path"].get<std::string>());
  }
  EXPECT_EQ(paths, (std::set<std::string>{"pipe|dir<x>/key.pem", "tick`dir/a.pem", bidi}));
  EXPECT_EQ(doc["requirements"][1]["evidence"][0]["excerpt"], "needle | \xC2\x9BK \xE2\x81\xA6x`y");

  // A rebuild reads nothing of the file names back as notes.
  o = Build(1);
  ASSERT_TRUE(o.ok()) << o.error().ToString();
  EXPECT_EQ(Req(o.value(), "keys").notes, "");
  EXPECT_EQ(Req(o.value(), "logs").notes, "");
  EXPECT_TRUE(o.value().orphaned_notes.empty());
  EXPECT_EQ(ReadFile(matrix), md);
}

// Regression: file.contains excerpts went into the matrix and assessment.json unredacted.
TEST_F(AssessmentTest, CheckExcerptsAreRedacted) {
  dir_.Write("ws/threatmodel.yaml",
             "- threat: token ghp_abcdefghijklmnopqrstuvwxyz0123456789AB leaked\n");
  auto o = Build(2);
  ASSERT_TRUE(o.ok()) << o.error().ToString();
  const auto& c = Req(o.value(), "c");
  ASSERT_EQ(c.evidence.size(), 1u);
  EXPECT_EQ(c.evidence[0].excerpt.find("abcdefghijklmnop"), std::string::npos)
      << c.evidence[0].excerpt;
  const std::string md =
      ReadFile(dir_.path() / "out/assessments/user/overview_skills_and_project_matrix.md");
  const std::string json = ReadFile(dir_.path() / "out/assessments/user/assessment.json");
  EXPECT_EQ(md.find("abcdefghijklmnop"), std::string::npos);
  EXPECT_EQ(json.find("abcdefghijklmnop"), std::string::npos);
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

// Regression: deleting the begin marker made every update keep the old summary and end marker
// as the user's text and write new ones below them.
TEST_F(AssessmentTest, UpdatesAreStableAfterTheBeginMarkerIsDeleted) {
  ASSERT_TRUE(Build(2).ok());
  const auto matrix = dir_.path() / "out/assessments/user/overview_skills_and_project_matrix.md";
  const std::string built = ReadFile(matrix);
  std::string md = built;
  md.erase(md.find(kMatrixBegin), kMatrixBegin.size() + 1);
  md += "\nMy closing words.\n";
  std::ofstream(matrix) << md;
  std::vector<std::string> runs;
  for (int i = 0; i < 3; ++i) {
    auto o = Build(0, "", /*update=*/true);
    ASSERT_TRUE(o.ok()) << o.error().ToString();
    runs.push_back(ReadFile(matrix));
  }
  EXPECT_EQ(runs[1], runs[2]);
  EXPECT_EQ(runs[0], built + "\nMy closing words.\n");  // nothing of the old block is left
  const auto count = [](const std::string& text, std::string_view what) {
    size_t n = 0;
    for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
  };
  EXPECT_EQ(count(runs[2], kMatrixBegin), 1u);
  EXPECT_EQ(count(runs[2], kMatrixEnd), 1u);
  EXPECT_EQ(count(runs[2], kMatrixSummaryLead), 1u);
}

// Regression: an unknown Status was replaced by the checks' verdict without a word.
TEST_F(AssessmentTest, UnknownStatusIsKeptOutOfTheDecision) {
  ASSERT_TRUE(Build(2).ok());
  const auto matrix = dir_.path() / "out/assessments/user/overview_skills_and_project_matrix.md";
  std::string md = ReadFile(matrix);
  const std::string row_d = "| Cat | Sub | `d` Explain it |  |  | 2 Two | unmet |";
  ASSERT_NE(md.find(row_d), std::string::npos) << md;
  md.replace(md.find(row_d), row_d.size(),
             "| Cat | Sub | `d` Explain it |  | mine | 2 Two | banana |");
  std::ofstream(matrix) << md;
  const int warnings = WarningCount();
  auto o = Build(0, "", /*update=*/true);
  ASSERT_TRUE(o.ok()) << o.error().ToString();
  EXPECT_EQ(Req(o.value(), "d").status, ReqStatus::kUnmet);
  EXPECT_FALSE(Req(o.value(), "d").decided_by_user);
  EXPECT_EQ(Req(o.value(), "d").notes, "mine");
  EXPECT_EQ(WarningCount(), warnings + 1);
}

// Regression: a target level the catalog does not have silently became the default.
TEST_F(AssessmentTest, StoredTargetLevelOutsideTheCatalogIsAnError) {
  ASSERT_TRUE(Build(2).ok());
  const auto json = dir_.path() / "out/assessments/user/assessment.json";
  std::string text = ReadFile(json);
  const std::string level = "\"target_level\": 2";
  ASSERT_NE(text.find(level), std::string::npos);
  text.replace(text.find(level), level.size(), "\"target_level\": 3");  // the catalog has 2
  std::ofstream(json) << text;
  auto o = Build(0, "", /*update=*/true);
  ASSERT_FALSE(o.ok());
  EXPECT_EQ(o.error().step, ValidationStep::kSemantics);
  EXPECT_EQ(o.error().context, json.string());
  EXPECT_NE(o.error().message.find("--level"), std::string::npos);
  EXPECT_TRUE(Build(1, "", /*update=*/true).ok());  // --level decides instead
}

// A valid assessment.json with `path` (a jq-like path: "catalog.name", "requirements.0.id")
// set to `value` (JSON text), or removed when `value` is empty.
std::string PreviousWith(const std::string& path, const std::string& value) {
  auto doc = nlohmann::json::parse(
      R"({"schema_version": 1, "tool": {"name": "fledger", "version": "0.1.0"},
    "kind": "user", "generated_at": "2026-11-23T08:19:09Z",
    "catalog": {"name": "Scoring", "title": "Scoring", "origin": "/x/catalog.json", "levels": [{"id": 1, "name": "One"}]},
    "subject": ".", "target_level": 2, "skills": "", "summary": {}, "categories": [],
    "requirements": [{"id": "a", "decided_by": "auto", "auto_status": "met"},
                     {"id": "b", "decided_by": "user", "auto_status": "n/a"}]})");
  if (path.empty()) return doc.dump();
  std::string pointer = "/" + path;
  std::replace(pointer.begin(), pointer.end(), '.', '/');
  nlohmann::json::json_pointer ptr(pointer);
  if (value.empty()) {
    doc[ptr.parent_pointer()].erase(ptr.back());
  } else {
    doc[ptr] = nlohmann::json::parse(value);
  }
  return doc.dump();
}

TEST(PreviousAssessmentTest, ReadsWhatAnUpdateNeeds) {
  auto p = ParsePreviousAssessment(PreviousWith("", ""), "a.json", AssessmentKind::kUser);
  ASSERT_TRUE(p.ok()) << p.error().ToString();
  EXPECT_EQ(p.value().catalog_name, "Scoring");
  EXPECT_EQ(p.value().catalog_origin, "/x/catalog.json");
  EXPECT_EQ(p.value().target_level, 2);
  EXPECT_EQ(p.value().auto_status.at("b"), ReqStatus::kNotApplicable);
  EXPECT_EQ(p.value().decided_by_user, std::set<std::string>{"b"});
  // Optional members may be left out.
  for (const char* optional : {"catalog.origin", "skills", "requirements.0.auto_status"}) {
    EXPECT_TRUE(
        ParsePreviousAssessment(PreviousWith(optional, ""), "a.json", AssessmentKind::kUser).ok())
        << optional;
  }
}

struct PreviousCase {
  std::string path;
  std::string value;  // JSON text; empty: the member is removed
};

class PreviousAssessmentRejectTest : public ::testing::TestWithParam<PreviousCase> {};

// Regression: catalog.name and friends were read with json::value(), which threw type_error for
// a number (exit 3); schema_version was not read; a bad target_level silently became the default.
TEST_P(PreviousAssessmentRejectTest, IsASemanticsErrorNamingTheFile) {
  const auto& c = GetParam();
  auto p = ParsePreviousAssessment(PreviousWith(c.path, c.value), "dir/assessment.json",
                                   AssessmentKind::kUser);
  ASSERT_FALSE(p.ok()) << c.path << "=" << c.value;
  EXPECT_EQ(p.error().step, ValidationStep::kSemantics) << p.error().ToString();
  EXPECT_EQ(p.error().code, ErrorCode::kInput);
  EXPECT_EQ(p.error().context.rfind("dir/assessment.json", 0), 0u) << p.error().ToString();
}

std::vector<PreviousCase> PreviousCases() {
  std::vector<PreviousCase> cases;
  const std::vector<std::string> not_strings = {"5", "null", "[]", "{}", "true", "1.5"};
  for (const char* field : {"catalog.name", "catalog.origin", "requirements.0.decided_by",
                            "requirements.0.id", "requirements.1.auto_status", "skills", "kind"}) {
    for (const auto& v : not_strings) cases.push_back({field, v});
  }
  for (const char* v : {"999", "0", "\"1\"", "null", "1.0", ""}) {
    cases.push_back({"schema_version", v});
  }
  for (const char* v : {"0", "-1", "11", "4294967298", "\"2\"", "null", "2.5", ""}) {
    cases.push_back({"target_level", v});
  }
  cases.push_back({"kind", "\"project\""});  // a project assessment in the user directory
  cases.push_back({"catalog", "\"Scoring\""});
  cases.push_back({"catalog.name", "\"\""});
  cases.push_back({"catalog.name", ""});
  cases.push_back({"requirements", "{}"});
  cases.push_back({"requirements.0", "\"a\""});
  cases.push_back({"requirements.0.id", ""});
  cases.push_back({"requirements.0.decided_by", ""});
  cases.push_back({"requirements.0.decided_by", "\"robot\""});
  cases.push_back({"requirements.1.auto_status", "\"yes\""});
  cases.push_back({"requirements.1.id", "\"a\""});  // two requirements with one id
  return cases;
}

INSTANTIATE_TEST_SUITE_P(Cases, PreviousAssessmentRejectTest, ::testing::ValuesIn(PreviousCases()));

TEST(PreviousAssessmentTest, SyntaxErrorsAndDuplicateKeysNameLineAndColumn) {
  auto p = ParsePreviousAssessment("{\n \"kind\": \"user\",\n \"kind\": \"user\"}", "a.json",
                                   AssessmentKind::kUser);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().step, ValidationStep::kSyntax);
  EXPECT_EQ(p.error().context, "a.json:3:2");
  EXPECT_EQ(ParsePreviousAssessment("", "a.json", AssessmentKind::kUser).error().step,
            ValidationStep::kSyntax);
}

TEST_F(AssessmentTest, LevelOutOfRangeAndMissingBuildAreErrors) {
  EXPECT_EQ(Build(3).error().step, ValidationStep::kSemantics);
  EXPECT_EQ(Build(0, "", true).error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace fledger::assess
