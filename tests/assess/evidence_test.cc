// Tests for evidence.json: the prototype's examples load and round-trip; upsert never duplicates.
#include "assess/evidence.h"

#include <gtest/gtest.h>

#include "test_util.h"

namespace fledger::assess {
namespace {

using fledger::testing::ReadFile;
using fledger::testing::SourceDir;

TEST(EvidenceTest, PrototypeExamplesRoundTrip) {
  for (const char* f : {"testdata/prototype/examples/user-evidence.json",
                        "testdata/prototype/examples/rubric-README_file_check.json"}) {
    auto file = EvidenceFile::Parse(ReadFile(SourceDir() / f), f);
    ASSERT_TRUE(file.ok()) << f << ": " << file.error().ToString();
    ASSERT_EQ(file.value().records().size(), 1u);
    EXPECT_EQ(file.value().records()[0].name, "README_file_check");
    EXPECT_EQ(file.value().records()[0].HitCount(), 1u);  // empty placeholder hits don't count
    const std::string once = file.value().Serialize();
    auto again = EvidenceFile::Parse(once, "again");
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again.value().Serialize(), once);
  }
  auto user = EvidenceFile::Parse(
      ReadFile(SourceDir() / "testdata/prototype/examples/user-evidence.json"), "u");
  EXPECT_EQ(user.value().records()[0].category, "Basics");
  EXPECT_EQ(user.value().records()[0].subcategory, "Documentation");
  EXPECT_EQ(user.value().records()[0].records[0][0].tags, std::vector<std::string>{"build"});
}

TEST(EvidenceTest, UnknownKeysSurvive) {
  auto file = EvidenceFile::Parse(
      R"([{"name":"n","pattern":"p","type":"code","category":"c","subcategory":"s",
    "description":"","reviewer":"alice","records":[[{"path_and_file":"a.c","location":3,"code":"x","tags":[],"usage":""}]]}])",
      "e");
  ASSERT_TRUE(file.ok()) << file.error().ToString();
  EXPECT_NE(file.value().Serialize().find("\"reviewer\": \"alice\""), std::string::npos);
  EXPECT_EQ(file.value().records()[0].records[0][0].location, "3");
}

EvidenceRecord Rec(const std::string& pattern, const std::string& path) {
  EvidenceRecord r;
  r.name = "code_search_" + pattern;
  r.pattern = pattern;
  r.type = "code";
  r.category = "Basics";
  r.subcategory = "Documentation";
  r.records.push_back({EvidenceHit{path, "1", "line", {}, ""}});
  return r;
}

TEST(EvidenceTest, UpsertReplacesInsteadOfDuplicating) {
  EvidenceFile file;
  EXPECT_TRUE(file.Upsert(Rec("README", "README.md")));
  EXPECT_FALSE(file.Upsert(Rec("README", "README.md")));  // identical: no change
  EXPECT_EQ(file.records().size(), 1u);
  EXPECT_TRUE(file.Upsert(Rec("README", "docs/README.md")));  // same search, new hits: replaced
  EXPECT_EQ(file.records().size(), 1u);
  EXPECT_EQ(file.records()[0].records[0][0].path_and_file, "docs/README.md");
  EXPECT_TRUE(file.Upsert(Rec("LICENSE", "LICENSE")));
  EXPECT_EQ(file.records().size(), 2u);
}

TEST(EvidenceTest, RejectsBadInputAtTheRightStep) {
  EXPECT_EQ(EvidenceFile::Parse("[{", "e").error().step, ValidationStep::kSyntax);
  EXPECT_EQ(EvidenceFile::Parse("\"text\"", "e").error().step, ValidationStep::kSemantics);
  EXPECT_EQ(EvidenceFile::Parse("[1]", "e").error().step, ValidationStep::kSemantics);
  EXPECT_EQ(EvidenceFile::Parse("[{\"records\": 5}]", "e").error().step,
            ValidationStep::kSemantics);
  EXPECT_EQ(EvidenceFile::Parse("[\"\xff\"]", "e").error().step, ValidationStep::kLexical);
  const auto err = EvidenceFile::Parse("[\n  {\"name\": }\n]", "ev.json").error();
  EXPECT_EQ(err.context, "ev.json:2:12");
}

// A record with every key, and `field` replaced by `value` (JSON text; "" drops the key).
std::string RecordWith(const std::string& field, const std::string& value) {
  std::vector<std::pair<std::string, std::string>> keys = {
      {"name", R"("n")"},
      {"pattern", R"("p")"},
      {"type", R"("code")"},
      {"category", R"("c")"},
      {"subcategory", R"("s")"},
      {"description", R"("")"},
      {"requirement", R"("r")"},
      {"root", R"(".")"},
      {"records",
       R"([[{"path_and_file":"a.c","location":"1","code":"x","tags":["call"],"usage":"call"}]])"}};
  std::string out = "{";
  for (const auto& [k, v] : keys) {
    const std::string& text = k == field ? value : v;
    if (text.empty()) continue;
    out += (out.size() > 1 ? "," : "") + ("\"" + k + "\":" + text);
  }
  return out + "}";
}

// A record whose one hit is `hit` (JSON text).
std::string RecordWithHit(const std::string& hit) {
  return RecordWith("records", "[[" + hit + "]]");
}

struct EvidenceCase {
  const char* name;
  std::string text;
  ValidationStep step;  // kNone: accepted
  const char* message = "";
};

class EvidenceShapeTest : public ::testing::TestWithParam<EvidenceCase> {};

// Regression: every value was read as text (numbers and objects dumped, null as ""), and a
// record without keys was accepted, so {"a":1} was rewritten as an invented record.
TEST_P(EvidenceShapeTest, ValidatesRecordsAndHits) {
  const auto& c = GetParam();
  auto file = EvidenceFile::Parse(c.text, "ev.json");
  if (c.step == ValidationStep::kNone) {
    ASSERT_TRUE(file.ok()) << c.name << ": " << file.error().ToString();
    auto again = EvidenceFile::Parse(file.value().Serialize(), "again");
    ASSERT_TRUE(again.ok()) << again.error().ToString();
    EXPECT_EQ(again.value().Serialize(), file.value().Serialize());
    return;
  }
  ASSERT_FALSE(file.ok()) << c.name;
  EXPECT_EQ(file.error().step, c.step) << file.error().ToString();
  EXPECT_EQ(file.error().context.rfind("ev.json", 0), 0u) << file.error().ToString();
  EXPECT_NE(file.error().message.find(c.message), std::string::npos) << file.error().ToString();
}

INSTANTIATE_TEST_SUITE_P(
    Cases, EvidenceShapeTest,
    ::testing::Values(
        EvidenceCase{"complete", "[" + RecordWith("", "") + "]", ValidationStep::kNone},
        EvidenceCase{"one record object", RecordWith("", ""), ValidationStep::kNone},
        EvidenceCase{"optional keys left out",
                     R"([{"name":"n","pattern":"p","type":"","records":[]}])",
                     ValidationStep::kNone},
        EvidenceCase{"location as a number", RecordWithHit(R"({"path_and_file":"a","location":7})"),
                     ValidationStep::kNone},
        EvidenceCase{"hit in place of a group", RecordWith("records", R"([{"path_and_file":"a"}])"),
                     ValidationStep::kNone},
        EvidenceCase{"empty list", "[]", ValidationStep::kNone},
        EvidenceCase{"not a record", R"({"a":1})", ValidationStep::kSemantics, "missing 'name'"},
        EvidenceCase{"list of a non-record", R"([{"a":1}])", ValidationStep::kSemantics,
                     "missing 'name'"},
        EvidenceCase{"no records", RecordWith("records", ""), ValidationStep::kSemantics,
                     "missing 'records'"},
        EvidenceCase{"records null", RecordWith("records", "null"), ValidationStep::kSemantics,
                     "'records'"},
        EvidenceCase{"records a group of numbers", RecordWith("records", "[[1]]"),
                     ValidationStep::kSemantics, "hit"},
        EvidenceCase{"records of strings", RecordWith("records", R"(["a"])"),
                     ValidationStep::kSemantics, "'records'"},
        EvidenceCase{"name a number", RecordWith("name", "5"), ValidationStep::kSemantics,
                     "'name'"},
        EvidenceCase{"name null", RecordWith("name", "null"), ValidationStep::kSemantics, "'name'"},
        EvidenceCase{"pattern a list", RecordWith("pattern", "[]"), ValidationStep::kSemantics,
                     "'pattern'"},
        EvidenceCase{"type unknown", RecordWith("type", R"("banana")"), ValidationStep::kSemantics,
                     "'type'"},
        EvidenceCase{"type missing", RecordWith("type", ""), ValidationStep::kSemantics, "'type'"},
        EvidenceCase{"category an object", RecordWith("category", "{}"), ValidationStep::kSemantics,
                     "'category'"},
        EvidenceCase{"subcategory a bool", RecordWith("subcategory", "true"),
                     ValidationStep::kSemantics, "'subcategory'"},
        EvidenceCase{"description null", RecordWith("description", "null"),
                     ValidationStep::kSemantics, "'description'"},
        EvidenceCase{"requirement a number", RecordWith("requirement", "1"),
                     ValidationStep::kSemantics, "'requirement'"},
        EvidenceCase{"root a list", RecordWith("root", "[]"), ValidationStep::kSemantics, "'root'"},
        EvidenceCase{"path a number",
                     RecordWithHit(R"({"path_and_file":5,"location":{},"code":null})"),
                     ValidationStep::kSemantics, "'path_and_file'"},
        EvidenceCase{"path missing", RecordWithHit(R"({"location":"1"})"),
                     ValidationStep::kSemantics, "'path_and_file'"},
        EvidenceCase{"location an object", RecordWithHit(R"({"path_and_file":"a","location":{}})"),
                     ValidationStep::kSemantics, "'location'"},
        EvidenceCase{"location a float", RecordWithHit(R"({"path_and_file":"a","location":1.5})"),
                     ValidationStep::kSemantics, "'location'"},
        EvidenceCase{"code null", RecordWithHit(R"({"path_and_file":"a","code":null})"),
                     ValidationStep::kSemantics, "'code'"},
        EvidenceCase{"usage a number", RecordWithHit(R"({"path_and_file":"a","usage":1})"),
                     ValidationStep::kSemantics, "'usage'"},
        EvidenceCase{"tags a string", RecordWithHit(R"({"path_and_file":"a","tags":"call"})"),
                     ValidationStep::kSemantics, "'tags'"},
        EvidenceCase{"tags holding a number",
                     RecordWithHit(R"({"path_and_file":"a","tags":["call",1]})"),
                     ValidationStep::kSemantics, "'tags'"},
        // An empty file is not JSON, as for catalogs (it was read as an empty list).
        EvidenceCase{"empty file", "", ValidationStep::kSyntax},
        EvidenceCase{"blank file", " \n", ValidationStep::kSyntax},
        EvidenceCase{"duplicate key",
                     R"([{"name":"n","name":"m","pattern":"p","type":"","records":[]}])",
                     ValidationStep::kSyntax, "duplicate key 'name'"}));

TEST(EvidenceTest, DuplicateKeyNamesLineAndColumn) {
  const auto err =
      EvidenceFile::Parse("[\n  {\"name\": \"a\",\n   \"name\": \"b\"}\n]", "ev.json").error();
  EXPECT_EQ(err.context, "ev.json:3:4");
  EXPECT_EQ(err.step, ValidationStep::kSyntax);
}

TEST(EvidenceTest, MissingFileIsEmpty) {
  fledger::testing::TempDir dir;
  auto file = EvidenceFile::Load(dir.path() / "nope.json");
  ASSERT_TRUE(file.ok());
  EXPECT_TRUE(file.value().records().empty());
}

// The facts `deps impact --save` writes are read back; a member of the wrong type or size makes
// the record not count (the user may have edited it), and nothing throws.
TEST(EvidenceTest, ImpactFactsAreReadDefensively) {
  struct Case {
    std::string facts;  // the fledger_impact member, raw JSON; "" for none
    bool accepted;
    bool resolved = false;
    std::string manifest;  // "" when absent or not a repository path
  };
  const std::vector<Case> cases = {
      {"", false},
      {R"({"purl":"pkg:npm/lodash@4.17.15","manifest":"web/package-lock.json","line":182,)"
       R"("advisories_checked":true,"advisories":["GHSA-35jh-r3h4-6jhm"],)"
       R"("vulnerability_data_age_days":null,"checked_at":"2026-12-02"})",
       true, true, "web/package-lock.json"},
      {R"({"purl":"pkg:npm/%40babel/core"})", true, false},
      {R"({"purl":"pkg:npm/lodash@1","manifest":"../../etc/passwd"})", true, true, ""},
      {R"("pkg:npm/lodash@4.17.15")", false},
      {R"({"manifest":"a"})", false},
      {R"({"purl":"npm/lodash@1"})", false},
      {R"({"purl":"pkg:npm/lodash@1","line":"182"})", false},
      {R"({"purl":"pkg:npm/lodash@1","line":-1})", false},
      {R"({"purl":"pkg:npm/lodash@1","line":18446744073709551615})", false},
      {R"({"purl":"pkg:npm/lodash@1","advisories_checked":"yes"})", false},
      {R"({"purl":"pkg:npm/lodash@1","advisories":"GHSA-x"})", false},
      {R"({"purl":"pkg:npm/lodash@1","advisories":[1]})", false},
      {R"({"purl":"pkg:npm/lodash@1","vulnerability_data_age_days":1.5})", false},
      {R"({"purl":"pkg:npm/lodash@1","checked_at":{}})", false},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.facts);
    std::string doc =
        R"([{"name":"n","pattern":"p","type":"code","category":"c","subcategory":"s",)"
        R"("description":"","records":[[]])";
    if (!c.facts.empty()) doc += R"(,"fledger_impact":)" + c.facts;
    doc += "}]";
    auto file = EvidenceFile::Parse(doc, "e");
    ASSERT_TRUE(file.ok()) << file.error().ToString();
    ASSERT_EQ(file.value().records().size(), 1u);
    const auto facts = ReadImpactFacts(file.value().records()[0]);
    ASSERT_EQ(facts.has_value(), c.accepted);
    if (!facts) continue;
    EXPECT_EQ(facts->resolved, c.resolved);
    EXPECT_EQ(facts->manifest ? facts->manifest->str() : "", c.manifest);
  }
}

}  // namespace
}  // namespace fledger::assess
