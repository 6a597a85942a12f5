// C and C++ extractors: Conan lockfiles (every version) and vcpkg manifests.
//
//   auto e = NewConanLockExtractor();
//   Result<Inventory> inv = e->Extract({path, text, nullptr});
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "sca/extractor.h"

namespace fledger::sca {

// A Conan reference "name/version@user/channel#rrev%timestamp" (v2) or a package reference
// "name/version@user/channel#rrev:package_id#prev" (v1 `pref`), split into its parts.
struct ConanReference {
  std::string name, version, user, channel, recipe_revision, package_id, package_revision,
      timestamp;
};
// Splits `ref`; name is "" when the reference has no "name/" part (a bare "1.2.3").
ConanReference ParseConanReference(std::string_view ref);

// "cpp/conanlock": conan.lock v0.x (graph_lock nodes with `pref`), v1 (nodes with `ref`, with or
// without revisions) and v2 (requires, build_requires, python_requires); ecosystem ConanCenter.
std::unique_ptr<Extractor> NewConanLockExtractor();

// "cpp/vcpkgjson": vcpkg.json dependencies and overrides (ecosystem "vcpkg"). Versions come from
// overrides (resolved) or `version>=` minimums (unresolved); vcpkg takes the rest from a registry
// baseline, which is not available offline, so those have no version.
std::unique_ptr<Extractor> NewVcpkgJsonExtractor();

}  // namespace fledger::sca
