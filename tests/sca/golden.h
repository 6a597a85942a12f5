// Golden tests for extractors: the corpus fixtures under src/sca/<family>/testdata/<format>/, each
// with <fixture>.expected.json recording what a peer's test suite asserts (see its README).
//
// Each case's expected packages are compared with ours as a multiset of (name, version). A family
// test passes a Projection to apply its source's semantics (trivy leaves dev dependencies out
// unless asked). Misses that are understood are listed in testdata/known-misses.txt as
// "<fixture><TAB><case><TAB><reason>"; an unlisted miss fails, and so does a listed case that now
// passes (the list stays true).
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sca/extractor.h"

namespace fledger::testing::sca_golden {

struct GoldenCase {
  std::string name;
  bool expect_error = false;
  bool packages_asserted = false;  // false: the peer asserted nothing about packages
  nlohmann::json packages;         // the expected package objects
  nlohmann::json options;          // peer options for the case, or null
  nlohmann::json raw;              // the whole case object
};

struct GoldenFixture {
  std::filesystem::path fixture;  // the input file
  std::string format;             // corpus format directory name
  std::string source;             // "osv-scalibr", "trivy", "syft", ...
  std::vector<GoldenCase> cases;
};

// Every fixture with an .expected.json under `dir`, sorted by path.
std::vector<GoldenFixture> LoadGoldenDir(const std::filesystem::path& dir);

// A FileReader over a real directory, for fixtures that read siblings.
class DirReader : public fledger::sca::FileReader {
 public:
  explicit DirReader(std::filesystem::path root) : root_(std::move(root)) {}
  Result<std::string> Read(const RepoPath& path) const override;

 private:
  std::filesystem::path root_;
};

// Runs `e` on `fixture`, whose RepoPath is its file name and whose siblings are read from its
// directory.
Result<fledger::sca::Inventory> RunOn(const fledger::sca::Extractor& e,
                                      const std::filesystem::path& fixture);

// True if the peer that recorded `f` reports the project's own lockfile entries
// (Package::project) as packages, as its parser does for this format: trivy for deps.json
// projects, the uv root, the go.mod main module and Cargo workspace members; osv-scalibr only for
// Cargo (it reports every [[package]]); syft for the vcpkg.json manifest's own port.
bool PeerReportsProjects(const GoldenFixture& f);

// (name, version) pairs a case is compared on; the default takes every package, projects only
// when the peer reports them (PeerReportsProjects).
using Projection = std::function<std::vector<std::pair<std::string, std::string>>(
    const GoldenFixture&, const GoldenCase&, const fledger::sca::Inventory&)>;
std::vector<std::pair<std::string, std::string>> AllPackages(const GoldenFixture&,
                                                             const GoldenCase&,
                                                             const fledger::sca::Inventory&);

// "" when the multisets agree, else what is missing and what is extra.
std::string CompareCase(const GoldenCase& c, const Result<fledger::sca::Inventory>& got,
                        const std::vector<std::pair<std::string, std::string>>& ours);

struct GoldenSummary {
  int cases = 0;
  int passed = 0;
  std::vector<std::string> failures;  // unexpected misses and stale known-miss entries
};

// Runs every case under `dir` with the extractor `choose` picks for each fixture (null: the case
// fails), compares, and checks the known-misses list beside the fixtures.
GoldenSummary RunGoldenDir(
    const std::filesystem::path& dir,
    const std::function<const fledger::sca::Extractor*(const GoldenFixture&)>& choose,
    const Projection& project = AllPackages);

}  // namespace fledger::testing::sca_golden
