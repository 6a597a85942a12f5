// `fledger db import|update|status`: the local OSV vulnerability database.
#include <iostream>
#include <sstream>

#include "cli/sca_common.h"
#include "core/json.h"
#include "core/log.h"
#include "core/text.h"
#include "sca/osv/update.h"

namespace fledger::cli {
namespace {

namespace stdfs = std::filesystem;
using Json = nlohmann::ordered_json;

struct DbArgs {
  std::string vuln_db;
  std::vector<std::string> paths;  // import
  std::string base_url = "https://osv-vulnerabilities.storage.googleapis.com";
  std::vector<std::string> ecosystems;  // update
  std::string timeout_text;
  int timeout = 300;
};

// The ecosystems `db update` fetches when none is named: the ones Fledger has extractors for.
const std::vector<std::string>& DefaultEcosystems() {
  static const std::vector<std::string> kList = {
      "npm", "PyPI", "Go",          "crates.io", "Maven", "NuGet",   "RubyGems",      "Packagist",
      "Pub", "Hex",  "ConanCenter", "SwiftURL",  "CRAN",  "Hackage", "GitHub Actions"};
  return kList;
}

Status ValidateDb(CommonFlags& flags, DbArgs& args, bool import) {
  FLEDGER_RETURN_IF_ERROR(ValidateCommonFlags(flags, false));
  FLEDGER_RETURN_IF_ERROR(CheckVulnDbFlag(args.vuln_db));
  if (import) {
    std::error_code ec;
    for (const auto& p : args.paths) {
      if (!stdfs::exists(p, ec)) {
        return FlagError("PATH", p, ValidationStep::kOrigin, "no such file or directory");
      }
    }
  }
  if (!args.timeout_text.empty()) {
    FLEDGER_TRY(args.timeout, ParseIntFlag("--timeout", args.timeout_text, 1, 3600));
  }
  const std::string& url = args.base_url;
  const bool https = url.rfind("https://", 0) == 0;
  const bool loopback = url.rfind("http://127.0.0.1", 0) == 0 ||
                        url.rfind("http://localhost", 0) == 0 || url.rfind("http://[::1]", 0) == 0;
  if (!https && !loopback) {
    return FlagError("--base-url", url, ValidationStep::kSemantics,
                     "must be an https:// URL (plain http only on loopback, for tests)");
  }
  return {};
}

stdfs::path DbPath(const DbArgs& args) {
  return args.vuln_db.empty() ? sca::osv::VulnDb::DefaultPath() : stdfs::path(args.vuln_db);
}

Json StatsJson(const sca::osv::ImportStats& s) {
  return Json{{"files_read", s.files_read},     {"inserted", s.records_inserted},
              {"updated", s.records_updated},   {"unchanged", s.records_unchanged},
              {"rejected", s.records_rejected}, {"warnings", s.warnings.size()}};
}

std::string StatsLine(const sca::osv::ImportStats& s) {
  std::ostringstream out;
  out << s.files_read << " file(s) read: " << s.records_inserted << " new, " << s.records_updated
      << " updated, " << s.records_unchanged << " unchanged, " << s.records_rejected << " rejected";
  return out.str();
}

int RunDbImport(const CommonFlags& flags, const DbArgs& args) {
  auto db = sca::osv::VulnDb::Open(DbPath(args));
  if (!db.ok()) return ReportError(db.error());
  std::vector<stdfs::path> paths(args.paths.begin(), args.paths.end());
  sca::osv::ImportLimits limits;
  limits.threads = static_cast<unsigned>(flags.jobs);  // 0: one per core
  auto stats = db.value().Import(paths, limits);
  if (!stats.ok()) return ReportError(stats.error());
  for (const auto& w : stats.value().warnings) {
    // Rejected records, and records imported with a data-quality problem (osv-linter's rules,
    // such as an event value repeated inside a range): both are worth a line.
    Log(LogLevel::kWarn,
        std::string(w.step == ValidationStep::kNone ? "imported with a note: " : "rejected: ") +
            w.ToString());
  }
  if (flags.parsed_format == report::Format::kJson) {
    Json doc{{"schema_version", 1}, {"database", DbPath(args).string()}};
    doc["import"] = StatsJson(stats.value());
    return Emit(flags, DumpJson(doc));
  }
  return Emit(flags, "Imported into " + EscapeTerminal(DbPath(args).string()) + ": " +
                         StatsLine(stats.value()) + ".\n");
}

int RunDbUpdate(const CommonFlags& flags, const DbArgs& args) {
  auto db = sca::osv::VulnDb::Open(DbPath(args));
  if (!db.ok()) return ReportError(db.error());
  sca::osv::UpdateOptions options;
  options.base_url = args.base_url;
  options.ecosystems = args.ecosystems.empty() ? DefaultEcosystems() : args.ecosystems;
  options.timeout = std::chrono::seconds(args.timeout);
  auto updates = sca::osv::Update(db.value(), options);
  if (!updates.ok()) return ReportError(updates.error());
  Json doc{{"schema_version", 1}, {"database", DbPath(args).string()}};
  Json list = Json::array();
  std::ostringstream out;
  int failed = 0;
  for (const auto& u : updates.value()) {
    const char* outcome = u.outcome == sca::osv::UpdateOutcome::kUpdated     ? "updated"
                          : u.outcome == sca::osv::UpdateOutcome::kUnchanged ? "unchanged"
                                                                             : "failed";
    Json j{{"ecosystem", u.ecosystem}, {"url", u.url}, {"outcome", outcome}, {"bytes", u.bytes}};
    out << Pad(u.ecosystem, 16) << outcome;
    if (u.outcome == sca::osv::UpdateOutcome::kUpdated) {
      j["import"] = StatsJson(u.stats);
      out << ": " << StatsLine(u.stats);
    }
    if (u.error) {
      ++failed;
      j["error"] = u.error->ToString();
      out << ": " << EscapeTerminal(u.error->ToString());
      Log(LogLevel::kWarn, u.ecosystem + ": " + u.error->ToString());
    }
    out << "\n";
    list.push_back(std::move(j));
  }
  doc["ecosystems"] = std::move(list);
  const int rc =
      Emit(flags, flags.parsed_format == report::Format::kJson ? DumpJson(doc) : out.str());
  if (rc != 0) return rc;
  // Every ecosystem failing is an environment problem (no network, wrong URL): exit 2. Some
  // failing keeps the rest, and says so.
  return failed > 0 && failed == static_cast<int>(updates.value().size()) ? 2 : 0;
}

int RunDbStatus(const CommonFlags& flags, const DbArgs& args) {
  auto db = sca::osv::VulnDb::Open(DbPath(args));
  if (!db.ok()) return ReportError(db.error());
  auto status = db.value().Status();
  if (!status.ok()) return ReportError(status.error());
  const auto& s = status.value();
  if (flags.parsed_format == report::Format::kJson) {
    Json doc{{"schema_version", 1},
             {"database", s.path},
             {"db_schema_version", s.schema_version},
             {"records", s.records},
             {"withdrawn", s.withdrawn}};
    doc["age_days"] = s.age_days ? Json(*s.age_days) : Json(nullptr);
    Json sources = Json::array();
    for (const auto& src : s.sources) {
      Json j{{"name", src.name},
             {"kind", src.kind},
             {"records", src.records},
             {"withdrawn", src.withdrawn},
             {"imported_at", src.imported_at},
             {"checked_at", src.checked_at},
             {"oldest_modified", src.oldest_modified},
             {"newest_modified", src.newest_modified}};
      if (!src.etag.empty()) j["etag"] = src.etag;
      Json ecos = Json::object();
      for (const auto& [eco, n] : src.ecosystems) ecos[eco] = n;
      j["ecosystems"] = std::move(ecos);
      sources.push_back(std::move(j));
    }
    doc["sources"] = std::move(sources);
    return Emit(flags, DumpJson(doc));
  }
  std::ostringstream out;
  out << "Database: " << EscapeTerminal(s.path) << " (schema " << s.schema_version << ")\n"
      << "Records:  " << s.records << " (" << s.withdrawn << " withdrawn, never reported)\n"
      << "Age:      "
      << (s.age_days ? std::to_string(*s.age_days) + " day(s) since the data was last current"
                     : std::string("empty"))
      << "\n";
  if (s.sources.empty()) out << "No sources yet: run fledger db update or fledger db import.\n";
  for (const auto& src : s.sources) {
    out << "\n"
        << EscapeTerminal(src.name) << " (" << src.kind << ")\n"
        << "  records " << src.records << ", withdrawn " << src.withdrawn << "\n"
        << "  imported " << src.imported_at
        << (src.checked_at.empty() ? "" : ", last checked " + src.checked_at) << "\n";
    if (!src.newest_modified.empty()) {
      out << "  modified " << src.oldest_modified << " .. " << src.newest_modified << "\n";
    }
    std::string ecos;
    for (const auto& [eco, n] : src.ecosystems) {
      ecos += (ecos.empty() ? "" : ", ") + EscapeTerminal(eco) + " " + std::to_string(n);
    }
    if (!ecos.empty()) out << "  " << ecos << "\n";
  }
  return Emit(flags, out.str());
}

}  // namespace

void AddDbVerbs(CLI::App& app, VerbTable& table) {
  CommonFlags& flags = table.flags;
  std::optional<Verb>& verb = table.verb;
  auto& args = table.Own<DbArgs>();
  const std::string db_help =
      "Vulnerability database (default: $FLEDGER_VULN_DB, else $XDG_DATA_HOME/fledger/vulns.db)";

  auto* db = app.add_subcommand("db", "The local OSV vulnerability database");
  db->require_subcommand(1);

  auto* import = db->add_subcommand(
      "import", "Import OSV records: JSON files, folders, and per-ecosystem all.zip archives");
  import->add_option("paths", args.paths, "Files, folders or .zip archives")->required();
  import->add_option("--vuln-db", args.vuln_db, db_help);
  AddCommonFlags(import, flags, false);
  import->callback([&] {
    verb = Verb{[&] { return ValidateDb(flags, args, true);
}
, [&] { return RunDbImport(flags, args); }
};  // namespace fledger::cli
});

auto* update = db->add_subcommand(
    "update", "Download each ecosystem's all.zip (only when changed), verify it, swap it in");
update->add_option("--base-url", args.base_url,
                   "Where the <Ecosystem>/all.zip archives are (default: the public OSV bucket)");
update
    ->add_option("--ecosystem", args.ecosystems,
                 "Ecosystems to fetch, as OSV names them (repeatable; default: all Fledger "
                 "reads)")
    ->expected(1)
    ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
update->add_option("--timeout", args.timeout_text, "Seconds per download (default 300)")
    ->type_name("INT");
update->add_option("--vuln-db", args.vuln_db, db_help);
AddCommonFlags(update, flags, false);
update->callback([&] {
  verb = Verb{[&] { return ValidateDb(flags, args, false); },
              [&] { return RunDbUpdate(flags, args); }};
});

auto* status = db->add_subcommand("status", "Sources, record counts and the age of the data");
status->add_option("--vuln-db", args.vuln_db, db_help);
AddCommonFlags(status, flags, false);
status->callback([&] {
  verb = Verb{[&] { return ValidateDb(flags, args, false); },
              [&] { return RunDbStatus(flags, args); }};
});
}

}  // namespace fledger::cli
