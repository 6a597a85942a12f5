// The sca.* project-assessment checks: one dependency scan and vulnerability match per snapshot,
// shared, and four decisions read from it (see sca_checks.h).
#include "assess/sca_checks.h"

#include <re2/re2.h>

#include <algorithm>
#include <ctime>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "core/log.h"
#include "core/redact.h"
#include "core/text.h"
#include "sca/graph.h"
#include "sca/osv/db.h"
#include "sca/sca.h"
#include "sca/suppress/suppress.h"

namespace fledger::assess {
namespace {

// OpenSSF vulnerabilities_fixed_60_days: public for more than this many days is too long.
constexpr int kFixWindowDays = 60;
// dependency_monitoring: a vulnerability public for longer than this would have been reported by
// any monitoring that runs at least monthly (Dependabot and Renovate run daily or weekly).
constexpr int kMonitoringWindowDays = 30;
// Data older than this cannot support "no known vulnerabilities": advisories published since are
// missing. (It still proves the vulnerabilities it does list.)
constexpr int kMaxDataAgeDays = 30;
constexpr size_t kMaxEvidence = 100;  // refs per check; the note gives the totals
constexpr size_t kNoteIds = 8;        // ids spelled out in a note

// One vulnerability of one package in one manifest (what `fledger sca` reports as a finding).
struct Vuln {
  std::string id;
  Severity severity = Severity::Of(Severity::Level::kMedium);
  bool severity_known = false;
  // The day the vulnerability was public by: the earliest `published` of its records, else their
  // earliest `modified` (records are public before they are modified, so that bounds it).
  std::string known_since;  // YYYY-MM-DD, "" when no record has a usable date
  bool known_since_exact = false;
  int days_public = -1;  // since known_since (a lower bound unless exact); -1: unknown
  std::string package;   // name@version
  bool dev = false;
  RepoPath path = RepoPath::Root();
  int line = 0;
  std::string suppressed;  // "source: reason" when the repository's ignore file suppresses it
};

struct ScaFacts {
  std::string scan_problem;  // set: the scan could not run at all
  std::string db_problem;    // set: no vulnerability decision can be made (why)
  std::string db_path;       // for the log (notes leave it out: they go into committed files)
  std::optional<int> data_age_days;
  std::vector<RepoPath> manifests;  // read, listing dependencies (project's own)
  std::vector<RepoPath> auxiliary;  // read, but under examples or fixtures: not counted
  std::vector<std::string> failed;  // "path: reason", not read
  size_t prod_unresolved = 0;       // production packages with no exact version
  size_t checked = 0;               // packages matched against the database
  std::vector<Vuln> vulns;          // project's own manifests only
  std::string ignore_note;          // how the ignore file was used, or why not
};

// Example projects, samples and test fixtures: their lockfiles are inputs, not the project's
// dependencies (a scanner's own test data is full of vulnerable versions on purpose).
bool IsAuxiliaryManifest(const RepoPath& path) {
  static const std::set<std::string, std::less<>> kDirs = {
      "examples", "example",      "samples",       "sample",       "testdata", "test-data",
      "fixtures", "__fixtures__", "test_fixtures", "node_modules", "corpus"};
  const auto segments = Split(ToLower(path.str()), '/');
  for (size_t i = 0; i + 1 < segments.size(); ++i) {
    if (kDirs.count(segments[i]) != 0) return true;
  }
  return false;
}

// Days from the civil date at the start of an RFC 3339 text to `now`; nullopt when the text has
// no plausible date (Go's vulndb files carry 0001-01-01 placeholders).
std::optional<int> DaysSince(std::string_view rfc3339, std::time_t now) {
  if (rfc3339.size() < 10) return std::nullopt;
  std::tm tm{};
  int y = 0, m = 0, d = 0;
  if (std::sscanf(std::string(rfc3339.substr(0, 10)).c_str(), "%4d-%2d-%2d", &y, &m, &d) != 3)
    return std::nullopt;
  if (y < 1990 || m < 1 || m > 12 || d < 1 || d > 31) return std::nullopt;
  tm.tm_year = y - 1900;
  tm.tm_mon = m - 1;
  tm.tm_mday = d;
  const std::time_t t = timegm(&tm);
  if (t == static_cast<std::time_t>(-1) || t > now + 86400) return std::nullopt;
  return static_cast<int>(std::max<std::time_t>(0, (now - t) / 86400));
}

std::string Today(std::time_t now) {
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[16];
  std::strftime(buf, sizeof(buf), "%Y-%m-%d", &tm);
  return buf;
}

// Sets known_since and days_public from the records of the match group.
void DatePublic(const sca::osv::VulnDb& db, const sca::osv::VulnMatch& match, std::time_t now,
                Vuln& v) {
  std::optional<int> published, modified;
  std::string published_text, modified_text;
  for (const auto& id : match.record_ids) {
    auto rec = db.GetRecord(id);
    if (!rec.ok() || !rec.value()) continue;
    const auto& r = *rec.value();
    if (auto d = DaysSince(r.published, now); d && (!published || *d > *published)) {
      published = d;
      published_text = r.published.substr(0, 10);
    }
    if (auto d = DaysSince(r.modified, now); d && (!modified || *d > *modified)) {
      modified = d;
      modified_text = r.modified.substr(0, 10);
    }
  }
  if (published) {
    v.known_since = published_text;
    v.known_since_exact = true;
    v.days_public = *published;
  } else if (modified) {
    v.known_since = modified_text;
    v.days_public = *modified;
  }
}

// The repository's own ignore file, read through the snapshot (bounded, symlink-safe).
std::optional<sca::Suppressor> LoadIgnoreFile(const RepoSnapshot& repo, std::string& note) {
  const RepoPath path = RepoPath::Parse(".fledger/sca-ignore.yaml").value();
  const std::string* text = repo.Content(path);
  if (text == nullptr) return std::nullopt;
  auto rules = sca::ParseIgnoreFile(*text, path.str());
  if (!rules.ok()) {
    note = path.str() + " was not applied: " + rules.error().ToString();
    Log(LogLevel::kWarn, note);
    return std::nullopt;
  }
  sca::Suppressor s;
  s.Add(std::move(rules).value());
  return s;
}

ScaFacts ComputeFacts(const RepoSnapshot& repo) {
  ScaFacts facts;
  const std::time_t now = std::time(nullptr);
  const auto db_path =
      repo.inputs().vuln_db.empty() ? sca::osv::VulnDb::DefaultPath() : repo.inputs().vuln_db;
  facts.db_path = db_path.string();
  Log(LogLevel::kInfo,
      "sca checks: scanning dependencies of " + repo.root().string() + " against " + facts.db_path);
  sca::ScaOptions options;
  options.scan.jobs = repo.jobs();
  std::optional<sca::osv::VulnDb> db;
  if (auto opened = sca::osv::VulnDb::OpenOrSeed(db_path); !opened.ok()) {
    facts.db_problem =
        "the vulnerability database could not be opened: " + opened.error().ToString();
  } else if (auto status = opened.value().Status(); !status.ok()) {
    facts.db_problem = "the vulnerability database could not be read: " + status.error().ToString();
  } else if (status.value().records == 0) {
    facts.db_problem =
        "the vulnerability database has no records (fledger db update or db "
        "import fills it)";
  } else {
    facts.data_age_days = status.value().age_days;
    db.emplace(std::move(opened).value());
  }

  // Without a database the scan still says which manifests list dependencies.
  sca::ScaResult result;
  if (db) {
    auto r = sca::RunSca(repo.root(), *db, options);
    if (!r.ok()) {
      facts.scan_problem = r.error().ToString();
      return facts;
    }
    result = std::move(r).value();
  } else {
    auto s = sca::ScanDependencies(repo.root(), options.scan);
    if (!s.ok()) {
      facts.scan_problem = s.error().ToString();
      return facts;
    }
    result.scan = std::move(s).value();
  }
  const sca::DependencyScan& scan = result.scan;
  for (const auto& m : scan.manifests) {
    if (m.error) {
      // A malformed fixture is not a gap in the project's own dependency list.
      if (!IsAuxiliaryManifest(m.path))
        facts.failed.push_back(m.path.str() + ": " + m.error->message);
    } else if (m.packages > 0 || !m.superseded_by.empty()) {
      (IsAuxiliaryManifest(m.path) ? facts.auxiliary : facts.manifests).push_back(m.path);
    }
  }
  for (const auto& s : scan.skipped) {
    // "path: reason"; a path that does not parse is kept (it may be the project's).
    const auto path = RepoPath::Parse(s.substr(0, s.find(": ")));
    if (!path.ok() || !IsAuxiliaryManifest(path.value())) facts.failed.push_back(s);
  }
  if (!db) return facts;

  for (size_t i : result.matches.unresolved) {
    const auto& p = scan.packages[i];
    if (!p.dev && !IsAuxiliaryManifest(p.path)) ++facts.prod_unresolved;
  }
  // What was matched, without examples and fixtures (RunSca matched those too).
  facts.checked = result.packages_checked;
  for (const auto& p : scan.packages) {
    const bool go_pseudo =
        p.ecosystem.osv_name() == "Go" && (p.name == "stdlib" || p.name == "toolchain");
    if (IsAuxiliaryManifest(p.path) && p.resolved && !p.version.empty() && !go_pseudo &&
        facts.checked > 0) {
      --facts.checked;
    }
  }

  // Findings per package, in the order of its matches, so the ignore file (which works on
  // findings) can be applied and mapped back to each match.
  const auto suppressor = LoadIgnoreFile(repo, facts.ignore_note);
  const sca::DependencyGraph graph(scan.packages);
  for (const auto& pv : result.matches.packages) {
    const sca::Package& p = scan.packages[pv.package_index];
    if (IsAuxiliaryManifest(p.path)) continue;
    std::vector<Finding> findings;
    if (suppressor) {
      sca::osv::MatchReport one;
      one.packages.push_back(pv);
      findings = sca::VulnerabilityFindings(scan, graph, one);
      (void)suppressor->Apply(findings, Today(now));
    }
    for (size_t k = 0; k < pv.vulns.size(); ++k) {
      const auto& m = pv.vulns[k];
      Vuln v;
      v.id = m.id;
      v.severity = m.severity;
      v.severity_known = m.severity_known;
      v.package = p.name + "@" + p.version;
      v.dev = p.dev;
      v.path = p.path;
      v.line = p.line;
      DatePublic(*db, m, now, v);
      if (findings.size() == pv.vulns.size() && findings[k].suppression) {
        const auto& s = *findings[k].suppression;
        v.suppressed = s.source + ": " + s.reason;
      }
      facts.vulns.push_back(std::move(v));
    }
  }
  // Production first, then the most severe, then the longest public, then by place.
  std::sort(facts.vulns.begin(), facts.vulns.end(), [](const Vuln& a, const Vuln& b) {
    return std::make_tuple(a.dev, b.severity, -a.days_public, std::cref(a.path), a.line,
                           std::cref(a.id)) < std::make_tuple(b.dev, a.severity, -b.days_public,
                                                              std::cref(b.path), b.line,
                                                              std::cref(b.id));
  });
  return facts;
}

const ScaFacts& Facts(const RepoSnapshot& repo) {
  const auto shared = repo.Shared("sca.facts", [&]() -> std::shared_ptr<const void> {
    return std::make_shared<const ScaFacts>(ComputeFacts(repo));
  });
  return *static_cast<const ScaFacts*>(shared.get());
}

// ---------------------------------------------------------------------------------------------
// Presentation

// "GHSA-xxxx lodash@4.17.15, high, public since 2019-07-10 (dev-only)" at the manifest line.
EvidenceRef Ref(const Vuln& v) {
  std::string text = v.id + " " + v.package + ", " +
                     (v.severity_known ? std::string(v.severity.name()) : "severity unknown");
  if (v.known_since.empty()) {
    text += ", publication date unknown";
  } else {
    text += (v.known_since_exact ? ", public since " : ", public by ") + v.known_since;
  }
  if (v.dev) text += " (dev-only)";
  return {v.path, v.line, Truncate(Redact(text), 160)};
}

// The distinct advisory ids, in order (one vulnerability may affect several manifests).
std::vector<std::string> DistinctIds(const std::vector<const Vuln*>& vulns) {
  std::vector<std::string> ids;
  for (const auto* v : vulns) {
    if (std::find(ids.begin(), ids.end(), v->id) == ids.end()) ids.push_back(v->id);
  }
  return ids;
}

std::string Ids(const std::vector<const Vuln*>& vulns) {
  const auto ids = DistinctIds(vulns);
  std::string out;
  for (size_t i = 0; i < ids.size() && i < kNoteIds; ++i) out += (i ? ", " : "") + ids[i];
  if (ids.size() > kNoteIds) out += " and " + std::to_string(ids.size() - kNoteIds) + " more";
  return out;
}

std::string Count(size_t n, const std::string& one, const std::string& many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

void AddRefs(const std::vector<const Vuln*>& vulns, std::vector<EvidenceRef>& out) {
  for (const auto* v : vulns) {
    if (out.size() >= kMaxEvidence) return;
    out.push_back(Ref(*v));
  }
}

std::vector<EvidenceRef> ManifestRefs(const ScaFacts& f) {
  std::vector<EvidenceRef> out;
  for (const auto& m : f.manifests) {
    if (out.size() >= kMaxEvidence) break;
    out.push_back({m, 0, ""});
  }
  return out;
}

// The database's path stays out of notes: they go into committed files, and it is a home path.
std::string DataNote(const ScaFacts& f) {
  return f.data_age_days ? "OSV data " + std::to_string(*f.data_age_days) + " days old"
                         : std::string("OSV data of unknown age");
}

// Why "none found" cannot be claimed, or "" when it can: the scan must have read the project's
// manifests, pinned every production version, and used current data.
std::string CannotClaimNone(const ScaFacts& f) {
  if (!f.failed.empty()) {
    return Count(f.failed.size(), "file", "files") + " could not be read (" +
           Truncate(f.failed.front(), 120) + "), so the scan is partial";
  }
  if (f.prod_unresolved > 0) {
    return Count(f.prod_unresolved, "production dependency has", "production dependencies have") +
           " a version range, not an exact version, and could not be checked (commit a "
           "lockfile)";
  }
  if (!f.data_age_days || *f.data_age_days > kMaxDataAgeDays) {
    return "the vulnerability data is " +
           (f.data_age_days ? std::to_string(*f.data_age_days) + " days old"
                            : std::string("of unknown age")) +
           ", so advisories published since are missing (run fledger db update, then update the "
           "assessment)";
  }
  return "";
}

// The common preconditions of the vulnerability checks: a result when they cannot decide.
std::optional<CheckResult> Undecidable(const ScaFacts& f) {
  if (!f.scan_problem.empty()) {
    return CheckResult{
        ReqStatus::kNeedsReview, {}, "the dependency scan failed: " + f.scan_problem};
  }
  if (f.manifests.empty()) {
    std::string note = "no dependency manifest or lockfile of the project was found";
    if (!f.failed.empty()) note += " (" + Count(f.failed.size(), "file", "files") + " unreadable)";
    note += "; vendored code and git submodules are not recognized";
    return CheckResult{ReqStatus::kNeedsReview, {}, note};
  }
  if (!f.db_problem.empty()) {
    return CheckResult{ReqStatus::kNeedsReview, ManifestRefs(f),
                       "dependencies not checked: " + f.db_problem};
  }
  return std::nullopt;
}

// Notes on what was set aside, appended to a decision: dev-only, suppressed, auxiliary.
std::string AsideNote(const ScaFacts& f, const std::vector<const Vuln*>& dev,
                      const std::vector<const Vuln*>& suppressed) {
  std::string out;
  if (!dev.empty()) {
    out +=
        "; dev-only dependencies (not shipped, but run on developer and CI machines): " + Ids(dev);
  }
  if (!suppressed.empty()) {
    out += "; " + Count(suppressed.size(), "finding", "findings") +
           " suppressed with a reason in .fledger/sca-ignore.yaml: " + Ids(suppressed);
  }
  if (!f.ignore_note.empty()) out += "; " + f.ignore_note;
  if (!f.auxiliary.empty()) {
    out += "; " + Count(f.auxiliary.size(), "manifest", "manifests") +
           " under examples or test fixtures not counted";
  }
  return out;
}

bool AtLeastMedium(const Vuln& v) {
  return v.severity_known && v.severity >= Severity::Of(Severity::Level::kMedium);
}
// Public for longer than `days` for certain (a lower bound suffices).
bool PublicLongerThan(const Vuln& v, int days) { return v.days_public > days; }
// Public for at most `days` for certain (needs the exact publication date).
bool PublicAtMost(const Vuln& v, int days) {
  return v.known_since_exact && v.days_public >= 0 && v.days_public <= days;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// The checks

CheckResult ScaDependenciesListed(const RepoSnapshot& repo) {
  const ScaFacts& f = Facts(repo);
  if (!f.scan_problem.empty()) {
    return {ReqStatus::kNeedsReview, {}, "the dependency scan failed: " + f.scan_problem};
  }
  if (f.manifests.empty()) {
    std::string note =
        "no package manifest or lockfile of the project was found; if it has no external "
        "dependencies this is n/a (vendored code, git submodules and build-system-only "
        "dependencies are not recognized)";
    if (!f.auxiliary.empty()) {
      note += "; " + Count(f.auxiliary.size(), "manifest", "manifests") +
              " under examples or test fixtures not counted";
    }
    return {ReqStatus::kNeedsReview, {}, note};
  }
  std::string note =
      Count(f.manifests.size(), "manifest or lockfile lists", "manifests and lockfiles list") +
      " the dependencies in a machine-readable form";
  if (!f.failed.empty()) {
    note += "; " + Count(f.failed.size(), "file", "files") + " could not be read";
  }
  return {ReqStatus::kMet, ManifestRefs(f), note};
}

CheckResult ScaKnownVulnerabilities(const RepoSnapshot& repo) {
  const ScaFacts& f = Facts(repo);
  if (auto r = Undecidable(f)) return *r;
  std::vector<const Vuln*> decisive, uncertain, recent, dev, suppressed;
  size_t low = 0;
  for (const auto& v : f.vulns) {
    if (!v.suppressed.empty()) {
      suppressed.push_back(&v);
      continue;
    }
    const bool below_medium = v.severity_known && !AtLeastMedium(v);
    if (below_medium) {
      low += !v.dev;
      continue;
    }
    if (PublicAtMost(v, kFixWindowDays)) {
      if (!v.dev) recent.push_back(&v);
      continue;
    }
    const bool certain = AtLeastMedium(v) && PublicLongerThan(v, kFixWindowDays);
    if (v.dev) {
      if (certain) dev.push_back(&v);
    } else {
      (certain ? decisive : uncertain).push_back(&v);
    }
  }
  std::string tail;
  if (!uncertain.empty() && !decisive.empty()) {
    tail += "; " + Count(DistinctIds(uncertain).size(), "more has", "more have") +
            " no severity or no publication date in the local data: " + Ids(uncertain);
  }
  if (!recent.empty()) {
    tail += "; public for 60 days or less (still in the fix window): " + Ids(recent);
  }
  if (low > 0)
    tail += "; " + Count(low, "low-severity finding", "low-severity findings") + " not counted";
  tail += AsideNote(f, dev, suppressed);
  tail += " (" + DataNote(f) + "; the project's own advisories are not checked)";

  std::vector<EvidenceRef> ev;
  if (!decisive.empty()) {
    AddRefs(decisive, ev);
    AddRefs(uncertain, ev);
    AddRefs(dev, ev);
    return {ReqStatus::kUnmet, std::move(ev),
            Count(DistinctIds(decisive).size(), "known vulnerability", "known vulnerabilities") +
                " of medium or higher severity, public for more than 60 days, in production "
                "dependencies: " +
                Ids(decisive) + tail};
  }
  if (!uncertain.empty()) {
    AddRefs(uncertain, ev);
    AddRefs(dev, ev);
    return {ReqStatus::kNeedsReview, std::move(ev),
            Count(DistinctIds(uncertain).size(), "known vulnerability", "known vulnerabilities") +
                " in production dependencies without a severity rating or publication date in "
                "the local data, so the 60-day rule cannot be applied: " +
                Ids(uncertain) + tail};
  }
  if (!dev.empty()) {
    AddRefs(dev, ev);
    return {ReqStatus::kPartial, std::move(ev),
            "no production dependency has a known vulnerability of medium or higher severity "
            "public for more than 60 days, but dev-only ones do" +
                tail};
  }
  if (const std::string why = CannotClaimNone(f); !why.empty()) {
    return {ReqStatus::kNeedsReview, ManifestRefs(f),
            "no known vulnerability found in " + Count(f.checked, "package", "packages") +
                ", but " + why + tail};
  }
  return {ReqStatus::kMet, ManifestRefs(f),
          "no known vulnerability of medium or higher severity public for more than 60 days in " +
              Count(f.checked, "package", "packages") + " from " +
              Count(f.manifests.size(), "manifest", "manifests") + tail};
}

CheckResult ScaCriticalVulnerabilities(const RepoSnapshot& repo) {
  const ScaFacts& f = Facts(repo);
  if (auto r = Undecidable(f)) return *r;
  const Severity critical = Severity::Of(Severity::Level::kCritical);
  std::vector<const Vuln*> crit, unknown, dev, suppressed;
  for (const auto& v : f.vulns) {
    if (!v.suppressed.empty()) {
      if (!v.severity_known || v.severity == critical) suppressed.push_back(&v);
      continue;
    }
    if (v.severity_known && v.severity == critical) {
      (v.dev ? dev : crit).push_back(&v);
    } else if (!v.severity_known && !v.dev) {
      unknown.push_back(&v);
    }
  }
  std::string tail;
  if (!unknown.empty() && !crit.empty()) {
    tail += "; " + Count(DistinctIds(unknown).size(), "more has", "more have") +
            " no severity rating in the local data: " + Ids(unknown);
  }
  tail += AsideNote(f, dev, suppressed);
  tail += " (" + DataNote(f) + ")";
  std::vector<EvidenceRef> ev;
  if (!crit.empty()) {
    AddRefs(crit, ev);
    AddRefs(dev, ev);
    return {ReqStatus::kUnmet, std::move(ev),
            Count(DistinctIds(crit).size(), "critical vulnerability", "critical vulnerabilities") +
                " known in production dependencies and not fixed: " + Ids(crit) + tail};
  }
  if (!unknown.empty()) {
    AddRefs(unknown, ev);
    AddRefs(dev, ev);
    return {ReqStatus::kNeedsReview, std::move(ev),
            Count(DistinctIds(unknown).size(), "known vulnerability", "known vulnerabilities") +
                " in production dependencies without a severity rating in the local data (any "
                "could be critical): " +
                Ids(unknown) + tail};
  }
  if (!dev.empty()) {
    AddRefs(dev, ev);
    return {ReqStatus::kPartial, std::move(ev),
            "no production dependency has a known critical vulnerability, but dev-only ones "
            "do" +
                tail};
  }
  if (const std::string why = CannotClaimNone(f); !why.empty()) {
    return {ReqStatus::kNeedsReview, ManifestRefs(f),
            "no known critical vulnerability found, but " + why + tail};
  }
  return {ReqStatus::kMet, ManifestRefs(f),
          "no known critical vulnerability in " + Count(f.checked, "package", "packages") + tail};
}

namespace {

// CI steps that check dependencies for known vulnerabilities.
const RE2& ScaToolPattern() {
  static const RE2 re(
      R"((?i)(osv-scanner|\btrivy(-action|\s+(fs|filesystem|repo|repository|rootfs|sbom|image)\b)|\bgrype\b|anchore/scan-action|dependency-check|\bsnyk\s+(test|monitor)|snyk/actions|\bnpm\s+audit|\byarn\s+(npm\s+)?audit|\bpnpm\s+audit|\bbun\s+audit|pip-audit|\bsafety\s+(check|scan)|cargo[\s-]audit|cargo[\s-]deny|bundler?[\s-]audit|govulncheck|\bfledger\s+(sca|scan)\b|dependency-review-action|Dependency-Scanning\.gitlab-ci\.yml|--vulnerable\b|\bcomposer\s+audit|\bmix\s+deps\.audit|ossindex))");
  return re;
}
// Lines that only install a tool do not run it.
const RE2& InstallOnly() {
  static const RE2 re(
      R"((?i)^\s*(-\s*)?(run:\s*)?(pip3?|pipx|npm|gem|cargo|go|brew|apt(-get)?)\s+(install|add|get)\b)");
  return re;
}

std::vector<EvidenceRef> ScaToolsInCi(const RepoSnapshot& repo) {
  std::vector<const fs::FileEntry*> files;
  std::set<const fs::FileEntry*> seen;
  for (std::string_view g :
       {"/.github/workflows/*.yml", "/.github/workflows/*.yaml", "/.gitlab-ci.yml",
        "/.gitlab-ci/*.yml", "/.circleci/config.yml", "/.travis.yml", "/azure-pipelines.yml",
        "/jenkinsfile", "/.buildkite/*", "/.cirrus.yml", "/appveyor.yml", "/.appveyor.yml",
        "/.drone.yml", "/.ci/*", "/bitbucket-pipelines.yml", "/.woodpecker.yml",
        "/.woodpecker/*"}) {
    for (const auto* f : repo.Glob(g)) {
      if (seen.insert(f).second) files.push_back(f);
    }
  }
  std::sort(files.begin(), files.end(),
            [](const auto* a, const auto* b) { return a->path < b->path; });
  std::vector<EvidenceRef> out;
  for (const auto* f : files) {
    const std::string* text = repo.Content(f->path);
    if (text == nullptr || !RE2::PartialMatch(*text, ScaToolPattern())) continue;
    int n = 0;
    for (const auto& raw : Split(*text, '\n')) {
      ++n;
      const std::string_view line = Trim(raw);
      if (StartsWith(line, "#") || StartsWith(line, "//")) continue;
      if (!RE2::PartialMatch(line, ScaToolPattern()) || RE2::PartialMatch(line, InstallOnly()))
        continue;
      out.push_back({f->path, n, Truncate(Redact(line), 160)});
      if (out.size() >= 5) return out;
    }
  }
  return out;
}

}  // namespace

CheckResult ScaDependencyMonitoring(const RepoSnapshot& repo) {
  std::vector<EvidenceRef> monitoring;
  std::string how;
  if (const RepoCheck* updates = FindRepoCheck("repo.dependency_updates")) {
    const CheckResult u = updates->run(repo);
    if (u.status == ReqStatus::kMet) {
      monitoring = u.evidence;
      how = u.note;
    }
  }
  const auto tools = ScaToolsInCi(repo);
  if (!tools.empty()) {
    how += std::string(how.empty() ? "" : "; ") + "a vulnerability scanner runs in CI (" +
           tools.front().path.str() + ":" + std::to_string(tools.front().line) + ")";
    monitoring.insert(monitoring.end(), tools.begin(), tools.end());
  }

  const ScaFacts& f = Facts(repo);
  std::vector<const Vuln*> stale, uncertain, suppressed;
  const bool decidable = f.scan_problem.empty() && f.db_problem.empty() && !f.manifests.empty();
  if (decidable) {
    for (const auto& v : f.vulns) {
      if (!v.suppressed.empty()) {
        suppressed.push_back(&v);
      } else if (PublicLongerThan(v, kMonitoringWindowDays)) {
        stale.push_back(&v);
      } else if (!PublicAtMost(v, kMonitoringWindowDays)) {
        uncertain.push_back(&v);
      }
    }
  }
  size_t stale_dev = 0;
  for (const auto* v : stale) stale_dev += v->dev;
  const std::string stale_note =
      Count(DistinctIds(stale).size(), "known vulnerability", "known vulnerabilities") +
      " public for more than 30 days remain" +
      (stale_dev > 0 ? " (" + std::to_string(stale_dev) + " in dev-only dependencies)" : "") +
      ": " + Ids(stale);

  if (monitoring.empty() && f.scan_problem.empty() && f.manifests.empty()) {
    return {ReqStatus::kNeedsReview,
            {},
            "nothing monitors dependencies, and no dependency manifest of the project was found: "
            "a project without external dependencies is n/a (system libraries, vendored code and "
            "git submodules are not recognized)"};
  }
  if (monitoring.empty()) {
    std::string note =
        "no dependency update tool (Dependabot, Renovate) and no vulnerability scanner in CI "
        "(osv-scanner, Trivy, Grype, Dependency-Check, Snyk, npm audit, pip-audit, cargo audit, "
        "govulncheck, fledger sca, dependency-review-action)";
    std::vector<EvidenceRef> ev;
    if (!stale.empty()) {
      note += "; " + stale_note;
      AddRefs(stale, ev);
    }
    return {ReqStatus::kUnmet, std::move(ev), note};
  }
  if (!decidable) {
    const std::string why =
        !f.scan_problem.empty() ? "the dependency scan failed: " + f.scan_problem
        : !f.db_problem.empty() ? f.db_problem
                                : std::string("no dependency manifest of the project was found");
    return {ReqStatus::kNeedsReview, std::move(monitoring),
            how + "; whether known vulnerabilities remain was not checked: " + why};
  }
  std::string tail = AsideNote(f, {}, suppressed) + " (" + DataNote(f) + ")";
  if (!stale.empty()) {
    std::vector<EvidenceRef> ev = monitoring;
    AddRefs(stale, ev);
    return {
        ReqStatus::kPartial, std::move(ev),
        how + ", but " + stale_note + " (fix them or record why they are not exploitable)" + tail};
  }
  if (!uncertain.empty()) {
    std::vector<EvidenceRef> ev = monitoring;
    AddRefs(uncertain, ev);
    return {ReqStatus::kNeedsReview, std::move(ev),
            how + "; " +
                Count(DistinctIds(uncertain).size(), "known vulnerability has",
                      "known vulnerabilities have") +
                " no publication date in the local data: " + Ids(uncertain) + tail};
  }
  if (const std::string why = CannotClaimNone(f); !why.empty()) {
    return {ReqStatus::kNeedsReview, std::move(monitoring),
            how + "; no known vulnerability older than 30 days found, but " + why + tail};
  }
  return {ReqStatus::kMet, std::move(monitoring),
          how + "; no known vulnerability public for more than 30 days in " +
              Count(f.checked, "package", "packages") + tail};
}

}  // namespace fledger::assess
