// Tests for catalog loading: the prototype's files load, the extended format is validated, and
// every bad input is rejected at the right validation step.
#include "assess/catalog.h"

#include <gtest/gtest.h>

#include "assess/embedded.h"
#include "test_util.h"

namespace fledger::assess {
namespace {

using fledger::testing::ReadFile;
using fledger::testing::SourceDir;

Result<Catalog> Parse(const std::string& text) { return ParseCatalog(text, "t.json", "t"); }

TEST(CatalogTest, PrototypeOpenSsfLoads) {
  const auto text = ReadFile(SourceDir() / "testdata/prototype/standards/OpenSSF.json");
  auto cat = ParseCatalog(text, "OpenSSF.json", "OpenSSF");
  ASSERT_TRUE(cat.ok()) << cat.error().ToString();
  EXPECT_EQ(cat.value().title, "OpenSSF Best Practices");
  EXPECT_EQ(cat.value().grade, "Passing");
  EXPECT_GT(cat.value().RequirementCount(), 40u);
  ASSERT_EQ(cat.value().levels.size(), 1u);
  EXPECT_EQ(cat.value().LevelName(1), "Passing");
  // Derived ids are stable slugs of the names.
  EXPECT_EQ(cat.value().categories[0].subcategories[0].criteria[0].id, "basics.basic-project-website-content.1");
  EXPECT_FALSE(cat.value().categories[0].subcategories[0].criteria[0].explicit_id);
}

TEST(CatalogTest, PrototypeStubsLoadWithWarnings) {
  for (const char* f : {"testdata/prototype/standards/SecurityCategory.json",
                        "testdata/prototype/examples/TwilioAITrust.json"}) {
    auto cat = ParseCatalog(ReadFile(SourceDir() / f), f, "x");
    ASSERT_TRUE(cat.ok()) << f << ": " << cat.error().ToString();
    EXPECT_GE(cat.value().RequirementCount(), 1u);
  }
  // The stub says numCategories 25 but has one: a warning, not an error.
  auto stub = ParseCatalog(ReadFile(SourceDir() / "testdata/prototype/standards/SecurityCategory.json"), "s", "s");
  EXPECT_FALSE(stub.value().warnings.empty());
}

TEST(CatalogTest, ExtendedFieldsParse) {
  auto cat = Parse(R"({"standardsSet":"S","kind":"skill","levels":[{"id":1,"name":"Novice"},{"id":2,"name":"Practitioner"}],
    "categories":[{"name":"C","subcategories":[{"name":"Sub","requirements":["R1","R2",""],
    "criteria":[{"id":"c.r1","text":"R1","level":2,"strength":"MUST","checks":["repo.readme",{"id":"file.exists","glob":"*.md"}],
                 "mappings":{"samm":["D-TA-1-B"]}},{"id":"c.r2","level":1},{}]}]}]})");
  ASSERT_TRUE(cat.ok()) << cat.error().ToString();
  const auto& crit = cat.value().categories[0].subcategories[0].criteria;
  ASSERT_EQ(crit.size(), 2u);  // the empty requirement is skipped
  EXPECT_EQ(crit[0].id, "c.r1");
  EXPECT_EQ(crit[0].level, 2);
  EXPECT_EQ(crit[0].strength, "MUST");
  ASSERT_EQ(crit[0].checks.size(), 2u);
  EXPECT_EQ(crit[0].checks[1].params["glob"], "*.md");
  EXPECT_EQ(crit[0].mappings.at("samm")[0], "D-TA-1-B");
  EXPECT_EQ(cat.value().LevelName(2), "Practitioner");
}

struct BadCase {
  const char* name;
  std::string text;
  ValidationStep step;
};

class CatalogRejectTest : public ::testing::TestWithParam<BadCase> {};

TEST_P(CatalogRejectTest, RejectsAtStep) {
  auto cat = Parse(GetParam().text);
  ASSERT_FALSE(cat.ok()) << GetParam().name;
  EXPECT_EQ(cat.error().step, GetParam().step) << cat.error().ToString();
  EXPECT_NE(cat.error().ToString().find("t.json"), std::string::npos);
}

std::string HugeCatalog() {
  std::string reqs;
  for (int i = 0; i < 100000; ++i) reqs += (i ? ",\"r" : "\"r") + std::to_string(i) + "\"";
  return R"({"standardsSet":"H","categories":[{"name":"C","subcategories":[{"name":"S","requirements":[)" + reqs + "]}]}]}";
}

INSTANTIATE_TEST_SUITE_P(
    Cases, CatalogRejectTest,
    ::testing::Values(
        BadCase{"syntax", "{\"standardsSet\": ", ValidationStep::kSyntax},
        BadCase{"utf8", "{\"standardsSet\": \"\xff\"}", ValidationStep::kLexical},
        BadCase{"deep", std::string(200, '[') + std::string(200, ']'), ValidationStep::kSize},
        BadCase{"not object", "[]", ValidationStep::kSemantics},
        BadCase{"no set", "{\"categories\":[]}", ValidationStep::kSemantics},
        BadCase{"no categories", "{\"standardsSet\":\"x\"}", ValidationStep::kSemantics},
        BadCase{"level out of range",
                R"({"standardsSet":"x","categories":[{"name":"c","subcategories":[{"name":"s","requirements":["r"],"criteria":[{"level":3}]}]}]})",
                ValidationStep::kSemantics},
        BadCase{"criteria length",
                R"({"standardsSet":"x","categories":[{"name":"c","subcategories":[{"name":"s","requirements":["r"],"criteria":[]}]}]})",
                ValidationStep::kSemantics},
        BadCase{"text mismatch",
                R"({"standardsSet":"x","categories":[{"name":"c","subcategories":[{"name":"s","requirements":["r"],"criteria":[{"text":"other"}]}]}]})",
                ValidationStep::kSemantics},
        BadCase{"duplicate id",
                R"({"standardsSet":"x","categories":[{"name":"c","subcategories":[{"name":"s","requirements":["a","b"],"criteria":[{"id":"x"},{"id":"x"}]}]}]})",
                ValidationStep::kSemantics},
        BadCase{"bad levels", R"({"standardsSet":"x","levels":[{"id":2}],"categories":[]})", ValidationStep::kSemantics},
        BadCase{"100000 rows", HugeCatalog(), ValidationStep::kSize}));

TEST(CatalogTest, EveryBuiltInCatalogLoads) {
  ASSERT_FALSE(EmbeddedStandards().empty());
  for (const auto& f : EmbeddedStandards()) {
    auto cat = ParseCatalog(f.content, std::string(f.name), std::string(f.name));
    ASSERT_TRUE(cat.ok()) << f.name << ": " << cat.error().ToString();
    EXPECT_GT(cat.value().RequirementCount(), 0u) << f.name;
  }
}

TEST(CatalogTest, LoadByNameFindsBuiltInAndListsOnUnknown) {
  CatalogSearch none;
  auto sec = LoadCatalog("SecurityCategory", none);
  ASSERT_TRUE(sec.ok()) << sec.error().ToString();
  EXPECT_EQ(sec.value().origin, "built-in");
  auto lower = LoadCatalog("securitycategory", none);
  ASSERT_TRUE(lower.ok());
  auto unknown = LoadCatalog("NoSuchStandard", none);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);
  EXPECT_NE(unknown.error().message.find("SecurityCategory"), std::string::npos);
  EXPECT_EQ(LoadCatalog("../etc", none).error().step, ValidationStep::kOrigin);
  EXPECT_EQ(LoadCatalog("bad name!", none).error().step, ValidationStep::kLexical);
}

TEST(CatalogTest, UserDirectoryShadowsBuiltIn) {
  fledger::testing::TempDir dir;
  dir.Write("SecurityCategory.json",
            R"({"standardsSet":"Mine","categories":[{"name":"c","subcategories":[{"name":"s","requirements":["r"]}]}]})");
  CatalogSearch search;
  search.dirs.push_back(dir.path());
  auto cat = LoadCatalog("SecurityCategory", search);
  ASSERT_TRUE(cat.ok());
  EXPECT_EQ(cat.value().title, "Mine");
  const auto list = ListCatalogs(search);
  bool found = false;
  for (const auto& l : list) found = found || (l.name == "SecurityCategory" && l.title == "Mine");
  EXPECT_TRUE(found);
}

}  // namespace
}  // namespace fledger::assess
