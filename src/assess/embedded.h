// The standards catalogs compiled into the binary (generated from standards/*.json).
#pragma once

#include <string_view>
#include <vector>

namespace fledger::assess {

struct EmbeddedFile {
  std::string_view name;     // file name without ".json", e.g. "SecurityCategory"
  std::string_view content;  // the JSON text
};

// All embedded catalogs, sorted by name.
const std::vector<EmbeddedFile>& EmbeddedStandards();

}  // namespace fledger::assess
