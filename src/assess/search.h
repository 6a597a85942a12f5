// `fledger search`: find evidence in a tree (code lines by regex, files by glob), no git needed.
//
// Uses the walker (ignore files, symlink safety, limits) and RE2 (linear-time matching on
// untrusted text), in parallel. Hits are redacted before they leave this module.
//
//   SearchRequest req{.pattern = "SECURITY", .root = ".", .type = SearchType::kFile};
//   Result<SearchResult> r = RunSearch(req);
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "assess/evidence.h"
#include "core/primitives.h"
#include "core/result.h"
#include "fs/walker.h"

namespace fledger::assess {

enum class SearchType { kCode, kFile };
Result<SearchType> ParseSearchType(std::string_view text);

struct SearchRequest {
  std::string pattern;
  std::filesystem::path root = ".";
  SearchType type = SearchType::kCode;
  bool ignore_case = false;
  bool fixed_strings = false;  // -F: the pattern is a literal, not a regex
  int jobs = 0;
  size_t max_hits = 1000000;  // stop collecting after this many hits (reported as truncated)
  uint64_t max_file_bytes = 8u << 20;
};

struct SearchHit {
  RepoPath path;
  int line = 0;      // 0 for file hits
  std::string text;  // the matching line, redacted and truncated to 400 bytes
};

struct SearchResult {
  std::vector<SearchHit> hits;  // sorted by path, then line
  uint64_t files_searched = 0;
  std::vector<fs::SkippedEntry> skipped;  // what the walker left out, and why, sorted by path
  uint64_t unreadable = 0;  // listed files that failed to read (each is logged at info level)
  bool truncated = false;
};

// Validates the pattern (lexical: no NUL, <= 4 KiB; syntax: RE2 or glob) and searches.
Result<SearchResult> RunSearch(const SearchRequest& request);

// The prototype's tags for a hit: "test" (path mentions test), "call" (line has '='),
// "build" (line has "def", or a Markdown file).
std::vector<std::string> TagsForHit(const SearchHit& hit);

// An evidence record for saving the result under a category and subcategory.
EvidenceRecord ToEvidenceRecord(const SearchRequest& request, const SearchResult& result,
                                const std::string& category, const std::string& subcategory,
                                const std::string& requirement, const std::string& root_label);

}  // namespace fledger::assess
