// Private to src/sca/imports/: the ecosystem families and the bucket keys the index uses to find
// the candidate imports of a package without testing every import against it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sca/imports/imports.h"

namespace fledger::sca::imports {

// The group of languages whose imports name packages of one kind of ecosystem.
enum class Family : char {
  kNone = 0,
  kNpm = 'j',
  kPyPI = 'p',
  kGo = 'g',
  kCargo = 'r',
  kMaven = 'm',
  kGem = 'b',
  kComposer = 'h',
  kC = 'c',
};

Family FamilyOf(Language language);
Family FamilyOf(const Ecosystem& ecosystem);

// The bucket keys of an import; empty when it can never belong to a package (a relative
// JavaScript path, a `node:` builtin). MatchImport(l, m, p) implies that SiteBuckets(l, m) and
// PackageBuckets(p) share a key.
std::vector<std::string> SiteBuckets(Language language, std::string_view module);
std::vector<std::string> PackageBuckets(const Package& p);

}  // namespace fledger::sca::imports
