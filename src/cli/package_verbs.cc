// The Package Analysis verbs: deps (tree, why, impact, sbom), sca, db (import, update, status).
//
// Each runs the dependency scan (sca/scan.h) on PATH, a directory, a lockfile or a CycloneDX SBOM,
// prints warnings for files it could not use, and says when its answer is partial.
#include <iostream>
#include <sstream>

#include "cli/common.h"
#include "core/json.h"
#include "core/log.h"
#include "core/text.h"
#include "sca/graph.h"
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
  bool include_dev = true;
  bool prod_only = false;
};

// Runs the scan and logs what could not be used. Errors only for an unusable PATH.
Result<sca::DependencyScan> Scan(const CommonFlags& flags, const std::string& path) {
  sca::ScanOptions options;
  options.jobs = flags.jobs;
  FLEDGER_TRY(sca::DependencyScan scan, sca::ScanDependencies(path, options));
  for (const auto& m : scan.manifests) {
    if (m.error) {
      Log(LogLevel::kWarn, "skipped " + m.path.str() + ": " + m.error->ToString());
    } else if (!m.superseded_by.empty()) {
      Log(LogLevel::kInfo,
          "not reading " + m.path.str() + ": " + m.superseded_by + " beside it has exact versions");
    } else {
      Log(LogLevel::kInfo, "read " + m.path.str() + " (" + m.extractor + "): " +
                               std::to_string(m.packages) + " packages");
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
  auto scan = Scan(flags, args.path);
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
  auto scan = Scan(flags, args.path);
  if (!scan.ok()) return ReportError(scan.error());
  const auto& s = scan.value();
  const sca::DependencyGraph g(s.packages);
  const auto targets = g.Find(args.package);
  if (targets.empty()) {
    return ReportError(Error{ErrorCode::kNotFound, "no package by that name in the scanned "
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
    out << (p.dev ? " (dev)" : "") << ": " << paths.paths.size()
        << (paths.truncated ? "+" : "") << " path(s)\n";
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

}  // namespace

void AddPackageVerbs(CLI::App& app, VerbTable& table) {
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
  why->add_option("package", deps_args.package, "Package: name, name@version or purl")
      ->required();
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
}

}  // namespace fledger::cli
