// model import from Threagile: the corpus models, the split model equal to the single file byte for
// byte, includes (cycles, escapes, missing, too many, too deep), merge keys (override order,
// lists, nesting, alias bombs), and deterministic ids.
#include <gtest/gtest.h>

#include <sstream>

#include "model/import/import.h"
#include "model/import/import_internal.h"
#include "model/load.h"
#include "test_util.h"

namespace fledger::model {
namespace {

using testing::CompareGolden;
using testing::ReadFile;
using testing::SourceDir;

const std::filesystem::path kDir = SourceDir() / "testdata/model/import";

std::string ImportFile(const std::filesystem::path& file) {
  DiskIncludeReader includes(file.parent_path());
  auto r = ImportThreagile(ReadFile(file), file.filename().string(), includes);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().ToString());
  return r.ok() ? WriteImportedModelYaml(r.value().model, ImportFormat::kThreagile) : "";
}

Result<ImportResult> ImportMap(std::map<std::string, std::string> files) {
  MapIncludeReader reader(files);
  return ImportThreagile(files.at("main.yaml"), "main.yaml", reader);
}

TEST(ModelImportThreagile, ExampleMatchesGoldenAndLoads) {
  const std::string yaml = ImportFile(kDir / "threagile/threagile-example.yaml");
  EXPECT_EQ(CompareGolden(kDir / "golden/threagile-example.yaml", yaml), "");
  std::vector<Error> problems;
  const auto m = LoadModel(yaml, "imported", &problems);
  ASSERT_TRUE(m.ok()) << m.error().ToString();
  EXPECT_EQ(m.value().components.size(), 14u);
  EXPECT_EQ(m.value().data.size(), 12u);
  EXPECT_EQ(m.value().boundaries.size(), 5u);
  EXPECT_EQ(m.value().flows.size(), 20u);
  EXPECT_EQ(m.value().misuse_cases.size(), 11u);
  EXPECT_EQ(m.value().questions.size(), 3u);
  EXPECT_EQ(m.value().threats.size(), 2u);
}

// Upstream's split copy spells two asset titles and one description word differently from the
// single file (testdata/model/import/threagile/ATTRIBUTION.md): with those three spellings
// mapped back, the split import is the single import, byte for byte, and nothing else differs.
TEST(ModelImportThreagile, SplitModelGivesTheSameBytesAsTheSingleFile) {
  const std::string single = ImportFile(kDir / "threagile/threagile-example.yaml");
  std::string split = ImportFile(kDir / "threagile/split-model/main.yaml");
  ASSERT_FALSE(single.empty());
  auto lines = [](const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
  };
  const auto a = lines(single), b = lines(split);
  ASSERT_EQ(a.size(), b.size());
  int differing = 0;
  for (size_t i = 0; i < a.size(); ++i) differing += a[i] != b[i] ? 1 : 0;
  EXPECT_EQ(differing, 3);
  for (const auto& [upstream, single_spelling] :
       std::vector<std::pair<std::string, std::string>>{{"Contract Fileserver", "Contract File Server"},
                                                        {"Jenkins Buildserver", "Jenkins Build Server"},
                                                        {"other usecases", "other use cases"}}) {
    const size_t at = split.find(upstream);
    ASSERT_NE(at, std::string::npos) << upstream;
    split.replace(at, upstream.size(), single_spelling);
  }
  EXPECT_EQ(single, split);
}

TEST(ModelImportThreagile, StubImportsAndLoads) {
  const std::string yaml = ImportFile(kDir / "threagile/threagile-stub.yaml");
  EXPECT_TRUE(LoadModel(yaml, "stub").ok());
}

TEST(ModelImportThreagile, MergeKeysOwnKeysWinThenEarlierSources) {
  const auto r = ImportMap({{"main.yaml",
                             "base: &base\n  id: base\n  confidentiality: public\n  quantity: many\n"
                             "other: &other\n  quantity: very-few\n  integrity: critical\n"
                             "  availability: critical\n"
                             "data_assets:\n"
                             "  A:\n    <<: *base\n    id: a\n"
                             "  B:\n    <<: [*other, *base]\n    id: b\n    availability: archive\n"
                             "  C:\n    <<: {<<: *base, id: c, integrity: important}\n"}});
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  const Model& m = r.value().model;
  ASSERT_EQ(m.data.size(), 3u);
  EXPECT_EQ(m.data[0].id.str(), "a");
  EXPECT_EQ(m.data[0].quantity, "many");          // merged
  EXPECT_EQ(m.data[0].classification, "public");  // merged
  EXPECT_EQ(m.data[1].quantity, "very-few");      // the earlier source wins
  EXPECT_EQ(m.data[1].integrity, "critical");
  EXPECT_EQ(m.data[1].availability, "low");       // its own key wins
  EXPECT_EQ(m.data[1].classification, "public");  // from the later source
  EXPECT_EQ(m.data[2].id.str(), "c");             // nested merge
  EXPECT_EQ(m.data[2].integrity, "high");
  EXPECT_EQ(m.data[2].quantity, "many");
}

TEST(ModelImportThreagile, QuotedMergeKeyIsAPlainKey) {
  size_t budget = import_internal::kMaxTreeNodes;
  const auto tree = import_internal::ResolveYaml(YAML::Load("a: &a {x: 1}\nb: {'<<': *a}\n"),
                                                 "f.yaml", budget);
  ASSERT_TRUE(tree.ok());
  const auto* b = tree.value().Get("b");
  ASSERT_NE(b, nullptr);
  EXPECT_NE(b->Get("<<"), nullptr);
  EXPECT_EQ(b->Get("x"), nullptr);
}

TEST(ModelImportThreagile, BadMergeKeysAndAliasBombsAreErrors) {
  auto r = ImportMap({{"main.yaml", "data_assets:\n  A:\n    <<: 5\n    id: a\n"}});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().ToString().find("main.yaml:3"), std::string::npos) << r.error().ToString();
  std::string bomb = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i < 12; ++i) {
    bomb += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
    for (int j = 0; j < 10; ++j) bomb += std::string(j ? ", " : "") + "*a" + std::to_string(i - 1);
    bomb += "]\n";
  }
  r = ImportMap({{"main.yaml", bomb}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().step, ValidationStep::kSize);
  r = ImportMap({{"main.yaml", "a: 1\na: 2\n"}});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("given twice"), std::string::npos);
}

TEST(ModelImportThreagile, IncludesMergeMapsAndConcatenateLists) {
  const auto r = ImportMap({{"main.yaml", "title: T\nincludes: [sub/a.yaml]\n"
                                          "tags_available: [x]\nquestions:\n  Q1: ''\n"},
                            {"sub/a.yaml", "includes: [b.yaml]\nquestions:\n  Q2: yes\n"
                                           "tags_available: [x, y]\n"},
                            {"sub/b.yaml", "title: T\ndata_assets: {D: {id: d}}\n"}});
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r.value().model.questions.size(), 2u);
  EXPECT_EQ(r.value().model.data.size(), 1u);
  // A question defined twice, and a title set differently, are errors naming both places.
  auto dup = ImportMap({{"main.yaml", "includes: [a.yaml]\nquestions:\n  Q: ''\n"},
                        {"a.yaml", "questions:\n  Q: x\n"}});
  ASSERT_FALSE(dup.ok());
  EXPECT_NE(dup.error().ToString().find("main.yaml:3"), std::string::npos) << dup.error().ToString();
  auto title = ImportMap({{"main.yaml", "title: A\nincludes: [a.yaml]\n"}, {"a.yaml", "title: B\n"}});
  ASSERT_FALSE(title.ok());
  EXPECT_NE(title.error().message.find("main.yaml:1"), std::string::npos) << title.error().message;
}

TEST(ModelImportThreagile, BadIncludesAreErrorsAtTheirLine) {
  struct Case {
    std::map<std::string, std::string> files;
    std::string where;
    std::string words;
  };
  const std::vector<Case> cases = {
      {{{"main.yaml", "title: x\nincludes: [a.yaml]\n"}, {"a.yaml", "includes: [main.yaml]\n"}},
       "a.yaml:1", "include cycle: main.yaml -> a.yaml -> main.yaml"},
      {{{"main.yaml", "includes: [a.yaml]\n"}, {"a.yaml", "includes: [a.yaml]\n"}},
       "a.yaml:1", "include cycle"},
      {{{"main.yaml", "includes:\n  - ../secret.yaml\n"}}, "main.yaml:2", "leads out"},
      {{{"main.yaml", "includes: [sub/../../x.yaml]\n"}}, "main.yaml:1", "leads out"},
      {{{"main.yaml", "includes: [/etc/passwd]\n"}}, "main.yaml:1", "relative path"},
      {{{"main.yaml", "includes: [missing.yaml]\n"}}, "main.yaml:1", "does not exist"},
      {{{"main.yaml", "includes: 5\n"}}, "main.yaml:1", "must be a list"},
  };
  for (const Case& c : cases) {
    const auto r = ImportMap(c.files);
    ASSERT_FALSE(r.ok()) << c.words;
    EXPECT_NE(r.error().ToString().find(c.where), std::string::npos) << r.error().ToString();
    EXPECT_NE(r.error().ToString().find(c.words), std::string::npos) << r.error().ToString();
  }
  // Too deep: a chain of includes longer than the bound.
  std::map<std::string, std::string> chain = {{"main.yaml", "includes: [f1.yaml]\n"}};
  for (int i = 1; i <= kMaxIncludeDepth + 1; ++i) {
    chain["f" + std::to_string(i) + ".yaml"] = "includes: [f" + std::to_string(i + 1) + ".yaml]\n";
  }
  auto deep = ImportMap(chain);
  ASSERT_FALSE(deep.ok());
  EXPECT_NE(deep.error().message.find("nested more than"), std::string::npos);
  // Too many: one file including the same empty file over and over.
  std::string many = "includes:\n";
  for (int i = 0; i <= kMaxIncludeFiles; ++i) many += "  - e.yaml\n";
  auto wide = ImportMap({{"main.yaml", many}, {"e.yaml", "{}\n"}});
  ASSERT_FALSE(wide.ok());
  EXPECT_NE(wide.error().message.find("included files"), std::string::npos);
}

TEST(ModelImportThreagile, SymlinkOutOfTheFolderIsRefused) {
  testing::TempDir dir;
  dir.Write("outside/secret.yaml", "title: secret\n");
  dir.Write("model/main.yaml", "includes: [link.yaml]\n");
  std::filesystem::create_symlink(dir.path() / "outside/secret.yaml",
                                  dir.path() / "model/link.yaml");
  DiskIncludeReader reader(dir.path() / "model");
  const auto r = ImportThreagile("includes: [link.yaml]\n", (dir.path() / "model/main.yaml").string(),
                                 reader);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("leads out"), std::string::npos) << r.error().ToString();
}

TEST(ModelImportThreagile, UnknownEnumsAndReferencesNameTheLine) {
  auto r = ImportMap({{"main.yaml", "data_assets:\n  D:\n    id: d\n    quantity: heaps\n"}});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().ToString().find("main.yaml:4"), std::string::npos);
  r = ImportMap({{"main.yaml",
                  "technical_assets:\n  A:\n    id: a\n    communication_links:\n      L:\n"
                  "        target: nowhere\n"}});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().ToString().find("targets no technical asset"), std::string::npos);
}

TEST(ModelImportIds, SlugsAreDeterministicAndDeduplicated) {
  import_internal::IdMaker ids;
  EXPECT_EQ(ids.Make("Web Server", "c").str(), "web-server");
  EXPECT_EQ(ids.Make("web_server!", "c").str(), "web-server-2");
  EXPECT_EQ(ids.Make("WEB SERVER", "c").str(), "web-server-3");
  EXPECT_EQ(ids.Make("42 things", "c").str(), "c-42-things");
  EXPECT_EQ(ids.Make("", "flow").str(), "flow");
  EXPECT_EQ(ids.Make("ÜÜ", "flow").str(), "flow-2");
  EXPECT_LE(ids.Make(std::string(300, 'a'), "c").str().size(), 64u);
  EXPECT_TRUE(import_internal::LooksLikeUuid("f0ba7722-39b6-4c81-8290-a30a248bb8d9"));
  EXPECT_FALSE(import_internal::LooksLikeUuid("web-server"));
  EXPECT_EQ(import_internal::PlainText("<b>Risk</b> at  <i>DB</i>\n &amp; a < b"), "Risk at DB & a < b");
}

}  // namespace
}  // namespace fledger::model
