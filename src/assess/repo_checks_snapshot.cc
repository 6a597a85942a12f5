// Repository snapshots: a tree read once (file list, bounded contents, git metadata read with
// libgit2) for the repository checks to share. Nothing here executes repository code or touches
// the network.
#include <git2.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <map>
#include <mutex>
#include <unordered_map>

#include "assess/repo_checks.h"
#include "core/input.h"
#include "core/log.h"
#include "core/redact.h"
#include "core/text.h"
#include "fs/ignore.h"

namespace fledger::assess {

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

}  // namespace fledger::assess
