// The dependency scan: finds every manifest and lockfile in a tree (or reads one file, or a
// CycloneDX SBOM), runs the matching extractors, and returns one inventory with provenance.
//
// A malformed file is a warning naming the file and the failed step; the scan goes on with the
// others and says it is partial. A manifest that its own lockfile supersedes (package.json beside
// package-lock.json, go.sum beside go.mod) is not read.
//
//   Result<DependencyScan> s = ScanDependencies("/path/to/repo", ScanOptions{});
//   for (const Package& p : s.value().packages) ...
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "sca/package.h"

namespace fledger::sca {

struct ScanOptions {
  int jobs = 0;                 // threads for reading and extracting; 0 = number of cores
  uint64_t max_files = 500000;  // walker limit
  bool use_ignore_files = true;
};

// What happened to one file.
struct ManifestResult {
  RepoPath path = RepoPath::Root();
  std::string extractor;       // Extractor::Name(), or "cyclonedx" for an SBOM
  size_t packages = 0;         // packages it yielded
  std::optional<Error> error;  // set: the file was not used (warning)
  std::vector<std::string> warnings;
  std::string superseded_by;  // set: not read, because this lockfile beside it is authoritative
};

struct DependencyScan {
  std::filesystem::path root;     // canonical scan root (the SBOM's directory for an SBOM)
  std::vector<Package> packages;  // every dependency, `path` set, sorted by path then line
  // The projects themselves (Package::project), when a lockfile records them; their edges made
  // the packages they require direct.
  std::vector<Package> projects;
  std::vector<ManifestResult> manifests;
  std::vector<std::string> skipped;  // walker skips that matter ("x/package-lock.json: too large")
  bool from_sbom = false;

  // True if some manifest failed or was skipped: the results may be incomplete.
  bool partial() const;
};

// Scans `target`: a directory (every manifest under it), a lockfile or manifest (that one file,
// with its directory as the root), or a CycloneDX JSON SBOM (recognized by its content). Errors
// only for an unusable target (origin step); problems with single files are in `manifests`.
Result<DependencyScan> ScanDependencies(const std::filesystem::path& target,
                                        const ScanOptions& options);

// True if `text` looks like a CycloneDX JSON document (a "bomFormat": "CycloneDX" member near the
// start).
bool LooksLikeCycloneDx(std::string_view text);

}  // namespace fledger::sca
