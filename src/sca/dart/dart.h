// Dart extractors: pub's pubspec.lock.
//
//   auto e = NewPubspecLockExtractor();
//   Result<Inventory> inv = e->Extract({path, text, nullptr});
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"
#include "sca/extractor.h"

namespace fledger::sca {

// "dart/pubspeclock": packages with version, "direct main"/"direct dev"/"transitive" as
// relationship and dev flag, git resolved-ref as commit; ecosystem Pub.
std::unique_ptr<Extractor> NewPubspecLockExtractor();

// The `sdks:` constraints of a pubspec.lock ({"dart": ">=2.18.0 <3.0.0", "flutter": "^3.3.0"});
// SDK packages (flutter_test, source sdk) are locked as "0.0.0" and take their version from these.
Result<std::map<std::string, std::string>> PubspecSdks(std::string_view text,
                                                       const std::string& context);

}  // namespace fledger::sca
