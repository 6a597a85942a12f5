// The explicit list of every extractor Fledger runs, in a fixed order. Adding a format: see
// docs/adding-an-extractor.md (write the extractor in its family folder, add one line here).
#include <algorithm>

#include "sca/extractor.h"
// Family headers (one per folder under src/sca/).
// [javascript]
// [python]
#include "sca/python/python.h"
// [go-rust-ruby-php-cpp]
// [java-dotnet-others]

namespace fledger::sca {

const std::vector<std::unique_ptr<Extractor>>& AllExtractors() {
  static const auto* const kAll = [] {
    auto* v = new std::vector<std::unique_ptr<Extractor>>();
    // ---- javascript ----

    // ---- python ----
    v->push_back(python::NewRequirementsExtractor());
    v->push_back(python::NewPoetryLockExtractor());
    v->push_back(python::NewPipfileLockExtractor());
    v->push_back(python::NewUvLockExtractor());
    v->push_back(python::NewPdmLockExtractor());
    v->push_back(python::NewPylockExtractor());
    v->push_back(python::NewCondaEnvExtractor());

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
