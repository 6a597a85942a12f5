// The members of a package-lock.json v2/v3 "packages" map, as the extractor reads them, from two
// readers that must agree: simdjson On-Demand (the fast path, for megabyte lockfiles) and the
// nlohmann DOM (the reference, and the path for every text the fast one declines).
//
//   std::optional<LockEntries> fast = ReadLockEntries(text);
//   if (!fast) { FLEDGER_TRY(auto doc, ParseManifestJson(text, ctx)); ... LockEntriesOf(...); }
#pragma once

#include <array>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fledger::sca::javascript {

// The dependency groups of a package entry, in the order LockEntry::edges keeps them.
inline constexpr std::array<std::string_view, 4> kLockEdgeGroups = {
    "dependencies", "optionalDependencies", "peerDependencies", "devDependencies"};

// What the extractor reads of one entry (an object) of a package-lock.
struct LockEntry {
  std::string key;  // install path ("", "node_modules/a", "packages/x"); the name in v1
  std::string name, version, resolved, integrity;  // "" when absent or not a string
  std::vector<std::string> licenses;  // "license", then "licenses" (a string or {type})
  bool dev = false, optional = false, dev_optional = false, peer = false, bundled = false,
       link = false;  // true only for the JSON literal true
  std::array<std::vector<std::string>, kLockEdgeGroups.size()> edges;  // names, sorted
  int line = 0, end_line = 0;  // of the member name and of its closing brace (0: unknown)

  bool operator==(const LockEntry&) const = default;
};

struct LockEntries {
  std::vector<LockEntry> entries;  // the members whose value is an object, sorted by key
  size_t members = 0;              // every member of "packages", objects or not
  bool has_root = false;           // a member named "" exists

  bool operator==(const LockEntries&) const = default;
};

// Fast path: the entries of `text`'s "packages" map when `text` passes IsStrictJson (so the
// reference path would accept it too) and is an object whose "packages" member is an object;
// nullopt otherwise, and the caller takes the reference path, which reports any error. Stops
// after kMaxPackagesPerFile + 1 members: `members` then tells the caller to refuse the file.
std::optional<LockEntries> ReadLockEntries(std::string_view text);

// Reference path: the entries of a parsed "packages" object, with lines from JsonMemberLines over
// the text it was parsed from.
LockEntries LockEntriesOf(const nlohmann::json& packages, std::string_view text);

// The fields of one parsed entry object (key and lines left empty).
LockEntry LockEntryOf(const nlohmann::json& entry);

}  // namespace fledger::sca::javascript
