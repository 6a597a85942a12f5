// Tests for the store's secret-history state (schema v2): migration from v1, save and load
// round-trip, incremental additions, replacement, and a repository rewritten under the same path.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "store/store.h"
#include "test_util.h"

namespace fledger::store {
namespace {

namespace fs = std::filesystem;
using fledger::testing::TempDir;

const std::string kC1(40, 'a'), kC2(40, 'b'), kB1(40, 'c'), kB2(40, 'd'), kRoot(40, 'e');

void RawExec(const fs::path& path, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr), SQLITE_OK);
  char* message = nullptr;
  EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message), SQLITE_OK)
      << (message != nullptr ? message : "");
  sqlite3_free(message);
  sqlite3_close_v2(db);
}

struct Loaded {
  SecretHistoryState state;
  std::vector<std::string> commits, blobs;
};

Loaded Load(Store& store, const SecretHistoryKey& key) {
  Loaded out;
  Result<SecretHistoryState> state = store.LoadSecretHistory(
      key, [&](std::string_view id) { out.commits.emplace_back(id); },
      [&](std::string_view id) { out.blobs.emplace_back(id); });
  EXPECT_TRUE(state.ok()) << (state.ok() ? "" : state.error().ToString());
  if (state.ok()) out.state = std::move(state).value();
  std::sort(out.commits.begin(), out.commits.end());
  std::sort(out.blobs.begin(), out.blobs.end());
  return out;
}

SecretHistoryState FirstRun() {
  SecretHistoryState d;
  d.next_seq = 2;
  d.commits = {kC1};
  d.blobs = {kB1};
  d.hits = {{kB1, "key1", R"({"rule_id":"x"})"}};
  d.introduced = {
      {"key1", kB1, kC1, "Alice <alice@example.org>", "2024-01-01T00:00:00Z", 100, 0, "a.env"}};
  d.paths = {{"key1", "a.env"}};
  return d;
}

TEST(SecretHistoryStore, MigratesAVersionOneDatabaseAndKeepsItsData) {
  TempDir dir;
  const fs::path path = dir.path() / "fledger.db";
  {
    Result<Store> store = Store::Open(path);
    ASSERT_TRUE(store.ok());
    AssessmentSnapshot s;
    s.kind = "user";
    s.catalog = "C";
    s.subject = ".";
    s.action = "build";
    ASSERT_TRUE(store.value().RecordAssessment(s).ok());
  }
  // Back to what a v1 binary wrote.
  RawExec(path,
          "DROP TABLE secret_history_path; DROP TABLE secret_history_secret; "
          "DROP TABLE secret_history_hit; DROP TABLE secret_history_blob; "
          "DROP TABLE secret_history_commit; DROP TABLE secret_history_repo; "
          "PRAGMA user_version = 1;");
  Result<Store> store = Store::Open(path);
  ASSERT_TRUE(store.ok()) << store.error().ToString();
  EXPECT_EQ(store.value().schema_version(), 2);
  Result<std::vector<AssessmentSnapshot>> kept = store.value().ListAssessments("", 10);
  ASSERT_TRUE(kept.ok());
  EXPECT_EQ(kept.value().size(), 1u);
  EXPECT_TRUE(store.value().SaveSecretHistory({"/r/.git", kRoot}, FirstRun(), false).ok());
}

TEST(SecretHistoryStore, SavesAndLoadsAndAddsIncrementally) {
  TempDir dir;
  Result<Store> opened = Store::Open(dir.path() / "fledger.db");
  ASSERT_TRUE(opened.ok());
  Store& store = opened.value();
  const SecretHistoryKey key{"/r/.git", kRoot};

  Loaded empty = Load(store, key);
  EXPECT_EQ(empty.state.next_seq, 0);
  EXPECT_TRUE(empty.commits.empty());

  ASSERT_TRUE(store.SaveSecretHistory(key, FirstRun(), false).ok());
  SecretHistoryState second;
  second.next_seq = 5;
  second.commits = {kC2, kC1};  // kC1 again: ignored
  second.blobs = {kB2};
  second.hits = {{kB2, "key2", R"({"rule_id":"y"})"}};
  second.introduced = {
      {"key1", kB2, kC2, "Bob <bob@example.org>", "2023-01-01T00:00:00Z", 50, 3, "b.env"}};
  second.paths = {{"key1", "b.env"}, {"key1", "a.env"}};
  ASSERT_TRUE(store.SaveSecretHistory(key, second, false).ok());

  const Loaded got = Load(store, key);
  EXPECT_EQ(got.state.next_seq, 5);
  EXPECT_EQ(got.commits, (std::vector<std::string>{kC1, kC2}));
  EXPECT_EQ(got.blobs, (std::vector<std::string>{kB1, kB2}));
  ASSERT_EQ(got.state.hits.size(), 2u);
  EXPECT_EQ(got.state.hits[0].secret_key, "key1");
  EXPECT_EQ(got.state.hits[1].finding_json, R"({"rule_id":"y"})");
  ASSERT_EQ(got.state.introduced.size(), 1u);  // replaced, not added
  EXPECT_EQ(got.state.introduced[0].commit_id, kC2);
  EXPECT_EQ(got.state.introduced[0].commit_time, 50);
  EXPECT_EQ(got.state.introduced[0].path, "b.env");
  ASSERT_EQ(got.state.paths.size(), 2u);
  EXPECT_EQ(got.state.paths[0].path, "a.env");
  EXPECT_EQ(got.state.paths[1].path, "b.env");

  // Another repository is separate.
  EXPECT_TRUE(Load(store, {"/other/.git", kRoot}).commits.empty());
}

TEST(SecretHistoryStore, ReplaceAndANewRootForgetTheOldState) {
  TempDir dir;
  Result<Store> opened = Store::Open(dir.path() / "fledger.db");
  ASSERT_TRUE(opened.ok());
  Store& store = opened.value();
  const SecretHistoryKey key{"/r/.git", kRoot};
  ASSERT_TRUE(store.SaveSecretHistory(key, FirstRun(), false).ok());

  SecretHistoryState fresh;
  fresh.next_seq = 1;
  fresh.commits = {kC2};
  ASSERT_TRUE(store.SaveSecretHistory(key, fresh, /*replace=*/true).ok());
  Loaded got = Load(store, key);
  EXPECT_EQ(got.commits, std::vector<std::string>{kC2});
  EXPECT_TRUE(got.blobs.empty());
  EXPECT_TRUE(got.state.hits.empty());
  EXPECT_TRUE(got.state.introduced.empty());

  // The same path with another root commit: a rewritten repository; the old rows go.
  const SecretHistoryKey rewritten{"/r/.git", std::string(40, 'f')};
  ASSERT_TRUE(store.SaveSecretHistory(rewritten, FirstRun(), false).ok());
  EXPECT_TRUE(Load(store, key).commits.empty());
  EXPECT_EQ(Load(store, rewritten).commits, std::vector<std::string>{kC1});
}

TEST(SecretHistoryStore, InvalidRowsAreRefusedAndNothingIsWritten) {
  TempDir dir;
  Result<Store> opened = Store::Open(dir.path() / "fledger.db");
  ASSERT_TRUE(opened.ok());
  Store& store = opened.value();
  const SecretHistoryKey key{"/r/.git", kRoot};
  SecretHistoryState bad = FirstRun();
  bad.hits[0].finding_json = "not json";
  Status saved = store.SaveSecretHistory(key, bad, false);
  ASSERT_FALSE(saved.ok());
  EXPECT_EQ(saved.error().code, ErrorCode::kInternal);
  EXPECT_TRUE(Load(store, key).commits.empty());  // the transaction rolled back
}

}  // namespace
}  // namespace fledger::store
