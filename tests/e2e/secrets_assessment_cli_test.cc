// End-to-end tests of the secret scanner inside assessments: a learner's workspace (a git
// repository built with libgit2) where a fake token was committed and later removed decides the
// Fix an Insecure System rows of SecurityCategory; a project assessment reads the history and
// shows it clean or lists what it still holds, never the secret.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "assess/secret_token.h"
#include "e2e/cli_fixture.h"
#include "secrets/git_builder.h"
#include "test_util.h"

namespace fledger::e2e {
namespace {

using testing::FakeGithubToken;
using testing::GitBuilder;

class SecretsAssessmentTest : public CliTest {
 protected:
  // Commits on main in ws/ and writes the same changes to its working tree.
  std::string Commit(const std::map<std::string, std::optional<std::string>>& files, int64_t time) {
    if (!git_) git_ = std::make_unique<GitBuilder>(dir_.path() / "ws");
    const git_oid id = git_->Commit("main", files, "Ada", time);
    git_->SetHead("main");
    for (const auto& [path, content] : files) {
      const auto file = dir_.path() / "ws" / path;
      if (content) {
        std::filesystem::create_directories(file.parent_path());
        std::ofstream(file, std::ios::binary) << *content;
      } else {
        std::filesystem::remove(file);
      }
    }
    return GitBuilder::Hex(id);
  }
  // The requirement with this id in the last skill assessment.
  nlohmann::json Requirement(const std::string& id) {
    const nlohmann::json doc = Json("assessments/user/assessment.json");
    for (const auto& req : doc["requirements"]) {
      if (req["id"] == id) return req;
    }
    ADD_FAILURE() << "no requirement " << id;
    return {};
  }
  std::string CheckStatus(const nlohmann::json& req, const std::string& id) {
    for (const auto& c : req["checks"]) {
      if (c["id"] == id) return c["status"];
    }
    return "missing";
  }

  std::unique_ptr<GitBuilder> git_;
};

TEST_F(SecretsAssessmentTest, CommittedThenRemovedSecretMeetsTheFixRows) {
  const std::string token = FakeGithubToken(2024);
  const std::string added = Commit(
      {{"app.py", "import os\n"}, {"config/app.env", "GITHUB_TOKEN=" + token + "\n"}}, 1700000000);
  auto r = Run({"build-skill-assessment", "SecurityCategory", "--path", "ws", "--skills", "fix"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Requirement("fix.l1.describe-fix")["status"], "unmet");
  EXPECT_EQ(CheckStatus(Requirement("fix.l1.describe-fix"), "secrets.fixed"), "unmet");

  const std::string removed =
      Commit({{"config/app.env", "GITHUB_TOKEN=${GITHUB_TOKEN}\n"}}, 1700000100);
  r = Run({"build-skill-assessment", "SecurityCategory", "--path", "ws", "--skills", "fix"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* id :
       {"fix.step.start-from-model", "fix.l1.describe-fix", "fix.l2.patch-with-test"}) {
    const auto req = Requirement(id);
    EXPECT_EQ(req["status"], "met") << id << ": " << req.dump();
    EXPECT_EQ(CheckStatus(req, "secrets.fixed"), "met") << id;
  }
  const auto req = Requirement("fix.l1.describe-fix");
  ASSERT_GE(req["evidence"].size(), 2u);
  EXPECT_EQ(req["evidence"][0]["path"], "config/app.env");
  const std::string excerpt = req["evidence"][0]["excerpt"];
  EXPECT_NE(excerpt.find("added in " + added.substr(0, 12)), std::string::npos) << excerpt;
  EXPECT_NE(excerpt.find("removed in " + removed.substr(0, 12)), std::string::npos) << excerpt;
  EXPECT_NE(req.dump().find("rotation: not verifiable offline"), std::string::npos);
  // The token appears nowhere: not in the JSON, the matrix or the terminal.
  const std::string secret_part = token.substr(4);
  EXPECT_EQ(testing::ReadFile(dir_.path() / "assessments/user/assessment.json").find(secret_part),
            std::string::npos);
  EXPECT_EQ(testing::ReadFile(dir_.path() / kSkillMatrix).find(secret_part), std::string::npos);
  EXPECT_EQ((r.out + r.err).find(secret_part), std::string::npos);
}

TEST_F(SecretsAssessmentTest, ProjectAssessmentReadsTheHistory) {
  const std::string token = FakeGithubToken(99);
  Commit({{"README.md", "# app\n"}}, 1700000000);
  const std::string catalog = (dir_.path() / "creds.json").string();
  std::ofstream(catalog) << R"({"standardsSet": "Creds", "kind": "project", "categories": [
    {"name": "Security", "subcategories": [{"name": "Credentials",
     "requirements": ["The repository MUST NOT leak a valid private credential."],
     "criteria": [{"id": "no_leaked_credentials", "level": 1, "strength": "MUST",
                   "checks": ["repo.no_leaked_credentials"]}]}]}]})";
  auto credentials = [&] {
    const nlohmann::json doc = Json("ws/assessments/project/assessment.json");
    for (const auto& req : doc["requirements"]) {
      for (const auto& c : req["checks"]) {
        if (c["id"] == "repo.no_leaked_credentials") return req;
      }
    }
    return nlohmann::json();
  };
  auto r = Run({"build-project-assessment", catalog, "ws"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_FALSE(credentials().is_null());
  EXPECT_EQ(credentials()["status"], "met") << credentials().dump();
  EXPECT_NE(credentials().dump().find("history: no secret in 1 commits"), std::string::npos)
      << credentials().dump();

  Commit({{"deploy.env", "GITHUB_TOKEN=" + token + "\n"}}, 1700000100);
  Commit({{"deploy.env", std::nullopt}}, 1700000200);
  r = Run({"build-project-assessment", catalog, "ws"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto req = credentials();
  EXPECT_EQ(req["status"], "partial") << req.dump();
  EXPECT_NE(req.dump().find("purge it from history"), std::string::npos) << req.dump();
  EXPECT_EQ(req["evidence"][0]["path"], "deploy.env");
  EXPECT_EQ(req.dump().find(token.substr(4)), std::string::npos);
  // --history-commits 1: too long to scan, and the note says so.
  r = Run({"build-project-assessment", catalog, "ws", "--history-commits", "1"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(credentials().dump().find("history: not scanned (more than 1 commits"),
            std::string::npos)
      << credentials().dump();
}

}  // namespace
}  // namespace fledger::e2e
