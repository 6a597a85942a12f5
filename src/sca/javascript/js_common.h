// Helpers the JavaScript extractors share: npm names and specifiers, integrity hashes, git
// commits in resolved URLs, JSON member lines, the package.json beside a lockfile, and the
// dev/direct marking of a dependency graph.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/result.h"
#include "sca/extractor.h"
#include "sca/package.h"

namespace fledger::sca::javascript {

// The npm ecosystem every package of this family belongs to.
const fledger::Ecosystem& Npm();

// The context an error names: the file's repo path, or "<input>" for an unnamed input.
std::string ContextOf(const ExtractInput& input);

// A size error once a file yields more than kMaxPackagesPerFile packages.
Status CheckPackageCount(size_t count, const std::string& context);

// Splits "name@range" at the '@' after the name ("@scope/x@^1" -> {"@scope/x", "^1"}); the range
// is "" when there is no '@'.
std::pair<std::string, std::string> SplitNameAtRange(std::string_view spec);

// True if `s` starts with an ASCII digit.
bool StartsWithDigit(std::string_view s);

// The hashes of a Subresource Integrity string ("sha512-<base64> sha1-<base64>"), hex-encoded;
// unknown algorithms and bad base64 are skipped.
std::vector<Hash> IntegrityHashes(std::string_view integrity);

// The git commit a resolved URL or locator pins ("...#<hex>", "#commit=<hex>",
// "codeload.github.com/.../tar.gz/<hex>", "?ref=<hex>"), or "" when it pins none.
std::string CommitOf(std::string_view url);

// True if a dependency specifier points outside the registry (git, file, link, workspace, URL,
// GitHub shorthand), so its text is not a version range.
bool IsNonRegistrySpec(std::string_view spec);

// Lines of JSON object members whose value is an object or array, found by one lexical pass over
// text that already parsed as JSON. Paths are member names from the root.
class JsonMemberLines {
 public:
  explicit JsonMemberLines(std::string_view text);
  // {begin line, end line} of the member at `path` ({"packages", "node_modules/a"}); {0, 0} when
  // absent.
  std::pair<int, int> Find(std::initializer_list<std::string_view> path) const;
  std::pair<int, int> Find(const std::vector<std::string>& path) const;

 private:
  std::unordered_map<std::string, std::pair<int, int>> lines_;
};

// The dependencies a package.json declares, by group, name -> specifier.
struct DeclaredDeps {
  std::vector<std::pair<std::string, std::string>> prod, dev, optional, peer;
  bool Declares(std::string_view name) const;
  bool DeclaresOutsideDev(std::string_view name) const;
};
// The dependency maps of a package.json object (members that are not objects are ignored).
DeclaredDeps DeclaredDepsOf(const nlohmann::json& manifest);

// The package.json beside `input.path`, parsed; nullopt when there is no reader, no such file, or
// it does not parse (the lockfile is still read without it).
std::optional<nlohmann::json> ReadSiblingPackageJson(const ExtractInput& input);

// Sets `dev` on every package reachable through depends_on from `dev_roots` but from none of
// `prod_roots` (ids); packages reachable from prod_roots get dev = false. Linear in the graph.
void MarkDevByReachability(std::vector<Package>& packages,
                           const std::vector<std::string>& prod_roots,
                           const std::vector<std::string>& dev_roots);

// Packages keyed by (name, version, commit): a package installed at several places is reported
// once, dev (optional) only if every install is, at its first line, direct if any install is.
class PackageSet {
 public:
  // Adds or merges `p` (its id gets "#<commit>" for a git package, "#<variant>" for a variant such
  // as a yarn patch of the same version); returns its index.
  size_t Add(Package p, std::string_view variant = {});
  std::vector<Package>& packages() { return packages_; }
  size_t size() const { return packages_.size(); }

 private:
  std::vector<Package> packages_;
  std::unordered_map<std::string, size_t> index_;
};

// Sorts and deduplicates each package's groups and depends_on.
void NormalizePackages(std::vector<Package>& packages);

}  // namespace fledger::sca::javascript
