// Tests for the repository walker on hostile trees: ignore files, symlinks out of the root and
// in loops, FIFOs, size/depth/count limits, binary and unreadable files, parallel reading and
// path relativization.
#include "fs/walker.h"

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "test_util.h"

namespace fledger::fs {
namespace {

namespace stdfs = std::filesystem;
using ::fledger::testing::TempDir;

std::vector<std::string> Paths(const WalkResult& result) {
  std::vector<std::string> out;
  for (const auto& f : result.files) out.push_back(f.path.str());
  return out;
}

// The reason `path` was skipped, or "" if it was not.
std::string SkipReason(const WalkResult& result, const std::string& path) {
  for (const auto& s : result.skipped) {
    if (s.path.str() == path) return s.reason;
  }
  return "";
}

std::vector<std::pair<std::string, std::string>> Skips(const WalkResult& result) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& s : result.skipped) out.emplace_back(s.path.str(), s.reason);
  return out;
}

// Checks that ListAndRead, on one thread and on four, agrees with List: every listed file is
// read once, with the listed size, and the skipped entries and the ignored count are the same.
void ExpectListAndReadAgrees(const stdfs::path& root, WalkOptions options,
                             const WalkResult& listed) {
  for (const int jobs : {1, 4}) {
    options.jobs = jobs;
    auto walker = Walker::Open(root, options);
    ASSERT_TRUE(walker.ok()) << walker.error().ToString();
    std::mutex mu;
    std::map<std::string, int> visits;
    std::map<std::string, uint64_t> sizes;
    auto read = walker.value().ListAndRead([&](const FileEntry& f, std::string_view text) {
      std::lock_guard<std::mutex> lock(mu);
      ++visits[f.path.str()];
      sizes[f.path.str()] = text.size();
      EXPECT_EQ(text.size(), f.size) << f.path.str();
    });
    ASSERT_TRUE(read.ok()) << read.error().ToString();
    EXPECT_TRUE(read.value().files.empty());
    std::vector<std::string> paths;
    for (const auto& [path, count] : visits) {
      paths.push_back(path);
      EXPECT_EQ(count, 1) << path;
    }
    EXPECT_EQ(paths, Paths(listed)) << "jobs " << jobs;
    for (const auto& f : listed.files) EXPECT_EQ(sizes[f.path.str()], f.size) << f.path.str();
    EXPECT_EQ(Skips(read.value()), Skips(listed)) << "jobs " << jobs;
    EXPECT_EQ(read.value().ignored, listed.ignored);
    EXPECT_EQ(read.value().read, listed.files.size());
    EXPECT_EQ(read.value().unread, 0u);
  }
}

WalkResult MustList(const stdfs::path& root, WalkOptions options = {}) {
  auto walker = Walker::Open(root, options);
  EXPECT_TRUE(walker.ok()) << walker.error().ToString();
  if (!walker.ok()) return {};
  auto listed = walker.value().List();
  EXPECT_TRUE(listed.ok()) << listed.error().ToString();
  if (!listed.ok()) return {};
  ExpectListAndReadAgrees(root, std::move(options), listed.value());
  return std::move(listed).value();
}

TEST(WalkerTest, ListsSortedAndSkipsGitDirectory) {
  TempDir dir;
  dir.Write("b.txt", "b");
  dir.Write("a/c.txt", "c");
  dir.Write("a/b/d.txt", "d");
  dir.Write("a-z.txt", "x");
  dir.Write(".hidden", "h");
  dir.Write(".git/config", "[core]");
  dir.Write(".git/HEAD", "ref: refs/heads/main");
  dir.Write("sub/.git", "gitdir: ../.git/modules/sub");  // a submodule's .git file
  const WalkResult r = MustList(dir.path());
  EXPECT_EQ(Paths(r),
            (std::vector<std::string>{".hidden", "a-z.txt", "a/b/d.txt", "a/c.txt", "b.txt"}));
  EXPECT_TRUE(r.skipped.empty());
  EXPECT_EQ(r.ignored, 0u);
  ASSERT_FALSE(r.files.empty());
  EXPECT_EQ(r.files.back().size, 1u);
  EXPECT_EQ(r.files.back().full, stdfs::canonical(dir.path()) / "b.txt");
}

TEST(WalkerTest, HonoursNestedGitignoreWithNegation) {
  TempDir dir;
  dir.Write(".gitignore", "*.log\nbuild/\nlogs/\n!logs/keep.txt\n");
  dir.Write("x.log", "");
  dir.Write("main.cc", "");
  dir.Write("sub/.gitignore", "!keep.log\n/only-here.txt\n");
  dir.Write("sub/keep.log", "");
  dir.Write("sub/drop.log", "");
  dir.Write("sub/only-here.txt", "");
  dir.Write("sub/deep/only-here.txt", "");
  dir.Write("sub/deep/keep.log", "");
  dir.Write("build/out.o", "");
  dir.Write("src/build/y.o", "");
  dir.Write("src/a.cc", "");
  dir.Write("logs/keep.txt", "");  // its directory is excluded: the negation cannot reach it
  dir.Write("other/x.log", "");
  const WalkResult r = MustList(dir.path());
  EXPECT_EQ(Paths(r), (std::vector<std::string>{".gitignore", "main.cc", "src/a.cc",
                                                "sub/.gitignore", "sub/deep/keep.log",
                                                "sub/deep/only-here.txt", "sub/keep.log"}));
  // x.log, build, logs, other/x.log, src/build, sub/drop.log, sub/only-here.txt
  EXPECT_EQ(r.ignored, 7u);
}

TEST(WalkerTest, ReadsFledgerignoreAndInfoExclude) {
  TempDir dir;
  dir.Write(".git/info/exclude", "secret.txt\n");
  dir.Write(".fledgerignore", "vendor/\n");
  dir.Write(".gitignore", "!vendor/\n");  // .fledgerignore is read after .gitignore and wins
  dir.Write("sub/.fledgerignore", "*.gen\n");
  dir.Write("secret.txt", "");
  dir.Write("vendor/lib.c", "");
  dir.Write("sub/a.gen", "");
  dir.Write("a.gen", "");
  const WalkResult r = MustList(dir.path());
  EXPECT_EQ(Paths(r), (std::vector<std::string>{".fledgerignore", ".gitignore", "a.gen",
                                                "sub/.fledgerignore"}));
  EXPECT_EQ(r.ignored, 3u);

  WalkOptions no_ignore_files;
  no_ignore_files.use_ignore_files = false;
  no_ignore_files.extra_ignores = {"/a.gen", "*.c"};
  const WalkResult all = MustList(dir.path(), no_ignore_files);
  EXPECT_EQ(Paths(all), (std::vector<std::string>{".fledgerignore", ".gitignore", "secret.txt",
                                                  "sub/.fledgerignore", "sub/a.gen"}));
  EXPECT_EQ(all.ignored, 2u);
}

TEST(WalkerTest, SymlinkedIgnoreFileIsNotFollowed) {
  TempDir outside;
  outside.Write("patterns", "*\n");
  TempDir dir;
  dir.Write("a.txt", "");
  stdfs::create_symlink(outside.path() / "patterns", dir.path() / ".gitignore");
  const WalkResult r = MustList(dir.path());
  EXPECT_EQ(Paths(r), (std::vector<std::string>{"a.txt"}));
  EXPECT_EQ(SkipReason(r, ".gitignore"), "symlink-escape");
}

TEST(WalkerTest, CanExcludeHiddenEntries) {
  TempDir dir;
  dir.Write(".env", "");
  dir.Write(".github/workflows/ci.yml", "");
  dir.Write("visible.txt", "");
  WalkOptions options;
  options.include_hidden = false;
  const WalkResult r = MustList(dir.path(), options);
  EXPECT_EQ(Paths(r), (std::vector<std::string>{"visible.txt"}));
  EXPECT_EQ(r.ignored, 2u);
}

TEST(WalkerTest, SymlinksNeverLeaveTheRootOrLoop) {
  TempDir outside;
  outside.Write("secret.txt", "secret");
  TempDir dir;
  dir.Write("inside.txt", "hello");
  dir.Write("sub/file.txt", "x");
  stdfs::create_symlink("inside.txt", dir.path() / "link_in");
  stdfs::create_symlink("/etc/passwd", dir.path() / "passwd");
  stdfs::create_symlink(outside.path() / "secret.txt", dir.path() / "secret");
  stdfs::create_symlink("sub", dir.path() / "dirlink");
  stdfs::create_symlink("..", dir.path() / "sub" / "up");
  stdfs::create_symlink("/", dir.path() / "rootlink");
  stdfs::create_symlink("loop_b", dir.path() / "loop_a");
  stdfs::create_symlink("loop_a", dir.path() / "loop_b");
  stdfs::create_symlink("missing", dir.path() / "broken");
  stdfs::create_symlink("sub/file.txt", dir.path() / "chain1");
  stdfs::create_symlink("chain1", dir.path() / "chain2");
  dir.Write(".git/config", "[remote] url = https://user:token@example.com/x");
  stdfs::create_symlink(".git/config", dir.path() / "git_config");

  const WalkResult r = MustList(dir.path());
  EXPECT_EQ(Paths(r), (std::vector<std::string>{"chain1", "chain2", "inside.txt", "link_in",
                                                "sub/file.txt"}));
  const stdfs::path root = stdfs::canonical(dir.path());
  for (const auto& f : r.files) {
    if (f.path.str() == "link_in") {
      EXPECT_EQ(f.full, root / "inside.txt");  // the checked target is what gets opened
      EXPECT_EQ(f.size, 5u);
    }
  }
  EXPECT_EQ(SkipReason(r, "passwd"), "symlink-escape");
  EXPECT_EQ(SkipReason(r, "secret"), "symlink-escape");
  EXPECT_EQ(SkipReason(r, "dirlink"), "symlink-dir");
  EXPECT_EQ(SkipReason(r, "sub/up"), "symlink-dir");
  EXPECT_EQ(SkipReason(r, "rootlink"), "symlink-dir");
  EXPECT_EQ(SkipReason(r, "loop_a"), "symlink-escape");
  EXPECT_EQ(SkipReason(r, "loop_b"), "symlink-escape");
  EXPECT_EQ(SkipReason(r, "broken"), "symlink-escape");
  EXPECT_EQ(SkipReason(r, "git_config"), "symlink-escape");  // may hold credentials
}

TEST(WalkerTest, FifoIsSpecialAndNeverOpened) {
  TempDir dir;
  dir.Write("a.txt", "");
  ASSERT_EQ(::mkfifo((dir.path() / "pipe").c_str(), 0600), 0);
  stdfs::create_symlink("pipe", dir.path() / "pipe_link");
  const WalkResult r = MustList(dir.path());  // would block forever if the FIFO were opened
  EXPECT_EQ(Paths(r), (std::vector<std::string>{"a.txt"}));
  EXPECT_EQ(SkipReason(r, "pipe"), "special");
  EXPECT_EQ(SkipReason(r, "pipe_link"), "symlink-escape");
}

TEST(WalkerTest, SkipsFilesOverTheSizeLimit) {
  TempDir dir;
  dir.Write("small.txt", std::string(10, 'a'));
  dir.Write("big.txt", std::string(11, 'a'));
  WalkOptions options;
  options.max_file_bytes = 10;
  const WalkResult r = MustList(dir.path(), options);
  EXPECT_EQ(Paths(r), (std::vector<std::string>{"small.txt"}));
  EXPECT_EQ(SkipReason(r, "big.txt"), "size");
}

TEST(WalkerTest, SkipsBinaryFilesUnlessAsked) {
  TempDir dir;
  dir.Write("text.txt", "plain text\n");
  dir.Write("image.png", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16));
  const WalkResult r = MustList(dir.path());
  EXPECT_EQ(Paths(r), (std::vector<std::string>{"text.txt"}));
  EXPECT_EQ(SkipReason(r, "image.png"), "binary");

  WalkOptions keep;
  keep.skip_binary = false;
  const WalkResult all = MustList(dir.path(), keep);
  EXPECT_EQ(Paths(all), (std::vector<std::string>{"image.png", "text.txt"}));
}

TEST(WalkerTest, SkipsDirectoriesBeyondMaxDepth) {
  TempDir dir;
  dir.Write("top.txt", "");
  dir.Write("a/one.txt", "");
  dir.Write("a/b/two.txt", "");
  dir.Write("a/b/c/three.txt", "");
  WalkOptions options;
  options.max_depth = 2;
  const WalkResult r = MustList(dir.path(), options);
  EXPECT_EQ(Paths(r), (std::vector<std::string>{"a/b/two.txt", "a/one.txt", "top.txt"}));
  EXPECT_EQ(SkipReason(r, "a/b/c"), "depth");

  options.max_depth = 0;
  EXPECT_EQ(Paths(MustList(dir.path(), options)), (std::vector<std::string>{"top.txt"}));
}

TEST(WalkerTest, TooManyFilesIsASizeError) {
  TempDir dir;
  for (int i = 0; i < 5; ++i) dir.Write("f" + std::to_string(i), "");
  WalkOptions options;
  options.max_files = 5;
  EXPECT_EQ(MustList(dir.path(), options).files.size(), 5u);

  options.max_files = 4;
  auto walker = Walker::Open(dir.path(), options);
  ASSERT_TRUE(walker.ok());
  const auto listed = walker.value().List();
  ASSERT_FALSE(listed.ok());
  EXPECT_EQ(listed.error().step, ValidationStep::kSize);
  EXPECT_NE(listed.error().message.find("more than 4 files"), std::string::npos)
      << listed.error().ToString();
  const auto read = walker.value().ListAndRead([](const FileEntry&, std::string_view) {});
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.error().step, ValidationStep::kSize);
}

TEST(WalkerTest, UnreadableDirectoryIsSkippedWithAWarning) {
  if (::geteuid() == 0) GTEST_SKIP() << "root can read a mode-000 directory";
  TempDir dir;
  dir.Write("ok.txt", "");
  dir.Write("locked/hidden.txt", "");
  dir.Write("noread.txt", "x");
  const stdfs::path locked = dir.path() / "locked";
  stdfs::permissions(locked, stdfs::perms::none);
  stdfs::permissions(dir.path() / "noread.txt", stdfs::perms::none);
  const WalkResult r = MustList(dir.path());
  stdfs::permissions(locked, stdfs::perms::owner_all);  // let TempDir clean up
  EXPECT_EQ(Paths(r), (std::vector<std::string>{"ok.txt"}));
  EXPECT_EQ(SkipReason(r, "locked"), "unreadable");
  EXPECT_EQ(SkipReason(r, "noread.txt"), "unreadable");  // the binary check cannot open it
}

TEST(WalkerTest, NonUtf8NameIsSkippedNotFatal) {
  TempDir dir;
  dir.Write("good.txt", "");
  dir.Write("bad\xFF.txt", "");
  dir.Write("back\\slash", "");
  const WalkResult r = MustList(dir.path());
  EXPECT_EQ(Paths(r), (std::vector<std::string>{"good.txt"}));
  EXPECT_EQ(SkipReason(r, "bad%FF.txt"), "unreadable");
  EXPECT_EQ(SkipReason(r, "back%5Cslash"), "unreadable");
}

TEST(WalkerTest, OpenRejectsMissingAndNonDirectoryRoots) {
  TempDir dir;
  const auto file = dir.Write("file.txt", "");
  const auto missing = Walker::Open(dir.path() / "nope", {});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().step, ValidationStep::kOrigin);
  const auto not_dir = Walker::Open(file, {});
  ASSERT_FALSE(not_dir.ok());
  EXPECT_EQ(not_dir.error().step, ValidationStep::kOrigin);
  EXPECT_FALSE(Walker::Open("", {}).ok());

  stdfs::create_symlink(dir.path(), dir.path() / "self");
  const auto via_link = Walker::Open(dir.path() / "self", {});
  ASSERT_TRUE(via_link.ok());
  EXPECT_EQ(via_link.value().root(), stdfs::canonical(dir.path()));
}

TEST(WalkerTest, ForEachFileVisitsEveryFileOnce) {
  TempDir dir;
  for (int i = 0; i < 200; ++i) {
    dir.Write("d" + std::to_string(i % 7) + "/f" + std::to_string(i) + ".txt",
              "content " + std::to_string(i));
  }
  WalkOptions options;
  options.jobs = 4;
  auto walker = Walker::Open(dir.path(), options);
  ASSERT_TRUE(walker.ok());
  const auto listed = walker.value().List();
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed.value().files.size(), 200u);

  std::mutex mu;
  std::map<std::string, int> visits;
  std::map<std::string, std::string> contents;
  const uint64_t failures = walker.value().ForEachFile(
      listed.value().files, [&](const FileEntry& f, std::string_view text) {
        std::lock_guard<std::mutex> lock(mu);
        ++visits[f.path.str()];
        contents[f.path.str()] = std::string(text);
      });
  EXPECT_EQ(failures, 0u);
  ASSERT_EQ(visits.size(), 200u);
  for (const auto& [path, count] : visits) EXPECT_EQ(count, 1) << path;
  EXPECT_EQ(contents["d3/f10.txt"], "content 10");
}

TEST(WalkerTest, ForEachFileCountsReadFailures) {
  TempDir dir;
  dir.Write("ok.txt", "fine");
  // A NUL after the first 8 KiB passes the listing's check but fails the full text read.
  dir.Write("late_nul.txt", std::string(9000, 'a') + std::string(1, '\0'));
  dir.Write("gone.txt", "soon deleted");
  auto walker = Walker::Open(dir.path(), {});
  ASSERT_TRUE(walker.ok());
  const auto listed = walker.value().List();
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed.value().files.size(), 3u);
  stdfs::remove(dir.path() / "gone.txt");
  std::atomic<int> calls{0};
  const uint64_t failures = walker.value().ForEachFile(
      listed.value().files, [&calls](const FileEntry&, std::string_view) { ++calls; });
  EXPECT_EQ(failures, 2u);
  EXPECT_EQ(calls.load(), 1);
  EXPECT_EQ(walker.value().ForEachFile({}, [](const FileEntry&, std::string_view) {}), 0u);
}

TEST(WalkerTest, ListAndReadTakesTheWholeFileForTheBinaryCheckAndCountsThrowingCalls) {
  TempDir dir;
  dir.Write("ok.txt", "fine");
  dir.Write("late_nul.txt", std::string(9000, 'a') + std::string(1, '\0'));
  dir.Write("throws.txt", "boom");
  for (const int jobs : {1, 2}) {
    WalkOptions options;
    options.jobs = jobs;
    auto walker = Walker::Open(dir.path(), options);
    ASSERT_TRUE(walker.ok());
    std::atomic<int> calls{0};
    const auto r = walker.value().ListAndRead([&calls](const FileEntry& f, std::string_view) {
      ++calls;
      if (f.path.str() == "throws.txt") throw std::runtime_error("boom");
    });
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(calls.load(), 2);
    EXPECT_EQ(r.value().read, 1u);
    EXPECT_EQ(r.value().unread, 1u);
    EXPECT_EQ(SkipReason(r.value(), "late_nul.txt"), "binary");
  }
}

// Files waiting to be read hold their directory open: on a wide tree with a low descriptor
// limit, a pipeline that did not bound them would fail to open files.
TEST(WalkerTest, ListAndReadBoundsTheDirectoriesItHoldsOpen) {
  TempDir dir;
  for (int i = 0; i < 1500; ++i) dir.Write("d" + std::to_string(i) + "/f.txt", "x");
  struct rlimit old {};
  ASSERT_EQ(::getrlimit(RLIMIT_NOFILE, &old), 0);
  struct rlimit low = old;
  low.rlim_cur = std::min<rlim_t>(old.rlim_cur, 400);
  ASSERT_EQ(::setrlimit(RLIMIT_NOFILE, &low), 0);
  WalkOptions options;
  options.jobs = 3;
  auto walker = Walker::Open(dir.path(), options);
  ASSERT_TRUE(walker.ok());
  std::atomic<int> calls{0};
  const auto r = walker.value().ListAndRead([&calls](const FileEntry&, std::string_view) {
    ++calls;
    std::this_thread::sleep_for(std::chrono::microseconds(50));  // readers lag the listing
  });
  ::setrlimit(RLIMIT_NOFILE, &old);
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(calls.load(), 1500);
  EXPECT_TRUE(r.value().skipped.empty()) << r.value().skipped.front().path.str();
}

TEST(WalkerTest, RelativizeAcceptsOnlyPathsUnderTheRoot) {
  TempDir dir;
  dir.Write("a/b.txt", "");
  TempDir outside;
  auto walker = Walker::Open(dir.path(), {});
  ASSERT_TRUE(walker.ok());
  const Walker& w = walker.value();
  EXPECT_EQ(w.Relativize(dir.path() / "a" / "b.txt").value().str(), "a/b.txt");
  EXPECT_EQ(w.Relativize(dir.path() / "a" / ".." / "a" / "new.txt").value().str(), "a/new.txt");
  EXPECT_TRUE(w.Relativize(dir.path()).value().is_root());
  EXPECT_EQ(w.Relativize(dir.path() / "a" / "").value().str(), "a");

  for (const stdfs::path& bad :
       {stdfs::path("/etc/passwd"), dir.path() / ".." / "x", outside.path(),
        stdfs::path(dir.path().string() + "-evil") / "x"}) {
    const auto r = w.Relativize(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().step, ValidationStep::kOrigin);
    EXPECT_NE(r.error().message.find("outside the project root"), std::string::npos);
  }
  // A symlink inside the root that points out of it resolves outside.
  stdfs::create_symlink(outside.path(), dir.path() / "out");
  EXPECT_FALSE(w.Relativize(dir.path() / "out" / "x").ok());

  // Relative paths are taken from the current directory.
  const stdfs::path saved = stdfs::current_path();
  stdfs::current_path(dir.path() / "a");
  const auto rel = w.Relativize("b.txt");
  stdfs::current_path(saved);
  ASSERT_TRUE(rel.ok());
  EXPECT_EQ(rel.value().str(), "a/b.txt");
}

TEST(WalkerTest, LooksBinaryMeansANulByte) {
  EXPECT_FALSE(LooksBinary(""));
  EXPECT_FALSE(LooksBinary("text\x01\xFF"));
  EXPECT_TRUE(LooksBinary(std::string_view("a\0b", 3)));
}

}  // namespace
}  // namespace fledger::fs
