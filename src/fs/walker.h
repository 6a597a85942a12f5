// The repository walker: lists the files of an untrusted tree safely and reads them in parallel.
//
// It honours nested .gitignore files (with negations), .git/info/exclude and .fledgerignore,
// never follows a symlink out of the root, never descends into a symlinked directory, stops at a
// depth, count and size limit, and skips binary files. Skipped entries are reported, not hidden.
//
//   Result<Walker> w = Walker::Open("/path/to/repo", WalkOptions{});
//   Result<WalkResult> files = w.value().List();
//   w.value().ForEachFile(files.value().files, [](const FileEntry& f, std::string_view text)
//   {...});
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/primitives.h"
#include "core/result.h"

namespace fledger::fs {

struct WalkOptions {
  uint64_t max_file_bytes = 8u << 20;      // files above this size are skipped ("size")
  uint64_t max_files = 500000;             // stop listing after this many files (error)
  int max_depth = 64;                      // directories deeper than this are skipped ("depth");
                                           // a top-level directory has depth 1
  bool use_ignore_files = true;            // .gitignore, .git/info/exclude, .fledgerignore
  bool include_hidden = true;              // dotfiles and dot-directories (never .git itself)
  bool skip_binary = true;                 // files whose first 8 KiB hold a NUL byte are skipped
  int jobs = 0;                            // worker threads for ForEachFile; 0 = number of cores
  std::vector<std::string> extra_ignores;  // gitignore-syntax patterns relative to the root
};

struct FileEntry {
  RepoPath path;               // relative to the root
  std::filesystem::path full;  // absolute path to open (a symlink's checked canonical target)
  uint64_t size = 0;
};

struct SkippedEntry {
  RepoPath path;
  std::string reason;  // "size", "binary", "symlink-escape", "symlink-dir", "depth", "unreadable",
                       // "special"
};

struct WalkResult {
  std::vector<FileEntry> files;  // sorted by path
  std::vector<SkippedEntry> skipped;
  uint64_t ignored = 0;  // entries excluded by ignore rules
  uint64_t read = 0;     // ListAndRead only: files its function processed
  uint64_t unread = 0;   // ListAndRead only: files its function failed on (the log says why)
};

class Walker {
 public:
  // Fails (origin step) if `root` does not exist, is not a directory or cannot be read.
  static Result<Walker> Open(const std::filesystem::path& root, WalkOptions options);

  // Lists the files under the root that pass ignore rules and limits. Binary detection happens
  // here only when skip_binary is set (it reads at most 8 KiB per file). Ignore files are read
  // in increasing precedence: .git/info/exclude (root only), .gitignore, .fledgerignore, then
  // extra_ignores (root only); a deeper directory's files take precedence over its ancestors'.
  // Fails (size step) when more than max_files files would be listed.
  Result<WalkResult> List() const;

  // Reads each file (bounded by max_file_bytes) and calls `fn` with its content, from `jobs`
  // threads. `fn` must be thread-safe. Files that fail to read are reported via the log and
  // counted in the return value.
  using FileFn = std::function<void(const FileEntry&, std::string_view content)>;
  uint64_t ForEachFile(const std::vector<FileEntry>& files, const FileFn& fn) const;

  // Lists and reads in one pass: each file is read as soon as the listing accepts it (the
  // listing goes on while other threads read), opened by its name in its directory's open
  // descriptor, with its type and size checked on the open file, and handed to `fn` from up to
  // `jobs` threads, in no particular order. The result holds the skipped entries (also those
  // found too large, special, unreadable or binary, with a NUL byte anywhere, when read), the
  // ignored count and the read and unread counts; `files` stays empty. Fails as List does;
  // files read before a failure were handed to `fn`.
  Result<WalkResult> ListAndRead(const FileFn& fn) const;

  const std::filesystem::path& root() const { return root_; }
  const WalkOptions& options() const { return options_; }

  // Resolves a user-given path (absolute, or relative to the current directory) to a RepoPath
  // under this root; error (origin step) if it lies outside the root after resolving symlinks.
  Result<RepoPath> Relativize(const std::filesystem::path& path) const;

 private:
  Walker(std::filesystem::path root, WalkOptions options)
      : root_(std::move(root)), options_(std::move(options)) {}
  Result<WalkResult> Walk(const FileFn* fn) const;  // List (fn null) or ListAndRead
  std::filesystem::path root_;  // canonical
  WalkOptions options_;
};

// A SkippedEntry reason in words, for messages ("size" -> "too large").
std::string_view SkipReasonText(std::string_view reason);

// True if the first bytes of a file look binary (contain a NUL byte).
bool LooksBinary(std::string_view head);

}  // namespace fledger::fs
