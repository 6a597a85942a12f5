// Fuzz target: the import scanner and matcher; the first byte picks the language, the rest is text.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sca/imports/imports.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using fledger::sca::imports::Language;
  if (size == 0) return 0;
  constexpr int kLanguages = static_cast<int>(Language::kC) + 1;
  const auto language = static_cast<Language>(data[0] % kLanguages);
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  // A small site limit too, so the truncation path runs.
  (void)fledger::sca::imports::ScanImports(language, text, 3);
  static const fledger::sca::Package kPackages[] = {
      fledger::sca::MakePackage(fledger::Ecosystem::Parse("npm").value(), "@a/b", "1"),
      fledger::sca::MakePackage(fledger::Ecosystem::Parse("PyPI").value(), "python-a", "1"),
      fledger::sca::MakePackage(fledger::Ecosystem::Parse("Go").value(), "a/b", "1"),
      fledger::sca::MakePackage(fledger::Ecosystem::Parse("crates.io").value(), "a-b", "1"),
      fledger::sca::MakePackage(fledger::Ecosystem::Parse("Maven").value(), "a.b:c", "1"),
      fledger::sca::MakePackage(fledger::Ecosystem::Parse("RubyGems").value(), "a-b", "1"),
      fledger::sca::MakePackage(fledger::Ecosystem::Parse("Packagist").value(), "a/b", "1"),
      fledger::sca::MakePackage(fledger::Ecosystem::Parse("vcpkg").value(), "liba2", "1"),
  };
  fledger::sca::imports::ImportIndex index;
  index.AddFile(fledger::RepoPath::Parse("f").value(), language, text);
  for (const auto& p : kPackages) (void)index.SitesFor(p, kPackages);
  return 0;
}
