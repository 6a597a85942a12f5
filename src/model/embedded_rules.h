// The rule library's files (src/model/rules/*.yaml), compiled into the binary by tools/embed.cc.
#pragma once

#include <string_view>
#include <vector>

namespace fledger::model {

struct EmbeddedFile {
  std::string_view name;     // file name without ".yaml", e.g. "injection"
  std::string_view content;  // the YAML text
};

// Every rule file, sorted by name.
const std::vector<EmbeddedFile>& EmbeddedRuleFiles();

}  // namespace fledger::model
