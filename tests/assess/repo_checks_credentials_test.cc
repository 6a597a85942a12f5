// Tests for the committed-credentials check (the secret scanner's built-in rules): secrets are
// found but never shown, samples in docs and tests need review, and what the walk could not read
// keeps the check undecided. More in secret_evidence_test.cc (new kinds, allowlist, history).
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "assess/repo_checks.h"
#include "assess/repo_checks_fixture.h"
#include "core/text.h"
#include "secrets/rules.h"
#include "test_util.h"

namespace fledger::assess {
namespace {

using fledger::testing::TempDir;
using fledger::testing::repo_checks::ExpectResult;
using fledger::testing::repo_checks::Load;
using fledger::testing::repo_checks::RunCheck;

// A PEM private key the built-in rules report (the RSA rule's first example).
std::string PemExample() {
  auto set = secrets::LoadRuleSet({});
  EXPECT_TRUE(set.ok());
  for (const auto& rule : set.value().rules) {
    if (rule.id.str() == "private-key-rsa") return rule.positive.front() + "\n";
  }
  ADD_FAILURE() << "no private-key-rsa rule";
  return "";
}

// --- Credentials ----------------------------------------------------------------------------

TEST(RepoCheckTest, CredentialsAreFoundButNeverShown) {
  TempDir dir;
  dir.Write("config/app.env", "# settings\nAWS_ACCESS_KEY_ID=AKIAZ4QX7M2NB5RT3KWL\n");
  dir.Write("key.pem", PemExample());
  // A secret the shared redactor would only half mask, on a line longer than an excerpt.
  dir.Write("src/db.py", "\n\npassword = \"hunt,er2xyz\"  # " + std::string(300, 'y') + "\n");
  // Two secrets on one line.
  dir.Write("src/both.js",
            "const k = 'AKIAABCDEFGHIJKLMNOP'; const api_key = \"zq9,TOPSECRETVALUE\";\n");
  const auto r = RunCheck(Load(dir), "repo.no_leaked_credentials");
  ASSERT_EQ(r.status, ReqStatus::kUnmet);
  ASSERT_EQ(r.evidence.size(), 5u) << r.note;
  for (const auto& e : r.evidence) {
    for (const char* secret : {"Z4QX7M2NB5RT3KWL", "SqsYP1d0MGy8", "er2xyz", "hunt",
                               "BCDEFGHIJKLMNOP", "TOPSECRET", "yyyy"}) {
      EXPECT_EQ(e.excerpt.find(secret), std::string::npos) << e.path.str() << ": " << e.excerpt;
    }
    EXPECT_LE(e.excerpt.size(), 163u);
  }
  // The evidence is the rule's name and the redacted value (never the line): provider formats
  // first, generic assignments after.
  ExpectResult(r, ReqStatus::kUnmet, "config/app.env", 2);
  EXPECT_EQ(r.evidence[0].excerpt, "AWS access key ID: AKIA*** (20 chars)");
  EXPECT_EQ(r.evidence[1].path.str(), "key.pem");
  EXPECT_EQ(r.evidence[1].line, 1);
  EXPECT_EQ(r.evidence[2].path.str(), "src/both.js");
  EXPECT_EQ(r.evidence[2].excerpt, "AWS access key ID: AKIA*** (20 chars)");
  EXPECT_EQ(r.evidence[3].path.str(), "src/both.js");
  EXPECT_EQ(r.evidence[3].excerpt, "Generic API key in code or JSON: *** (18 chars)");
  EXPECT_EQ(r.evidence[4].path.str(), "src/db.py");
  EXPECT_EQ(r.evidence[4].line, 3);
  EXPECT_EQ(r.evidence[4].excerpt, "Generic password in code or JSON: *** (11 chars)");
  EXPECT_NE(r.note.find("5 secret(s) in 4 file(s)"), std::string::npos) << r.note;
}

TEST(RepoCheckTest, SampleCredentialsInDocsAndTestsNeedReview) {
  // Flask's configuration docs and tests set SECRET_KEY to sample values: worth a look, but not
  // the leaked valid credential the criterion is about.
  TempDir dir;
  dir.Write("docs/config.rst",
            "Example::\n\n    SECRET_KEY = '192b9bdd22ab9ed4d12e236c78afcb9a'\n");
  dir.Write("tests/test_config.py", "SECRET_KEY = \"config-Sample-v4lue\"\n");
  dir.Write("src/app.py", "import os\n");
  const auto docs_only = RunCheck(Load(dir), "repo.no_leaked_credentials");
  ExpectResult(docs_only, ReqStatus::kNeedsReview, "docs/config.rst", 3);
  EXPECT_EQ(docs_only.evidence.size(), 2u);
  EXPECT_NE(
      docs_only.note.find("only in documentation, tests or examples (2 secret(s) in 2 file(s))"),
      std::string::npos)
      << docs_only.note;
  // One real-looking secret in the project's own code decides, and is shown first.
  dir.Write("src/settings.py", "\napi_key = \"k7Qz2mVx9PqL4wRt\"\n");
  const auto leaked = RunCheck(Load(dir), "repo.no_leaked_credentials");
  ExpectResult(leaked, ReqStatus::kUnmet, "src/settings.py", 2);
  EXPECT_NE(leaked.note.find("3 secret(s) in 3 file(s), 1 outside documentation"),
            std::string::npos)
      << leaked.note;
}

TEST(RepoCheckTest, EntriesTheWalkCouldNotTakeKeepCredentialsUndecided) {
  // A key under a name Fledger cannot show safely, or deeper than the depth limit, is not read;
  // "no credentials" would then be a claim about files nobody looked at.
  TempDir dir;
  dir.Write("src/app.py", "import os\n");
  std::string deep = "d";
  for (int i = 0; i < 70; ++i) deep += "/d";
  dir.Write(deep + "/key.pem", "-----BEGIN RSA PRIVATE KEY-----\n");
  const auto r = RunCheck(Load(dir), "repo.no_leaked_credentials");
  ExpectResult(r, ReqStatus::kNeedsReview);
  EXPECT_NE(r.note.find("1 entries could not be scanned"), std::string::npos) << r.note;
  ASSERT_EQ(r.evidence.size(), 1u);
  EXPECT_EQ(r.evidence[0].excerpt, "not scanned (depth)");
}

TEST(RepoCheckTest, KeysPastANulAndUnderAssessmentsAreFound) {
  // A NUL after the 8 KiB the listing sniffs made the file silently unread; and the whole of
  // assessments/ was skipped, not just the files Fledger writes there.
  TempDir dir;
  dir.Write("config.env",
            std::string(9000, 'x') + std::string(1, '\0') + "\nAWS_KEY=AKIAZ4QX7M2NB5RT3KWL\n");
  dir.Write("assessments/prod.env", "AWS_ACCESS_KEY_ID=AKIAQ3ZX7M2NB5RT6KWP\n");
  fs::WalkOptions options;
  options.extra_ignores = {"/assessments/*/evidence.json", "/assessments/*/assessment.json",
                           "/assessments/*/overview_*matrix.md"};
  auto snap = RepoSnapshot::Load(dir.path(), options);
  ASSERT_TRUE(snap.ok());
  const auto r = RunCheck(snap.value(), "repo.no_leaked_credentials");
  ExpectResult(r, ReqStatus::kUnmet, "assessments/prod.env", 1);
  ASSERT_EQ(r.evidence.size(), 2u) << r.note;
  EXPECT_EQ(r.evidence[1].path.str(), "config.env");
}

TEST(RepoCheckTest, PlaceholdersAndHugeFilesAreNotCredentials) {
  TempDir dir;
  dir.Write("config.yml",
            "password: \"${DB_PASSWORD}\"\npassword: 'changeme'\napi_key: \"<your "
            "key>\"\nTOKEN_TTL=864000\n"
            "DB_PASSWORD=\nsecret = os.environ[\"SECRET\"]\n");
  // Files over 1 MiB (generated or data) are not scanned.
  dir.Write("data/big.txt", std::string((1u << 20) + 10, 'x') + "\nAKIAZ4QX7M2NB5RT3KWL\n");
  // AWS's documented sample key is a sample, wherever it appears.
  dir.Write("deploy/aws.env", "AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\n");
  const auto r = RunCheck(Load(dir), "repo.no_leaked_credentials");
  ExpectResult(r, ReqStatus::kMet);
  EXPECT_TRUE(r.evidence.empty());
  EXPECT_EQ(r.note, "no credentials found in 2 files (1 files over 1 MiB not scanned)");
}

}  // namespace
}  // namespace fledger::assess
