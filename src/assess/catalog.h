// Standards catalogs: the prototype's standardsSet JSON plus Fledger's optional fields.
//
// A catalog is categories -> subcategories -> requirements. Fledger's extension gives each
// requirement (a "criterion") an id, a level, automatic checks and framework mappings; files in
// the prototype's format still load (ids are derived from the names). See docs/catalog-format.md.
//
//   Result<Catalog> c = LoadCatalog("OpenSSF", CatalogSearch::Default());
//   for (const auto& cat : c.value().categories) ...
#pragma once

#include <re2/re2.h>

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace fledger::assess {

// An automatic check named by a criterion: a built-in id and its parameters, e.g.
// {"id": "file.exists", "glob": "**/threatmodel.yaml"} or just "repo.license_file". The
// parameters are checked when the catalog loads (docs/catalog-format.md), so the code that runs
// a check never meets a parameter of the wrong type; an unknown id keeps none.
struct CheckSpec {
  std::string id;
  std::string glob;     // file.exists, file.contains: which workspace files; never empty for them
  std::string pattern;  // file.contains: compiles with CheckPatternOptions(); never empty for it
  int min = 1;          // evidence.count, file.contains: hits wanted, 1..kMaxCheckMin
  // Checks that share an `any_of` label are alternatives: the best of them counts (say, a
  // system-analysis.md section or the same facts in threatmodel.yaml). Empty: on its own.
  std::string any_of;
};

struct Criterion {
  std::string id;        // unique within the catalog
  std::string text;      // the requirement as the standard words it
  int level = 1;         // 1..levels.size()
  std::string strength;  // MUST, SHOULD, SUGGESTED, MAY or empty
  std::vector<CheckSpec> checks;
  std::map<std::string, std::vector<std::string>> mappings;  // framework -> ids
  std::string evidence;                                      // what a reviewer looks for
  std::string review;                                        // the question a human answers
  std::string details;
  std::string url;
  bool explicit_id = false;  // the catalog gave the id (vs derived from names)
};

struct Subcategory {
  std::string name;
  std::string description;
  std::vector<Criterion> criteria;
};

struct Category {
  std::string name;
  std::string description;
  std::vector<Subcategory> subcategories;
};

struct LevelInfo {
  int id = 1;
  std::string name;
  std::string description;
};

struct Catalog {
  std::string name;   // what the user typed / the file stem, e.g. "OpenSSF"
  std::string title;  // standardsSet
  std::string version;
  std::string project_type;  // projectType
  std::string grade;
  std::string kind;  // "skill", "project" or empty
  std::string description;
  std::string source_name, source_license, source_attribution, source_url;
  std::string origin;             // where it was loaded from: a path or "built-in"
  std::vector<LevelInfo> levels;  // never empty: ids 1..N
  std::vector<Category> categories;
  std::vector<std::string> warnings;  // tolerated oddities (wrong counts, empty requirements)

  size_t RequirementCount() const;
  // The level's name ("Level N" if unnamed or out of range).
  std::string LevelName(int level) const;
};

// Limits applied before and while parsing a catalog (size step).
inline constexpr uint64_t kMaxCatalogBytes = 16u << 20;
inline constexpr size_t kMaxCatalogRequirements = 20000;
inline constexpr size_t kMaxCatalogTextBytes = 16384;
inline constexpr size_t kMaxCatalogLevels = 10;
inline constexpr size_t kMaxChecksPerCriterion = 16;
inline constexpr size_t kMaxCheckParamBytes = 4096;  // a glob or a pattern
inline constexpr int kMaxCheckMin = 1000000;

// RE2 options for file.contains patterns. The catalog compiles every pattern with them when it
// loads and the check runs with the same, so a pattern that loaded always compiles.
RE2::Options CheckPatternOptions();

// Parses catalog JSON. `context` names the file in errors; `name` becomes Catalog::name.
Result<Catalog> ParseCatalog(std::string_view text, const std::string& context,
                             const std::string& name);

// Where catalogs are looked up, in order: each directory's NAME.json, then the built-in set.
struct CatalogSearch {
  std::vector<std::filesystem::path> dirs;
  // ./standards, then $XDG_DATA_HOME/fledger/standards (or ~/.local/share/fledger/standards).
  static CatalogSearch Default();
};

// Loads a catalog by name ([A-Za-z0-9._-]+) or by path (contains '/' or ends in ".json").
// An unknown name is a kNotFound error whose message lists the available names.
Result<Catalog> LoadCatalog(const std::string& name_or_path, const CatalogSearch& search);

struct CatalogListing {
  std::string name;
  std::string title;
  std::string origin;  // "built-in" or the file path
  size_t requirements = 0;
  size_t levels = 0;
  std::string license;
};
// Every catalog reachable by name (user directories shadow built-ins), sorted by name. Files
// that fail to parse are listed with requirements = 0 and the error in `title`.
std::vector<CatalogListing> ListCatalogs(const CatalogSearch& search);

}  // namespace fledger::assess
