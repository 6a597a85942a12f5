// The JVM extractors: Maven pom.xml, Gradle lockfiles and verification metadata, sbt lockfiles.
//
//   auto pom = NewPomXmlExtractor();
//   if (pom->FileRequired(path)) inventory = pom->Extract({path, text, &reader});
#pragma once

#include <memory>

#include "sca/extractor.h"

namespace fledger::sca {

// "java/pomxml": the direct dependencies a pom.xml declares (properties interpolated, versions
// from dependencyManagement and local parent poms), Maven ecosystem, names "groupId:artifactId".
std::unique_ptr<Extractor> NewPomXmlExtractor();
// "java/gradlelockfile": gradle.lockfile, buildscript-gradle.lockfile, gradle/dependency-locks/*.
std::unique_ptr<Extractor> NewGradleLockfileExtractor();
// "java/gradleverificationmetadata": gradle/verification-metadata.xml components.
std::unique_ptr<Extractor> NewGradleVerificationMetadataExtractor();
// "java/sbtlockfile": build.sbt.lock (sbt-dependency-lock).
std::unique_ptr<Extractor> NewSbtLockfileExtractor();

}  // namespace fledger::sca
