// libgit2 plumbing of the history walk: set-up, opening a repository, and the commit graph.
#include "secrets/history_git.h"

#include <sys/stat.h>

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <mutex>
#include <queue>
#include <utility>

namespace fledger::secrets::internal {
namespace {

// At most this many refs are read: more is a hostile repository, not a real one.
constexpr size_t kMaxRefs = 1000000;
// libgit2's object cache (trees and commits; blobs are never cached) and mapped pack windows,
// kept well under the walk's memory budget of about 200 MiB.
constexpr ssize_t kCacheBytes = 48 << 20;
constexpr size_t kMappedBytes = 64u << 20;

}  // namespace

void InitGitOnce() {
  static std::once_flag once;
  std::call_once(once, [] {
    git_libgit2_init();
    // The system, global (~/.gitconfig), XDG and ProgramData configurations are never read: an
    // untrusted environment cannot point the walk at anything, and nothing runs anyway (blobs are
    // read raw: no filters, hooks or textconv). The repository's own config is read by libgit2
    // but only for object database settings.
    for (int level : {GIT_CONFIG_LEVEL_SYSTEM, GIT_CONFIG_LEVEL_XDG, GIT_CONFIG_LEVEL_GLOBAL,
                      GIT_CONFIG_LEVEL_PROGRAMDATA}) {
      git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, level, "");
    }
    // Owner validation exists to stop git from running what another user's config names; we run
    // nothing, and with no global config there is no safe.directory to allow a CI checkout owned
    // by another user.
    git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, 0);
    git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, kCacheBytes);
    // Re-hashing every object read (SHA-1 with collision detection) was half the walk's time;
    // git does not verify on read either. A damaged object still fails to inflate or parse.
    git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
    git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT, kMappedBytes);
    std::atexit([] { git_libgit2_shutdown(); });
  });
}

std::string GitErrorText() {
  const git_error* e = git_error_last();
  std::string text = e != nullptr && e->message != nullptr ? e->message : "unknown error";
  std::replace(text.begin(), text.end(), '\n', ' ');
  return text;
}

std::string Hex(const git_oid& id) {
  char buffer[GIT_OID_HEXSZ + 1];
  git_oid_tostr(buffer, sizeof buffer, &id);
  return std::string(buffer);
}

bool ParseHex(std::string_view hex, git_oid* out) {
  if (hex.size() != GIT_OID_HEXSZ) return false;
  return git_oid_fromstrn(out, hex.data(), hex.size()) == 0;
}

Result<RepoPtr> OpenRepository(const std::filesystem::path& path) {
  InitGitOnce();
  const std::string context = path.string();
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    return InputError(ValidationStep::kOrigin, context, "does not exist");
  }
  if (!S_ISDIR(st.st_mode)) {
    return InputError(ValidationStep::kOrigin, context, "not a directory (a git repository)");
  }
  git_repository* raw = nullptr;
  const int rc =
      git_repository_open_ext(&raw, path.c_str(), GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr);
  RepoPtr repo(raw);
  if (rc != 0) {
    std::string message = "not a git repository";
    if (rc != GIT_ENOTFOUND) message += ": " + GitErrorText();
    return InputError(ValidationStep::kOrigin, context, message);
  }
  return repo;
}

CommitGraph CollectCommits(git_repository* repo, uint64_t max_commits) {
  CommitGraph graph;
  std::vector<std::pair<std::string, git_oid>> tips;

  auto add_tip = [&](git_reference* ref, const std::string& name) {
    git_object* target = nullptr;
    if (git_reference_peel(&target, ref, GIT_OBJECT_COMMIT) != 0) {
      graph.warnings.push_back("ref " + name + ": peel to a commit: " + GitErrorText() +
                               "; skipped");
      return;
    }
    tips.emplace_back(name, *git_object_id(target));
    git_object_free(target);
  };

  git_reference_iterator* it = nullptr;
  if (git_reference_iterator_new(&it, repo) != 0) {
    graph.warnings.push_back("refs: list: " + GitErrorText());
  } else {
    git_reference* ref = nullptr;
    int rc = 0;
    size_t count = 0;
    while ((rc = git_reference_next(&ref, it)) == 0) {
      if (++count > kMaxRefs) {
        git_reference_free(ref);
        graph.warnings.push_back("refs: more than " + std::to_string(kMaxRefs) +
                                 " refs; the rest are not walked");
        break;
      }
      add_tip(ref, git_reference_name(ref));
      git_reference_free(ref);
    }
    if (rc != 0 && rc != GIT_ITEROVER && count <= kMaxRefs) {
      graph.warnings.push_back("refs: read: " + GitErrorText());
    }
    git_reference_iterator_free(it);
  }
  // HEAD, which may be detached; an unborn branch (an empty repository) has nothing to walk.
  git_reference* head = nullptr;
  const int head_rc = git_reference_lookup(&head, repo, "HEAD");
  if (head_rc == 0) {
    git_object* target = nullptr;
    const int peel_rc = git_reference_peel(&target, head, GIT_OBJECT_COMMIT);
    if (peel_rc == 0) {
      tips.emplace_back("HEAD", *git_object_id(target));
      git_object_free(target);
    } else if (peel_rc != GIT_ENOTFOUND && peel_rc != GIT_EUNBORNBRANCH) {
      graph.warnings.push_back("ref HEAD: peel to a commit: " + GitErrorText() + "; skipped");
    }
    git_reference_free(head);
  }
  std::sort(tips.begin(), tips.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });

  // Depth-first from the tips; parents are kept flat (offsets per commit) to stay small.
  std::vector<CommitNode> nodes;
  std::vector<git_oid> parents;
  std::vector<uint32_t> parent_begin;
  OidMap<uint32_t> index;
  OidSet unreadable;
  std::vector<git_oid> todo;
  for (auto it_tip = tips.rbegin(); it_tip != tips.rend(); ++it_tip) todo.push_back(it_tip->second);
  while (!todo.empty()) {
    const git_oid id = todo.back();
    todo.pop_back();
    if (index.count(id) != 0 || unreadable.count(id) != 0) continue;
    if (nodes.size() >= max_commits) {
      graph.truncated = true;
      break;
    }
    git_commit* raw = nullptr;
    if (git_commit_lookup(&raw, repo, &id) != 0) {
      graph.warnings.push_back("commit " + Hex(id) + ": read commit: " + GitErrorText() +
                               "; its ancestors through it are not walked");
      unreadable.insert(id);
      continue;
    }
    CommitPtr commit(raw);
    index.emplace(id, static_cast<uint32_t>(nodes.size()));
    nodes.push_back(CommitNode{id, *git_commit_tree_id(raw), git_commit_time(raw)});
    parent_begin.push_back(static_cast<uint32_t>(parents.size()));
    const unsigned n = git_commit_parentcount(raw);
    for (unsigned i = 0; i < n; ++i) {
      const git_oid* parent = git_commit_parent_id(raw, i);
      if (parent == nullptr) continue;
      parents.push_back(*parent);
      todo.push_back(*parent);
    }
  }
  parent_begin.push_back(static_cast<uint32_t>(parents.size()));
  if (graph.truncated) {
    graph.warnings.push_back("history: more than " + std::to_string(max_commits) +
                             " commits are reachable; only " + std::to_string(max_commits) +
                             " were walked");
  }

  // Kahn's algorithm: a commit is ready once all its walked parents are placed; the ready commit
  // with the oldest commit time goes first.
  const size_t n = nodes.size();
  std::vector<uint32_t> pending(n, 0);
  std::vector<uint32_t> child_begin(n + 1, 0);
  for (size_t c = 0; c < n; ++c) {
    for (uint32_t p = parent_begin[c]; p < parent_begin[c + 1]; ++p) {
      const auto found = index.find(parents[p]);
      if (found == index.end()) continue;
      ++pending[c];
      ++child_begin[found->second + 1];
    }
  }
  for (size_t i = 0; i < n; ++i) child_begin[i + 1] += child_begin[i];
  std::vector<uint32_t> children(child_begin[n]);
  {
    std::vector<uint32_t> fill(child_begin.begin(), child_begin.end() - 1);
    for (size_t c = 0; c < n; ++c) {
      for (uint32_t p = parent_begin[c]; p < parent_begin[c + 1]; ++p) {
        const auto found = index.find(parents[p]);
        if (found != index.end()) children[fill[found->second]++] = static_cast<uint32_t>(c);
      }
    }
  }
  parents = {};
  index = {};
  auto later = [&](uint32_t a, uint32_t b) {  // priority_queue is a max-heap: invert
    if (nodes[a].time != nodes[b].time) return nodes[a].time > nodes[b].time;
    return git_oid_cmp(&nodes[a].id, &nodes[b].id) > 0;
  };
  std::priority_queue<uint32_t, std::vector<uint32_t>, decltype(later)> ready(later);
  for (uint32_t i = 0; i < n; ++i) {
    if (pending[i] == 0) ready.push(i);
  }
  std::vector<char> placed(n, 0);
  graph.commits.reserve(n);
  while (!ready.empty()) {
    const uint32_t c = ready.top();
    ready.pop();
    placed[c] = 1;
    graph.commits.push_back(nodes[c]);
    for (uint32_t k = child_begin[c]; k < child_begin[c + 1]; ++k) {
      if (--pending[children[k]] == 0) ready.push(children[k]);
    }
  }
  if (graph.commits.size() < n) {
    // Only a forged object database has a cycle; its commits still get walked, oldest first.
    std::vector<uint32_t> rest;
    for (uint32_t i = 0; i < n; ++i) {
      if (placed[i] == 0) rest.push_back(i);
    }
    std::sort(rest.begin(), rest.end(), [&](uint32_t a, uint32_t b) { return later(b, a); });
    graph.warnings.push_back("history: " + std::to_string(rest.size()) +
                             " commits form a cycle; walked by commit time");
    for (uint32_t i : rest) graph.commits.push_back(nodes[i]);
  }
  return graph;
}

void CommitAuthor(git_repository* repo, const git_oid& id, std::string* author, std::string* date) {
  author->clear();
  date->clear();
  git_commit* raw = nullptr;
  if (git_commit_lookup(&raw, repo, &id) != 0) return;
  CommitPtr commit(raw);
  const git_signature* sig = git_commit_author(raw);
  if (sig == nullptr) return;
  *author = std::string(sig->name != nullptr ? sig->name : "") + " <" +
            (sig->email != nullptr ? sig->email : "") + ">";
  const std::time_t t = static_cast<std::time_t>(sig->when.time);
  std::tm utc{};
  if (gmtime_r(&t, &utc) == nullptr) return;
  char buffer[64];
  const size_t n = std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
  date->assign(buffer, n);
}

}  // namespace fledger::secrets::internal
