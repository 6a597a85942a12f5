// End-to-end tests of `fledger secrets` and `fledger rules check`: the binary on a copy of a
// planted tree (testdata/secrets/golden/tree: fake credentials and look-alikes).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <zlib.h>

#include "test_util.h"

namespace fledger {
namespace {

using testing::ReadFile;
using testing::RunFledger;
using testing::SourceDir;
using testing::TempDir;
namespace stdfs = std::filesystem;

class SecretsCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    stdfs::copy(SourceDir() / "testdata/secrets/golden/tree", dir_.path() / "tree",
                stdfs::copy_options::recursive);
  }
  testing::RunResult Run(const std::vector<std::string>& args) {
    return RunFledger(args, dir_.path(),
                      {"FLEDGER_DB=" + (dir_.path() / "fledger.db").string(),
                       "XDG_DATA_HOME=" + (dir_.path() / "xdg").string()});
  }
  // Every value the tree's planted secrets hold (the text after '=' or ': ' on lines that the
  // scan reports), read from the files themselves.
  std::vector<std::string> PlantedValues(const nlohmann::json& report) {
    std::vector<std::string> values;
    for (const auto& f : report["findings"]) {
      const std::string path = f["location"]["path"];
      const std::string text = ReadFile(dir_.path() / "tree" / path);
      size_t line_start = 0;
      for (int l = 1; l < f["location"]["line"].get<int>(); ++l) {
        line_start = text.find('\n', line_start) + 1;
      }
      if (f["location"]["end_line"] != f["location"]["line"]) continue;  // key blocks: below
      const size_t begin = line_start + f["location"]["column"].get<size_t>() - 1;
      const size_t end = line_start + f["location"]["end_column"].get<size_t>() - 1;
      values.push_back(text.substr(begin, end - begin));
    }
    return values;
  }
  TempDir dir_;
};

TEST_F(SecretsCliTest, JsonReportMatchesGolden) {
  const auto r = Run({"secrets", "tree", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(testing::CompareGolden(SourceDir() / "testdata/secrets/golden/tree.json", r.out), "");
}

// -o - is standard output (as in gitleaks and most tools), not a file named "-".
TEST_F(SecretsCliTest, OutputDashIsStandardOutput) {
  const auto r = Run({"secrets", "tree", "--format", "json", "-o", "-"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)["summary"]["total"], 12) << r.out.substr(0, 200);
  EXPECT_FALSE(stdfs::exists(dir_.path() / "-"));
}

TEST_F(SecretsCliTest, FindsEveryPlantedSecretAndNoLookAlike) {
  const auto r = Run({"secrets", "tree", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  std::set<std::string> found;
  for (const auto& f : doc["findings"]) {
    found.insert(f["location"]["path"].get<std::string>() + ":" +
                 std::to_string(f["location"]["line"].get<int>()));
  }
  const std::set<std::string> planted = {
      "app/.env:2",           "app/.env:3",           "app/.env:4",         "app/.env:5",
      "app/.env:6",           "app/settings.py:3",    "app/settings.py:4",  "app/settings.py:8",
      "deploy/values.yaml:3", "deploy/values.yaml:4", "deploy/server.key:1", "docs/setup.md:6",
      "web/index.html:2"};
  EXPECT_EQ(found, planted);
}

TEST_F(SecretsCliTest, NoSecretValueAppearsInAnyFormat) {
  const auto json = Run({"secrets", "tree", "--format", "json"});
  ASSERT_EQ(json.exit_code, 0);
  const auto values = PlantedValues(nlohmann::json::parse(json.out));
  ASSERT_GE(values.size(), 12u);
  const std::string key = ReadFile(dir_.path() / "tree/deploy/server.key");
  const std::string key_line = key.substr(key.find('\n') + 1, 40);
  for (const char* format : {"table", "json", "sarif", "md"}) {
    const auto r = Run({"secrets", "tree", "--format", format, "--show-suppressed", "-v"});
    ASSERT_EQ(r.exit_code, 0) << format << r.err;
    for (const auto& v : values) {
      EXPECT_EQ(r.out.find(v), std::string::npos) << format << " leaks " << v.substr(0, 6);
      EXPECT_EQ(r.err.find(v), std::string::npos) << format << " leaks " << v.substr(0, 6);
    }
    EXPECT_EQ(r.out.find(key_line), std::string::npos) << format;
  }
}

TEST_F(SecretsCliTest, SarifIsValidShapeWithFingerprints) {
  const auto r = Run({"secrets", "tree", "--format", "sarif"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["version"], "2.1.0");
  const auto& results = doc["runs"][0]["results"];
  EXPECT_EQ(results.size(), 13u);
  for (const auto& res : results) EXPECT_TRUE(res.contains("partialFingerprints"));
}

TEST_F(SecretsCliTest, GateBaselineAndAllowlist) {
  // --fail-on: exit 1 on a high finding.
  EXPECT_EQ(Run({"secrets", "tree", "--fail-on", "high"}).exit_code, 1);
  // A baseline of today's report: nothing new, the gate passes.
  const auto base = Run({"secrets", "tree", "--format", "json", "-o", "base.json"});
  ASSERT_EQ(base.exit_code, 0) << base.err;
  auto r = Run({"secrets", "tree", "--baseline", "base.json", "--fail-on", "low"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("0 secret(s), 13 suppressed"), std::string::npos) << r.err;
  // A new secret is not in the baseline.
  std::ofstream(dir_.path() / "tree/new.env")
      << "NPM_TOKEN=" << "npm_" << "0123456789abcdefghijABCDEFGHIJ" << "klmnop\n";
  r = Run({"secrets", "tree", "--baseline", "base.json", "--format", "json"});
  const auto doc = nlohmann::json::parse(r.out);
  size_t active = 0;
  for (const auto& f : doc["findings"]) active += !f.contains("suppression");
  EXPECT_EQ(active, 1u);
  stdfs::remove(dir_.path() / "tree/new.env");
  // The default allowlist file in the scanned folder, with a reason; expired entries warn.
  stdfs::create_directories(dir_.path() / "tree/.fledger");
  std::ofstream(dir_.path() / "tree/.fledger/secrets-allow.yaml")
      << "allow:\n  - paths: [app/]\n    reason: local development values\n"
         "  - rules: [jwt]\n    reason: old\n    expires: 2020-01-01\n";
  r = Run({"secrets", "tree", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  size_t allowed = 0;
  const auto allowed_doc = nlohmann::json::parse(r.out);
  for (const auto& f : allowed_doc["findings"]) {
    if (f.contains("suppression") && f["suppression"]["kind"] == "allowlist") ++allowed;
  }
  EXPECT_EQ(allowed, 8u);
  EXPECT_NE(r.err.find("expired on 2020-01-01"), std::string::npos) << r.err;
}

TEST_F(SecretsCliTest, BadInputIsExitTwoWithOneLine) {
  std::ofstream(dir_.path() / "bad.yaml") << "provider: X\nrules: [\n";
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"secrets", "missing-dir"},
        {"secrets", "tree", "--rules", "bad.yaml"},
        {"secrets", "tree", "--rules", "nowhere"},
        {"secrets", "tree", "--baseline", "bad.yaml"},
        {"secrets", "tree", "--min-confidence", "sure"},
        {"secrets", "tree", "--max-file-size", "0"},
        {"rules", "check", "bad.yaml"}}) {
    const auto r = Run(args);
    EXPECT_EQ(r.exit_code, 2) << args[1] << " " << args.back();
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  }
}

TEST_F(SecretsCliTest, SymlinkOutOfTheRootIsNotFollowedAndHugeFilesAreSkipped) {
  std::ofstream(dir_.path() / "outside.env") << "GITHUB_TOKEN=ghp_aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dE3fG5\n";
  stdfs::create_symlink(dir_.path() / "outside.env", dir_.path() / "tree/link.env");
  {
    std::ofstream big(dir_.path() / "tree/big.txt");
    big << std::string(2u << 20, 'a');
  }
  const auto r = Run({"secrets", "tree", "--format", "json", "--max-file-size", "1", "-v"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.find("link.env"), std::string::npos);
  EXPECT_NE(r.err.find("big.txt"), std::string::npos) << r.err;
}

TEST_F(SecretsCliTest, RulesCheckPassesOnTheBuiltinLibraryAndFailsOnABrokenExample) {
  auto r = Run({"rules", "check"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(r.out, m, std::regex("Checked (\\d+) rule\\(s\\)"))) << r.out;
  EXPECT_GE(std::stoi(m[1]), 120);
  std::ofstream(dir_.path() / "mine.yaml")
      << "provider: Acme\nremediation: Revoke it.\nrules:\n  - id: acme\n    name: Acme key\n"
         "    pattern: '\\b(acme_[a-z0-9]{24})\\b'\n    keywords: [acme_]\n    confidence: high\n"
         "    examples:\n      positive: ['acme_0a1b2c3d4e5f']\n      negative: ['x']\n";
  r = Run({"rules", "check", "mine.yaml", "--format", "json"});
  EXPECT_EQ(r.exit_code, 1);
  const auto doc = nlohmann::json::parse(r.out);
  ASSERT_EQ(doc["failures"].size(), 1u);
  EXPECT_EQ(doc["failures"][0]["rule"], "acme");
}

}  // namespace
}  // namespace fledger

namespace fledger {
namespace {

TEST(SecretsContainersCli, FindsSecretsInNotebookOutputsAndGzipMembers) {
  testing::TempDir dir;
  const std::string token = "ghp_" + std::string("aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1") + "dE3fG5";
  dir.Write("nb.ipynb", R"({
 "cells": [
  {
   "cell_type": "code",
   "metadata": {},
   "source": ["import os\n", "print(os.environ)\n"],
   "outputs": [
    {
     "name": "stdout",
     "output_type": "stream",
     "text": ["{'HOME': '/root',\n", " 'GITHUB_TOKEN': ')" + token + R"('}\n"]
    }
   ]
  }
 ],
 "metadata": {},
 "nbformat": 4,
 "nbformat_minor": 5
}
)");
  {
    gzFile gz = gzopen((dir.path() / "backup.env.gz").c_str(), "wb");
    const std::string text = "A=1\nTOKEN=" + token + "\n";
    gzwrite(gz, text.data(), static_cast<unsigned>(text.size()));
    gzclose(gz);
  }
  const auto r = RunFledger({"secrets", ".", "--format", "json"}, dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  std::set<std::string> where;
  for (const auto& f : doc["findings"]) {
    where.insert(f["location"]["path"].get<std::string>() + ":" +
                 std::to_string(f["location"]["line"].get<int>()));
  }
  EXPECT_TRUE(where.count("nb.ipynb:11")) << r.out;
  EXPECT_TRUE(where.count("backup.env.gz!backup.env:2")) << r.out;
  EXPECT_EQ(r.out.find(token), std::string::npos);
  // --no-archives leaves both alone (the notebook is then plain JSON text, still scanned).
  const auto off = RunFledger({"secrets", ".", "--no-archives", "--format", "json"}, dir.path());
  EXPECT_EQ(off.out.find("backup.env.gz!"), std::string::npos);
}

}  // namespace
}  // namespace fledger
