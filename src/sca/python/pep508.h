// Helpers the Python extractors share: PEP 508 requirement strings, PEP 440 version syntax,
// PEP 503 names, hashes, and bounded TOML reading with source lines.
//
//   auto req = ParseRequirement("requests[socks] >= 2.8.1, == 2.8.* ; python_version < '3'");
//   req.value().name == "requests"; req.value().specifier == ">= 2.8.1, == 2.8.*"
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/primitives.h"
#include "core/result.h"
#include "sca/package.h"

namespace toml {
inline namespace v3 {
class node;
class table;
}  // namespace v3
}  // namespace toml

namespace fledger::sca::python {

// The PyPI ecosystem (parsed once).
const Ecosystem& PyPI();

// The PEP 503 normal form of a project name ("Foo_Bar.baz" -> "foo-bar-baz").
std::string NormalizeName(std::string_view name);

// True if `name` is a valid PEP 508 project name (ASCII letters and digits, '.', '_', '-' inside).
bool IsValidName(std::string_view name);

// True if `version` is a valid PEP 440 version (public and local parts, case-insensitive).
bool IsValidVersion(std::string_view version);

// A parsed PEP 508 requirement. Exactly one of `specifier` and `url` may be non-empty.
struct Requirement {
  std::string name;                 // as written
  std::vector<std::string> extras;  // as written
  std::string specifier;            // ">= 2.8.1, == 2.8.*" (trimmed), "" when none
  std::string url;                  // "name @ url" direct references
  std::string marker;               // environment marker after ';', trimmed
  bool has_env_var = false;         // the specifier holds an unexpanded ${VAR}
};

// Parses one requirement string; the error message says what is wrong (no context).
// Specifier versions are checked against PEP 440; `${VAR}` (pip's environment variables) is
// accepted in a version and left as written.
Result<Requirement> ParseRequirement(std::string_view text);

// The exact version a specifier pins ("==1.2.3" or "===1.2.3", one clause, no wildcard), or
// nullopt when it allows a range.
std::optional<std::string> PinnedVersion(std::string_view specifier);

// A PyPI package with version from `specifier`: resolved when pinned, else the specifier as
// written with resolved=false.
Package PackageFromSpecifier(std::string name, std::string_view specifier);

// "sha256:abc" (pip, uv, poetry) or {"sha256", "abc"} as a Hash; nullopt for unknown algorithms.
std::optional<Hash> ParseHash(std::string_view algorithm_colon_hex);
std::optional<Hash> MakeHash(std::string_view algorithm, std::string_view hex);

// Adds `p` to `inv` unless the file already has kMaxPackagesPerFile packages (size error).
Status AddPackage(Inventory& inv, Package p, const std::string& context);

// Size check plus a lexical bound on nesting (brackets, braces and dotted-key depth) before
// toml++ parses, then ParseManifestToml. toml++ recurses per nesting level, and a 50 000-deep
// array must be a size error, not a stack overflow.
Result<std::shared_ptr<toml::table>> ParsePythonToml(std::string_view text,
                                                     const std::string& context);

// The 1-based line where `node` starts, 0 when unknown or null.
int TomlLine(const toml::node* node);

// The string value of `table[key]`, "" when missing or not a string.
std::string TomlString(const toml::table& table, std::string_view key);

// The 1-based line of `table[key]` (its value), 0 when missing.
int TomlKeyLine(const toml::table& table, std::string_view key);

// Links every package's `depends_on` ids to the packages named by `deps` (normalized names;
// a version picks one when given, else every package of that name). Unknown names are ignored:
// lockfiles list platform-specific dependencies that were not locked.
struct DependencyRef {
  std::string name;
  std::string version;  // "" = any locked version
};
void LinkDependencies(std::vector<Package>& packages,
                      const std::vector<std::vector<DependencyRef>>& deps);

// Marks packages reachable from `direct_prod` ids (through depends_on) as production and the
// others reachable from `direct_dev` as dev; sets relationship direct for the roots and indirect
// for everything else. Used when a lockfile records the root project's dependencies.
void MarkFromRoots(std::vector<Package>& packages, const std::vector<std::string>& direct_prod,
                   const std::vector<std::string>& direct_dev);

}  // namespace fledger::sca::python
