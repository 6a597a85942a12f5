// Formatting of errors for the one-line messages Fledger prints on failure.
#include "core/result.h"

namespace fledger {

const char* ValidationStepName(ValidationStep step) {
  switch (step) {
    case ValidationStep::kNone:
      return "";
    case ValidationStep::kOrigin:
      return "origin";
    case ValidationStep::kSize:
      return "size";
    case ValidationStep::kLexical:
      return "lexical";
    case ValidationStep::kSyntax:
      return "syntax";
    case ValidationStep::kSemantics:
      return "semantics";
  }
  return "";
}

std::string Error::ToString() const {
  std::string out;
  if (!context.empty()) out += context + ": ";
  if (step != ValidationStep::kNone) {
    out += ValidationStepName(step);
    out += " error: ";
  }
  out += message;
  return out;
}

Error InputError(ValidationStep step, std::string context, std::string message) {
  return Error{ErrorCode::kInput, std::move(message), std::move(context), step};
}

}  // namespace fledger
