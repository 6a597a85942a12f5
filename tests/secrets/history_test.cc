// Tests for the git history walk (src/secrets/history.h) with a fake scanner that reports the
// literal `SECRET=<alnum>`: introducing commits, paths, HEAD, refs of every kind, incremental
// state in fledger.db, skipped blobs and damaged repositories.
#include "secrets/history.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "core/text.h"
#include "secrets/git_builder.h"
#include "store/store.h"
#include "test_util.h"

namespace fledger::secrets {
namespace {

namespace fs = std::filesystem;
using fledger::testing::GitBuilder;
using fledger::testing::TempDir;

// Finds `SECRET=<letters and digits>` on any line; counts its calls and the contents it saw.
class FakeScanner {
 public:
  BlobScanFn Fn() {
    return [this](std::string_view content, const RepoPath& path) { return Scan(content, path); };
  }
  int calls() const { return calls_.load(); }
  std::multiset<std::string> paths() const {
    std::lock_guard lock(mu_);
    return paths_;
  }

 private:
  std::vector<BlobHit> Scan(std::string_view content, const RepoPath& path) {
    ++calls_;
    {
      std::lock_guard lock(mu_);
      paths_.insert(path.str());
    }
    std::vector<BlobHit> hits;
    int line = 1;
    size_t line_start = 0;
    for (size_t i = 0; i < content.size(); ++i) {
      if (content[i] == '\n') {
        ++line;
        line_start = i + 1;
        continue;
      }
      if (content.compare(i, 7, "SECRET=") != 0) continue;
      size_t end = i + 7;
      while (end < content.size() && std::isalnum(static_cast<unsigned char>(content[end]))) ++end;
      const std::string value(content.substr(i + 7, end - i - 7));
      if (value.empty()) continue;
      const RuleId rule = RuleId::Parse("test.secret").value();
      Finding f{.rule_id = rule, .fingerprint = Fingerprint::Compute(rule, path, Sha256Hex(value))};
      f.kind = FindingKind::kSecret;
      f.severity = Severity::Of(Severity::Level::kHigh);
      f.title = "Test secret";
      f.message = "a test secret";
      f.location.path = path;
      f.location.line = line;
      f.location.column = static_cast<int>(i - line_start) + 1;
      f.evidence = "SECRET=" + value.substr(0, 2) + "***";
      f.remediation.text = "Rotate it.";
      hits.push_back(BlobHit{f, Sha256Hex("test.secret:" + value)});
      i = end - 1;
    }
    return hits;
  }

  std::atomic<int> calls_{0};
  mutable std::mutex mu_;
  std::multiset<std::string> paths_;
};

std::string Key(const std::string& value) { return Sha256Hex("test.secret:" + value); }

const HistorySecret* Find(const HistoryResult& r, const std::string& value) {
  for (const HistorySecret& s : r.secrets) {
    if (s.secret_key == Key(value)) return &s;
  }
  return nullptr;
}

std::vector<std::string> Paths(const HistorySecret& s) {
  std::vector<std::string> out;
  for (const RepoPath& p : s.paths) out.push_back(p.str());
  return out;
}

bool AnyWarningHas(const HistoryResult& r, const std::string& a, const std::string& b = "") {
  for (const std::string& w : r.warnings) {
    if (w.find(a) != std::string::npos && w.find(b) != std::string::npos) return true;
  }
  return false;
}

HistoryResult Scan(const fs::path& repo, FakeScanner& scanner, store::Store* state = nullptr,
                   HistoryOptions options = {}) {
  Result<HistoryResult> r = ScanHistory(repo, scanner.Fn(), options, state);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().ToString());
  return r.ok() ? std::move(r).value() : HistoryResult{};
}

TEST(SecretsHistory, ReportsIntroducingCommitAuthorAndDate) {
  TempDir dir;
  GitBuilder git(dir.path());
  git.Commit("main", {{"README.md", "hello\n"}}, "Alice", 1000);
  const git_oid introducing =
      git.Commit("main", {{"config/app.env", "X=1\nSECRET=abc123\n"}}, "Bob", 2000);
  git.Commit("main", {{"config/app.env", "X=2\nSECRET=abc123\n"}}, "Carol", 3000);
  git.SetHead("main");

  FakeScanner scanner;
  const HistoryResult r = Scan(dir.path(), scanner);
  ASSERT_EQ(r.secrets.size(), 1u);
  const HistorySecret& s = r.secrets[0];
  EXPECT_EQ(s.secret_key, Key("abc123"));
  EXPECT_EQ(s.introduced.commit, GitBuilder::Hex(introducing));
  EXPECT_EQ(s.introduced.author, "Bob <bob@example.org>");
  EXPECT_EQ(s.introduced.date, "1970-01-01T00:33:20Z");
  EXPECT_EQ(s.introduced.path.str(), "config/app.env");
  EXPECT_EQ(s.finding.location.path.str(), "config/app.env");
  EXPECT_EQ(s.finding.location.line, 2);
  EXPECT_EQ(Paths(s), std::vector<std::string>{"config/app.env"});
  EXPECT_TRUE(s.in_head);
  EXPECT_EQ(r.commits_total, 3u);
  EXPECT_EQ(r.commits_scanned, 3u);
  // Three distinct blobs (README and two versions of app.env), each scanned once.
  EXPECT_EQ(r.blobs_scanned, 3u);
  EXPECT_EQ(scanner.calls(), 3);
  EXPECT_TRUE(r.warnings.empty()) << r.warnings[0];
}

TEST(SecretsHistory, ListsEveryPathSortedAndDeduplicated) {
  TempDir dir;
  GitBuilder git(dir.path());
  git.Commit("main", {{"b/key.txt", "SECRET=k1\n"}}, "Alice", 1000);
  git.Commit("main", {{"a/copy.txt", "SECRET=k1\n"}}, "Alice", 2000);  // same blob
  git.Commit("main", {{"b/key.txt", std::nullopt}, {"c/moved.txt", "SECRET=k1\n"}}, "Alice", 3000);
  git.Commit("main", {{"d/other.txt", "note: SECRET=k1 again\n"}}, "Alice", 4000);  // new blob
  git.SetHead("main");

  FakeScanner scanner;
  const HistoryResult r = Scan(dir.path(), scanner);
  ASSERT_EQ(r.secrets.size(), 1u);
  EXPECT_EQ(Paths(r.secrets[0]),
            (std::vector<std::string>{"a/copy.txt", "b/key.txt", "c/moved.txt", "d/other.txt"}));
  EXPECT_EQ(r.secrets[0].introduced.path.str(), "b/key.txt");
  // The blob "SECRET=k1\n" sits at three paths but was scanned once, as b/key.txt.
  EXPECT_EQ(scanner.paths(), (std::multiset<std::string>{"b/key.txt", "d/other.txt"}));
}

TEST(SecretsHistory, TellsRemovedFromHeadFromStillInHead) {
  TempDir dir;
  GitBuilder git(dir.path());
  git.Commit("main", {{"old.env", "SECRET=gone1\n"}, {"keep.env", "SECRET=kept1\n"}}, "Alice",
             1000);
  git.Commit("main", {{"old.env", std::nullopt}}, "Alice", 2000);
  git.SetHead("main");

  FakeScanner scanner;
  const HistoryResult r = Scan(dir.path(), scanner);
  ASSERT_EQ(r.secrets.size(), 2u);
  ASSERT_NE(Find(r, "gone1"), nullptr);
  ASSERT_NE(Find(r, "kept1"), nullptr);
  EXPECT_FALSE(Find(r, "gone1")->in_head);
  EXPECT_TRUE(Find(r, "kept1")->in_head);
}

TEST(SecretsHistory, WalksEveryBranchTagAndDetachedHead) {
  TempDir dir;
  GitBuilder git(dir.path());
  const git_oid base = git.Commit("main", {{"a.txt", "clean\n"}}, "Alice", 1000);
  git.Branch("feature", "main");
  git.Commit("feature", {{"f.env", "SECRET=onbranch\n"}}, "Bob", 2000);
  git.Branch("release", "main");
  const git_oid tagged = git.Commit("release", {{"r.env", "SECRET=ontag\n"}}, "Carol", 3000);
  git.Tag("v1.0", tagged);
  git.DeleteBranch("release");  // only the annotated tag reaches it now
  git.Branch("detached", "main");
  const git_oid loose = git.Commit("detached", {{"d.env", "SECRET=detached\n"}}, "Dan", 4000);
  git.Detach(loose);
  git.DeleteBranch("detached");  // only the detached HEAD reaches it now
  git.Commit("main", {{"m.env", "SECRET=onmain\n"}}, "Eve", 5000);

  FakeScanner scanner;
  const HistoryResult r = Scan(dir.path(), scanner);
  EXPECT_EQ(r.commits_total, 5u);
  ASSERT_EQ(r.secrets.size(), 4u);
  for (const char* value : {"onbranch", "ontag", "detached", "onmain"}) {
    ASSERT_NE(Find(r, value), nullptr) << value;
  }
  EXPECT_EQ(Find(r, "ontag")->introduced.commit, GitBuilder::Hex(tagged));
  EXPECT_EQ(Find(r, "detached")->introduced.author, "Dan <dan@example.org>");
  // HEAD is the detached commit: only its secret is in HEAD's tree.
  EXPECT_TRUE(Find(r, "detached")->in_head);
  EXPECT_FALSE(Find(r, "onmain")->in_head);
  EXPECT_FALSE(Find(r, "onbranch")->in_head);
  (void)base;
}

TEST(SecretsHistory, IntroducedIsTheOldestCommitByCommitTime) {
  TempDir dir;
  GitBuilder git(dir.path());
  git.Commit("main", {{"a.txt", "clean\n"}}, "Alice", 1000);
  git.Branch("side", "main");
  // main reaches the secret at time 5000; the side branch had it at time 3000, merged later.
  git.Commit("main", {{"main.env", "SECRET=twice\n"}}, "Bob", 5000);
  const git_oid older = git.Commit("side", {{"side.env", "SECRET=twice\n"}}, "Carol", 3000);
  git.Commit("main", {}, "Alice", 6000, older);
  git.SetHead("main");

  FakeScanner scanner;
  const HistoryResult r = Scan(dir.path(), scanner);
  ASSERT_EQ(r.secrets.size(), 1u);
  EXPECT_EQ(r.secrets[0].introduced.commit, GitBuilder::Hex(older));
  EXPECT_EQ(r.secrets[0].introduced.path.str(), "side.env");
  EXPECT_EQ(Paths(r.secrets[0]), (std::vector<std::string>{"main.env", "side.env"}));
  EXPECT_TRUE(r.secrets[0].in_head);  // the merge holds both files
}

TEST(SecretsHistory, IncrementalRunScansOnlyNewCommitsAndKeepsEarlierSecrets) {
  TempDir dir;
  const fs::path repo = dir.path() / "repo";
  GitBuilder git(repo);
  const git_oid first = git.Commit("main", {{"one.env", "SECRET=first1\n"}}, "Alice", 1000);
  git.Commit("main", {{"two.txt", "clean\n"}}, "Alice", 2000);
  git.SetHead("main");
  Result<store::Store> db = store::Store::Open(dir.path() / "fledger.db");
  ASSERT_TRUE(db.ok()) << db.error().ToString();

  FakeScanner run1;
  const HistoryResult r1 = Scan(repo, run1, &db.value());
  ASSERT_EQ(r1.secrets.size(), 1u);
  EXPECT_EQ(r1.commits_scanned, 2u);
  EXPECT_EQ(run1.calls(), 2);

  // New commits: one adds a secret, one copies the old secret's blob to a new path.
  const git_oid second = git.Commit("main", {{"three.env", "SECRET=second2\n"}}, "Bob", 3000);
  git.Commit("main", {{"copy.env", "SECRET=first1\n"}}, "Bob", 4000);
  FakeScanner run2;
  const HistoryResult r2 = Scan(repo, run2, &db.value());
  EXPECT_EQ(r2.commits_total, 4u);
  EXPECT_EQ(r2.commits_scanned, 2u);
  EXPECT_EQ(run2.calls(), 1);  // only three.env's blob is new
  ASSERT_EQ(r2.secrets.size(), 2u);
  const HistorySecret* old_secret = Find(r2, "first1");
  ASSERT_NE(old_secret, nullptr);
  EXPECT_EQ(old_secret->introduced.commit, GitBuilder::Hex(first));
  EXPECT_EQ(old_secret->introduced.author, "Alice <alice@example.org>");
  EXPECT_EQ(Paths(*old_secret), (std::vector<std::string>{"copy.env", "one.env"}));
  EXPECT_EQ(old_secret->finding.fingerprint, r1.secrets[0].finding.fingerprint);
  EXPECT_EQ(old_secret->finding.evidence, r1.secrets[0].finding.evidence);
  EXPECT_EQ(old_secret->finding.location.line, 1);
  EXPECT_EQ(Find(r2, "second2")->introduced.commit, GitBuilder::Hex(second));

  // Nothing new: nothing scanned, the same secrets; in_head is recomputed from HEAD.
  git.Commit("main", {{"one.env", std::nullopt}, {"copy.env", std::nullopt}}, "Carol", 5000);
  FakeScanner run3;
  const HistoryResult r3 = Scan(repo, run3, &db.value());
  EXPECT_EQ(r3.commits_scanned, 1u);
  EXPECT_EQ(run3.calls(), 0);
  ASSERT_EQ(r3.secrets.size(), 2u);
  EXPECT_FALSE(Find(r3, "first1")->in_head);
  EXPECT_TRUE(Find(r3, "second2")->in_head);
  FakeScanner run4;
  const HistoryResult r4 = Scan(repo, run4, &db.value());
  EXPECT_EQ(r4.commits_scanned, 0u);
  EXPECT_EQ(r4.blobs_scanned, 0u);
  ASSERT_EQ(r4.secrets.size(), 2u);

  // The incremental result equals a full scan without state.
  FakeScanner full;
  const HistoryResult all = Scan(repo, full);
  ASSERT_EQ(all.secrets.size(), r4.secrets.size());
  for (size_t i = 0; i < all.secrets.size(); ++i) {
    EXPECT_EQ(all.secrets[i].secret_key, r4.secrets[i].secret_key);
    EXPECT_EQ(all.secrets[i].introduced.commit, r4.secrets[i].introduced.commit);
    EXPECT_EQ(all.secrets[i].introduced.date, r4.secrets[i].introduced.date);
    EXPECT_EQ(all.secrets[i].paths, r4.secrets[i].paths);
    EXPECT_EQ(all.secrets[i].in_head, r4.secrets[i].in_head);
    EXPECT_EQ(all.secrets[i].finding.fingerprint, r4.secrets[i].finding.fingerprint);
  }

  // incremental=false rescans everything and rebuilds the state.
  FakeScanner rebuild;
  HistoryOptions options;
  options.incremental = false;
  const HistoryResult r5 = Scan(repo, rebuild, &db.value(), options);
  EXPECT_EQ(r5.commits_scanned, 5u);
  EXPECT_EQ(rebuild.calls(), 3);  // copy.env holds the same blob as one.env
  FakeScanner after;
  const HistoryResult r6 = Scan(repo, after, &db.value());
  EXPECT_EQ(r6.commits_scanned, 0u);
  EXPECT_EQ(r6.secrets.size(), 2u);
}

TEST(SecretsHistory, StateNeverHoldsTheSecretInClear) {
  TempDir dir;
  const fs::path repo = dir.path() / "repo";
  GitBuilder git(repo);
  git.Commit("main", {{"a.env", "SECRET=Sup3rSecretValue\n"}}, "Alice", 1000);
  git.SetHead("main");
  {
    Result<store::Store> db = store::Store::Open(dir.path() / "fledger.db");
    ASSERT_TRUE(db.ok());
    FakeScanner scanner;
    EXPECT_EQ(Scan(repo, scanner, &db.value()).secrets.size(), 1u);
  }
  for (const char* file : {"fledger.db", "fledger.db-wal"}) {
    if (!fs::exists(dir.path() / file)) continue;
    EXPECT_EQ(fledger::testing::ReadFile(dir.path() / file).find("Sup3rSecretValue"),
              std::string::npos)
        << file;
  }
}

TEST(SecretsHistory, SkipsBinaryAndOversizeBlobsWithWarnings) {
  TempDir dir;
  GitBuilder git(dir.path());
  const std::string binary = std::string(
                                 "\x7f"
                                 "ELF\0\0",
                                 6) +
                             "SECRET=inbinary\n";
  const std::string big = "SECRET=inbig\n" + std::string(500, 'x') + "\n";
  git.Commit("main", {{"bin/tool", binary}, {"big.txt", big}, {"small.env", "SECRET=small\n"}},
             "Alice", 1000);
  git.SetHead("main");

  FakeScanner scanner;
  HistoryOptions options;
  options.max_blob_bytes = 100;
  const HistoryResult r = Scan(dir.path(), scanner, nullptr, options);
  ASSERT_EQ(r.secrets.size(), 1u);
  EXPECT_NE(Find(r, "small"), nullptr);
  EXPECT_TRUE(AnyWarningHas(r, "1 binary blobs")) << ::testing::PrintToString(r.warnings);
  EXPECT_TRUE(AnyWarningHas(r, "1 blobs larger than 100 bytes", GitBuilder::Hex(git.BlobId(big))))
      << ::testing::PrintToString(r.warnings);
  EXPECT_TRUE(AnyWarningHas(r, "big.txt"));
  EXPECT_EQ(r.blobs_scanned, 1u);
}

TEST(SecretsHistory, SkipsSymlinksAndSubmodules) {
  TempDir dir;
  GitBuilder git(dir.path());
  git.Commit("main",
             {{"link", std::string(GitBuilder::kSymlink) + "SECRET=inlink"},
              {"vendor/lib", GitBuilder::kSubmodule},
              {"a.env", "SECRET=real\n"}},
             "Alice", 1000);
  git.SetHead("main");
  FakeScanner scanner;
  const HistoryResult r = Scan(dir.path(), scanner);
  ASSERT_EQ(r.secrets.size(), 1u);
  EXPECT_NE(Find(r, "real"), nullptr);
  EXPECT_EQ(scanner.calls(), 1);
  EXPECT_TRUE(r.warnings.empty()) << r.warnings[0];
}

TEST(SecretsHistory, CorruptedBlobIsAWarningNamingItAndTheWalkGoesOn) {
  TempDir dir;
  GitBuilder git(dir.path());
  git.Commit("main", {{"bad.env", "SECRET=damaged\n"}, {"good.env", "SECRET=intact\n"}}, "Alice",
             1000);
  git.SetHead("main");
  const git_oid bad = git.BlobId("SECRET=damaged\n");
  const fs::path file = git.ObjectFile(bad);
  fs::permissions(file, fs::perms::owner_write, fs::perm_options::add);
  { std::ofstream(file, std::ios::binary | std::ios::trunc) << "this is not zlib data"; }

  FakeScanner scanner;
  const HistoryResult r = Scan(dir.path(), scanner);
  ASSERT_EQ(r.secrets.size(), 1u);
  EXPECT_NE(Find(r, "intact"), nullptr);
  EXPECT_TRUE(AnyWarningHas(r, GitBuilder::Hex(bad), "read object"))
      << ::testing::PrintToString(r.warnings);
}

TEST(SecretsHistory, MissingTreeIsAWarningAndTheCommitIsWalkedAgainNextTime) {
  TempDir dir;
  const fs::path repo = dir.path() / "repo";
  GitBuilder git(repo);
  git.Commit("main", {{"lib/x.env", "SECRET=lost\n"}, {"top.env", "SECRET=found\n"}}, "Alice",
             1000);
  git.SetHead("main");
  // The tree of lib/ is deleted from the object database.
  git_object* lib = nullptr;
  ASSERT_EQ(git_revparse_single(&lib, git.repo(), "HEAD:lib"), 0);
  const git_oid lib_id = *git_object_id(lib);
  git_object_free(lib);
  fs::remove(git.ObjectFile(lib_id));

  Result<store::Store> db = store::Store::Open(dir.path() / "fledger.db");
  ASSERT_TRUE(db.ok());
  FakeScanner scanner;
  const HistoryResult r = Scan(repo, scanner, &db.value());
  ASSERT_EQ(r.secrets.size(), 1u);
  EXPECT_NE(Find(r, "found"), nullptr);
  EXPECT_TRUE(AnyWarningHas(r, "tree " + GitBuilder::Hex(lib_id), "read tree"))
      << ::testing::PrintToString(r.warnings);
  FakeScanner again;
  const HistoryResult r2 = Scan(repo, again, &db.value());
  EXPECT_EQ(r2.commits_scanned, 1u);  // not recorded as scanned
  EXPECT_EQ(again.calls(), 0);        // but its readable blobs are not scanned twice
  EXPECT_EQ(r2.secrets.size(), 1u);
}

TEST(SecretsHistory, NotARepositoryIsAnOriginError) {
  TempDir dir;
  FakeScanner scanner;
  Result<HistoryResult> r = ScanHistory(dir.path(), scanner.Fn(), {}, nullptr);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInput);
  EXPECT_EQ(r.error().step, ValidationStep::kOrigin);
  EXPECT_EQ(r.error().ExitCode(), 2);
  EXPECT_NE(r.error().message.find("not a git repository"), std::string::npos);
  EXPECT_EQ(r.error().context, dir.path().string());

  Result<HistoryResult> missing = ScanHistory(dir.path() / "nope", scanner.Fn(), {}, nullptr);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().step, ValidationStep::kOrigin);
  const fs::path file = dir.Write("file.txt", "x");
  EXPECT_FALSE(ScanHistory(file, scanner.Fn(), {}, nullptr).ok());
}

TEST(SecretsHistory, EmptyRepositoryHasNothingToReport) {
  TempDir dir;
  GitBuilder git(dir.path());
  FakeScanner scanner;
  const HistoryResult r = Scan(dir.path(), scanner);
  EXPECT_TRUE(r.secrets.empty());
  EXPECT_EQ(r.commits_total, 0u);
  EXPECT_TRUE(r.warnings.empty());
}

TEST(SecretsHistory, SameResultOnOneOrManyThreads) {
  TempDir dir;
  GitBuilder git(dir.path());
  for (int i = 0; i < 40; ++i) {
    std::map<std::string, std::optional<std::string>> changes;
    changes["dir" + std::to_string(i % 5) + "/f" + std::to_string(i) + ".env"] =
        "line\nSECRET=v" + std::to_string(i % 7) + "\n";
    git.Commit("main", changes, "Alice", 1000 + i);
  }
  git.SetHead("main");
  FakeScanner one, many;
  HistoryOptions serial;
  serial.jobs = 1;
  HistoryOptions parallel;
  parallel.jobs = 4;
  const HistoryResult a = Scan(dir.path(), one, nullptr, serial);
  const HistoryResult b = Scan(dir.path(), many, nullptr, parallel);
  ASSERT_EQ(a.secrets.size(), 7u);
  ASSERT_EQ(b.secrets.size(), a.secrets.size());
  for (size_t i = 0; i < a.secrets.size(); ++i) {
    EXPECT_EQ(a.secrets[i].secret_key, b.secrets[i].secret_key);
    EXPECT_EQ(a.secrets[i].introduced.commit, b.secrets[i].introduced.commit);
    EXPECT_EQ(a.secrets[i].paths, b.secrets[i].paths);
  }
  EXPECT_EQ(one.calls(), many.calls());
  EXPECT_EQ(a.blobs_scanned, b.blobs_scanned);
}

TEST(SecretsHistory, MaxCommitsBoundsTheWalk) {
  TempDir dir;
  GitBuilder git(dir.path());
  for (int i = 0; i < 5; ++i) git.Commit("main", {{"f.txt", std::to_string(i)}}, "Alice", 1000 + i);
  git.SetHead("main");
  FakeScanner scanner;
  HistoryOptions options;
  options.max_commits = 3;
  const HistoryResult r = Scan(dir.path(), scanner, nullptr, options);
  EXPECT_EQ(r.commits_total, 3u);
  EXPECT_TRUE(AnyWarningHas(r, "more than 3 commits")) << ::testing::PrintToString(r.warnings);
}

}  // namespace
}  // namespace fledger::secrets
