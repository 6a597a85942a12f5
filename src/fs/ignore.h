// Gitignore-syntax pattern matching for the walker (.gitignore, .git/info/exclude, .fledgerignore).
//
// Implements the rules of gitignore(5): blank lines and '#' comments, '!' negation, trailing '/'
// for directories only, a leading or middle '/' anchors the pattern to its file's directory,
// '*', '?', '[...]' character classes, and '**' across directories; the last matching pattern
// wins, and a file under an ignored directory stays ignored. libgit2 offers this only for a real
// git repository, and Fledger must work without one, so it lives here.
//
//   IgnoreRules rules;
//   rules.Add(".gitignore text", RepoPath::Root());
//   rules.IsIgnored(RepoPath::Parse("build/x.o").value(), /*is_dir=*/false);
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/primitives.h"

namespace fledger::fs {

// True if the gitignore glob `pattern` matches `path` (both '/'-separated). '*' and '?' do not
// match '/', '**' does (as a whole segment), '[...]' classes with '!' or '^' negation and ranges.
bool GlobMatch(std::string_view pattern, std::string_view path);

class IgnoreRules {
 public:
  // Adds the patterns of one ignore file located in directory `base` (relative to the root).
  // Lines longer than 4096 bytes and files with more than 10000 patterns are truncated.
  void Add(std::string_view file_text, const RepoPath& base);
  // True if `path` is ignored. Callers walk top-down and do not descend into ignored
  // directories, so parent directories need not be re-checked here.
  bool IsIgnored(const RepoPath& path, bool is_dir) const;
  size_t size() const { return patterns_.size(); }

 private:
  // The walker keeps one IgnoreRules per directory that has ignore files and consults them
  // deepest first, so it needs to tell "no pattern matched" from "a negation matched".
  friend class Walker;
  enum class Verdict { kNone, kIgnored, kIncluded };
  // The verdict of the last pattern that matches `path`, or kNone.
  Verdict Match(const RepoPath& path, bool is_dir) const;

  struct Pattern {
    std::string base;  // directory of the ignore file, "" for the root
    std::string glob;  // the pattern without '!' and trailing '/'
    bool negated = false;
    bool dir_only = false;
    bool anchored = false;  // contains a '/' other than a trailing one: match from base
  };
  std::vector<Pattern> patterns_;
};

}  // namespace fledger::fs
