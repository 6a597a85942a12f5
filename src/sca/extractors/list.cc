// The explicit list of every extractor Fledger runs, in a fixed order. Adding a format: see
// docs/adding-an-extractor.md (write the extractor in its family folder, add one line here).
#include <algorithm>

#include "sca/extractor.h"
// Family headers (one per folder under src/sca/).
// [javascript]
#include "sca/javascript/javascript.h"
// [python]
#include "sca/python/python.h"
// [go-rust-ruby-php-cpp]
#include "sca/cpp/cpp.h"
#include "sca/dart/dart.h"
#include "sca/erlang/erlang.h"
#include "sca/go/go.h"
#include "sca/haskell/haskell.h"
#include "sca/php/php.h"
#include "sca/ruby/ruby.h"
#include "sca/rust/rust.h"
// [java-dotnet-others]
#include "sca/dotnet/dotnet.h"
#include "sca/java/java.h"
#include "sca/julia/julia.h"
#include "sca/r/r.h"
#include "sca/swift/swift.h"

namespace fledger::sca {

const std::vector<std::unique_ptr<Extractor>>& AllExtractors() {
  static const auto* const kAll = [] {
    auto* v = new std::vector<std::unique_ptr<Extractor>>();
    // ---- javascript ----
    v->push_back(NewPackageLockJsonExtractor());
    v->push_back(NewYarnLockExtractor());
    v->push_back(NewPnpmLockExtractor());
    v->push_back(NewBunLockExtractor());
    v->push_back(NewPackageJsonExtractor());

    // ---- python ----
    v->push_back(python::NewRequirementsExtractor());
    v->push_back(python::NewPoetryLockExtractor());
    v->push_back(python::NewPipfileLockExtractor());
    v->push_back(python::NewUvLockExtractor());
    v->push_back(python::NewPdmLockExtractor());
    v->push_back(python::NewPylockExtractor());
    v->push_back(python::NewCondaEnvExtractor());

    // ---- go, rust, ruby, php, c/c++ ----
    v->push_back(NewGoModExtractor());
    v->push_back(NewGoSumExtractor());
    v->push_back(NewCargoLockExtractor());
    v->push_back(NewGemfileLockExtractor());
    v->push_back(NewComposerLockExtractor());
    v->push_back(NewConanLockExtractor());
    v->push_back(NewVcpkgJsonExtractor());
    v->push_back(NewPubspecLockExtractor());
    v->push_back(NewMixLockExtractor());
    v->push_back(NewCabalFreezeExtractor());
    v->push_back(NewStackLockExtractor());

    // ---- java, dotnet and others ----
    v->push_back(NewPomXmlExtractor());
    v->push_back(NewGradleLockfileExtractor());
    v->push_back(NewGradleVerificationMetadataExtractor());
    v->push_back(NewSbtLockfileExtractor());
    v->push_back(NewPackagesLockJsonExtractor());
    v->push_back(NewPackagesConfigExtractor());
    v->push_back(NewDepsJsonExtractor());
    v->push_back(NewDirectoryPackagesPropsExtractor());
    v->push_back(NewPodfileLockExtractor());
    v->push_back(NewPackageResolvedExtractor());
    v->push_back(NewRenvLockExtractor());
    v->push_back(NewManifestTomlExtractor());

    return v;
  }();
  return *kAll;
}

const Extractor* FindExtractor(std::string_view name) {
  for (const auto& e : AllExtractors()) {
    if (e->Name() == name) return e.get();
  }
  return nullptr;
}

}  // namespace fledger::sca
