// Fuzz target: `model init`'s readers of untrusted repository files (docker-compose, Kubernetes
// manifests, Dockerfiles, connection strings in code). The first byte picks the file name; the
// drafted model must always write as YAML the loader accepts.
#include <cstddef>
#include <cstdint>
#include <string>

#include "model/draft.h"
#include "model/load.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  static const char* const kNames[] = {"docker-compose.yml", "k8s/app.yaml", "web/Dockerfile",
                                       "web/src/db.js", ".github/workflows/ci.yml"};
  const auto path = fledger::RepoPath::Parse(kNames[data[0] % 5]);
  std::vector<fledger::model::SourceFile> files = {
      {path.value(), std::string(reinterpret_cast<const char*>(data + 1), size - 1)},
      {fledger::RepoPath::Parse("docker-compose.override.yml").value(),
       "services:\n  web:\n    build: ./web\n  db:\n    image: postgres\n"}};
  const auto m = fledger::model::DraftModel(std::move(files), "fuzz");
  const std::string yaml = fledger::model::WriteModelYaml(m);
  if (!fledger::model::LoadModel(yaml, "threatmodel.yaml").ok()) __builtin_trap();
  return 0;
}
