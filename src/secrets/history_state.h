// Private to src/secrets/history.cc: a Finding stored as JSON in the history state of fledger.db,
// and read back. Only the fields a secret finding carries are kept; the evidence is the redacted
// value the scanner made, so the row never holds a secret in clear.
#pragma once

#include <string>
#include <string_view>

#include "core/finding.h"
#include "core/result.h"

namespace fledger::secrets::internal {

std::string FindingToStateJson(const Finding& finding);
// Every field is validated again (the database file is input too); an error names the field.
Result<Finding> FindingFromStateJson(std::string_view json);

}  // namespace fledger::secrets::internal
