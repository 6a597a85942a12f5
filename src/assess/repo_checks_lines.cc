// Lines and evidence for the repository checks: reading and scanning file contents, matching
// patterns line by line, and turning the lines found into evidence and check results.
#include <algorithm>
#include <atomic>
#include <cctype>
#include <map>
#include <memory>
#include <mutex>
#include <tuple>

#include "assess/repo_checks_internal.h"
#include "core/log.h"
#include "core/redact.h"
#include "core/text.h"

namespace fledger::assess::internal {

std::string Excerpt(std::string_view line) { return Truncate(Redact(Trim(line)), kExcerptBytes); }
EvidenceRef Ref(const LineHit& h) { return {h.path, h.line, Excerpt(h.text)}; }

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

std::vector<LineHit> Grep(const RepoSnapshot& repo, const Files& files, const RE2& re, size_t max) {
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

std::optional<LineHit> FirstOf(const RepoSnapshot& repo, const Files& files,
                               std::initializer_list<const char*> patterns) {
  for (const char* p : patterns) {
    auto hits = Grep(repo, files, Re(p));
    if (!hits.empty()) return std::move(hits[0]);
  }
  return std::nullopt;
}

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
CheckResult Unmet(std::string note, std::vector<EvidenceRef> ev) {
  return {ReqStatus::kUnmet, std::move(ev), std::move(note)};
}
CheckResult Partial(std::string note, std::vector<EvidenceRef> ev) {
  return {ReqStatus::kPartial, std::move(ev), std::move(note)};
}
CheckResult Review(std::string note, std::vector<EvidenceRef> ev) {
  return {ReqStatus::kNeedsReview, std::move(ev), std::move(note)};
}

CheckResult LineCheck(const RepoSnapshot& repo, const Files& files, const char* pattern,
                      const std::string& found, const std::string& missing, bool missing_is_unmet) {
  const auto hits = Grep(repo, files, Re(pattern));
  if (!hits.empty()) return Met({Ref(hits[0])}, found);
  return missing_is_unmet ? Unmet(missing) : Review(missing);
}

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

bool Negated(std::string_view line) {
  return Matches(line, Re(R"((?i)(\b(no|not|never|without|cannot)\b|n't\b))"));
}

}  // namespace fledger::assess::internal
