// End-to-end tests of `fledger model check`: the bundled example's model, exit codes 0/1/2, the
// JSON report, and hostile model files.
#include "cli_fixture.h"

namespace fledger::e2e {
namespace {

class ModelCliTest : public CliTest {};

TEST_F(ModelCliTest, ChecksTheBundledExample) {
  CopyFixture("examples/vulnshop", "vulnshop");
  const auto r = Run({"model", "check", "vulnshop/threatmodel.yaml"});
  // VulnShop is insecure on purpose: its model loads, and check warns about its flows.
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.out.find("crosses a trust boundary unencrypted"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("stale-path"), std::string::npos) << r.out;  // its paths all exist
  const auto j = Run({"model", "check", "vulnshop/threatmodel.yaml", "--format", "json"});
  const auto doc = nlohmann::json::parse(j.out);
  EXPECT_TRUE(doc["valid"].get<bool>());
  EXPECT_TRUE(doc["errors"].empty());
  EXPECT_FALSE(doc["warnings"].empty());
  EXPECT_TRUE(doc["warnings"][0]["line"].get<int>() > 0);
}

TEST_F(ModelCliTest, CleanModelExitsZero) {
  dir_.Write("src/main.c", "int main(void) { return 0; }\n");
  dir_.Write("threatmodel.yaml",
             "version: 1\nname: tool\ncomponents:\n  - id: cli\n    name: CLI\n"
             "    paths: [src/]\n");
  const auto r = Run({"model", "check"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("valid, no warnings"), std::string::npos) << r.out;
}

TEST_F(ModelCliTest, ModelThatDoesNotLoadIsExitTwoWithEveryProblem) {
  dir_.Write("threatmodel.yaml",
             "version: 1\ncomponents:\n  - id: a\n    name: A\n    boundary: nowhere\n"
             "  - id: a\n    name: again\n");
  const auto r = Run({"model", "check", "threatmodel.yaml"});
  ExpectInputError(r, "threatmodel.yaml:6", "semantics");  // the duplicate comes first
  EXPECT_NE(r.out.find("duplicate id 'a'"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("no element has the id 'nowhere'"), std::string::npos) << r.out;
}

TEST_F(ModelCliTest, HostileFilesAreOneLineErrors) {
  dir_.Write("deep.yaml", "version: 1\nname: " + std::string(5000, '[') + "\n");
  ExpectInputError(Run({"model", "check", "deep.yaml"}), "deep.yaml:2", "size");
  dir_.Write("esc.yaml", "version: 1\nname: \"\\e[31mred\"\nactors: 5\n");
  const auto esc = Run({"model", "check", "esc.yaml"});
  EXPECT_EQ(esc.exit_code, 2);
  EXPECT_EQ(esc.out.find('\x1b'), std::string::npos);
  ExpectInputError(Run({"model", "check", "missing.yaml"}), "missing.yaml", "origin");
}

TEST_F(ModelCliTest, ThreatsRankMisuseCasesForPrograms) {
  CopyFixture("examples/vulnshop", "vulnshop");
  const auto r = Run({"model", "threats", "vulnshop/threatmodel.yaml", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  const auto& cases = doc["misuse_cases"];
  ASSERT_GE(cases.size(), 10u);
  double previous = 1e18;
  for (const auto& c : cases) {
    const double score = c["score"].get<double>();
    EXPECT_LE(score, previous) << c["id"];
    previous = score;
    EXPECT_GT(c["path_cost"].get<double>(), 0);
    EXPECT_NEAR(score, c["gain"].get<double>() / c["path_cost"].get<double>(), 0.001) << c["id"];
    EXPECT_FALSE(c["path"].empty());
    EXPECT_EQ(c["path"].back()["element"], c["target"]);
    EXPECT_FALSE(c["cheapest_control"].get<std::string>().empty());
  }
  EXPECT_GE(doc["threats"].size(), 40u);
  EXPECT_FALSE(doc["inverted_assumptions"].empty());
  // Deterministic: the same model, the same bytes.
  EXPECT_EQ(Run({"model", "threats", "vulnshop/threatmodel.yaml", "--format", "json"}).out, r.out);
  const auto table = Run({"model", "threats", "vulnshop/threatmodel.yaml"});
  EXPECT_NE(table.out.find("1.  "), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("cut it: "), std::string::npos) << table.out;
}

TEST_F(ModelCliTest, InitDraftsThenProposesInsteadOfOverwriting) {
  dir_.Write("app/docker-compose.yml",
             "services:\n  web:\n    build: ./web\n    ports: [\"80:80\"]\n"
             "    environment:\n      DB: postgres://u:pw@db/x\n  db:\n    image: postgres:16\n");
  dir_.Write("app/web/index.js", "console.log(1)\n");
  auto r = Run({"model", "init", "app"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("2 component(s), 1 flow(s)"), std::string::npos) << r.out;
  EXPECT_EQ(Run({"model", "check", "app/threatmodel.yaml"}).exit_code, 0);
  EXPECT_EQ(Run({"model", "threats", "app/threatmodel.yaml"}).exit_code, 0);
  // The user edits the model; the repository gains a service; init proposes, never overwrites.
  std::string edited = testing::ReadFile(dir_.path() / "app/threatmodel.yaml") + "# my notes\n";
  dir_.Write("app/threatmodel.yaml", edited);
  dir_.Write("app/docker-compose.yml", testing::ReadFile(dir_.path() / "app/docker-compose.yml") +
                                           "  cache:\n    image: redis:7\n");
  r = Run({"model", "init", "app"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("+ component cache"), std::string::npos) << r.out;
  EXPECT_EQ(testing::ReadFile(dir_.path() / "app/threatmodel.yaml"), edited);
  EXPECT_TRUE(std::filesystem::exists(dir_.path() / "app/threatmodel.proposed.yaml"));
  // --force overwrites.
  EXPECT_EQ(Run({"model", "init", "app", "--force"}).exit_code, 0);
  EXPECT_NE(testing::ReadFile(dir_.path() / "app/threatmodel.yaml"), edited);
  ExpectInputError(Run({"model", "init", "nowhere"}), "nowhere", "origin");
}

TEST_F(ModelCliTest, ScannerFindingsAreEvidenceForTheModel) {
  CopyFixture("examples/vulnshop", "vulnshop");
  const auto sca = Run({"sca", "vulnshop", "--format", "json", "--max-age-days", "0"});
  ASSERT_NE(sca.exit_code, 2) << sca.err;
  dir_.Write("sca.json", sca.out);
  const auto r = Run({"model", "threats", "vulnshop/threatmodel.yaml", "--findings", "sca.json",
                      "--root", "vulnshop", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  ASSERT_FALSE(doc["evidence"].empty());
  size_t placed = 0, likelier = 0;
  for (const auto& f : doc["evidence"]) placed += f["element"].get<std::string>().empty() ? 0 : 1;
  for (const auto& t : doc["threats"]) likelier += t.contains("base_likelihood") ? 1 : 0;
  EXPECT_GT(placed, 0u);
  EXPECT_GT(likelier, 0u);
  bool rejected_by_finding = false;
  for (const auto& inv : doc["inverted_assumptions"]) {
    if (!inv["contradicted_by"].empty()) {
      rejected_by_finding = true;
      EXPECT_EQ(inv["status"], "rejected");
    }
  }
  EXPECT_TRUE(rejected_by_finding);  // VulnShop's "dependencies are patched" assumptions

  dir_.Write("bad.json", "{\"runs\": 3}");
  ExpectInputError(Run({"model", "threats", "vulnshop/threatmodel.yaml", "--findings", "bad.json"}),
                   "bad.json", "semantics");
  ExpectInputError(Run({"model", "threats", "vulnshop/threatmodel.yaml", "--findings", "nope.json"}),
                   "nope.json", "origin");
}

TEST_F(ModelCliTest, ExtraRuleFamiliesComeFromAFolder) {
  dir_.Write("threatmodel.yaml", "version: 1\ncomponents:\n  - {id: app, name: App, technology: cobol}\n");
  dir_.Write("rules/legacy.yaml", R"(family: legacy
rules:
  - id: legacy-runtime
    title: "{name} runs on a legacy runtime"
    category: tampering
    cwe: CWE-1104
    capec: CAPEC-1
    applies_to: component
    when: {technology: cobol}
    description: Old runtimes get no patches.
    mitigation: Plan the migration.
    examples:
      - fires_on: app
        model: "version: 1\ncomponents: [{id: app, name: App, technology: cobol}]"
      - model: "version: 1\ncomponents: [{id: app, name: App}]"
)");
  const auto r = Run({"model", "threats", "--rules", "rules", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("\"legacy-runtime@app\""), std::string::npos) << r.out;
  dir_.Write("bad-rules/x.yaml", "family: x\nrules:\n  - id: r\n    colour: red\n");
  ExpectInputError(Run({"model", "threats", "--rules", "bad-rules"}), "x.yaml:4", "semantics");
}

}  // namespace
}  // namespace fledger::e2e
