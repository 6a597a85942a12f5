// Which package an import belongs to, per ecosystem; the rules are listed in README.md.
#include <algorithm>
#include <array>

#include "sca/common.h"
#include "sca/imports/imports.h"
#include "sca/imports/internal.h"

namespace fledger::sca::imports {
namespace {

// Python distributions whose import names differ from their names. Source: each project's own
// top_level.txt / documentation (the same pairs appear in pipreqs' mapping file); keys are PEP 503
// normalized, values the top-level modules (dotted when the distribution is a namespace part).
struct PyAlias {
  std::string_view dist;
  std::string_view modules;  // space-separated
};
constexpr std::array<PyAlias, 47> kPythonAliases = {{
    {"pyyaml", "yaml"},
    {"pillow", "PIL"},
    {"pillow-simd", "PIL"},
    {"beautifulsoup4", "bs4"},
    {"scikit-learn", "sklearn"},
    {"scikit-image", "skimage"},
    {"python-dateutil", "dateutil"},
    {"opencv-python", "cv2"},
    {"opencv-python-headless", "cv2"},
    {"opencv-contrib-python", "cv2"},
    {"opencv-contrib-python-headless", "cv2"},
    {"protobuf", "google.protobuf"},
    {"googleapis-common-protos", "google.api google.rpc google.type google.longrunning"},
    {"google-api-python-client", "googleapiclient"},
    {"attrs", "attr attrs"},
    {"pyopenssl", "OpenSSL"},
    {"pycryptodome", "Crypto"},
    {"pycryptodomex", "Cryptodome"},
    {"pycrypto", "Crypto"},
    {"pyjwt", "jwt"},
    {"pyserial", "serial"},
    {"pyzmq", "zmq"},
    {"pygithub", "github"},
    {"gitpython", "git"},
    {"psycopg2-binary", "psycopg2"},
    {"psycopg-binary", "psycopg"},
    {"mysqlclient", "MySQLdb"},
    {"setuptools", "setuptools pkg_resources"},
    {"grpcio", "grpc"},
    {"grpcio-tools", "grpc_tools"},
    {"dnspython", "dns"},
    {"pywin32", "win32api win32con win32com pywintypes win32file win32process"},
    {"pysocks", "socks sockshandler"},
    {"websocket-client", "websocket"},
    {"djangorestframework", "rest_framework"},
    {"django-cors-headers", "corsheaders"},
    {"python-telegram-bot", "telegram"},
    {"pymupdf", "fitz pymupdf"},
    {"pdfminer-six", "pdfminer"},
    {"umap-learn", "umap"},
    {"faiss-cpu", "faiss"},
    {"faiss-gpu", "faiss"},
    {"tensorflow-gpu", "tensorflow"},
    {"pymongo", "pymongo bson gridfs"},
    {"discord-py", "discord"},
    {"msgpack-python", "msgpack"},
    {"ruamel-yaml", "ruamel.yaml"},
}};

// Maven artifacts whose Java packages do not start with their groupId. Source: each library's
// published Javadoc package list.
struct MavenAlias {
  std::string_view artifact;  // groupId:artifactId
  std::string_view packages;  // space-separated package prefixes
};
constexpr std::array<MavenAlias, 16> kMavenAliases = {{
    {"com.google.guava:guava", "com.google.common com.google.thirdparty"},
    {"commons-io:commons-io", "org.apache.commons.io"},
    {"commons-lang:commons-lang", "org.apache.commons.lang"},
    {"commons-codec:commons-codec", "org.apache.commons.codec"},
    {"commons-collections:commons-collections", "org.apache.commons.collections"},
    {"commons-logging:commons-logging", "org.apache.commons.logging"},
    {"com.fasterxml.jackson.core:jackson-databind", "com.fasterxml.jackson.databind"},
    {"com.fasterxml.jackson.core:jackson-annotations", "com.fasterxml.jackson.annotation"},
    {"junit:junit", "org.junit junit.framework"},
    {"org.junit.jupiter:junit-jupiter-api", "org.junit.jupiter.api"},
    {"com.squareup.okhttp3:okhttp", "okhttp3"},
    {"com.squareup.retrofit2:retrofit", "retrofit2"},
    {"org.projectlombok:lombok", "lombok"},
    {"log4j:log4j", "org.apache.log4j"},
    {"org.apache.logging.log4j:log4j-api", "org.apache.logging.log4j"},
    {"org.apache.logging.log4j:log4j-core", "org.apache.logging.log4j.core"},
}};

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = Lower(c);
  return out;
}
// Lowercase, without any of `drop`.
std::string Squash(std::string_view s, std::string_view drop) {
  std::string out;
  for (char c : s) {
    if (drop.find(c) == std::string_view::npos) out += Lower(c);
  }
  return out;
}
// Lowercase, runs of any of `seps` as one '-' (PEP 503 for seps "-_.").
std::string Normalize(std::string_view s, std::string_view seps) {
  std::string out;
  bool sep = false;
  for (char c : s) {
    if (seps.find(c) != std::string_view::npos) {
      sep = true;
      continue;
    }
    if (sep) out += '-';
    sep = false;
    out += Lower(c);
  }
  if (sep) out += '-';
  return out;
}
std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    const size_t at = s.find(sep, start);
    out.push_back(
        s.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start));
    if (at == std::string_view::npos) return out;
    start = at + 1;
  }
}
bool HasPrefixPath(std::string_view s, std::string_view prefix, char sep) {
  return s.size() >= prefix.size() && s.substr(0, prefix.size()) == prefix &&
         (s.size() == prefix.size() || s[prefix.size()] == sep);
}
std::string_view FirstPart(std::string_view s, std::string_view seps) {
  return s.substr(0, s.find_first_of(seps));
}

// Keeps the better of two matches: more specific first, then more confident.
void Keep(std::optional<ImportMatch>& best, Confidence confidence, int specificity) {
  if (!best || specificity > best->specificity ||
      (specificity == best->specificity && confidence > best->confidence)) {
    best = ImportMatch{confidence, specificity};
  }
}

// ---- npm ---------------------------------------------------------------------------------------
// The npm package a module specifier names; nullopt for relative paths, URLs, `node:` builtins,
// aliases (`~/x`, `#internal`, `@/x`) and loader syntax.
std::optional<std::string> NpmPackageOf(std::string_view spec) {
  if (spec.substr(0, 4) == "npm:") spec.remove_prefix(4);  // Deno: npm:name@1.2/path
  if (spec.empty() || std::string_view("./~#\\").find(spec[0]) != std::string_view::npos) {
    return std::nullopt;
  }
  if (spec.find_first_of(": \t\n!") != std::string_view::npos) return std::nullopt;
  if (spec.find("${") != std::string_view::npos) return std::nullopt;
  spec = spec.substr(0, spec.find('?'));
  size_t end = spec.find('/');
  if (spec[0] == '@') {
    if (end == std::string_view::npos || end == 1 || end + 1 >= spec.size()) return std::nullopt;
    end = spec.find('/', end + 1);
  }
  std::string_view name = spec.substr(0, end);
  const size_t version = name.find('@', 1);  // npm:name@version
  if (version != std::string_view::npos) name = name.substr(0, version);
  if (name.empty() || name.back() == '/') return std::nullopt;
  return std::string(name);
}

// ---- PyPI --------------------------------------------------------------------------------------
// How many characters of `module` (dotted) match the normalized distribution name `dist` as a
// prefix of whole segments; 0 when none.
int PythonPrefix(std::string_view module, std::string_view dist) {
  std::string acc;
  size_t consumed = 0;
  for (std::string_view seg : Split(module, '.')) {
    if (!acc.empty()) acc += '-';
    acc += Normalize(seg, "-_");
    consumed += seg.size() + (consumed ? 1 : 0);
    if (acc == dist) return static_cast<int>(consumed);
    if (acc.size() >= dist.size()) return 0;
  }
  return 0;
}

// The distribution part that the `python-x` / `x-python` heuristic leaves, or empty.
std::string_view PythonStem(std::string_view dist) {
  if (dist.substr(0, 7) == "python-" && dist.size() > 7) return dist.substr(7);
  if (dist.size() > 7 && dist.substr(dist.size() - 7) == "-python") {
    return dist.substr(0, dist.size() - 7);
  }
  return {};
}

std::optional<ImportMatch> MatchPython(std::string_view module, std::string_view name) {
  const std::string dist = Normalize(name, "-_.");
  std::optional<ImportMatch> best;
  if (const int n = PythonPrefix(module, dist)) Keep(best, Confidence::kHigh, n);
  for (const auto& alias : kPythonAliases) {
    if (alias.dist != dist) continue;
    for (std::string_view m : Split(alias.modules, ' ')) {
      if (HasPrefixPath(module, m, '.')) Keep(best, Confidence::kHigh, static_cast<int>(m.size()));
    }
  }
  if (const std::string_view stem = PythonStem(dist); !stem.empty()) {
    if (const int n = PythonPrefix(module, stem)) Keep(best, Confidence::kMedium, n);
  }
  return best;
}

// ---- Go ----------------------------------------------------------------------------------------
std::optional<ImportMatch> MatchGo(std::string_view path, std::string_view module) {
  if (module.empty() || !HasPrefixPath(path, module, '/')) return std::nullopt;
  // github.com/a/b/v2/x belongs to module github.com/a/b/v2 (semantic import versioning), not
  // to github.com/a/b.
  if (path.size() > module.size()) {
    const std::string_view next = FirstPart(path.substr(module.size() + 1), "/");
    if (next.size() >= 2 && next[0] == 'v' &&
        std::all_of(next.begin() + 1, next.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
        next != "v0" && next != "v1") {
      return std::nullopt;
    }
  }
  return ImportMatch{Confidence::kHigh, static_cast<int>(module.size())};
}

// ---- Maven -------------------------------------------------------------------------------------
std::optional<ImportMatch> MatchMaven(std::string_view import, std::string_view name) {
  const size_t colon = name.find(':');
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  const std::string_view group = name.substr(0, colon);
  const std::string_view artifact = name.substr(colon + 1);
  std::optional<ImportMatch> best;
  for (const auto& alias : kMavenAliases) {
    if (alias.artifact != name) continue;
    for (std::string_view pre : Split(alias.packages, ' ')) {
      if (HasPrefixPath(import, pre, '.'))
        Keep(best, Confidence::kMedium, static_cast<int>(pre.size()));
    }
  }
  if (HasPrefixPath(import, group, '.')) {
    // The segment after the group names the artifact (org.apache.commons.lang3 for
    // commons-lang3, org.springframework.web for spring-web): more than the group alone.
    const std::string_view next =
        import.size() > group.size() ? FirstPart(import.substr(group.size() + 1), ".") : "";
    const std::string squashed = Squash(artifact, "-_.");
    const std::string last = Squash(artifact.substr(artifact.rfind('-') + 1), "_.");
    const std::string seg = Lower(next);
    if (!seg.empty() && (seg == squashed || seg == last)) {
      Keep(best, Confidence::kMedium, static_cast<int>(group.size() + 1 + next.size()));
    } else {
      Keep(best, Confidence::kLow, static_cast<int>(group.size()));
    }
  }
  return best;
}

// ---- RubyGems ----------------------------------------------------------------------------------
std::optional<ImportMatch> MatchRuby(std::string_view path, std::string_view gem) {
  if (path.size() > 3 && path.substr(path.size() - 3) == ".rb") path.remove_suffix(3);
  const std::string want = Squash(gem, "-_");
  std::string acc;
  size_t consumed = 0;
  const std::vector<std::string_view> segs = Split(path, '/');
  // Across segments only at the gem's own word breaks: net/http <-> net-http, and the first
  // segment is then the gem's first word.
  const bool first_word = Squash(segs[0], "-_") == Squash(FirstPart(gem, "-_"), "");
  for (size_t k = 0; k < segs.size(); ++k) {
    if (k > 0 && !first_word) break;
    acc += Squash(segs[k], "-_");
    consumed += segs[k].size() + (k ? 1 : 0);
    if (acc == want) {
      return ImportMatch{k == 0 && segs[0] == gem ? Confidence::kHigh : Confidence::kMedium,
                         static_cast<int>(consumed)};
    }
    if (acc.size() >= want.size()) break;
  }
  return std::nullopt;
}

// ---- Packagist ---------------------------------------------------------------------------------
std::optional<ImportMatch> MatchPhp(std::string_view module, std::string_view name) {
  const size_t slash = name.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  const size_t vendor_dir = module.find("vendor/");
  if (vendor_dir != std::string_view::npos) {
    const std::vector<std::string_view> segs = Split(module.substr(vendor_dir + 7), '/');
    if (segs.size() >= 2 &&
        EqualsIgnoreCase(std::string(segs[0]) + "/" + std::string(segs[1]), name))
      return ImportMatch{Confidence::kMedium, 100};
    return std::nullopt;
  }
  const std::string vendor = Squash(name.substr(0, slash), "-_.");
  const std::string package = Squash(name.substr(slash + 1), "-_.");
  const std::vector<std::string_view> ns = Split(module, '\\');
  const std::string n1 = Squash(ns[0], "_");
  const std::string n2 = ns.size() > 1 ? Squash(ns[1], "_") : "";
  const std::string n3 = ns.size() > 2 ? Squash(ns[2], "_") : "";
  if (n1 == vendor && ns.size() > 1 && (n2 == package || (ns.size() > 2 && n3 == package))) {
    return ImportMatch{Confidence::kMedium, 30};  // Symfony\Component\Console: symfony/console
  }
  if (n1 == package) return ImportMatch{Confidence::kMedium, 20};  // Monolog\Logger
  if (n1 == vendor) return ImportMatch{Confidence::kLow, 10};      // GuzzleHttp\Client
  return std::nullopt;
}

// ---- C / C++ -----------------------------------------------------------------------------------
struct Header {
  bool quoted = false;
  std::string path;   // lowercase, without delimiters
  std::string first;  // first directory, empty for a bare header
  std::string stem;   // file name up to its first '.'
};
Header ParseHeader(std::string_view module) {
  Header h;
  if (module.size() >= 2) {
    h.quoted = module.front() == '"';
    module = module.substr(1, module.size() - 2);
  }
  h.path = Lower(module);
  const size_t slash = h.path.find('/');
  if (slash != std::string::npos) h.first = h.path.substr(0, slash);
  const std::string_view base = std::string_view(h.path).substr(h.path.rfind('/') + 1);
  h.stem = std::string(FirstPart(base, "."));
  return h;
}
// Weaker spellings of a C package name: without a `lib` prefix, without trailing digits, the
// first part of a compound name (libxml2 -> libxml, xml2; nlohmann-json -> nlohmann).
std::vector<std::string> CVariants(const std::string& n) {
  std::vector<std::string> out;
  const auto add = [&](std::string v) {
    if (!v.empty() && v != n && std::find(out.begin(), out.end(), v) == out.end()) out.push_back(v);
  };
  const std::string nolib = n.size() > 3 && n.substr(0, 3) == "lib" ? n.substr(3) : n;
  add(nolib);
  for (const std::string& base : {n, nolib}) {
    std::string v = base;
    while (!v.empty() && v.back() >= '0' && v.back() <= '9') v.pop_back();
    add(v);
  }
  add(std::string(FirstPart(n, "-_")));
  return out;
}

std::optional<ImportMatch> MatchC(std::string_view module, std::string_view name) {
  const Header h = ParseHeader(module);
  const std::string n = Lower(name);
  const Confidence base = h.quoted ? Confidence::kLow : Confidence::kMedium;
  std::optional<ImportMatch> best;
  if (!h.first.empty() && h.first == n) Keep(best, base, 3);
  if (n.find_first_of("-_") != std::string::npos) {  // boost-asio <-> boost/asio.hpp
    std::string as_path = n;
    std::replace(as_path.begin(), as_path.end(), '-', '/');
    std::replace(as_path.begin(), as_path.end(), '_', '/');
    if (HasPrefixPath(h.path, as_path, '/') ||
        (h.path.size() > as_path.size() && h.path.compare(0, as_path.size(), as_path) == 0 &&
         h.path[as_path.size()] == '.')) {
      Keep(best, base, 4);
    }
  }
  if (h.stem == n) Keep(best, base, 2);
  for (const std::string& v : CVariants(n)) {
    if ((!h.first.empty() && h.first == v) || h.stem == v) Keep(best, Confidence::kLow, 1);
  }
  return best;
}

std::string RustCrate(std::string_view name) {
  std::string out(name);
  std::replace(out.begin(), out.end(), '-', '_');
  return out;
}

void AddKey(std::vector<std::string>& keys, Family f, std::string_view bucket) {
  std::string key;
  key += static_cast<char>(f);
  key += ':';
  key += bucket;
  if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(std::move(key));
}

// The first one or two dotted segments of a Java name.
std::string_view DottedHead(std::string_view s, int segments) {
  const size_t first = s.find('.');
  if (segments == 1 || first == std::string_view::npos) return s.substr(0, first);
  return s.substr(0, s.find('.', first + 1));
}

}  // namespace

Family FamilyOf(Language language) {
  switch (language) {
    case Language::kJavaScript:
      return Family::kNpm;
    case Language::kPython:
      return Family::kPyPI;
    case Language::kGo:
      return Family::kGo;
    case Language::kRust:
      return Family::kCargo;
    case Language::kJava:
    case Language::kKotlin:
    case Language::kScala:
      return Family::kMaven;
    case Language::kRuby:
      return Family::kGem;
    case Language::kPhp:
      return Family::kComposer;
    case Language::kC:
      return Family::kC;
  }
  return Family::kNone;
}

Family FamilyOf(const Ecosystem& ecosystem) {
  const std::string& e = ecosystem.osv_name();
  if (e == "npm") return Family::kNpm;
  if (e == "PyPI") return Family::kPyPI;
  if (e == "Go") return Family::kGo;
  if (e == "crates.io") return Family::kCargo;
  if (e == "Maven") return Family::kMaven;
  if (e == "RubyGems") return Family::kGem;
  if (e == "Packagist") return Family::kComposer;
  if (e == "ConanCenter" || e == "vcpkg") return Family::kC;
  return Family::kNone;
}

std::optional<ImportMatch> MatchImport(Language language, std::string_view module,
                                       const Package& p) {
  if (FamilyOf(language) != FamilyOf(p.ecosystem) || module.empty() || p.name.empty()) {
    return std::nullopt;
  }
  switch (FamilyOf(language)) {
    case Family::kNpm: {
      const auto pkg = NpmPackageOf(module);
      if (!pkg || *pkg != p.name) return std::nullopt;
      return ImportMatch{Confidence::kHigh, static_cast<int>(pkg->size())};
    }
    case Family::kPyPI:
      return MatchPython(module, p.name);
    case Family::kGo:
      return MatchGo(module, p.name);
    case Family::kCargo:
      if (module != RustCrate(p.name)) return std::nullopt;
      return ImportMatch{Confidence::kHigh, static_cast<int>(module.size())};
    case Family::kMaven:
      return MatchMaven(module, p.name);
    case Family::kGem:
      return MatchRuby(module, p.name);
    case Family::kComposer:
      return MatchPhp(module, p.name);
    case Family::kC:
      return MatchC(module, p.name);
    case Family::kNone:
      break;
  }
  return std::nullopt;
}

std::vector<std::string> SiteBuckets(Language language, std::string_view module) {
  std::vector<std::string> keys;
  const Family f = FamilyOf(language);
  switch (f) {
    case Family::kNpm:
      if (const auto pkg = NpmPackageOf(module)) AddKey(keys, f, *pkg);
      break;
    case Family::kPyPI:
      AddKey(keys, f, FirstPart(Normalize(FirstPart(module, "."), "-_"), "-"));
      break;
    case Family::kGo:
      AddKey(keys, f, FirstPart(module, "/"));
      break;
    case Family::kCargo:
      AddKey(keys, f, module);
      break;
    case Family::kMaven:
      AddKey(keys, f, DottedHead(module, 1));
      AddKey(keys, f, DottedHead(module, 2));
      break;
    case Family::kGem:
      AddKey(keys, f, Squash(FirstPart(module, "/"), "-_"));
      break;
    case Family::kComposer: {
      const size_t vendor_dir = module.find("vendor/");
      AddKey(keys, f,
             vendor_dir != std::string_view::npos
                 ? Squash(FirstPart(module.substr(vendor_dir + 7), "/"), "-_.")
                 : Squash(FirstPart(module, "\\"), "_"));
      break;
    }
    case Family::kC: {
      const Header h = ParseHeader(module);
      if (!h.first.empty()) AddKey(keys, f, h.first);
      AddKey(keys, f, h.stem);
      break;
    }
    case Family::kNone:
      break;
  }
  return keys;
}

std::vector<std::string> PackageBuckets(const Package& p) {
  std::vector<std::string> keys;
  const Family f = FamilyOf(p.ecosystem);
  const std::string_view name = p.name;
  switch (f) {
    case Family::kNpm:
      AddKey(keys, f, name);
      break;
    case Family::kPyPI: {
      const std::string dist = Normalize(name, "-_.");
      AddKey(keys, f, FirstPart(dist, "-"));
      for (const auto& alias : kPythonAliases) {
        if (alias.dist != dist) continue;
        for (std::string_view m : Split(alias.modules, ' ')) {
          AddKey(keys, f, FirstPart(Normalize(FirstPart(m, "."), "-_"), "-"));
        }
      }
      if (const std::string_view stem = PythonStem(dist); !stem.empty()) {
        AddKey(keys, f, FirstPart(stem, "-"));
      }
      break;
    }
    case Family::kGo:
      AddKey(keys, f, FirstPart(name, "/"));
      break;
    case Family::kCargo:
      AddKey(keys, f, RustCrate(name));
      break;
    case Family::kMaven: {
      const std::string_view group = FirstPart(name, ":");
      AddKey(keys, f, DottedHead(group, group.find('.') == std::string_view::npos ? 1 : 2));
      for (const auto& alias : kMavenAliases) {
        if (alias.artifact != name) continue;
        for (std::string_view pre : Split(alias.packages, ' ')) {
          AddKey(keys, f, DottedHead(pre, pre.find('.') == std::string_view::npos ? 1 : 2));
        }
      }
      break;
    }
    case Family::kGem:
      AddKey(keys, f, Squash(name, "-_"));
      AddKey(keys, f, Squash(FirstPart(name, "-_"), ""));
      break;
    case Family::kComposer: {
      const size_t slash = name.find('/');
      AddKey(keys, f, Squash(name.substr(0, slash), "-_."));
      if (slash != std::string_view::npos) AddKey(keys, f, Squash(name.substr(slash + 1), "-_."));
      break;
    }
    case Family::kC: {
      const std::string n = Lower(name);
      AddKey(keys, f, n);
      for (const std::string& v : CVariants(n)) AddKey(keys, f, v);
      break;
    }
    case Family::kNone:
      break;
  }
  return keys;
}

}  // namespace fledger::sca::imports
