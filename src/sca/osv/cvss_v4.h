// Private to sca/osv: CVSS v4.0 scoring behind ScoreCvss (cvss.h), kept apart for its data table.
#pragma once

#include "core/primitives.h"
#include "sca/osv/cvss.h"

namespace fledger::sca::osv {

// Scores a vector that CvssVector::Parse accepted as version "4.0" (FIRST CVSS v4.0 section 8).
CvssScore ScoreCvssV4(const CvssVector& vector);

}  // namespace fledger::sca::osv
