// The Package Analysis verbs under `deps`: tree, why, impact and sbom.
//
// Each runs the dependency scan (sca/scan.h) on PATH, a directory, a lockfile or a CycloneDX SBOM,
// prints warnings for files it could not use, and says when its answer is partial.
#include <ctime>
#include <iostream>
#include <span>
#include <sstream>

#include "assess/assessment.h"
#include "assess/evidence.h"
#include "cli/sca_common.h"
#include "core/input.h"
#include "core/json.h"
#include "core/log.h"
#include "core/text.h"
#include "fs/walker.h"
#include "sca/graph.h"
#include "sca/imports/imports.h"
#include "sca/osv/match.h"
#include "sca/sbom/cyclonedx.h"
#include "sca/scan.h"

namespace fledger::cli {
namespace {

namespace stdfs = std::filesystem;
using Json = nlohmann::ordered_json;

struct DepsArgs {
  std::string path = ".";
  std::string package;  // why / impact
  std::string depth_text;
  int depth = 0;  // 0: unlimited
  std::string max_paths_text;
  int max_paths = 100;
  bool prod_only = false;
  // impact
  std::string vuln_db;
  std::string max_age_text;
  int max_age_days = 7;
  std::string save;
  std::string category = "Package Analysis";
  std::string subcategory = "Level 2: Practitioner";
  std::string out;
  // sbom
  std::string timestamp;  // --timestamp: "now", an RFC 3339 value, or "" (omitted)
};

Json PackageJson(const sca::Package& p, const sca::DependencyGraph& g, size_t i) {
  Json j;
  j["id"] = p.id;
  j["ecosystem"] = p.ecosystem.osv_name();
  j["name"] = p.name;
  j["version"] = p.version;
  j["resolved"] = p.resolved;
  j["purl"] = sca::PackagePurl(p);
  j["relationship"] = std::string(sca::RelationshipName(p.relationship));
  j["root"] = g.IsRoot(i);
  j["dev"] = p.dev;
  if (p.optional) j["optional"] = true;
  if (!p.groups.empty()) j["groups"] = p.groups;
  j["location"] = {{"path", p.path.str()}, {"line", p.line}};
  Json deps = Json::array();
  for (size_t c : g.Children(i)) deps.push_back(g.packages()[c].id);
  j["depends_on"] = std::move(deps);
  return j;
}

Json ManifestsJson(const sca::DependencyScan& scan) {
  Json out = Json::array();
  for (const auto& m : scan.manifests) {
    Json j;
    j["path"] = m.path.str();
    j["extractor"] = m.extractor;
    j["packages"] = m.packages;
    if (m.error) j["error"] = m.error->ToString();
    if (!m.superseded_by.empty()) j["superseded_by"] = m.superseded_by;
    if (!m.warnings.empty()) j["warnings"] = m.warnings;
    out.push_back(std::move(j));
  }
  return out;
}

Status ValidateDeps(CommonFlags& flags, DepsArgs& args, bool needs_package) {
  FLEDGER_RETURN_IF_ERROR(ValidateCommonFlags(flags, false));
  if (!args.depth_text.empty()) {
    FLEDGER_TRY(args.depth, ParseIntFlag("--depth", args.depth_text, 1, 1000));
  }
  if (!args.max_paths_text.empty()) {
    FLEDGER_TRY(args.max_paths, ParseIntFlag("--max-paths", args.max_paths_text, 1, 100000));
  }
  if (!args.max_age_text.empty()) {
    FLEDGER_TRY(args.max_age_days, ParseIntFlag("--max-age-days", args.max_age_text, 0, 36500));
  }
  FLEDGER_RETURN_IF_ERROR(CheckVulnDbFlag(args.vuln_db));
  if (!args.save.empty()) {
    if (args.save != "user" && args.save != "project") {
      return FlagError("--save", args.save, ValidationStep::kSemantics, "expected user or project");
    }
    if (Trim(args.category).empty() || Trim(args.subcategory).empty()) {
      return FlagError("--save", args.save, ValidationStep::kSemantics,
                       "needs a non-empty --category and --subcategory");
    }
    const stdfs::path out_dir = args.out.empty() ? stdfs::path(".") : stdfs::path(args.out);
    const auto kind =
        args.save == "user" ? assess::AssessmentKind::kUser : assess::AssessmentKind::kProject;
    FLEDGER_RETURN_IF_ERROR(CheckWritableDir(args.out.empty() ? "output directory" : "--out",
                                             out_dir.string(),
                                             assess::AssessmentDir(out_dir, kind)));
  }
  if (needs_package && Trim(args.package).empty()) {
    return FlagError("PKG", args.package, ValidationStep::kLexical, "empty package name");
  }
  std::error_code ec;
  if (!stdfs::exists(args.path, ec)) {
    return FlagError("PATH", args.path, ValidationStep::kOrigin, "no such file or directory");
  }
  return {};
}

// ---- deps tree ---------------------------------------------------------------------------

void PrintTree(const sca::DependencyGraph& g, size_t node, const std::string& prefix, bool last,
               int depth, int max_depth, std::vector<bool>& expanded, std::ostringstream& out) {
  const sca::Package& p = g.packages()[node];
  out << prefix << (last ? "└── " : "├── ") << EscapeTerminal(sca::PackageLabel(p));
  if (p.dev) out << " (dev)";
  const auto& kids = g.Children(node);
  if (expanded[node] && !kids.empty()) {
    out << " (*)\n";  // shown in full above: trees of real projects repeat subtrees a lot
    return;
  }
  out << "\n";
  expanded[node] = true;
  if (max_depth > 0 && depth >= max_depth) return;
  for (size_t k = 0; k < kids.size(); ++k) {
    PrintTree(g, kids[k], prefix + (last ? "    " : "│   "), k + 1 == kids.size(), depth + 1,
              max_depth, expanded, out);
  }
}

int RunDepsTree(const CommonFlags& flags, const DepsArgs& args) {
  auto scan = ScanAndLog(flags, args.path);
  if (!scan.ok()) return ReportError(scan.error());
  const auto& s = scan.value();
  const sca::DependencyGraph g(s.packages);
  if (flags.parsed_format == report::Format::kJson) {
    Json doc;
    doc["schema_version"] = 1;
    doc["partial"] = s.partial();
    doc["manifests"] = ManifestsJson(s);
    Json pkgs = Json::array();
    for (size_t i = 0; i < s.packages.size(); ++i) {
      if (args.prod_only && s.packages[i].dev) continue;
      pkgs.push_back(PackageJson(s.packages[i], g, i));
    }
    doc["packages"] = std::move(pkgs);
    return Emit(flags, DumpJson(doc));
  }
  std::ostringstream out;
  const auto roots = g.Roots();
  for (const auto& m : s.manifests) {
    if (m.error || !m.superseded_by.empty()) continue;
    out << EscapeTerminal(m.path.str()) << " (" << m.extractor << ", " << m.packages
        << " packages)\n";
    std::vector<size_t> mine;
    for (size_t r : roots) {
      if (s.packages[r].path == m.path && !(args.prod_only && s.packages[r].dev)) mine.push_back(r);
    }
    std::vector<bool> expanded(s.packages.size(), false);
    for (size_t k = 0; k < mine.size(); ++k) {
      PrintTree(g, mine[k], "", k + 1 == mine.size(), 1, args.depth, expanded, out);
    }
    out << "\n";
  }
  if (s.manifests.empty()) out << "No lockfiles or manifests found.\n";
  out << PartialNote(s);
  return Emit(flags, out.str());
}

// ---- deps why ----------------------------------------------------------------------------

int RunDepsWhy(const CommonFlags& flags, const DepsArgs& args) {
  auto scan = ScanAndLog(flags, args.path);
  if (!scan.ok()) return ReportError(scan.error());
  const auto& s = scan.value();
  const sca::DependencyGraph g(s.packages);
  const auto targets = g.Find(args.package);
  if (targets.empty()) {
    return ReportError(Error{ErrorCode::kNotFound,
                             "no package by that name in the scanned "
                             "manifests (try fledger deps tree)",
                             Truncate(args.package, 80), ValidationStep::kSemantics});
  }
  Json doc;
  doc["schema_version"] = 1;
  doc["query"] = args.package;
  doc["partial"] = s.partial();
  Json results = Json::array();
  std::ostringstream out;
  for (size_t t : targets) {
    const sca::Package& p = s.packages[t];
    const auto paths = g.PathsTo(t, static_cast<size_t>(args.max_paths));
    out << EscapeTerminal(sca::PackageLabel(p)) << " in " << EscapeTerminal(p.path.str());
    if (p.line > 0) out << ":" << p.line;
    out << (p.dev ? " (dev)" : "") << ": " << paths.paths.size() << (paths.truncated ? "+" : "")
        << " path(s)\n";
    Json r;
    r["package"] = PackageJson(p, g, t);
    Json jpaths = Json::array();
    for (const auto& path : paths.paths) {
      Json jp = Json::array();
      out << "  ";
      for (size_t k = 0; k < path.size(); ++k) {
        const sca::Package& q = s.packages[path[k]];
        out << (k ? " > " : "") << EscapeTerminal(sca::PackageLabel(q));
        jp.push_back(q.id);
      }
      out << (path.size() == 1 ? "  (direct)" : "") << "\n";
      jpaths.push_back(std::move(jp));
    }
    if (paths.truncated) {
      out << "  ... more paths exist (raise --max-paths)\n";
    }
    r["paths"] = std::move(jpaths);
    r["truncated"] = paths.truncated;
    results.push_back(std::move(r));
  }
  out << PartialNote(s);
  doc["results"] = std::move(results);
  return Emit(flags, flags.parsed_format == report::Format::kJson ? DumpJson(doc) : out.str());
}

// ---- deps impact -------------------------------------------------------------------------

// Who depends on a package, the vulnerabilities it carries, and the project's source files that
// import it: the evidence for the Package Analysis practice.
int RunDepsImpact(const CommonFlags& flags, const DepsArgs& args) {
  const auto kind =
      args.save == "user" ? assess::AssessmentKind::kUser : assess::AssessmentKind::kProject;
  const stdfs::path out_dir = args.out.empty() ? stdfs::path(".") : stdfs::path(args.out);
  // Read the evidence file before any work, so a malformed one stops the run before output.
  std::optional<assess::EvidenceFile> evidence;
  stdfs::path evidence_path;
  if (!args.save.empty()) {
    if (const Status safe = assess::CheckWorkspace(out_dir, kind); !safe.ok()) {
      return ReportError(safe.error());
    }
    evidence_path = assess::EvidencePath(out_dir, kind);
    auto file = assess::EvidenceFile::Load(evidence_path);
    if (!file.ok()) return ReportError(file.error());
    evidence.emplace(std::move(file).value());
  }
  auto scan = ScanAndLog(flags, args.path);
  if (!scan.ok()) return ReportError(scan.error());
  const auto& s = scan.value();
  const sca::DependencyGraph g(s.packages);
  const auto targets = g.Find(args.package);
  if (targets.empty()) {
    return ReportError(Error{ErrorCode::kNotFound,
                             "no package by that name in the scanned manifests (try fledger deps "
                             "tree)",
                             Truncate(args.package, 80), ValidationStep::kSemantics});
  }
  auto db = OpenVulnDb(args.vuln_db, args.max_age_days);
  if (!db.ok()) return ReportError(db.error());
  std::vector<sca::Package> wanted;
  for (size_t t : targets) wanted.push_back(s.packages[t]);
  auto matches = sca::osv::MatchPackages(db.value(), wanted);
  if (!matches.ok()) return ReportError(matches.error());
  std::vector<std::vector<sca::osv::VulnMatch>> vulns(targets.size());
  for (const auto& pv : matches.value().packages) vulns[pv.package_index] = pv.vulns;

  // Source files that import it: one walk of the tree that holds the manifests.
  std::error_code ec;
  const stdfs::path tree = stdfs::is_directory(args.path, ec) ? stdfs::path(args.path) : s.root;
  fs::WalkOptions wo;
  wo.jobs = flags.jobs;
  wo.extra_ignores = {"node_modules/"};
  auto walker = fs::Walker::Open(tree, wo);
  if (!walker.ok()) return ReportError(walker.error());
  auto files = walker.value().List();
  if (!files.ok()) return ReportError(files.error());
  const auto index = sca::imports::ImportIndex::Build(walker.value(), files.value());
  const std::span<const sca::Package> inventory(s.packages);

  Json doc;
  doc["schema_version"] = 1;
  doc["query"] = args.package;
  doc["partial"] = s.partial();
  doc["files_scanned_for_imports"] = index.files_scanned();
  const auto age = db.value().AgeDays();
  doc["vulnerability_data_age_days"] = age ? Json(*age) : Json(nullptr);
  Json results = Json::array();
  std::ostringstream out;
  std::vector<assess::EvidenceHit> hits;
  std::string description;
  for (size_t k = 0; k < targets.size(); ++k) {
    const size_t t = targets[k];
    const sca::Package& p = s.packages[t];
    Json r;
    r["package"] = PackageJson(p, g, t);
    out << EscapeTerminal(sca::PackageLabel(p)) << " (" << p.ecosystem.osv_name() << ") in "
        << EscapeTerminal(p.path.str()) << (p.line > 0 ? ":" + std::to_string(p.line) : "") << ", "
        << (p.dev ? "dev" : "prod") << ", "
        << (g.IsRoot(t) ? "direct" : std::string(sca::RelationshipName(p.relationship)))
        << "\n  purl " << EscapeTerminal(sca::PackagePurl(p)) << "\n";
    // Who depends on it.
    Json dependents = Json::array();
    std::string names;
    for (size_t parent : g.Parents(t)) {
      dependents.push_back(s.packages[parent].id);
      names += (names.empty() ? "" : ", ") + sca::PackageLabel(s.packages[parent]);
    }
    r["dependents"] = std::move(dependents);
    out << "  required by: "
        << (names.empty() ? "nothing (a direct dependency)" : EscapeTerminal(names)) << "\n";
    Json introduced = Json::array();
    std::string roots;
    for (size_t root : g.IntroducedBy(t)) {
      introduced.push_back(s.packages[root].id);
      roots += (roots.empty() ? "" : ", ") + sca::PackageLabel(s.packages[root]);
    }
    r["introduced_by"] = std::move(introduced);
    out << "  introduced by: " << EscapeTerminal(roots) << "\n";
    const auto paths = g.PathsTo(t, 5);
    Json jpaths = Json::array();
    for (const auto& path : paths.paths) {
      std::string line;
      Json jp = Json::array();
      for (size_t i = 0; i < path.size(); ++i) {
        line += (i ? " > " : "") + sca::PackageLabel(s.packages[path[i]]);
        jp.push_back(s.packages[path[i]].id);
      }
      jpaths.push_back(std::move(jp));
      out << "  path: " << EscapeTerminal(line) << "\n";
      if (description.size() < 2000) description += "path: " + line + "; ";
    }
    if (paths.truncated) out << "  ... more paths (fledger deps why lists them all)\n";
    r["paths"] = std::move(jpaths);
    // Vulnerabilities.
    Json jv = Json::array();
    if (!p.resolved) {
      out << "  vulnerabilities: not checked (a version range, not an exact version)\n";
    } else if (vulns[k].empty()) {
      out << "  vulnerabilities: none known in the local database"
          << (age ? " (data " + std::to_string(*age) + " days old)" : std::string()) << "\n";
    }
    for (const auto& v : vulns[k]) {
      Json j{{"id", v.id},
             {"aliases", v.aliases},
             {"severity", std::string(v.severity.name())},
             {"summary", v.summary},
             {"fixed_version", v.fixed_version}};
      jv.push_back(std::move(j));
      out << "  vulnerability " << EscapeTerminal(v.id) << " (" << v.severity.name() << ")"
          << (v.fixed_version.empty() ? ", no fix known"
                                      : ", fixed in " + EscapeTerminal(v.fixed_version))
          << (v.summary.empty() ? "" : ": " + EscapeTerminal(Truncate(v.summary, 100))) << "\n";
      if (description.size() < 2000)
        description += v.id + " (" + std::string(v.severity.name()) + "); ";
    }
    r["vulnerabilities"] = std::move(jv);
    r["vulnerabilities_checked"] = p.resolved;
    // Source files that import it.
    const auto sites = index.SitesFor(p, inventory);
    Json js = Json::array();
    out << "  imported at " << sites.size() << " place(s)" << (sites.empty() ? "" : ":") << "\n";
    size_t shown = 0;
    for (const auto& site : sites) {
      js.push_back({{"path", site.path.str()},
                    {"line", site.line},
                    {"column", site.column},
                    {"module", site.module},
                    {"language", std::string(sca::imports::LanguageName(site.language))},
                    {"confidence", std::string(ConfidenceName(site.confidence))}});
      if (shown++ < 50) {
        out << "    " << EscapeTerminal(site.path.str()) << ":" << site.line << "  "
            << EscapeTerminal(site.module)
            << (site.confidence == Confidence::kHigh
                    ? ""
                    : " (" + std::string(ConfidenceName(site.confidence)) + " confidence)")
            << "\n";
      }
      hits.push_back({site.path.str(),
                      std::to_string(site.line),
                      Truncate(site.module, 200),
                      {std::string(sca::imports::LanguageName(site.language))},
                      ""});
    }
    if (sites.size() > 50) out << "    ... " << sites.size() - 50 << " more (--format json)\n";
    r["imported_at"] = std::move(js);
    results.push_back(std::move(r));
    out << "\n";
  }
  out << PartialNote(s);
  doc["results"] = std::move(results);

  if (evidence) {
    const sca::Package& first = s.packages[targets.front()];
    assess::EvidenceRecord record;
    record.name = "deps impact " + sca::PackageLabel(first);
    record.pattern = sca::PackagePurl(first);
    record.type = "code";
    record.category = args.category;
    record.subcategory = args.subcategory;
    record.description = Truncate(description, 4000);
    std::error_code cec;
    record.root = stdfs::weakly_canonical(tree, cec).string();
    record.records.push_back(hits);
    // Machine-readable facts the impact.* checks of the skill catalog read back.
    nlohmann::ordered_json facts;
    facts["purl"] = sca::PackagePurl(first);
    facts["manifest"] = first.path.str();
    facts["line"] = first.line;
    facts["direct"] = g.IsRoot(targets.front());
    facts["call_sites"] = hits.size();
    facts["advisories_checked"] = first.resolved;
    facts["vulnerability_data_age_days"] = age ? nlohmann::ordered_json(*age) : nullptr;
    {
      // The day of the lookup, which an advisory record must state ("none known as of ...").
      const std::time_t now = std::time(nullptr);
      std::tm tm{};
      gmtime_r(&now, &tm);
      char day[16];
      std::strftime(day, sizeof(day), "%Y-%m-%d", &tm);
      facts["checked_at"] = day;
    }
    nlohmann::ordered_json ids = nlohmann::ordered_json::array();
    for (const auto& v : vulns.front()) ids.push_back(v.id);
    facts["advisories"] = std::move(ids);
    record.extra["fledger_impact"] = std::move(facts);
    const bool changed = evidence->Upsert(std::move(record));
    if (changed) {
      if (const Status w = WriteFileAtomic(evidence_path, evidence->Serialize()); !w.ok()) {
        return ReportError(w.error());
      }
    }
    if (!flags.quiet) {
      std::cerr << (changed ? "Saved evidence to " : "Evidence already recorded in ")
                << EscapeTerminal(evidence_path.string()) << "\n";
    }
  }
  return Emit(flags, flags.parsed_format == report::Format::kJson ? DumpJson(doc) : out.str());
}

// ---- deps sbom ---------------------------------------------------------------------------

int RunDepsSbom(const CommonFlags& flags, const DepsArgs& args) {
  auto scan = ScanAndLog(flags, args.path);
  if (!scan.ok()) return ReportError(scan.error());
  const auto& s = scan.value();
  if (s.partial()) {
    Log(LogLevel::kWarn, "the SBOM is partial: " + PartialNote(s));
  }
  sca::SbomMeta meta;
  std::error_code ec;
  const stdfs::path abs = stdfs::weakly_canonical(stdfs::absolute(args.path, ec), ec);
  meta.root_name = stdfs::is_directory(abs, ec) ? abs.filename().string() : abs.stem().string();
  if (meta.root_name.empty()) meta.root_name = "project";
  meta.tool_version = FLEDGER_VERSION;
  if (args.timestamp == "now") {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buf[32];
    std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
    meta.timestamp = buf;
  } else {
    meta.timestamp = args.timestamp;
  }
  std::vector<sca::Package> packages;
  for (const auto& p : s.packages) {
    if (args.prod_only && p.dev) continue;
    packages.push_back(p);
  }
  const std::string doc = sca::WriteCycloneDx(packages, meta);
  if (!flags.quiet && !flags.output.empty()) {
    std::cerr << "Wrote " << packages.size() << " component(s) to " << EscapeTerminal(flags.output)
              << "\n";
  }
  return Emit(flags, doc);
}
}  // namespace

void AddDepsVerbs(CLI::App& app, VerbTable& table) {
  CommonFlags& flags = table.flags;
  std::optional<Verb>& verb = table.verb;
  auto& deps_args = table.Own<DepsArgs>();

  auto* deps = app.add_subcommand(
      "deps", "Package Analysis: the dependency graph, why a package is here, its impact, SBOM");
  deps->require_subcommand(1);

  auto* tree = deps->add_subcommand("tree", "Print the dependency tree of every lockfile");
  tree->add_option("path", deps_args.path,
                   "Directory, lockfile or CycloneDX SBOM to read (default: .)");
  tree->add_option("--depth", deps_args.depth_text, "Print at most N levels (default: all)")
      ->type_name("INT");
  tree->add_flag("--prod", deps_args.prod_only, "Leave out dev-only dependencies");
  AddCommonFlags(tree, flags, false);
  tree->callback([&] {
    verb = Verb{[&] { return ValidateDeps(flags, deps_args, false); },
                [&] { return RunDepsTree(flags, deps_args); }};
  });

  auto* why = deps->add_subcommand(
      "why", "Every path from a direct dependency down to PKG (name, name@version or purl)");
  why->add_option("package", deps_args.package, "Package: name, name@version or purl")->required();
  why->add_option("path", deps_args.path,
                  "Directory, lockfile or CycloneDX SBOM to read (default: .)");
  why->add_option("--max-paths", deps_args.max_paths_text,
                  "Print at most N paths per package (default 100)")
      ->type_name("INT");
  AddCommonFlags(why, flags, false);
  why->callback([&] {
    verb = Verb{[&] { return ValidateDeps(flags, deps_args, true); },
                [&] { return RunDepsWhy(flags, deps_args); }};
  });
  auto* impact = deps->add_subcommand(
      "impact", "Who depends on PKG, its vulnerabilities, and the source files that import it");
  impact->add_option("package", deps_args.package, "Package: name, name@version or purl")
      ->required();
  impact->add_option("path", deps_args.path,
                     "Directory, lockfile or CycloneDX SBOM to read (default: .)");
  impact->add_option("--vuln-db", deps_args.vuln_db,
                     "Vulnerability database (default: $FLEDGER_VULN_DB, else "
                     "$XDG_DATA_HOME/fledger/vulns.db)");
  impact
      ->add_option("--max-age-days", deps_args.max_age_text,
                   "Warn when the vulnerability data is older than N days (default 7)")
      ->type_name("INT");
  impact->add_option("--save", deps_args.save, "Record the impact as evidence: user or project");
  impact->add_option("--category", deps_args.category,
                     "Category to file the evidence under (default: Package Analysis)");
  impact->add_option("--subcategory", deps_args.subcategory,
                     "Subcategory to file it under (default: Level 2: Practitioner)");
  impact->add_option("--out", deps_args.out, "Directory holding assessments/ (default: .)");
  AddCommonFlags(impact, flags, false);
  impact->callback([&] {
    verb = Verb{[&] { return ValidateDeps(flags, deps_args, true); },
                [&] { return RunDepsImpact(flags, deps_args); }};
  });

  auto* sbom = deps->add_subcommand("sbom", "Write a CycloneDX 1.6 JSON SBOM of the dependencies");
  sbom->add_option("path", deps_args.path, "Directory or lockfile to read (default: .)");
  sbom->add_option("--timestamp", deps_args.timestamp,
                   "metadata.timestamp: 'now' or an RFC 3339 time (default: none, so the same "
                   "tree gives the same bytes)");
  sbom->add_flag("--prod", deps_args.prod_only, "Leave out dev-only dependencies");
  AddCommonFlags(sbom, flags, false);
  sbom->callback([&] {
    verb = Verb{
        [&] {
          // The SBOM is always CycloneDX JSON; --format is accepted for symmetry only.
          if (flags.format != "table" && flags.format != "cyclonedx" && flags.format != "json") {
            return Status(FlagError("--format", flags.format, ValidationStep::kSemantics,
                                    "deps sbom writes CycloneDX JSON only"));
          }
          flags.format = "json";
          return ValidateDeps(flags, deps_args, false);
        },
        [&] { return RunDepsSbom(flags, deps_args); }};
  });
}

}  // namespace fledger::cli
