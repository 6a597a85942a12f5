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
  EXPECT_EQ(cat.value().categories[0].subcategories[0].criteria[0].id,
            "basics.basic-project-website-content.1");
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
  auto stub = ParseCatalog(
      ReadFile(SourceDir() / "testdata/prototype/standards/SecurityCategory.json"), "s", "s");
  EXPECT_FALSE(stub.value().warnings.empty());
}

TEST(CatalogTest, ExtendedFieldsParse) {
  auto cat = Parse(
      R"({"standardsSet":"S","kind":"skill","levels":[{"id":1,"name":"Novice"},{"id":2,"name":"Practitioner"}],
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
  EXPECT_EQ(crit[0].checks[1].glob, "*.md");
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
  return R"({"standardsSet":"H","categories":[{"name":"C","subcategories":[{"name":"S","requirements":[)" +
         reqs + "]}]}]}";
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
        BadCase{
            "level out of range",
            R"({"standardsSet":"x","categories":[{"name":"c","subcategories":[{"name":"s","requirements":["r"],"criteria":[{"level":3}]}]}]})",
            ValidationStep::kSemantics},
        BadCase{
            "criteria length",
            R"({"standardsSet":"x","categories":[{"name":"c","subcategories":[{"name":"s","requirements":["r"],"criteria":[]}]}]})",
            ValidationStep::kSemantics},
        BadCase{
            "text mismatch",
            R"({"standardsSet":"x","categories":[{"name":"c","subcategories":[{"name":"s","requirements":["r"],"criteria":[{"text":"other"}]}]}]})",
            ValidationStep::kSemantics},
        BadCase{
            "duplicate id",
            R"({"standardsSet":"x","categories":[{"name":"c","subcategories":[{"name":"s","requirements":["a","b"],"criteria":[{"id":"x"},{"id":"x"}]}]}]})",
            ValidationStep::kSemantics},
        BadCase{"bad levels", R"({"standardsSet":"x","levels":[{"id":2}],"categories":[]})",
                ValidationStep::kSemantics},
        BadCase{"100000 rows", HugeCatalog(), ValidationStep::kSize},
        // Regression: the last of two equal keys won silently.
        BadCase{"duplicate key", R"({"standardsSet":"x","standardsSet":"y","categories":[]})",
                ValidationStep::kSyntax},
        BadCase{"empty file", "", ValidationStep::kSyntax}));

// A catalog with one criterion "crit" whose `checks` list is `checks` (JSON text).
std::string WithChecks(const std::string& checks) {
  return R"({"standardsSet":"x","categories":[{"name":"c","subcategories":[{"name":"s","requirements":["r"],)"
         R"("criteria":[{"id":"crit","checks":[)" +
         checks + "]}]}]}]}";
}

struct CheckCase {
  const char* name;
  std::string checks;
  const char* parameter;  // the parameter the message must name
  ValidationStep step = ValidationStep::kSemantics;
};

class CatalogCheckParamTest : public ::testing::TestWithParam<CheckCase> {};

// Regression: parameters were read with json::value() when the assessment ran, so a parameter
// of the wrong type made nlohmann throw type_error (exit 3), and `standards show` accepted it.
TEST_P(CatalogCheckParamTest, RejectedAtLoadNamingCriterionAndParameter) {
  auto cat = Parse(WithChecks(GetParam().checks));
  ASSERT_FALSE(cat.ok()) << GetParam().name;
  const std::string msg = cat.error().ToString();
  EXPECT_EQ(cat.error().step, GetParam().step) << msg;
  EXPECT_EQ(cat.error().code, ErrorCode::kInput) << msg;
  EXPECT_NE(msg.find("t.json"), std::string::npos) << msg;
  EXPECT_NE(msg.find("criterion 'crit'"), std::string::npos) << msg;
  EXPECT_NE(msg.find(GetParam().parameter), std::string::npos) << msg;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, CatalogCheckParamTest,
    ::testing::Values(
        CheckCase{"min string", R"({"id":"evidence.count","min":"abc"})", "'min'"},
        CheckCase{"min float 1e18", R"({"id":"evidence.count","min":1e18})", "'min'"},
        CheckCase{"min 1.5", R"({"id":"file.contains","glob":"*","pattern":"x","min":1.5})",
                  "'min'"},
        CheckCase{"min zero", R"({"id":"evidence.count","min":0})", "'min'"},
        CheckCase{"min negative", R"({"id":"evidence.count","min":-3})", "'min'"},
        CheckCase{"min past int", R"({"id":"evidence.count","min":4294967297})", "'min'"},
        CheckCase{"min past int64", R"({"id":"evidence.count","min":18446744073709551615})",
                  "'min'"},
        CheckCase{"min null", R"({"id":"evidence.count","min":null})", "'min'"},
        CheckCase{"min bool", R"({"id":"evidence.count","min":true})", "'min'"},
        CheckCase{"glob number", R"({"id":"file.contains","glob":5,"pattern":"x"})", "'glob'"},
        CheckCase{"glob list", R"({"id":"file.exists","glob":["*.md"]})", "'glob'"},
        CheckCase{"glob object", R"({"id":"file.exists","glob":{}})", "'glob'"},
        CheckCase{"glob null", R"({"id":"file.exists","glob":null})", "'glob'"},
        CheckCase{"glob empty", R"({"id":"file.exists","glob":""})", "'glob'"},
        CheckCase{"glob missing", R"({"id":"file.exists"})", "'glob'"},
        CheckCase{"glob missing, bare id", R"("file.contains")", "'glob'"},
        CheckCase{"glob too long",
                  R"({"id":"file.exists","glob":")" + std::string(5000, 'a') + R"("})", "'glob'",
                  ValidationStep::kSize},
        CheckCase{"pattern number", R"({"id":"file.contains","glob":"*","pattern":5})",
                  "'pattern'"},
        CheckCase{"pattern bool", R"({"id":"file.contains","glob":"*","pattern":false})",
                  "'pattern'"},
        CheckCase{"pattern missing", R"({"id":"file.contains","glob":"*"})", "'pattern'"},
        CheckCase{"pattern invalid RE2", R"({"id":"file.contains","glob":"*","pattern":"(("})",
                  "'pattern'"},
        CheckCase{"pattern backreference",
                  R"({"id":"file.contains","glob":"*","pattern":"(a)\\1"})", "'pattern'"},
        CheckCase{"misspelt parameter", R"({"id":"file.contains","glob":"*","patern":"x"})",
                  "'patern'"},
        CheckCase{"parameter of another check", R"({"id":"file.exists","glob":"*","min":2})",
                  "'min'"},
        CheckCase{"repo check with parameters", R"({"id":"repo.readme","glob":"*"})",
                  "repo.readme"},
        CheckCase{"sca check with parameters", R"({"id":"sca.known_vulnerabilities","min":1})",
                  "sca.known_vulnerabilities"},
        CheckCase{"impact min zero", R"({"id":"impact.recorded","min":0})", "'min'"},
        CheckCase{"impact min string", R"({"id":"impact.call_sites","min":"3"})", "'min'"},
        CheckCase{"impact takes no glob", R"({"id":"impact.advisories","glob":"*"})", "'glob'"},
        CheckCase{"too many checks",
                  [] {
                    std::string many;
                    for (size_t i = 0; i <= kMaxChecksPerCriterion; ++i) {
                      many += (i ? ",\"" : "\"") + std::string("repo.readme\"");
                    }
                    return many;
                  }(),
                  "checks", ValidationStep::kSize}));

// The same swaps the type fuzzer made: every parameter set to every JSON type but its own.
TEST(CatalogTest, EveryWrongTypeOfEveryCheckParameterIsRejected) {
  const std::vector<std::string> values = {"5", "1.5", "\"s\"", "null", "[]", "{}", "true"};
  const std::vector<std::pair<std::string, std::string>> params = {
      {"glob", R"("id":"file.contains","pattern":"x","min":1)"},
      {"pattern", R"("id":"file.contains","glob":"*","min":1)"},
      {"min", R"("id":"file.contains","glob":"*","pattern":"x")"},
      {"min", R"("id":"evidence.count")"},
      {"glob", R"("id":"file.exists")"}};
  for (const auto& [param, rest] : params) {
    for (const auto& v : values) {
      const bool right_type = (param == "min" && v == "5") || (param != "min" && v == "\"s\"");
      auto cat = Parse(WithChecks("{" + rest + ",\"" + param + "\":" + v + "}"));
      EXPECT_EQ(cat.ok(), right_type) << param << "=" << v;
      if (!cat.ok()) {
        EXPECT_EQ(cat.error().step, ValidationStep::kSemantics) << cat.error().ToString();
      }
    }
  }
}

TEST(CatalogTest, CheckParametersAreTyped) {
  auto cat =
      Parse(WithChecks(R"({"id":"file.contains","glob":"**/*.py","pattern":"^import ","min":3},)"
                       R"({"id":"evidence.count"},"repo.readme",{"id":"future.check","any":[1]})"));
  ASSERT_TRUE(cat.ok()) << cat.error().ToString();
  const auto& checks = cat.value().categories[0].subcategories[0].criteria[0].checks;
  ASSERT_EQ(checks.size(), 4u);
  EXPECT_EQ(checks[0].glob, "**/*.py");
  EXPECT_EQ(checks[0].pattern, "^import ");
  EXPECT_EQ(checks[0].min, 3);
  EXPECT_EQ(checks[1].min, 1);  // the default
  EXPECT_EQ(checks[2].id, "repo.readme");
  EXPECT_EQ(checks[3].id, "future.check");  // unknown: a warning when assessed, not an error here
  EXPECT_TRUE(RE2(checks[0].pattern, CheckPatternOptions()).ok());
}

// Alternatives: checks sharing an `any_of` label, such as a Markdown section and the same facts
// in a threat model (model.* checks take only `min`).
TEST(CatalogTest, AlternativeChecksShareALabel) {
  auto cat = Parse(WithChecks(
      R"({"id":"file.exists","glob":"**/design.md","any_of":"diagram"},)"
      R"({"id":"model.flows","min":2,"any_of":"diagram"},{"id":"repo.readme","any_of":"r"})"));
  ASSERT_TRUE(cat.ok()) << cat.error().ToString();
  const auto& checks = cat.value().categories[0].subcategories[0].criteria[0].checks;
  ASSERT_EQ(checks.size(), 3u);
  EXPECT_EQ(checks[0].any_of, "diagram");
  EXPECT_EQ(checks[1].any_of, "diagram");
  EXPECT_EQ(checks[1].min, 2);
  EXPECT_EQ(checks[2].any_of, "r");
  for (const char* bad : {R"({"id":"model.flows","any_of":""})", R"({"id":"model.flows","any_of":3})",
                          R"({"id":"model.flows","any_of":"a b"})",
                          R"({"id":"model.flows","glob":"*"})"}) {
    auto c = Parse(WithChecks(bad));
    ASSERT_FALSE(c.ok()) << bad;
    EXPECT_EQ(c.error().step, ValidationStep::kSemantics) << bad;
  }
}

// Regression: levels were read with get<int>(), which wrapped 2^32 + 1 to 1, a valid level.
TEST(CatalogTest, LevelsPastIntAreNotWrapped) {
  for (const char* level : {"4294967297", "18446744073709551615", "1e300", "\"1\""}) {
    const std::string crit =
        std::string(R"({"standardsSet":"x","categories":[{"name":"c","subcategories":[)") +
        R"({"name":"s","requirements":["r"],"criteria":[{"level":)" + level + "}]}]}]}";
    const std::string sub =
        std::string(R"({"standardsSet":"x","categories":[{"name":"c","subcategories":[)") +
        R"({"name":"s","level":)" + level + R"(,"requirements":["r"]}]}]})";
    for (const auto& text : {crit, sub}) {
      auto cat = Parse(text);
      ASSERT_FALSE(cat.ok()) << text;
      EXPECT_EQ(cat.error().step, ValidationStep::kSemantics) << cat.error().ToString();
    }
  }
}

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
  dir.Write(
      "SecurityCategory.json",
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
