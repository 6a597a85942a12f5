// End-to-end tests: the fledger binary run as a user would, on copies of fixtures in a temp dir.
// This file: help snapshots, usage errors, `standards` and `history`; the other cli_*_test.cc
// files hold assessments and search, bad input, hostile text and flags.
#include <gtest/gtest.h>

#include "e2e/cli_fixture.h"
#include "test_util.h"

namespace fledger::e2e {
namespace {

using testing::CompareGolden;
using testing::SourceDir;

TEST_F(CliTest, HelpForEveryVerbMatchesSnapshot) {
  for (const std::string verb :
       {"", "build-skill-assessment", "update-skill-assessment", "build-project-assessment",
        "update-project-assessment", "search", "standards", "history", "deps", "deps tree",
        "deps why", "deps impact", "deps sbom", "sca", "db", "db import", "db update",
        "db status", "model", "model check", "model threats", "model init", "model rules",
        "model diagram", "model report", "model diff", "secrets", "rules", "rules check"}) {
    std::vector<std::string> args;
    std::string name = verb.empty() ? "fledger" : verb;
    for (size_t start = 0; !verb.empty() && start <= verb.size();) {
      const size_t space = std::min(verb.find(' ', start), verb.size());
      args.push_back(verb.substr(start, space - start));
      start = space + 1;
    }
    std::replace(name.begin(), name.end(), ' ', '-');
    args.push_back("--help");
    const auto r = Run(args);
    EXPECT_EQ(r.exit_code, 0) << verb;
    EXPECT_EQ(CompareGolden(SourceDir() / "testdata/cli/help" / (name + ".txt"), r.out), "");
  }
}

TEST_F(CliTest, UsageErrorsExitTwo) {
  EXPECT_EQ(Run({}).exit_code, 2);
  EXPECT_EQ(Run({"no-such-verb"}).exit_code, 2);
  const auto r = Run({"search", "--search-type", "bogus", "x"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("expected code or file"), std::string::npos);
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;  // one line
}

TEST_F(CliTest, StandardsListAndShow) {
  auto r = Run({"standards", "list"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* name :
       {"SecurityCategory", "OpenSSF", "ASVS", "SAMM", "SSDF", "OSPS-Baseline"}) {
    EXPECT_NE(r.out.find(name), std::string::npos) << name;
  }
  r = Run({"standards", "show", "OpenSSF"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Passing"), std::string::npos);
  r = Run({"standards", "show", "NoSuch"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("available: "), std::string::npos);
  EXPECT_NE(r.err.find("SecurityCategory"), std::string::npos);
}

TEST_F(CliTest, HistoryRecordsBuildsAndUpdates) {
  ASSERT_EQ(Run({"build-skill-assessment", "SecurityCategory"}).exit_code, 0);
  ASSERT_EQ(Run({"update-skill-assessment"}).exit_code, 0);
  const auto r = Run({"history", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j.size(), 2u);
  EXPECT_EQ(j[0]["action"], "build");
  EXPECT_EQ(j[1]["action"], "update");
  EXPECT_EQ(j[1]["catalog"], "SecurityCategory");
  const auto table = Run({"history"});
  EXPECT_NE(table.out.find("SecurityCategory"), std::string::npos);
}

}  // namespace
}  // namespace fledger::e2e
