// Fuzz target: the suppression parsers (ignore file, OpenVEX, CycloneDX VEX, auto-detection); the
// first byte selects the parser, and parsed rules are applied to a few findings.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sca/suppress/suppress.h"

namespace {

std::vector<fledger::Finding> Findings() {
  using namespace fledger;
  const RuleId rule = RuleId::Parse("GHSA-35jh-r3h4-6jhm").value();
  const RepoPath path = RepoPath::Parse("package-lock.json").value();
  const Ecosystem npm = Ecosystem::Parse("npm").value();
  Finding f{.rule_id = rule, .fingerprint = Fingerprint::Compute(rule, path, "lodash")};
  f.aliases = {"CVE-2021-23337"};
  f.package = PackageRef{
      .ecosystem = npm, .name = PackageName::Parse(npm, "lodash").value(), .version = "4.17.20"};
  return {f, Finding{.rule_id = rule, .fingerprint = f.fingerprint}};
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  fledger::Result<fledger::sca::SuppressionRules> rules = fledger::Error{};
  switch (data[0] % 4) {
    case 0:
      rules = fledger::sca::ParseIgnoreFile(text, "sca-ignore.yaml");
      break;
    case 1:
      rules = fledger::sca::ParseOpenVex(text, "openvex.json");
      break;
    case 2:
      rules = fledger::sca::ParseCycloneDxVex(text, "vex.cdx.json");
      break;
    default:
      rules = fledger::sca::ParseVex(text, "vex.json");
      break;
  }
  if (!rules.ok()) {
    (void)rules.error().ToString();
    return 0;
  }
  fledger::sca::Suppressor s;
  s.Add(rules.value());
  std::vector<fledger::Finding> findings = Findings();
  const auto report = s.Apply(findings, "2025-06-30");
  (void)report.Warnings();
  if (findings.size() != 2) __builtin_trap();  // a finding is never dropped
  return 0;
}
