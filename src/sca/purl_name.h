// Mapping a package URL back to the package model's spelling of a name (the inverse of the naming
// part of PackagePurl in package.h), shared by the SBOM reader and the suppression matcher.
//
//   PackageNameFromPurl(Purl::Parse("pkg:maven/org.slf4j/slf4j-api@2.0.9").value())
//       // -> "org.slf4j:slf4j-api"
#pragma once

#include <string>

#include "core/primitives.h"

namespace fledger::sca {

// The Package::name a purl denotes: "group:artifact" for Maven, "namespace/name" for npm (scope
// included), Composer, Go, Swift and GitHub Actions, the bare name for every other type (whose
// namespace is a distribution or vendor, not part of the name).
std::string PackageNameFromPurl(const Purl& purl);

}  // namespace fledger::sca
