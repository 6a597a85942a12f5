// Golden tests for the JVM, .NET, Swift, R and Julia extractors against the peers' fixtures
// (osv-scalibr and trivy test tables; see src/sca/<family>/testdata/).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "sca/extractor.h"
#include "sca/golden.h"

namespace fledger::testing::sca_golden {
namespace {

namespace stdfs = std::filesystem;
using fledger::sca::Inventory;
using fledger::sca::Package;
using Pairs = std::vector<std::pair<std::string, std::string>>;

stdfs::path Src() { return stdfs::path(FLEDGER_SOURCE_DIR) / "src" / "sca"; }

// Corpus format directory -> (family folder, extractor name).
const std::map<std::string, std::pair<std::string, std::string>>& Formats() {
  static const auto* const kFormats =
      new std::map<std::string, std::pair<std::string, std::string>>{
          {"pom-xml", {"java", "java/pomxml"}},
          {"gradle-lockfile", {"java", "java/gradlelockfile"}},
          {"gradle-verification-metadata-xml", {"java", "java/gradleverificationmetadata"}},
          {"sbt-lockfile", {"java", "java/sbtlockfile"}},
          {"nuget-packages-lock-json", {"dotnet", "dotnet/packageslockjson"}},
          {"nuget-packages-config", {"dotnet", "dotnet/packagesconfig"}},
          {"dotnet-deps-json", {"dotnet", "dotnet/depsjson"}},
          {"nuget-directory-packages-props", {"dotnet", "dotnet/directorypackagesprops"}},
          {"podfile-lock", {"swift", "swift/podfilelock"}},
          {"swift-package-resolved", {"swift", "swift/packageresolved"}},
          {"renv-lock", {"r", "r/renvlock"}},
          {"julia-manifest-toml", {"julia", "julia/manifesttoml"}},
      };
  return *kFormats;
}

const fledger::sca::Extractor* Choose(const GoldenFixture& f) {
  const auto it = Formats().find(f.format);
  return it == Formats().end() ? nullptr : fledger::sca::FindExtractor(it->second.second);
}

bool HasGroup(const Package& p, std::string_view g) {
  return std::find(p.groups.begin(), p.groups.end(), g) != p.groups.end();
}

// osv-scalibr reports a Maven version range by its lower bound ("[1.2,2)" -> "1.2").
std::string LowerBound(const std::string& range) {
  if (range.empty() || (range[0] != '[' && range[0] != '(')) return range;
  const size_t end = range.find_first_of(",])");
  return range.substr(1, end == std::string::npos ? std::string::npos : end - 1);
}

// Each peer's semantics, by source and format (never by fixture):
// - osv-scalibr pom.xml: one package per groupId:artifactId (the first declaration), ranges as
//   their lower bound.
// - trivy packages.config and sbt lockfiles: development (test-only) dependencies are left out.
// - trivy deps.json: packages that ship no runtime assets (reference-only) are left out.
// - trivy Julia: a package without a version is "unknown".
// - the project's own entries only where the peer reports them (PeerReportsProjects).
Pairs Project(const GoldenFixture& f, const GoldenCase&, const Inventory& inv) {
  Pairs out;
  std::set<std::string> names;
  const bool projects = PeerReportsProjects(f);
  for (const auto& p : inv.packages) {
    if (p.project && !projects) continue;
    std::string version = p.version;
    if (f.source == "osv-scalibr" && f.format == "pom-xml") {
      if (!names.insert(p.name).second) continue;
      if (!p.resolved) version = LowerBound(version);
    }
    if (f.source == "trivy") {
      if ((f.format == "nuget-packages-config" || f.format == "sbt-lockfile") && p.dev) continue;
      if (f.format == "dotnet-deps-json" && HasGroup(p, "reference-only")) continue;
      if (f.format == "julia-manifest-toml" && version.empty()) version = "unknown";
    }
    out.emplace_back(p.name, version);
  }
  return out;
}

class JvmGoldenTest : public ::testing::TestWithParam<std::string> {};

TEST_P(JvmGoldenTest, MatchesPeerExpectations) {
  const auto& [family, name] = Formats().at(GetParam());
  const stdfs::path dir = Src() / family / "testdata" / GetParam();
  ASSERT_TRUE(stdfs::is_directory(dir)) << dir;
  const GoldenSummary s = RunGoldenDir(dir, Choose, Project);
  EXPECT_GT(s.cases, 0);
  std::string failures;
  for (const auto& f : s.failures) failures += "\n  " + f;
  EXPECT_TRUE(s.failures.empty()) << GetParam() << ": " << s.passed << "/" << s.cases << failures;
  std::cout << "[ golden   ] " << GetParam() << ": " << s.passed << "/" << s.cases
            << " cases pass\n";
}

INSTANTIATE_TEST_SUITE_P(Formats, JvmGoldenTest,
                         ::testing::Values("pom-xml", "gradle-lockfile",
                                           "gradle-verification-metadata-xml", "sbt-lockfile",
                                           "nuget-packages-lock-json", "nuget-packages-config",
                                           "dotnet-deps-json", "nuget-directory-packages-props",
                                           "podfile-lock", "swift-package-resolved", "renv-lock",
                                           "julia-manifest-toml"),
                         [](const auto& info) {
                           std::string n = info.param;
                           std::replace(n.begin(), n.end(), '-', '_');
                           return n;
                         });

// osv-scalibr also asserts line numbers and dependency groups; where it gives a non-zero line
// (0 means "ambiguous" there) or a group, the package with that name and version must agree.
TEST(JvmGoldenLines, LinesAndGroupsMatchScalibr) {
  int checked = 0;
  for (const auto& [format, where] : Formats()) {
    for (const auto& f : LoadGoldenDir(Src() / where.first / "testdata" / format)) {
      if (f.source != "osv-scalibr") continue;
      const auto* e = Choose(f);
      ASSERT_NE(e, nullptr) << format;
      const auto got = RunOn(*e, f.fixture);
      if (!got.ok()) continue;
      for (const auto& c : f.cases) {
        if (!c.packages_asserted) continue;
        for (const auto& want : c.packages) {
          const std::string name = want.value("name", "");
          const std::string version =
              want["version"].is_string() ? want["version"].get<std::string>() : "";
          const Package* ours = nullptr;
          for (const auto& p : got.value().packages) {
            if (p.name == name && (p.version == version || LowerBound(p.version) == version)) {
              ours = &p;
              break;
            }
          }
          if (ours == nullptr) continue;  // a miss the golden test reports
          if (want.contains("line") && want["line"].is_number() && want["line"].get<int>() > 0) {
            EXPECT_EQ(ours->line, want["line"].get<int>()) << f.fixture.filename() << " " << name;
            ++checked;
          }
          if (want.contains("dep_groups") && want["dep_groups"].is_array()) {
            std::vector<std::string> groups = want["dep_groups"];
            EXPECT_EQ(ours->groups, groups) << f.fixture.filename() << " " << name;
          }
        }
      }
    }
  }
  EXPECT_GT(checked, 40);
}

// osv-detector's real-world pom.xml snapshots record how many packages a parser must find.
TEST(JvmGoldenRealWorld, PomPackageCounts) {
  const stdfs::path dir = Src() / "java" / "testdata" / "pom-xml-real-world";
  int files = 0;
  for (const auto& entry : stdfs::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (name.size() < 14 || name.substr(name.size() - 14) != ".expected.json") continue;
    std::ifstream in(entry.path());
    const nlohmann::json doc = nlohmann::json::parse(in);
    const auto* e = fledger::sca::FindExtractor("java/pomxml");
    ASSERT_NE(e, nullptr);
    const auto got = RunOn(*e, dir / name.substr(0, name.size() - 14));
    ASSERT_TRUE(got.ok()) << got.error().ToString();
    EXPECT_EQ(static_cast<int>(got.value().packages.size()),
              doc["expected_package_count"].get<int>())
        << name;
    ++files;
  }
  EXPECT_EQ(files, 2);
}

}  // namespace
}  // namespace fledger::testing::sca_golden
