// CycloneDX 1.6 JSON writer and 1.2-1.6 reader for the package inventory.
#include "sca/sbom/cyclonedx.h"

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <initializer_list>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <tuple>
#include <utility>

#include "core/input.h"
#include "core/json.h"
#include "core/json_writer.h"
#include "core/text.h"
#include "sca/common.h"
#include "sca/purl_name.h"

namespace fledger::sca {
namespace {

constexpr std::string_view kRootRef = "root-component";

// ---------------------------------------------------------------------------------------------
// Values the schema constrains: hash algorithms and digests, SPDX ids and expressions, URLs,
// timestamps. The writer leaves out what the schema would reject rather than emit an invalid BOM.

constexpr std::array<std::string_view, 12> kHashAlgorithms = {
    "MD5",      "SHA-1",    "SHA-256",     "SHA-384",     "SHA-512",     "SHA3-256",
    "SHA3-384", "SHA3-512", "BLAKE2b-256", "BLAKE2b-384", "BLAKE2b-512", "BLAKE3"};

// The CycloneDX spelling of a hash algorithm ("sha256" and "SHA-256" both give "SHA-256"), or ""
// when CycloneDX has no such algorithm.
std::string_view CanonicalHashAlgorithm(std::string_view alg) {
  auto squash = [](std::string_view s) {
    std::string out;
    for (char c : s) {
      if (c != '-' && c != '_')
        out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
  };
  const std::string want = squash(alg);
  for (std::string_view known : kHashAlgorithms) {
    if (squash(known) == want) return known;
  }
  return {};
}

// The schema's hash-content pattern: 32, 40, 64, 96 or 128 hex digits.
bool IsHashContent(std::string_view hex) {
  const size_t n = hex.size();
  if (n != 32 && n != 40 && n != 64 && n != 96 && n != 128) return false;
  return std::all_of(hex.begin(), hex.end(),
                     [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; });
}

constexpr std::string_view kSpdxIds[] = {
#include "sca/sbom/spdx_ids.inc"
};

bool LessIgnoreCase(std::string_view a, std::string_view b) {
  return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) <
           std::tolower(static_cast<unsigned char>(y));
  });
}

// The SPDX id as the schema spells it when `text` is one (SPDX ids match case-insensitively), or
// "".
std::string_view CanonicalSpdxId(std::string_view text) {
  const auto* it = std::lower_bound(std::begin(kSpdxIds), std::end(kSpdxIds), text, LessIgnoreCase);
  if (it != std::end(kSpdxIds) && EqualsIgnoreCase(*it, text)) return *it;
  return {};
}

// A recursive-descent check of the SPDX license-expression grammar (SPDX 2.3 annex D):
//   expr := term (("AND" | "OR") term)*      term := simple ["WITH" exception] | "(" expr ")"
// with operands that are listed SPDX ids (optionally with "+") or LicenseRef-/DocumentRef- refs.
class SpdxExpressionChecker {
 public:
  explicit SpdxExpressionChecker(std::string_view text) {
    std::string token;
    for (char c : text) {
      if (c == '(' || c == ')' || c == ' ') {
        if (!token.empty()) tokens_.push_back(std::move(token));
        token.clear();
        if (c != ' ') tokens_.emplace_back(1, c);
      } else {
        token += c;
      }
    }
    if (!token.empty()) tokens_.push_back(std::move(token));
  }

  // True for a well-formed expression with at least one operator or parenthesis (a single id is
  // a license id, not an expression).
  bool IsCompoundExpression() {
    if (tokens_.size() < 2 || tokens_.size() > 200) return false;
    return Expr(0) && pos_ == tokens_.size();
  }

 private:
  static bool IsOperator(std::string_view t, std::string_view op) {
    return t == op || ToLower(t) == ToLower(op);
  }
  static bool IsOperand(std::string_view t) {
    if (t.starts_with("LicenseRef-") || t.starts_with("DocumentRef-")) {
      return t.size() > 11 && std::all_of(t.begin(), t.end(), [](char c) {
               return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' ||
                      c == ':';
             });
    }
    if (t.ends_with("+")) t.remove_suffix(1);
    return !CanonicalSpdxId(t).empty();
  }
  bool Term(int depth) {
    if (pos_ >= tokens_.size()) return false;
    if (tokens_[pos_] == "(") {
      ++pos_;
      if (!Expr(depth + 1) || pos_ >= tokens_.size() || tokens_[pos_] != ")") return false;
      ++pos_;
      return true;
    }
    if (!IsOperand(tokens_[pos_++])) return false;
    if (pos_ < tokens_.size() && IsOperator(tokens_[pos_], "WITH")) {
      ++pos_;
      return pos_ < tokens_.size() && IsOperand(tokens_[pos_++]);
    }
    return true;
  }
  bool Expr(int depth) {
    if (depth > kMaxNestingDepth) return false;  // parentheses nest at most this deep
    if (!Term(depth)) return false;
    while (pos_ < tokens_.size() &&
           (IsOperator(tokens_[pos_], "AND") || IsOperator(tokens_[pos_], "OR"))) {
      ++pos_;
      if (!Term(depth)) return false;
    }
    return true;
  }

  std::vector<std::string> tokens_;
  size_t pos_ = 0;
};

// A URL the schema's iri-reference accepts and a consumer can use: a known scheme, an authority,
// no whitespace, controls or characters RFC 3987 excludes.
bool IsUsableUrl(std::string_view url) {
  if (url.size() > 2048 || !IsValidUtf8(url)) return false;
  static constexpr std::array<std::string_view, 8> kSchemes = {
      "https://",     "http://",     "git://",     "ssh://",
      "git+https://", "git+http://", "git+ssh://", "svn+https://"};
  const auto scheme = std::find_if(kSchemes.begin(), kSchemes.end(), [&](std::string_view s) {
    return url.size() > s.size() && EqualsIgnoreCase(url.substr(0, s.size()), s);
  });
  if (scheme == kSchemes.end()) return false;
  const std::string_view rest = url.substr(scheme->size());
  if (rest.empty() || rest.front() == '/') return false;  // no authority
  for (unsigned char c : url) {
    if (c <= 0x20 || c == 0x7f || c == '"' || c == '<' || c == '>' || c == '\\' || c == '^' ||
        c == '`' || c == '{' || c == '|' || c == '}') {
      return false;
    }
  }
  return true;
}

// RFC 3339 date-time as the schema's "date-time" format wants it.
bool IsRfc3339(std::string_view t) {
  auto digits = [&](size_t at, size_t n) {
    if (at + n > t.size()) return false;
    for (size_t i = at; i < at + n; ++i) {
      if (!std::isdigit(static_cast<unsigned char>(t[i]))) return false;
    }
    return true;
  };
  if (t.size() < 20 || !digits(0, 4) || t[4] != '-' || !digits(5, 2) || t[7] != '-' ||
      !digits(8, 2) || t[10] != 'T' || !digits(11, 2) || t[13] != ':' || !digits(14, 2) ||
      t[16] != ':' || !digits(17, 2)) {
    return false;
  }
  size_t i = 19;
  if (i < t.size() && t[i] == '.') {
    const size_t start = ++i;
    while (i < t.size() && std::isdigit(static_cast<unsigned char>(t[i]))) ++i;
    if (i == start) return false;
  }
  if (i + 1 == t.size() && t[i] == 'Z') return true;
  return i + 6 == t.size() && (t[i] == '+' || t[i] == '-') && digits(i + 1, 2) && t[i + 3] == ':' &&
         digits(i + 4, 2);
}

// An RFC 4122 version-5 (name-based, SHA-1) UUID in the URL namespace, as a URN. The name is the
// concatenation of `parts`, hashed in place (the SBOM's content is megabytes: never copied).
std::string NameBasedUuidUrn(std::initializer_list<std::string_view> parts) {
  static constexpr unsigned char kUrlNamespace[16] = {0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad,
                                                      0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0,
                                                      0x4f, 0xd4, 0x30, 0xc8};
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  EVP_DigestInit_ex(ctx.get(), EVP_sha1(), nullptr);
  EVP_DigestUpdate(ctx.get(), kUrlNamespace, sizeof(kUrlNamespace));
  for (const std::string_view part : parts) EVP_DigestUpdate(ctx.get(), part.data(), part.size());
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_DigestFinal_ex(ctx.get(), digest, &len);
  digest[6] = static_cast<unsigned char>((digest[6] & 0x0f) | 0x50);
  digest[8] = static_cast<unsigned char>((digest[8] & 0x3f) | 0x80);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "urn:uuid:";
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 15];
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Writer.

// CycloneDX scope from the package's groups. The spec: "excluded" components are used "for test
// and other non-runtime purposes" and "are not reachable within a call graph at runtime", which
// is exactly a dev-only package (no production path reaches it); "optional" components may be
// absent at runtime ("not installed"), which is an optional dependency; everything else is
// "required" at runtime.
std::string_view ScopeOf(const Package& p) {
  if (p.dev) return "excluded";
  if (p.optional) return "optional";
  return "required";
}

// Writes the component's "licenses" member, if it has any license.
void WriteLicenses(JsonWriter& w, const Package& p) {
  std::vector<std::string_view> names;
  for (const auto& l : p.licenses) {
    if (!Trim(l).empty()) names.push_back(Trim(l));
  }
  if (names.empty()) return;
  w.Key("licenses").BeginArray();
  // CycloneDX allows either a list of licenses or exactly one expression, never both; a single
  // expression is written as one, and an expression among several licenses becomes a named
  // license (joining them with AND or OR would state something the manifest did not).
  if (names.size() == 1 && SpdxExpressionChecker(std::string(names[0])).IsCompoundExpression()) {
    w.BeginObject().Key("expression").String(names[0]).EndObject();
  } else {
    for (const std::string_view n : names) {
      const std::string_view id = CanonicalSpdxId(n);
      w.BeginObject().Key("license").BeginObject();
      if (id.empty()) {
        w.Key("name").String(n);
      } else {
        w.Key("id").String(id);
      }
      w.EndObject().EndObject();
    }
  }
  w.EndArray();
}

void WriteComponent(JsonWriter& w, const Package& p, const std::string& purl,
                    const std::string& ref) {
  w.BeginObject();
  w.Key("type").String("library");
  w.Key("bom-ref").String(ref);
  // CycloneDX convention (cyclonedx-maven-plugin, cyclonedx-node-npm): Maven groupId and npm
  // scope go into "group", the rest into "name".
  std::string_view name = p.name;
  const std::string& type = p.ecosystem.purl_type();
  size_t cut = std::string_view::npos;
  if (type == "maven") {
    cut = name.find(':');
  } else if (type == "npm" && name.starts_with("@")) {
    cut = name.find('/');
  }
  if (cut != std::string_view::npos) {
    w.Key("group").String(name.substr(0, cut));
    name = name.substr(cut + 1);
  }
  w.Key("name").String(name);
  if (p.resolved && !p.version.empty()) w.Key("version").String(p.version);
  w.Key("scope").String(ScopeOf(p));
  std::set<std::pair<std::string_view, std::string>> hashes;  // by algorithm, then digest
  std::vector<std::pair<std::string_view, std::string>> ordered;
  for (const auto& h : p.hashes) {
    const std::string_view alg = CanonicalHashAlgorithm(h.algorithm);
    std::string hex = ToLower(h.hex);
    if (alg.empty() || !IsHashContent(hex) || !hashes.emplace(alg, hex).second) continue;
    ordered.emplace_back(alg, std::move(hex));
  }
  if (!ordered.empty()) {
    w.Key("hashes").BeginArray();
    for (const auto& [alg, hex] : ordered) {
      w.BeginObject().Key("alg").String(alg).Key("content").String(hex).EndObject();
    }
    w.EndArray();
  }
  WriteLicenses(w, p);
  w.Key("purl").String(purl);
  if (IsUsableUrl(p.source_url)) {
    // A commit pins a VCS checkout; otherwise the URL is where the artifact was downloaded.
    w.Key("externalReferences").BeginArray().BeginObject();
    w.Key("url").String(p.source_url);
    w.Key("type").String(p.commit.empty() ? "distribution" : "vcs");
    if (!p.commit.empty()) w.Key("comment").String("commit " + p.commit);
    w.EndObject().EndArray();
  }
  w.Key("properties").BeginArray();
  auto prop = [&](std::string_view n, std::string_view v) {
    w.BeginObject().Key("name").String(n).Key("value").String(v).EndObject();
  };
  if (!p.path.is_root()) prop("fledger:manifest", p.path.str());
  if (p.line > 0) prop("fledger:line", std::to_string(p.line));
  if (p.end_line > 0) prop("fledger:end_line", std::to_string(p.end_line));
  prop("fledger:relationship", RelationshipName(p.relationship));
  if (!p.resolved) prop("fledger:unresolved", p.version);
  if (p.dev && p.optional) prop("fledger:optional", "true");  // the scope says only "excluded"
  for (const auto& g : p.groups) prop("fledger:group", g);
  if (!p.commit.empty()) prop("fledger:commit", p.commit);
  w.EndArray();
  w.EndObject();
}

void WriteDependency(JsonWriter& w, std::string_view ref, const std::set<std::string>& on) {
  w.BeginObject().Key("ref").String(ref);
  if (!on.empty()) {
    w.Key("dependsOn").BeginArray();
    for (const std::string& r : on) w.String(r);
    w.EndArray();
  }
  w.EndObject();
}

}  // namespace

std::string WriteCycloneDx(const std::vector<Package>& packages, const SbomMeta& meta) {
  const size_t n = packages.size();
  std::vector<std::string> purls(n);
  for (size_t i = 0; i < n; ++i) purls[i] = PackagePurl(packages[i]);
  std::vector<size_t> order(n);
  for (size_t i = 0; i < n; ++i) order[i] = i;
  auto key = [&](size_t i) {
    const Package& p = packages[i];
    return std::tie(purls[i], p.path, p.line, p.name, p.version, p.id);
  };
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return key(a) < key(b); });

  // bom-refs: the purl, made unique by the manifest path, then the line, then a counter.
  std::vector<std::string> refs(n);
  std::set<std::string> used{std::string(kRootRef)};
  for (size_t i : order) {
    const Package& p = packages[i];
    std::string ref = purls[i];
    if (used.count(ref) && !p.path.is_root()) ref += "|" + p.path.str();
    if (used.count(ref) && p.line > 0) ref += ":" + std::to_string(p.line);
    for (int k = 2; used.count(ref); ++k)
      ref = purls[i] + "|" + p.path.str() + "#" + std::to_string(k);
    used.insert(ref);
    refs[i] = std::move(ref);
  }

  // Edges: an id names a package in the same manifest first (ids are unique per inventory), then
  // anywhere (the first in output order).
  std::map<std::pair<std::string_view, std::string_view>, size_t> by_path_id;
  std::map<std::string_view, size_t> by_id;
  for (size_t i : order) {
    by_path_id.emplace(
        std::pair<std::string_view, std::string_view>(packages[i].path.str(), packages[i].id), i);
    by_id.emplace(packages[i].id, i);
  }
  std::vector<std::set<std::string>> depends(n);
  std::vector<bool> has_parent(n, false);
  for (size_t i = 0; i < n; ++i) {
    for (const auto& dep : packages[i].depends_on) {
      auto it = by_path_id.find({packages[i].path.str(), dep});
      size_t target = 0;
      if (it != by_path_id.end()) {
        target = it->second;
      } else if (auto g = by_id.find(dep); g != by_id.end()) {
        target = g->second;
      } else {
        continue;  // the lockfile names a package it does not list
      }
      depends[i].insert(refs[target]);
      if (target != i && packages[target].path == packages[i].path) has_parent[target] = true;
    }
  }
  // The root depends on each manifest's direct packages; where a manifest does not say which are
  // direct, on its top-level packages (nothing in the same manifest depends on them), and when a
  // cycle leaves none, on all of them.
  std::map<std::string_view, std::vector<size_t>> by_manifest;
  for (size_t i : order) by_manifest[packages[i].path.str()].push_back(i);
  std::set<std::string> root_depends;
  for (const auto& [path, members] : by_manifest) {
    std::vector<size_t> chosen;
    for (size_t i : members) {
      if (packages[i].relationship == Relationship::kDirect) chosen.push_back(i);
    }
    if (chosen.empty()) {
      for (size_t i : members) {
        if (!has_parent[i]) chosen.push_back(i);
      }
    }
    if (chosen.empty()) chosen = members;
    for (size_t i : chosen) root_depends.insert(refs[i]);
  }

  // Streamed, not built as a DOM: the document of a large lockfile is megabytes. The serial
  // number names the content that follows it, so it is written as a placeholder and filled in
  // once that content is known: the same packages and metadata give the same UUID.
  std::string out;
  out.reserve(1024 + n * 1024);
  JsonWriter w(&out);
  w.BeginObject();
  w.Key("$schema").String("http://cyclonedx.org/schema/bom-1.6.schema.json");
  w.Key("bomFormat").String("CycloneDX");
  w.Key("specVersion").String("1.6");
  const std::string placeholder = NameBasedUuidUrn({});
  w.Key("serialNumber");
  const size_t serial_at = out.size() + 1;  // after the opening quote
  w.String(placeholder);
  w.Key("version").Int(1);
  const size_t content_at = out.size();

  w.Key("metadata").BeginObject();
  if (IsRfc3339(meta.timestamp)) w.Key("timestamp").String(meta.timestamp);
  w.Key("tools").BeginObject().Key("components").BeginArray().BeginObject();
  w.Key("type").String("application");
  w.Key("name").String(meta.tool_name.empty() ? "fledger" : meta.tool_name);
  if (!meta.tool_version.empty()) w.Key("version").String(meta.tool_version);
  w.EndObject().EndArray().EndObject();
  w.Key("component").BeginObject();
  w.Key("type").String("application");
  w.Key("bom-ref").String(kRootRef);
  w.Key("name").String(meta.root_name.empty() ? "." : meta.root_name);
  w.EndObject();
  w.EndObject();

  w.Key("components").BeginArray();
  for (size_t i : order) WriteComponent(w, packages[i], purls[i], refs[i]);
  w.EndArray();
  w.Key("dependencies").BeginArray();
  WriteDependency(w, kRootRef, root_depends);
  for (size_t i : order) WriteDependency(w, refs[i], depends[i]);
  w.EndArray();
  w.EndObject();
  w.Finish();

  const std::string serial = NameBasedUuidUrn(
      {"fledger-sbom\n", meta.serial_seed, "\n", std::string_view(out).substr(content_at)});
  out.replace(serial_at, placeholder.size(), serial);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Reader.

namespace {

using Json = nlohmann::json;

// Collects warnings up to kMaxSbomWarnings, then counts the rest.
class Warnings {
 public:
  explicit Warnings(std::vector<std::string>& out) : out_(out) {}
  void Add(std::string w) {
    if (out_.size() < kMaxSbomWarnings) {
      out_.push_back(std::move(w));
    } else {
      ++dropped_;
    }
  }
  void Finish() {
    if (dropped_ > 0) out_.push_back("... and " + std::to_string(dropped_) + " more warnings");
  }

 private:
  std::vector<std::string>& out_;
  size_t dropped_ = 0;
};

std::string StringAt(const Json& obj, const char* key) {
  if (!obj.is_object()) return {};
  const auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// A short, quoted label for a component in warnings: its position and, if any, its name.
std::string Label(const std::string& where, const Json& c) {
  std::string name = StringAt(c, "name");
  if (name.size() > 80) name = name.substr(0, 77) + "...";
  return name.empty() ? where : where + " '" + name + "'";
}

bool ParsePositiveInt(std::string_view s, int& out) {
  int v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || v <= 0) return false;
  out = v;
  return true;
}

struct Pending {
  Package package;
  std::string ref;
  bool relationship_given = false;
};

// One component into a package, or nullopt with a warning when it cannot be one.
std::optional<Pending> ReadComponent(const Json& c, const std::string& where, Warnings& warn) {
  const std::string purl_text = StringAt(c, "purl");
  if (purl_text.empty()) {
    warn.Add(Label(where, c) + ": no purl, skipped");
    return std::nullopt;
  }
  auto purl = Purl::Parse(purl_text);
  if (!purl.ok()) {
    warn.Add(Label(where, c) + ": invalid purl (" + purl.error().message + "), skipped");
    return std::nullopt;
  }
  auto eco = Ecosystem::Parse(purl.value().type());
  if (!eco.ok()) {
    warn.Add(Label(where, c) + ": purl type '" + purl.value().type() +
             "' is not a known ecosystem, skipped");
    return std::nullopt;
  }
  Pending out{MakePackage(eco.value(), PackageNameFromPurl(purl.value()), "")};
  Package& p = out.package;
  // Keep the component's own spelling ("Django", "github.com/BurntSushi/toml") when it names the
  // same package as the purl, whose name some types normalize.
  std::string written = StringAt(c, "name");
  if (const std::string group = StringAt(c, "group"); !group.empty() && !written.empty()) {
    written = group + (p.ecosystem.purl_type() == "maven" ? ":" : "/") + written;
  }
  if (!written.empty() && written != p.name) {
    const auto a = PackageName::Parse(p.ecosystem, written);
    const auto b = PackageName::Parse(p.ecosystem, p.name);
    if (EqualsIgnoreCase(written, p.name) ||
        (a.ok() && b.ok() && a.value().str() == b.value().str())) {
      p.name = written;
    }
  }
  p.version = StringAt(c, "version");
  if (p.version.empty()) p.version = purl.value().version();
  out.ref = StringAt(c, "bom-ref");

  const std::string scope = StringAt(c, "scope");
  if (scope == "excluded") {
    p.dev = true;
  } else if (scope == "optional") {
    p.optional = true;
  } else if (!scope.empty() && scope != "required") {
    warn.Add(Label(where, c) + ": unknown scope '" + scope.substr(0, 40) + "', read as required");
  }
  if (const auto it = c.find("hashes"); it != c.end() && it->is_array()) {
    for (const auto& h : *it) {
      const std::string_view alg = CanonicalHashAlgorithm(StringAt(h, "alg"));
      const std::string hex = ToLower(StringAt(h, "content"));
      if (alg.empty() || !IsHashContent(hex)) {
        warn.Add(Label(where, c) + ": hash with unknown algorithm or malformed digest ignored");
        continue;
      }
      p.hashes.push_back(Hash{std::string(alg), hex});
    }
  }
  if (const auto it = c.find("licenses"); it != c.end() && it->is_array()) {
    for (const auto& l : *it) {
      if (std::string e = StringAt(l, "expression"); !e.empty()) {
        p.licenses.push_back(std::move(e));
      } else if (const auto lic = l.find("license"); l.is_object() && lic != l.end()) {
        std::string id = StringAt(*lic, "id");
        p.licenses.push_back(id.empty() ? StringAt(*lic, "name") : std::move(id));
        if (p.licenses.back().empty()) p.licenses.pop_back();
      }
    }
  }
  if (const auto it = c.find("externalReferences"); it != c.end() && it->is_array()) {
    for (const auto& r : *it) {
      const std::string type = StringAt(r, "type");
      if ((type == "vcs" || type == "distribution") && p.source_url.empty()) {
        p.source_url = StringAt(r, "url");
      }
    }
  }
  if (const auto it = c.find("properties"); it != c.end() && it->is_array()) {
    for (const auto& prop : *it) {
      const std::string name = StringAt(prop, "name");
      const std::string value = StringAt(prop, "value");
      if (!name.starts_with("fledger:")) continue;
      if (name == "fledger:manifest") {
        if (auto path = RepoPath::Parse(value); path.ok()) {
          p.path = path.value();
        } else {
          warn.Add(Label(where, c) + ": fledger:manifest is not a repository path, ignored");
        }
      } else if (name == "fledger:line") {
        (void)ParsePositiveInt(value, p.line);
      } else if (name == "fledger:end_line") {
        (void)ParsePositiveInt(value, p.end_line);
      } else if (name == "fledger:unresolved") {
        p.resolved = false;
        p.version = value;
      } else if (name == "fledger:relationship") {
        out.relationship_given = true;
        p.relationship = value == "direct"     ? Relationship::kDirect
                         : value == "indirect" ? Relationship::kIndirect
                                               : Relationship::kUnknown;
      } else if (name == "fledger:optional") {
        p.optional = value == "true";
      } else if (name == "fledger:group") {
        p.groups.push_back(value);
      } else if (name == "fledger:commit") {
        p.commit = value;
      }
    }
  }
  return out;
}

}  // namespace

Result<Inventory> ReadCycloneDx(std::string_view json, const std::string& context) {
  // Size and lexical steps, then syntax (with the shared depth bound).
  FLEDGER_RETURN_IF_ERROR(CheckTextInput(json, context, kMaxManifestBytes, "SBOM"));
  FLEDGER_TRY(const Json doc, ParseManifestJson(json, context));
  // Semantics.
  if (!doc.is_object()) {
    return InputError(ValidationStep::kSemantics, context, "a CycloneDX BOM is a JSON object");
  }
  if (StringAt(doc, "bomFormat") != "CycloneDX") {
    return InputError(ValidationStep::kSemantics, context,
                      "not a CycloneDX BOM ('bomFormat' must be \"CycloneDX\")");
  }
  const std::string spec = StringAt(doc, "specVersion");
  static constexpr std::array<std::string_view, 5> kSpecs = {"1.2", "1.3", "1.4", "1.5", "1.6"};
  if (std::find(kSpecs.begin(), kSpecs.end(), spec) == kSpecs.end()) {
    return InputError(
        ValidationStep::kSemantics, context,
        "unsupported CycloneDX specVersion '" + spec.substr(0, 20) + "' (1.2 to 1.6 are read)");
  }
  Inventory inv;
  Warnings warn(inv.warnings);
  std::vector<Pending> pending;

  // Depth-first, in document order, with an explicit stack: nested components are bounded by
  // kMaxSbomComponentDepth, and their total by kMaxPackagesPerFile.
  struct Frame {
    const Json* array;
    size_t next;
    std::string where;
    int depth;
  };
  std::vector<Frame> stack;
  size_t seen = 0;
  if (const auto it = doc.find("components"); it != doc.end()) {
    if (!it->is_array()) {
      return InputError(ValidationStep::kSemantics, context, "'components' must be an array");
    }
    stack.push_back({&*it, 0, "components", 1});
  }
  while (!stack.empty()) {
    Frame& f = stack.back();
    if (f.next >= f.array->size()) {
      stack.pop_back();
      continue;
    }
    const size_t index = f.next++;
    const Json& c = (*f.array)[index];
    const std::string where = f.where + "[" + std::to_string(index) + "]";
    const int depth = f.depth;  // `f` dangles once the stack grows
    if (++seen > kMaxPackagesPerFile) {
      return InputError(ValidationStep::kSize, context,
                        "more than " + std::to_string(kMaxPackagesPerFile) + " components");
    }
    if (!c.is_object()) {
      warn.Add(where + ": not an object, skipped");
      continue;
    }
    if (auto p = ReadComponent(c, where, warn)) pending.push_back(std::move(*p));
    if (const auto nested = c.find("components"); nested != c.end() && nested->is_array()) {
      if (depth + 1 > kMaxSbomComponentDepth) {
        return InputError(
            ValidationStep::kSize, context + ": " + where,
            "components nested deeper than " + std::to_string(kMaxSbomComponentDepth) + " levels");
      }
      stack.push_back({&*nested, 0, where + ".components", depth + 1});
    }
  }

  // Ids: "name@version" as extractors make them, unless two components share it; then the
  // bom-ref, which CycloneDX requires to be unique.
  std::map<std::string, int> id_count;
  for (const auto& pe : pending) ++id_count[pe.package.name + "@" + pe.package.version];
  std::map<std::string, size_t> by_ref;
  std::set<std::string> ids;
  for (size_t i = 0; i < pending.size(); ++i) {
    Package& p = pending[i].package;
    std::string id = p.name + "@" + p.version;
    if (id_count[id] > 1 && !pending[i].ref.empty()) id = pending[i].ref;
    for (int k = 2; ids.count(id); ++k) id = p.name + "@" + p.version + "#" + std::to_string(k);
    ids.insert(id);
    p.id = std::move(id);
    if (!pending[i].ref.empty() && !by_ref.emplace(pending[i].ref, i).second) {
      warn.Add("bom-ref '" + pending[i].ref.substr(0, 80) +
               "' appears more than once; edges use the first");
    }
  }

  // Edges from the dependency graph; the root component's own entry says which are direct.
  std::string root_ref;
  if (const auto m = doc.find("metadata"); m != doc.end() && m->is_object()) {
    if (const auto rc = m->find("component"); rc != m->end()) root_ref = StringAt(*rc, "bom-ref");
  }
  std::set<size_t> root_direct;
  bool root_listed = false;
  if (const auto deps = doc.find("dependencies"); deps != doc.end()) {
    if (!deps->is_array()) {
      return InputError(ValidationStep::kSemantics, context, "'dependencies' must be an array");
    }
    for (const auto& d : *deps) {
      const std::string ref = StringAt(d, "ref");
      const auto on = d.is_object() ? d.find("dependsOn") : d.end();
      const bool is_root = !root_ref.empty() && ref == root_ref;
      const auto from = by_ref.find(ref);
      if (!is_root && from == by_ref.end()) continue;  // skipped or unknown component
      root_listed = root_listed || is_root;
      if (on == d.end() || !on->is_array()) continue;
      for (const auto& target : *on) {
        if (!target.is_string()) continue;
        const auto to = by_ref.find(target.get<std::string>());
        if (to == by_ref.end()) continue;
        if (is_root) {
          root_direct.insert(to->second);
          continue;
        }
        auto& edges = pending[from->second].package.depends_on;
        const std::string& id = pending[to->second].package.id;
        if (std::find(edges.begin(), edges.end(), id) == edges.end()) edges.push_back(id);
      }
    }
  }
  for (size_t i = 0; i < pending.size(); ++i) {
    Package& p = pending[i].package;
    if (!pending[i].relationship_given && root_listed) {
      p.relationship = root_direct.count(i) ? Relationship::kDirect : Relationship::kIndirect;
    }
    inv.packages.push_back(std::move(p));
  }
  warn.Finish();
  return inv;
}

}  // namespace fledger::sca
