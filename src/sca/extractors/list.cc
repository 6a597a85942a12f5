// The explicit list of every extractor Fledger runs, in a fixed order. Adding a format: see
// docs/adding-an-extractor.md (write the extractor in its family folder, add one line here).
#include <algorithm>

#include "sca/extractor.h"
// Family headers (one per folder under src/sca/).
// [javascript]
#include "sca/javascript/javascript.h"
// [python]
// [go-rust-ruby-php-cpp]
// [java-dotnet-others]

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

    // ---- go, rust, ruby, php, c/c++ ----

    // ---- java, dotnet and others ----

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
