// The import index: one parallel pass over a tree's source files, then lookups per package.
#include <algorithm>
#include <mutex>
#include <tuple>

#include "core/log.h"
#include "sca/imports/imports.h"
#include "sca/imports/internal.h"

namespace fledger::sca::imports {

ImportIndex ImportIndex::Build(const fs::Walker& walker, const fs::WalkResult& files) {
  // Only source files are read at all: a tree of images and lockfiles costs a listing, no I/O.
  std::vector<fs::FileEntry> sources;
  for (const fs::FileEntry& f : files.files) {
    if (LanguageForPath(f.path.str())) sources.push_back(f);
  }

  ImportIndex index;
  std::mutex mu;
  index.unreadable_ =
      walker.ForEachFile(sources, [&](const fs::FileEntry& f, std::string_view text) {
        // Scanning happens outside the lock; only the merge is serialized.
        const Language language = *LanguageForPath(f.path.str());
        std::vector<RawImport> raw = ScanImports(language, text, kMaxSitesPerFile);
        const bool truncated = raw.size() >= kMaxSitesPerFile;
        std::lock_guard<std::mutex> lock(mu);
        ++index.files_scanned_;
        if (truncated) ++index.files_truncated_;
        for (RawImport& r : raw) {
          index.sites_.push_back(ImportSite{.path = f.path,
                                            .line = r.line,
                                            .column = r.column,
                                            .module = std::move(r.module),
                                            .language = language});
        }
      });
  if (index.files_truncated_ > 0) {
    Log(LogLevel::kWarn, std::to_string(index.files_truncated_) + " source files have more than " +
                             std::to_string(kMaxSitesPerFile) +
                             " imports; the rest of each is not indexed");
  }

  // Threads finish in any order; sort so the buckets (and every answer) are deterministic.
  std::vector<ImportSite> all = std::move(index.sites_);
  index.sites_.clear();
  std::sort(all.begin(), all.end(), [](const ImportSite& a, const ImportSite& b) {
    return std::tie(a.path, a.line, a.column) < std::tie(b.path, b.line, b.column);
  });
  for (ImportSite& s : all) index.Insert(std::move(s));
  return index;
}

void ImportIndex::AddFile(const RepoPath& path, Language language, std::string_view text) {
  std::vector<RawImport> raw = ScanImports(language, text, kMaxSitesPerFile);
  ++files_scanned_;
  if (raw.size() >= kMaxSitesPerFile) ++files_truncated_;
  for (RawImport& r : raw) {
    Insert(ImportSite{.path = path,
                      .line = r.line,
                      .column = r.column,
                      .module = std::move(r.module),
                      .language = language});
  }
}

void ImportIndex::Insert(ImportSite site) {
  // An import no package can own (a relative path, a `node:` builtin) is not kept.
  const std::vector<std::string> keys = SiteBuckets(site.language, site.module);
  if (keys.empty()) return;
  const auto at = static_cast<uint32_t>(sites_.size());
  sites_.push_back(std::move(site));
  for (const std::string& k : keys) buckets_.emplace(k, at);
}

std::vector<ImportSite> ImportIndex::SitesFor(const Package& p,
                                              std::span<const Package> inventory) const {
  std::vector<uint32_t> candidates;
  for (const std::string& key : PackageBuckets(p)) {
    const auto [begin, end] = buckets_.equal_range(key);
    for (auto it = begin; it != end; ++it) candidates.push_back(it->second);
  }
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());

  // Only rivals of the same family can claim an import.
  const Family family = FamilyOf(p.ecosystem);
  std::vector<const Package*> rivals;
  for (const Package& q : inventory) {
    if (FamilyOf(q.ecosystem) == family && q.name != p.name) rivals.push_back(&q);
  }

  std::vector<ImportSite> out;
  for (const uint32_t i : candidates) {
    const ImportSite& s = sites_[i];
    const std::optional<ImportMatch> m = MatchImport(s.language, s.module, p);
    if (!m) continue;
    const bool claimed = std::any_of(rivals.begin(), rivals.end(), [&](const Package* q) {
      const std::optional<ImportMatch> other = MatchImport(s.language, s.module, *q);
      return other && other->specificity > m->specificity;
    });
    if (claimed) continue;
    ImportSite site = s;
    site.confidence = m->confidence;
    out.push_back(std::move(site));
  }
  // Candidates are in insertion order, which is path, line, column order for Build; AddFile
  // callers may add files in any order.
  std::sort(out.begin(), out.end(), [](const ImportSite& a, const ImportSite& b) {
    return std::tie(a.path, a.line, a.column) < std::tie(b.path, b.line, b.column);
  });
  return out;
}

}  // namespace fledger::sca::imports
