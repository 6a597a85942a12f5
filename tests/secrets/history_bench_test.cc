// A benchmark run by hand, not by the unit suite (DISABLED_): bench/history_bench.sh builds a
// repository with `git fast-import` and runs this against it with a scanner that finds the
// literal `SECRET=`, printing the time of one ScanHistory run.
// Environment: FLEDGER_HISTORY_BENCH_REPO (the repository), FLEDGER_HISTORY_BENCH_DB (fledger.db;
// unset: no incremental state), FLEDGER_HISTORY_BENCH_LABEL (printed), FLEDGER_HISTORY_BENCH_JOBS.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>

#include "core/text.h"
#include "secrets/history.h"
#include "store/store.h"

namespace fledger::secrets {
namespace {

TEST(SecretsHistoryBench, DISABLED_ScanHistory) {
  const char* repo = std::getenv("FLEDGER_HISTORY_BENCH_REPO");
  if (repo == nullptr) GTEST_SKIP() << "FLEDGER_HISTORY_BENCH_REPO is not set";
  const char* db_path = std::getenv("FLEDGER_HISTORY_BENCH_DB");
  const char* label = std::getenv("FLEDGER_HISTORY_BENCH_LABEL");
  const char* jobs = std::getenv("FLEDGER_HISTORY_BENCH_JOBS");
  std::optional<store::Store> db;
  if (db_path != nullptr) {
    Result<store::Store> opened = store::Store::Open(db_path);
    ASSERT_TRUE(opened.ok()) << opened.error().ToString();
    db.emplace(std::move(opened).value());
  }
  const RuleId rule = RuleId::Parse("bench.secret").value();
  BlobScanFn scan = [&](std::string_view text, const RepoPath& path) {
    std::vector<BlobHit> hits;
    for (size_t at = text.find("SECRET="); at != std::string_view::npos;
         at = text.find("SECRET=", at + 7)) {
      const size_t end = text.find('\n', at);
      const std::string_view value =
          text.substr(at + 7, end == text.npos ? text.npos : end - at - 7);
      Finding f{.rule_id = rule, .fingerprint = Fingerprint::Compute(rule, path, Sha256Hex(value))};
      f.kind = FindingKind::kSecret;
      f.location.path = path;
      f.evidence = "SECRET=***";
      hits.push_back(BlobHit{f, Sha256Hex(value)});
    }
    return hits;
  };
  HistoryOptions options;
  if (jobs != nullptr) options.jobs = std::atoi(jobs);
  const auto start = std::chrono::steady_clock::now();
  Result<HistoryResult> r = ScanHistory(repo, scan, options, db ? &*db : nullptr);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  size_t in_head = 0;
  for (const HistorySecret& s : r.value().secrets) in_head += s.in_head ? 1 : 0;
  std::printf(
      "history-bench %-12s %7.3f s  commits %llu (scanned %llu)  blobs %llu  %.1f MB  secrets %zu "
      "(in HEAD %zu)  warnings %zu\n",
      label != nullptr ? label : "run", seconds,
      static_cast<unsigned long long>(r.value().commits_total),
      static_cast<unsigned long long>(r.value().commits_scanned),
      static_cast<unsigned long long>(r.value().blobs_scanned),
      static_cast<double>(r.value().bytes_scanned) / 1e6, r.value().secrets.size(), in_head,
      r.value().warnings.size());
  for (const std::string& w : r.value().warnings) std::printf("  warning: %s\n", w.c_str());
}

}  // namespace
}  // namespace fledger::secrets
