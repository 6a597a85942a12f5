// What draft.cc and draft_sources.cc share: the readers of single facts (file kinds, ids from
// names, data-store images, connection strings). Not a public header of the model capability.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/primitives.h"
#include "model/model.h"

namespace fledger::model::draft_internal {

std::string_view BaseName(std::string_view path);
std::string_view DirName(std::string_view path);
bool IsComposeFile(std::string_view path);
bool IsDockerfile(std::string_view path);
// The CI system a file configures ("GitHub Actions", ...), or "" when it is none.
std::string CiSystem(std::string_view path);
bool MayHoldConnectionStrings(std::string_view path);
// An element id from free text: invalid characters become '-', a leading non-letter gets
// `prefix`, at most 64 characters.
std::string IdFrom(std::string_view text, std::string_view prefix);
// `text` as an ElementId (callers pass ids made by IdFrom); "element" if it is not one.
ElementId Id(const std::string& text);

// What a data-store image is, by the last segment of its repository name.
struct StoreKind {
  std::string_view image;
  std::string_view protocol;
};
// The data-store kind of an image ("postgres:16", "bitnami/redis"), or nullptr for other images.
const StoreKind* StoreOf(std::string_view image);

// A connection string found in text: scheme://[user[:password]@]host[:port]...
struct Connection {
  std::string scheme, host;
  bool password = false;
  bool tls = false;
  int line = 0;
};
// The connection strings in `text` (at most 1 000), with their lines.
std::vector<Connection> FindConnections(std::string_view text);
// The protocol a connection-string scheme speaks ("postgresql" -> "postgres").
std::string ProtocolOf(std::string_view scheme);

// What a Dockerfile says: its final base image (stage aliases followed), EXPOSEd ports, USER.
struct DockerfileInfo {
  std::string path, from;
  std::vector<std::string> ports;
  std::string user;
};
DockerfileInfo ReadDockerfile(const std::string& path, std::string_view text);
// Notes the Dockerfile's facts on the component built from it (technology, ports, root).
void DescribeDockerfile(Component& c, const DockerfileInfo& d);

// A dependency manifest (package.json, requirements*.txt, go.mod, pom.xml, Gemfile, ...).
bool IsManifest(std::string_view path);

// An authentication or logging library a file shows a component uses.
struct LibraryUse {
  std::string name;            // "jsonwebtoken", "Python logging"
  std::string kind;            // "auth" or "log"
  std::string authentication;  // what an auth library implies: token, session, ... or ""
  std::string path;
  int line = 0;
};
// The libraries a manifest lists, or the standard-library logging a source file imports (draft_libraries.cc).
std::vector<LibraryUse> FindLibraries(std::string_view path, std::string_view text);

}  // namespace fledger::model::draft_internal
