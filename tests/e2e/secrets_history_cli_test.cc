// End-to-end tests of `fledger secrets --git-history`: a repository built with libgit2, scanned by
// the binary with the built-in rules; each secret reported once with its introducing commit,
// author, date, paths and HEAD status, in every format, never in clear (output or fledger.db);
// re-runs incremental; triage as in the working-tree scan; a non-repository is exit 2.
#include <git2.h>
#include <gtest/gtest.h>
#include <zlib.h>

#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "e2e/cli_fixture.h"
#include "secrets/git_builder.h"
#include "test_util.h"

namespace fledger::e2e {
namespace {

namespace fs = std::filesystem;
using fledger::testing::GitBuilder;
using nlohmann::json;

// A fake GitHub classic token that passes the built-in rule's checks: 30 random base62
// characters and the 6-character base62 CRC32 of them, as GitHub documents the format.
std::string FakeGithubToken(unsigned seed) {
  static constexpr char kBase62[] =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> pick(0, 61);
  std::string random;
  for (int i = 0; i < 30; ++i) random += kBase62[pick(rng)];
  uLong crc = crc32(0L, Z_NULL, 0);
  crc = crc32(crc, reinterpret_cast<const Bytef*>(random.data()), static_cast<uInt>(random.size()));
  std::string tail(6, '0');
  for (int i = 5; i >= 0 && crc > 0; --i) {
    tail[static_cast<size_t>(i)] = kBase62[crc % 62];
    crc /= 62;
  }
  return "ghp_" + random + tail;
}

constexpr int64_t kT0 = 1000000000;  // 2001-09-09T01:46:40Z

class SecretsHistoryCli : public CliTest {
 protected:
  void SetUp() override {
    GitBuilder git(Repo());
    // Alice commits a token in config/.env; Bob deletes the file: the token is only in history.
    alice_ = GitBuilder::Hex(git.Commit(
        "main", {{"config/.env", "GITHUB_TOKEN=" + removed_ + "\n"}, {"README.md", "hi\n"}},
        "Alice", kT0));
    git.Commit("main", {{"config/.env", std::nullopt}}, "Bob", kT0 + 100);
    // Carol adds another token; Dave copies it to a second path: still in HEAD, two paths.
    carol_ = GitBuilder::Hex(
        git.Commit("main", {{"deploy/ci.sh", "export GH=" + kept_ + "\n"}}, "Carol", kT0 + 200));
    git.Commit("main", {{"scripts/ci.sh", "# moved\nexport GH=" + kept_ + "\n"}}, "Dave",
               kT0 + 300);
    git.SetHead("main");
  }

  // A commit with an empty tree on top of HEAD (the builder of SetUp is gone: libgit2 directly).
  void EmptyTreeCommit(const std::string& author, int64_t time) {
    git_libgit2_init();
    git_repository* repo = nullptr;
    ASSERT_EQ(git_repository_open(&repo, Repo().c_str()), 0);
    git_oid head_id{}, tree_id{}, id{};
    ASSERT_EQ(git_reference_name_to_id(&head_id, repo, "HEAD"), 0);
    git_commit* head = nullptr;
    ASSERT_EQ(git_commit_lookup(&head, repo, &head_id), 0);
    git_treebuilder* builder = nullptr;
    ASSERT_EQ(git_treebuilder_new(&builder, repo, nullptr), 0);
    ASSERT_EQ(git_treebuilder_write(&tree_id, builder), 0);
    git_tree* tree = nullptr;
    ASSERT_EQ(git_tree_lookup(&tree, repo, &tree_id), 0);
    git_signature* sig = nullptr;
    ASSERT_EQ(git_signature_new(&sig, author.c_str(), "erin@example.org", time, 0), 0);
    const git_commit* parents[] = {head};
    EXPECT_EQ(git_commit_create(&id, repo, "HEAD", sig, sig, nullptr, "empty\n", tree, 1, parents),
              0);
    git_signature_free(sig);
    git_tree_free(tree);
    git_treebuilder_free(builder);
    git_commit_free(head);
    git_repository_free(repo);
    git_libgit2_shutdown();
  }

  fs::path Repo() const { return dir_.path() / "repo"; }
  std::string Db() const { return (dir_.path() / "state" / "fledger.db").string(); }

  testing::RunResult Scan(std::vector<std::string> extra) {
    std::vector<std::string> args = {"secrets", "--git-history", "repo", "--db", Db()};
    args.insert(args.end(), extra.begin(), extra.end());
    return Run(args);
  }

  // Neither token appears in `text`, nor any 12-character run of their random part.
  void ExpectNoSecret(const std::string& text, const std::string& what) const {
    for (const std::string& token : {removed_, kept_}) {
      EXPECT_EQ(text.find(token.substr(4, 12)), std::string::npos) << what;
      EXPECT_EQ(text.find(token.substr(20)), std::string::npos) << what;
    }
  }

  const json* FindingAt(const json& doc, const std::string& commit) const {
    for (const json& f : doc["findings"]) {
      if (f.contains("git") && f["git"]["commit"] == commit) return &f;
    }
    return nullptr;
  }

  const std::string removed_ = FakeGithubToken(7);
  const std::string kept_ = FakeGithubToken(11);
  std::string alice_, carol_;
};

TEST_F(SecretsHistoryCli, JsonReportsIntroducingCommitAuthorPathsAndHead) {
  fs::create_directories(dir_.path() / "state");
  const auto r = Scan({"--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json doc = json::parse(r.out);
  ASSERT_EQ(doc["findings"].size(), 2u) << r.out;

  const json* removed = FindingAt(doc, alice_);
  ASSERT_NE(removed, nullptr) << r.out;
  EXPECT_EQ((*removed)["rule_id"], "github-pat-classic");
  EXPECT_EQ((*removed)["kind"], "secret");
  EXPECT_EQ((*removed)["git"]["author"], "Alice <alice@example.org>");
  EXPECT_EQ((*removed)["git"]["date"], "2001-09-09T01:46:40Z");
  EXPECT_EQ((*removed)["git"]["paths"], json::array({"config/.env"}));
  EXPECT_EQ((*removed)["git"]["in_head"], false);
  EXPECT_EQ((*removed)["location"]["path"], "config/.env");
  EXPECT_EQ((*removed)["location"]["line"], 1);

  const json* kept = FindingAt(doc, carol_);
  ASSERT_NE(kept, nullptr) << r.out;
  EXPECT_EQ((*kept)["git"]["author"], "Carol <carol@example.org>");
  EXPECT_EQ((*kept)["git"]["date"], "2001-09-09T01:50:00Z");
  EXPECT_EQ((*kept)["git"]["paths"], json::array({"deploy/ci.sh", "scripts/ci.sh"}));
  EXPECT_EQ((*kept)["git"]["in_head"], true);
  EXPECT_EQ((*kept)["evidence"].get<std::string>().rfind("ghp_", 0), 0u);

  ExpectNoSecret(r.out, "json output");
  ExpectNoSecret(r.err, "stderr");
  // The state store: the database and any WAL file beside it.
  for (const fs::directory_entry& e : fs::directory_iterator(dir_.path() / "state")) {
    ExpectNoSecret(testing::ReadFile(e.path()), e.path().string());
  }
}

TEST_F(SecretsHistoryCli, SarifCarriesProvenanceInPropertiesAndMessage) {
  const auto r = Scan({"--format", "sarif"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json doc = json::parse(r.out);
  EXPECT_EQ(doc["version"], "2.1.0");
  const json& results = doc["runs"][0]["results"];
  ASSERT_EQ(results.size(), 2u);
  int in_head = 0;
  for (const json& res : results) {
    const json& git = res["properties"]["git"];
    ASSERT_TRUE(git.is_object()) << res.dump();
    const std::string commit = git["commit"];
    EXPECT_TRUE(commit == alice_ || commit == carol_) << commit;
    EXPECT_NE(
        res["message"]["text"].get<std::string>().find("introduced in " + commit.substr(0, 7)),
        std::string::npos)
        << res.dump();
    EXPECT_TRUE(res["partialFingerprints"].contains("fledger/v1"));
    in_head += git["in_head"].get<bool>();
  }
  EXPECT_EQ(in_head, 1);
  ExpectNoSecret(r.out, "sarif output");
}

TEST_F(SecretsHistoryCli, TableAndMarkdownShowOneProvenanceLineEach) {
  const auto table = Scan({"--format", "table"});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_NE(table.out.find("introduced in " + alice_.substr(0, 7) +
                           " by Alice <alice@example.org> on 2001-09-09; in HEAD: no"),
            std::string::npos)
      << table.out;
  EXPECT_NE(table.out.find("introduced in " + carol_.substr(0, 7) +
                           " by Carol <carol@example.org> on 2001-09-09; in HEAD: yes\n"
                           "          paths: deploy/ci.sh, scripts/ci.sh\n"),
            std::string::npos)
      << table.out;
  EXPECT_EQ(table.out.find("path: config/.env"), std::string::npos) << table.out;
  EXPECT_NE(table.err.find("Scanned 4 new of 4 commit(s)"), std::string::npos) << table.err;
  EXPECT_NE(table.err.find("2 secret(s) (1 in HEAD, 1 removed)"), std::string::npos) << table.err;
  ExpectNoSecret(table.out + table.err, "table output");

  const auto md = Scan({"--format", "md"});
  ASSERT_EQ(md.exit_code, 0) << md.err;
  EXPECT_NE(md.out.find("<br>introduced in " + alice_.substr(0, 7)), std::string::npos) << md.out;
  ExpectNoSecret(md.out, "markdown output");
}

TEST_F(SecretsHistoryCli, ReRunScansNoNewCommitAndReportsTheSameSecrets) {
  const auto first = Scan({"--format", "json"});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  const auto again = Scan({"--format", "table"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.err.find("Scanned 0 new of 4 commit(s), 0 blob(s)"), std::string::npos)
      << again.err;
  EXPECT_NE(again.err.find("2 secret(s) (1 in HEAD, 1 removed)"), std::string::npos) << again.err;
  const auto json_again = Scan({"--format", "json"});
  EXPECT_EQ(json::parse(json_again.out)["findings"], json::parse(first.out)["findings"]);

  // Erin empties the tree: one new commit, and HEAD no longer holds the kept token.
  EmptyTreeCommit("Erin", kT0 + 400);
  const auto third = Scan({"--format", "json"});
  ASSERT_EQ(third.exit_code, 0) << third.err;
  const json third_doc = json::parse(third.out);
  ASSERT_EQ(third_doc["findings"].size(), 2u);
  EXPECT_EQ((*FindingAt(third_doc, carol_))["git"]["in_head"], false);
  EXPECT_EQ((*FindingAt(third_doc, alice_))["git"]["in_head"], false);
  const auto fourth = Scan({});
  EXPECT_NE(fourth.err.find("Scanned 0 new of 5 commit(s)"), std::string::npos) << fourth.err;
  EXPECT_NE(fourth.err.find("2 secret(s) (0 in HEAD, 2 removed)"), std::string::npos) << fourth.err;

  const auto full = Scan({"--no-incremental", "--format", "table"});
  ASSERT_EQ(full.exit_code, 0) << full.err;
  EXPECT_NE(full.err.find("Scanned 5 new of 5 commit(s)"), std::string::npos) << full.err;
}

TEST_F(SecretsHistoryCli, TriageAppliesToHistoryFindings) {
  const auto first = Scan({"--format", "json"});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  const json doc = json::parse(first.out);
  ASSERT_EQ(doc["findings"].size(), 2u);
  EXPECT_EQ(Scan({"--fail-on", "high"}).exit_code, 1);

  // A baseline of the first report: nothing new, so the gate passes; both are listed suppressed.
  dir_.Write("baseline.json", first.out);
  const auto base = Scan({"--baseline", "baseline.json", "--fail-on", "high", "--show-suppressed"});
  EXPECT_EQ(base.exit_code, 0) << base.err;
  EXPECT_NE(base.err.find("0 secret(s) (0 in HEAD, 0 removed), 2 suppressed"), std::string::npos)
      << base.err;
  EXPECT_NE(base.out.find("[suppressed"), std::string::npos) << base.out;

  // An allowlist entry by fingerprint suppresses the removed one only.
  const json* removed = FindingAt(doc, alice_);
  ASSERT_NE(removed, nullptr);
  dir_.Write("allow.yaml", "allow:\n  - fingerprints: [" +
                               (*removed)["fingerprint"].get<std::string>() +
                               "]\n    reason: rotated on 2001-09-10\n");
  const auto allowed = Scan({"--allowlist", "allow.yaml", "--format", "json"});
  ASSERT_EQ(allowed.exit_code, 0) << allowed.err;
  const json after = json::parse(allowed.out);
  ASSERT_EQ(after["findings"].size(), 2u);
  EXPECT_EQ(after["summary"]["suppressed"], 1);
  EXPECT_EQ((*FindingAt(after, alice_))["suppression"]["kind"], "allowlist");
  EXPECT_FALSE(FindingAt(after, carol_)->contains("suppression"));
}

TEST_F(SecretsHistoryCli, InlineAllowCommentInACommittedFileApplies) {
  {
    GitBuilder git(dir_.path() / "other");
    git.Commit("main",
               {{"test/fixture.env", "TOKEN=" + FakeGithubToken(3) +
                                         "  # fledger:allow github-pat-classic test fixture\n"}},
               "Frank", kT0);
    git.SetHead("main");
  }
  const auto r = Run({"secrets", "--git-history", "other", "--db", Db(), "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json doc = json::parse(r.out);
  ASSERT_EQ(doc["findings"].size(), 1u) << r.out;
  EXPECT_EQ(doc["findings"][0]["suppression"]["kind"], "inline");
  EXPECT_EQ(doc["findings"][0]["git"]["author"], "Frank <frank@example.org>");
}

TEST_F(SecretsHistoryCli, HostileAuthorIsEscapedInTheTable) {
  {
    GitBuilder git(dir_.path() / "hostile");
    git.Commit("main", {{"a.env", "T=" + FakeGithubToken(5) + "\n"}}, "Eve\x1b[2J\x1b]0;x\a", kT0);
    git.SetHead("main");
  }
  const auto r = Run({"secrets", "--git-history", "hostile", "--db", Db()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.find('\x1b'), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find('\a'), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("by Eve\\x1b[2J"), std::string::npos) << r.out;
}

// `text` gzip-compressed (zlib's gzip wrapper): a binary blob, NUL bytes in its header.
std::string Gzip(const std::string& text) {
  z_stream z{};
  EXPECT_EQ(deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
  std::string out(deflateBound(&z, static_cast<uLong>(text.size())) + 64, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  z.avail_in = static_cast<uInt>(text.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&z, Z_FINISH), Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

TEST_F(SecretsHistoryCli, ArchiveCommittedThenDeletedIsOpened) {
  const std::string token = FakeGithubToken(7);
  const std::string gz = Gzip("# backup of the CI settings\nGH_TOKEN=" + token + "\n");
  ASSERT_NE(gz.find('\0'), std::string::npos);  // binary: only read as an archive
  {
    GitBuilder git(dir_.path() / "backups");
    git.Commit("main", {{"ops/ci.env.gz", gz}}, "Grace", kT0);
    git.Commit("main", {{"ops/ci.env.gz", std::nullopt}}, "Heidi", kT0 + 100);
    git.SetHead("main");
  }
  const auto r = Run({"secrets", "--git-history", "backups", "--db", Db(), "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.find(token), std::string::npos);
  const json doc = json::parse(r.out);
  ASSERT_EQ(doc["findings"].size(), 1u) << r.out;
  const json& f = doc["findings"][0];
  EXPECT_EQ(f["rule_id"], "github-pat-classic");
  EXPECT_NE(f["location"]["path"].get<std::string>().find("ops/ci.env.gz"), std::string::npos)
      << f.dump();
  EXPECT_EQ(f["location"]["line"], 2);
  EXPECT_EQ(f["git"]["author"], "Grace <grace@example.org>");
  EXPECT_EQ(f["git"]["in_head"], false);

  const auto closed = Run({"secrets", "--git-history", "backups", "--db", Db() + ".2",
                           "--no-archives", "--format", "json"});
  ASSERT_EQ(closed.exit_code, 0) << closed.err;
  EXPECT_TRUE(json::parse(closed.out)["findings"].empty()) << closed.out;
}

TEST_F(SecretsHistoryCli, NotAGitRepositoryIsExitTwo) {
  dir_.Write("plain/a.txt", "nothing here\n");
  const auto r = Run({"secrets", "--git-history", "plain", "--db", Db()});
  ExpectInputError(r, "plain", "origin");
  EXPECT_NE(r.err.find("not a git repository"), std::string::npos) << r.err;

  const auto file = Run({"secrets", "--git-history", "plain/a.txt", "--db", Db()});
  EXPECT_EQ(file.exit_code, 2) << file.err;
  const auto flag = Run({"secrets", "--no-incremental", "plain", "--db", Db()});
  EXPECT_EQ(flag.exit_code, 2) << flag.err;
  EXPECT_NE(flag.err.find("--no-incremental"), std::string::npos) << flag.err;
}

}  // namespace
}  // namespace fledger::e2e
