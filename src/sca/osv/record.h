// OSV advisory records (ossf/osv-schema 1.7): the fields Fledger keeps, and a validating parser.
//
// ParseOsvRecord reads one untrusted record in the house order origin -> size -> lexical ->
// syntax -> semantics; an error names the file (context), the step and what failed. Fields the
// matcher and the reports do not use are dropped; unknown fields are ignored, as the schema asks.
//
//   Result<OsvRecord> r = ParseOsvRecord(text, "Go/GO-2022-0001.json");
//   if (!r.ok()) warnings.push_back(r.error().ToString());
//   for (const OsvAffected& a : r.value().affected) ...
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace fledger::sca::osv {

// A record larger than this is rejected at the size step (the largest real ones are ~1 MiB: PyPI
// records with long versions[] lists).
inline constexpr size_t kMaxRecordBytes = 4u << 20;
// `details` longer than this is cut on a UTF-8 boundary (the reports show a summary anyway).
inline constexpr size_t kMaxDetailsBytes = 16u << 10;

enum class RangeType { kSemver, kEcosystem, kGit };
// "SEMVER", "ECOSYSTEM" or "GIT".
std::string_view RangeTypeName(RangeType type);

enum class EventKind { kIntroduced, kFixed, kLastAffected, kLimit };
// "introduced", "fixed", "last_affected" or "limit".
std::string_view EventKindName(EventKind kind);

struct OsvEvent {
  EventKind kind = EventKind::kIntroduced;
  std::string value;  // a version, a commit hash, "0" (introduced) or "*" (limit)
};

struct OsvRange {
  RangeType type = RangeType::kEcosystem;
  std::string repo;              // GIT ranges only (required there)
  std::vector<OsvEvent> events;  // as written (not sorted)
};

// A `severity[]` entry: type CVSS_V2, CVSS_V3, CVSS_V4 or Ubuntu, and its score text.
struct OsvSeverity {
  std::string type;
  std::string score;
};

struct OsvPackage {
  std::string ecosystem;  // as written, suffix kept ("Debian:12", "Maven:https://...")
  std::string name;
  std::string purl;
};

struct OsvAffected {
  std::optional<OsvPackage> package;  // absent in some CVE records (GIT ranges only)
  std::vector<OsvRange> ranges;
  std::vector<std::string> versions;
  std::vector<OsvSeverity> severity;  // only when the top-level severity is empty
  std::string ecosystem_severity;     // ecosystem_specific.severity (OSS-Fuzz: "HIGH", ...)
};

struct OsvReference {
  std::string type;
  std::string url;
};

struct OsvRecord {
  std::string id;
  std::string modified;   // RFC 3339
  std::string published;  // RFC 3339 or ""
  std::string withdrawn;  // RFC 3339 or "" (set: the record is withdrawn)
  std::string summary;
  std::string details;  // at most kMaxDetailsBytes
  bool details_truncated = false;
  std::vector<std::string> aliases;
  std::vector<std::string> related;
  std::vector<std::string> upstream;
  std::vector<OsvSeverity> severity;
  std::vector<OsvAffected> affected;
  std::vector<OsvReference> references;
  std::string database_severity;  // database_specific.severity (GHSA: LOW/MODERATE/HIGH/CRITICAL)
  std::vector<std::string> cwe_ids;  // database_specific.cwe_ids

  bool is_withdrawn() const { return !withdrawn.empty(); }
};

// Parses and validates one OSV record. Semantics checked: `id` and `modified` present; every
// timestamp RFC 3339; each event holds exactly one of introduced/fixed/last_affected/limit; a
// range has at least one introduced event and not both fixed and last_affected; GIT ranges name a
// repo and full commit hashes; range types SEMVER, ECOSYSTEM or GIT; a package names its
// ecosystem and name. `context` names the file in errors ("GO-2022-0001.json",
// "all.zip!GO-2022-0001.json").
Result<OsvRecord> ParseOsvRecord(std::string_view json, const std::string& context);

// The compact binary form vulns.db stores (a format byte, then length-prefixed fields): about
// ten times faster to read back than JSON, which keeps matching inside its time budget.
std::string EncodeStoredRecord(const OsvRecord& record);
// Reads EncodeStoredRecord's output back. A damaged or foreign row (truncated, unknown format,
// out-of-range enum, lengths past the end) is a syntax error naming `context`; never reads out
// of bounds.
Result<OsvRecord> DecodeStoredRecord(std::string_view bytes, const std::string& context);

// Data-quality findings that do not make a record invalid (osv-linter R0002: an event value
// repeated inside one range), one line each, naming the record and the range.
std::vector<std::string> LintOsvRecord(const OsvRecord& record);

// The record as compact OSV JSON holding only the kept fields; ParseOsvRecord reads it back to an
// equal record (for output and tools; vulns.db stores EncodeStoredRecord's form).
std::string OsvRecordToJson(const OsvRecord& record);

// Microseconds since 1970-01-01T00:00:00Z of an RFC 3339 timestamp ("2024-01-02T03:04:05.6Z",
// offsets allowed); nullopt if it is not one. Years 0001..9999.
std::optional<int64_t> ParseRfc3339(std::string_view text);

}  // namespace fledger::sca::osv
