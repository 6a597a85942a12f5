// The JavaScript (npm ecosystem) family of dependency extractors: npm package-lock.json and
// npm-shrinkwrap.json, yarn.lock (classic and berry), pnpm-lock.yaml, bun.lock and package.json.
//
//   auto e = NewPackageLockJsonExtractor();
//   if (e->FileRequired(path)) auto inv = e->Extract({path, text, &reader});
#pragma once

#include <memory>

#include "sca/extractor.h"

namespace fledger::sca {

// "javascript/packagelockjson": package-lock.json v1-v3 and npm-shrinkwrap.json.
std::unique_ptr<Extractor> NewPackageLockJsonExtractor();
// "javascript/yarnlock": yarn.lock v1 (classic) and v2+ (berry).
std::unique_ptr<Extractor> NewYarnLockExtractor();
// "javascript/pnpmlock": pnpm-lock.yaml v5.x, v6 and v9.
std::unique_ptr<Extractor> NewPnpmLockExtractor();
// "javascript/bunlock": bun.lock (text, JSON with trailing commas).
std::unique_ptr<Extractor> NewBunLockExtractor();
// "javascript/packagejson": package.json declared dependencies (used when no lockfile is beside).
std::unique_ptr<Extractor> NewPackageJsonExtractor();

}  // namespace fledger::sca
