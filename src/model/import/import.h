// `model import` and `model export`: threat models of other tools (Threagile YAML, Open Threat
// Model JSON/YAML, OWASP Threat Dragon JSON, OWASP pytm JSON) as a fledger Model, and a Model as
// Open Threat Model JSON. docs/model.md ("Import and export") has the mapping tables.
//
//   DiskIncludeReader includes(folder_of(file));
//   Result<ImportResult> r = ImportModel(ImportFormat::kThreagile, text, "main.yaml", includes);
//   std::string yaml = WriteImportedModelYaml(r.value().model);
//
// Every importer is a parser of untrusted input: sizes, counts, depth and YAML alias expansion are
// bounded, and bad input is an Error naming file:line where the parser knows the line. Ids are
// derived deterministically from the source's ids or names (slugged, deduplicated with -2, -3...),
// and every element list of the result is sorted by id, so the same source gives the same bytes
// whatever the order (or, for Threagile, the split into included files) it was written in.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "model/model.h"

namespace fledger::model {

enum class ImportFormat { kThreagile, kOtm, kThreatDragon, kPytm };

// "threagile", "otm", "threat-dragon", "pytm".
std::string_view ImportFormatName(ImportFormat format);
Result<ImportFormat> ParseImportFormat(std::string_view name);

// The format of `text` by its content: Threagile YAML (threagile_version, technical_assets or
// includes at the top), OTM (otmVersion, JSON or YAML), Threat Dragon (summary + detail.diagrams,
// v1 or v2), pytm JSON (elements, flows with sink, or boundaries). An error when `text` does not
// parse or matches no format.
Result<ImportFormat> DetectImportFormat(std::string_view text, const std::string& context);

// Reads the files a Threagile model includes. `path` is relative to the model's folder, normalized,
// never absolute and never leading out of it (the importer checks that lexically first).
class IncludeReader {
 public:
  virtual ~IncludeReader() = default;
  virtual Result<std::string> Read(const std::string& path, const std::string& context) = 0;
};

// Includes from a folder on disk: regular files only, at most kMaxModelBytes each, and a file
// whose real path (symlinks resolved) leaves the folder is refused.
class DiskIncludeReader : public IncludeReader {
 public:
  explicit DiskIncludeReader(std::filesystem::path folder) : folder_(std::move(folder)) {}
  Result<std::string> Read(const std::string& path, const std::string& context) override;

 private:
  std::filesystem::path folder_;
};

// Includes from memory (tests, fuzzing): path -> text.
class MapIncludeReader : public IncludeReader {
 public:
  explicit MapIncludeReader(std::map<std::string, std::string> files) : files_(std::move(files)) {}
  Result<std::string> Read(const std::string& path, const std::string& context) override;

 private:
  std::map<std::string, std::string> files_;
};

// The bounds of a Threagile model spread over included files.
inline constexpr int kMaxIncludeFiles = 256;  // files read, the model's own included
inline constexpr int kMaxIncludeDepth = 16;   // includes within includes
inline constexpr size_t kMaxIncludeBytes = 16u << 20;  // all files together

struct ImportResult {
  Model model;
  // What the import dropped or could not map, one line each, for the user (stderr).
  std::vector<std::string> notes;
};

// `text` in `format`; `context` names it in errors and is the model's file name relative to the
// folder `includes` reads from (Threagile resolves includes against it; the others ignore it).
Result<ImportResult> ImportModel(ImportFormat format, std::string_view text,
                                 const std::string& context, IncludeReader& includes);

Result<ImportResult> ImportThreagile(std::string_view text, const std::string& context,
                                     IncludeReader& includes);
Result<ImportResult> ImportOtm(std::string_view text, const std::string& context);
Result<ImportResult> ImportThreatDragon(std::string_view text, const std::string& context);
Result<ImportResult> ImportPytm(std::string_view text, const std::string& context);

// An imported model as threatmodel.yaml (WriteModelYaml with an "imported by" header).
std::string WriteImportedModelYaml(const Model& m, ImportFormat from);

// `m` as Open Threat Model 0.2.0 JSON (otm_schema.json): trust zones from boundaries, components
// from actors and components, assets from data, dataflows, threats and mitigations from controls.
std::string ExportOtm(const Model& m);

}  // namespace fledger::model
