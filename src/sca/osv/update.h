// `db update`: downloads OSV's per-ecosystem all.zip archives and swaps each into vulns.db
// atomically, only when it changed (ETag) and only after it verified.
//
//   UpdateOptions options;
//   options.ecosystems = {"PyPI", "npm"};
//   FLEDGER_TRY(auto results, Update(db, options));
//   for (const EcosystemUpdate& u : results) std::cout << u.ecosystem << ": " << ...;
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "sca/osv/db.h"

namespace fledger::sca::osv {

struct UpdateOptions {
  // HTTPS only; http:// is accepted for 127.0.0.1 and localhost (tests). No trailing slash needed.
  std::string base_url = "https://osv-vulnerabilities.storage.googleapis.com";
  std::vector<std::string> ecosystems;     // OSV names as in the bucket ("PyPI", "Go", ...)
  std::chrono::seconds timeout{300};       // per download, connect included
  uint64_t max_bytes = uint64_t{1} << 30;  // per downloaded archive
  ImportLimits limits;                     // for reading each archive
};

enum class UpdateOutcome {
  kUpdated,    // downloaded, verified and swapped in
  kUnchanged,  // the server answered 304 to our ETag
  kFailed,     // see `error`; the ecosystem's previous data is untouched
};

struct EcosystemUpdate {
  std::string ecosystem;
  std::string url;  // the source name in vulns.db
  UpdateOutcome outcome = UpdateOutcome::kFailed;
  ImportStats stats;           // for kUpdated
  std::optional<Error> error;  // for kFailed
  uint64_t bytes = 0;          // downloaded
};

// The archive URL of one ecosystem: "<base>/<ecosystem>/all.zip" (the ecosystem percent-encoded).
std::string EcosystemArchiveUrl(const std::string& base_url, const std::string& ecosystem);

// Downloads each ecosystem's all.zip (If-None-Match with the stored ETag; 304 = unchanged),
// checks the size bound and, when the server sends `x-goog-hash: md5=...`, the MD5; then imports
// it strictly (every entry must parse) in one transaction that replaces the records of that URL
// source. One ecosystem failing does not stop the others. Errors only for invalid options.
Result<std::vector<EcosystemUpdate>> Update(VulnDb& db, const UpdateOptions& options);

}  // namespace fledger::sca::osv
