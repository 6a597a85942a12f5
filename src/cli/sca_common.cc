// Shared pieces of the Package Analysis verbs.
#include "cli/sca_common.h"

#include "core/log.h"

namespace fledger::cli {

namespace stdfs = std::filesystem;

Result<sca::DependencyScan> ScanAndLog(const CommonFlags& flags, const std::string& path) {
  sca::ScanOptions options;
  options.jobs = flags.jobs;
  FLEDGER_TRY(sca::DependencyScan scan, sca::ScanDependencies(path, options));
  for (const auto& m : scan.manifests) {
    if (m.error) {
      Log(LogLevel::kWarn, "skipped " + m.error->ToString());
    } else if (!m.superseded_by.empty()) {
      Log(LogLevel::kInfo,
          "not reading " + m.path.str() + ": " + m.superseded_by + " beside it has exact versions");
    } else {
      Log(LogLevel::kInfo, "read " + m.path.str() + " (" + m.extractor +
                               "): " + std::to_string(m.packages) + " packages");
    }
    for (const auto& w : m.warnings) Log(LogLevel::kWarn, m.path.str() + ": " + w);
  }
  for (const auto& s : scan.skipped) Log(LogLevel::kWarn, "skipped " + s);
  return scan;
}

std::string PartialNote(const sca::DependencyScan& scan) {
  if (!scan.partial()) return "";
  size_t failed = scan.skipped.size();
  for (const auto& m : scan.manifests) failed += m.error ? 1 : 0;
  return "Partial: " + std::to_string(failed) +
         " manifest(s) could not be read (see the warnings above).\n";
}

Status CheckVulnDbFlag(const std::string& flag_value) {
  if (flag_value.empty()) return {};
  std::error_code ec;
  if (stdfs::is_directory(flag_value, ec)) {
    return FlagError("--vuln-db", flag_value, ValidationStep::kOrigin, "is a directory");
  }
  return CheckWritableDir("--vuln-db", flag_value, ParentOf(flag_value));
}

Result<sca::osv::VulnDb> OpenVulnDb(const std::string& flag_value, int max_age_days) {
  const stdfs::path path =
      flag_value.empty() ? sca::osv::VulnDb::DefaultPath() : stdfs::path(flag_value);
  auto db = sca::osv::VulnDb::OpenOrSeed(path);
  if (!db.ok()) {
    Error e = db.error();
    if (e.context.empty()) e.context = path.string();
    return e;
  }
  Log(LogLevel::kInfo, "vulnerability database " + path.string());
  // The age takes a pass over the records' dates: only when a warning may follow.
  if (max_age_days <= 0) return db;
  const auto age = db.value().AgeDays();
  if (!age) {
    Log(LogLevel::kWarn, "the vulnerability database " + path.string() +
                             " is empty: nothing can match (run fledger db update or db import)");
  } else if (max_age_days > 0 && *age > max_age_days) {
    Log(LogLevel::kWarn, "the vulnerability data is " + std::to_string(*age) +
                             " days old (more than " + std::to_string(max_age_days) +
                             "): run fledger db update, or set --max-age-days");
  }
  return db;
}

}  // namespace fledger::cli
