// Tests for the assessments' use of the secret scanner: repo.no_leaked_credentials now finds what
// `fledger secrets` finds (npm, OpenAI, PEM keys...), honours the repository's allowlist and
// inline comments, and reads the git history; the skill check secrets.fixed is met by a secret
// that was committed and later removed from HEAD, with a clean working tree.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "assess/assessment.h"
#include "assess/repo_checks.h"
#include "assess/repo_checks_fixture.h"
#include "assess/secret_token.h"
#include "core/text.h"
#include "secrets/git_builder.h"
#include "secrets/rules.h"
#include "test_util.h"

namespace fledger::assess {
namespace {

namespace stdfs = std::filesystem;
using fledger::testing::FakeGithubToken;
using fledger::testing::GitBuilder;
using fledger::testing::TempDir;
using fledger::testing::repo_checks::ExpectResult;
using fledger::testing::repo_checks::Load;
using fledger::testing::repo_checks::RunCheck;

// The first positive example of a built-in rule: a fake value the rule must report.
std::string Example(std::string_view rule_id) {
  auto set = secrets::LoadRuleSet({});
  EXPECT_TRUE(set.ok());
  for (const auto& r : set.value().rules) {
    if (r.id.str() == rule_id && !r.positive.empty()) return r.positive.front();
  }
  ADD_FAILURE() << "no rule " << rule_id;
  return "";
}

void ExpectNoSecretShown(const CheckResult& r, const std::string& secret) {
  EXPECT_EQ(r.note.find(secret), std::string::npos) << r.note;
  for (const auto& e : r.evidence) {
    EXPECT_EQ(e.excerpt.find(secret), std::string::npos) << e.path.str() << ": " << e.excerpt;
    EXPECT_LE(e.excerpt.size(), 163u);
  }
}

TEST(SecretEvidenceTest, CredentialsCheckFindsKindsTheOldTableMissed) {
  TempDir dir;
  const std::string npm = Example("npm-access-token");
  const std::string openai = Example("openai-project-key");
  const std::string pem = Example("private-key-rsa");
  dir.Write(".npmrc", npm + "\n");
  dir.Write("src/ai.py", "import os\n\n" + openai + "\n");
  dir.Write("deploy/key.pem", pem + "\n");
  const auto r = RunCheck(Load(dir), "repo.no_leaked_credentials");
  ExpectResult(r, ReqStatus::kUnmet, ".npmrc", 1);
  ASSERT_EQ(r.evidence.size(), 3u) << r.note;
  EXPECT_EQ(r.evidence[1].path.str(), "deploy/key.pem");
  EXPECT_EQ(r.evidence[1].line, 1);
  EXPECT_EQ(r.evidence[2].path.str(), "src/ai.py");
  EXPECT_EQ(r.evidence[2].line, 3);
  EXPECT_NE(r.evidence[0].excerpt.find("npm"), std::string::npos) << r.evidence[0].excerpt;
  EXPECT_NE(r.evidence[2].excerpt.find("OpenAI"), std::string::npos) << r.evidence[2].excerpt;
  EXPECT_NE(r.evidence[1].excerpt.find("RSA private key"), std::string::npos);
  // Redacted values only: "prefix*** (N chars)", never the secret or its line.
  for (const auto& e : r.evidence) EXPECT_NE(e.excerpt.find("***"), std::string::npos);
  for (const std::string& value : {npm, openai}) {
    // Past the provider's prefix ("npm_", "sk-proj-"), which the redacted form keeps.
    ExpectNoSecretShown(r, value.substr(value.find('=') + 9, 20));
  }
  ExpectNoSecretShown(r, pem.substr(40, 40));
  EXPECT_NE(r.note.find("3 secret(s) in 3 file(s), 3 outside documentation"), std::string::npos)
      << r.note;
}

TEST(SecretEvidenceTest, PlaceholdersAndDocumentedSamplesAreStillIgnored) {
  TempDir dir;
  dir.Write(".env",
            "GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\nNPM_TOKEN=${NPM_TOKEN}\n"
            "OPENAI_API_KEY=<your key>\npassword: changeme\n"
            "AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\n");
  const auto r = RunCheck(Load(dir), "repo.no_leaked_credentials");
  ExpectResult(r, ReqStatus::kMet);
  EXPECT_EQ(r.note, "no credentials found in 1 files");
}

TEST(SecretEvidenceTest, AllowlistAndInlineCommentsSuppressButAreMentioned) {
  TempDir dir;
  const std::string token = FakeGithubToken(7);
  dir.Write("ci/fixture.env", "TOKEN=" + token + "\n");
  dir.Write("src/app.py",
            "# fledger:allow npm-access-token revoked in 2024, kept as a parser fixture\n" +
                Example("npm-access-token") + "\n");
  dir.Write(".fledger/secrets-allow.yaml",
            "allow:\n  - paths: ['ci/**']\n    reason: a revoked token the CI parser test needs\n");
  const auto r = RunCheck(Load(dir), "repo.no_leaked_credentials");
  ExpectResult(r, ReqStatus::kMet);
  EXPECT_NE(r.note.find("2 suppressed by .fledger/secrets-allow.yaml or inline fledger:allow "
                        "(first: ci/fixture.env:1 github-pat-classic)"),
            std::string::npos)
      << r.note;
  ExpectNoSecretShown(r, token.substr(4));

  // An allowlist that does not parse is not used, and the check says so.
  dir.Write(".fledger/secrets-allow.yaml", "allow:\n  - paths: ['ci/**']\n");
  const auto broken = RunCheck(Load(dir), "repo.no_leaked_credentials");
  ExpectResult(broken, ReqStatus::kUnmet, "ci/fixture.env", 1);
  EXPECT_NE(broken.note.find("allowlist not used"), std::string::npos) << broken.note;
}

// A workspace repository: commits through libgit2, then the working tree written to match HEAD.
class HistoryTest : public ::testing::Test {
 protected:
  void SetUp() override { token_ = FakeGithubToken(42); }
  // Commits `files` (path -> content; nullopt deletes) on main, makes main HEAD and writes the
  // same changes to the working tree.
  std::string Commit(const std::map<std::string, std::optional<std::string>>& files, int64_t time) {
    if (!git_) git_ = std::make_unique<GitBuilder>(dir_.path());
    const git_oid id = git_->Commit("main", files, "Ada", time);
    git_->SetHead("main");
    for (const auto& [path, content] : files) {
      if (content) {
        dir_.Write(path, *content);
      } else {
        stdfs::remove(dir_.path() / path);
      }
    }
    return GitBuilder::Hex(id);
  }
  RepoSnapshot Snapshot(uint64_t history_commits = kDefaultHistoryCommits) {
    auto snap =
        RepoSnapshot::Load(dir_.path(), fs::WalkOptions{}, CheckInputs{{}, history_commits});
    EXPECT_TRUE(snap.ok());
    return std::move(snap).value();
  }

  TempDir dir_;
  std::string token_;
  std::unique_ptr<GitBuilder> git_;
};

TEST_F(HistoryTest, CleanHistoryIsMetEvidence) {
  Commit({{"README.md", "# app\n"}}, 1700000000);
  Commit({{"src/app.py", "print('hi')\n"}}, 1700000100);
  const auto r = RunCheck(Snapshot(), "repo.no_leaked_credentials");
  ExpectResult(r, ReqStatus::kMet, ".git", 0);
  EXPECT_EQ(r.evidence[0].excerpt, "history: no secret in 2 commits");
  EXPECT_EQ(r.note, "no credentials found in 2 files; history: no secret in 2 commits");
}

TEST_F(HistoryTest, SecretRemovedFromTheTreeButInHistoryIsPartial) {
  const std::string added =
      Commit({{"config/app.env", "GITHUB_TOKEN=" + token_ + "\n"}}, 1700000000);
  Commit({{"config/app.env", "GITHUB_TOKEN=${GITHUB_TOKEN}\n"}}, 1700000100);
  const auto r = RunCheck(Snapshot(), "repo.no_leaked_credentials");
  ExpectResult(r, ReqStatus::kPartial, "config/app.env", 1);
  ASSERT_EQ(r.evidence.size(), 1u);
  EXPECT_EQ(r.evidence[0].excerpt, "history: added in " + added.substr(0, 12) +
                                       " (2023-11-14), not in HEAD: GitHub personal access token "
                                       "(classic): ghp_*** (40 chars)");
  EXPECT_NE(r.note.find("1 secret(s) removed from the tree but still in the 2 commits of "
                        "history: rotate each credential, then purge it from history"),
            std::string::npos)
      << r.note;
  ExpectNoSecretShown(r, token_.substr(4));
}

TEST_F(HistoryTest, LongHistoriesAreNotScannedAndSaySo) {
  Commit({{"config/app.env", "GITHUB_TOKEN=" + token_ + "\n"}}, 1700000000);
  Commit({{"config/app.env", "GITHUB_TOKEN=\n"}}, 1700000100);
  const auto r = RunCheck(Snapshot(/*history_commits=*/1), "repo.no_leaked_credentials");
  ExpectResult(r, ReqStatus::kMet);
  EXPECT_TRUE(r.evidence.empty());
  EXPECT_NE(r.note.find("history: not scanned (more than 1 commits; --history-commits raises "
                        "the limit)"),
            std::string::npos)
      << r.note;
}

// ---- secrets.fixed ------------------------------------------------------------------------

constexpr const char* kFixCatalog = R"({
  "standardsSet": "Fix", "kind": "skill",
  "categories": [{"name": "Fix an Insecure System", "subcategories": [{"name": "Level 1",
    "requirements": ["Describe a fix"],
    "criteria": [{"id": "fix", "level": 1, "checks": [
      {"id": "file.exists", "glob": "**/fix-report*.md", "any_of": "fix"},
      {"id": "secrets.fixed", "any_of": "fix"}]}]}]}]})";

class SecretsFixedTest : public HistoryTest {
 protected:
  const RequirementOutcome& Build(const std::string& catalog) {
    catalog_dir_.Write("catalog.json", kFixCatalog);
    AssessmentRequest req;
    req.kind = AssessmentKind::kUser;
    req.catalog = catalog.empty() ? (catalog_dir_.path() / "catalog.json").string() : catalog;
    req.out_dir = catalog_dir_.path() / "out";
    req.subject = dir_.path();
    auto o = RunAssessment(req);
    EXPECT_TRUE(o.ok()) << o.error().ToString();
    outcome_ = std::move(o).value();
    for (const auto& r : outcome_.requirements) {
      if (r.id == "fix" || r.id == "fix.l1.describe-fix") return r;
    }
    ADD_FAILURE() << "no requirement";
    return outcome_.requirements.front();
  }
  const CheckOutcome& Check(const RequirementOutcome& r, std::string_view id) {
    for (const auto& c : r.checks)
      if (c.id == id) return c;
    ADD_FAILURE() << "no check " << id;
    return r.checks.front();
  }

  TempDir catalog_dir_;
  AssessmentOutcome outcome_;
};

TEST_F(SecretsFixedTest, CommittedThenRemovedGoesFromUnmetToMet) {
  const std::string added =
      Commit({{"src/app.py", "import os\n"}, {"config/app.env", "GITHUB_TOKEN=" + token_ + "\n"}},
             1700000000);
  {
    const auto& r = Build("");
    EXPECT_EQ(r.status, ReqStatus::kUnmet);
    const auto& c = Check(r, "secrets.fixed");
    EXPECT_EQ(c.result.status, ReqStatus::kUnmet);
    EXPECT_NE(c.result.note.find("0 secret(s) removed from HEAD after being committed (1 "
                                 "wanted), 1 still in HEAD, in 1 commits; working tree re-scan: "
                                 "1 secret(s) still present in 2 files"),
              std::string::npos)
        << c.result.note;
  }
  const std::string removed =
      Commit({{"config/app.env", "GITHUB_TOKEN=${GITHUB_TOKEN}\n"}}, 1700000100);
  const auto& r = Build("");
  EXPECT_EQ(r.status, ReqStatus::kMet);
  const auto& c = Check(r, "secrets.fixed");
  EXPECT_EQ(c.result.status, ReqStatus::kMet) << c.result.note;
  ASSERT_EQ(c.result.evidence.size(), 2u);
  EXPECT_EQ(c.result.evidence[0].path.str(), "config/app.env");
  EXPECT_EQ(c.result.evidence[0].line, 1);
  EXPECT_EQ(c.result.evidence[0].excerpt, "github-pat-classic: added in " + added.substr(0, 12) +
                                              ", removed in " + removed.substr(0, 12) +
                                              "; ghp_*** (40 chars), added 2023-11-14");
  EXPECT_EQ(c.result.evidence[1].excerpt,
            "rotation: not verifiable offline; confirm revocation in the provider console");
  EXPECT_NE(c.result.note.find("working tree re-scan: clean in 2 files"), std::string::npos)
      << c.result.note;
  for (const auto& e : r.evidence) EXPECT_EQ(e.excerpt.find(token_.substr(4)), std::string::npos);
}

TEST_F(SecretsFixedTest, StillPresentIsNotMet) {
  Commit({{"config/app.env", "GITHUB_TOKEN=" + token_ + "\n"}}, 1700000000);
  // Moved, not removed: the same token at another path is still in HEAD.
  Commit({{"config/app.env", std::nullopt}, {"config/prod.env", "T=" + token_ + "\n"}}, 1700000100);
  const auto& r = Build("");
  EXPECT_EQ(Check(r, "secrets.fixed").result.status, ReqStatus::kUnmet)
      << Check(r, "secrets.fixed").result.note;
  EXPECT_EQ(r.status, ReqStatus::kUnmet);
}

TEST_F(SecretsFixedTest, NeverASecretIsNotMetButTheHistoryIsShownClean) {
  Commit({{"src/app.py", "import os\n"}}, 1700000000);
  const auto& r = Build("");
  const auto& c = Check(r, "secrets.fixed");
  EXPECT_EQ(c.result.status, ReqStatus::kUnmet);
  ASSERT_EQ(c.result.evidence.size(), 1u);
  EXPECT_EQ(c.result.evidence[0].path.str(), ".git");
  EXPECT_EQ(c.result.evidence[0].excerpt, "history: no secret in 1 commits");
  EXPECT_NE(c.result.note.find("so none was fixed"), std::string::npos) << c.result.note;
}

TEST_F(SecretsFixedTest, NotAGitRepositoryIsUnmet) {
  dir_.Write("src/app.py", "import os\n");
  const auto& c = Check(Build(""), "secrets.fixed");
  EXPECT_EQ(c.result.status, ReqStatus::kUnmet);
  EXPECT_NE(c.result.note.find("not a git repository"), std::string::npos) << c.result.note;
}

TEST_F(SecretsFixedTest, TheBuiltInFixRowsAcceptAFixedSecret) {
  Commit({{"config/app.env", "GITHUB_TOKEN=" + token_ + "\n"}}, 1700000000);
  Commit({{"config/app.env", "GITHUB_TOKEN=${GITHUB_TOKEN}\n"}}, 1700000100);
  const auto& r = Build("SecurityCategory");  // no fix-report.md in the workspace
  EXPECT_EQ(r.id, "fix.l1.describe-fix");
  EXPECT_EQ(r.status, ReqStatus::kMet);
  EXPECT_EQ(Check(r, "secrets.fixed").result.status, ReqStatus::kMet);
  EXPECT_EQ(Check(r, "file.exists").result.status, ReqStatus::kUnmet);
}

}  // namespace
}  // namespace fledger::assess
