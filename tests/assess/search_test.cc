// Tests for `fledger search`: regex and glob matching, line numbers, ignore rules, redaction and
// the evidence record it saves.
#include "assess/search.h"

#include <gtest/gtest.h>

#include "test_util.h"

namespace fledger::assess {
namespace {

class SearchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_.Write("README.md", "# Demo\nSee SECURITY.md\n");
    dir_.Write("src/a.c", "int a = 1;\nint b = 2;\n// TODO fix\nint a2 = 3;\n");
    dir_.Write("src/test_a.c", "assert(a == 1);\n");
    dir_.Write("build/out.c", "int a = 99;\n");
    dir_.Write(".gitignore", "build/\n");
    dir_.Write("secrets.env", "token = ghp_abcdefghijklmnopqrstuvwxyz0123456789\n");
  }
  SearchResult Search(const std::string& pattern, SearchType type, bool icase = false,
                      bool fixed = false) {
    SearchRequest req;
    req.pattern = pattern;
    req.root = dir_.path();
    req.type = type;
    req.ignore_case = icase;
    req.fixed_strings = fixed;
    req.jobs = 2;
    auto r = RunSearch(req);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().ToString());
    return r.ok() ? r.value() : SearchResult{};
  }
  fledger::testing::TempDir dir_;
};

TEST_F(SearchTest, CodeHitsAreSortedWithLineNumbers) {
  const auto r = Search("int a", SearchType::kCode);
  ASSERT_EQ(r.hits.size(), 2u);  // build/ is ignored
  EXPECT_EQ(r.hits[0].path.str(), "src/a.c");
  EXPECT_EQ(r.hits[0].line, 1);
  EXPECT_EQ(r.hits[1].line, 4);
  EXPECT_EQ(r.hits[1].text, "int a2 = 3;");
}

TEST_F(SearchTest, AnchorsAreLineBased) {
  const auto r = Search("^int b", SearchType::kCode);
  ASSERT_EQ(r.hits.size(), 1u);
  EXPECT_EQ(r.hits[0].line, 2);
}

TEST_F(SearchTest, CaseAndFixedStrings) {
  EXPECT_EQ(Search("todo", SearchType::kCode).hits.size(), 0u);
  EXPECT_EQ(Search("todo", SearchType::kCode, true).hits.size(), 1u);
  EXPECT_EQ(Search("a == 1)", SearchType::kCode, false, true).hits.size(), 1u);
}

TEST_F(SearchTest, FileGlobMatchesNamesOrPaths) {
  EXPECT_EQ(Search("README*", SearchType::kFile).hits.size(), 1u);
  EXPECT_EQ(Search("*.c", SearchType::kFile).hits.size(), 2u);
  EXPECT_EQ(Search("src/test_*", SearchType::kFile).hits.size(), 1u);
  EXPECT_EQ(Search("readme.md", SearchType::kFile, true).hits.size(), 1u);
}

TEST_F(SearchTest, HitsAreRedacted) {
  const auto r = Search("token", SearchType::kCode);
  ASSERT_EQ(r.hits.size(), 1u);
  EXPECT_EQ(r.hits[0].text.find("abcdefghijklmnop"), std::string::npos) << r.hits[0].text;
}

TEST_F(SearchTest, BadPatternsAreRejected) {
  SearchRequest req;
  req.root = dir_.path();
  req.pattern = "a(b";
  EXPECT_EQ(RunSearch(req).error().step, ValidationStep::kSyntax);
  req.pattern = "";
  EXPECT_EQ(RunSearch(req).error().step, ValidationStep::kSize);
  req.pattern = "ok";
  req.root = dir_.path() / "missing";
  EXPECT_EQ(RunSearch(req).error().step, ValidationStep::kOrigin);
}

TEST_F(SearchTest, EvidenceRecordUsesPrototypeTags) {
  SearchRequest req;
  req.pattern = "a";
  req.root = dir_.path();
  const auto r = Search("a == 1|int a =", SearchType::kCode);
  const auto rec = ToEvidenceRecord(req, r, "Basics", "Docs", "", "repo");
  EXPECT_EQ(rec.type, "code");
  ASSERT_EQ(rec.records.size(), 1u);
  ASSERT_EQ(rec.records[0].size(), 2u);
  EXPECT_EQ(rec.records[0][0].location, "1");
  EXPECT_EQ(rec.records[0][1].tags, (std::vector<std::string>{"test", "call"}));
}

}  // namespace
}  // namespace fledger::assess
