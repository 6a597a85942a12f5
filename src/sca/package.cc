// Package helpers: ids and package URLs.
#include "sca/package.h"

#include <cctype>

namespace fledger::sca {

std::string_view RelationshipName(Relationship r) {
  switch (r) {
    case Relationship::kDirect:
      return "direct";
    case Relationship::kIndirect:
      return "indirect";
    case Relationship::kUnknown:
      break;
  }
  return "unknown";
}

Package MakePackage(const Ecosystem& ecosystem, std::string name, std::string version) {
  Package p{.ecosystem = ecosystem};
  p.id = name + "@" + version;
  p.name = std::move(name);
  p.version = std::move(version);
  return p;
}

namespace {

// Percent-encodes a purl component (purl-spec: everything but unreserved characters).
std::string Encode(std::string_view s, bool keep_slash) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' ||
        (keep_slash && c == '/')) {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

std::string PackagePurl(const Package& p) {
  const std::string& type = p.ecosystem.purl_type();
  std::string ns;
  std::string name = p.name;
  if (type == "maven") {
    const size_t colon = name.find(':');
    if (colon != std::string::npos) {
      ns = name.substr(0, colon);
      name = name.substr(colon + 1);
    }
  } else if (type == "npm" || type == "composer" || type == "golang" || type == "swift") {
    // npm "@scope/name", composer "vendor/name", Go "github.com/a/b": namespace is all but the
    // last segment.
    const size_t slash = name.rfind('/');
    if (slash != std::string::npos) {
      ns = name.substr(0, slash);
      name = name.substr(slash + 1);
    }
    if (type == "golang") {
      ns = Lower(ns);
      name = Lower(name);
    }
  } else if (type == "pypi") {
    // purl-spec: PyPI names are lowercased with '_' replaced by '-'.
    const auto norm = PackageName::Parse(p.ecosystem, name);
    if (norm.ok()) name = norm.value().str();
  } else if (type == "nuget" || type == "cargo" || type == "pub" || type == "hex") {
    // These registries are case-insensitive; keep the case as written (purl-spec keeps NuGet's).
  }
  std::string out = "pkg:" + type + "/";
  if (!ns.empty()) out += Encode(ns, true) + "/";
  out += Encode(name, false);
  if (p.resolved && !p.version.empty()) out += "@" + Encode(p.version, false);
  return out;
}

}  // namespace fledger::sca
