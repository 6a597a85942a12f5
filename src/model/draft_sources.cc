// The drafter's readers of single facts: which files it reads, ids from names, data-store images
// and connection strings.
#include <re2/re2.h>

#include <algorithm>
#include <map>

#include "core/text.h"

#include "model/draft_internal.h"

namespace fledger::model::draft_internal {

std::string_view BaseName(std::string_view path) {
  const size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

std::string_view DirName(std::string_view path) {
  const size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? std::string_view() : path.substr(0, slash);
}

bool IsComposeFile(std::string_view path) {
  const std::string_view base = BaseName(path);
  return (base.rfind("docker-compose", 0) == 0 || base.rfind("compose", 0) == 0) &&
         (base.ends_with(".yml") || base.ends_with(".yaml"));
}

bool IsDockerfile(std::string_view path) {
  const std::string_view base = BaseName(path);
  return base == "Dockerfile" || base.rfind("Dockerfile.", 0) == 0 || base.ends_with(".Dockerfile");
}

// The CI system a file configures, or "" when it is not a CI configuration.
std::string CiSystem(std::string_view path) {
  if (path.rfind(".github/workflows/", 0) == 0 &&
      (path.ends_with(".yml") || path.ends_with(".yaml"))) {
    return "GitHub Actions";
  }
  if (path == ".gitlab-ci.yml") return "GitLab CI";
  if (path == ".circleci/config.yml") return "CircleCI";
  if (path == "Jenkinsfile") return "Jenkins";
  if (path == "azure-pipelines.yml") return "Azure Pipelines";
  return {};
}

bool MayHoldConnectionStrings(std::string_view path) {
  static constexpr std::string_view kExtensions[] = {
      ".js",   ".mjs", ".cjs", ".ts",  ".py",         ".go",   ".rb",   ".java", ".kt",
      ".php",  ".cs",  ".rs",  ".env", ".properties", ".ini",  ".conf", ".toml", ".json",
      ".yml",  ".yaml"};
  const std::string_view base = BaseName(path);
  if (base == ".env" || base.rfind(".env.", 0) == 0 || base.ends_with(".env")) return true;
  return std::any_of(std::begin(kExtensions), std::end(kExtensions),
                     [&](std::string_view e) { return base.ends_with(e); });
}

// An element id from free text: invalid characters become '-', a leading non-letter gets a
// prefix, at most 64 characters.
std::string IdFrom(std::string_view text, std::string_view prefix) {
  std::string id;
  for (const char c : text) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '-';
    id += ok ? c : '-';
  }
  if (id.empty() || !((id[0] >= 'a' && id[0] <= 'z') || (id[0] >= 'A' && id[0] <= 'Z'))) {
    id = std::string(prefix) + id;
  }
  if (id.size() > 64) id.resize(64);
  return id;
}

ElementId Id(const std::string& text) {
  auto id = ElementId::Parse(text);
  return id.ok() ? id.value() : ElementId::Parse("element").value();
}

namespace {

constexpr StoreKind kStores[] = {
    {"postgres", "postgres"},   {"postgis", "postgres"},   {"timescaledb", "postgres"},
    {"mysql", "mysql"},         {"mariadb", "mysql"},      {"percona", "mysql"},
    {"mongo", "mongodb"},       {"redis", "redis"},        {"valkey", "redis"},
    {"memcached", "memcached"}, {"elasticsearch", "http"}, {"opensearch", "http"},
    {"cassandra", "cql"},       {"couchdb", "http"},       {"influxdb", "http"},
    {"clickhouse-server", "http"}, {"minio", "s3"},        {"rabbitmq", "amqp"},
    {"kafka", "kafka"},         {"nats", "nats"},          {"etcd", "grpc"},
    {"neo4j", "bolt"},          {"server", "tds"},  // mcr.microsoft.com/mssql/server
    {"cockroach", "postgres"},  {"questdb", "postgres"},
};

}  // namespace

const StoreKind* StoreOf(std::string_view image) {
  std::string_view name = image;
  if (const size_t at = name.find('@'); at != std::string_view::npos) name = name.substr(0, at);
  const std::string_view last = BaseName(name);
  const std::string_view repo = last.substr(0, last.find(':'));
  if (repo == "server" && image.find("mssql") == std::string_view::npos) return nullptr;
  for (const StoreKind& s : kStores) {
    if (repo == s.image || repo.rfind(std::string(s.image) + "-", 0) == 0) return &s;
  }
  return nullptr;
}

std::vector<Connection> FindConnections(std::string_view text) {
  static const RE2 kUrl(
      R"(\b(postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|rediss?|amqps?|mssql|sqlserver|nats|kafka)://(?:([^\s'"@/:]*)(:[^\s'"@/]*)?@)?([A-Za-z0-9_.-]+)([^\s'"]*))");
  std::vector<Connection> out;
  re2::StringPiece input(text.data(), text.size());
  std::string scheme, user, password, host, rest;
  const char* begin = text.data();
  while (out.size() < 1000 && RE2::FindAndConsume(&input, kUrl, &scheme, &user, &password, &host,
                                                  &rest)) {
    Connection c;
    c.scheme = scheme;
    c.host = host;
    c.password = password.size() > 1;
    c.tls = scheme == "rediss" || scheme == "amqps" || scheme == "mongodb+srv" ||
            rest.find("sslmode=require") != std::string::npos ||
            rest.find("sslmode=verify") != std::string::npos ||
            rest.find("ssl=true") != std::string::npos || rest.find("tls=true") != std::string::npos;
    const size_t offset = static_cast<size_t>(input.data() - begin);
    c.line = 1 + static_cast<int>(std::count(begin, begin + offset, '\n'));
    out.push_back(std::move(c));
  }
  // Key-value connection strings, one per line: libpq ("host=db dbname=shop"), Npgsql
  // ("Host=db;Database=shop;Username=..."), ADO.NET ("Server=db;Initial Catalog=...") and
  // MySQL Connector ("Server=db;Database=shop;Uid=...").
  static const RE2 kHost(R"((?i)\b(?:host|server|data source)\s*=\s*(?:tcp:)?([A-Za-z][A-Za-z0-9_.-]*))");
  int line_no = 0;
  size_t start = 0;
  while (start < text.size() && out.size() < 1000) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    ++line_no;
    const std::string_view line = text.substr(start, end - start);
    start = end + 1;
    if (line.size() > 4096 || line.find('=') == std::string_view::npos) continue;
    std::string host;
    if (!RE2::PartialMatch(re2::StringPiece(line.data(), line.size()), kHost, &host)) continue;
    std::string lower(line);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char ch) { return std::tolower(ch); });
    auto has = [&](std::string_view key) { return lower.find(key) != std::string::npos; };
    std::string scheme;
    if (has("initial catalog=") || has("user id=") || has("trusted_connection=") ||
        has("data source=")) {
      scheme = "sqlserver";
    } else if (has("dbname=") || has("sslmode=") || (has("database=") && has("username="))) {
      scheme = "postgres";
    } else if (has("database=") && (has("uid=") || has("pwd="))) {
      scheme = "mysql";
    } else {
      continue;  // a host and nothing that says what speaks there
    }
    Connection c;
    c.scheme = scheme;
    c.host = host;
    static const RE2 kPassword(R"((?i)\b(?:password|pwd)\s*=\s*[^;\s'"]+)");
    c.password = RE2::PartialMatch(re2::StringPiece(line.data(), line.size()), kPassword);
    c.tls = has("sslmode=require") || has("sslmode=verify") || has("ssl mode=require") ||
            has("encrypt=true") || has("encrypt=strict") || has("sslmode=required");
    c.line = line_no;
    out.push_back(std::move(c));
  }
  return out;
}

std::string ProtocolOf(std::string_view scheme) {
  if (scheme.rfind("postgres", 0) == 0) return "postgres";
  if (scheme.rfind("mongodb", 0) == 0) return "mongodb";
  if (scheme.rfind("redis", 0) == 0) return "redis";
  if (scheme.rfind("amqp", 0) == 0) return "amqp";
  if (scheme == "mariadb") return "mysql";
  if (scheme == "sqlserver" || scheme == "mssql") return "tds";
  return std::string(scheme);
}

DockerfileInfo ReadDockerfile(const std::string& path, std::string_view text) {
  std::string from, user;
  std::vector<std::string> ports;
  std::map<std::string, std::string> stages;  // stage name -> its image
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    auto word = [&](std::string_view w) {
      return line.size() > w.size() && ToLower(line.substr(0, w.size())) == ToLower(w) &&
             (line[w.size()] == ' ' || line[w.size()] == '\t');
    };
    if (word("FROM")) {
      // FROM [--platform=...] image [AS stage]; a stage named by a later FROM stands for its
      // image, so that the final stage's technology is an image, not an alias.
      std::vector<std::string> parts;
      for (std::string_view rest = line.substr(5); !rest.empty();) {
        while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\t')) rest.remove_prefix(1);
        const size_t space = rest.find_first_of(" \t");
        if (!rest.empty()) parts.emplace_back(rest.substr(0, space));
        rest = space == std::string_view::npos ? "" : rest.substr(space);
      }
      while (!parts.empty() && parts.front().rfind("--", 0) == 0) parts.erase(parts.begin());
      if (parts.empty()) continue;
      const auto alias = stages.find(ToLower(parts[0]));
      from = alias != stages.end() ? alias->second : parts[0];
      if (parts.size() >= 3 && ToLower(parts[1]) == "as" && stages.size() < 64) {
        stages[ToLower(parts[2])] = from;
      }
    } else if (word("EXPOSE")) {
      ports.emplace_back(Trim(line.substr(7)));
    } else if (word("USER")) {
      user = std::string(Trim(line.substr(5)));
    }
  }
  return {path, from, ports, user};
}

void DescribeDockerfile(Component& c, const DockerfileInfo& d) {
  if (c.technology.empty() || c.technology.rfind("built from", 0) == 0) {
    c.technology = d.from.empty() ? c.technology : d.from;
  }
  std::string note;
  if (!d.ports.empty()) {
    note = "EXPOSE";
    for (const auto& p : d.ports) note += " " + p;
  }
  if (d.user.empty() || d.user == "root" || d.user == "0") {
    note += std::string(note.empty() ? "" : "; ") + "runs as root (no USER)";
  }
  if (!note.empty()) {
    c.description += (c.description.empty() ? "" : " ") + std::string("Dockerfile: ") + note +
                     ".";
  }
}

}  // namespace fledger::model::draft_internal
