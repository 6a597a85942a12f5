// Fuzz target: `model import`, one target for the four importers. The first byte picks the format
// (Threagile, OTM, Threat Dragon, pytm); for Threagile, NUL bytes split the rest into main.yaml
// and included files f1.yaml, f2.yaml... Whatever an importer accepts must write a model that
// loads, and export to OTM and import back.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "model/import/import.h"
#include "model/load.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace fledger::model;
  if (size < 1) return 0;
  const ImportFormat format = static_cast<ImportFormat>(data[0] % 4);
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  std::map<std::string, std::string> files;
  std::string main_text(text);
  if (format == ImportFormat::kThreagile) {
    size_t start = 0;
    for (int n = 0;; ++n) {
      const size_t nul = text.find('\0', start);
      const std::string part(text.substr(start, nul == std::string_view::npos ? nul : nul - start));
      files[n == 0 ? "main.yaml" : "f" + std::to_string(n) + ".yaml"] = part;
      if (nul == std::string_view::npos) break;
      start = nul + 1;
    }
    main_text = files["main.yaml"];
  }
  MapIncludeReader includes(files);
  (void)DetectImportFormat(main_text, "main.yaml");
  const auto r = ImportModel(format, main_text, "main.yaml", includes);
  if (!r.ok()) {
    (void)r.error().ToString();
    return 0;
  }
  const std::string yaml = WriteImportedModelYaml(r.value().model, format);
  const auto m = LoadModel(yaml, "imported.yaml");
  if (!m.ok()) __builtin_trap();  // an importer wrote a model that does not load
  MapIncludeReader none({});
  const auto back = ImportModel(ImportFormat::kOtm, ExportOtm(m.value()), "x.otm.json", none);
  if (!back.ok() || !LoadModel(WriteImportedModelYaml(back.value().model, ImportFormat::kOtm),
                               "back.yaml").ok()) {
    __builtin_trap();  // our own export must import
  }
  return 0;
}
