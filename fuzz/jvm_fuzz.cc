// Fuzz target: the JVM, .NET, Swift, R and Julia extractors; the first byte picks the extractor,
// the rest is the file.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "sca/dotnet/dotnet.h"
#include "sca/java/java.h"
#include "sca/julia/julia.h"
#include "sca/r/r.h"
#include "sca/swift/swift.h"

namespace {

struct Target {
  std::unique_ptr<fledger::sca::Extractor> (*make)();
  const char* path;
};

constexpr Target kTargets[] = {
    {fledger::sca::NewPomXmlExtractor, "pom.xml"},
    {fledger::sca::NewGradleLockfileExtractor, "gradle.lockfile"},
    {fledger::sca::NewGradleVerificationMetadataExtractor, "gradle/verification-metadata.xml"},
    {fledger::sca::NewSbtLockfileExtractor, "build.sbt.lock"},
    {fledger::sca::NewPackagesLockJsonExtractor, "packages.lock.json"},
    {fledger::sca::NewPackagesConfigExtractor, "packages.config"},
    {fledger::sca::NewDepsJsonExtractor, "app.deps.json"},
    {fledger::sca::NewDirectoryPackagesPropsExtractor, "Directory.Packages.props"},
    {fledger::sca::NewPodfileLockExtractor, "Podfile.lock"},
    {fledger::sca::NewPackageResolvedExtractor, "Package.resolved"},
    {fledger::sca::NewRenvLockExtractor, "renv.lock"},
    {fledger::sca::NewManifestTomlExtractor, "Manifest.toml"},
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  static const auto* const kExtractors = [] {
    auto* v = new std::vector<std::unique_ptr<fledger::sca::Extractor>>();
    for (const auto& t : kTargets) v->push_back(t.make());
    return v;
  }();
  const size_t pick = data[0] % (sizeof(kTargets) / sizeof(kTargets[0]));
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  auto path = fledger::RepoPath::Parse(kTargets[pick].path);
  auto inv = (*kExtractors)[pick]->Extract({.path = path.value(), .content = text});
  if (!inv.ok()) (void)inv.error().ToString();
  return 0;
}
