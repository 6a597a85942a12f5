// Private to src/assess/repo_checks*.cc: the helpers the repository checks share (which files
// mean what, reading lines, turning them into evidence and results) and the checks themselves,
// which RepoChecks() lists. Not part of the module's public interface.
#pragma once

#include <re2/re2.h>

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "assess/model.h"
#include "assess/repo_checks.h"
#include "fs/walker.h"

namespace fledger::assess::internal {

using Files = std::vector<const fs::FileEntry*>;

inline constexpr size_t kExcerptBytes = 160;
// Content scans skip larger files (generated, data).
inline constexpr uint64_t kScanMaxBytes = 1u << 20;

// ---------------------------------------------------------------------------------------------
// File selection (repo_checks_files.cc)

// The files matching any of the globs (case-insensitive), in path order, without duplicates.
Files Any(const RepoSnapshot& repo, std::initializer_list<std::string_view> globs);
// `a` followed by the files of `b` not already in it (order kept: callers list preferred first).
Files Join(Files a, const Files& b);
// Documentation, tests and auxiliary code: where sample values are expected.
bool IsDocOrTest(const RepoPath& path);
Files WithoutAuxiliary(const Files& files);
// The file that best shows a property of the project: outside examples and fixtures first, then
// nearest the root ("pyproject.toml" before "docs/Makefile"), then in path order. Precondition:
// non-empty.
const fs::FileEntry* Preferred(const Files& files);

Files Readmes(const RepoSnapshot& r);
Files Contributing(const RepoSnapshot& r);
// The places GitHub and GitLab show as "Security policy", and their usual variants.
Files CandidateSecurityPolicies(const RepoSnapshot& r);
Files LicenseFiles(const RepoSnapshot& r);
Files CiFiles(const RepoSnapshot& r);
Files Workflows(const RepoSnapshot& r);
Files BuildFiles(const RepoSnapshot& r);
Files TestFiles(const RepoSnapshot& r);
Files Changelogs(const RepoSnapshot& r);
Files Lockfiles(const RepoSnapshot& r);

// ---------------------------------------------------------------------------------------------
// Lines and evidence (repo_checks_lines.cc)

// Calls fn(line_number, line) for each line (1-based, '\r' of CRLF removed) until it returns false.
template <typename Fn>
void ForEachLine(std::string_view text, Fn&& fn) {
  int line_no = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t nl = text.find('\n', pos);
    std::string_view line =
        text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!fn(++line_no, line)) return;
    if (nl == std::string_view::npos) return;
    pos = nl + 1;
  }
}

struct LineHit {
  RepoPath path = RepoPath::Root();
  int line = 0;
  std::string text;  // the raw line (for scans: already masked and shortened)
};

// An excerpt is the trimmed line, secrets masked, at most kExcerptBytes.
std::string Excerpt(std::string_view line);
EvidenceRef Ref(const LineHit& h);
// Evidence for "this file exists": its first non-blank line, so the reader sees what it is, or
// the file as a whole (line 0) when it is empty or unreadable.
EvidenceRef FileRef(const RepoSnapshot& repo, const fs::FileEntry* f);

// The regular expression for a pattern literal (a string literal: the cache is keyed by its
// address), compiled once. Multi-line mode, so that '^' and '$' mean line boundaries in
// whole-file prefilters too.
const RE2& Re(const char* pattern);
bool Matches(std::string_view text, const RE2& re);
// Up to `max` lines of `files` (read through the snapshot's cache) matching `re`, in file order.
std::vector<LineHit> Grep(const RepoSnapshot& repo, const Files& files, const RE2& re,
                          size_t max = 1);
// The first hit of the first pattern that matches anywhere in `files`: patterns are listed from
// the most to the least telling, so evidence shows the strongest line.
std::optional<LineHit> FirstOf(const RepoSnapshot& repo, const Files& files,
                               std::initializer_list<const char*> patterns);
// A content scan over many files, read in parallel and not cached (a repository can be much
// larger than memory should hold). `on_line` gets each line of files whose text matches
// `prefilter` and returns the text to record for it (already made safe to show), or nothing.
// Returns the number of files read; hits are sorted by path and line.
using LineFn = std::function<std::optional<std::string>(std::string_view line)>;
uint64_t Scan(const RepoSnapshot& repo, const Files& files, const RE2& prefilter, size_t per_file,
              const LineFn& on_line, std::vector<LineHit>* hits);

CheckResult Met(std::vector<EvidenceRef> ev, std::string note);
CheckResult Unmet(std::string note, std::vector<EvidenceRef> ev = {});
CheckResult Partial(std::string note, std::vector<EvidenceRef> ev);
CheckResult Review(std::string note, std::vector<EvidenceRef> ev = {});
// Met with the first line matching `pattern` in `files`; otherwise unmet or needs-review.
CheckResult LineCheck(const RepoSnapshot& repo, const Files& files, const char* pattern,
                      const std::string& found, const std::string& missing, bool missing_is_unmet);

// A line of prose in Markdown, reStructuredText or plain text: words, not a heading, badge,
// HTML, table row, rule, link list or block quote (GitHub's "> [!WARNING]" callouts and quoted
// warnings say little about what the project does). Code blocks are excluded by the caller.
bool IsProse(std::string_view raw);
// Prose lines of a document, outside fenced code blocks.
std::vector<LineHit> ProseLines(const RepoSnapshot& repo, const fs::FileEntry* f, size_t max);
// True if a line states the opposite of what it mentions ("no security policy", "isn't").
bool Negated(std::string_view line);

// ---------------------------------------------------------------------------------------------
// The checks, one per RepoChecks() entry

// Documentation, community and security reporting (repo_checks_docs.cc).
CheckResult Readme(const RepoSnapshot& r);
CheckResult ReadmeBuild(const RepoSnapshot& r);
CheckResult InterfaceDocs(const RepoSnapshot& r);
CheckResult ContributingCheck(const RepoSnapshot& r);
CheckResult ContributionRequirements(const RepoSnapshot& r);
CheckResult CodeOfConduct(const RepoSnapshot& r);
CheckResult Governance(const RepoSnapshot& r);
CheckResult SecurityPolicy(const RepoSnapshot& r);
CheckResult SecurityPrivateChannel(const RepoSnapshot& r);
CheckResult BugReporting(const RepoSnapshot& r);
CheckResult HttpsLinks(const RepoSnapshot& r);
CheckResult English(const RepoSnapshot& r);

// Licenses (repo_checks_license.cc).
CheckResult LicenseFile(const RepoSnapshot& r);
CheckResult LicenseFloss(const RepoSnapshot& r);
CheckResult LicenseOsi(const RepoSnapshot& r);

// Version control and releases (repo_checks_releases.cc).
CheckResult VcsGit(const RepoSnapshot& r);
CheckResult Tags(const RepoSnapshot& r);
CheckResult Semver(const RepoSnapshot& r);
CheckResult Changelog(const RepoSnapshot& r);
CheckResult Maintained(const RepoSnapshot& r);
CheckResult SignedReleases(const RepoSnapshot& r);

// Build, tests, CI, analysis and dependencies (repo_checks_build.cc).
CheckResult BuildSystem(const RepoSnapshot& r);
CheckResult BuildCommonTools(const RepoSnapshot& r);
CheckResult Tests(const RepoSnapshot& r);
CheckResult TestInvocation(const RepoSnapshot& r);
CheckResult TestPolicy(const RepoSnapshot& r);
CheckResult Ci(const RepoSnapshot& r);
CheckResult CiTests(const RepoSnapshot& r);
CheckResult Warnings(const RepoSnapshot& r);
CheckResult WarningsStrict(const RepoSnapshot& r);
CheckResult StaticAnalysis(const RepoSnapshot& r);
CheckResult DynamicAnalysis(const RepoSnapshot& r);
CheckResult DependencyUpdates(const RepoSnapshot& r);
CheckResult PinnedDependencies(const RepoSnapshot& r);
CheckResult Sbom(const RepoSnapshot& r);
CheckResult BranchProtectionHint(const RepoSnapshot& r);

// Committed credentials (repo_checks_credentials.cc).
CheckResult NoLeakedCredentials(const RepoSnapshot& r);

}  // namespace fledger::assess::internal
