// The SCA pipeline: scan, match, findings.
#include "sca/sca.h"

#include <algorithm>

namespace fledger::sca {

namespace {

// OSV ids are [A-Za-z0-9-.:] in practice; a RuleId allows [A-Za-z0-9._/-], so ':' and anything
// unexpected become '-'.
RuleId SafeRuleId(const std::string& id) {
  std::string s;
  for (const char c : id.substr(0, 128)) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == '/' || c == '-';
    s += ok ? c : '-';
  }
  if (s.empty() || s[0] == '.' || s[0] == '-' || s[0] == '_' || s[0] == '/') s = "osv-" + s;
  auto r = RuleId::Parse(s);
  return r.ok() ? r.value() : RuleId::Parse("osv.unknown").value();
}

std::string Remediation(const Package& p, const osv::VulnMatch& v) {
  if (!v.fixed_version.empty()) {
    std::string text = "Upgrade " + p.name + " to " + v.fixed_version + " or later";
    if (p.relationship != Relationship::kDirect) {
      text += " (it is transitive: upgrade the direct dependency that brings it in, or pin it "
              "with an override or resolution)";
    }
    return text + ".";
  }
  return "No fixed version is known: remove or replace " + p.name +
         ", or mitigate and record the decision with a reason and an expiry in "
         ".fledger/sca-ignore.yaml or a VEX statement.";
}

// "a@1 > b@2 > c@3" for the shortest path from a direct dependency, or "" for a direct one.
std::string ShortestPath(const DependencyGraph& graph, size_t index) {
  if (graph.IsRoot(index)) return "";
  const auto paths = graph.PathsTo(index, 1);
  if (paths.paths.empty()) return "";
  std::string out;
  for (size_t k = 0; k < paths.paths.front().size(); ++k) {
    out += (k ? " > " : "") + PackageLabel(graph.packages()[paths.paths.front()[k]]);
  }
  return out;
}

}  // namespace

std::vector<Finding> VulnerabilityFindings(const DependencyScan& scan,
                                           const DependencyGraph& graph,
                                           const osv::MatchReport& matches) {
  std::vector<Finding> out;
  for (const auto& pv : matches.packages) {
    const Package& p = scan.packages[pv.package_index];
    const auto name = PackageName::Parse(p.ecosystem, p.name);
    if (!name.ok()) continue;  // cannot happen for matched packages: the index used this name
    const std::string path = ShortestPath(graph, pv.package_index);
    for (const auto& v : pv.vulns) {
      // RuleId and Fingerprint have no default, so they are given at construction. An exact
      // version inside an OSV range is a match, not a guess: high confidence.
      const RuleId rule = SafeRuleId(v.id);
      Finding f{rule,
                FindingKind::kVulnerability,
                v.severity,
                Confidence::kHigh,
                {},
                {},
                {},
                Fingerprint::Compute(
                    rule, p.path,
                    p.ecosystem.osv_name() + "/" + name.value().str() + "@" + p.version)};
      f.title = v.id + " in " + p.name + " " + p.version +
                (v.summary.empty() ? "" : ": " + v.summary);
      f.message = p.name + " " + p.version + " (" + p.ecosystem.osv_name() + ", " +
                  std::string(p.dev ? "dev" : "prod") + ", " +
                  std::string(RelationshipName(p.relationship)) + ") is affected by " + v.id;
      if (!v.aliases.empty()) {
        f.message += " (";
        for (size_t i = 0; i < v.aliases.size(); ++i) f.message += (i ? ", " : "") + v.aliases[i];
        f.message += ")";
      }
      f.message += v.fixed_version.empty() ? "; no fixed version is known."
                                           : "; fixed in " + v.fixed_version + ".";
      if (!v.severity_known) f.message += " Severity unknown: rated medium.";
      f.location.path = p.path;
      f.location.line = p.line;
      for (const auto& c : v.cwe_ids) {
        const auto cwe = CweId::Parse(c);
        if (cwe.ok()) f.cwes.push_back(cwe.value());
      }
      f.references = v.references;
      if (f.references.size() > 20) f.references.resize(20);
      f.references.insert(f.references.begin(), "https://osv.dev/vulnerability/" + v.id);
      f.aliases = v.aliases;
      f.remediation = {Remediation(p, v), v.fixed_version};
      f.evidence = path.empty() ? PackageLabel(p) + " (direct dependency)"
                                : "dependency path: " + path;
      PackageRef ref{p.ecosystem, name.value(), p.version, std::nullopt};
      const auto purl = Purl::Parse(PackagePurl(p));
      if (purl.ok()) ref.purl = purl.value();
      f.package = std::move(ref);
      out.push_back(std::move(f));
    }
  }
  return out;
}

Result<ScaResult> RunSca(const std::filesystem::path& target, const osv::VulnDb& db,
                         const ScaOptions& options) {
  ScaResult r;
  FLEDGER_TRY(r.scan, ScanDependencies(target, options.scan));
  // Dev-only packages are left out of the match when asked; indexes map back to the scan.
  std::vector<Package> to_match;
  std::vector<size_t> back;
  for (size_t i = 0; i < r.scan.packages.size(); ++i) {
    if (!options.include_dev && r.scan.packages[i].dev) continue;
    to_match.push_back(r.scan.packages[i]);
    back.push_back(i);
  }
  FLEDGER_TRY(r.matches, osv::MatchPackages(db, to_match));
  for (auto& pv : r.matches.packages) pv.package_index = back[pv.package_index];
  for (auto& u : r.matches.unresolved) u = back[u];
  r.packages_checked = to_match.size() - r.matches.unresolved.size();
  const DependencyGraph graph(r.scan.packages);
  r.findings = VulnerabilityFindings(r.scan, graph, r.matches);
  return r;
}

}  // namespace fledger::sca
