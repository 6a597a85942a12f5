// The OSV snapshot compiled into the binary (generated from data/osv/**/*.json by tools/embed.cc),
// so that a first run has a vulnerability database without a network.
#pragma once

#include <string_view>
#include <vector>

namespace fledger::sca::osv {

struct EmbeddedFile {
  std::string_view name;     // record file name without ".json", e.g. "GHSA-jfh8-c2jp-5v3q"
  std::string_view content;  // the OSV JSON text
};

// Every bundled record, sorted by name.
const std::vector<EmbeddedFile>& EmbeddedOsvSnapshot();

}  // namespace fledger::sca::osv
