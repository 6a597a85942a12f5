// The dependency inventory every extractor produces: packages with their versions, scopes,
// manifest locations and edges (the model `fledger deps`, `fledger sca` and the SBOM share).
//
//   Package p = MakePackage(npm, "lodash", "4.17.20");
//   p.relationship = Relationship::kDirect;
//   p.line = 12;
//   inventory.packages.push_back(std::move(p));
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/primitives.h"

namespace fledger::sca {

// How a package reached the project, when the manifest says.
enum class Relationship { kUnknown, kDirect, kIndirect };
std::string_view RelationshipName(Relationship r);  // "unknown", "direct", "indirect"

// A content hash recorded by a lockfile (npm integrity, pip --hash, Cargo checksum, ...).
struct Hash {
  std::string algorithm;  // CycloneDX spelling: "SHA-1", "SHA-256", "SHA-384", "SHA-512", "MD5"
  std::string hex;        // lowercase hex digest
};

struct Package {
  Ecosystem ecosystem;
  // The name as the ecosystem writes it ("@babel/core", "Django", "org.slf4j:slf4j-api",
  // "github.com/gin-gonic/gin"). Maven names are "groupId:artifactId".
  std::string name;
  // The exact version; when `resolved` is false, the constraint as written ("^1.2", ">=2,<3"),
  // and empty when the manifest gives none.
  std::string version;
  bool resolved = true;
  Relationship relationship = Relationship::kUnknown;
  // Dependency groups as the manifest names them ("dev", "optional", "peer", "test", ...). A
  // package is dev-only when `dev` is set: no production path reaches it.
  std::vector<std::string> groups;
  bool dev = false;
  bool optional = false;
  // Where it is declared: set by the scan driver to the manifest's path; `line` is 1-based, 0 when
  // the format has no useful line.
  RepoPath path = RepoPath::Root();
  int line = 0;
  int end_line = 0;
  // A key unique within one inventory (default "name@version"), used by `depends_on`.
  std::string id;
  std::vector<std::string> depends_on;  // ids of packages this one requires
  std::string commit;                   // VCS commit for git dependencies
  std::string source_url;               // resolved/registry URL when the lockfile records one
  std::vector<Hash> hashes;
  std::vector<std::string> licenses;  // SPDX ids or expressions, as recorded
  // The scanned project itself or one of its workspace members, as some lockfiles record it
  // (npm's "" entry, a uv root, a .NET project in deps.json): not a third-party dependency. The
  // scan driver keeps these apart from the dependencies (DependencyScan::projects).
  bool project = false;
};

// A package of `ecosystem` named `name` at `version` with id "name@version".
Package MakePackage(const Ecosystem& ecosystem, std::string name, std::string version);

// The package URL (purl-spec) of a package: type from the ecosystem, Maven group as namespace,
// npm scope as namespace, PyPI name normalized; no version when it is unresolved or empty.
std::string PackagePurl(const Package& p);

// What one manifest or lockfile yields.
struct Inventory {
  std::vector<Package> packages;
  // Non-fatal problems in this file ("line 12: unknown source 'svn+...'"), shown as warnings.
  std::vector<std::string> warnings;
};

}  // namespace fledger::sca
