// Golden tests for the go, rust, ruby, php, c/c++, dart, erlang and haskell extractors against
// the peers' fixtures (src/sca/<family>/testdata/<format>/), each case projected through the
// semantics of the peer that recorded it.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include "sca/dart/dart.h"
#include "sca/extractor.h"
#include "sca/go/go.h"
#include "sca/golden.h"

namespace fledger::sca {
namespace {

namespace golden = fledger::testing::sca_golden;
using Pairs = std::vector<std::pair<std::string, std::string>>;

std::string Slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool Option(const golden::GoldenCase& c, const char* key, bool fallback) {
  return c.options.is_object() && c.options.contains(key) && c.options[key].is_boolean()
             ? c.options[key].get<bool>()
             : fallback;
}

// trivy's go.mod parser: the main module (our Package::project) as a root package with no version;
// versions keep their "v"; stdlib only from a toolchain directive (or the `go` minimum with
// useMinVersion); indirect requirements dropped below go 1.17 (go.mod is incomplete there); replace
// applied unless the case turns it off.
Pairs TrivyGoMod(const golden::GoldenFixture& f, const golden::GoldenCase& c,
                 const Inventory& inv) {
  Pairs out;
  const auto mod = ParseGoMod(Slurp(f.fixture), f.fixture.filename().string());
  if (!mod.ok()) return out;
  const GoModFile& m = mod.value();
  const bool skip_indirect = m.go_version.empty() || GoVersionBefore(m.go_version, 1, 17);
  const bool stdlib = !m.toolchain.empty() || Option(c, "useMinVersion", false);
  for (const auto& p : inv.packages) {
    if (p.project) out.emplace_back(p.name, p.version);
  }
  if (Option(c, "replace", true)) {
    for (const auto& p : inv.packages) {
      if (p.project) continue;
      if (p.name == "stdlib") {
        if (stdlib) out.emplace_back(p.name, "v" + p.version);
        continue;
      }
      if (skip_indirect && p.relationship == Relationship::kIndirect) continue;
      out.emplace_back(p.name, "v" + p.version);
    }
  } else {
    for (const auto& r : m.requirements) {
      if (!(skip_indirect && r.indirect)) out.emplace_back(r.path, r.version);
    }
    for (const auto& p : inv.packages) {
      if (!p.project && p.name == "stdlib" && stdlib) out.emplace_back(p.name, "v" + p.version);
    }
  }
  return out;
}

// The lowest version a pub SDK constraint admits ("^3.3.0", ">=2.18.0 <3.0.0" -> 3.3.0, 2.18.0).
std::string MinVersion(std::string c) {
  while (!c.empty() && (c[0] == '^' || c[0] == '>' || c[0] == '=' || c[0] == ' ')) c.erase(0, 1);
  return c.substr(0, c.find(' '));
}

Pairs Project(const golden::GoldenFixture& f, const golden::GoldenCase& c, const Inventory& inv) {
  if (f.source != "trivy") return golden::AllPackages(f, c, inv);
  if (f.format == "go-mod") return TrivyGoMod(f, c, inv);
  Pairs out;
  const bool projects = golden::PeerReportsProjects(f);
  std::string flutter_min;
  if (f.format == "pubspec-lock" && Option(c, "useMinVersion", false)) {
    const auto sdks = PubspecSdks(Slurp(f.fixture), f.fixture.filename().string());
    if (sdks.ok() && sdks.value().count("flutter"))
      flutter_min = MinVersion(sdks.value().at("flutter"));
  }
  for (const auto& p : inv.packages) {
    if (p.project && !projects) continue;
    std::string version = p.version;
    // trivy keeps Go's "v"; leaves out conan build requirements and mix git dependencies (no
    // version to match); reads SDK packages' "0.0.0" as the flutter SDK minimum when asked.
    if (f.format == "go-sum") version = "v" + version;
    if (f.format == "conan-lock" && p.dev) continue;
    if (f.format == "mix-lock" && version.empty()) continue;
    if (!flutter_min.empty() && version == "0.0.0") version = flutter_min;
    out.emplace_back(p.name, version);
  }
  return out;
}

struct FormatCase {
  const char* family;
  const char* format;
  const char* extractor;
};

constexpr FormatCase kFormats[] = {
    {"go", "go-mod", "go/gomod"},
    {"go", "go-sum", "go/gosum"},
    {"rust", "cargo-lock", "rust/cargolock"},
    {"ruby", "gemfile-lock", "ruby/gemfilelock"},
    {"php", "composer-lock", "php/composerlock"},
    {"cpp", "conan-lock", "cpp/conanlock"},
    {"cpp", "vcpkg-json", "cpp/vcpkgjson"},
    {"dart", "pubspec-lock", "dart/pubspeclock"},
    {"erlang", "mix-lock", "erlang/mixlock"},
    {"haskell", "cabal-project-freeze", "haskell/cabalfreeze"},
    {"haskell", "stack-yaml-lock", "haskell/stacklock"},
};

golden::GoldenSummary RunFormat(const FormatCase& fc) {
  const Extractor* e = FindExtractor(fc.extractor);
  const auto dir =
      std::filesystem::path(FLEDGER_SOURCE_DIR) / "src/sca" / fc.family / "testdata" / fc.format;
  return golden::RunGoldenDir(
      dir, [&](const golden::GoldenFixture&) { return e; }, Project);
}

class NativeGolden : public ::testing::TestWithParam<FormatCase> {};

// Every case passes or is a listed, explained miss (known-misses.txt beside the fixtures).
TEST_P(NativeGolden, MatchesPeers) {
  const FormatCase& fc = GetParam();
  ASSERT_NE(FindExtractor(fc.extractor), nullptr) << fc.extractor << " is not registered";
  const auto summary = RunFormat(fc);
  ASSERT_GT(summary.cases, 0) << fc.format;
  for (const auto& failure : summary.failures) ADD_FAILURE() << failure;
  std::cout << "[golden] " << fc.format << ": " << summary.passed << "/" << summary.cases
            << " cases pass\n";
}

INSTANTIATE_TEST_SUITE_P(Formats, NativeGolden, ::testing::ValuesIn(kFormats),
                         [](const auto& info) {
                           std::string n = info.param.format;
                           for (char& ch : n) {
                             if (ch == '-') ch = '_';
                           }
                           return n;
                         });

// The bar for these families: at least 98% of all peer cases pass outright.
TEST(NativeGoldenTotal, AtLeast98PercentPass) {
  int cases = 0, passed = 0;
  for (const auto& fc : kFormats) {
    const auto s = RunFormat(fc);
    cases += s.cases;
    passed += s.passed;
  }
  std::cout << "[golden] total: " << passed << "/" << cases << " cases pass\n";
  EXPECT_GE(passed * 100, cases * 98);
}

// osv-scalibr records each package's line; ours must agree wherever it does.
TEST(NativeGoldenLines, MatchOsvScalibr) {
  int checked = 0;
  for (const auto& fc : kFormats) {
    const Extractor* e = FindExtractor(fc.extractor);
    ASSERT_NE(e, nullptr);
    const auto dir =
        std::filesystem::path(FLEDGER_SOURCE_DIR) / "src/sca" / fc.family / "testdata" / fc.format;
    for (const auto& f : golden::LoadGoldenDir(dir)) {
      if (f.source != "osv-scalibr") continue;
      const auto got = golden::RunOn(*e, f.fixture);
      if (!got.ok()) continue;
      for (const auto& c : f.cases) {
        for (const auto& want : c.packages) {
          if (!want.contains("line") || !want["line"].is_number_integer()) continue;
          const std::string name = want.value("name", ""), version = want.value("version", "");
          for (const auto& p : got.value().packages) {
            if (p.name != name || p.version != version) continue;
            ++checked;
            EXPECT_EQ(p.line, want["line"].get<int>())
                << f.fixture.filename() << ": " << name << "@" << version;
          }
        }
      }
    }
  }
  EXPECT_GT(checked, 100);
  std::cout << "[golden] lines checked: " << checked << "\n";
}

// trivy records the dependency graph (cargo, bundler, composer, conan); ours must be the same.
TEST(NativeGoldenEdges, MatchTrivy) {
  int checked = 0;
  for (const auto& fc : kFormats) {
    const Extractor* e = FindExtractor(fc.extractor);
    const auto dir =
        std::filesystem::path(FLEDGER_SOURCE_DIR) / "src/sca" / fc.family / "testdata" / fc.format;
    for (const auto& f : golden::LoadGoldenDir(dir)) {
      if (f.source != "trivy") continue;
      for (const auto& c : f.cases) {
        if (!c.raw.contains("dependencies") || !c.raw["dependencies"].is_array()) continue;
        const auto got = golden::RunOn(*e, f.fixture);
        ASSERT_TRUE(got.ok()) << f.fixture;
        // trivy spells conan ids "name/version"; ours are "name@version".
        auto norm = [&](std::string id) {
          if (fc.format == std::string("conan-lock")) id[id.find('/')] = '@';
          return id;
        };
        std::map<std::string, std::vector<std::string>> want, have;
        for (const auto& d : c.raw["dependencies"]) {
          auto& v = want[norm(d["id"].get<std::string>())];
          for (const auto& x : d["depends_on"]) v.push_back(norm(x.get<std::string>()));
          std::sort(v.begin(), v.end());
        }
        const bool projects = golden::PeerReportsProjects(f);
        for (const auto& p : got.value().packages) {
          if (!p.depends_on.empty() && (projects || !p.project)) have[p.id] = p.depends_on;
        }
        EXPECT_EQ(have, want) << f.fixture.filename();
        ++checked;
      }
    }
  }
  EXPECT_GE(checked, 7);
}

// osv-detector's real lockfiles: the package count it recorded is a parser fact.
struct RealWorldCase {
  const char* family;
  const char* file;
  const char* extractor;
};

class NativeRealWorld : public ::testing::TestWithParam<RealWorldCase> {};

TEST_P(NativeRealWorld, PackageCountMatchesOsvDetector) {
  const RealWorldCase& rc = GetParam();
  const Extractor* e = FindExtractor(rc.extractor);
  ASSERT_NE(e, nullptr);
  const auto dir =
      std::filesystem::path(FLEDGER_SOURCE_DIR) / "src/sca" / rc.family / "testdata/real-world-e2e";
  const auto expected =
      nlohmann::json::parse(Slurp(dir / (std::string(rc.file) + ".expected.json")));
  const auto got = golden::RunOn(*e, dir / rc.file);
  ASSERT_TRUE(got.ok()) << got.error().ToString();
  size_t count = 0;
  for (const auto& p : got.value().packages) {
    // osv-detector counts modules, not the Go toolchain nor the project itself.
    if (p.name != "stdlib" && !p.project) ++count;
  }
  EXPECT_EQ(count, expected["expected_package_count"].get<size_t>());
  // Every package osv-detector matched an advisory to is one we report, at that version.
  for (const auto& a : expected["affected_packages"]) {
    const std::string name = a["name"], version = a["version"];
    const bool found =
        std::any_of(got.value().packages.begin(), got.value().packages.end(),
                    [&](const Package& p) { return p.name == name && p.version == version; });
    EXPECT_TRUE(found) << name << "@" << version;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Lockfiles, NativeRealWorld,
    ::testing::Values(RealWorldCase{"go", "1-go.mod", "go/gomod"},
                      RealWorldCase{"go", "2-go.mod", "go/gomod"},
                      RealWorldCase{"ruby", "1-Gemfile.lock", "ruby/gemfilelock"},
                      RealWorldCase{"ruby", "2-Gemfile.lock", "ruby/gemfilelock"},
                      RealWorldCase{"php", "1-composer.lock", "php/composerlock"},
                      RealWorldCase{"php", "2-composer.lock", "php/composerlock"}),
    [](const auto& info) {
      std::string n = info.param.file;
      for (char& ch : n) {
        if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
      }
      return "f" + n;
    });

}  // namespace
}  // namespace fledger::sca
