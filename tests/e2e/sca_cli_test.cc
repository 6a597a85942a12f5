// End-to-end tests of the Package Analysis verbs (sca, deps, db): the fledger binary on copies of
// the bundled example and of real lockfiles, with a private vulnerability database per test.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "test_util.h"

namespace fledger {
namespace {

using testing::ReadFile;
using testing::RunFledger;
using testing::SourceDir;
using testing::TempDir;
namespace stdfs = std::filesystem;

class ScaCliTest : public ::testing::Test {
 protected:
  testing::RunResult Run(const std::vector<std::string>& args) {
    return RunFledger(args, dir_.path(),
                      {"FLEDGER_DB=" + (dir_.path() / "fledger.db").string(),
                       "FLEDGER_VULN_DB=" + (dir_.path() / "vulns.db").string(),
                       "XDG_DATA_HOME=" + (dir_.path() / "xdg").string()});
  }
  void CopyExample() {
    stdfs::copy(SourceDir() / "examples/vulnshop", dir_.path() / "shop",
                stdfs::copy_options::recursive);
  }
  static nlohmann::json Parse(const std::string& text) { return nlohmann::json::parse(text); }
  TempDir dir_;
};

// The findings of `doc` as "rule_id package@version" strings.
std::set<std::string> Ids(const nlohmann::json& doc) {
  std::set<std::string> out;
  for (const auto& f : doc["findings"]) {
    out.insert(f["rule_id"].get<std::string>() + " " + f["package"]["name"].get<std::string>() +
               "@" + f["package"]["version"].get<std::string>());
  }
  return out;
}

TEST_F(ScaCliTest, ExampleReportsKnownVulnerableVersionsFromTheBundledSnapshot) {
  CopyExample();
  const auto r = Run({"sca", "shop", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto doc = Parse(r.out);
  const auto ids = Ids(doc);
  // One per ecosystem, each read by hand from the corpus record: minimist 1.2.0 < 1.2.6
  // (GHSA-xvch-5gv4-984h), urllib3 1.23 (PYSEC-2019-132), gin v1.7.0 < 1.7.7 (GO-2021-0052).
  EXPECT_TRUE(ids.count("GHSA-xvch-5gv4-984h minimist@1.2.0")) << r.out.substr(0, 2000);
  EXPECT_TRUE(ids.count("PYSEC-2019-132 urllib3@1.23"));
  EXPECT_TRUE(ids.count("GO-2021-0052 github.com/gin-gonic/gin@1.7.0"));
  // Go's stdlib is not checked by default (go.mod's go line is a minimum, not the toolchain).
  for (const auto& id : ids) EXPECT_EQ(id.find(" stdlib@"), std::string::npos) << id;
  for (const auto& f : doc["findings"]) {
    EXPECT_EQ(f["kind"], "vulnerability");
    EXPECT_FALSE(f["fingerprint"].get<std::string>().empty());
    EXPECT_GT(f["location"]["line"].get<int>(), 0) << f.dump();
    EXPECT_FALSE(f["remediation"]["text"].get<std::string>().empty());
    EXPECT_EQ(f["package"]["purl"].get<std::string>().rfind("pkg:", 0), 0u);
  }
  // The minimist finding carries its alias and the smallest fixed version above 1.2.0.
  for (const auto& f : doc["findings"]) {
    if (f["rule_id"] == "GHSA-xvch-5gv4-984h") {
      EXPECT_EQ(f["remediation"]["fixed_version"], "1.2.6");
      EXPECT_EQ(f["aliases"], nlohmann::json::array({"CVE-2021-44906"}));
      EXPECT_EQ(f["location"]["path"], "web/package-lock.json");
    }
  }
  // Stable across runs: the same fingerprints again.
  const auto again = Parse(Run({"sca", "shop", "--format", "json"}).out);
  EXPECT_EQ(doc["findings"], again["findings"]);
  EXPECT_NE(r.err.find("days old"), std::string::npos) << r.err;  // the snapshot is old
}

TEST_F(ScaCliTest, FailOnGatesAndEveryRendererWorks) {
  CopyExample();
  EXPECT_EQ(Run({"sca", "shop", "--fail-on", "critical", "--quiet"}).exit_code, 1);
  for (const char* format : {"table", "json", "sarif", "md"}) {
    const auto r = Run({"sca", "shop", "--format", format, "--max-age-days", "0"});
    EXPECT_EQ(r.exit_code, 0) << format << r.err;
    EXPECT_NE(r.out.find("GHSA-xvch-5gv4-984h"), std::string::npos) << format;
    EXPECT_EQ(r.err.find("days old"), std::string::npos) << r.err;  // --max-age-days 0: no warning
  }
  const auto sarif = Parse(Run({"sca", "shop", "--format", "sarif"}).out);
  EXPECT_EQ(sarif["version"], "2.1.0");
}

TEST_F(ScaCliTest, IgnoreFileSuppressesWithAReasonAndStaysListable) {
  CopyExample();
  stdfs::create_directories(dir_.path() / "shop/.fledger");
  std::ofstream(dir_.path() / "shop/.fledger/sca-ignore.yaml")
      << "ignore:\n"
         "  - id: CVE-2021-44906\n"  // an alias of GHSA-xvch-5gv4-984h
         "    package: minimist\n"
         "    reason: \"only parses our own argv\"\n"
         "    expires: 2099-12-31\n"
         "  - id: GHSA-rv95-896h-c2vc\n"
         "    reason: \"expired entry\"\n"
         "    expires: 2001-01-01\n";
  const auto r = Run({"sca", "shop", "--format", "json", "--fail-on", "critical"});
  // The only critical finding is suppressed: the gate passes, and the finding is still there.
  EXPECT_EQ(r.exit_code, 0) << r.err;
  const auto doc = Parse(r.out);
  EXPECT_EQ(doc["summary"]["suppressed"], 1);
  bool listed = false;
  for (const auto& f : doc["findings"]) {
    if (f["rule_id"] == "GHSA-xvch-5gv4-984h") {
      listed = true;
      EXPECT_EQ(f["suppression"]["kind"], "ignore-file");
      EXPECT_EQ(f["suppression"]["reason"], "only parses our own argv");
    }
    if (f["rule_id"] == "GHSA-rv95-896h-c2vc") {
      EXPECT_FALSE(f.contains("suppression"));
    }
  }
  EXPECT_TRUE(listed);
  EXPECT_NE(r.err.find("expired"), std::string::npos) << r.err;
  const auto table = Run({"sca", "shop", "--show-suppressed"});
  EXPECT_NE(table.out.find("[suppressed: only parses our own argv]"), std::string::npos);
  // A malformed ignore file stops the run before any output: exit 2, one line naming the file.
  std::ofstream(dir_.path() / "shop/.fledger/sca-ignore.yaml") << "ignore:\n  - id: X\n";
  const auto bad = Run({"sca", "shop"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_TRUE(bad.out.empty());
  EXPECT_NE(bad.err.find("sca-ignore.yaml"), std::string::npos) << bad.err;
}

TEST_F(ScaCliTest, OpenVexNotAffectedSuppresses) {
  CopyExample();
  std::ofstream(dir_.path() / "vex.json") << R"({
    "@context": "https://openvex.dev/ns/v0.2.0", "@id": "https://example.com/vex/1",
    "author": "team", "timestamp": "2026-01-01T00:00:00Z", "version": 1,
    "statements": [{"vulnerability": {"name": "GHSA-xvch-5gv4-984h"},
                    "products": [{"@id": "pkg:npm/minimist@1.2.0"}],
                    "status": "not_affected",
                    "justification": "vulnerable_code_not_in_execute_path"}]})";
  const auto r = Run({"sca", "shop", "--vex", "vex.json", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto doc = Parse(r.out);
  EXPECT_EQ(doc["summary"]["suppressed"], 1) << r.err;
}

TEST_F(ScaCliTest, MalformedLockfileIsAWarningAndTheScanGoesOn) {
  CopyExample();
  std::ofstream(dir_.path() / "shop/web/yarn.lock") << "";  // fine (empty)
  stdfs::create_directories(dir_.path() / "shop/broken");
  std::ofstream(dir_.path() / "shop/broken/Cargo.lock") << "[[package]\nname = ";
  const auto r = Run({"sca", "shop"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("broken/Cargo.lock"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("syntax"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("Partial"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("GHSA-xvch-5gv4-984h"), std::string::npos);
}

TEST_F(ScaCliTest, BadInputExitsTwoWithOneLine) {
  for (const auto& args :
       std::vector<std::vector<std::string>>{{"sca", "no-such-dir"},
                                             {"sca", ".", "--max-age-days", "x"},
                                             {"sca", ".", "--vex", "missing.json"},
                                             {"deps", "why", ""},
                                             {"deps", "sbom", ".", "--format", "sarif"},
                                             {"db", "update", "--base-url", "http://example.com"},
                                             {"db", "import", "missing.zip"}}) {
    const auto r = Run(args);
    EXPECT_EQ(r.exit_code, 2) << args[0] << " " << args[1] << ": " << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  }
  std::ofstream(dir_.path() / "notes.txt") << "hello";
  const auto r = Run({"sca", "notes.txt"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("not a lockfile"), std::string::npos) << r.err;
}

TEST_F(ScaCliTest, DepsWhyGivesEveryPathAndTreeListsThePackages) {
  CopyExample();
  const auto why = Run({"deps", "why", "qs", "shop", "--format", "json"});
  ASSERT_EQ(why.exit_code, 0) << why.err;
  const auto doc = Parse(why.out);
  ASSERT_FALSE(doc["results"].empty());
  for (const auto& result : doc["results"]) {
    ASSERT_FALSE(result["paths"].empty());
    for (const auto& path : result["paths"]) {
      // Each path ends at qs and starts at a direct dependency.
      EXPECT_EQ(path.back().get<std::string>().rfind("qs@", 0), 0u) << path.dump();
    }
  }
  const auto text = Run({"deps", "why", "qs", "shop"});
  EXPECT_NE(text.out.find("express@4.17.1 > "), std::string::npos) << text.out;
  const auto tree = Run({"deps", "tree", "shop", "--format", "json"});
  ASSERT_EQ(tree.exit_code, 0) << tree.err;
  const auto t = Parse(tree.out);
  std::set<std::string> manifests;
  for (const auto& m : t["manifests"]) manifests.insert(m["path"].get<std::string>());
  EXPECT_TRUE(manifests.count("web/package-lock.json"));
  EXPECT_TRUE(manifests.count("worker/requirements.txt"));
  EXPECT_TRUE(manifests.count("gateway/go.mod"));
  const auto unknown = Run({"deps", "why", "no-such-package", "shop"});
  EXPECT_EQ(unknown.exit_code, 2);
}

TEST_F(ScaCliTest, DepsImpactFindsImportsAndVulnerabilitiesAndSavesEvidence) {
  CopyExample();
  const auto r = Run({"deps", "impact", "gopkg.in/yaml.v2", "shop", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto doc = Parse(r.out);
  ASSERT_EQ(doc["results"].size(), 1u);
  const auto& res = doc["results"][0];
  bool imported = false;
  for (const auto& site : res["imported_at"]) {
    imported |= site["path"] == "gateway/main.go" && site["line"].get<int>() > 0;
  }
  EXPECT_TRUE(imported) << res.dump();
  std::set<std::string> vulns;
  for (const auto& v : res["vulnerabilities"]) vulns.insert(v["id"].get<std::string>());
  EXPECT_TRUE(vulns.count("GO-2020-0036")) << res.dump();
  const auto saved = Run({"deps", "impact", "lodash", "shop", "--save", "user", "--out", "ws"});
  ASSERT_EQ(saved.exit_code, 0) << saved.err;
  const auto evidence =
      nlohmann::json::parse(ReadFile(dir_.path() / "ws/assessments/user/evidence.json"));
  ASSERT_TRUE(evidence.is_array());
  ASSERT_EQ(evidence.size(), 1u);
  EXPECT_EQ(evidence[0]["category"], "Package Analysis");
  EXPECT_EQ(evidence[0]["fledger_impact"]["purl"], "pkg:npm/lodash@4.17.15");
}

TEST_F(ScaCliTest, SbomOfARealLockfileHoldsEveryLockedPackageAndValidates) {
  const stdfs::path lock =
      SourceDir() / "src/sca/javascript/testdata/real-world/2-package-lock.json";
  stdfs::create_directories(dir_.path() / "app");
  stdfs::copy_file(lock, dir_.path() / "app/package-lock.json");
  const auto tree = Parse(Run({"deps", "tree", "app", "--format", "json"}).out);
  const auto r = Run({"deps", "sbom", "app", "-o", "bom.json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto bom = nlohmann::json::parse(ReadFile(dir_.path() / "bom.json"));
  EXPECT_EQ(bom["bomFormat"], "CycloneDX");
  EXPECT_EQ(bom["specVersion"], "1.6");
  EXPECT_EQ(bom["components"].size(), tree["packages"].size());
  EXPECT_GE(bom["components"].size(), 1400u);  // the lockfile has 1 468 entries, some repeated
  const std::string cmd = (SourceDir() / "tests/sca/validate_cyclonedx.sh").string() + " " +
                          (dir_.path() / "bom.json").string() + " >/dev/null 2>&1";
  EXPECT_EQ(std::system(cmd.c_str()), 0) << "bom.json does not validate against CycloneDX 1.6";
  // The SBOM is also an input: sca and deps read it back.
  const auto back = Parse(Run({"deps", "tree", "bom.json", "--format", "json"}).out);
  EXPECT_EQ(back["packages"].size(), tree["packages"].size());
}

TEST_F(ScaCliTest, DbImportWarnsOnInvalidRecordsAndGoesOn) {
  stdfs::create_directories(dir_.path() / "osv");
  for (const char* name : {"GHSA-xvch-5gv4-984h.json"}) {
    stdfs::copy_file(SourceDir() / "data/osv/npm" / name, dir_.path() / "osv" / name);
  }
  std::ofstream(dir_.path() / "osv/broken.json") << R"({"id": "X-1"})";  // no "modified"
  const auto r = Run({"db", "import", "osv", "--vuln-db", "own.db", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto doc = Parse(r.out);
  EXPECT_EQ(doc["import"]["inserted"], 1);
  EXPECT_EQ(doc["import"]["rejected"], 1);
  EXPECT_NE(r.err.find("broken.json"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("semantics"), std::string::npos) << r.err;
  // Idempotent: the same import again changes nothing.
  const auto again =
      Parse(Run({"db", "import", "osv", "--vuln-db", "own.db", "--format", "json"}).out);
  EXPECT_EQ(again["import"]["inserted"], 0);
  EXPECT_EQ(again["import"]["unchanged"], 1);
  const auto status = Parse(Run({"db", "status", "--vuln-db", "own.db", "--format", "json"}).out);
  EXPECT_EQ(status["records"], 1);
}

}  // namespace
}  // namespace fledger
