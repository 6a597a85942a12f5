// End-to-end tests of `fledger model diagram`, `model report` and `model diff`: formats, files
// written, the SVG bound, the diff gate's exit codes and bad input on either side.
#include "cli_fixture.h"

namespace fledger::e2e {
namespace {

class ModelRenderCliTest : public CliTest {
 protected:
  void SetUp() override { CopyFixture("examples/vulnshop", "vulnshop"); }
};

constexpr const char* kVulnshop = "vulnshop/threatmodel.yaml";

TEST_F(ModelRenderCliTest, DiagramFormats) {
  const auto dot = Run({"model", "diagram", kVulnshop});
  ASSERT_EQ(dot.exit_code, 0) << dot.err;
  EXPECT_EQ(dot.out.rfind("digraph threatmodel {\n", 0), 0u) << dot.out;
  EXPECT_NE(dot.out.find("subgraph \"cluster_app-network\""), std::string::npos);
  const auto mmd = Run({"model", "diagram", kVulnshop, "--format", "mermaid"});
  ASSERT_EQ(mmd.exit_code, 0) << mmd.err;
  EXPECT_EQ(mmd.out.rfind("flowchart LR\n", 0), 0u);
  const auto svg = Run({"model", "diagram", kVulnshop, "--format", "svg", "--out", "d.svg"});
  ASSERT_EQ(svg.exit_code, 0) << svg.err;
  EXPECT_TRUE(svg.out.empty());
  const std::string written = testing::ReadFile(dir_.path() / "d.svg");
  EXPECT_NE(written.find("<svg"), std::string::npos);
  EXPECT_EQ(written.find("<script"), std::string::npos);
  EXPECT_NE(written.find(">Web API</text>"), std::string::npos);
  // Deterministic.
  EXPECT_EQ(Run({"model", "diagram", kVulnshop}).out, dot.out);
}

TEST_F(ModelRenderCliTest, DiagramBadInputIsExitTwo) {
  ExpectInputError(Run({"model", "diagram", kVulnshop, "--format", "png"}), "--format",
                   "semantics");
  ExpectInputError(Run({"model", "diagram", "missing.yaml"}), "missing.yaml", "origin");
  dir_.Write("bad.yaml", "version: 1\ncomponents:\n  - id: x\n    name: X\n    exposure: public\n");
  ExpectInputError(Run({"model", "diagram", "bad.yaml"}), "bad.yaml:5", "semantics");
  // Over the SVG bound: a clear one-line error; DOT still draws it.
  std::string big = "version: 1\ncomponents:\n";
  for (int i = 0; i < 401; ++i) big += "  - {id: c" + std::to_string(i) + ", name: C}\n";
  dir_.Write("big.yaml", big);
  const auto r = Run({"model", "diagram", "big.yaml", "--format", "svg"});
  ExpectInputError(r, "big.yaml", "size");
  EXPECT_NE(r.err.find("at most 400"), std::string::npos) << r.err;
  EXPECT_EQ(Run({"model", "diagram", "big.yaml"}).exit_code, 0);
}

TEST_F(ModelRenderCliTest, ReportWritesMarkdownAndHtml) {
  const auto r = Run({"model", "report", kVulnshop, "--out", "out/report"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Wrote out/report/threatmodel.md and out/report/threatmodel.html"),
            std::string::npos)
      << r.out;
  const std::string md = testing::ReadFile(dir_.path() / "out/report/threatmodel.md");
  const std::string html = testing::ReadFile(dir_.path() / "out/report/threatmodel.html");
  EXPECT_NE(md.find("```mermaid\nflowchart LR\n"), std::string::npos);
  EXPECT_NE(md.find("## Sensitive data"), std::string::npos);
  EXPECT_NE(html.find("<svg"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_NE(html.find("Misuse cases ranked by value to an attacker"), std::string::npos);
  // --out that is a file: exit 2 before anything is written.
  dir_.Write("file", "x");
  ExpectInputError(Run({"model", "report", kVulnshop, "--out", "file"}), "--out", "origin");
}

TEST_F(ModelRenderCliTest, ReportOfAModelTooLargeToLayOutSaysSo) {
  std::string big = "version: 1\nname: big\ncomponents:\n";
  for (int i = 0; i < 401; ++i) big += "  - {id: c" + std::to_string(i) + ", name: C}\n";
  dir_.Write("big.yaml", big);
  const auto r = Run({"model", "report", "big.yaml", "--out", "o"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("the HTML has no diagram"), std::string::npos) << r.out;
  const std::string html = testing::ReadFile(dir_.path() / "o/threatmodel.html");
  EXPECT_NE(html.find("The diagram was not drawn: the model has 401 diagram elements"),
            std::string::npos);
}

TEST_F(ModelRenderCliTest, DiffExitCodes) {
  // Same model: nothing changed, exit 0.
  auto r = Run({"model", "diff", kVulnshop, kVulnshop});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("0 new unaccepted high risk(s)"), std::string::npos) << r.out;
  // B adds an internet-exposed cache without authentication that holds credentials: exit 1.
  const std::string before =
      "version: 1\ncomponents:\n  - {id: api, name: API, paths: [a/], authentication: token, "
      "permissions: RBAC, audit_log: true}\n";
  const std::string after =
      before +
      "  - {id: cache, name: Cache, exposure: internet, authentication: none, data: [keys]}\n"
      "data:\n  - {id: keys, name: Keys, classification: secret, credentials: true}\n";
  dir_.Write("a.yaml", before);
  dir_.Write("b.yaml", after);
  r = Run({"model", "diff", "a.yaml", "b.yaml"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("+ component cache: Cache"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("NEW UNACCEPTED HIGH RISK"), std::string::npos) << r.out;
  // JSON for CI: the same verdict.
  r = Run({"model", "diff", "a.yaml", "b.yaml", "--format", "json"});
  EXPECT_EQ(r.exit_code, 1);
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_GT(doc["new_high_risks"].get<int>(), 0);
  EXPECT_EQ(doc["elements"][0]["change"], "added");
  // The other way round: risks removed, exit 0.
  EXPECT_EQ(Run({"model", "diff", "b.yaml", "a.yaml"}).exit_code, 0);
  // An assumption excluding every category accepts them all: exit 0.
  dir_.Write("c.yaml", after + "assumptions:\n  - {id: ok, statement: fine, excludes: [spoofing, "
                               "tampering, repudiation, information-disclosure, "
                               "denial-of-service, elevation-of-privilege]}\n");
  EXPECT_EQ(Run({"model", "diff", "a.yaml", "c.yaml"}).exit_code, 0);
}

TEST_F(ModelRenderCliTest, DiffOfVulnshopVersions) {
  // docs/model.md's example: v2 adds an internet-exposed cache (17 new high risks), v3 accepts
  // them through an assumption, an accepted threat and an active control.
  CopyFixture("testdata/model/diff", "diff");
  auto r = Run({"model", "diff", kVulnshop, "diff/vulnshop-v2.yaml", "--format", "json"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)["new_high_risks"], 17);
  r = Run({"model", "diff", kVulnshop, "diff/vulnshop-v3.yaml"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("accepted as threat t-cache-disclosure"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("mitigated by active control c-cache-acl"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("excluded by a-cache-private-soon"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("      encrypted: false -> true"), std::string::npos) << r.out;
}

TEST_F(ModelRenderCliTest, DiffBadInputOnEitherSideIsExitTwo) {
  dir_.Write("bad.yaml", "version: 1\nactors: 5\n");
  ExpectInputError(Run({"model", "diff", "bad.yaml", kVulnshop}), "bad.yaml:2", "semantics");
  ExpectInputError(Run({"model", "diff", kVulnshop, "bad.yaml"}), "bad.yaml:2", "semantics");
  ExpectInputError(Run({"model", "diff", kVulnshop, "missing.yaml"}), "missing.yaml", "origin");
  ExpectInputError(Run({"model", "diff", kVulnshop, kVulnshop, "--format", "sarif"}), "--format",
                   "semantics");
  EXPECT_EQ(Run({"model", "diff", kVulnshop}).exit_code, 2);  // B is required
}

}  // namespace
}  // namespace fledger::e2e
