// Package names from package URLs.
#include "sca/purl_name.h"

namespace fledger::sca {

std::string PackageNameFromPurl(const Purl& purl) {
  const std::string& type = purl.type();
  if (purl.ns().empty()) return purl.name();
  if (type == "maven") return purl.ns() + ":" + purl.name();
  if (type == "npm" || type == "composer" || type == "golang" || type == "swift" ||
      type == "githubactions") {
    return purl.ns() + "/" + purl.name();
  }
  return purl.name();
}

}  // namespace fledger::sca
