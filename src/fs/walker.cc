// The repository walker: an explicit-stack listing of an untrusted tree, one directory
// descriptor at a time, that never follows a symlink out of the root; a small thread pool that
// reads the listed files (ForEachFile), or a pipeline that reads them while listing goes on
// (ListAndRead).
#include "fs/walker.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <cerrno>
#include <cstdio>
#include <memory>
#include <mutex>
#include <optional>
#include <system_error>
#include <thread>
#include <utility>

#include "core/input.h"
#include "core/log.h"
#include "core/text.h"
#include "fs/ignore.h"

namespace fledger::fs {
namespace {

namespace stdfs = std::filesystem;

constexpr uint64_t kIgnoreFileMaxBytes = 1u << 20;
constexpr size_t kBinarySniffBytes = 8192;

// The ignore rules of one directory and, through `parent`, of all its ancestors. Directories
// without ignore files share their parent's node, so memory grows with depth, not with width.
struct RulesNode {
  IgnoreRules rules;
  std::shared_ptr<const RulesNode> parent;
};

// True if `path` is `root` or lies below it, compared component by component so that
// "/repo-evil" is not taken to be inside "/repo". Both must be lexically normal and absolute.
bool IsWithin(const stdfs::path& path, const stdfs::path& root) {
  auto p = path.begin();
  for (auto r = root.begin(); r != root.end(); ++r, ++p) {
    if (p == path.end() || *p != *r) return false;
  }
  return true;
}

// True if `path`, which IsWithin `root`, lies in a ".git" directory below the root. Such files
// (.git/config may hold credentials) must not reach a report through a symlink.
bool IsInGitDir(const stdfs::path& path, const stdfs::path& root) {
  auto p = path.begin();
  for (auto r = root.begin(); r != root.end(); ++r) ++p;
  for (; p != path.end(); ++p) {
    if (*p == ".git") return true;
  }
  return false;
}

// A printable stand-in for a file name that RepoPath rejects (invalid UTF-8, control bytes,
// backslashes): such bytes become %XX, so the skipped entry can still be reported.
std::string SanitizeName(std::string_view name) {
  std::string out;
  size_t i = 0;
  while (i < name.size()) {
    const auto c = static_cast<unsigned char>(name[i]);
    const size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    const std::string_view cp = name.substr(i, len);
    const bool keep = len == 1 ? (c >= 0x20 && c < 0x7F && c != '\\' && c != '%')
                               : (cp.size() == len && IsValidUtf8(cp));
    if (keep) {
      out += cp;
      i += len;
      continue;
    }
    char buf[4];
    std::snprintf(buf, sizeof(buf), "%%%02X", c);
    out += buf;
    ++i;
  }
  return out;
}

// Reads up to `max` bytes from the start of a regular file without following a final symlink
// and without blocking on a FIFO swapped in since the listing.
Result<std::string> ReadHead(const stdfs::path& path, size_t max) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK | O_NOFOLLOW);
  if (fd < 0) {
    return InputError(ValidationStep::kOrigin, path.string(),
                      "cannot open: " + std::error_code(errno, std::generic_category()).message());
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return InputError(ValidationStep::kOrigin, path.string(), "not a regular file");
  }
  std::string data(max, '\0');
  size_t got = 0;
  while (got < max) {
    const ssize_t n = ::read(fd, data.data() + got, max - got);
    if (n < 0) {
      if (errno == EINTR) continue;
      const int err = errno;
      ::close(fd);
      return InputError(ValidationStep::kOrigin, path.string(),
                        "cannot read: " + std::error_code(err, std::generic_category()).message());
    }
    if (n == 0) break;
    got += static_cast<size_t>(n);
  }
  ::close(fd);
  data.resize(got);
  return data;
}

// Adds the patterns of the ignore file `file` (of directory `base`) to `rules`. Only a regular
// file is read: a symlinked ignore file could pull in text from outside the root (git refuses
// them too). A missing file is normal and silent.
void AddIgnoreFile(IgnoreRules& rules, const stdfs::path& file, const RepoPath& base) {
  std::error_code ec;
  const stdfs::file_status st = stdfs::symlink_status(file, ec);
  if (ec || st.type() == stdfs::file_type::not_found) return;
  if (st.type() != stdfs::file_type::regular) {
    Log(LogLevel::kInfo, "not reading ignore file " + file.string() + ": not a regular file");
    return;
  }
  // Ignore files are not required to be UTF-8: other bytes are literal pattern bytes.
  const Result<std::string> text = ReadTextFile(
      file, ReadLimits{.max_bytes = kIgnoreFileMaxBytes, .require_utf8 = false, .allow_nul = true});
  if (!text.ok()) {
    Log(LogLevel::kWarn, "not using ignore file: " + text.error().ToString());
    return;
  }
  rules.Add(text.value(), base);
}

// True if `path` is a directory itself, not a symlink to one.
bool IsRealDirectory(const stdfs::path& path) {
  std::error_code ec;
  return stdfs::symlink_status(path, ec).type() == stdfs::file_type::directory && !ec;
}

// A directory entry as getdents64(2) gives it: its name and type (DT_UNKNOWN when the file
// system does not say).
struct DirEntryName {
  std::string name;
  unsigned char type = DT_UNKNOWN;
  bool operator<(const DirEntryName& o) const { return name < o.name; }
};

// An open directory, read with getdents64(2) into a buffer; its descriptor anchors fstatat(2)
// and openat(2) of its entries. (opendir(3) would add an fstat and two fcntl calls per
// directory.)
class DirHandle {
 public:
  explicit DirHandle(const stdfs::path& dir) : fd_(::open(dir.c_str(), kFlags)) {}
  // The entry `name` of the open directory `parent`: the kernel resolves that one name, not the
  // whole path again, and no component above it can have been swapped for a symlink.
  DirHandle(const DirHandle& parent, const std::string& name)
      : fd_(::openat(parent.fd(), name.c_str(), kFlags)) {}
  DirHandle(const DirHandle&) = delete;
  DirHandle& operator=(const DirHandle&) = delete;
  ~DirHandle() {
    if (fd_ >= 0) ::close(fd_);
  }
  bool ok() const { return fd_ >= 0; }
  int fd() const { return fd_; }
  // Appends the entries but "." and ".."; false (errno set) if reading failed.
  bool ReadNames(std::vector<DirEntryName>& entries) const {
    alignas(dirent64) char buffer[32768];
    while (true) {
      const ssize_t got = ::getdents64(fd_, buffer, sizeof(buffer));
      if (got < 0) {
        if (errno == EINTR) continue;
        return false;
      }
      if (got == 0) return true;
      for (ssize_t at = 0; at < got;) {
        const auto* e = reinterpret_cast<const dirent64*>(buffer + at);
        if (e->d_reclen == 0) return false;  // never from a sane kernel; do not loop forever
        at += e->d_reclen;
        const std::string_view n = e->d_name;
        if (n == "." || n == "..") continue;
        entries.push_back(DirEntryName{std::string(n), e->d_type});
      }
    }
  }

 private:
  static constexpr int kFlags = O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW;
  int fd_;
};

constexpr int kOpenFileFlags = O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK | O_NOFOLLOW;

// A file the listing accepted, waiting to be read: its directory's descriptor (kept open by
// this reference) and its name there; for a symlink's checked target, no directory and the
// target's absolute path in entry.full.
struct PendingFile {
  std::shared_ptr<const DirHandle> dir;
  std::string name;
  FileEntry entry;
};

// What one reading thread did, merged into the WalkResult at the end.
struct ReaderState {
  std::string buffer;  // reused: no allocation and no page faults per file
  std::vector<SkippedEntry> skipped;
  uint64_t read = 0;
  uint64_t unread = 0;  // files whose function threw
};

// Calls `fn` on one file; false, and logged, if it threw: an exception escaping a reading
// thread would terminate the process.
bool CallSafely(const Walker::FileFn& fn, const FileEntry& file, std::string_view content) {
  try {
    fn(file, content);
    return true;
  } catch (const std::exception& e) {
    Log(LogLevel::kError, "error while processing " + file.path.str() + ": " + e.what());
    return false;
  }
}

// Opens, checks and reads one pending file, then hands it to `fn`. The size and type come from
// fstat(2) of the open descriptor: the file read is the file checked.
void ReadPending(PendingFile& p, const WalkOptions& options, const Walker::FileFn& fn,
                 ReaderState& state) {
  const int fd = p.dir ? ::openat(p.dir->fd(), p.name.c_str(), kOpenFileFlags)
                       : ::open(p.entry.full.c_str(), kOpenFileFlags);
  if (fd < 0) {
    Log(LogLevel::kInfo, "skipping " + p.entry.path.str() + ": cannot open: " +
                             std::error_code(errno, std::generic_category()).message());
    state.skipped.push_back(SkippedEntry{std::move(p.entry.path), "unreadable"});
    return;
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    state.skipped.push_back(SkippedEntry{std::move(p.entry.path), "special"});
    return;
  }
  if (static_cast<uint64_t>(st.st_size) > options.max_file_bytes) {
    ::close(fd);
    state.skipped.push_back(SkippedEntry{std::move(p.entry.path), "size"});
    return;
  }
  p.entry.size = static_cast<uint64_t>(st.st_size);
  const ReadLimits limits{
      .max_bytes = options.max_file_bytes, .require_utf8 = false, .allow_nul = true};
  const Result<std::string_view> text =
      ReadOpenedFile(fd, p.entry.full, p.entry.size, limits, state.buffer);
  if (!text.ok()) {
    Log(LogLevel::kInfo, "skipping " + p.entry.path.str() + ": " + text.error().ToString());
    state.skipped.push_back(SkippedEntry{std::move(p.entry.path), "unreadable"});
    return;
  }
  // The whole file is at hand, so a NUL byte anywhere (not only in the first 8 KiB, as List
  // sniffs) makes it binary.
  if (options.skip_binary && LooksBinary(text.value())) {
    state.skipped.push_back(SkippedEntry{std::move(p.entry.path), "binary"});
    return;
  }
  ++(CallSafely(fn, p.entry, text.value()) ? state.read : state.unread);
}

// Reads the files the listing hands over while it goes on listing: `workers - 1` threads take
// batches from a queue, and the listing thread reads a batch itself when too many files are
// in flight (each holds its directory open) and drains the queue once the listing is done.
// With one worker every file is read as soon as it is listed.
class ReadPipeline {
 public:
  ReadPipeline(const WalkOptions& options, const Walker::FileFn& fn, size_t workers)
      : options_(options), fn_(fn), states_(1) {
    states_.reserve(workers);
    for (size_t t = 1; t < workers; ++t) {
      states_.emplace_back();
      try {
        threads_.emplace_back([this, t] { Work(states_[t]); });
      } catch (const std::system_error& e) {
        Log(LogLevel::kWarn, std::string("cannot start a worker thread: ") + e.what());
        states_.pop_back();
        break;
      }
    }
  }
  ReadPipeline(const ReadPipeline&) = delete;
  ReadPipeline& operator=(const ReadPipeline&) = delete;
  ~ReadPipeline() { Stop(/*drain=*/false); }

  void Add(PendingFile file) {
    if (threads_.empty()) {
      ReadPending(file, options_, fn_, states_[0]);
      return;
    }
    batch_.push_back(std::move(file));
    if (batch_.size() >= kBatch) Flush();
  }

  // Reads what is left, stops the threads and adds their skipped entries and counts to `out`.
  void Finish(WalkResult& out) {
    Flush();
    Stop(/*drain=*/true);
    for (ReaderState& s : states_) {
      out.read += s.read;
      out.unread += s.unread;
      for (SkippedEntry& e : s.skipped) out.skipped.push_back(std::move(e));
      s.skipped.clear();
    }
  }

 private:
  static constexpr size_t kBatch = 32;
  static constexpr size_t kMaxInFlight = 256;  // files (and so directories) held open at most

  void Flush() {
    if (batch_.empty()) return;
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (in_flight_ + batch_.size() <= kMaxInFlight) {
        in_flight_ += batch_.size();
        queue_.push_back(std::move(batch_));
        batch_ = {};
        ready_.notify_one();
        return;
      }
    }
    for (PendingFile& f : batch_) ReadPending(f, options_, fn_, states_[0]);
    batch_.clear();
  }

  void Work(ReaderState& state) {
    while (true) {
      std::vector<PendingFile> batch;
      {
        std::unique_lock<std::mutex> lock(mu_);
        ready_.wait(lock, [this] { return !queue_.empty() || stopping_; });
        if (queue_.empty()) return;
        batch = std::move(queue_.front());
        queue_.pop_front();
      }
      for (PendingFile& f : batch) ReadPending(f, options_, fn_, state);
      const size_t n = batch.size();
      batch.clear();  // closes the directories no other file holds
      std::lock_guard<std::mutex> lock(mu_);
      in_flight_ -= n;
    }
  }

  void Stop(bool drain) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (!drain) queue_.clear();
      stopping_ = true;
      ready_.notify_all();
    }
    if (drain) Work(states_[0]);  // the listing thread helps with what is queued
    for (auto& t : threads_) t.join();
    threads_.clear();
  }

  const WalkOptions& options_;
  const Walker::FileFn& fn_;
  std::vector<ReaderState> states_;  // [0] is the listing thread's
  std::vector<std::thread> threads_;
  std::vector<PendingFile> batch_;
  std::mutex mu_;
  std::condition_variable ready_;
  std::deque<std::vector<PendingFile>> queue_;
  size_t in_flight_ = 0;
  bool stopping_ = false;
};

size_t WorkerCount(const WalkOptions& options, size_t files) {
  const size_t workers = options.jobs > 0
                             ? static_cast<size_t>(options.jobs)
                             : static_cast<size_t>(std::thread::hardware_concurrency());
  return std::clamp<size_t>(workers, 1, std::max<size_t>(files, 1));
}

stdfs::file_type TypeOf(mode_t mode) {
  if (S_ISREG(mode)) return stdfs::file_type::regular;
  if (S_ISDIR(mode)) return stdfs::file_type::directory;
  if (S_ISLNK(mode)) return stdfs::file_type::symlink;
  if (S_ISFIFO(mode)) return stdfs::file_type::fifo;
  if (S_ISSOCK(mode)) return stdfs::file_type::socket;
  if (S_ISBLK(mode)) return stdfs::file_type::block;
  if (S_ISCHR(mode)) return stdfs::file_type::character;
  return stdfs::file_type::unknown;
}

}  // namespace

bool LooksBinary(std::string_view head) { return head.find('\0') != std::string_view::npos; }

std::string_view SkipReasonText(std::string_view reason) {
  if (reason == "size") return "too large";
  if (reason == "binary") return "binary";
  if (reason == "symlink-escape") return "symlink leaving the tree or broken";
  if (reason == "symlink-dir") return "symlink to a directory";
  if (reason == "depth") return "too deep";
  if (reason == "unreadable") return "unreadable or an unusable name";
  if (reason == "special") return "not a regular file";
  return reason;
}

Result<Walker> Walker::Open(const stdfs::path& root, WalkOptions options) {
  const std::string context = root.empty() ? "<empty path>" : root.string();
  if (root.empty()) {
    return Error{ErrorCode::kNotFound, "no directory given", context, ValidationStep::kOrigin};
  }
  std::error_code ec;
  stdfs::path canonical = stdfs::canonical(root, ec);
  if (ec) {
    const bool missing = ec == std::errc::no_such_file_or_directory;
    return Error{missing ? ErrorCode::kNotFound : ErrorCode::kIo,
                 missing ? "no such directory" : "cannot resolve: " + ec.message(), context,
                 ValidationStep::kOrigin};
  }
  const stdfs::file_status st = stdfs::status(canonical, ec);
  if (ec || st.type() != stdfs::file_type::directory) {
    return Error{ErrorCode::kInput, "not a directory", context, ValidationStep::kOrigin};
  }
  stdfs::directory_iterator probe(canonical, ec);
  if (ec) {
    return Error{ErrorCode::kIo, "cannot read directory: " + ec.message(), context,
                 ValidationStep::kOrigin};
  }
  return Walker(std::move(canonical), std::move(options));
}

Result<WalkResult> Walker::List() const { return Walk(nullptr); }

Result<WalkResult> Walker::ListAndRead(const FileFn& fn) const { return Walk(&fn); }

Result<WalkResult> Walker::Walk(const FileFn* fn) const {
  struct Frame {
    RepoPath rel;
    stdfs::path full;
    int depth = 0;  // number of segments in rel
    std::shared_ptr<const RulesNode> rules;
    // The parent directory, open, and this directory's name in it (none for the root). The
    // stack only holds children of the directories on the current path, so at most max_depth
    // of these are open.
    std::shared_ptr<const DirHandle> parent;
    std::string name;
  };
  WalkResult out;

  // Deepest rule set first; within one, the last matching pattern wins (gitignore(5)).
  const auto is_ignored = [](const RulesNode* node, const RepoPath& path, bool is_dir) {
    for (; node != nullptr; node = node->parent.get()) {
      const IgnoreRules::Verdict v = node->rules.Match(path, is_dir);
      if (v != IgnoreRules::Verdict::kNone) return v == IgnoreRules::Verdict::kIgnored;
    }
    return false;
  };
  const auto skip = [&out](RepoPath path, const char* reason) {
    out.skipped.push_back(SkippedEntry{std::move(path), reason});
  };

  // Returns false (and records why) if a file found at `path` must not be listed.
  const auto accept_file = [&](const RepoPath& path, const stdfs::path& full, uint64_t size) {
    if (size > options_.max_file_bytes) {
      skip(path, "size");
      return false;
    }
    if (options_.skip_binary) {
      const Result<std::string> head = ReadHead(full, kBinarySniffBytes);
      if (!head.ok()) {
        Log(LogLevel::kInfo, "skipping unreadable file: " + head.error().ToString());
        skip(path, "unreadable");
        return false;
      }
      if (LooksBinary(head.value())) {
        skip(path, "binary");
        return false;
      }
    }
    return true;
  };

  // Reading along (ListAndRead): files go to the pipeline as they are listed, not to out.files.
  std::optional<ReadPipeline> pipeline;
  if (fn != nullptr) pipeline.emplace(options_, *fn, WorkerCount(options_, options_.max_files));
  uint64_t listed = 0;  // files handed to the pipeline

  std::vector<Frame> stack;
  stack.push_back(Frame{RepoPath::Root(), root_, 0, nullptr});
  while (!stack.empty()) {
    Frame dir = std::move(stack.back());
    stack.pop_back();

    // One descriptor per directory: its entries are listed and stat'ed relative to it, so the
    // kernel resolves one name per call instead of the whole path, and a directory swapped for
    // a symlink since it was listed is not followed (O_NOFOLLOW).
    std::vector<DirEntryName> names;
    const auto handle = dir.parent ? std::make_shared<const DirHandle>(*dir.parent, dir.name)
                                   : std::make_shared<const DirHandle>(dir.full);
    dir.parent.reset();
    if (!handle->ok()) {
      const std::string why = std::error_code(errno, std::generic_category()).message();
      if (dir.rel.is_root()) {
        return Error{ErrorCode::kIo, "cannot read directory: " + why, root_.string(),
                     ValidationStep::kOrigin};
      }
      Log(LogLevel::kWarn, "skipping unreadable directory " + dir.full.string() + ": " + why);
      skip(dir.rel, "unreadable");
      continue;
    }
    if (!handle->ReadNames(names)) {
      Log(LogLevel::kWarn, "stopped reading directory " + dir.full.string() + ": " +
                               std::error_code(errno, std::generic_category()).message());
      skip(dir.rel, "unreadable");
    }
    std::sort(names.begin(), names.end());
    const auto has_name = [&names](std::string_view n) {
      const auto it = std::lower_bound(
          names.begin(), names.end(), n,
          [](const DirEntryName& e, std::string_view v) { return e.name < v; });
      return it != names.end() && it->name == n;
    };

    // This directory's ignore files apply to its children, so read them before the entries.
    auto own = std::make_shared<RulesNode>();
    if (options_.use_ignore_files) {
      if (dir.rel.is_root() && has_name(".git") && IsRealDirectory(dir.full / ".git") &&
          IsRealDirectory(dir.full / ".git" / "info")) {
        AddIgnoreFile(own->rules, dir.full / ".git" / "info" / "exclude", dir.rel);
      }
      if (has_name(".gitignore")) AddIgnoreFile(own->rules, dir.full / ".gitignore", dir.rel);
      if (has_name(".fledgerignore")) {
        AddIgnoreFile(own->rules, dir.full / ".fledgerignore", dir.rel);
      }
    }
    if (dir.rel.is_root() && !options_.extra_ignores.empty()) {
      std::string extra;
      for (const auto& line : options_.extra_ignores) extra += line + "\n";
      own->rules.Add(extra, dir.rel);
    }
    std::shared_ptr<const RulesNode> rules = dir.rules;
    if (own->rules.size() > 0) {
      own->parent = std::move(rules);
      rules = std::move(own);
    }

    std::vector<Frame> subdirs;
    for (DirEntryName& entry : names) {
      const std::string& name = entry.name;
      if (name == ".git") continue;  // git's own data, never part of the project's content
      if (!options_.include_hidden && name[0] == '.') {
        ++out.ignored;
        continue;
      }
      const stdfs::path full = dir.full / name;
      Result<RepoPath> joined = dir.rel.Join(name);
      if (!joined.ok()) {
        // A name RepoPath cannot hold (invalid UTF-8, control bytes, a backslash, too long):
        // report it under a sanitized name, or under its directory if even that fails.
        Result<RepoPath> shown = dir.rel.Join(SanitizeName(name));
        Log(LogLevel::kInfo, "skipping a file with an unusable name: " + joined.error().ToString());
        skip(shown.ok() ? std::move(shown).value() : dir.rel, "unreadable");
        continue;
      }
      RepoPath path = std::move(joined).value();

      // A directory entry's type, when the file system gives it, spares a stat: only files
      // need one (for their size), and not even they when they are read along, since the
      // reader checks the open descriptor.
      struct stat lst {};
      if (entry.type == DT_DIR) {
        lst.st_mode = S_IFDIR;
      } else if (entry.type == DT_REG && pipeline) {
        lst.st_mode = S_IFREG;
      } else if (::fstatat(handle->fd(), name.c_str(), &lst, AT_SYMLINK_NOFOLLOW) != 0) {
        Log(LogLevel::kInfo, "skipping " + full.string() + ": " +
                                 std::error_code(errno, std::generic_category()).message());
        skip(std::move(path), "unreadable");
        continue;
      }
      const stdfs::file_status st(TypeOf(lst.st_mode));
      std::error_code ec;
      // git treats a symlink as a file, even one pointing at a directory.
      const bool is_dir = st.type() == stdfs::file_type::directory;
      if (rules && is_ignored(rules.get(), path, is_dir)) {
        ++out.ignored;
        continue;
      }

      stdfs::path file_full = full;  // what FileEntry::full will name
      switch (st.type()) {
        case stdfs::file_type::directory:
          if (dir.depth + 1 > options_.max_depth) {
            skip(std::move(path), "depth");
          } else {
            subdirs.push_back(Frame{std::move(path), full, dir.depth + 1, rules, handle, name});
          }
          continue;
        case stdfs::file_type::regular:
          break;
        case stdfs::file_type::symlink: {
          // Broken links and loops fail to resolve; both are reported as escapes.
          const stdfs::path target = stdfs::canonical(full, ec);
          const stdfs::file_status tst =
              ec ? stdfs::file_status(stdfs::file_type::not_found) : stdfs::status(target, ec);
          if (!ec && tst.type() == stdfs::file_type::directory) {
            skip(std::move(path), "symlink-dir");
            continue;
          }
          if (ec || tst.type() != stdfs::file_type::regular || !IsWithin(target, root_) ||
              IsInGitDir(target, root_)) {
            skip(std::move(path), "symlink-escape");
            continue;
          }
          file_full = target;  // open the checked target, not the link, later
          break;
        }
        default:
          skip(std::move(path), "special");
          continue;
      }

      const auto too_many = [&] {
        return InputError(ValidationStep::kSize, root_.string(),
                          "more than " + std::to_string(options_.max_files) +
                              " files, the limit; exclude some with .fledgerignore");
      };
      if (pipeline) {
        // The reader opens the file and checks its type and size (ReadPending). A file it then
        // skips has counted towards max_files.
        if (listed++ >= options_.max_files) return too_many();
        const bool is_link = st.type() == stdfs::file_type::symlink;
        pipeline->Add(PendingFile{is_link ? nullptr : handle, is_link ? "" : std::move(entry.name),
                                  FileEntry{std::move(path), std::move(file_full), 0}});
        continue;
      }
      const uint64_t size = st.type() == stdfs::file_type::regular
                                ? static_cast<uint64_t>(lst.st_size)
                                : stdfs::file_size(file_full, ec);
      if (ec) {
        Log(LogLevel::kInfo, "skipping " + full.string() + ": " + ec.message());
        skip(std::move(path), "unreadable");
        continue;
      }
      if (!accept_file(path, file_full, size)) continue;
      if (out.files.size() >= options_.max_files) return too_many();
      out.files.push_back(FileEntry{std::move(path), std::move(file_full), size});
    }
    // Reverse so that the stack pops subdirectories in name order.
    for (auto d = subdirs.rbegin(); d != subdirs.rend(); ++d) stack.push_back(std::move(*d));
  }

  if (pipeline) pipeline->Finish(out);
  std::sort(out.files.begin(), out.files.end(),
            [](const FileEntry& a, const FileEntry& b) { return a.path < b.path; });
  std::sort(out.skipped.begin(), out.skipped.end(),
            [](const SkippedEntry& a, const SkippedEntry& b) { return a.path < b.path; });
  return out;
}

uint64_t Walker::ForEachFile(const std::vector<FileEntry>& files, const FileFn& fn) const {
  if (files.empty()) return 0;
  const size_t workers = WorkerCount(options_, files.size());

  const ReadLimits limits{.max_bytes = options_.max_file_bytes,
                          .require_utf8 = false,
                          .allow_nul = !options_.skip_binary};
  std::atomic<size_t> next{0};
  std::atomic<uint64_t> failures{0};
  const auto work = [&] {
    std::string buffer;  // reused: no allocation and no page faults per file
    while (true) {
      const size_t i = next.fetch_add(1, std::memory_order_relaxed);
      if (i >= files.size()) return;
      const FileEntry& file = files[i];
      const Result<std::string_view> text = ReadListedFile(file.full, file.size, limits, buffer);
      if (!text.ok()) {
        Log(LogLevel::kInfo, "cannot read " + file.path.str() + ": " + text.error().ToString());
        failures.fetch_add(1, std::memory_order_relaxed);
        continue;
      }
      if (!CallSafely(fn, file, text.value())) failures.fetch_add(1, std::memory_order_relaxed);
    }
  };

  // The calling thread is one of the workers, so a failure to start threads only slows us down.
  std::vector<std::thread> threads;
  threads.reserve(workers - 1);
  for (size_t t = 1; t < workers; ++t) {
    try {
      threads.emplace_back(work);
    } catch (const std::system_error& e) {
      Log(LogLevel::kWarn, std::string("cannot start a worker thread: ") + e.what());
      break;
    }
  }
  work();
  for (auto& t : threads) t.join();
  return failures.load();
}

Result<RepoPath> Walker::Relativize(const stdfs::path& path) const {
  const std::string context = path.string();
  std::error_code ec;
  const stdfs::path absolute = path.is_absolute() ? path : stdfs::absolute(path, ec);
  if (ec) {
    return InputError(ValidationStep::kOrigin, context, "cannot resolve: " + ec.message());
  }
  const stdfs::path resolved = stdfs::weakly_canonical(absolute, ec);
  if (ec) {
    return InputError(ValidationStep::kOrigin, context, "cannot resolve: " + ec.message());
  }
  if (!IsWithin(resolved, root_)) {
    return InputError(ValidationStep::kOrigin, context,
                      "outside the project root " + root_.string());
  }
  auto p = resolved.begin();
  for (auto r = root_.begin(); r != root_.end(); ++r) ++p;
  std::string rel;
  for (; p != resolved.end(); ++p) {
    if (p->empty()) continue;  // a trailing separator
    if (!rel.empty()) rel += '/';
    rel += p->string();
  }
  return RepoPath::Parse(rel);
}

}  // namespace fledger::fs
