// The extractor interface: one per lockfile or manifest format (osv-scalibr's shape).
//
// An extractor is cheap to ask (FileRequired looks at the path only) and pure (Extract parses
// the bytes it is given; it never opens files except through the bounded FileReader, which
// stays inside the scan root). The explicit list of all extractors is in extractors/list.cc.
//
//   for (const auto& e : AllExtractors())
//     if (e->FileRequired(path)) inventory = e->Extract({path, text, &reader});
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/primitives.h"
#include "core/result.h"
#include "sca/package.h"

namespace fledger::sca {

// Limits every extractor applies to its input (the Bad-input bar: a 1 GB lockfile, a 50 000-deep
// JSON array, a YAML alias bomb).
inline constexpr uint64_t kMaxManifestBytes = 64u << 20;
inline constexpr int kMaxNestingDepth = 64;
inline constexpr size_t kMaxPackagesPerFile = 200000;

// Reads sibling files for formats that need them (requirements.txt `-r`, package.json beside
// yarn.lock, go.sum beside go.mod, a parent pom.xml). Implementations never leave the scan root
// and bound the size.
class FileReader {
 public:
  virtual ~FileReader() = default;
  // The text of `path` (repo-relative), or an error (not found, too large, not text).
  virtual Result<std::string> Read(const RepoPath& path) const = 0;
};

struct ExtractInput {
  RepoPath path = RepoPath::Root();    // the file, relative to the scan root
  std::string_view content;            // its whole text, size-checked by the caller
  const FileReader* reader = nullptr;  // may be null: then sibling files are not read
};

class Extractor {
 public:
  virtual ~Extractor() = default;
  // "javascript/packagelockjson": the family folder and the format, stable for users and tests.
  virtual std::string_view Name() const = 0;
  // Bumped when the output for the same input changes.
  virtual int Version() const = 0;
  // The ecosystem of the packages it yields.
  virtual std::string_view Ecosystem() const = 0;
  // True if this extractor reads `path` (decided from the path alone).
  virtual bool FileRequired(const RepoPath& path) const = 0;
  // The packages of one file. An error names the file (context), the step and the reason; the
  // scan goes on with the other files. Each Package's `path` may be left as Root(): the driver
  // sets it to input.path.
  virtual Result<Inventory> Extract(const ExtractInput& input) const = 0;
};

// Every extractor Fledger has, in a fixed order (extractors/list.cc).
const std::vector<std::unique_ptr<Extractor>>& AllExtractors();
// The extractor named `name` ("python/poetrylock"), or null.
const Extractor* FindExtractor(std::string_view name);

}  // namespace fledger::sca
