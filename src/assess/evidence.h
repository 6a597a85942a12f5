// Evidence records: the prototype's evidence.json format, read, merged and written back.
//
// A record says "this pattern, searched this way, found these hits" and files them under a
// category and subcategory (and, as a Fledger extension, one requirement id). Unknown keys are
// kept so files written by other tools round-trip.
//
//   Result<EvidenceFile> f = LoadEvidenceFile("assessments/user/evidence.json");
//   f.value().Upsert(record);
//   WriteFileAtomic(path, f.value().Serialize());
#pragma once

#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/primitives.h"
#include "core/result.h"

namespace fledger::assess {

struct EvidenceHit {
  std::string path_and_file;  // repo-relative path
  std::string location;       // line number as text for code hits, "" for file hits
  std::string code;           // the matching line (redacted)
  std::vector<std::string> tags;
  std::string usage;
};

struct EvidenceRecord {
  std::string name;
  std::string pattern;
  std::string type;  // "code" or "file"
  std::string category;
  std::string subcategory;
  std::string description;
  std::string requirement;  // Fledger extension: requirement id, optional
  std::string root;         // Fledger extension: the searched directory, optional
  std::vector<std::vector<EvidenceHit>> records;
  nlohmann::ordered_json extra = nlohmann::ordered_json::object();  // unknown keys, kept

  // Hits with a non-empty path, across all groups.
  size_t HitCount() const;
};

// What `fledger deps impact PKG --save` records in a record's "fledger_impact" member (the
// impact.* checks of skill catalogs read it back).
struct ImpactFacts {
  std::string purl;       // "pkg:npm/lodash@4.17.15"
  bool resolved = false;  // the purl has a version: an exact, resolved version was analysed
  std::optional<RepoPath> manifest;  // where the package is declared, relative to the record root
  int line = 0;
  bool advisories_checked = false;      // the advisory lookup ran (only for an exact version)
  std::vector<std::string> advisories;  // the ids it found; empty: none known
  std::optional<int64_t> data_age_days;
  std::string checked_at;  // YYYY-MM-DD of the lookup, "" in records made before it was kept
};

// The impact facts of `record`; nullopt when it has none or when a member has the wrong type
// or size (evidence.json is the user's file: such a record does not count). Never throws.
std::optional<ImpactFacts> ReadImpactFacts(const EvidenceRecord& record);

inline constexpr uint64_t kMaxEvidenceBytes = 64u << 20;
inline constexpr size_t kMaxEvidenceRecords = 100000;

class EvidenceFile {
 public:
  // Parses evidence JSON: an array of records, or one record object (the prototype's
  // rubric example). `context` names the file in errors.
  static Result<EvidenceFile> Parse(std::string_view text, const std::string& context);
  // A missing file is an empty EvidenceFile; anything else goes through the validation steps.
  static Result<EvidenceFile> Load(const std::filesystem::path& path);

  const std::vector<EvidenceRecord>& records() const { return records_; }
  // Adds `record`, or replaces the hits of the record with the same name, type, pattern,
  // category, subcategory, requirement and root, so a re-run never duplicates. Returns true if
  // the file changed.
  bool Upsert(EvidenceRecord record);
  // The record with the same identity as `like` (see Upsert), or nullptr.
  const EvidenceRecord* Find(const EvidenceRecord& like) const;
  // JSON text (4-space indent as the prototype wrote it), trailing newline.
  std::string Serialize() const;

 private:
  std::vector<EvidenceRecord> records_;
};

}  // namespace fledger::assess
