// The authentication and logging libraries a component uses, from its dependency manifests and
// (for standard-library logging) its imports: the drafted answer to "how does it authenticate"
// and "does it log what it's doing". A table, not a parser: a library counts where its name
// appears as a whole dependency token on a manifest line.
#include <algorithm>
#include <array>

#include "model/draft_internal.h"

namespace fledger::model::draft_internal {
namespace {

struct Library {
  std::string_view token;           // as it appears in a manifest or an import
  std::string_view name;            // for people
  std::string_view kind;            // "auth" or "log"
  std::string_view authentication;  // what an auth library implies ("" when it does not say)
};

// Dependency names (npm, PyPI, Go modules, Maven artifacts, RubyGems, NuGet, Composer, crates).
constexpr Library kLibraries[] = {
    // Authentication
    {"jsonwebtoken", "jsonwebtoken", "auth", "token"},
    {"jose", "jose", "auth", "token"},
    {"express-jwt", "express-jwt", "auth", "token"},
    {"passport", "Passport", "auth", ""},
    {"passport-jwt", "passport-jwt", "auth", "token"},
    {"express-session", "express-session", "auth", "session"},
    {"cookie-session", "cookie-session", "auth", "session"},
    {"next-auth", "NextAuth.js", "auth", "session"},
    {"keycloak-connect", "keycloak-connect", "auth", "sso"},
    {"openid-client", "openid-client", "auth", "sso"},
    {"@auth0/nextjs-auth0", "Auth0", "auth", "sso"},
    {"express-openid-connect", "express-openid-connect", "auth", "sso"},
    {"bcrypt", "bcrypt", "auth", "password"},
    {"bcryptjs", "bcryptjs", "auth", "password"},
    {"argon2", "argon2", "auth", "password"},
    {"flask-login", "Flask-Login", "auth", "session"},
    {"flask-jwt-extended", "Flask-JWT-Extended", "auth", "token"},
    {"django-allauth", "django-allauth", "auth", "session"},
    {"djangorestframework-simplejwt", "Simple JWT", "auth", "token"},
    {"pyjwt", "PyJWT", "auth", "token"},
    {"python-jose", "python-jose", "auth", "token"},
    {"authlib", "Authlib", "auth", "sso"},
    {"passlib", "passlib", "auth", "password"},
    {"fastapi-users", "FastAPI Users", "auth", "token"},
    {"github.com/golang-jwt/jwt", "golang-jwt", "auth", "token"},
    {"github.com/golang-jwt/jwt/v5", "golang-jwt", "auth", "token"},
    {"github.com/coreos/go-oidc", "go-oidc", "auth", "sso"},
    {"github.com/coreos/go-oidc/v3", "go-oidc", "auth", "sso"},
    {"golang.org/x/oauth2", "x/oauth2", "auth", "sso"},
    {"github.com/gorilla/sessions", "gorilla/sessions", "auth", "session"},
    {"spring-boot-starter-security", "Spring Security", "auth", ""},
    {"spring-security-core", "Spring Security", "auth", ""},
    {"spring-boot-starter-oauth2-resource-server", "Spring OAuth2 resource server", "auth", "token"},
    {"devise", "Devise", "auth", "session"},
    {"omniauth", "OmniAuth", "auth", "sso"},
    {"jwt", "ruby-jwt", "auth", "token"},
    {"Microsoft.AspNetCore.Authentication.JwtBearer", "ASP.NET JWT bearer", "auth", "token"},
    {"Microsoft.Identity.Web", "Microsoft.Identity.Web", "auth", "sso"},
    {"firebase/php-jwt", "php-jwt", "auth", "token"},
    // Logging
    {"winston", "winston", "log", ""},
    {"pino", "pino", "log", ""},
    {"bunyan", "bunyan", "log", ""},
    {"morgan", "morgan", "log", ""},
    {"log4js", "log4js", "log", ""},
    {"structlog", "structlog", "log", ""},
    {"loguru", "loguru", "log", ""},
    {"python-json-logger", "python-json-logger", "log", ""},
    {"go.uber.org/zap", "zap", "log", ""},
    {"github.com/sirupsen/logrus", "logrus", "log", ""},
    {"github.com/rs/zerolog", "zerolog", "log", ""},
    {"log4j-core", "Log4j", "log", ""},
    {"logback-classic", "Logback", "log", ""},
    {"slf4j-api", "SLF4J", "log", ""},
    {"Serilog", "Serilog", "log", ""},
    {"NLog", "NLog", "log", ""},
    {"lograge", "lograge", "log", ""},
    {"semantic_logger", "semantic_logger", "log", ""},
    {"monolog/monolog", "Monolog", "log", ""},
    {"tracing", "tracing", "log", ""},
    {"log", "log", "log", ""},  // Rust's log crate, only in Cargo.toml (see below)
    {"env_logger", "env_logger", "log", ""},
};

// Standard-library logging, found by its import in source files.
struct StdLogging {
  std::string_view extension;
  std::string_view import;
  std::string_view name;
};
constexpr std::array<StdLogging, 4> kStdLogging = {{
    {".py", "import logging", "Python logging"},
    {".go", "\"log/slog\"", "Go log/slog"},
    {".java", "import java.util.logging", "java.util.logging"},
    {".cs", "using Microsoft.Extensions.Logging", "Microsoft.Extensions.Logging"},
}};

bool TokenChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' ||
         c == '/' || c == '@';
}

// `token` occurs in `line` delimited by non-token characters (case-insensitive for PyPI).
bool HasToken(std::string_view line, std::string_view token, bool ignore_case) {
  std::string hay(line), needle(token);
  if (ignore_case) {
    std::transform(hay.begin(), hay.end(), hay.begin(), [](unsigned char c) { return std::tolower(c); });
    std::transform(needle.begin(), needle.end(), needle.begin(),
                   [](unsigned char c) { return std::tolower(c); });
  }
  for (size_t at = hay.find(needle); at != std::string::npos; at = hay.find(needle, at + 1)) {
    const size_t end = at + needle.size();
    if ((at == 0 || !TokenChar(hay[at - 1])) && (end == hay.size() || !TokenChar(hay[end]))) {
      return true;
    }
  }
  return false;
}

// A dependency the manifest lists only because another one needs it: go.mod's "// indirect",
// or pip-compile's "# via <package>" (but not "# via -r requirements.in") on the lines after.
bool IndirectDependency(std::string_view base, std::string_view line, std::string_view text,
                        size_t line_end) {
  if (base == "go.mod") return line.find("// indirect") != std::string_view::npos;
  if (!base.ends_with(".txt")) return false;
  bool via = false, direct = false;
  for (size_t at = line_end; at < text.size();) {
    const size_t next = std::min(text.find('\n', at + 1), text.size());
    std::string_view follow = text.substr(at + 1, next > at ? next - at - 1 : 0);
    const size_t first = follow.find_first_not_of(" \t");
    if (first == std::string_view::npos || first == 0 || follow[first] != '#') break;
    follow.remove_prefix(first);
    if (follow.find("# via") == 0 || via) {
      via = true;
      if (follow.find("-r ") != std::string_view::npos) direct = true;
    }
    at = next;
  }
  return via && !direct;
}

}  // namespace

bool IsManifest(std::string_view path) {
  const std::string_view base = BaseName(path);
  return base == "package.json" || base == "go.mod" || base == "pom.xml" ||
         base == "build.gradle" || base == "build.gradle.kts" || base == "Gemfile" ||
         base == "composer.json" || base == "Cargo.toml" || base == "pyproject.toml" ||
         base == "Pipfile" || base.ends_with(".csproj") ||
         (base.rfind("requirements", 0) == 0 && base.ends_with(".txt"));
}

std::vector<LibraryUse> FindLibraries(std::string_view path, std::string_view text) {
  std::vector<LibraryUse> out;
  const bool manifest = IsManifest(path);
  const std::string_view base = BaseName(path);
  const bool pypi = base.ends_with(".txt") || base == "pyproject.toml" || base == "Pipfile";
  int line_no = 0;
  size_t start = 0;
  while (start <= text.size() && out.size() < 100) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(start, end - start);
    ++line_no;
    const size_t first = line.find_first_not_of(" \t");
    const bool comment = first != std::string_view::npos &&
                         (line[first] == '#' || line.substr(first, 2) == "//");
    if (manifest && !comment) {
      for (const Library& lib : kLibraries) {
        // The bare names "log" and "tracing" are Rust crates: only Cargo.toml keys count.
        if ((lib.token == "log" || lib.token == "tracing") &&
            (base != "Cargo.toml" || line.find(std::string(lib.token) + " ") != 0)) {
          continue;
        }
        if (lib.token == "jwt" && base != "Gemfile") continue;  // ruby-jwt: a gem name
        if (!HasToken(line, lib.token, pypi)) continue;
        if (IndirectDependency(base, line, text, end)) continue;
        const bool seen = std::any_of(out.begin(), out.end(), [&](const LibraryUse& u) {
          return u.name == lib.name;
        });
        if (!seen) {
          out.push_back({std::string(lib.name), std::string(lib.kind),
                         std::string(lib.authentication), std::string(path), line_no});
        }
      }
    } else if (!manifest) {
      for (const StdLogging& s : kStdLogging) {
        if (!base.ends_with(s.extension) || line.find(s.import) == std::string_view::npos) continue;
        const bool seen = std::any_of(out.begin(), out.end(), [&](const LibraryUse& u) {
          return u.name == s.name;
        });
        if (!seen) out.push_back({std::string(s.name), "log", "", std::string(path), line_no});
      }
    }
    if (end == text.size()) break;
    start = end + 1;
  }
  return out;
}

}  // namespace fledger::model::draft_internal
