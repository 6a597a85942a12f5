// Go module extractors: go.mod (requirements, replace, exclude, toolchain) and go.sum.
//
//   auto e = NewGoModExtractor();
//   Result<Inventory> inv = e->Extract({path, text, &reader});  // stdlib, direct and indirect
//
// Versions are stored without the leading "v" (OSV's Go spelling: "1.2.3"); the stdlib package
// carries the toolchain version, else the `go` directive's.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "sca/extractor.h"

namespace fledger::sca {

// One go.mod file as written, before replace/exclude are applied.
struct GoModFile {
  struct Require {
    std::string path, version;  // version as written ("v1.2.3")
    bool indirect = false;      // marked `// indirect`
    int line = 0;
  };
  struct Replace {
    std::string old_path, old_version;  // old_version "" = every version
    std::string new_path, new_version;  // new_version "" = a local directory
    int line = 0;
  };
  struct Exclude {
    std::string path, version;
    int line = 0;
  };
  std::string module;
  int module_line = 0;
  std::string go_version;  // the `go` directive ("1.22.0"), "" when absent
  int go_line = 0;
  std::string toolchain;  // the `toolchain` directive ("go1.22.5"), "" when absent
  int toolchain_line = 0;
  std::vector<Require> requirements;
  std::vector<Replace> replaces;
  std::vector<Exclude> excludes;
};

// Parses go.mod text; errors name `context`, the step and the line.
Result<GoModFile> ParseGoMod(std::string_view text, const std::string& context);

// One go.sum line: "module version[/go.mod] hash".
struct GoSumEntry {
  std::string module, version;  // version as written, "/go.mod" removed
  bool go_mod_only = false;     // the line hashes only the module's go.mod
  int line = 0;
};
Result<std::vector<GoSumEntry>> ParseGoSum(std::string_view text, const std::string& context);

// True when Go version `v` ("1.16", "1.21.3", "1.23rc1") is older than major.minor.
bool GoVersionBefore(std::string_view v, int major, int minor);

// "go/gomod": go.mod files. For go < 1.17 it also reads the sibling go.sum (indirect modules).
// The main module itself is a Package::project (no version) requiring the direct modules.
std::unique_ptr<Extractor> NewGoModExtractor();
// "go/gosum": go.sum files, one version per module (the last listed, go.sum is sorted); the scan
// driver uses it only where no go.mod exists.
std::unique_ptr<Extractor> NewGoSumExtractor();

}  // namespace fledger::sca
