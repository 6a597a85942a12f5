// Tests that the two package-lock readers agree: simdjson On-Demand (the fast path) gives the same
// entries as the nlohmann DOM (the reference) on every fixture, and declines what it must.
#include "sca/javascript/package_lock_entries.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "core/input.h"
#include "sca/common.h"
#include "sca/extractor.h"
#include "test_util.h"

namespace fledger::sca::javascript {
namespace {

namespace stdfs = std::filesystem;

// The reference reader's entries, or nullopt when the text is not an object with a "packages"
// object (or does not parse).
std::optional<LockEntries> Reference(std::string_view text) {
  auto doc = ParseManifestJson(text, "package-lock.json");
  if (!doc.ok() || !doc.value().is_object()) return std::nullopt;
  const auto packages = doc.value().find("packages");
  if (packages == doc.value().end() || !packages->is_object()) return std::nullopt;
  return LockEntriesOf(*packages, text);
}

TEST(PackageLockEntriesTest, FastPathEqualsTheReferenceOnEveryFixture) {
  const stdfs::path testdata = testing::SourceDir() / "src/sca/javascript/testdata";
  int fast = 0, declined = 0;
  for (const char* dir : {"npm-package-lock-json", "real-world"}) {
    for (const auto& f : stdfs::directory_iterator(testdata / dir)) {
      const std::string name = f.path().filename().string();
      if (name.find("expected") != std::string::npos || name.find(".json") == std::string::npos ||
          (std::string(dir) == "real-world" && name.find("package-lock") == std::string::npos)) {
        continue;
      }
      SCOPED_TRACE(name);
      const std::string text = testing::ReadFile(f.path());
      const auto got = ReadLockEntries(text);
      const auto want = Reference(text);
      if (!got) {
        // Declined: lockfileVersion 1 (no "packages"), or not a lockfile at all.
        ++declined;
        continue;
      }
      ++fast;
      ASSERT_TRUE(want.has_value());
      EXPECT_EQ(got->members, want->members);
      EXPECT_EQ(got->has_root, want->has_root);
      ASSERT_EQ(got->entries.size(), want->entries.size());
      for (size_t i = 0; i < got->entries.size(); ++i) {
        EXPECT_EQ(got->entries[i], want->entries[i]) << "entry " << got->entries[i].key;
      }
    }
  }
  // Every v2/v3 fixture (and both megabyte real-world lockfiles) took the fast path.
  EXPECT_GE(fast, 25);
  EXPECT_GE(declined, 10);
}

TEST(PackageLockEntriesTest, ReadsEveryFieldAndLine) {
  const std::string text =
      "{\n"
      "  \"packages\": {\n"
      "    \"\": {\"dependencies\": {\"b\": \"^1\", \"a\": \"^2\"}},\n"
      "    \"node_modules/a\": {\n"
      "      \"version\": \"2.0.0\", \"resolved\": \"https://r/a.tgz\", \"integrity\": \"sha1-x\",\n"
      "      \"licenses\": [\"MIT\", {\"type\": \"ISC\"}, 7], \"license\": {\"type\": \"BSD\"},\n"
      "      \"dev\": true, \"optional\": false, \"peer\": \"true\", \"bundled\": true,\n"
      "      \"inBundle\": false, \"name\": 5, \"devDependencies\": {\"z\": 1}\n"
      "    },\n"
      "    \"node_modules/b\": 3,\n"
      "    \"node_\\u006dodules/c\": {\"link\": true, \"resolved\": \"packages/c\"}\n"
      "  },\n"
      "  \"lockfileVersion\": 3\n"
      "}\n";
  const auto got = ReadLockEntries(text);
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->members, 4u);
  EXPECT_TRUE(got->has_root);
  ASSERT_EQ(got->entries.size(), 3u);  // "node_modules/b" is not an object
  const LockEntry& root = got->entries[0];
  EXPECT_EQ(root.key, "");
  EXPECT_EQ(root.edges[0], (std::vector<std::string>{"a", "b"}));  // sorted
  EXPECT_EQ(root.line, 3);
  EXPECT_EQ(root.end_line, 3);
  const LockEntry& a = got->entries[1];
  EXPECT_EQ(a.key, "node_modules/a");
  EXPECT_EQ(a.version, "2.0.0");
  EXPECT_EQ(a.resolved, "https://r/a.tgz");
  EXPECT_EQ(a.integrity, "sha1-x");
  EXPECT_EQ(a.name, "");  // not a string
  EXPECT_EQ(a.licenses, (std::vector<std::string>{"BSD", "MIT", "ISC"}));  // license first
  EXPECT_TRUE(a.dev);
  EXPECT_FALSE(a.optional);
  EXPECT_FALSE(a.peer);  // only the literal true counts
  EXPECT_TRUE(a.bundled);
  EXPECT_EQ(a.edges[3], (std::vector<std::string>{"z"}));
  EXPECT_EQ(a.line, 4);
  EXPECT_EQ(a.end_line, 9);
  const LockEntry& c = got->entries[2];
  EXPECT_EQ(c.key, "node_modules/c");  // unescaped
  EXPECT_TRUE(c.link);
  EXPECT_EQ(c.line, 11);
  // The reference agrees on everything but the line of the escaped key, which its lexical line
  // finder does not decode.
  auto want = Reference(text);
  ASSERT_TRUE(want.has_value());
  want->entries[2].line = c.line;
  want->entries[2].end_line = c.end_line;
  EXPECT_EQ(*got, *want);
}

TEST(PackageLockEntriesTest, CountsLinesAcrossCrlfAndOneLineDocuments) {
  const auto crlf = ReadLockEntries("{\r\n\"packages\": {\r\n\"x\": {\r\n}\r\n}\r\n}\r\n");
  ASSERT_TRUE(crlf.has_value());
  ASSERT_EQ(crlf->entries.size(), 1u);
  EXPECT_EQ(crlf->entries[0].line, 3);
  EXPECT_EQ(crlf->entries[0].end_line, 4);
  const auto flat = ReadLockEntries(R"({"packages":{"x":{},"y":{"version":"1"}}})");
  ASSERT_TRUE(flat.has_value());
  ASSERT_EQ(flat->entries.size(), 2u);
  EXPECT_EQ(flat->entries[1].line, 1);
  EXPECT_EQ(flat->entries[1].end_line, 1);
}

TEST(PackageLockEntriesTest, DeclinesWhatTheReferenceMustReadOrReport) {
  for (const std::string& text : {
           std::string(R"({"lockfileVersion": 1, "dependencies": {"a": {"version": "1"}}})"),
           std::string(R"({"packages": []})"),
           std::string(R"([{"packages": {}}])"),
           std::string(R"({"packages": {"a": {"version": "1", "version": "2"}}})"),
           std::string(R"({"packages": {}, "packages": {}})"),
           std::string(R"({"packages": {"a": {"size": 123456789012345678901234567890}}})"),
           std::string(R"({"packages": {"a": {"version": "1"}})"),  // truncated
           std::string(R"({"packages": {"a": {"version": tru}}})"),
       }) {
    SCOPED_TRACE(text);
    EXPECT_FALSE(ReadLockEntries(text).has_value());
  }
  // Too large is the reference's size error, before any parsing.
  EXPECT_FALSE(ReadLockEntries(std::string(kMaxManifestBytes + 1, ' ')).has_value());
}

TEST(PackageLockEntriesTest, StopsReadingPastThePackageLimit) {
  std::string text = "{\"packages\": {";
  for (size_t i = 0; i <= kMaxPackagesPerFile + 5; ++i) {
    text += "\"p" + std::to_string(i) + "\": 0,";
  }
  text += "\"end\": 0}}";
  const auto got = ReadLockEntries(text);
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->members, kMaxPackagesPerFile + 1);
}

}  // namespace
}  // namespace fledger::sca::javascript
