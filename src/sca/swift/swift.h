// The Swift and Objective-C extractors: CocoaPods Podfile.lock and SwiftPM Package.resolved.
//
//   auto pods = NewPodfileLockExtractor();
//   if (pods->FileRequired(path)) inventory = pods->Extract({path, text, &reader});
#pragma once

#include <memory>

#include "sca/extractor.h"

namespace fledger::sca {

// "swift/podfilelock": the PODS of a Podfile.lock (subspecs as "Pod/Subspec"), direct when listed
// under DEPENDENCIES, with edges; CocoaPods ecosystem.
std::unique_ptr<Extractor> NewPodfileLockExtractor();
// "swift/packageresolved": Package.resolved v1, v2 and v3 pins, named by repository URL without
// scheme and ".git" ("github.com/apple/swift-nio"); SwiftURL ecosystem.
std::unique_ptr<Extractor> NewPackageResolvedExtractor();

}  // namespace fledger::sca
