// The secret scanner as assessments use it: the built-in rules compiled once, one working-tree
// scan and one history scan per snapshot, both triaged by the repository's allowlist.
#include "assess/secret_evidence.h"

#include <git2.h>
#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <ctime>
#include <mutex>
#include <set>

#include "assess/repo_checks_internal.h"
#include "core/input.h"
#include "core/log.h"
#include "core/text.h"
#include "secrets/engine.h"
#include "secrets/rules.h"
#include "secrets/scan.h"
#include "secrets/triage.h"

namespace fledger::assess::internal {
namespace {

namespace stdfs = std::filesystem;

constexpr size_t kMaxFindings = 100000;  // bounds memory on a hostile tree
constexpr std::string_view kAllowlistPath = ".fledger/secrets-allow.yaml";

// The built-in rules, compiled on first use; nullptr (and the error) if that failed, which only a
// broken build can cause.
const secrets::Engine* BuiltinEngine(std::string* error) {
  static std::string failure;
  static const secrets::Engine* engine = []() -> const secrets::Engine* {
    auto set = secrets::LoadRuleSet({});
    if (!set.ok()) {
      failure = set.error().ToString();
      return nullptr;
    }
    auto compiled = secrets::Engine::Compile(std::move(set.value().rules),
                                               {.cache_dir = secrets::DefaultCacheDir()});
    if (!compiled.ok()) {
      failure = compiled.error().ToString();
      return nullptr;
    }
    return new secrets::Engine(std::move(compiled).value());
  }();
  if (engine == nullptr && error != nullptr) *error = "secret rules unusable: " + failure;
  return engine;
}

// Per-thread scratch spaces, borrowed per file or blob.
class ScratchPool {
 public:
  explicit ScratchPool(const secrets::Engine& engine) : engine_(engine) {}
  secrets::Engine::Scratch Take() {
    std::lock_guard<std::mutex> lock(mu_);
    if (free_.empty()) return engine_.NewScratch();
    secrets::Engine::Scratch s = std::move(free_.back());
    free_.pop_back();
    return s;
  }
  void Give(secrets::Engine::Scratch s) {
    std::lock_guard<std::mutex> lock(mu_);
    free_.push_back(std::move(s));
  }

 private:
  const secrets::Engine& engine_;
  std::mutex mu_;
  std::vector<secrets::Engine::Scratch> free_;
};

// The findings of one blob with the non-reversible key of each secret (the history walk groups
// sightings by it). FindingsIn makes one finding per engine hit, in the same order.
std::vector<secrets::BlobHit> ScanBlob(const secrets::Engine& engine, ScratchPool& pool,
                                       std::string_view text, const RepoPath& path) {
  std::vector<secrets::BlobHit> out;
  secrets::Engine::Scratch scratch = pool.Take();
  const std::vector<secrets::Hit> hits = engine.Scan(text, scratch);
  if (!hits.empty()) {
    std::vector<Finding> findings = secrets::FindingsIn(engine, scratch, text, path);
    for (size_t i = 0; i < findings.size(); ++i) {
      std::string key =
          i < hits.size() && findings.size() == hits.size()
              ? secrets::SecretKey(*hits[i].rule,
                                   text.substr(hits[i].begin, hits[i].end - hits[i].begin))
              : findings[i].fingerprint.str();
      out.push_back({std::move(findings[i]), std::move(key)});
    }
  }
  pool.Give(std::move(scratch));
  return out;
}

std::string UtcToday() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[16];
  std::strftime(buf, sizeof(buf), "%Y-%m-%d", &tm);
  return buf;
}

bool IsRealDirectory(const stdfs::path& p) {
  struct stat st {};
  return ::lstat(p.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

// The repository's allowlist, if it has one: a regular file (never a symlink, which could point
// out of the root) under a real .fledger directory. A broken one is not used and *note says why.
std::optional<secrets::Allowlist> LoadAllowlist(const RepoSnapshot& r, std::string* note) {
  const stdfs::path dir = r.root() / ".fledger";
  const stdfs::path file = r.root() / std::string(kAllowlistPath);
  struct stat st {};
  if (!IsRealDirectory(dir) || ::lstat(file.c_str(), &st) != 0) return std::nullopt;
  if (!S_ISREG(st.st_mode)) {
    *note = std::string(kAllowlistPath) + " is not a regular file, so it was not used";
    return std::nullopt;
  }
  auto text = ReadTextFile(file, ReadLimits{.max_bytes = secrets::kMaxAllowlistBytes});
  auto allow = text.ok() ? secrets::ParseAllowlist(text.value(), std::string(kAllowlistPath))
                         : Result<secrets::Allowlist>(text.error());
  if (!allow.ok()) {
    *note = Truncate(allow.error().ToString(), 160) + " (allowlist not used)";
    Log(LogLevel::kWarn, allow.error().ToString());
    return std::nullopt;
  }
  return std::move(allow).value();
}

void Triage(std::vector<Finding>& findings, const std::optional<secrets::Allowlist>& allow) {
  if (!allow) return;
  const auto report = secrets::ApplyTriage(findings, &*allow, nullptr, UtcToday());
  for (const auto& w : report.warnings) Log(LogLevel::kInfo, w);
}

// ---- removing commits ------------------------------------------------------------------------

template <typename T, void (*Free)(T*)>
struct Git {
  T* p = nullptr;
  ~Git() {
    if (p != nullptr) Free(p);
  }
};

// For each secret not in HEAD, walks HEAD's first-parent line from the newest commit back
// (at most `limit` commits) to the newest commit that still holds it at one of its paths: its
// child on the line removed it.
std::map<std::string, std::string> RemovingCommits(const stdfs::path& root,
                                                   const std::vector<secrets::HistorySecret>& all,
                                                   const secrets::Engine& engine, uint64_t limit) {
  std::map<std::string, std::string> out;
  std::vector<const secrets::HistorySecret*> pending;
  for (const auto& s : all)
    if (!s.in_head) pending.push_back(&s);
  if (pending.empty()) return out;
  git_libgit2_init();
  {
    Git<git_repository, git_repository_free> repo;
    Git<git_revwalk, git_revwalk_free> walk;
    if (git_repository_open_ext(&repo.p, root.c_str(), GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr) !=
            0 ||
        git_revwalk_new(&walk.p, repo.p) != 0 || git_revwalk_push_head(walk.p) != 0) {
      git_libgit2_shutdown();
      return out;
    }
    git_revwalk_simplify_first_parent(walk.p);
    ScratchPool pool(engine);
    std::map<std::string, std::set<std::string>> keys_of_blob;  // blob id -> secret keys
    auto keys_in = [&](const git_oid& id, const RepoPath& path) -> const std::set<std::string>& {
      char hex[GIT_OID_HEXSZ + 1];
      git_oid_tostr(hex, sizeof hex, &id);
      auto [it, added] = keys_of_blob.emplace(hex, std::set<std::string>{});
      if (!added) return it->second;
      Git<git_blob, git_blob_free> blob;
      if (git_blob_lookup(&blob.p, repo.p, &id) != 0 ||
          static_cast<uint64_t>(git_blob_rawsize(blob.p)) > kScanMaxBytes) {
        return it->second;
      }
      const std::string_view text(static_cast<const char*>(git_blob_rawcontent(blob.p)),
                                  static_cast<size_t>(git_blob_rawsize(blob.p)));
      for (auto& hit : ScanBlob(engine, pool, text, path)) it->second.insert(hit.secret_key);
      return it->second;
    };
    std::string newer;  // the commit visited before (its child on the line)
    git_oid oid;
    for (uint64_t n = 0; n < limit && !pending.empty() && git_revwalk_next(&oid, walk.p) == 0;
         ++n) {
      Git<git_commit, git_commit_free> commit;
      Git<git_tree, git_tree_free> tree;
      if (git_commit_lookup(&commit.p, repo.p, &oid) != 0 ||
          git_commit_tree(&tree.p, commit.p) != 0) {
        break;
      }
      char hex[GIT_OID_HEXSZ + 1];
      git_oid_tostr(hex, sizeof hex, &oid);
      for (auto it = pending.begin(); it != pending.end();) {
        bool present = false;
        for (const RepoPath& path : (*it)->paths) {
          Git<git_tree_entry, git_tree_entry_free> entry;
          if (git_tree_entry_bypath(&entry.p, tree.p, path.str().c_str()) != 0 ||
              git_tree_entry_type(entry.p) != GIT_OBJECT_BLOB) {
            continue;
          }
          if (keys_in(*git_tree_entry_id(entry.p), path).count((*it)->secret_key) != 0) {
            present = true;
            break;
          }
        }
        if (present && !newer.empty()) {
          out[(*it)->secret_key] = newer;
          it = pending.erase(it);
        } else {
          ++it;
        }
      }
      newer = hex;
    }
  }
  git_libgit2_shutdown();
  return out;
}

}  // namespace

std::string ShortCommit(std::string_view hex) { return std::string(hex.substr(0, 12)); }

std::string DateOnly(std::string_view iso) { return std::string(iso.substr(0, 10)); }

RepoPath HistoryPath() { return RepoPath::Parse(".git").value(); }

std::shared_ptr<const TreeSecrets> WorkingTreeSecrets(const RepoSnapshot& r) {
  auto shared = r.Shared("secrets.tree", [&]() -> std::shared_ptr<const void> {
    auto out = std::make_shared<TreeSecrets>();
    const secrets::Engine* engine = BuiltinEngine(&out->error);
    if (engine == nullptr) return out;
    std::vector<fs::FileEntry> todo;
    for (const auto& f : r.files()) {
      if (f.size <= kScanMaxBytes) todo.push_back(f);
    }
    if (todo.empty()) return out;
    fs::WalkOptions options;
    options.max_file_bytes = kScanMaxBytes;
    // The listing sniffed 8 KiB for binaries; a NUL further in must not make a listed file
    // silently unread (a key after it would go unseen).
    options.skip_binary = false;
    options.jobs = r.jobs();
    auto walker = fs::Walker::Open(r.root(), options);
    if (!walker.ok()) {
      out->error = "cannot scan: " + walker.error().ToString();
      return out;
    }
    ScratchPool pool(*engine);
    std::mutex mu;
    std::atomic<uint64_t> read{0};
    // The walker logs each file it cannot read; those are simply not counted.
    walker.value().ForEachFile(todo, [&](const fs::FileEntry& f, std::string_view text) {
      read.fetch_add(1, std::memory_order_relaxed);
      secrets::Engine::Scratch scratch = pool.Take();
      std::vector<std::string> warnings;
      std::vector<Finding> found =
          secrets::FindingsIn(*engine, scratch, text, f.path, nullptr, {}, &warnings);
      pool.Give(std::move(scratch));
      for (const auto& w : warnings) Log(LogLevel::kWarn, w);
      if (found.empty()) return;
      std::lock_guard<std::mutex> lock(mu);
      for (auto& finding : found) {
        if (out->findings.size() < kMaxFindings) out->findings.push_back(std::move(finding));
      }
    });
    out->scanned = read.load();
    SortFindings(out->findings);
    Triage(out->findings, LoadAllowlist(r, &out->allowlist_note));
    return out;
  });
  return std::static_pointer_cast<const TreeSecrets>(shared);
}

std::shared_ptr<const HistorySecrets> GitHistorySecrets(const RepoSnapshot& r) {
  auto shared = r.Shared("secrets.history", [&]() -> std::shared_ptr<const void> {
    auto out = std::make_shared<HistorySecrets>();
    using State = HistorySecrets::State;
    if (!r.git().is_git) return out;
    const uint64_t limit = r.inputs().history_commits;
    if (limit == 0 || r.git().commit_count > limit) {
      out->state = State::kTooLong;
      out->note = limit == 0 ? "history: not scanned (--history-commits 0)"
                             : "history: not scanned (more than " + std::to_string(limit) +
                                   " commits; --history-commits raises the limit)";
      return out;
    }
    std::string error;
    const secrets::Engine* engine = BuiltinEngine(&error);
    if (engine == nullptr) {
      out->state = State::kFailed;
      out->note = "history: not scanned (" + error + ")";
      return out;
    }
    ScratchPool pool(*engine);
    const secrets::BlobScanFn scan = [&](std::string_view text, const RepoPath& path) {
      return ScanBlob(*engine, pool, text, path);
    };
    secrets::HistoryOptions options;
    options.jobs = r.jobs();
    options.max_blob_bytes = kScanMaxBytes;
    options.max_commits = limit;
    options.incremental = false;
    auto result = secrets::ScanHistory(r.root(), scan, options, nullptr);
    if (!result.ok()) {
      out->state = State::kFailed;
      out->note = "history: not scanned (" + Truncate(result.error().ToString(), 120) + ")";
      return out;
    }
    secrets::HistoryResult& h = result.value();
    for (const auto& w : h.warnings) Log(LogLevel::kWarn, "history: " + w);
    out->state = State::kScanned;
    out->commits = h.commits_scanned;
    out->complete = h.commits_scanned >= h.commits_total;
    if (!out->complete) {
      out->note = "history: only the oldest " + std::to_string(h.commits_scanned) + " of " +
                  std::to_string(h.commits_total) + " commits scanned";
    }
    // The allowlist of the working tree applies to what history holds too.
    std::string unused;
    const auto allow = LoadAllowlist(r, &unused);
    std::vector<Finding> findings;
    for (const auto& s : h.secrets) findings.push_back(s.finding);
    Triage(findings, allow);
    for (size_t i = 0; i < findings.size(); ++i) h.secrets[i].finding = std::move(findings[i]);
    out->secrets = std::move(h.secrets);
    out->removed_by = RemovingCommits(r.root(), out->secrets, *engine, limit);
    return out;
  });
  return std::static_pointer_cast<const HistorySecrets>(shared);
}

}  // namespace fledger::assess::internal
