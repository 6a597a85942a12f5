// Fuzz target: findings reports read as threat-model evidence (Fledger JSON and SARIF), then
// placed on a small model's components and used in an analysis.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "model/evidence.h"
#include "model/load.h"
#include "model/rules.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto findings = fledger::model::ParseFindingsReport(text, "report.json", "/repo");
  if (!findings.ok()) return 0;
  static const auto m = fledger::model::LoadModel(
      "version: 1\ncomponents:\n  - {id: web, name: Web, paths: [web], exposure: internet}\n"
      "assumptions:\n  - {id: a, statement: s, excludes: [tampering], check: {paths: [web]}}\n",
      "m.yaml");
  if (!m.ok()) __builtin_trap();
  const auto a = fledger::model::Analyze(m.value(), fledger::model::BuiltinRules(),
                                         findings.value());
  if (a.evidence.size() != findings.value().size()) __builtin_trap();
  return 0;
}
