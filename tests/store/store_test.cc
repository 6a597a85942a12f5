// Tests for the SQLite store: schema creation and migration, round-trips, rejection of foreign or
// newer files, transactional writes and the default path.
#include "store/store.h"

#include <gtest/gtest.h>
#include <re2/re2.h>
#include <sqlite3.h>
#include <stdlib.h>

#include <cmath>
#include <filesystem>
#include <optional>
#include <string>

#include "test_util.h"

namespace fledger::store {
namespace {

namespace fs = std::filesystem;
using fledger::testing::TempDir;

AssessmentSnapshot Sample(const std::string& kind = "project", const std::string& subject = ".") {
  AssessmentSnapshot s;
  s.kind = kind;
  s.catalog = "SecurityCategory";
  s.subject = subject;
  s.action = "build";
  s.target_level = 2;
  s.percent_to_target = 62.5;
  s.met = 5;
  s.partial = 1;
  s.unmet = 2;
  s.needs_review = 1;
  s.not_applicable = 3;
  s.decided_auto = 4;
  s.categories = {{"Secrets", 1, 75.0}, {"Dependencies", 0, 50.0}};
  s.requirements = {
      {"SEC-1", "Secrets", "Scanning", 1, "met", "auto"},
      {"SEC-2", "Secrets", "Rotation", 2, "needs-review", "user"},
      {"DEP-1", "Dependencies", "Pinning", 1, "n/a", "user"},
  };
  return s;
}

// Runs `sql` through a raw connection, outside the Store, as another tool would.
void RawExec(const fs::path& path, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr), SQLITE_OK);
  char* message = nullptr;
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message);
  EXPECT_EQ(rc, SQLITE_OK) << (message != nullptr ? message : "");
  sqlite3_free(message);
  sqlite3_close_v2(db);
}

int64_t RawCount(const fs::path& path, const std::string& table) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  // The table name is a test constant, not input.
  const std::string sql = "SELECT count(*) FROM " + table;
  EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr), SQLITE_OK);
  EXPECT_EQ(sqlite3_step(stmt), SQLITE_ROW);
  const int64_t count = sqlite3_column_int64(stmt, 0);
  sqlite3_finalize(stmt);
  sqlite3_close_v2(db);
  return count;
}

// Sets or unsets an environment variable for one scope and restores the previous value.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* old = ::getenv(name)) old_ = old;
    if (value != nullptr) {
      ::setenv(name, value, 1);
    } else {
      ::unsetenv(name);
    }
  }
  ~ScopedEnv() {
    if (old_) {
      ::setenv(name_.c_str(), old_->c_str(), 1);
    } else {
      ::unsetenv(name_.c_str());
    }
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  std::string name_;
  std::optional<std::string> old_;
};

TEST(StoreTest, OpenCreatesDirectoriesFileAndSchema) {
  TempDir dir;
  const fs::path path = dir.path() / "a" / "b" / "fledger.db";
  Result<Store> store = Store::Open(path);
  ASSERT_TRUE(store.ok()) << store.error().ToString();
  EXPECT_TRUE(fs::is_regular_file(path));
  EXPECT_EQ(store.value().schema_version(), 2);
  EXPECT_EQ(RawCount(path, "assessment"), 0);
}

TEST(StoreTest, OpenUsesWalJournal) {
  TempDir dir;
  const fs::path path = dir.path() / "fledger.db";
  ASSERT_TRUE(Store::Open(path).ok());
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &stmt, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)), "wal");
  sqlite3_finalize(stmt);
  sqlite3_close_v2(db);
}

TEST(StoreTest, RecordListGetRoundTrip) {
  TempDir dir;
  Result<Store> store = Store::Open(dir.path() / "fledger.db");
  ASSERT_TRUE(store.ok()) << store.error().ToString();
  const AssessmentSnapshot in = Sample();
  Result<int64_t> id = store.value().RecordAssessment(in);
  ASSERT_TRUE(id.ok()) << id.error().ToString();
  EXPECT_GT(id.value(), 0);

  Result<AssessmentSnapshot> got = store.value().GetAssessment(id.value());
  ASSERT_TRUE(got.ok()) << got.error().ToString();
  const AssessmentSnapshot& out = got.value();
  EXPECT_EQ(out.id, id.value());
  EXPECT_TRUE(RE2::FullMatch(out.created_at, R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)"))
      << out.created_at;
  EXPECT_EQ(out.kind, in.kind);
  EXPECT_EQ(out.catalog, in.catalog);
  EXPECT_EQ(out.subject, in.subject);
  EXPECT_EQ(out.action, in.action);
  EXPECT_EQ(out.target_level, in.target_level);
  EXPECT_DOUBLE_EQ(out.percent_to_target, in.percent_to_target);
  EXPECT_EQ(out.met, in.met);
  EXPECT_EQ(out.partial, in.partial);
  EXPECT_EQ(out.unmet, in.unmet);
  EXPECT_EQ(out.needs_review, in.needs_review);
  EXPECT_EQ(out.not_applicable, in.not_applicable);
  EXPECT_EQ(out.decided_auto, in.decided_auto);

  ASSERT_EQ(out.categories.size(), in.categories.size());
  for (size_t i = 0; i < in.categories.size(); ++i) {  // recorded order is kept
    EXPECT_EQ(out.categories[i].category, in.categories[i].category);
    EXPECT_EQ(out.categories[i].achieved_level, in.categories[i].achieved_level);
    EXPECT_DOUBLE_EQ(out.categories[i].percent_to_target, in.categories[i].percent_to_target);
  }
  ASSERT_EQ(out.requirements.size(), in.requirements.size());
  for (size_t i = 0; i < in.requirements.size(); ++i) {
    EXPECT_EQ(out.requirements[i].requirement_id, in.requirements[i].requirement_id);
    EXPECT_EQ(out.requirements[i].category, in.requirements[i].category);
    EXPECT_EQ(out.requirements[i].subcategory, in.requirements[i].subcategory);
    EXPECT_EQ(out.requirements[i].level, in.requirements[i].level);
    EXPECT_EQ(out.requirements[i].status, in.requirements[i].status);
    EXPECT_EQ(out.requirements[i].decided_by, in.requirements[i].decided_by);
  }

  Result<std::vector<AssessmentSnapshot>> list = store.value().ListAssessments("", 10);
  ASSERT_TRUE(list.ok()) << list.error().ToString();
  ASSERT_EQ(list.value().size(), 1u);
  EXPECT_EQ(list.value()[0].id, id.value());
  EXPECT_EQ(list.value()[0].created_at, out.created_at);
  EXPECT_EQ(list.value()[0].categories.size(), 2u);
  EXPECT_TRUE(list.value()[0].requirements.empty());  // the list leaves requirements out
}

TEST(StoreTest, KeepsGivenCreatedAt) {
  TempDir dir;
  Result<Store> store = Store::Open(dir.path() / "fledger.db");
  ASSERT_TRUE(store.ok());
  AssessmentSnapshot in = Sample();
  in.created_at = "2026-11-23T10:00:00Z";
  Result<int64_t> id = store.value().RecordAssessment(in);
  ASSERT_TRUE(id.ok()) << id.error().ToString();
  Result<AssessmentSnapshot> got = store.value().GetAssessment(id.value());
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got.value().created_at, "2026-11-23T10:00:00Z");
}

TEST(StoreTest, ReopenKeepsDataAndDoesNotMigrateAgain) {
  TempDir dir;
  const fs::path path = dir.path() / "fledger.db";
  int64_t id = 0;
  {
    Result<Store> store = Store::Open(path);
    ASSERT_TRUE(store.ok());
    Result<int64_t> recorded = store.value().RecordAssessment(Sample());
    ASSERT_TRUE(recorded.ok());
    id = recorded.value();
  }
  for (int i = 0; i < 2; ++i) {
    Result<Store> store = Store::Open(path);
    ASSERT_TRUE(store.ok()) << store.error().ToString();
    EXPECT_EQ(store.value().schema_version(), 2);
    Result<AssessmentSnapshot> got = store.value().GetAssessment(id);
    ASSERT_TRUE(got.ok()) << got.error().ToString();
    EXPECT_EQ(got.value().requirements.size(), 3u);
  }
  EXPECT_EQ(RawCount(path, "assessment"), 1);
}

TEST(StoreTest, GarbageFileIsSyntaxErrorNamingThePath) {
  TempDir dir;
  const fs::path path = dir.Write("fledger.db", "not a database\n");
  Result<Store> store = Store::Open(path);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().code, ErrorCode::kInput);
  EXPECT_EQ(store.error().step, ValidationStep::kSyntax);
  EXPECT_EQ(store.error().context, path.string());
  EXPECT_NE(store.error().message.find("not a database"), std::string::npos)
      << store.error().ToString();
  EXPECT_EQ(testing::ReadFile(path), "not a database\n");  // the file is left untouched
}

TEST(StoreTest, NewerSchemaIsRejected) {
  TempDir dir;
  const fs::path path = dir.path() / "fledger.db";
  ASSERT_TRUE(Store::Open(path).ok());
  RawExec(path, "PRAGMA user_version = 99");
  Result<Store> store = Store::Open(path);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().code, ErrorCode::kInput);
  EXPECT_EQ(store.error().step, ValidationStep::kSemantics);
  EXPECT_EQ(store.error().context, path.string());
  EXPECT_NE(store.error().message.find("newer"), std::string::npos) << store.error().ToString();
}

TEST(StoreTest, ForeignTablesAtVersionZeroAreRejected) {
  TempDir dir;
  const fs::path path = dir.path() / "other.db";
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, "CREATE TABLE assessment (x TEXT)", nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close_v2(db);
  }
  Result<Store> store = Store::Open(path);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().code, ErrorCode::kInput);
  EXPECT_EQ(store.error().context, path.string());
}

TEST(StoreTest, SymlinkIsRefused) {
  TempDir dir;
  const fs::path real = dir.path() / "real.db";
  ASSERT_TRUE(Store::Open(real).ok());
  const fs::path link = dir.path() / "link.db";
  fs::create_symlink(real, link);
  Result<Store> store = Store::Open(link);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().step, ValidationStep::kOrigin);
}

TEST(StoreTest, DirectoryIsRefused) {
  TempDir dir;
  fs::create_directories(dir.path() / "db");
  Result<Store> store = Store::Open(dir.path() / "db");
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().code, ErrorCode::kInput);
}

// Regression guard: a failing requirement row must undo the assessment and category rows written
// before it in the same transaction.
TEST(StoreTest, ConstraintViolationWritesNothing) {
  TempDir dir;
  const fs::path path = dir.path() / "fledger.db";
  Result<Store> store = Store::Open(path);
  ASSERT_TRUE(store.ok());
  ASSERT_TRUE(store.value().RecordAssessment(Sample()).ok());

  struct Case {
    const char* name;
    void (*mutate)(AssessmentSnapshot&);
  };
  const Case cases[] = {
      {"bogus status", [](AssessmentSnapshot& s) { s.requirements.back().status = "bogus"; }},
      {"bogus decided_by", [](AssessmentSnapshot& s) { s.requirements[0].decided_by = "robot"; }},
      {"bogus kind", [](AssessmentSnapshot& s) { s.kind = "team"; }},
      {"bogus action", [](AssessmentSnapshot& s) { s.action = "delete"; }},
      {"level too high", [](AssessmentSnapshot& s) { s.target_level = 11; }},
      {"percent over 100", [](AssessmentSnapshot& s) { s.percent_to_target = 100.5; }},
      {"NaN percent",
       [](AssessmentSnapshot& s) { s.categories[1].percent_to_target = std::nan(""); }},
      {"negative count", [](AssessmentSnapshot& s) { s.unmet = -1; }},
      {"duplicate category",
       [](AssessmentSnapshot& s) { s.categories.push_back(s.categories[0]); }},
      {"duplicate requirement",
       [](AssessmentSnapshot& s) { s.requirements.push_back(s.requirements[0]); }},
      {"bad created_at", [](AssessmentSnapshot& s) { s.created_at = "yesterday"; }},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    AssessmentSnapshot s = Sample();
    c.mutate(s);
    Result<int64_t> id = store.value().RecordAssessment(s);
    ASSERT_FALSE(id.ok());
    EXPECT_EQ(id.error().code, ErrorCode::kInternal) << id.error().ToString();
    EXPECT_EQ(RawCount(path, "assessment"), 1);
    EXPECT_EQ(RawCount(path, "assessment_category"), 2);
    EXPECT_EQ(RawCount(path, "assessment_requirement"), 3);
  }
  // The store is still usable after the rollbacks.
  EXPECT_TRUE(store.value().RecordAssessment(Sample()).ok());
  EXPECT_EQ(RawCount(path, "assessment"), 2);
}

TEST(StoreTest, ListHonoursLimitKindAndOrder) {
  TempDir dir;
  Result<Store> store = Store::Open(dir.path() / "fledger.db");
  ASSERT_TRUE(store.ok());
  std::vector<int64_t> project_ids;
  for (int i = 0; i < 5; ++i) {
    Result<int64_t> id = store.value().RecordAssessment(Sample("project", "p" + std::to_string(i)));
    ASSERT_TRUE(id.ok());
    project_ids.push_back(id.value());
    ASSERT_TRUE(store.value().RecordAssessment(Sample("user", "u" + std::to_string(i))).ok());
  }

  Result<std::vector<AssessmentSnapshot>> last3 = store.value().ListAssessments("project", 3);
  ASSERT_TRUE(last3.ok()) << last3.error().ToString();
  ASSERT_EQ(last3.value().size(), 3u);
  // The three newest, newest last.
  EXPECT_EQ(last3.value()[0].id, project_ids[2]);
  EXPECT_EQ(last3.value()[1].id, project_ids[3]);
  EXPECT_EQ(last3.value()[2].id, project_ids[4]);
  for (const AssessmentSnapshot& s : last3.value()) {
    EXPECT_EQ(s.kind, "project");
    EXPECT_EQ(s.categories.size(), 2u);
  }

  Result<std::vector<AssessmentSnapshot>> all = store.value().ListAssessments("", 100);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all.value().size(), 10u);
  for (size_t i = 1; i < all.value().size(); ++i) {
    EXPECT_LT(all.value()[i - 1].id, all.value()[i].id);
  }
  EXPECT_EQ(all.value().back().subject, "u4");

  Result<std::vector<AssessmentSnapshot>> none = store.value().ListAssessments("", 0);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none.value().empty());
}

TEST(StoreTest, GetMissingIsNotFound) {
  TempDir dir;
  Result<Store> store = Store::Open(dir.path() / "fledger.db");
  ASSERT_TRUE(store.ok());
  Result<AssessmentSnapshot> got = store.value().GetAssessment(42);
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.error().code, ErrorCode::kNotFound);
}

TEST(StoreTest, MoveTransfersTheConnection) {
  TempDir dir;
  Result<Store> opened = Store::Open(dir.path() / "fledger.db");
  ASSERT_TRUE(opened.ok());
  Store moved = std::move(opened).value();
  ASSERT_TRUE(moved.RecordAssessment(Sample()).ok());
  Store assigned = std::move(moved);
  EXPECT_EQ(assigned.schema_version(), 2);
  // A moved-from store reports an error instead of crashing.
  EXPECT_FALSE(moved.RecordAssessment(Sample()).ok());  // NOLINT(bugprone-use-after-move)
  Result<Store> other = Store::Open(dir.path() / "other.db");
  ASSERT_TRUE(other.ok());
  assigned = std::move(other).value();
  Result<std::vector<AssessmentSnapshot>> list = assigned.ListAssessments("", 10);
  ASSERT_TRUE(list.ok());
  EXPECT_TRUE(list.value().empty());
}

TEST(StoreTest, DefaultPathHonoursEnvironment) {
  ScopedEnv home("HOME", "/home/tester");
  {
    ScopedEnv db("FLEDGER_DB", "/custom/place.db");
    ScopedEnv xdg("XDG_DATA_HOME", "/xdg");
    EXPECT_EQ(Store::DefaultPath(), fs::path("/custom/place.db"));
  }
  {
    ScopedEnv db("FLEDGER_DB", nullptr);
    ScopedEnv xdg("XDG_DATA_HOME", "/xdg");
    EXPECT_EQ(Store::DefaultPath(), fs::path("/xdg/fledger/fledger.db"));
  }
  {
    ScopedEnv db("FLEDGER_DB", "");
    ScopedEnv xdg("XDG_DATA_HOME", nullptr);
    EXPECT_EQ(Store::DefaultPath(), fs::path("/home/tester/.local/share/fledger/fledger.db"));
  }
  {
    // The XDG spec says a relative XDG_DATA_HOME is invalid and must be ignored.
    ScopedEnv db("FLEDGER_DB", nullptr);
    ScopedEnv xdg("XDG_DATA_HOME", "relative/dir");
    EXPECT_EQ(Store::DefaultPath(), fs::path("/home/tester/.local/share/fledger/fledger.db"));
  }
}

}  // namespace
}  // namespace fledger::store
