// Fuzz target: the Python extractor family; the first byte picks the extractor (requirements,
// poetry.lock, Pipfile.lock, uv.lock, pdm.lock, pylock.toml, environment.yml), the rest is the
// file. Includes are read from a reader that serves the same bytes, so `-r` loops are exercised.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sca/python/python.h"

namespace {

class SelfReader : public fledger::sca::FileReader {
 public:
  explicit SelfReader(std::string text) : text_(std::move(text)) {}
  fledger::Result<std::string> Read(const fledger::RepoPath&) const override { return text_; }

 private:
  std::string text_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace fledger::sca::python;
  static const auto* const kAll = [] {
    auto* v = new std::vector<std::unique_ptr<fledger::sca::Extractor>>();
    v->push_back(NewRequirementsExtractor());
    v->push_back(NewPoetryLockExtractor());
    v->push_back(NewPipfileLockExtractor());
    v->push_back(NewUvLockExtractor());
    v->push_back(NewPdmLockExtractor());
    v->push_back(NewPylockExtractor());
    v->push_back(NewCondaEnvExtractor());
    return v;
  }();
  static const char* const kPaths[] = {"requirements.txt", "poetry.lock", "Pipfile.lock",
                                       "uv.lock",          "pdm.lock",    "pylock.toml",
                                       "environment.yml"};
  if (size == 0) return 0;
  const size_t pick = data[0] % kAll->size();
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  const SelfReader reader{std::string(text)};
  const auto path = fledger::RepoPath::Parse(kPaths[pick]).value();
  auto inv = (*kAll)[pick]->Extract({.path = path, .content = text, .reader = &reader});
  if (!inv.ok()) (void)inv.error().ToString();
  return 0;
}
