// `model init`: a first System Analysis drafted from a repository, deterministically. It reads
// docker-compose files (services, published ports, depends_on, connection strings in the
// environment, volumes, secrets), Kubernetes manifests (workloads, Services, Ingresses, RBAC),
// Dockerfiles (base image, EXPOSE, USER), connection strings in source files, and CI workflows; every inferred fact keeps its provenance (file:line) and confidence,
// and what cannot be inferred becomes a question in the file.
//
//   if (DraftReads(path)) files.push_back({path, text});
//   Model m = DraftModel(files, "shop");
//   std::string yaml = WriteModelYaml(m);
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/primitives.h"
#include "model/model.h"

namespace fledger::model {

struct SourceFile {
  RepoPath path;
  std::string text;
};

// True for the files DraftModel reads: compose files, Dockerfiles, CI workflows, and source and
// configuration files that may hold connection strings.
bool DraftReads(const RepoPath& path);

// The drafted model of the repository whose files are `files` (sorted by path or not: the result
// does not depend on their order). `name` is the model's name.
Model DraftModel(std::vector<SourceFile> files, const std::string& name);

// The model as threatmodel.yaml text (a comment header, then the keys in a fixed order).
std::string WriteModelYaml(const Model& m);
// The same under another comment header (each line starting with "# ", ending with a newline).
std::string WriteModelYaml(const Model& m, std::string_view header);

}  // namespace fledger::model
