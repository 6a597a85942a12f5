// The history walk's heavy part: reading the trees of many commits, each distinct tree once, and
// scanning each distinct blob once on a pool of threads fed through a bounded queue.
#include "secrets/history_scan.h"

#include <algorithm>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>

#include "core/text.h"

namespace fledger::secrets::internal {
namespace {

constexpr int kMaxDepth = 64;                    // nested trees below a commit's root tree
constexpr size_t kBinaryProbe = 8192;            // a NUL in the first 8 KiB: binary, as git decides
constexpr uint64_t kInflightBytes = 128u << 20;  // blob contents held by all workers at once
constexpr size_t kQueuePerWorker = 256;          // queued blob jobs (an id and a path each)
constexpr size_t kMaxDistinct = 20000000;        // distinct trees, and distinct blobs, per run
constexpr size_t kMaxExamples = 5;               // object ids named in a summary warning
constexpr int kMaxJobs = 64;

struct Job {
  git_oid blob;
  RepoPath path;
};

// A blocking queue of bounded length: the tree walk waits while the scanners catch up.
class JobQueue {
 public:
  explicit JobQueue(size_t capacity) : capacity_(capacity) {}
  void Push(Job job) {
    std::unique_lock lock(mu_);
    not_full_.wait(lock, [&] { return queue_.size() < capacity_; });
    queue_.push_back(std::move(job));
    not_empty_.notify_one();
  }
  std::optional<Job> Pop() {
    std::unique_lock lock(mu_);
    not_empty_.wait(lock, [&] { return !queue_.empty() || closed_; });
    if (queue_.empty()) return std::nullopt;
    Job job = std::move(queue_.front());
    queue_.pop_front();
    not_full_.notify_one();
    return job;
  }
  void Close() {
    std::lock_guard lock(mu_);
    closed_ = true;
    not_empty_.notify_all();
  }

 private:
  std::mutex mu_;
  std::condition_variable not_full_, not_empty_;
  std::deque<Job> queue_;
  size_t capacity_;
  bool closed_ = false;
};

// Bytes of blob content in memory at once; a blob larger than the whole budget waits until it
// can have all of it.
class ByteBudget {
 public:
  explicit ByteBudget(uint64_t total) : total_(total), available_(total) {}
  uint64_t Acquire(uint64_t bytes) {
    bytes = std::min(bytes, total_);
    std::unique_lock lock(mu_);
    freed_.wait(lock, [&] { return available_ >= bytes; });
    available_ -= bytes;
    return bytes;
  }
  void Release(uint64_t bytes) {
    std::lock_guard lock(mu_);
    available_ += bytes;
    freed_.notify_all();
  }

 private:
  std::mutex mu_;
  std::condition_variable freed_;
  const uint64_t total_;
  uint64_t available_;
};

struct Worker {
  RepoPtr repo;
  git_odb* odb = nullptr;
  std::vector<BlobHits> hits;
  std::vector<git_oid> scanned;
  uint64_t blobs = 0, bytes = 0;
  uint64_t binary = 0, oversize = 0;
  std::vector<std::string> oversize_examples;
  std::vector<std::string> warnings;
};

std::string Where(const git_oid& blob, const RepoPath& path) {
  return "blob " + Hex(blob) + " (" + EscapeTerminal(path.str()) + ")";
}

void RunWorker(Worker& w, JobQueue& queue, ByteBudget& budget, const BlobScanFn& scan,
               const HistoryOptions& options) {
  const uint64_t max_bytes = options.max_blob_bytes;
  while (std::optional<Job> job = queue.Pop()) {
    size_t size = 0;
    git_object_t type = GIT_OBJECT_INVALID;
    if (git_odb_read_header(&size, &type, w.odb, &job->blob) != 0) {
      w.warnings.push_back(Where(job->blob, job->path) + ": read object header: " + GitErrorText() +
                           "; skipped");
      continue;
    }
    if (type != GIT_OBJECT_BLOB) {
      w.warnings.push_back(Where(job->blob, job->path) + ": read object header: a " +
                           git_object_type2string(type) + ", not a blob; skipped");
      continue;
    }
    if (size > max_bytes) {
      ++w.oversize;
      if (w.oversize_examples.size() < kMaxExamples) {
        w.oversize_examples.push_back(Where(job->blob, job->path) + " " + std::to_string(size) +
                                      " bytes");
      }
      continue;  // not recorded as scanned: a larger limit next time scans it
    }
    const uint64_t reserved = budget.Acquire(size);
    git_odb_object* object = nullptr;
    if (git_odb_read(&object, w.odb, &job->blob) != 0) {
      budget.Release(reserved);
      w.warnings.push_back(Where(job->blob, job->path) + ": read object: " + GitErrorText() +
                           "; skipped");
      continue;
    }
    const char* data = static_cast<const char*>(git_odb_object_data(object));
    const size_t length = git_odb_object_size(object);
    if (length > 0 && std::memchr(data, 0, std::min(length, kBinaryProbe)) != nullptr &&
        !(options.scan_binary && options.scan_binary(job->path))) {
      ++w.binary;
      w.scanned.push_back(job->blob);
    } else {
      std::vector<BlobHit> hits;
      bool ok = true;
      if (length > 0) {
        // The scanner belongs to another module: nothing it throws may cross into the walk.
        try {
          hits = scan(std::string_view(data, length), job->path);
        } catch (const std::exception& e) {
          ok = false;
          w.warnings.push_back(Where(job->blob, job->path) + ": scan: " + e.what());
        } catch (...) {
          ok = false;
          w.warnings.push_back(Where(job->blob, job->path) + ": scan: unknown exception");
        }
      }
      if (ok) {
        ++w.blobs;
        w.bytes += length;
        w.scanned.push_back(job->blob);
        if (!hits.empty()) w.hits.push_back(BlobHits{job->blob, std::move(hits)});
      }
    }
    git_odb_object_free(object);
    budget.Release(reserved);
  }
}

bool IsBlobMode(git_filemode_t mode) {
  return mode == GIT_FILEMODE_BLOB || mode == GIT_FILEMODE_BLOB_EXECUTABLE;
}

bool KnownBlob(const std::vector<git_oid>& sorted, const git_oid& id) {
  return std::binary_search(
      sorted.begin(), sorted.end(), id,
      [](const git_oid& a, const git_oid& b) { return git_oid_cmp(&a, &b) < 0; });
}

}  // namespace

Result<BlobScanOutput> ScanBlobs(git_repository* repo, const std::filesystem::path& repo_path,
                                 const std::vector<CommitNode>& commits,
                                 const std::vector<git_oid>& known_sorted, const BlobScanFn& scan,
                                 const HistoryOptions& options) {
  BlobScanOutput out;
  out.commit_ok.assign(commits.size(), 1);
  int jobs =
      options.jobs > 0 ? options.jobs : static_cast<int>(std::thread::hardware_concurrency());
  jobs = std::clamp(jobs, 1, kMaxJobs);

  // Every worker reads through its own repository handle: libgit2 objects are not shared
  // between threads.
  std::vector<Worker> workers(static_cast<size_t>(jobs));
  for (Worker& w : workers) {
    FLEDGER_TRY(w.repo, OpenRepository(repo_path));
    if (git_repository_odb(&w.odb, w.repo.get()) != 0) {
      for (Worker& o : workers) git_odb_free(o.odb);
      return Error{ErrorCode::kIo, "cannot open the object database: " + GitErrorText(),
                   repo_path.string()};
    }
  }
  JobQueue queue(kQueuePerWorker * workers.size());
  ByteBudget budget(kInflightBytes);
  std::vector<std::thread> threads;
  threads.reserve(workers.size());
  for (Worker& w : workers) {
    threads.emplace_back([&w, &queue, &budget, &scan, &options] {
      RunWorker(w, queue, budget, scan, options);
    });
  }

  struct Frame {
    TreePtr tree;
    size_t next = 0;
    size_t base = 0;  // length of the path prefix of this tree's entries
    int depth = 0;
  };
  OidSet visited_trees, failed_trees, seen_blobs;
  bool trees_capped = false, blobs_capped = false;
  std::string path;
  std::vector<Frame> stack;
  for (size_t ci = 0; ci < commits.size(); ++ci) {
    const CommitNode& commit = commits[ci];
    char& ok = out.commit_ok[ci];
    if (!visited_trees.insert(commit.tree).second) {
      if (!failed_trees.empty() && failed_trees.count(commit.tree) != 0) ok = 0;
      continue;
    }
    git_tree* raw = nullptr;
    if (git_tree_lookup(&raw, repo, &commit.tree) != 0) {
      out.warnings.push_back("commit " + Hex(commit.id) + ": tree " + Hex(commit.tree) +
                             ": read tree: " + GitErrorText() + "; skipped");
      failed_trees.insert(commit.tree);
      ok = 0;
      continue;
    }
    path.clear();
    stack.push_back(Frame{TreePtr(raw), 0, 0, 0});
    while (!stack.empty()) {
      Frame& frame = stack.back();
      if (frame.next >= git_tree_entrycount(frame.tree.get())) {
        stack.pop_back();
        continue;
      }
      const git_tree_entry* entry = git_tree_entry_byindex(frame.tree.get(), frame.next++);
      const git_filemode_t mode = git_tree_entry_filemode(entry);
      const bool is_tree = mode == GIT_FILEMODE_TREE;
      if (!is_tree && !IsBlobMode(mode)) continue;  // symlinks, submodules (commits), unknown
      const git_oid* id = git_tree_entry_id(entry);
      if (is_tree) {
        if (visited_trees.size() >= kMaxDistinct) {
          trees_capped = true;
          continue;
        }
        if (!visited_trees.insert(*id).second) {
          // A tree seen before holds only blobs seen before (or could not be read).
          if (!failed_trees.empty() && failed_trees.count(*id) != 0) ok = 0;
          continue;
        }
      } else {
        if (seen_blobs.size() >= kMaxDistinct) {
          blobs_capped = true;
          continue;
        }
        if (!seen_blobs.insert(*id).second || KnownBlob(known_sorted, *id)) continue;
      }
      const int depth = frame.depth;
      const size_t base = frame.base;
      path.resize(base);
      const std::string_view name = git_tree_entry_name(entry);
      if (base + 1 + name.size() > RepoPath::kMaxLength) {
        out.warnings.push_back("tree entry " + Hex(*id) + " under '" +
                               EscapeTerminal(Truncate(path, 200)) + "': path: longer than " +
                               std::to_string(RepoPath::kMaxLength) + " bytes; skipped");
        continue;
      }
      if (base != 0) path += '/';
      path += name;
      if (is_tree) {
        if (depth + 1 > kMaxDepth) {
          out.warnings.push_back("tree " + Hex(*id) + " (" + EscapeTerminal(Truncate(path, 200)) +
                                 "): depth: nested deeper than " + std::to_string(kMaxDepth) +
                                 " trees; skipped");
          continue;
        }
        git_tree* sub = nullptr;
        if (git_tree_lookup(&sub, repo, id) != 0) {
          out.warnings.push_back("tree " + Hex(*id) + " (" + EscapeTerminal(Truncate(path, 200)) +
                                 "): read tree: " + GitErrorText() + "; skipped");
          failed_trees.insert(*id);
          ok = 0;
          continue;
        }
        // `frame` may dangle after this push_back: nothing below uses it.
        stack.push_back(Frame{TreePtr(sub), 0, path.size(), depth + 1});
        continue;
      }
      Result<RepoPath> repo_path_of = RepoPath::Parse(path);
      if (!repo_path_of.ok()) {
        out.warnings.push_back("blob " + Hex(*id) + " (" + EscapeTerminal(Truncate(path, 200)) +
                               "): path: " + repo_path_of.error().message + "; skipped");
        continue;
      }
      queue.Push(Job{*id, std::move(repo_path_of).value()});
    }
  }
  queue.Close();
  for (std::thread& t : threads) t.join();

  if (trees_capped || blobs_capped) {
    out.warnings.push_back("history: more than " + std::to_string(kMaxDistinct) + " distinct " +
                           (trees_capped ? "trees" : "blobs") + "; the rest were not scanned");
  }
  uint64_t binary = 0, oversize = 0;
  std::vector<std::string> examples, worker_warnings;
  for (Worker& w : workers) {
    out.blobs_scanned += w.blobs;
    out.bytes_scanned += w.bytes;
    binary += w.binary;
    oversize += w.oversize;
    for (std::string& e : w.oversize_examples) examples.push_back(std::move(e));
    for (std::string& e : w.warnings) worker_warnings.push_back(std::move(e));
    for (BlobHits& h : w.hits) out.hits.push_back(std::move(h));
    out.scanned.insert(out.scanned.end(), w.scanned.begin(), w.scanned.end());
    git_odb_free(w.odb);
    w.odb = nullptr;
  }
  // Workers finish in any order: sort what they produced so that the output is deterministic.
  std::sort(worker_warnings.begin(), worker_warnings.end());
  for (std::string& e : worker_warnings) out.warnings.push_back(std::move(e));
  if (binary > 0) {
    out.warnings.push_back("history: " + std::to_string(binary) +
                           " binary blobs (a NUL byte in the first 8 KiB) skipped");
  }
  if (oversize > 0) {
    std::sort(examples.begin(), examples.end());
    std::string list;
    for (const std::string& e : examples) list += (list.empty() ? "" : ", ") + e;
    out.warnings.push_back("history: " + std::to_string(oversize) + " blobs larger than " +
                           std::to_string(options.max_blob_bytes) + " bytes skipped (" + list +
                           (oversize > examples.size() ? ", ..." : "") + ")");
  }
  auto by_id = [](const git_oid& a, const git_oid& b) { return git_oid_cmp(&a, &b) < 0; };
  std::sort(out.hits.begin(), out.hits.end(),
            [&](const BlobHits& a, const BlobHits& b) { return by_id(a.blob, b.blob); });
  std::sort(out.scanned.begin(), out.scanned.end(), by_id);
  return out;
}

int32_t HitLocator::Locate(const git_oid& tree, int depth) {
  if (blobs_.empty()) return -1;
  if (const auto it = memo_.find(tree); it != memo_.end()) return it->second;
  if (depth > kMaxDepth) return -1;
  git_tree* raw = nullptr;
  if (git_tree_lookup(&raw, repo_, &tree) != 0) {
    memo_.emplace(tree, -1);  // the scan already warned about it
    return -1;
  }
  TreePtr holder(raw);
  Node node;
  const size_t count = git_tree_entrycount(raw);
  for (size_t i = 0; i < count; ++i) {
    const git_tree_entry* entry = git_tree_entry_byindex(raw, i);
    const git_filemode_t mode = git_tree_entry_filemode(entry);
    const git_oid* id = git_tree_entry_id(entry);
    if (mode == GIT_FILEMODE_TREE) {
      const int32_t child = Locate(*id, depth + 1);
      if (child >= 0) node.trees.emplace_back(git_tree_entry_name(entry), child);
    } else if (IsBlobMode(mode)) {
      if (const auto b = blobs_.find(*id); b != blobs_.end()) {
        node.blobs.emplace_back(git_tree_entry_name(entry), b->second);
      }
    }
  }
  int32_t result = -1;
  if (!node.trees.empty() || !node.blobs.empty()) {
    result = static_cast<int32_t>(nodes_.size());
    nodes_.push_back(std::move(node));
  }
  memo_.emplace(tree, result);
  return result;
}

}  // namespace fledger::secrets::internal
