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
  auto user = EvidenceFile::Parse(ReadFile(SourceDir() / "testdata/prototype/examples/user-evidence.json"), "u");
  EXPECT_EQ(user.value().records()[0].category, "Basics");
  EXPECT_EQ(user.value().records()[0].subcategory, "Documentation");
  EXPECT_EQ(user.value().records()[0].records[0][0].tags, std::vector<std::string>{"build"});
}

TEST(EvidenceTest, UnknownKeysSurvive) {
  auto file = EvidenceFile::Parse(R"([{"name":"n","pattern":"p","type":"code","category":"c","subcategory":"s",
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
  EXPECT_EQ(EvidenceFile::Parse("[{\"records\": 5}]", "e").error().step, ValidationStep::kSemantics);
  EXPECT_EQ(EvidenceFile::Parse("[\"\xff\"]", "e").error().step, ValidationStep::kLexical);
  const auto err = EvidenceFile::Parse("[\n  {\"name\": }\n]", "ev.json").error();
  EXPECT_EQ(err.context, "ev.json:2:12");
}

TEST(EvidenceTest, MissingFileIsEmpty) {
  fledger::testing::TempDir dir;
  auto file = EvidenceFile::Load(dir.path() / "nope.json");
  ASSERT_TRUE(file.ok());
  EXPECT_TRUE(file.value().records().empty());
}

}  // namespace
}  // namespace fledger::assess
