// The secret-detection rules (rules/secrets/*.yaml), compiled into the binary by tools/embed.cc.
#pragma once

#include <string_view>
#include <vector>

namespace fledger::secrets {

struct EmbeddedFile {
  std::string_view name;     // file name without ".yaml", e.g. "github"
  std::string_view content;  // the YAML text
};

// Every rule file, sorted by name.
const std::vector<EmbeddedFile>& EmbeddedSecretRuleFiles();

}  // namespace fledger::secrets
