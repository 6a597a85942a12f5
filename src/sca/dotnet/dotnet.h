// The .NET extractors: NuGet packages.lock.json, packages.config, *.deps.json and
// Directory.Packages.props (central package management).
//
//   auto lock = NewPackagesLockJsonExtractor();
//   if (lock->FileRequired(path)) inventory = lock->Extract({path, text, &reader});
#pragma once

#include <memory>

#include "sca/extractor.h"

namespace fledger::sca {

// "dotnet/packageslockjson": every target framework's Direct and Transitive packages, with
// dependency edges; Project entries (the solution's own projects) as Package::project; NuGet.
std::unique_ptr<Extractor> NewPackagesLockJsonExtractor();
// "dotnet/packagesconfig": <package id version developmentDependency> entries.
std::unique_ptr<Extractor> NewPackagesConfigExtractor();
// "dotnet/depsjson": the package and runtimepack libraries of a *.deps.json, and its project
// libraries as Package::project with their edges.
std::unique_ptr<Extractor> NewDepsJsonExtractor();
// "dotnet/directorypackagesprops": PackageVersion / PackageReference items of
// Directory.Packages.props and *.packages.props; ranges are unresolved, $(Variables) skipped.
std::unique_ptr<Extractor> NewDirectoryPackagesPropsExtractor();

}  // namespace fledger::sca
