// Names and weights of requirement statuses.
#include "assess/model.h"

#include "core/text.h"

namespace fledger::assess {

std::string_view ReqStatusName(ReqStatus s) {
  switch (s) {
    case ReqStatus::kMet:
      return "met";
    case ReqStatus::kPartial:
      return "partial";
    case ReqStatus::kUnmet:
      return "unmet";
    case ReqStatus::kNeedsReview:
      return "needs-review";
    case ReqStatus::kNotApplicable:
      return "n/a";
  }
  return "needs-review";
}

Result<ReqStatus> ParseReqStatus(std::string_view text) {
  std::string t = ToLower(Trim(text));
  if (t == "met" || t == "yes" || t == "pass" || t == "passed") return ReqStatus::kMet;
  if (t == "partial" || t == "partially met") return ReqStatus::kPartial;
  if (t == "unmet" || t == "no" || t == "fail" || t == "failed" || t == "not met")
    return ReqStatus::kUnmet;
  if (t == "needs-review" || t == "needs review" || t == "?" || t == "")
    return ReqStatus::kNeedsReview;
  if (t == "n/a" || t == "na" || t == "not applicable") return ReqStatus::kNotApplicable;
  return InputError(ValidationStep::kSemantics,
                    "status '" + EscapeTerminal(Truncate(text, 40)) + "'",
                    "expected met, partial, unmet, needs-review or n/a");
}

double ReqStatusScore(ReqStatus s) {
  switch (s) {
    case ReqStatus::kMet:
      return 1.0;
    case ReqStatus::kPartial:
      return 0.5;
    default:
      return 0.0;
  }
}

}  // namespace fledger::assess
