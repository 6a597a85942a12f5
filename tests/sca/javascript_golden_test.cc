// Golden tests of the JavaScript extractors against the corpus fixtures (osv-scalibr and trivy
// expectations), and the package counts of the real-world lockfiles osv-detector recorded.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <set>
#include <sstream>

#include "golden.h"
#include "sca/javascript/javascript.h"

namespace fledger::testing::sca_golden {
namespace {

namespace stdfs = std::filesystem;
using fledger::sca::Extractor;
using fledger::sca::Inventory;
using Pairs = std::vector<std::pair<std::string, std::string>>;

const stdfs::path kTestdata = stdfs::path(FLEDGER_SOURCE_DIR) / "src/sca/javascript/testdata";

struct Family {
  std::unique_ptr<Extractor> lock = fledger::sca::NewPackageLockJsonExtractor();
  std::unique_ptr<Extractor> yarn = fledger::sca::NewYarnLockExtractor();
  std::unique_ptr<Extractor> pnpm = fledger::sca::NewPnpmLockExtractor();
  std::unique_ptr<Extractor> bun = fledger::sca::NewBunLockExtractor();
  const Extractor* For(std::string_view format) const {
    if (format == "npm-package-lock-json") return lock.get();
    if (format == "yarn-lock") return yarn.get();
    if (format == "pnpm-lock-yaml") return pnpm.get();
    if (format == "bun-lock") return bun.get();
    return nullptr;
  }
};

const Family& Extractors() {
  static const Family* const kFamily = new Family();
  return *kFamily;
}

// Installed from the local disk or a patch of a registry package (trivy's yarn parser skips both).
bool IsLocalOrPatch(const fledger::sca::Package& p) {
  for (const std::string_view proto : {"file:", "link:", "portal:", "workspace:", "patch:"}) {
    if (p.source_url.rfind(proto, 0) == 0) return true;
  }
  return false;
}

// The pnpm lockfile major version ("lockfileVersion: '6.0'" -> 6), 0 if absent.
int PnpmMajor(const stdfs::path& fixture) {
  std::ifstream in(fixture);
  std::string line;
  while (std::getline(in, line)) {
    const size_t at = line.find("lockfileVersion:");
    if (at == std::string::npos) continue;
    const size_t digit = line.find_first_of("0123456789", at);
    return digit == std::string::npos ? 0 : std::atoi(line.c_str() + digit);
  }
  return 0;
}

// The semantics of each source: trivy's yarn parser leaves out packages installed from the local
// disk (file:, link:, workspaces) and patched packages; trivy's pnpm parser leaves out dev packages
// for lockfiles before v9 (and reports them, flagged, from v9); osv-scalibr's pnpm extractor
// reports one package per `packages` entry, where Fledger reports each peer-resolved instance (one
// per v9 snapshot), all pointing at the same entry line.
Pairs Project(const GoldenFixture& f, const GoldenCase& c, const Inventory& inv) {
  Pairs out;
  std::set<std::tuple<std::string, std::string, int>> seen;
  const bool trivy_pnpm_pre9 =
      f.source == "trivy" && f.format == "pnpm-lock-yaml" && PnpmMajor(f.fixture) < 9;
  for (const auto& p : inv.packages) {
    if (f.source == "trivy" && f.format == "yarn-lock" && IsLocalOrPatch(p)) continue;
    if (trivy_pnpm_pre9 && p.dev) continue;
    if (f.source == "osv-scalibr" && f.format == "pnpm-lock-yaml" && p.line > 0 &&
        !seen.emplace(p.name, p.version, p.line).second) {
      continue;
    }
    out.emplace_back(p.name, p.version);
  }
  (void)c;
  return out;
}

void RunFormat(const std::string& dir) {
  const auto summary = RunGoldenDir(
      kTestdata / dir, [](const GoldenFixture& f) { return Extractors().For(f.format); }, Project);
  std::cout << "[ golden ] " << dir << ": " << summary.passed << "/" << summary.cases
            << " cases pass\n";
  EXPECT_GT(summary.cases, 0);
  for (const auto& failure : summary.failures) ADD_FAILURE() << dir << ": " << failure;
}

TEST(JavascriptGolden, PackageLockJson) { RunFormat("npm-package-lock-json"); }
TEST(JavascriptGolden, YarnLock) { RunFormat("yarn-lock"); }
TEST(JavascriptGolden, PnpmLock) { RunFormat("pnpm-lock-yaml"); }
TEST(JavascriptGolden, BunLock) { RunFormat("bun-lock"); }

// osv-detector's count: one per package-lock (name, version), one per yarn.lock entry. It also
// counts a berry lockfile's root workspace entry ("workspace:."), which is the project itself and
// which Fledger leaves out, as osv-scalibr does (yarn-lock/osv-scalibr__exclude-root.v2.lock).
size_t RootWorkspaceEntries(const stdfs::path& fixture) {
  std::ifstream in(fixture);
  std::string line;
  size_t n = 0;
  while (std::getline(in, line)) {
    if (line.rfind("  resolution: ", 0) == 0 && line.find("@workspace:.\"") != std::string::npos) {
      ++n;
    }
  }
  return n;
}

TEST(JavascriptGolden, RealWorldPackageCounts) {
  const stdfs::path dir = kTestdata / "real-world";
  int checked = 0;
  for (const auto& entry : stdfs::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    const std::string suffix = ".expected.json";
    if (name.size() <= suffix.size() || name.substr(name.size() - suffix.size()) != suffix) {
      continue;
    }
    std::ifstream in(entry.path());
    const auto expected = nlohmann::json::parse(in);
    const stdfs::path fixture = dir / name.substr(0, name.size() - suffix.size());
    const auto* e = Extractors().For(expected.value("format", ""));
    ASSERT_NE(e, nullptr) << name;
    const auto start = std::chrono::steady_clock::now();
    const auto inv = RunOn(*e, fixture);
    const auto ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    ASSERT_TRUE(inv.ok()) << inv.error().ToString();
    std::cout << "[ timing ] " << fixture.filename().string() << ": " << inv.value().packages.size()
              << " packages in " << ms << " ms\n";
    EXPECT_EQ(inv.value().packages.size() + RootWorkspaceEntries(fixture),
              expected.value("expected_package_count", 0u))
        << name;
    ++checked;
  }
  EXPECT_EQ(checked, 5);
}

}  // namespace
}  // namespace fledger::testing::sca_golden
