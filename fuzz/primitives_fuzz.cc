// Fuzz target: every domain primitive's Parse, plus redaction and escaping of arbitrary bytes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/primitives.h"
#include "core/redact.h"
#include "core/text.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto p = fledger::Purl::Parse(text); p.ok()) {
    // Canonical form must be a fixed point.
    const std::string once = p.value().ToString();
    auto again = fledger::Purl::Parse(once);
    if (!again.ok() || again.value().ToString() != once) std::abort();
  }
  if (auto p = fledger::RepoPath::Parse(text); p.ok()) {
    auto again = fledger::RepoPath::Parse(p.value().str());
    if (!again.ok() || again.value().str() != p.value().str()) std::abort();
    const std::string& v = p.value().str();
    if (v == ".." || v.rfind("../", 0) == 0) std::abort();  // never escapes the root
  }
  (void)fledger::CvssVector::Parse(text);
  (void)fledger::CweId::Parse(text);
  (void)fledger::Severity::Parse(text);
  (void)fledger::RuleId::Parse(text);
  (void)fledger::ElementId::Parse(text);
  if (auto eco = fledger::Ecosystem::Parse("PyPI"); eco.ok())
    (void)fledger::PackageName::Parse(eco.value(), text);
  const std::string safe = fledger::EscapeTerminal(text);
  if (safe.find('\x1b') != std::string::npos) std::abort();
  const std::string redacted = fledger::Redact(text);
  if (fledger::Redact(redacted) != redacted) std::abort();  // idempotent
  return 0;
}
