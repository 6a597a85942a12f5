// Import impact: which source files of a project import or require a given package, and where.
//
// The scanner reads each source file once, skips comments and string literals, and records every
// import statement with its position (ScanImports). The index maps each import to the packages
// it may belong to, per ecosystem (MatchImport); the rules and which of them are heuristics are
// in src/sca/imports/README.md.
//
//   ImportIndex index = ImportIndex::Build(walker, files);
//   for (const ImportSite& s : index.SitesFor(package, inventory.packages))
//     Print(s.path.str(), s.line, s.module, ConfidenceName(s.confidence));
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/finding.h"
#include "core/primitives.h"
#include "fs/walker.h"
#include "sca/package.h"

namespace fledger::sca::imports {

// The source languages the scanner reads.
enum class Language { kJavaScript, kPython, kGo, kRust, kJava, kKotlin, kScala, kRuby, kPhp, kC };

// "javascript", "python", "go", "rust", "java", "kotlin", "scala", "ruby", "php", "c" (C and C++).
std::string_view LanguageName(Language language);

// The language of a file, from its extension (see README.md); nullopt for other files. A Gemfile
// is not a source file (its `gem` lines are the manifest).
std::optional<Language> LanguageForPath(std::string_view path);

// Bounds on untrusted input: sites recorded per file, and the longest module text kept.
inline constexpr size_t kMaxSitesPerFile = 10000;
inline constexpr size_t kMaxModuleLength = 512;

// One import statement as the scanner found it, before it is matched to a package.
struct RawImport {
  int line = 0;        // 1-based
  int column = 0;      // 1-based byte column of the module text
  std::string module;  // as written: "lodash/fp", "os.path", "<openssl/ssl.h>", "Vendor\\Pkg\\X"
};

// Every import statement of `text` written in `language`, in text order, at most `max_sites`.
// Comments and string literals are skipped; relative imports that can never name a package
// (`from . import x`, `require_relative`) are left out. Never fails: malformed text yields fewer
// imports.
std::vector<RawImport> ScanImports(Language language, std::string_view text,
                                   size_t max_sites = kMaxSitesPerFile);

// How an import belongs to a package: the confidence (high for JavaScript, Python, Go and Rust
// rules, lower for the heuristics) and a specificity, larger when more of the import text was
// matched, so the most specific package of an inventory can claim an import.
struct ImportMatch {
  Confidence confidence = Confidence::kHigh;
  int specificity = 0;
};

// Whether `module`, an import written in `language`, belongs to package `p`; nullopt when not, or
// when the language does not import packages of p's ecosystem.
std::optional<ImportMatch> MatchImport(Language language, std::string_view module,
                                       const Package& p);

// One place in the tree that imports a package.
struct ImportSite {
  RepoPath path = RepoPath::Root();
  int line = 0;
  int column = 0;
  std::string module;  // the import text as written
  Language language = Language::kJavaScript;
  Confidence confidence = Confidence::kHigh;  // set by SitesFor, per package
};

// Every import statement of a tree, scanned once and looked up per package.
class ImportIndex {
 public:
  // Reads every source file of `files` once (through the walker, so its size limits and its
  // WalkOptions::jobs parallelism apply) and records its imports. Unreadable files are counted,
  // not fatal.
  static ImportIndex Build(const fs::Walker& walker, const fs::WalkResult& files);

  // Adds the imports of one file (what Build does per file); for callers that hold the text.
  void AddFile(const RepoPath& path, Language language, std::string_view text);

  // The sites that import `p`, sorted by path, line and column. With `inventory` (the project's
  // packages), an import that a more specific package of the inventory also matches is left to
  // that package (Go module github.com/a/b/c over github.com/a/b; google-cloud-storage over
  // google).
  std::vector<ImportSite> SitesFor(const Package& p, std::span<const Package> inventory = {}) const;

  size_t files_scanned() const { return files_scanned_; }
  size_t site_count() const { return sites_.size(); }
  // Files that hit kMaxSitesPerFile (their later imports are not recorded).
  size_t files_truncated() const { return files_truncated_; }
  // Source files the walker could not read.
  uint64_t unreadable() const { return unreadable_; }

 private:
  void Insert(ImportSite site);
  std::vector<ImportSite> sites_;
  // "<family letter>:<bucket>" -> indexes into sites_; a site sits in one or two buckets.
  std::unordered_multimap<std::string, uint32_t> buckets_;
  size_t files_scanned_ = 0;
  size_t files_truncated_ = 0;
  uint64_t unreadable_ = 0;
};

}  // namespace fledger::sca::imports
