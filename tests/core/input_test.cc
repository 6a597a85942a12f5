// Tests for writing files Fledger owns inside untrusted trees: atomic replacement that never
// writes through a symlink, and the symlink check on the assessment workspace.
#include "core/input.h"

#include <gtest/gtest.h>

#include <fstream>
#include <functional>

#include "test_util.h"

namespace fledger {
namespace {

using fledger::testing::ReadFile;
using fledger::testing::TempDir;

TEST(WriteFileAtomicTest, ReplacesASymlinkInsteadOfWritingThroughIt) {
  TempDir dir;
  dir.Write("target.txt", "keep\n");
  std::filesystem::create_symlink(dir.path() / "target.txt", dir.path() / "out.txt");
  ASSERT_TRUE(WriteFileAtomic(dir.path() / "out.txt", "new\n").ok());
  EXPECT_EQ(ReadFile(dir.path() / "target.txt"), "keep\n");
  EXPECT_FALSE(std::filesystem::is_symlink(dir.path() / "out.txt"));
  EXPECT_EQ(ReadFile(dir.path() / "out.txt"), "new\n");
}

TEST(WriteFileAtomicTest, CreatesParentsAndLeavesNoTemporaryFiles) {
  TempDir dir;
  ASSERT_TRUE(WriteFileAtomic(dir.path() / "a/b/c.json", "{}\n").ok());
  EXPECT_EQ(ReadFile(dir.path() / "a/b/c.json"), "{}\n");
  size_t entries = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir.path() / "a/b"))
    entries += e.exists() ? 1 : 0;
  EXPECT_EQ(entries, 1u);
  // A directory where the file should go is an error, and names the path.
  std::filesystem::create_directories(dir.path() / "d");
  const Status s = WriteFileAtomic(dir.path() / "d", "x");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().ToString().find("/d"), std::string::npos) << s.error().ToString();
}

TEST(CheckNoSymlinksTest, EveryComponentBelowTheBaseIsChecked) {
  TempDir dir;
  const std::filesystem::path rel = "assessments/project/assessment.json";
  EXPECT_TRUE(CheckNoSymlinks(dir.path(), rel).ok());  // nothing exists yet
  dir.Write("assessments/project/assessment.json", "{}");
  EXPECT_TRUE(CheckNoSymlinks(dir.path(), rel).ok());

  struct Case {
    const char* what;
    std::function<void(const std::filesystem::path&)> make;
    const char* message;
  };
  const std::vector<Case> cases = {
      {"file is a symlink",
       [](const auto& root) {
         std::filesystem::remove(root / "assessments/project/assessment.json");
         std::filesystem::create_symlink("/etc/hostname",
                                         root / "assessments/project/assessment.json");
       },
       "is a symlink"},
      {"folder is a symlink",
       [](const auto& root) {
         std::filesystem::remove_all(root / "assessments/project");
         std::filesystem::create_directory_symlink("/tmp", root / "assessments/project");
       },
       "is a symlink"},
      {"folder is a file",
       [](const auto& root) {
         std::filesystem::remove_all(root / "assessments");
         std::ofstream(root / "assessments") << "x";
       },
       "not a directory"},
      {"file is a folder",
       [](const auto& root) {
         std::filesystem::remove(root / "assessments/project/assessment.json");
         std::filesystem::create_directories(root / "assessments/project/assessment.json");
       },
       "not a regular file"},
  };
  for (const auto& c : cases) {
    TempDir d;
    d.Write("assessments/project/assessment.json", "{}");
    c.make(d.path());
    const Status s = CheckNoSymlinks(d.path(), rel);
    ASSERT_FALSE(s.ok()) << c.what;
    EXPECT_EQ(s.error().step, ValidationStep::kOrigin) << c.what;
    EXPECT_NE(s.error().ToString().find(c.message), std::string::npos)
        << c.what << ": " << s.error().ToString();
  }
}

}  // namespace
}  // namespace fledger
