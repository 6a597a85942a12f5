// placeholder
#include "model/import/import_internal.h"
namespace fledger::model {
Result<ImportResult> ImportThreatDragon(std::string_view, const std::string& context) {
  return InputError(ValidationStep::kSemantics, context, "Threat Dragon import is not done yet");
}
}  // namespace fledger::model
