// End-to-end tests of `fledger model import` and `fledger model export`: exit codes 0 and 2, the
// written file loads and checks, --out refuses to overwrite without --force, hostile includes,
// and their help snapshots.
#include "cli_fixture.h"

namespace fledger::e2e {
namespace {

using testing::CompareGolden;
using testing::ReadFile;
using testing::SourceDir;

class ModelExchangeCliTest : public CliTest {};

TEST_F(ModelExchangeCliTest, HelpMatchesSnapshot) {
  for (const std::string verb : {"import", "export"}) {
    const auto r = Run({"model", verb, "--help"});
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_EQ(CompareGolden(SourceDir() / "testdata/cli/help" / ("model-" + verb + ".txt"), r.out),
              "");
  }
}

TEST_F(ModelExchangeCliTest, ImportsTheSplitThreagileModelToAFileThatChecks) {
  CopyFixture("testdata/model/import/threagile/split-model", "split");
  auto r = Run({"model", "import", "split/main.yaml", "--out", "threatmodel.yaml"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("14 component(s), 20 flow(s)"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("note: "), std::string::npos) << r.err;  // what was dropped
  const auto check = Run({"model", "check", "threatmodel.yaml", "--format", "json"});
  EXPECT_TRUE(nlohmann::json::parse(check.out)["valid"].get<bool>()) << check.out;
  EXPECT_TRUE(nlohmann::json::parse(check.out)["errors"].empty());
  // No overwrite without --force; with it, the same bytes again.
  const std::string first = ReadFile(dir_.path() / "threatmodel.yaml");
  r = Run({"model", "import", "split/main.yaml", "--out", "threatmodel.yaml"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--force"), std::string::npos) << r.err;
  r = Run({"model", "import", "split/main.yaml", "--out", "threatmodel.yaml", "--force", "-q"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(ReadFile(dir_.path() / "threatmodel.yaml"), first);
}

TEST_F(ModelExchangeCliTest, DetectsEachFormatAndPrintsYaml) {
  CopyFixture("testdata/model/import", "in");
  for (const std::string file :
       {"in/threagile/threagile-stub.yaml", "in/otm/EXAMPLE.json", "in/otm/tf_example.otm.yaml",
        "in/threat-dragon/demo/generic-cms.json", "in/pytm/input-model.json"}) {
    const auto r = Run({"model", "import", file, "-q"});
    EXPECT_EQ(r.exit_code, 0) << file << ": " << r.err;
    EXPECT_EQ(r.out.rfind("# Threat model", 0), 0u) << file;
  }
  const auto forced = Run({"model", "import", "in/pytm/input-model.json", "--from", "otm"});
  ExpectInputError(forced, "input-model.json", "semantics");
}

TEST_F(ModelExchangeCliTest, BadInputIsExitTwoWithFileAndLine) {
  dir_.Write("m/main.yaml", "title: x\nincludes:\n  - ../outside.yaml\n");
  ExpectInputError(Run({"model", "import", "m/main.yaml"}), "m/main.yaml:3", "origin");
  dir_.Write("c/main.yaml", "includes: [a.yaml]\n");
  dir_.Write("c/a.yaml", "includes: [main.yaml]\n");
  ExpectInputError(Run({"model", "import", "c/main.yaml"}), "c/a.yaml:1", "semantics");
  dir_.Write("unknown.json", "{\"hello\": 1}\n");
  ExpectInputError(Run({"model", "import", "unknown.json"}), "unknown.json", "semantics");
  ExpectInputError(Run({"model", "import", "missing.yaml"}), "missing.yaml", "origin");
  EXPECT_EQ(Run({"model", "import", "unknown.json", "--from", "visio"}).exit_code, 2);
  EXPECT_EQ(Run({"model", "import"}).exit_code, 2);
}

// Bidirectional flows double their long descriptions: the written model passes the loader's
// 8 MiB though the input does not. That is the input's size (exit 2), not an internal error.
TEST_F(ModelExchangeCliTest, AnImportTooLargeToLoadIsAnInputError) {
  std::string words;
  while (words.size() < 3990) words += "lorem ipsum ";
  std::string otm = R"({"otmVersion": "0.2.0", "project": {"name": "p", "id": "p"},
    "components": [{"id": "a", "name": "A", "type": "web"}, {"id": "b", "name": "B", "type": "web"}],
    "dataflows": [)";
  for (int i = 0; i < 1200; ++i) {
    otm += std::string(i ? "," : "") + R"({"id": "f)" + std::to_string(i) +
           R"(", "source": "a", "destination": "b", "bidirectional": true, "description": ")" +
           words + R"("})";
  }
  otm += "]}";
  dir_.Write("big.otm.json", otm);
  const auto r = Run({"model", "import", "big.otm.json"});
  ExpectInputError(r, "big.otm.json", "size");
  EXPECT_NE(r.err.find("too large to load"), std::string::npos) << r.err;
}

TEST_F(ModelExchangeCliTest, ExportsOtmThatImportsBack) {
  CopyFixture("examples/vulnshop", "vulnshop");
  auto r = Run({"model", "export", "vulnshop/threatmodel.yaml", "--format", "otm"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["otmVersion"], "0.2.0");
  r = Run({"model", "export", "vulnshop/threatmodel.yaml", "--format", "otm", "--out", "v.otm.json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = Run({"model", "import", "v.otm.json", "--out", "back.yaml", "-q"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(Run({"model", "check", "back.yaml"}).exit_code, 2);
  EXPECT_EQ(Run({"model", "export", "vulnshop/threatmodel.yaml", "--format", "xml"}).exit_code, 2);
  EXPECT_EQ(Run({"model", "export", "vulnshop/threatmodel.yaml", "--format", "otm", "--out",
                 "v.otm.json"}).exit_code,
            2);
}

}  // namespace
}  // namespace fledger::e2e
