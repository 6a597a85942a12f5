// Repository snapshots and the automatic repository checks behind project assessments: the
// snapshot reads a tree once (file list, bounded contents, git metadata), and each check decides
// one property with path:line evidence. Nothing here executes repository code or touches the
// network.
#include "assess/repo_checks.h"

#include <git2.h>
#include <re2/re2.h>
#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <system_error>
#include <tuple>
#include <unordered_map>

#include "assess/sca_checks.h"
#include "core/input.h"
#include "core/log.h"
#include "core/redact.h"
#include "core/text.h"
#include "fs/ignore.h"

namespace fledger::assess {

// ---------------------------------------------------------------------------------------------
// RepoSnapshot

struct RepoSnapshot::Impl {
  std::filesystem::path root;
  std::vector<fs::FileEntry> files;
  std::vector<fs::SkippedEntry> skipped;
  std::vector<std::string> lower_paths;           // files[i].path lowercased, for Glob
  std::unordered_map<std::string, size_t> index;  // path -> position in files
  uint64_t max_file_bytes = 0;
  int jobs = 0;
  GitInfo git;
  CheckInputs inputs;
  mutable std::mutex mu;
  mutable std::map<std::string, std::unique_ptr<std::string>> cache;  // nullptr: unreadable
  mutable std::mutex shared_mu;  // held while a Shared() value is made, so it is made once
  mutable std::map<std::string, std::shared_ptr<const void>, std::less<>> shared;
};

namespace {

// Tags, remotes and the revision walk are bounded so that a hostile repository cannot make us
// hold or walk more than this.
constexpr size_t kMaxTags = 100000;
constexpr size_t kMaxRemotes = 100;
constexpr uint64_t kMaxCommits = 10000;

void LogGitError(std::string_view what) {
  const git_error* e = git_error_last();
  Log(LogLevel::kDebug, std::string("libgit2: ") + std::string(what) + ": " +
                            (e != nullptr && e->message != nullptr ? e->message : "unknown error"));
}

// "https://user:token@host/x.git" -> "https://host/x.git"; scp-like "git@host:x" has no secret.
std::string StripCredentials(std::string_view url) {
  const size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return Redact(url);
  const size_t authority = scheme + 3;
  const size_t end = url.find_first_of("/?#", authority);
  const std::string_view host_part =
      url.substr(authority, end == std::string_view::npos ? url.npos : end - authority);
  const size_t at = host_part.rfind('@');
  if (at == std::string_view::npos) return Redact(url);
  std::string out(url.substr(0, authority));
  out += url.substr(authority + at + 1);
  // Tokens can also hide in the query or path; the shared redactor knows their shapes.
  return Redact(out);
}

void InitLibgit2() {
  static std::once_flag once;
  std::call_once(once, [] {
    git_libgit2_init();
    // Release libgit2's global state (and the PCRE2 caches it holds) at exit.
    std::atexit([] { git_libgit2_shutdown(); });
  });
}

// Reads git metadata with libgit2 (read-only: no hooks, filters or network are involved). Only a
// repository rooted exactly at `root` counts: assessing a folder inside another repository (such
// as examples/vulnshop in Fledger's tree) must not report the outer project's history, tags and
// remotes as the folder's own, and the result must not change with the enclosing checkout.
GitInfo ReadGit(const std::filesystem::path& root) {
  GitInfo info;
  // libgit2 follows a .git symlink and a "gitdir: /elsewhere" file, which in an untrusted tree
  // would report another repository's remotes and history as this one's: only a real .git
  // directory inside the root is read.
  struct stat st {};
  if (::lstat((root / ".git").c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    Log(LogLevel::kDebug,
        "no .git directory at " + root.string() + " (a symlink or gitdir file is not followed)");
    return info;
  }
  InitLibgit2();
  git_repository* repo = nullptr;
  if (git_repository_open_ext(&repo, root.c_str(), GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr) != 0) {
    LogGitError("no repository at " + root.string());
    return info;
  }
  info.is_git = true;

  git_strarray tags{};
  if (git_tag_list(&tags, repo) == 0) {
    for (size_t i = 0; i < tags.count && i < kMaxTags; ++i) {
      if (tags.strings[i] != nullptr) info.tags.emplace_back(tags.strings[i]);
    }
    git_strarray_dispose(&tags);
  } else {
    LogGitError("tag list");
  }
  std::sort(info.tags.begin(), info.tags.end());

  git_object* head = nullptr;
  if (git_revparse_single(&head, repo, "HEAD^{commit}") == 0) {
    info.head_time = git_commit_time(reinterpret_cast<const git_commit*>(head));
    git_revwalk* walk = nullptr;
    if (git_revwalk_new(&walk, repo) == 0) {
      if (git_revwalk_push(walk, git_object_id(head)) == 0) {
        git_oid oid;
        while (info.commit_count < kMaxCommits && git_revwalk_next(&oid, walk) == 0)
          ++info.commit_count;
      } else {
        LogGitError("revision walk");
      }
      git_revwalk_free(walk);
    }
    git_object_free(head);
  } else {
    LogGitError("HEAD");  // an empty repository has no HEAD commit yet
  }

  git_strarray remotes{};
  if (git_remote_list(&remotes, repo) == 0) {
    for (size_t i = 0; i < remotes.count && i < kMaxRemotes; ++i) {
      git_remote* remote = nullptr;
      if (remotes.strings[i] != nullptr &&
          git_remote_lookup(&remote, repo, remotes.strings[i]) == 0) {
        if (const char* url = git_remote_url(remote))
          info.remote_urls.push_back(StripCredentials(url));
        git_remote_free(remote);
      } else {
        LogGitError("remote lookup");
      }
    }
    git_strarray_dispose(&remotes);
  } else {
    LogGitError("remote list");
  }
  git_repository_free(repo);
  return info;
}

}  // namespace

RepoSnapshot::RepoSnapshot(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
RepoSnapshot::RepoSnapshot(RepoSnapshot&&) noexcept = default;
RepoSnapshot& RepoSnapshot::operator=(RepoSnapshot&&) noexcept = default;
RepoSnapshot::~RepoSnapshot() = default;

Result<RepoSnapshot> RepoSnapshot::Load(const std::filesystem::path& root,
                                        const fs::WalkOptions& options, CheckInputs inputs) {
  FLEDGER_TRY(const fs::Walker walker, fs::Walker::Open(root, options));
  FLEDGER_TRY(fs::WalkResult listed, walker.List());
  auto impl = std::make_unique<Impl>();
  impl->root = walker.root();
  impl->max_file_bytes = options.max_file_bytes;
  impl->jobs = options.jobs;
  impl->files = std::move(listed.files);
  impl->skipped = std::move(listed.skipped);
  impl->lower_paths.reserve(impl->files.size());
  impl->index.reserve(impl->files.size());
  for (size_t i = 0; i < impl->files.size(); ++i) {
    impl->lower_paths.push_back(ToLower(impl->files[i].path.str()));
    impl->index.emplace(impl->files[i].path.str(), i);
  }
  impl->git = ReadGit(impl->root);
  impl->inputs = std::move(inputs);
  Log(LogLevel::kDebug, "snapshot of " + impl->root.string() + ": " +
                            std::to_string(impl->files.size()) + " files, git " +
                            (impl->git.is_git ? "yes" : "no"));
  return RepoSnapshot(std::move(impl));
}

const std::filesystem::path& RepoSnapshot::root() const { return impl_->root; }
const std::vector<fs::FileEntry>& RepoSnapshot::files() const { return impl_->files; }
const GitInfo& RepoSnapshot::git() const { return impl_->git; }
const std::vector<fs::SkippedEntry>& RepoSnapshot::skipped() const { return impl_->skipped; }
int RepoSnapshot::jobs() const { return impl_->jobs; }
const CheckInputs& RepoSnapshot::inputs() const { return impl_->inputs; }

std::shared_ptr<const void> RepoSnapshot::Shared(
    std::string_view key, const std::function<std::shared_ptr<const void>()>& make) const {
  std::lock_guard<std::mutex> lock(impl_->shared_mu);
  if (auto it = impl_->shared.find(key); it != impl_->shared.end()) return it->second;
  auto value = make();
  impl_->shared.emplace(std::string(key), value);
  return value;
}

const std::string* RepoSnapshot::Content(const RepoPath& path) const {
  {
    std::lock_guard<std::mutex> lock(impl_->mu);
    if (auto it = impl_->cache.find(path.str()); it != impl_->cache.end()) return it->second.get();
  }
  std::unique_ptr<std::string> text;
  if (auto it = impl_->index.find(path.str()); it != impl_->index.end()) {
    // Read through the walker's checked path (a symlink's verified target), bounded by the
    // walk's size limit; invalid UTF-8 is kept (checks match bytes, renderers escape).
    const fs::FileEntry& entry = impl_->files[it->second];
    auto r = ReadTextFile(entry.full, {.max_bytes = impl_->max_file_bytes, .require_utf8 = false});
    if (r.ok()) {
      text = std::make_unique<std::string>(std::move(r).value());
      Log(LogLevel::kDebug, "read " + path.str());
    } else {
      Log(LogLevel::kDebug, "not read: " + r.error().ToString());
    }
  }
  // Another thread may have read the same file meanwhile; the first one stored wins, so every
  // caller sees the same pointer.
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->cache.emplace(path.str(), std::move(text)).first->second.get();
}

std::vector<const fs::FileEntry*> RepoSnapshot::Glob(std::string_view pattern,
                                                     bool ignore_case) const {
  std::vector<const fs::FileEntry*> out;
  std::string pat = ignore_case ? ToLower(pattern) : std::string(pattern);
  // A leading '/' anchors at the root, which GlobMatch (whole-path matching) does anyway.
  if (StartsWith(pat, "/")) pat.erase(0, 1);
  for (size_t i = 0; i < impl_->files.size(); ++i) {
    const std::string& path = ignore_case ? impl_->lower_paths[i] : impl_->files[i].path.str();
    if (fs::GlobMatch(pat, path)) out.push_back(&impl_->files[i]);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The checks

namespace {

using Files = std::vector<const fs::FileEntry*>;

constexpr size_t kExcerptBytes = 160;
constexpr uint64_t kScanMaxBytes = 1u << 20;  // content scans skip larger files (generated, data)

// ---------------------------------------------------------------------------------------------
// File selection

// The files matching any of the globs (case-insensitive), in path order, without duplicates.
Files Any(const RepoSnapshot& repo, std::initializer_list<std::string_view> globs) {
  std::set<const fs::FileEntry*> seen;
  Files out;
  for (auto g : globs) {
    for (const auto* f : repo.Glob(g)) {
      if (seen.insert(f).second) out.push_back(f);
    }
  }
  std::sort(out.begin(), out.end(), [](const auto* a, const auto* b) { return a->path < b->path; });
  return out;
}

// `a` followed by the files of `b` not already in it (order kept: callers list preferred first).
Files Join(Files a, const Files& b) {
  std::set<const fs::FileEntry*> seen(a.begin(), a.end());
  for (const auto* f : b) {
    if (seen.insert(f).second) a.push_back(f);
  }
  return a;
}

// Example projects, fixtures and vendored code live in many repositories; they say nothing about
// the project's own practices, so evidence prefers files outside them.
bool IsAuxiliary(const RepoPath& path) {
  static const std::set<std::string, std::less<>> kDirs = {
      "examples", "example",     "samples",     "testdata",   "fixtures",
      "vendor",   "third_party", "third-party", "thirdparty", "node_modules"};
  for (const auto& seg : Split(ToLower(path.str()), '/')) {
    if (kDirs.count(seg) != 0) return true;
  }
  return false;
}

// Documentation, tests and auxiliary code: where sample values are expected.
bool IsDocOrTest(const RepoPath& path) {
  if (IsAuxiliary(path)) return true;
  static const std::set<std::string, std::less<>> kDirs = {
      "docs", "doc", "test", "tests", "spec", "__tests__", "testing", "t", "man", "fuzz", "corpus"};
  const auto segments = Split(ToLower(path.str()), '/');
  for (size_t i = 0; i + 1 < segments.size(); ++i) {
    if (kDirs.count(segments[i]) != 0) return true;
  }
  const std::string& name = segments.back();
  // Documentation formats only; ".txt" and ".html" hold real configuration and dumps too.
  for (std::string_view ext : {".md", ".rst", ".adoc"}) {
    if (EndsWith(name, ext)) return true;
  }
  return StartsWith(name, "test_") || name.find("_test.") != std::string::npos ||
         name.find(".test.") != std::string::npos || name.find(".spec.") != std::string::npos ||
         name.find("_spec.") != std::string::npos;
}

Files WithoutAuxiliary(const Files& files) {
  Files out;
  for (const auto* f : files) {
    if (!IsAuxiliary(f->path)) out.push_back(f);
  }
  return out;
}

// The file that best shows a property of the project: outside examples and fixtures first, then
// nearest the root ("pyproject.toml" before "docs/Makefile"), then in path order. Precondition:
// non-empty.
const fs::FileEntry* Preferred(const Files& files) {
  const auto rank = [](const fs::FileEntry* f) {
    const std::string& p = f->path.str();
    return std::make_tuple(IsAuxiliary(f->path), std::count(p.begin(), p.end(), '/'),
                           std::cref(f->path));
  };
  return *std::min_element(files.begin(), files.end(),
                           [&](const auto* a, const auto* b) { return rank(a) < rank(b); });
}

Files Readmes(const RepoSnapshot& r) {
  // The root README is the project's front page; docs/ and .github/ ones come after it.
  return Join(Any(r, {"/readme", "/readme.*"}),
              Any(r, {"/docs/readme*", "/doc/readme*", "/.github/readme*"}));
}
Files Contributing(const RepoSnapshot& r) {
  return Any(r, {"/contributing*", "/.github/contributing*", "/docs/contributing*", "/hacking*"});
}
// The places GitHub and GitLab show as "Security policy", and their usual variants.
Files CandidateSecurityPolicies(const RepoSnapshot& r) {
  return Any(r, {"/security", "/security.md", "/security.rst", "/security.txt", "/security.adoc",
                 "/.github/security.md", "/.gitlab/security.md", "/docs/security.md",
                 "/.well-known/security.txt"});
}
Files LicenseFiles(const RepoSnapshot& r) {
  return Join(Any(r, {"/license", "/license.*", "/licence", "/licence.*", "/copying", "/copying.*",
                      "/license-*", "/licence-*", "/unlicense"}),
              Any(r, {"/licenses/*", "/licences/*"}));
}
Files CiFiles(const RepoSnapshot& r) {
  return Any(r, {"/.github/workflows/*.yml", "/.github/workflows/*.yaml", "/.gitlab-ci.yml",
                 "/.circleci/config.yml", "/.travis.yml", "/azure-pipelines.yml", "/jenkinsfile",
                 "/.buildkite/*", "/.cirrus.yml", "/appveyor.yml", "/.appveyor.yml", "/.drone.yml",
                 "/.ci/*", "/bitbucket-pipelines.yml", "/.woodpecker.yml", "/.woodpecker/*"});
}
Files Workflows(const RepoSnapshot& r) {
  return Any(r, {"/.github/workflows/*.yml", "/.github/workflows/*.yaml"});
}
Files BuildFiles(const RepoSnapshot& r) {
  return Any(r, {"/makefile",        "/gnumakefile",
                 "/makefile.am",     "/makefile.in",
                 "/cmakelists.txt",  "/meson.build",
                 "/configure.ac",    "/configure",
                 "/package.json",    "/pom.xml",
                 "/build.gradle",    "/build.gradle.kts",
                 "/settings.gradle", "/settings.gradle.kts",
                 "/cargo.toml",      "/go.mod",
                 "/setup.py",        "/pyproject.toml",
                 "/build.bazel",     "/build",
                 "/workspace",       "/workspace.bazel",
                 "/module.bazel",    "/sconstruct",
                 "/*.sln",           "/*.csproj",
                 "/build.zig",       "/gemfile",
                 "/*.gemspec",       "/composer.json",
                 "/mix.exs",         "/dune-project",
                 "/stack.yaml",      "/*.cabal",
                 "/build.sbt",       "/rakefile",
                 "/justfile",        "*/makefile",
                 "*/package.json",   "*/cmakelists.txt",
                 "*/cargo.toml",     "*/go.mod",
                 "*/pyproject.toml", "*/pom.xml"});
}
Files TestFiles(const RepoSnapshot& r) {
  return Any(
      r, {"/test/**",         "/tests/**",    "/spec/**",      "**/__tests__/**", "**/*_test.go",
          "**/test_*.py",     "**/*_test.py", "**/*_test.cc",  "**/*_test.cpp",   "**/*_test.c",
          "**/*_unittest.cc", "**/*.test.js", "**/*.test.ts",  "**/*.spec.js",    "**/*.spec.ts",
          "/src/test/**",     "**/*_spec.rb", "**/*Test.java", "**/*Tests.cs",    "/t/*.t",
          "/testing/**",      "*/test/**",    "*/tests/**"});
}
Files Changelogs(const RepoSnapshot& r) {
  return Any(
      r, {"/changelog*", "/changes*", "/news*", "/history*", "/release-notes*", "/release_notes*",
          "/releases*", "/docs/changelog*", "/doc/changelog*", "/debian/changelog"});
}
Files Lockfiles(const RepoSnapshot& r) {
  return WithoutAuxiliary(
      Any(r, {"**/package-lock.json", "**/npm-shrinkwrap.json", "**/yarn.lock", "**/pnpm-lock.yaml",
              "**/bun.lockb", "**/cargo.lock", "**/poetry.lock", "**/pipfile.lock", "**/pdm.lock",
              "**/uv.lock", "**/go.sum", "**/composer.lock", "**/gemfile.lock",
              "**/packages.lock.json", "**/gradle.lockfile", "**/flake.lock", "**/mix.lock",
              "**/pubspec.lock", "**/requirements*.lock"}));
}

// ---------------------------------------------------------------------------------------------
// Lines and evidence

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
std::string Excerpt(std::string_view line) { return Truncate(Redact(Trim(line)), kExcerptBytes); }
EvidenceRef Ref(const LineHit& h) { return {h.path, h.line, Excerpt(h.text)}; }

// Evidence for "this file exists": its first non-blank line, so the reader sees what it is, or
// the file as a whole (line 0) when it is empty or unreadable.
EvidenceRef FileRef(const RepoSnapshot& repo, const fs::FileEntry* f) {
  EvidenceRef ref{f->path, 0, ""};
  if (const std::string* text = repo.Content(f->path)) {
    ForEachLine(*text, [&](int n, std::string_view line) {
      if (n > 50) return false;
      if (Trim(line).empty()) return true;
      ref.line = n;
      ref.excerpt = Excerpt(line);
      return false;
    });
  }
  return ref;
}

// The regular expression for a pattern literal of this file, compiled once. Multi-line mode, so
// that '^' and '$' mean line boundaries in whole-file prefilters too.
const RE2& Re(const char* pattern) {
  static std::mutex mu;
  static std::map<const char*, std::unique_ptr<RE2>> cache;
  std::lock_guard<std::mutex> lock(mu);
  auto& slot = cache[pattern];
  if (!slot) {
    RE2::Options o;
    o.set_log_errors(false);
    o.set_max_mem(16 << 20);
    slot = std::make_unique<RE2>(std::string("(?m)") + pattern, o);
    if (!slot->ok()) Log(LogLevel::kError, "internal: bad check pattern: " + slot->error());
  }
  return *slot;
}

bool Matches(std::string_view text, const RE2& re) {
  return RE2::PartialMatch(re2::StringPiece(text), re);
}

// Up to `max` lines of `files` (read through the snapshot's cache) matching `re`, in file order.
std::vector<LineHit> Grep(const RepoSnapshot& repo, const Files& files, const RE2& re,
                          size_t max = 1) {
  std::vector<LineHit> hits;
  for (const auto* f : files) {
    const std::string* text = repo.Content(f->path);
    if (text == nullptr || !Matches(*text, re)) continue;
    ForEachLine(*text, [&](int n, std::string_view line) {
      if (Matches(line, re)) hits.push_back({f->path, n, std::string(line)});
      return hits.size() < max;
    });
    if (hits.size() >= max) break;
  }
  return hits;
}

// The first hit of the first pattern that matches anywhere in `files`: patterns are listed from
// the most to the least telling, so evidence shows the strongest line.
std::optional<LineHit> FirstOf(const RepoSnapshot& repo, const Files& files,
                               std::initializer_list<const char*> patterns) {
  for (const char* p : patterns) {
    auto hits = Grep(repo, files, Re(p));
    if (!hits.empty()) return std::move(hits[0]);
  }
  return std::nullopt;
}

// A content scan over many files, read in parallel and not cached (a repository can be much
// larger than memory should hold). `on_line` gets each line of files whose text matches
// `prefilter` and returns the text to record for it (already made safe to show), or nothing.
// Returns the number of files read; hits are sorted by path and line.
using LineFn = std::function<std::optional<std::string>(std::string_view line)>;
uint64_t Scan(const RepoSnapshot& repo, const Files& files, const RE2& prefilter, size_t per_file,
              const LineFn& on_line, std::vector<LineHit>* hits) {
  std::vector<fs::FileEntry> todo;
  for (const auto* f : files) {
    if (f->size <= kScanMaxBytes) todo.push_back(*f);
  }
  if (todo.empty()) return 0;
  fs::WalkOptions options;
  options.max_file_bytes = kScanMaxBytes;
  // The listing sniffed 8 KiB for binaries; a NUL further in must not make a listed file
  // silently unread (a key after it would go unseen).
  options.skip_binary = false;
  options.jobs = repo.jobs();
  auto walker = fs::Walker::Open(repo.root(), options);
  if (!walker.ok()) {
    Log(LogLevel::kWarn, "cannot scan: " + walker.error().ToString());
    return 0;
  }
  constexpr size_t kMaxHits = 100000;  // bounds memory on a hostile tree
  std::mutex mu;
  std::atomic<uint64_t> read{0};
  // The walker logs each file it cannot read; those are simply not counted.
  walker.value().ForEachFile(todo, [&](const fs::FileEntry& f, std::string_view text) {
    read.fetch_add(1, std::memory_order_relaxed);
    if (!Matches(text, prefilter)) return;
    std::vector<LineHit> local;
    ForEachLine(text, [&](int n, std::string_view line) {
      if (auto shown = on_line(line)) local.push_back({f.path, n, std::move(*shown)});
      return local.size() < per_file;
    });
    if (local.empty()) return;
    std::lock_guard<std::mutex> lock(mu);
    for (auto& h : local) {
      if (hits->size() < kMaxHits) hits->push_back(std::move(h));
    }
  });
  std::sort(hits->begin(), hits->end(), [](const LineHit& a, const LineHit& b) {
    return std::tie(a.path, a.line) < std::tie(b.path, b.line);
  });
  return read.load();
}

CheckResult Met(std::vector<EvidenceRef> ev, std::string note) {
  return {ReqStatus::kMet, std::move(ev), std::move(note)};
}
CheckResult Unmet(std::string note, std::vector<EvidenceRef> ev = {}) {
  return {ReqStatus::kUnmet, std::move(ev), std::move(note)};
}
CheckResult Partial(std::string note, std::vector<EvidenceRef> ev) {
  return {ReqStatus::kPartial, std::move(ev), std::move(note)};
}
CheckResult Review(std::string note, std::vector<EvidenceRef> ev = {}) {
  return {ReqStatus::kNeedsReview, std::move(ev), std::move(note)};
}

// Met with the first line matching `pattern` in `files`; otherwise unmet or needs-review.
CheckResult LineCheck(const RepoSnapshot& repo, const Files& files, const char* pattern,
                      const std::string& found, const std::string& missing, bool missing_is_unmet) {
  const auto hits = Grep(repo, files, Re(pattern));
  if (!hits.empty()) return Met({Ref(hits[0])}, found);
  return missing_is_unmet ? Unmet(missing) : Review(missing);
}

// A line of prose in Markdown, reStructuredText or plain text: words, not a heading, badge,
// HTML, table row, rule, link list or block quote (GitHub's "> [!WARNING]" callouts and quoted
// warnings say little about what the project does). Code blocks are excluded by the caller.
bool IsProse(std::string_view raw) {
  std::string_view line = Trim(raw);
  if (StartsWith(line, ">")) return false;
  for (std::string_view marker : {"- ", "* ", "+ "}) {
    if (StartsWith(line, marker)) line = Trim(line.substr(marker.size()));
  }
  if (line.empty()) return false;
  const char c = line.front();
  if (c == '#' || c == '<' || c == '|' || c == '!' || c == '=' || c == '-' || c == '*' ||
      c == '.' || c == ':' || c == '[' || c == '{' || c == '$' || c == '`' || c == '~') {
    return false;
  }
  size_t letters = 0, spaces = 0;
  for (char ch : line) {
    letters += std::isalpha(static_cast<unsigned char>(ch)) != 0 ? 1 : 0;
    spaces += ch == ' ' ? 1 : 0;
  }
  return letters >= 15 && spaces >= 2 && letters * 2 >= line.size();
}

// Prose lines of a document, outside fenced code blocks.
std::vector<LineHit> ProseLines(const RepoSnapshot& repo, const fs::FileEntry* f, size_t max) {
  std::vector<LineHit> out;
  const std::string* text = repo.Content(f->path);
  if (text == nullptr) return out;
  bool in_fence = false;
  ForEachLine(*text, [&](int n, std::string_view line) {
    const std::string_view t = Trim(line);
    if (StartsWith(t, "```") || StartsWith(t, "~~~")) {
      in_fence = !in_fence;
      return true;
    }
    if (!in_fence && IsProse(line)) out.push_back({f->path, n, std::string(line)});
    return out.size() < max;
  });
  return out;
}

// True if a line states the opposite of what it mentions ("no security policy", "isn't").
bool Negated(std::string_view line) {
  return Matches(line, Re(R"((?i)(\b(no|not|never|without|cannot)\b|n't\b))"));
}

// ---------------------------------------------------------------------------------------------
// Licenses

struct LicenseKind {
  const char* spdx;
  bool osi;
  bool floss;
};
// Known SPDX ids ("-only"/"-or-later"/"+" stripped before lookup). FLOSS means free software per
// the FSF or open source per the OSI; OSI means on the OSI-approved list.
constexpr LicenseKind kKnownLicenses[] = {
    {"MIT", true, true},
    {"Apache-2.0", true, true},
    {"BSD-2-Clause", true, true},
    {"BSD-3-Clause", true, true},
    {"BSD-4-Clause", false, true},
    {"0BSD", true, true},
    {"GPL-2.0", true, true},
    {"GPL-3.0", true, true},
    {"GPL", true, true},
    {"LGPL-2.0", true, true},
    {"LGPL-2.1", true, true},
    {"LGPL-3.0", true, true},
    {"LGPL", true, true},
    {"AGPL-3.0", true, true},
    {"MPL-2.0", true, true},
    {"MPL-1.1", true, true},
    {"ISC", true, true},
    {"Unlicense", true, true},
    {"BSL-1.0", true, true},
    {"EPL-1.0", true, true},
    {"EPL-2.0", true, true},
    {"Zlib", true, true},
    {"CC0-1.0", false, true},
    {"Artistic-2.0", true, true},
    {"MIT-0", true, true},
    {"PostgreSQL", true, true},
    {"Python-2.0", true, true},
    {"OFL-1.1", true, true},
    {"EUPL-1.2", true, true},
    {"CDDL-1.0", true, true},
    {"Apache-1.1", true, true},
    {"NCSA", true, true},
    {"UPL-1.0", true, true},
    {"BlueOak-1.0.0", true, true},
    {"WTFPL", false, true},
    {"X11", false, true},
    {"MS-PL", true, true},
    {"Unicode-3.0", true, true},
    {"BUSL-1.1", false, false},
    {"SSPL-1.0", false, false},
    {"Elastic-2.0", false, false},
    {"CC-BY-NC-4.0", false, false},
    {"Commons-Clause", false, false},
    {"UNLICENSED", false, false},
    {"proprietary", false, false},
};

const LicenseKind* FindLicense(std::string_view id) {
  std::string key(id);
  for (std::string_view suffix : {"-only", "-or-later", "+"}) {
    if (EndsWith(key, suffix)) key.resize(key.size() - suffix.size());
  }
  const std::string lower = ToLower(key);
  for (const auto& k : kKnownLicenses) {
    if (ToLower(k.spdx) == lower) return &k;
  }
  return nullptr;
}

struct LicenseId {
  std::string spdx;
  bool known = false;
  bool osi = false;
  bool floss = false;
  LineHit hit;
};

// What an SPDX expression allows; `known` when every license that decides it is recognised.
struct LicenseVerdict {
  bool known = false;
  bool osi = false;
  bool floss = false;
};

// SPDX expressions by recursive descent, AND binding tighter than OR:
//   or := and ("OR" and)*   and := atom ("AND" atom)*   atom := "(" or ")" | id ["WITH" id]
// Malformed input reads as unknown, never as acceptable.
class SpdxReader {
 public:
  explicit SpdxReader(std::string_view expr) {
    std::string word;
    const auto flush = [&] {
      if (!word.empty()) tokens_.push_back(std::move(word));
      word.clear();
    };
    for (char c : expr) {
      if (c == '(' || c == ')') {
        flush();
        tokens_.emplace_back(1, c);
      } else if (std::isspace(static_cast<unsigned char>(c)) != 0) {
        flush();
      } else {
        word += c;
      }
    }
    flush();
  }

  LicenseVerdict Read() {
    LicenseVerdict v = Or(0);
    if (pos_ != tokens_.size() || tokens_.empty()) return {};  // trailing or missing tokens
    return v;
  }

 private:
  static constexpr int kMaxDepth = 16;

  bool Next(std::string_view keyword) {
    if (pos_ < tokens_.size() && ToLower(tokens_[pos_]) == keyword) {
      ++pos_;
      return true;
    }
    return false;
  }
  LicenseVerdict Or(int depth) {
    LicenseVerdict v = And(depth);
    while (Next("or")) {
      const LicenseVerdict w = And(depth);
      // One acceptable, recognised choice is enough, whatever the other choices are.
      const bool v_ok = v.known && v.floss, w_ok = w.known && w.floss;
      v = {v.known && w.known ? true : (v_ok || w_ok), (v.known && v.osi) || (w.known && w.osi),
           v_ok || w_ok};
    }
    return v;
  }
  LicenseVerdict And(int depth) {
    LicenseVerdict v = Atom(depth);
    while (Next("and")) {
      const LicenseVerdict w = Atom(depth);
      v = {v.known && w.known, v.osi && w.osi, v.floss && w.floss};
    }
    return v;
  }
  LicenseVerdict Atom(int depth) {
    if (depth > kMaxDepth || pos_ >= tokens_.size()) return {};
    if (tokens_[pos_] == "(") {
      ++pos_;
      const LicenseVerdict v = Or(depth + 1);
      if (pos_ >= tokens_.size() || tokens_[pos_] != ")") return {};
      ++pos_;
      return v;
    }
    const std::string& id = tokens_[pos_];
    if (id == ")" || ToLower(id) == "and" || ToLower(id) == "or" || ToLower(id) == "with")
      return {};
    ++pos_;
    if (Next("with")) {
      if (pos_ >= tokens_.size()) return {};
      ++pos_;  // the exception widens a license, it never makes it less free
    }
    const LicenseKind* k = FindLicense(id);
    if (k == nullptr) return {};
    return {true, k->osi, k->floss};
  }

  std::vector<std::string> tokens_;
  size_t pos_ = 0;
};

// Classifies an SPDX expression: "MIT", "MIT OR Apache-2.0", "GPL-2.0-only WITH
// Classpath-exception-2.0", "BUSL-1.1 AND (MIT OR Apache-2.0)".
LicenseId ClassifyExpression(std::string expr, LineHit hit) {
  LicenseId id;
  id.hit = std::move(hit);
  id.spdx = std::string(Trim(expr));
  const LicenseVerdict v = SpdxReader(expr).Read();
  id.known = v.known;
  id.osi = v.known && v.osi;
  id.floss = v.known && v.floss;
  return id;
}

// Distinctive phrases of license texts, the SPDX-License-Identifier line first.
struct LicensePhrase {
  const char* pattern;
  const char* spdx;  // "" for the SPDX-License-Identifier line (the id is captured)
};
constexpr LicensePhrase kLicensePhrases[] = {
    {R"(SPDX-License-Identifier:\s*([A-Za-z0-9.\-+ ()]+?)\s*(?:\*/|-->)?\s*$)", ""},
    {R"(GNU AFFERO GENERAL PUBLIC LICENSE)", "AGPL-3.0"},
    {R"(GNU LESSER GENERAL PUBLIC LICENSE)", "LGPL"},
    {R"(GNU LIBRARY GENERAL PUBLIC LICENSE)", "LGPL-2.0"},
    {R"(GNU GENERAL PUBLIC LICENSE)", "GPL"},
    {R"((Apache License,? Version 2\.0|^\s*Apache License\s*$))", "Apache-2.0"},
    {R"(Mozilla Public License,? [Vv]ersion 2\.0)", "MPL-2.0"},
    {R"(Mozilla Public License,? [Vv]ersion 1\.1)", "MPL-1.1"},
    {R"(Eclipse Public License - v 2\.0)", "EPL-2.0"},
    {R"(Eclipse Public License - v 1\.0)", "EPL-1.0"},
    {R"(Permission is hereby granted, free of charge, to any person obtaining)", "MIT"},
    {R"(Permission to use, copy, modify, and(/or)? distribute this software for any)", "ISC"},
    {R"(Redistribution and use in source and binary forms)", "BSD"},
    {R"(This is free and unencumbered software released into the public domain)", "Unlicense"},
    {R"(Boost Software License)", "BSL-1.0"},
    {R"(This software is provided 'as-is', without any express or implied)", "Zlib"},
    {R"(CC0 1\.0 Universal)", "CC0-1.0"},
    {R"(The Artistic License 2\.0)", "Artistic-2.0"},
    {R"(Business Source License)", "BUSL-1.1"},
    {R"(Server Side Public License)", "SSPL-1.0"},
    {R"(Elastic License 2\.0)", "Elastic-2.0"},
};

// The version of a GPL-family or BSD text, decided from the whole file.
std::string RefineLicense(const std::string& family, std::string_view text) {
  const bool v3 = Matches(text, Re(R"(Version 3, 29 June 2007)"));
  if (family == "GPL") {
    if (v3) return "GPL-3.0";
    if (Matches(text, Re(R"(Version 2, June 1991)"))) return "GPL-2.0";
  } else if (family == "LGPL") {
    if (v3) return "LGPL-3.0";
    if (Matches(text, Re(R"(Version 2\.1, February 1999)"))) return "LGPL-2.1";
  } else if (family == "BSD") {
    if (Matches(text, Re(R"(advertising materials mentioning)"))) return "BSD-4-Clause";
    if (Matches(text, Re(R"((Neither the name|may (not )?be used to endorse or promote))")))
      return "BSD-3-Clause";
    return "BSD-2-Clause";
  }
  return family;
}

// Identifies a license from one file's text, with the line that shows it.
std::optional<LicenseId> LicenseFromText(const fs::FileEntry* f, const std::string& text) {
  for (const auto& phrase : kLicensePhrases) {
    const RE2& re = Re(phrase.pattern);
    if (!Matches(text, re)) continue;
    std::optional<LineHit> hit;
    ForEachLine(text, [&](int n, std::string_view line) {
      if (!Matches(line, re)) return true;
      hit = LineHit{f->path, n, std::string(line)};
      return false;
    });
    if (!hit) continue;  // the match spans lines; not a line we can show
    if (*phrase.spdx == '\0') {
      std::string expr;
      RE2::PartialMatch(re2::StringPiece(hit->text), re, &expr);
      return ClassifyExpression(expr, std::move(*hit));
    }
    return ClassifyExpression(RefineLicense(phrase.spdx, text), std::move(*hit));
  }
  return std::nullopt;
}

constexpr const char* kManifestLicense =
    R"re(^\s*(?:\w+\.)?"?license"?\s*[:=]\s*(?:\{\s*text\s*=\s*)?["']?([A-Za-z0-9.\-+() ]{2,100}?)["']?\s*\}?\s*,?\s*$)re";

// The project's license: root license files first, then LICENSES/, then package metadata, then
// an SPDX-License-Identifier header in the sources.
std::optional<LicenseId> IdentifyLicense(const RepoSnapshot& repo) {
  for (const auto* f : LicenseFiles(repo)) {
    const std::string* text = repo.Content(f->path);
    if (text == nullptr) continue;
    if (auto id = LicenseFromText(f, *text)) return id;
  }
  const Files manifests = Any(repo, {"/package.json", "/cargo.toml", "/pyproject.toml",
                                     "/setup.cfg", "/*.gemspec", "/composer.json"});
  for (const auto& h : Grep(repo, manifests, Re(kManifestLicense), 5)) {
    std::string expr;
    if (RE2::PartialMatch(re2::StringPiece(h.text), Re(kManifestLicense), &expr) &&
        !Trim(expr).empty()) {
      return ClassifyExpression(expr, h);
    }
  }
  std::vector<LineHit> headers;
  const RE2& spdx = Re(kLicensePhrases[0].pattern);
  Scan(
      repo,
      WithoutAuxiliary(
          Any(repo, {"**/*.c", "**/*.h", "**/*.cc", "**/*.cpp", "**/*.hpp", "**/*.rs", "**/*.go",
                     "**/*.py", "**/*.js", "**/*.ts", "**/*.java", "**/*.rb", "**/*.sh"})),
      spdx, 1,
      [&](std::string_view line) -> std::optional<std::string> {
        if (!Matches(line, spdx)) return std::nullopt;
        return Truncate(line, 512);
      },
      &headers);
  if (!headers.empty()) {
    std::string expr;
    if (RE2::PartialMatch(re2::StringPiece(headers[0].text), spdx, &expr))
      return ClassifyExpression(expr, headers[0]);
  }
  return std::nullopt;
}

// ---------------------------------------------------------------------------------------------
// Documentation checks

CheckResult Readme(const RepoSnapshot& r) {
  const Files files = Readmes(r);
  if (files.empty()) return Unmet("no README found");
  for (const auto* f : files) {
    const auto prose = ProseLines(r, f, 3);
    if (prose.size() >= 3) return Met({Ref(prose[0])}, "README describes the project");
  }
  const auto prose = ProseLines(r, files[0], 1);
  return Partial("README is very short (fewer than 3 lines of prose)",
                 {prose.empty() ? FileRef(r, files[0]) : Ref(prose[0])});
}

CheckResult ReadmeBuild(const RepoSnapshot& r) {
  const Files files =
      Join(Readmes(r), Any(r, {"/install*", "/building*", "/docs/install*", "/docs/build*",
                               "/docs/getting-started*", "/docs/getting_started*"}));
  return LineCheck(
      r, files,
      R"((?i)(^#+.*(install|build|getting started|usage|quick ?start))|(\b(npm|pip|pipx|cargo|go|gem|brew|apt(-get)?) install\b|\bmake\b|\bcmake\b|docker compose up|docker run|git clone|\bmeson (setup|compile)\b|\bgradlew?\b|\bmvn\b))",
      "documentation says how to obtain, build or run it", "no build or install instructions found",
      false);
}

CheckResult InterfaceDocs(const RepoSnapshot& r) {
  Files docs = Any(r, {"/docs/**/*.md", "/doc/**/*.md", "/docs/**/*.rst", "/doc/**/*.rst",
                       "/docs/**/*.adoc", "/man/**", "/*.1", "/api/**/*.md"});
  if (docs.empty()) docs = Any(r, {"/docs/**", "/doc/**", "/website/**/*.md"});
  if (!docs.empty())
    return Met({FileRef(r, docs[0])}, std::to_string(docs.size()) + " documentation files");
  return LineCheck(r, Readmes(r),
                   R"((?i)^(#+|=+)?\s*(usage|api|reference|options|commands|configuration)\b)",
                   "README documents the interface", "no interface documentation found", false);
}

CheckResult LicenseFile(const RepoSnapshot& r) {
  const Files files = LicenseFiles(r);
  if (files.empty()) return Unmet("no LICENSE or COPYING file at the root");
  const auto id = IdentifyLicense(r);
  if (id && id->hit.path == files[0]->path)
    return Met({Ref(id->hit)}, "license file " + files[0]->path.str());
  return Met({FileRef(r, files[0])}, "license file " + files[0]->path.str());
}

CheckResult LicenseFloss(const RepoSnapshot& r) {
  const auto id = IdentifyLicense(r);
  if (!id)
    return LicenseFiles(r).empty() ? Unmet("no license found") : Review("license not recognised");
  if (!id->known) return Review("license " + id->spdx + " not recognised", {Ref(id->hit)});
  if (id->floss) return Met({Ref(id->hit)}, "license identified as " + id->spdx);
  return Unmet("license " + id->spdx + " is not a FLOSS license", {Ref(id->hit)});
}

CheckResult LicenseOsi(const RepoSnapshot& r) {
  const auto id = IdentifyLicense(r);
  if (!id)
    return LicenseFiles(r).empty() ? Unmet("no license found") : Review("license not recognised");
  if (!id->known) return Review("license " + id->spdx + " not recognised", {Ref(id->hit)});
  if (id->osi) return Met({Ref(id->hit)}, id->spdx + " is OSI-approved");
  return Unmet(id->spdx + " is not OSI-approved", {Ref(id->hit)});
}

CheckResult ContributingCheck(const RepoSnapshot& r) {
  const Files files = Contributing(r);
  if (!files.empty())
    return Met({FileRef(r, files[0])}, "contribution guide " + files[0]->path.str());
  return LineCheck(r, Readmes(r),
                   R"((?i)^#+.*contribut|pull requests? (are|is) welcome|how to contribute)",
                   "README explains how to contribute", "no contribution guide found", true);
}

CheckResult ContributionRequirements(const RepoSnapshot& r) {
  return LineCheck(
      r, Contributing(r),
      R"((?i)(coding (style|standard|convention)|code style|style guide|clang-format|prettier|\bblack\b|rustfmt|gofmt|\blint|\bformat(ted|ting)?\b|sign-off|signed-off-by|\bDCO\b|\bCLA\b|contributor license agreement|must (pass|include|follow)))",
      "contribution guide states requirements", "no contribution requirements found", false);
}

CheckResult CodeOfConduct(const RepoSnapshot& r) {
  const Files files = Any(r, {"/code_of_conduct*", "/.github/code_of_conduct*",
                              "/docs/code_of_conduct*", "/code-of-conduct*", "/conduct*"});
  if (!files.empty()) return Met({FileRef(r, files[0])}, "code of conduct " + files[0]->path.str());
  for (const auto& h : Grep(r, Join(Readmes(r), Contributing(r)),
                            Re(R"((?i)(code of conduct|contributor covenant))"), 10)) {
    if (!Negated(h.text)) return Met({Ref(h)}, "the documentation adopts a code of conduct");
  }
  return Unmet("no code of conduct found");
}

CheckResult Governance(const RepoSnapshot& r) {
  const Files files =
      Any(r, {"/governance*", "/maintainers*", "/.github/maintainers*", "/codeowners",
              "/.github/codeowners", "/docs/codeowners", "/.gitlab/codeowners", "/owners",
              "/owners.md", "/owners_aliases", "/docs/governance*", "/docs/maintainers*"});
  if (!files.empty())
    return Met({FileRef(r, files[0])}, "governance or maintainers file " + files[0]->path.str());
  return Review("no GOVERNANCE, MAINTAINERS or CODEOWNERS file");
}

// ---------------------------------------------------------------------------------------------
// Security reporting

constexpr const char* kReportingPhrase =
    R"((?i)(report|vulnerab|disclos|security advisor|/security/advisories|security@|\bcve\b))";

// Security policies. SECURITY files at the root or under .github/ are policies by convention;
// elsewhere (docs/security.md) they often describe the software's own security design instead,
// so they count only when they talk about reporting.
Files SecurityPolicies(const RepoSnapshot& r) {
  Files out;
  for (const auto* f : CandidateSecurityPolicies(r)) {
    const std::string& p = f->path.str();
    const bool conventional = p.find('/') == std::string::npos || StartsWith(p, ".github/") ||
                              StartsWith(p, ".gitlab/") || StartsWith(p, ".well-known/");
    if (conventional || !Grep(r, {f}, Re(kReportingPhrase)).empty()) out.push_back(f);
  }
  return out;
}

CheckResult SecurityPolicy(const RepoSnapshot& r) {
  const Files files = SecurityPolicies(r);
  if (!files.empty()) {
    const auto hits = Grep(r, files, Re(R"((?i)(report|vulnerab|disclos|security))"));
    return Met({hits.empty() ? FileRef(r, files[0]) : Ref(hits[0])},
               "security policy " + files[0]->path.str());
  }
  // A README section counts only when it says how to report, not when it merely mentions
  // security or says there is no way to report ("No SECURITY.md: no way to report ...").
  for (
      const auto& h : Grep(
          r, Readmes(r),
          Re(R"((?i)(report(ing)? (security )?(issues|vulnerabilities|a vulnerability|bugs) (to|at|via|by|privately|through)|^#+\s*(reporting )?security (issues|vulnerabilities|policy|reports?)\s*$))"),
          20)) {
    if (!Negated(h.text)) return Met({Ref(h)}, "README explains how to report vulnerabilities");
  }
  return Unmet("no security policy (SECURITY.md) found");
}

CheckResult SecurityPrivateChannel(const RepoSnapshot& r) {
  const Files files = SecurityPolicies(r);
  if (files.empty()) return Unmet("no security policy, so no private reporting channel");
  return LineCheck(
      r, files,
      R"((?i)([A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}|security/advisories|security advisor(y|ies)|report a vulnerability|private(ly)? (vulnerability )?report|hackerone|bugcrowd|huntr|intigriti|tidelift\.com/security|\bgpg\b|\bpgp\b))",
      "private reporting channel given", "no private reporting channel found", true);
}

CheckResult BugReporting(const RepoSnapshot& r) {
  const Files templates = Any(r, {"/.github/issue_template/*", "/.github/issue_template.md",
                                  "/issue_template.md", "/.gitlab/issue_templates/*"});
  if (!templates.empty()) return Met({FileRef(r, templates[0])}, "issue templates");
  return LineCheck(
      r, Join(Readmes(r), Contributing(r)),
      R"((?i)(issue tracker|bug reports?|report (a |any )?(bug|issue|problem)s?|/issues\b|open an issue|file an issue|create an issue|mailing list|bugzilla|\bjira\b))",
      "documentation says where to report bugs", "no bug-reporting instructions found", false);
}

// ---------------------------------------------------------------------------------------------
// Version control and releases

CheckResult VcsGit(const RepoSnapshot& r) {
  if (r.git().is_git) {
    return Met(
        {}, "git repository" + (r.git().remote_urls.empty() ? std::string()
                                                            : " (" + r.git().remote_urls[0] + ")"));
  }
  // libgit2 may refuse a repository it cannot read (another owner, damaged); its .git is still
  // decisive. symlink_status: a .git symlink is looked at, never followed.
  // An empty or garbage .git proves nothing: a git directory has a HEAD file, and a worktree's
  // or submodule's .git file starts with "gitdir:".
  std::error_code ec;
  const auto dot_git = r.root() / ".git";
  const auto st = std::filesystem::symlink_status(dot_git, ec);
  if (!ec && std::filesystem::is_directory(st)) {
    const auto head = std::filesystem::symlink_status(dot_git / "HEAD", ec);
    if (!ec && std::filesystem::is_regular_file(head)) {
      return Met({}, "a .git directory is present (git metadata not readable)");
    }
  } else if (!ec && std::filesystem::is_regular_file(st)) {
    auto text = ReadTextFile(dot_git, {.max_bytes = 4096, .require_utf8 = false});
    if (text.ok() && StartsWith(text.value(), "gitdir:")) {
      return Met({}, "a .git file points at the repository (git metadata not readable)");
    }
  }
  return Review("not a git work tree (assess a clone to decide)");
}

// A release tag read as a version: "v1.2.3", "release-1.2.3", "jq-1.7.1", "grep-cli-0.1.5",
// "2024.05.1". Branch-like tags ("2.0.x") and names without a version are not release tags.
struct TagVersion {
  std::string tag;
  std::string prefix;             // "", "jq-", "grep-cli-" (lowercase, "v" dropped)
  std::string core;               // "1.2.3" as written
  std::vector<uint64_t> numbers;  // {1, 2, 3}
  std::string suffix;             // "-rc.1+build", "rc1", ""
};

std::optional<TagVersion> ParseTag(std::string_view tag) {
  std::string prefix, core, suffix;
  if (!RE2::FullMatch(
          re2::StringPiece(tag),
          Re(R"(((?:[A-Za-z][A-Za-z0-9_.]*?[-_/])?)[vV]?(\d{1,9}(?:\.\d{1,9}){1,3})([-+]?[0-9A-Za-z][0-9A-Za-z.\-+]*)?)"),
          &prefix, &core, &suffix)) {
    return std::nullopt;
  }
  TagVersion v{std::string(tag), ToLower(prefix), core, {}, suffix};
  for (const auto& part : Split(core, '.'))
    v.numbers.push_back(std::strtoull(part.c_str(), nullptr, 10));
  return v;
}

// SemVer 2.0.0: MAJOR.MINOR.PATCH without leading zeros, "-pre-release" and "+build" optional.
bool IsSemver(const TagVersion& v) {
  return RE2::FullMatch(
      v.core + v.suffix,
      Re(R"((0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*)?(\+[0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*)?)"));
}

// CalVer's common schemes: YYYY.MM[.x], YYYY.0M[.x], YY.0M[.x] (e.g. "2024.5.1", "24.04").
bool IsCalver(const TagVersion& v) {
  if (v.numbers.size() < 2 || v.numbers[1] < 1 || v.numbers[1] > 12) return false;
  const uint64_t year = v.numbers[0];
  return (year >= 2000 && year <= 2100) ||
         (year >= 10 && year <= 99 && v.core[2] == '.' && (v.core[3] == '0' || v.numbers[1] >= 10));
}

// Release order: by numbers, and a pre-release ("1.2.0rc1", "1.2.0-beta") before its release.
bool ReleaseLess(const TagVersion& a, const TagVersion& b) {
  if (a.numbers != b.numbers) return a.numbers < b.numbers;
  const bool a_pre = !a.suffix.empty() && a.suffix[0] != '+';
  const bool b_pre = !b.suffix.empty() && b.suffix[0] != '+';
  if (a_pre != b_pre) return a_pre;
  return a.tag < b.tag;
}

// The project's main release line, newest first: repositories of several packages tag each one
// ("grep-cli-0.1.5" beside ripgrep's "14.1.1"), so the line is the prefix with the most release
// tags, the bare one winning ties.
std::vector<TagVersion> MainReleaseLine(const std::vector<std::string>& tags) {
  std::map<std::string, std::vector<TagVersion>> lines;
  for (const auto& t : tags) {
    if (auto v = ParseTag(t)) lines[v->prefix].push_back(std::move(*v));
  }
  if (lines.empty()) return {};
  auto best = lines.begin();
  for (auto it = lines.begin(); it != lines.end(); ++it) {
    if (it->second.size() > best->second.size()) best = it;  // map order: "" first, so it wins ties
  }
  std::vector<TagVersion> out = std::move(best->second);
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return ReleaseLess(b, a); });
  return out;
}

std::string NewestTags(const std::vector<TagVersion>& line, size_t n) {
  std::string out;
  for (size_t i = 0; i < line.size() && i < n; ++i) out += (i == 0 ? "" : ", ") + line[i].tag;
  return out;
}

constexpr const char* kVersionHeading = R"(^\s*(#+|=+|\*|-)?\s*\[?v?\d+\.\d+(\.\d+)?)";

std::vector<LineHit> ChangelogVersions(const RepoSnapshot& r, size_t max) {
  return Grep(r, Changelogs(r), Re(kVersionHeading), max);
}

CheckResult Tags(const RepoSnapshot& r) {
  const auto& git = r.git();
  if (!git.tags.empty()) {
    const auto line = MainReleaseLine(git.tags);
    if (!line.empty()) {
      return Met({}, std::to_string(git.tags.size()) + " git tags, " + std::to_string(line.size()) +
                         " on the main release line, newest " + NewestTags(line, 3));
    }
    return Met({}, std::to_string(git.tags.size()) + " git tags (none names a version)");
  }
  const auto versions = ChangelogVersions(r, 1);
  if (!git.is_git) {
    if (!versions.empty()) return Met({Ref(versions[0])}, "versions are named in the change log");
    return Review("no git tags (not a git clone) and no versioned change log");
  }
  // A shallow or single-commit clone carries no tags even when the project tags its releases.
  if (git.commit_count <= 1 || !versions.empty()) {
    std::vector<EvidenceRef> ev;
    if (!versions.empty()) ev.push_back(Ref(versions[0]));
    return Review("no git tags in this clone (a shallow clone has none)", std::move(ev));
  }
  return Unmet("no git tags");
}

// The criterion is about how releases are numbered now, so the newest releases decide, not tags
// from before a project adopted a scheme.
constexpr size_t kRecentReleases = 10;

CheckResult Semver(const RepoSnapshot& r) {
  const auto line = MainReleaseLine(r.git().tags);
  if (!line.empty()) {
    const size_t n = std::min(line.size(), kRecentReleases);
    size_t ok = 0;
    std::string others;
    for (size_t i = 0; i < n; ++i) {
      if (IsSemver(line[i]) || IsCalver(line[i])) {
        ++ok;
      } else if (others.size() < 60) {
        others += (others.empty() ? "" : ", ") + line[i].tag;
      }
    }
    std::string note = std::to_string(ok) + " of the newest " + std::to_string(n) +
                       " release tags follow SemVer or CalVer (newest " + NewestTags(line, 1) + ")";
    if (ok * 5 >= n * 4) return Met({}, note);
    return Unmet(note + "; not: " + others);
  }
  if (!r.git().tags.empty()) return Review("no git tag names a version");
  const auto versions = ChangelogVersions(r, kRecentReleases);
  if (versions.empty()) return Review("no versions found");
  size_t ok = 0;
  for (const auto& v : versions) {
    std::string ver;
    if (!RE2::PartialMatch(re2::StringPiece(v.text), Re(R"(v?(\d+(?:\.\d+)+[0-9A-Za-z.+\-]*))"),
                           &ver))
      continue;
    if (auto parsed = ParseTag(ver); parsed && (IsSemver(*parsed) || IsCalver(*parsed))) ++ok;
  }
  const std::string note = std::to_string(ok) + " of the newest " +
                           std::to_string(versions.size()) +
                           " change-log versions follow SemVer or CalVer";
  return ok * 5 >= versions.size() * 4 ? Met({Ref(versions[0])}, note)
                                       : Review(note, {Ref(versions[0])});
}

CheckResult Changelog(const RepoSnapshot& r) {
  const auto versions = ChangelogVersions(r, 1);
  if (!versions.empty())
    return Met({Ref(versions[0])}, "release notes in " + versions[0].path.str());
  const Files files = Changelogs(r);
  if (!files.empty())
    return Met({FileRef(r, files[0])}, "release notes in " + files[0]->path.str());
  return Review("no change log file (release notes may live on the forge)");
}

CheckResult Maintained(const RepoSnapshot& r) {
  if (!r.git().is_git || r.git().head_time == 0)
    return Review("no git history to judge (assess a clone)");
  const auto now =
      static_cast<int64_t>(std::chrono::system_clock::to_time_t(std::chrono::system_clock::now()));
  const int64_t head = r.git().head_time;
  std::tm tm{};
  const auto t = static_cast<time_t>(head);
  char date[32] = "?";
  if (gmtime_r(&t, &tm) != nullptr) std::strftime(date, sizeof(date), "%Y-%m-%d", &tm);
  // Commit dates are written by the committer: one before 1970 or in the future proves nothing
  // (and a hostile one near INT64_MIN must not reach the subtraction below).
  if (head < 0) return Review("last commit has no usable date");
  if (head > now + 86400)
    return Review(std::string("last commit dated in the future (") + date + ")");
  if ((now - head) / 86400 <= 365) return Met({}, std::string("last commit ") + date);
  return Unmet(std::string("last commit ") + date + ", over a year ago");
}

CheckResult SignedReleases(const RepoSnapshot& r) {
  const Files files =
      WithoutAuxiliary(Any(r, {"**/*.asc", "**/*.sig", "**/*.minisig", "**/sha256sums*",
                               "**/sha512sums*", "**/checksums.txt", "**/*.intoto.jsonl"}));
  if (!files.empty())
    return Met({FileRef(r, files[0])}, "signatures or checksums in the repository");
  return LineCheck(
      r, CiFiles(r),
      R"((?i)(cosign|sigstore|slsa-github-generator|slsa-framework|gpg --(detach-)?sign|gpg .*--detach-sign|minisign|attest-build-provenance|goreleaser.*sign))",
      "releases are signed in CI", "no release signing found", false);
}

// ---------------------------------------------------------------------------------------------
// Build, tests and CI

CheckResult BuildSystem(const RepoSnapshot& r) {
  const Files files = BuildFiles(r);
  if (files.empty()) return Unmet("no build system file found");
  const auto* f = Preferred(files);
  return Met({FileRef(r, f)}, "build file " + f->path.str());
}

CheckResult BuildCommonTools(const RepoSnapshot& r) {
  const Files files = BuildFiles(r);
  if (files.empty()) return Unmet("no build system file found");
  const auto* f = Preferred(files);
  return Met({FileRef(r, f)},
             "built with common free tools (" + std::string(f->path.filename()) + ")");
}

CheckResult Tests(const RepoSnapshot& r) {
  const Files files = TestFiles(r);
  if (!files.empty())
    return Met({FileRef(r, Preferred(files))}, std::to_string(files.size()) + " test files");
  return Unmet("no automated tests found");
}

CheckResult TestInvocation(const RepoSnapshot& r) {
  const Files build =
      Join(BuildFiles(r), Any(r, {"/tox.ini", "/pytest.ini", "/setup.cfg", "/noxfile.py",
                                  "/cmakepresets.json", "*/makefile.am"}));
  const auto hit = FirstOf(
      r, build,
      {R"re(^\s*"test"\s*:)re",
       R"(\b(enable_testing|add_test|gtest_discover_tests|catch_discover_tests)\b)",
       R"(^(check|test|tests)\s*:)", R"(\[(tool\.pytest|tool:pytest|pytest|tox|testenv)\b)",
       R"(\btest\s*\(|^\s*test\s*\{|<artifactId>maven-surefire|testImplementation|"testPresets")",
       R"(^(TESTS|check_PROGRAMS)\s*\+?=)"});
  if (hit) return Met({Ref(*hit)}, "a standard test target");
  // Languages whose standard tool runs the tests with no target: cargo test, go test, mvn test.
  const Files tests = TestFiles(r);
  if (!tests.empty()) {
    for (const auto& [glob, tool] : std::initializer_list<std::pair<std::string_view, const char*>>{
             {"/cargo.toml", "cargo test"},
             {"/go.mod", "go test"},
             {"/pom.xml", "mvn test"},
             {"/build.gradle", "gradle test"},
             {"/build.gradle.kts", "gradle test"}}) {
      if (glob == "/go.mod" && Any(r, {"**/*_test.go"}).empty()) continue;
      const Files f = r.Glob(glob);
      if (!f.empty())
        return Met({FileRef(r, f[0])}, std::string("tests run with the standard ") + tool);
    }
  }
  return Review(tests.empty() ? "no tests found" : "no standard test target found");
}

CheckResult TestPolicy(const RepoSnapshot& r) {
  const Files files = Join(Contributing(r),
                           Any(r, {"/.github/pull_request_template*",
                                   "/.github/pull_request_template/*", "/pull_request_template*"}));
  return LineCheck(
      r, files,
      R"((?i)(add(ing)? (new |unit |regression )?tests?|include (unit |regression )?tests?|tests? (are|is) required|with tests|must (be )?test|test coverage|(write|update) tests?|tests? for (new|your|any)))",
      "the contribution guide asks for tests", "no test policy found", false);
}

CheckResult Ci(const RepoSnapshot& r) {
  const Files files = CiFiles(r);
  if (!files.empty())
    return Met({FileRef(r, files[0])}, "CI configuration " + files[0]->path.str());
  return Unmet("no CI configuration found");
}

CheckResult CiTests(const RepoSnapshot& r) {
  const Files files = CiFiles(r);
  if (files.empty()) return Unmet("no CI configuration found");
    // The strongest line first: a run step with a test command, a command line of a multi-line run
    // block ("run: |" then "make ci", as in Requests), a step named for its tests, and only then
    // any mention (a matrix entry "tox: py312").
#define FLEDGER_TEST_COMMANDS                                                                              \
  R"((\bctest\b|make (check|test|ci)\b|meson test|ninja test|npm (run )?test|yarn test|pnpm test|pytest|)" \
  R"(go test|cargo test|cargo nextest|mvn .*(test|verify)|gradlew? .*(test|check)|\btox\b|\bnox\b|)"       \
  R"(dotnet test|bundle exec r(spec|ake)|\btest\.sh))"
  // Lines that name a test tool but skip or merely install it ("mvn -DskipTests package",
  // "gradle build -x test", "pip install pytest") are not test runs.
  const RE2& skips = Re(
      R"((?i)(skipTests|maven\.test\.skip|\s-x\s+test\b|\binstall(\s+-\S+)*\s+["']?(pytest|tox|nox)\b))");
  for (const char* p :
       {"(?i)run:.*" FLEDGER_TEST_COMMANDS, "(?i)^\\s*(- )?" FLEDGER_TEST_COMMANDS,
        R"((?i)^\s*-?\s*name:\s*["']?[^"'#]*\btests?\b)", "(?i)" FLEDGER_TEST_COMMANDS}) {
    for (const auto& h : Grep(r, files, Re(p), 50)) {
      if (!Matches(h.text, skips)) return Met({Ref(h)}, "CI runs the tests");
    }
  }
#undef FLEDGER_TEST_COMMANDS
  return Review("CI does not visibly run tests");
}

Files ToolConfigFiles(const RepoSnapshot& r) {
  return Any(r, {"/cmakepresets.json",
                 "/*.cmake",
                 "/cmake/*.cmake",
                 "/.cargo/config*",
                 "/.eslintrc*",
                 "/eslint.config.*",
                 "/.pylintrc",
                 "/pylintrc",
                 "/setup.cfg",
                 "/tox.ini",
                 "/ruff.toml",
                 "/.ruff.toml",
                 "/.flake8",
                 "/.golangci.y*ml",
                 "/clippy.toml",
                 "/.clippy.toml",
                 "/.clang-tidy",
                 "/.pre-commit-config.yaml",
                 "/directory.build.props",
                 "/tsconfig.json"});
}

CheckResult Warnings(const RepoSnapshot& r) {
  const Files files = Join(Join(BuildFiles(r), ToolConfigFiles(r)), CiFiles(r));
  const auto hit = FirstOf(
      r, files,
      {R"((-Wall|-Wextra|/W4|/Wall|-Weverything|-Wpedantic|\bWarningLevel\b|-Xlint|"strict"\s*:\s*true))",
       R"((eslint|pylint|flake8|\bruff\b|clippy|golangci|staticcheck|rubocop|^Checks:))",
       R"((?i)\bwarnings\b)"});
  if (hit) return Met({Ref(*hit)}, "compiler warnings or a linter are enabled");
  return Review("no warning flags or linter configuration found");
}

CheckResult WarningsStrict(const RepoSnapshot& r) {
  const Files files = Join(Join(BuildFiles(r), ToolConfigFiles(r)), CiFiles(r));
  const auto hit = FirstOf(
      r, files,
      {R"((-Werror|/WX\b|TreatWarningsAsErrors|WarningsAsErrors|warningsAsErrors|-D ?warnings|RUSTFLAGS.*-D|--max-warnings[ =]0|#!\[deny\(warnings\)\]|allWarningsAsErrors|-Xlint:all,-Werror|-W error|PYTHONWARNINGS=error))",
       R"(\bWERROR\b)"});
  if (hit) return Met({Ref(*hit)}, "warnings are errors");
  return Review("warnings are not treated as errors");
}

CheckResult StaticAnalysis(const RepoSnapshot& r) {
  const Files files = Join(Join(CiFiles(r), BuildFiles(r)),
                           Any(r, {"/.pre-commit-config.yaml", "/cmakepresets.json"}));
  const auto hits = Grep(
      r, files,
      Re(R"((?i)(codeql|clang-tidy|cppcheck|coverity|semgrep|sonar|gosec|bandit|golangci|staticcheck|clippy|spotbugs|scan-build|\binfer\b|pvs-studio|flawfinder|psalm|phpstan|brakeman|eslint|pylint|flake8|\bruff\b|\bmypy\b|shellcheck|errorprone|\bpmd\b))"));
  if (!hits.empty()) return Met({Ref(hits[0])}, "static analysis runs in the build or CI");
  const Files configs = Any(
      r, {"/.clang-tidy",  "/.golangci.y*ml",  "/.semgrep*",         "/sonar-project.properties",
          "/.bandit",      "/codeql*",         "/.github/codeql/**", "/.cppcheck*",
          "/.eslintrc*",   "/eslint.config.*", "/ruff.toml",         "/.ruff.toml",
          "/.pylintrc",    "/pylintrc",        "/.flake8",           "/clippy.toml",
          "/.clippy.toml", "/.shellcheckrc",   "/phpstan.neon*",     "/.rubocop.yml"});
  if (!configs.empty()) {
    return Met({FileRef(r, configs[0])},
               "static analysis configured in " + configs[0]->path.str() + " (not seen in CI)");
  }
  return Unmet("no static analysis tool found in CI or build files");
}

CheckResult DynamicAnalysis(const RepoSnapshot& r) {
  // Fuzz targets kept beside the code: libFuzzer, Go native fuzzing, cargo-fuzz, Atheris, Jazzer.
  const RE2& harness = Re(
      R"((LLVMFuzzerTestOneInput|^func Fuzz\w*\(\w+ \*testing\.F\)|fuzz_target!|import atheris|@FuzzTest|com\.code_intelligence\.jazzer))");
  const Files fuzz =
      Any(r, {"/fuzz/**", "/fuzzing/**", "/tests/fuzz/**", "/test/fuzz/**", "**/*_fuzz.cc",
              "**/*_fuzzer.c*", "**/fuzz_*.py", "/.clusterfuzzlite/**"});
  if (!fuzz.empty()) {
    // The harness line itself is the evidence; a fuzz folder's .gitignore or README says little.
    Files sources;
    for (const auto* f : fuzz) {
      if (f->size <= kScanMaxBytes && !StartsWith(f->path.filename(), ".")) sources.push_back(f);
    }
    if (sources.size() > 200) sources.resize(200);
    if (const auto hits = Grep(r, sources, harness); !hits.empty())
      return Met({Ref(hits[0])}, "fuzzing harnesses");
    return Met({FileRef(r, Preferred(sources.empty() ? fuzz : sources))}, "fuzzing harnesses");
  }
  const Files files = Join(Join(CiFiles(r), BuildFiles(r)),
                           Any(r, {"/cmakepresets.json", "/*.cmake", "/cmake/*.cmake"}));
  const auto hits = Grep(
      r, files,
      Re(R"((-fsanitize=|\bsanitize|valgrind|LLVMFuzzerTestOneInput|oss-fuzz|cargo fuzz|cargo-fuzz|go test .*-fuzz|atheris|jazzer|cifuzz|clusterfuzzlite|\bmiri\b))"));
  if (!hits.empty())
    return Met({Ref(hits[0])}, "dynamic analysis (sanitizers, valgrind or fuzzing)");
  std::vector<LineHit> found;
  Scan(
      r,
      WithoutAuxiliary(Any(r, {"**/*.c", "**/*.cc", "**/*.cpp", "**/*.cxx", "**/*.go", "**/*.rs",
                               "**/*.py", "**/*.java", "**/*.kt"})),
      harness, 1,
      [&](std::string_view line) -> std::optional<std::string> {
        if (!Matches(line, harness)) return std::nullopt;
        return Truncate(line, 512);
      },
      &found);
  if (!found.empty()) return Met({Ref(found[0])}, "fuzzing harnesses");
  return Unmet("no fuzzing or sanitizer runs found");
}

CheckResult DependencyUpdates(const RepoSnapshot& r) {
  const Files files =
      Any(r, {"/.github/dependabot.y*ml", "/renovate.json*", "/.renovaterc*",
              "/.github/renovate.json*", "/.gitlab/renovate.json*", "/.pyup.yml", "/.snyk"});
  if (!files.empty())
    return Met({FileRef(r, files[0])}, "dependency updates configured in " + files[0]->path.str());
  return Unmet("no Dependabot or Renovate configuration");
}

CheckResult PinnedDependencies(const RepoSnapshot& r) {
  // Every `uses:` of the workflows: a 40-hex commit pins an action, a tag or branch does not.
  const RE2& uses = Re(R"(^\s*(?:-\s*)?uses:\s*["']?([^\s"'#]+))");
  const RE2& sha = Re(R"(@[0-9a-fA-F]{40}$)");
  std::vector<EvidenceRef> unpinned;
  std::optional<EvidenceRef> first_pinned;
  size_t total = 0, bad = 0;
  for (const auto& h : Grep(r, Workflows(r), uses, 1000)) {
    std::string ref;
    if (!RE2::PartialMatch(re2::StringPiece(h.text), uses, &ref)) continue;
    if (StartsWith(ref, "./") || StartsWith(ref, "docker://") || ref.find('@') == std::string::npos)
      continue;
    ++total;
    if (Matches(ref, sha)) {
      if (!first_pinned) first_pinned = Ref(h);
    } else {
      ++bad;
      if (unpinned.size() < 5) unpinned.push_back(Ref(h));
    }
  }
  if (bad > 0) {
    return Partial(std::to_string(bad) + " of " + std::to_string(total) +
                       " GitHub Actions referenced by tag, not by commit",
                   std::move(unpinned));
  }
  const Files locks = Lockfiles(r);
  std::vector<EvidenceRef> ev;
  if (!locks.empty()) ev.push_back(FileRef(r, locks[0]));
  if (first_pinned) ev.push_back(*first_pinned);
  if (!locks.empty()) return Met(std::move(ev), "lockfiles pin dependencies");
  if (first_pinned)
    return Met(std::move(ev),
               "all " + std::to_string(total) + " GitHub Actions are pinned by commit");
  return Review("no lockfiles found");
}

CheckResult Sbom(const RepoSnapshot& r) {
  const Files files =
      WithoutAuxiliary(Any(r, {"**/*.cdx.json", "**/*.cdx.xml", "**/*.spdx", "**/*.spdx.json",
                               "**/bom.json", "**/bom.xml", "**/sbom*.json"}));
  if (!files.empty()) return Met({FileRef(r, files[0])}, "SBOM in the repository");
  return LineCheck(r, CiFiles(r),
                   R"((?i)(syft|cyclonedx|spdx-sbom|sbom-action|sbom-tool|trivy .*sbom|--sbom))",
                   "SBOM generated in CI", "no SBOM found", false);
}

CheckResult BranchProtectionHint(const RepoSnapshot& r) {
  const Files owners =
      Any(r, {"/codeowners", "/.github/codeowners", "/docs/codeowners", "/.gitlab/codeowners"});
  if (!owners.empty())
    return Met({FileRef(r, owners[0])}, "CODEOWNERS requires reviews from owners");
  return LineCheck(
      r, Contributing(r),
      R"((?i)(review(ed)? by|code review|approv(al|e|ed)|two maintainers|at least one (maintainer|reviewer)))",
      "contribution guide requires review", "no documented review requirement", false);
}

// ---------------------------------------------------------------------------------------------
// Documentation quality

CheckResult HttpsLinks(const RepoSnapshot& r) {
  // The project's own sites are named in the README, the docs index and package metadata; change
  // logs and vendored docs cite third-party pages and are not the project's links.
  Files files = Join(Readmes(r), Any(r, {"/docs/index.*", "/doc/index.*", "/contributing*",
                                         "/security.md", "/.github/security.md"}));
  files = Join(files, Any(r, {"/package.json", "/setup.py", "/setup.cfg", "/pyproject.toml",
                              "/cargo.toml", "/pom.xml", "/*.gemspec", "/composer.json"}));
  const auto plain = Grep(r, files, Re(R"(http://(?:[A-Za-z0-9\-]+\.)+[A-Za-z]{2,})"), 50);
  std::vector<EvidenceRef> bad;
  for (const auto& h : plain) {
    // Local and example hosts, and XML namespaces, are not project sites.
    if (Matches(
            h.text,
            Re(R"(http://(localhost|127\.|0\.0\.0\.0|\[::1\]|[^/\s]*example\.(com|org|net)|www\.w3\.org|schemas\.|maven\.apache\.org/(POM|xsd)|json-schema\.org|purl\.org))"))) {
      continue;
    }
    bad.push_back(Ref(h));
    if (bad.size() == 5) break;
  }
  if (!bad.empty())
    return Unmet(std::to_string(bad.size()) + " plain http:// link(s) in documentation", bad);
  const auto https = Grep(r, files, Re(R"(https://)"));
  if (!https.empty()) return Met({Ref(https[0])}, "project links use HTTPS");
  return Review("no project links found");
}

CheckResult English(const RepoSnapshot& r) {
  const Files files = Readmes(r);
  if (files.empty()) return Review("no README to judge");
  const std::string* text = r.Content(files[0]->path);
  if (text == nullptr) return Review("README unreadable");
  static const std::set<std::string, std::less<>> kStopWords = {
      "the",   "and",  "to",   "of",    "a",   "in",   "is",   "it",  "you",  "that",
      "for",   "on",   "with", "as",    "are", "this", "be",   "or",  "by",   "an",
      "can",   "from", "your", "not",   "if",  "we",   "at",   "all", "have", "will",
      "which", "how",  "when", "there", "use", "also", "into", "its", "more"};
  size_t words = 0, stop = 0;
  std::string word;
  const auto flush = [&] {
    if (!word.empty()) {
      ++words;
      stop += kStopWords.count(word);
      word.clear();
    }
  };
  for (char c : std::string_view(*text).substr(0, 256 * 1024)) {
    if (std::isalpha(static_cast<unsigned char>(c)) != 0) {
      word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else {
      flush();
    }
  }
  flush();
  const std::string share =
      std::to_string(words == 0 ? 0 : stop * 100 / words) + "% common English words";
  if (words >= 30 && stop * 100 >= words * 15) {
    const auto prose = ProseLines(r, files[0], 1);
    return Met({prose.empty() ? FileRef(r, files[0]) : Ref(prose[0])},
               "README is in English (" + share + ")");
  }
  return Review("README does not look like English prose (" + share + ")");
}

// ---------------------------------------------------------------------------------------------
// Committed credentials

// Secret shapes; group 1 is the secret part, masked as "***" in evidence. `generic` rules match
// names rather than formats, so placeholder values are skipped for them.
struct SecretRule {
  const char* name;
  const char* pattern;
  bool generic;
};
constexpr SecretRule kSecretRules[] = {
    {"private key", R"(-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----(.*))", false},
    {"AWS access key id", R"(\b(?:AKIA|ASIA)([0-9A-Z]{16})\b)", false},
    {"AWS secret access key",
     R"((?i)aws_?secret_?(?:access_?)?key["']?\s*[:=]\s*["']?([A-Za-z0-9/+=]{40}))", false},
    {"GitHub token", R"(\bgh[pousr]_([A-Za-z0-9]{36,255})\b)", false},
    {"GitHub token", R"(\bgithub_pat_([A-Za-z0-9_]{22,255}))", false},
    {"GitLab token", R"(\bglpat-([A-Za-z0-9_\-]{20,}))", false},
    {"Slack webhook", R"(hooks\.slack\.com/services/([A-Za-z0-9/_\-]+))", false},
    {"Slack token", R"(\bxox[abprs]-([A-Za-z0-9\-]{10,}))", false},
    {"Stripe key", R"(\b[sr]k_live_([A-Za-z0-9]{16,}))", false},
    {"password",
     R"((?i)\b[\w.\-]*(?:password|passwd|secret|secret_?key|api_?key|apikey|access_?token|auth_?token|private_?key)["']?\s*[:=]\s*["']([^"'\s]{6,200})["'])",
     true},
    {"password",
     R"(^\s*(?:export\s+|ENV\s+|ARG\s+)?[A-Z0-9_]*(?:PASSWORD|PASSWD|SECRET|TOKEN|API_KEY|APIKEY|PRIVATE_KEY)[A-Z0-9_]*=([^\s"'$<{%][^\s"']{5,200}))",
     true},
};

// Values that name a secret rather than hold one: "changeme", "${DB_PASSWORD}", "<token>",
// "xxxxxx".
bool IsPlaceholder(std::string_view value) {
  if (value.empty()) return true;
  const char c = value.front();
  if (c == '$' || c == '<' || c == '{' || c == '%' || c == '*' || c == '(') return true;
  if (std::all_of(value.begin(), value.end(), [&](char ch) { return ch == value.front(); }))
    return true;
  if (std::all_of(value.begin(), value.end(),
                  [](char ch) { return std::isdigit(static_cast<unsigned char>(ch)) != 0; })) {
    return true;
  }
  const std::string lower = ToLower(value);
  for (std::string_view word :
       {"changeme", "change_me", "change-me", "placeholder", "redacted", "dummy", "xxxx", "your_",
        "your-", "<", "***", "example", "replace", "todo", "fixme"}) {
    if (lower.find(word) != std::string::npos) return true;
  }
  static const std::set<std::string, std::less<>> kWords = {
      "password", "secret",   "passwd", "none",     "null",  "undefined", "true",
      "false",    "required", "string", "optional", "token", "default",   "empty"};
  return kWords.count(lower) != 0;
}

struct SecretLine {
  std::string masked;  // the line with every secret part replaced by "***"
  bool found = false;
};

// Finds the secrets of one line and masks them.
SecretLine MaskSecrets(std::string_view line) {
  std::vector<std::pair<size_t, size_t>> ranges;  // [begin, end) of secret parts
  bool found = false;
  for (const auto& rule : kSecretRules) {
    const RE2& re = Re(rule.pattern);
    const re2::StringPiece input(line);
    re2::StringPiece groups[2];
    size_t pos = 0;
    while (pos <= line.size() && re.Match(input, pos, line.size(), RE2::UNANCHORED, groups, 2)) {
      const size_t match_end =
          static_cast<size_t>(groups[0].data() - line.data()) + groups[0].size();
      const std::string_view secret(groups[1].data(), groups[1].size());
      // Values ending in "EXAMPLE" are the vendors' documented samples (AWS's
      // AKIAIOSFODNN7EXAMPLE); gitleaks allows them too. Evidence still masks them.
      if (!(rule.generic && IsPlaceholder(secret)) && !EndsWith(secret, "EXAMPLE")) {
        found = true;  // a private-key header alone holds nothing secret but marks a committed key
        if (!secret.empty()) {
          const size_t b = static_cast<size_t>(secret.data() - line.data());
          ranges.emplace_back(b, b + secret.size());
        }
      }
      pos = std::max(match_end, pos + 1);
    }
  }
  SecretLine out;
  out.found = found;
  std::sort(ranges.begin(), ranges.end());
  size_t cursor = 0;
  for (const auto& [b, e] : ranges) {
    if (e <= cursor) continue;  // inside a range already masked
    const size_t begin = std::max(b, cursor);
    out.masked.append(line.substr(cursor, begin - cursor));
    out.masked += "***";
    cursor = e;
  }
  out.masked.append(line.substr(cursor));
  return out;
}

const RE2& AnySecret() {
  static const RE2* re = [] {
    std::string alternation = "(?m)";
    for (size_t i = 0; i < std::size(kSecretRules); ++i) {
      alternation += std::string(i == 0 ? "" : "|") + "(?:" + kSecretRules[i].pattern + ")";
    }
    RE2::Options o;
    o.set_log_errors(false);
    o.set_never_capture(true);
    o.set_max_mem(64 << 20);
    return new RE2(alternation, o);
  }();
  return *re;
}

CheckResult NoLeakedCredentials(const RepoSnapshot& r) {
  Files all;
  all.reserve(r.files().size());
  for (const auto& f : r.files()) all.push_back(&f);
  std::vector<LineHit> hits;
  const uint64_t scanned = Scan(
      r, all, AnySecret(), 5,
      [](std::string_view line) -> std::optional<std::string> {
        if (!Matches(line, AnySecret())) return std::nullopt;
        const SecretLine s = MaskSecrets(line);
        if (!s.found) return std::nullopt;
        // Mask first, then shorten: cutting first could leave half a secret unrecognised. The
        // shared redactor runs too, so no shape either side knows is shown in clear.
        return Truncate(Redact(Trim(s.masked)), kExcerptBytes);
      },
      &hits);
  if (hits.empty()) {
    // Absence is only proven for what was read: entries the walk could not take (too deep,
    // unreadable, names that cannot be shown safely) may hold exactly what we look for.
    size_t unseen = 0, large = 0;
    std::optional<EvidenceRef> first_unseen;
    for (const auto& s : r.skipped()) {
      if (s.reason == "depth" || s.reason == "unreadable") {
        if (!first_unseen) first_unseen = EvidenceRef{s.path, 0, "not scanned (" + s.reason + ")"};
        ++unseen;
      } else if (s.reason == "size") {
        ++large;
      }
    }
    uint64_t candidates = 0;
    for (const auto& f : r.files()) {
      large += f.size > kScanMaxBytes ? 1 : 0;
      candidates += f.size <= kScanMaxBytes ? 1 : 0;
    }
    // Listed but not read: unreadable now, or binary past the 8 KiB the listing sniffed.
    if (scanned < candidates) {
      unseen += candidates - scanned;
    }
    std::string note = "no credentials found in " + std::to_string(scanned) + " files";
    if (large > 0) note += " (" + std::to_string(large) + " files over 1 MiB not scanned)";
    if (unseen > 0) {
      std::vector<EvidenceRef> ev;
      if (first_unseen) ev.push_back(*first_unseen);
      return Review(note + "; " + std::to_string(unseen) +
                        " entries could not be scanned (too deep, unreadable or unusable names)",
                    std::move(ev));
    }
    return Met({}, note);
  }
  // The project's own files first: documentation, tests and examples often hold fake keys on
  // purpose (Flask's docs show how to set SECRET_KEY), which the criterion ("valid private
  // credentials") does not mean.
  const auto it = std::stable_partition(hits.begin(), hits.end(),
                                        [](const LineHit& h) { return !IsDocOrTest(h.path); });
  const size_t own = static_cast<size_t>(it - hits.begin());
  std::set<RepoPath> files;
  for (const auto& h : hits) files.insert(h.path);
  std::vector<EvidenceRef> ev;
  for (size_t i = 0; i < hits.size() && i < 10; ++i)
    ev.push_back({hits[i].path, hits[i].line, hits[i].text});
  const std::string where =
      std::to_string(hits.size()) + " line(s) in " + std::to_string(files.size()) + " file(s)";
  if (own == 0) {
    return Review("credential-like values only in documentation, tests or examples (" + where +
                      "); confirm they are placeholders",
                  std::move(ev));
  }
  return Unmet("credential-like values on " + where + ", " + std::to_string(own) +
                   " outside documentation, tests and examples",
               std::move(ev));
}

}  // namespace

const std::vector<RepoCheck>& RepoChecks() {
  static const std::vector<RepoCheck> kChecks = {
      {"repo.readme", "README exists and describes the project", &Readme},
      {"repo.readme_build", "documentation says how to obtain, build or install the software",
       &ReadmeBuild},
      {"repo.interface_docs", "interface or reference documentation exists", &InterfaceDocs},
      {"repo.license_file", "a license file sits in a standard location", &LicenseFile},
      {"repo.license_floss", "the license is a FLOSS license", &LicenseFloss},
      {"repo.license_osi", "the license is OSI-approved", &LicenseOsi},
      {"repo.contributing", "a contribution guide explains the process", &ContributingCheck},
      {"repo.contribution_requirements",
       "the contribution guide states requirements (style, sign-off)", &ContributionRequirements},
      {"repo.code_of_conduct", "a code of conduct exists", &CodeOfConduct},
      {"repo.governance", "governance, maintainers or code owners are documented", &Governance},
      {"repo.security_policy", "a security policy explains how to report vulnerabilities",
       &SecurityPolicy},
      {"repo.security_private_channel", "the security policy gives a private reporting channel",
       &SecurityPrivateChannel},
      {"repo.bug_reporting", "documentation says where to report bugs", &BugReporting},
      {"repo.vcs_git", "the project uses distributed version control (git)", &VcsGit},
      {"repo.tags", "releases are tagged or versioned", &Tags},
      {"repo.semver", "the newest releases follow Semantic Versioning (or CalVer)", &Semver},
      {"repo.changelog", "release notes or a change log exist", &Changelog},
      {"repo.build_system", "an automated build system exists", &BuildSystem},
      {"repo.build_common_tools", "the build uses common free tools", &BuildCommonTools},
      {"repo.tests", "an automated test suite exists", &Tests},
      {"repo.test_invocation", "tests run in a standard way for the language", &TestInvocation},
      {"repo.test_policy", "contributors are asked to add tests", &TestPolicy},
      {"repo.ci", "continuous integration is configured", &Ci},
      {"repo.ci_tests", "CI runs the tests", &CiTests},
      {"repo.warnings", "compiler warnings or linters are enabled", &Warnings},
      {"repo.warnings_strict", "warnings are treated as errors", &WarningsStrict},
      {"repo.static_analysis", "a static analysis tool runs in CI or the build", &StaticAnalysis},
      {"repo.dynamic_analysis", "fuzzing, sanitizers or valgrind are used", &DynamicAnalysis},
      {"repo.dependency_updates", "a dependency update tool is configured", &DependencyUpdates},
      // Decided from Fledger's own dependency scan and vulnerability database (sca_checks.cc).
      {"sca.dependencies_listed", "dependencies are listed in manifests or lockfiles",
       &ScaDependenciesListed},
      {"sca.known_vulnerabilities",
       "no dependency has a medium or higher vulnerability public for more than 60 days",
       &ScaKnownVulnerabilities},
      {"sca.critical_vulnerabilities", "no dependency has a known critical vulnerability",
       &ScaCriticalVulnerabilities},
      {"sca.dependency_monitoring",
       "dependencies are monitored for vulnerabilities and none known stays unfixed",
       &ScaDependencyMonitoring},
      {"repo.https_links", "project links use HTTPS", &HttpsLinks},
      {"repo.no_leaked_credentials", "no private keys or credentials are committed",
       &NoLeakedCredentials},
      {"repo.english", "documentation is in English", &English},
      {"repo.maintained", "the project had a commit in the last 12 months", &Maintained},
      {"repo.signed_releases", "releases are signed or have checksums", &SignedReleases},
      {"repo.pinned_dependencies", "dependencies and CI actions are pinned", &PinnedDependencies},
      {"repo.sbom", "an SBOM is published or generated", &Sbom},
      {"repo.branch_protection_hint", "changes need review (CODEOWNERS or documented)",
       &BranchProtectionHint},
  };
  return kChecks;
}

const RepoCheck* FindRepoCheck(std::string_view id) {
  for (const auto& c : RepoChecks()) {
    if (c.id == id) return &c;
  }
  return nullptr;
}

}  // namespace fledger::assess
