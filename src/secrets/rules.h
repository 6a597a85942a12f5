// Secret-detection rules as data: one YAML file per provider (rules/secrets/*.yaml, format in
// rules/secrets/README.md), read strictly so that a typo cannot silently turn a rule off.
//
//   FLEDGER_TRY(std::vector<Rule> rules, ParseRuleFile(text, "rules/secrets/github.yaml"));
//   FLEDGER_TRY(RuleSet set, LoadRuleSet({"my-rules/"}));  // built-in rules plus a folder
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/finding.h"
#include "core/primitives.h"
#include "core/result.h"

namespace re2 {
class RE2;
}  // namespace re2

namespace fledger::secrets {

// What a candidate secret must satisfy to be reported (all of the set ones).
struct Validators {
  double entropy = 0;    // minimum Shannon entropy, bits per character
  int min_length = 0;    // minimum length of the secret
  int classes = 0;       // at least this many of: lower case, upper case, digit, symbol
  std::string checksum;  // "", "github" or "npm": CRC32 tail; a mismatch lowers confidence
  std::string structure;  // "", "pem", "jwt", "openssh", "putty", "pgp", "url-password",
                          // "connection-string"
  bool not_placeholder = true;  // reject ${VAR}, <token>, xxxx, changeme, EXAMPLE, ...
};

struct Rule {
  RuleId id = RuleId::Parse("unnamed").value();  // set by the reader
  std::string name;      // "GitHub personal access token (classic)"
  std::string provider;  // "GitHub"
  std::string pattern;   // RE2; group `secret` (or group 1, or the whole match) is the secret
  std::vector<std::string> keywords;  // literals, case-insensitive; every match holds one
  Confidence confidence = Confidence::kHigh;
  Severity severity = Severity::Of(Severity::Level::kHigh);
  bool multiline = false;
  Validators validators;
  std::vector<std::string> references;
  std::string remediation;
  std::vector<std::string> positive;  // examples that must be found
  std::vector<std::string> negative;  // examples that must not be
  std::string origin;                 // "rules/secrets/github.yaml:12" (built-in: "builtin:github:12")
  // The pattern as the reader compiled it to check it (Latin-1), shared with the engine so that
  // it is compiled once; null for a rule built in code.
  std::shared_ptr<const re2::RE2> regex;
  bool builtin = false;  // one of Fledger's own rules (its pattern may not be compiled yet)
};

// Longest match a rule may have (bytes); a multiline rule (PEM blocks) may span more.
inline constexpr size_t kMaxMatchBytes = 4096;
inline constexpr size_t kMaxMultilineMatchBytes = 16384;
// Largest rule file, and most rules in all.
inline constexpr size_t kMaxRuleFileBytes = 1u << 20;
inline constexpr size_t kMaxRules = 5000;

// Parses one rule file: size, then YAML syntax, then every key and value (semantics), including
// (unless `check_patterns` is false) that each pattern compiles with RE2. Errors name `origin`
// and the line.
Result<std::vector<Rule>> ParseRuleFile(std::string_view text, const std::string& origin,
                                        bool check_patterns = true);

struct RuleSet {
  std::vector<Rule> rules;
  std::vector<std::string> files;  // where they came from ("builtin:github", "dir/x.yaml")
};

// The built-in rules (unless `builtin` is false) and every *.yaml / *.yml file in `extra` (files
// or directories, not recursive). Rule ids must be unique across all of them. The built-in
// patterns, checked by the test suite (`fledger rules check`), are compiled by the engine when
// first needed rather than here, unless `check_builtin` is set.
Result<RuleSet> LoadRuleSet(const std::vector<std::filesystem::path>& extra, bool builtin = true,
                            bool check_builtin = false);

}  // namespace fledger::secrets
