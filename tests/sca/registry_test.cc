// The extractor registry: every extractor has a unique, well-formed name, and each well-known
// file name is claimed by the extractor meant for it, first in registry order.
#include <gtest/gtest.h>

#include <set>

#include "sca/extractor.h"

namespace fledger::sca {
namespace {

const Extractor* FirstFor(std::string_view path) {
  const auto p = RepoPath::Parse(path);
  EXPECT_TRUE(p.ok()) << path;
  for (const auto& e : AllExtractors()) {
    if (e->FileRequired(p.value())) return e.get();
  }
  return nullptr;
}

TEST(ExtractorRegistry, NamesAreUniqueFamilySlashFormat) {
  std::set<std::string> names;
  for (const auto& e : AllExtractors()) {
    const std::string name(e->Name());
    EXPECT_TRUE(names.insert(name).second) << "duplicate " << name;
    EXPECT_NE(name.find('/'), std::string::npos) << name;
    EXPECT_GE(e->Version(), 1) << name;
    EXPECT_TRUE(Ecosystem::Parse(e->Ecosystem()).ok()) << name << ": " << e->Ecosystem();
    EXPECT_EQ(FindExtractor(name), e.get());
  }
  EXPECT_GE(names.size(), 30u);
  EXPECT_EQ(FindExtractor("no/such"), nullptr);
}

TEST(ExtractorRegistry, WellKnownFilesGoToTheirExtractor) {
  const std::pair<const char*, const char*> kCases[] = {
      {"package-lock.json", "javascript/packagelockjson"},
      {"web/npm-shrinkwrap.json", "javascript/packagelockjson"},
      {"yarn.lock", "javascript/yarnlock"},
      {"pnpm-lock.yaml", "javascript/pnpmlock"},
      {"bun.lock", "javascript/bunlock"},
      {"package.json", "javascript/packagejson"},
      {"requirements.txt", "python/requirements"},
      {"requirements-dev.txt", "python/requirements"},
      {"poetry.lock", "python/poetrylock"},
      {"Pipfile.lock", "python/pipfilelock"},
      {"uv.lock", "python/uvlock"},
      {"pdm.lock", "python/pdmlock"},
      {"pylock.toml", "python/pylock"},
      {"go.mod", "go/gomod"},
      {"go.sum", "go/gosum"},
      {"Cargo.lock", "rust/cargolock"},
      {"Gemfile.lock", "ruby/gemfilelock"},
      {"composer.lock", "php/composerlock"},
      {"pom.xml", "java/pomxml"},
      {"gradle.lockfile", "java/gradlelockfile"},
      {"gradle/verification-metadata.xml", "java/gradleverificationmetadata"},
      {"packages.lock.json", "dotnet/packageslockjson"},
      {"packages.config", "dotnet/packagesconfig"},
      {"app.deps.json", "dotnet/depsjson"},
      {"Directory.Packages.props", "dotnet/directorypackagesprops"},
      {"conan.lock", "cpp/conanlock"},
      {"vcpkg.json", "cpp/vcpkgjson"},
      {"pubspec.lock", "dart/pubspeclock"},
      {"mix.lock", "erlang/mixlock"},
      {"Podfile.lock", "swift/podfilelock"},
      {"Package.resolved", "swift/packageresolved"},
      {"renv.lock", "r/renvlock"},
      {"Manifest.toml", "julia/manifesttoml"},
  };
  for (const auto& [path, want] : kCases) {
    const Extractor* e = FirstFor(path);
    ASSERT_NE(e, nullptr) << path;
    EXPECT_EQ(e->Name(), want) << path;
  }
  for (const char* path : {"README.md", "node_modules/x/package.json", "src/main.go", "foo.json",
                           "Cargo.toml", "setup.py"}) {
    EXPECT_EQ(FirstFor(path), nullptr) << path << " claimed by " << FirstFor(path)->Name();
  }
}

}  // namespace
}  // namespace fledger::sca
