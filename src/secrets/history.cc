// ScanHistory: the commit graph in walk order, the distinct blobs of the commits not seen before
// scanned once, then each secret attributed to its introducing commit, its paths and HEAD, with
// the incremental state read from and written back to fledger.db.
#include "secrets/history.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <system_error>
#include <tuple>
#include <utility>

#include "secrets/history_git.h"
#include "secrets/history_scan.h"
#include "secrets/history_state.h"
#include "store/store.h"

namespace fledger::secrets {
namespace {

using internal::CommitNode;
using internal::Hex;
using internal::OidMap;
using internal::OidSet;

constexpr size_t kMaxWarnings = 1000;
constexpr size_t kMaxSecretKey = 128;
constexpr size_t kMaxPathsPerSecret = 10000;

// A blob with hits: the findings by secret key (the first hit of each key in the blob).
struct HitBlob {
  git_oid id;
  std::vector<std::pair<std::string, Finding>> hits;
};

// What is known about one secret while the result is assembled.
struct SecretState {
  bool has_intro = false;
  bool intro_changed = false;
  store::SecretHistoryIntroduced intro;
  git_oid intro_commit{};
  std::set<std::string> paths;
  std::vector<std::string> new_paths;
  bool paths_capped = false;
  bool in_head = false;
};

std::string CanonicalGitDir(git_repository* repo, const std::filesystem::path& fallback) {
  const char* common = git_repository_commondir(repo);
  std::filesystem::path dir = common != nullptr ? std::filesystem::path(common) : fallback;
  std::error_code ec;
  std::filesystem::path canonical = std::filesystem::weakly_canonical(dir, ec);
  std::string out = (ec ? dir : canonical).lexically_normal().string();
  while (out.size() > 1 && out.back() == '/') out.pop_back();
  return out;
}

const Finding* FindingOf(const HitBlob& blob, const std::string& key) {
  for (const auto& [k, f] : blob.hits) {
    if (k == key) return &f;
  }
  return nullptr;
}

}  // namespace

Result<HistoryResult> ScanHistory(const std::filesystem::path& repo_path, const BlobScanFn& scan,
                                  const HistoryOptions& options, store::Store* state) {
  FLEDGER_TRY(internal::RepoPtr repo, internal::OpenRepository(repo_path));
  HistoryResult result;
  internal::CommitGraph graph = internal::CollectCommits(repo.get(), options.max_commits);
  result.warnings = std::move(graph.warnings);
  result.commits_total = graph.commits.size();
  if (graph.commits.empty()) return result;

  // The incremental state, keyed by the git directory and the first root commit.
  const store::SecretHistoryKey key{CanonicalGitDir(repo.get(), repo_path),
                                    Hex(graph.commits.front().id)};
  store::SecretHistoryState stored;
  OidSet known_commits;
  std::vector<git_oid> known_blobs;
  if (state != nullptr && options.incremental) {
    git_oid id;
    FLEDGER_TRY(stored, state->LoadSecretHistory(
                            key,
                            [&](std::string_view hex) {
                              if (internal::ParseHex(hex, &id)) known_commits.insert(id);
                            },
                            [&](std::string_view hex) {
                              if (internal::ParseHex(hex, &id)) known_blobs.push_back(id);
                            }));
    std::sort(known_blobs.begin(), known_blobs.end(),
              [](const git_oid& a, const git_oid& b) { return git_oid_cmp(&a, &b) < 0; });
  }
  // Commits not seen before, with their position in the walk order across runs.
  std::vector<CommitNode> todo;
  std::vector<int64_t> seq;
  for (size_t i = 0; i < graph.commits.size(); ++i) {
    if (known_commits.count(graph.commits[i].id) != 0) continue;
    todo.push_back(graph.commits[i]);
    seq.push_back(stored.next_seq + static_cast<int64_t>(i));
  }
  known_commits = OidSet();
  result.commits_scanned = todo.size();

  FLEDGER_TRY(internal::BlobScanOutput scanned,
              internal::ScanBlobs(repo.get(), repo_path, todo, known_blobs, scan, options));
  known_blobs = {};
  result.blobs_scanned = scanned.blobs_scanned;
  result.bytes_scanned = scanned.bytes_scanned;
  for (std::string& w : scanned.warnings) result.warnings.push_back(std::move(w));

  // The blobs with hits: this run's, then the stored ones.
  std::vector<HitBlob> blobs;
  OidMap<uint32_t> blob_index;
  std::map<std::string, SecretState> secrets;
  std::vector<store::SecretHistoryHit> new_hits;
  auto blob_slot = [&](const git_oid& id) -> HitBlob& {
    const auto [it, added] = blob_index.emplace(id, static_cast<uint32_t>(blobs.size()));
    if (added) blobs.push_back(HitBlob{id, {}});
    return blobs[it->second];
  };
  for (internal::BlobHits& found : scanned.hits) {
    HitBlob& blob = blob_slot(found.blob);
    for (BlobHit& hit : found.hits) {
      if (hit.secret_key.empty() || hit.secret_key.size() > kMaxSecretKey) {
        result.warnings.push_back("blob " + Hex(found.blob) + ": scan: a hit of rule " +
                                  hit.finding.rule_id.str() +
                                  " has no valid secret key (1 to 128 characters); dropped");
        continue;
      }
      if (FindingOf(blob, hit.secret_key) != nullptr) continue;  // the same secret again
      new_hits.push_back(store::SecretHistoryHit{Hex(found.blob), hit.secret_key,
                                                 internal::FindingToStateJson(hit.finding)});
      secrets[hit.secret_key];
      blob.hits.emplace_back(std::move(hit.secret_key), std::move(hit.finding));
    }
  }
  scanned.hits.clear();
  for (const store::SecretHistoryHit& hit : stored.hits) {
    git_oid id;
    Result<Finding> finding = internal::FindingFromStateJson(hit.finding_json);
    if (!internal::ParseHex(hit.blob_id, &id) || !finding.ok()) {
      result.warnings.push_back(
          "fledger.db: secret history hit in blob " + hit.blob_id + ": unreadable (" +
          (finding.ok() ? "bad blob id" : finding.error().message) + "); dropped");
      continue;
    }
    HitBlob& blob = blob_slot(id);
    if (FindingOf(blob, hit.secret_key) != nullptr) continue;
    secrets[hit.secret_key];
    blob.hits.emplace_back(hit.secret_key, std::move(finding).value());
  }
  for (store::SecretHistoryIntroduced& intro : stored.introduced) {
    const auto it = secrets.find(intro.secret_key);
    if (it == secrets.end()) continue;  // its hits were dropped above
    it->second.has_intro = internal::ParseHex(intro.commit_id, &it->second.intro_commit);
    it->second.intro = std::move(intro);
  }
  for (store::SecretHistoryPath& p : stored.paths) {
    const auto it = secrets.find(p.secret_key);
    if (it != secrets.end()) it->second.paths.insert(std::move(p.path));
  }

  // Every sighting in this run's commits: paths, and the oldest commit holding each secret.
  internal::HitLocator locator(repo.get(), blob_index);
  for (size_t i = 0; i < todo.size() && !locator.empty(); ++i) {
    const CommitNode& commit = todo[i];
    locator.ForEach(commit.tree, [&](uint32_t b, const std::string& path) {
      for (const auto& [secret_key, finding] : blobs[b].hits) {
        SecretState& s = secrets[secret_key];
        if (s.paths.size() < kMaxPathsPerSecret) {
          if (s.paths.insert(path).second) s.new_paths.push_back(path);
        } else if (s.paths.count(path) == 0) {
          s.paths_capped = true;
        }
        if (s.has_intro &&
            std::tie(commit.time, seq[i]) >= std::tie(s.intro.commit_time, s.intro.seq)) {
          continue;
        }
        s.has_intro = true;
        s.intro_changed = true;
        s.intro_commit = commit.id;
        s.intro.secret_key = secret_key;
        s.intro.blob_id = Hex(blobs[b].id);
        s.intro.commit_id = Hex(commit.id);
        s.intro.commit_time = commit.time;
        s.intro.seq = seq[i];
        s.intro.path = path;
      }
    });
  }
  // Whether HEAD (detached or not) still holds each secret; recomputed on every run.
  git_object* head_tree = nullptr;
  if (!locator.empty() && git_revparse_single(&head_tree, repo.get(), "HEAD^{tree}") == 0) {
    locator.ForEach(*git_object_id(head_tree), [&](uint32_t b, const std::string&) {
      for (const auto& [secret_key, finding] : blobs[b].hits) secrets[secret_key].in_head = true;
    });
    git_object_free(head_tree);
  }

  // The result, and what this run adds to the state.
  store::SecretHistoryState delta;
  for (auto& [secret_key, s] : secrets) {
    if (s.intro_changed) {
      internal::CommitAuthor(repo.get(), s.intro_commit, &s.intro.author, &s.intro.date);
      delta.introduced.push_back(s.intro);
    }
    for (const std::string& p : s.new_paths) delta.paths.push_back({secret_key, p});
    if (s.paths_capped) {
      result.warnings.push_back("secret " + secret_key.substr(0, 12) + ": more than " +
                                std::to_string(kMaxPathsPerSecret) + " paths; the rest not listed");
    }
    // The finding comes from the introducing blob, else from any blob that holds the secret.
    const Finding* finding = nullptr;
    git_oid intro_blob;
    if (s.has_intro && internal::ParseHex(s.intro.blob_id, &intro_blob)) {
      if (const auto it = blob_index.find(intro_blob); it != blob_index.end()) {
        finding = FindingOf(blobs[it->second], secret_key);
      }
    }
    for (size_t b = 0; finding == nullptr && b < blobs.size(); ++b) {
      finding = FindingOf(blobs[b], secret_key);
    }
    if (finding == nullptr) continue;
    HistorySecret out{.finding = *finding, .secret_key = secret_key};
    out.in_head = s.in_head;
    if (s.has_intro) {
      out.introduced.commit = s.intro.commit_id;
      out.introduced.author = s.intro.author;
      out.introduced.date = s.intro.date;
      Result<RepoPath> p = RepoPath::Parse(s.intro.path);
      out.introduced.path = p.ok() ? std::move(p).value() : finding->location.path;
    } else {
      out.introduced.path = finding->location.path;
    }
    for (const std::string& p : s.paths) {
      Result<RepoPath> parsed = RepoPath::Parse(p);
      if (parsed.ok()) out.paths.push_back(std::move(parsed).value());
    }
    if (out.paths.empty()) out.paths.push_back(out.introduced.path);
    std::sort(out.paths.begin(), out.paths.end());
    out.paths.erase(std::unique(out.paths.begin(), out.paths.end()), out.paths.end());
    result.secrets.push_back(std::move(out));
  }
  std::sort(result.secrets.begin(), result.secrets.end(),
            [](const HistorySecret& a, const HistorySecret& b) {
              const Location& x = a.finding.location;
              const Location& y = b.finding.location;
              return std::tie(x.path, x.line, x.column, a.finding.rule_id, a.secret_key) <
                     std::tie(y.path, y.line, y.column, b.finding.rule_id, b.secret_key);
            });

  if (state != nullptr) {
    delta.next_seq = stored.next_seq + static_cast<int64_t>(graph.commits.size());
    for (size_t i = 0; i < todo.size(); ++i) {
      // A commit whose tree could not be read in full is walked again next time.
      if (scanned.commit_ok[i] != 0) delta.commits.push_back(Hex(todo[i].id));
    }
    delta.blobs.reserve(scanned.scanned.size());
    for (const git_oid& id : scanned.scanned) delta.blobs.push_back(Hex(id));
    delta.hits = std::move(new_hits);
    FLEDGER_RETURN_IF_ERROR(state->SaveSecretHistory(key, delta, !options.incremental));
  }
  if (result.warnings.size() > kMaxWarnings) {
    const size_t more = result.warnings.size() - kMaxWarnings;
    result.warnings.resize(kMaxWarnings);
    result.warnings.push_back("history: " + std::to_string(more) + " more warnings not shown");
  }
  return result;
}

}  // namespace fledger::secrets
