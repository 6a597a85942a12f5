// Domain primitives: immutable values that are valid by construction (DESIGN.md §4).
//
// Each primitive is made only by its static Parse, which returns an error naming the validation
// step that rejected the input. Once you hold a RepoPath, it is relative, normalized and inside
// the scan root; once you hold a Severity, it is one of the five levels.
//
//   Result<RepoPath> p = RepoPath::Parse("src/../src/main.cc");   // -> "src/main.cc"
//   Result<Purl> purl = Purl::Parse("pkg:npm/%40babel/core@7.0.0");
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace fledger {

// Finding severity, ordered: kInfo < kLow < kMedium < kHigh < kCritical.
class Severity {
 public:
  enum class Level : uint8_t { kInfo = 0, kLow, kMedium, kHigh, kCritical };
  // Accepts critical|high|medium|low|info (any case) and the SARIF levels error|warning|note.
  static Result<Severity> Parse(std::string_view text);
  static Severity Of(Level level) { return Severity(level); }
  Level level() const { return level_; }
  std::string_view name() const;
  // SARIF 2.1.0 result level for this severity: error, warning or note.
  std::string_view SarifLevel() const;
  auto operator<=>(const Severity&) const = default;

 private:
  explicit Severity(Level level) : level_(level) {}
  Level level_;
};

// A rule identifier such as "secrets.aws-access-key" or "openssf.license_location":
// 1..128 characters of [A-Za-z0-9._/-], starting with a letter or digit.
class RuleId {
 public:
  static Result<RuleId> Parse(std::string_view text);
  const std::string& str() const { return value_; }
  auto operator<=>(const RuleId&) const = default;

 private:
  explicit RuleId(std::string value) : value_(std::move(value)) {}
  std::string value_;
};

// A path relative to the scan root, normalized ("a/b/c", forward slashes, no ".", "..", or empty
// segments) and guaranteed not to escape the root. The root itself is "".
class RepoPath {
 public:
  static constexpr size_t kMaxLength = 4096;
  static Result<RepoPath> Parse(std::string_view text);
  static RepoPath Root() { return RepoPath(""); }
  const std::string& str() const { return value_; }
  bool is_root() const { return value_.empty(); }
  // The last segment ("" for the root).
  std::string_view filename() const;
  // This path joined with a single segment (no slashes, not "." or ".."); error otherwise.
  Result<RepoPath> Join(std::string_view segment) const;
  auto operator<=>(const RepoPath&) const = default;

 private:
  explicit RepoPath(std::string value) : value_(std::move(value)) {}
  std::string value_;
};

// Ecosystems as OSV names them.
class Ecosystem {
 public:
  // Accepts OSV names (npm, PyPI, Go, crates.io, Maven, NuGet, RubyGems, Packagist, Pub, Hex,
  // Debian, Alpine, ...) case-insensitively, and purl types (pypi, cargo, golang, gem, composer).
  static Result<Ecosystem> Parse(std::string_view text);
  const std::string& osv_name() const { return osv_name_; }
  const std::string& purl_type() const { return purl_type_; }
  auto operator<=>(const Ecosystem& o) const { return osv_name_ <=> o.osv_name_; }
  bool operator==(const Ecosystem& o) const { return osv_name_ == o.osv_name_; }

 private:
  Ecosystem(std::string osv, std::string purl)
      : osv_name_(std::move(osv)), purl_type_(std::move(purl)) {}
  std::string osv_name_;
  std::string purl_type_;
};

// A package name normalized for its ecosystem (PEP 503 for PyPI: lowercase, runs of -_. become -;
// lowercase for npm scopes and NuGet; as-is elsewhere).
class PackageName {
 public:
  static Result<PackageName> Parse(const Ecosystem& ecosystem, std::string_view text);
  const std::string& str() const { return value_; }
  auto operator<=>(const PackageName&) const = default;

 private:
  explicit PackageName(std::string value) : value_(std::move(value)) {}
  std::string value_;
};

// A package URL (https://github.com/package-url/purl-spec): pkg:type/namespace/name@version?q#sub.
class Purl {
 public:
  static Result<Purl> Parse(std::string_view text);
  const std::string& type() const { return type_; }
  const std::string& ns() const { return namespace_; }
  const std::string& name() const { return name_; }
  const std::string& version() const { return version_; }
  // Canonical form: lowercase type, percent-encoded components, sorted qualifiers.
  std::string ToString() const;

 private:
  Purl() = default;
  std::string type_, namespace_, name_, version_, subpath_;
  std::vector<std::pair<std::string, std::string>> qualifiers_;
};

// A CWE identifier, "CWE-89" (accepts "89" and "cwe-89").
class CweId {
 public:
  static Result<CweId> Parse(std::string_view text);
  int number() const { return number_; }
  std::string ToString() const { return "CWE-" + std::to_string(number_); }
  auto operator<=>(const CweId&) const = default;

 private:
  explicit CweId(int n) : number_(n) {}
  int number_;
};

// A CVSS v3.x or v4.0 base vector ("CVSS:3.1/AV:N/AC:L/..."), syntax-checked: known version,
// metric names and values, mandatory base metrics present, no duplicates, and for v4.0 the
// specification's metric order (v3.x vectors may list their metrics in any order).
class CvssVector {
 public:
  static Result<CvssVector> Parse(std::string_view text);
  const std::string& str() const { return value_; }
  const std::string& version() const { return version_; }

 private:
  CvssVector(std::string v, std::string ver) : value_(std::move(v)), version_(std::move(ver)) {}
  std::string value_, version_;
};

// A stable finding fingerprint: hex SHA-256 over rule id, path and normalized evidence, so it
// survives line moves and reruns.
class Fingerprint {
 public:
  static Fingerprint Compute(const RuleId& rule, const RepoPath& path, std::string_view evidence);
  // Accepts 16..64 lowercase hex characters (a stored or baseline fingerprint).
  static Result<Fingerprint> Parse(std::string_view text);
  const std::string& str() const { return value_; }
  auto operator<=>(const Fingerprint&) const = default;

 private:
  explicit Fingerprint(std::string v) : value_(std::move(v)) {}
  std::string value_;
};

// An identifier of a threat-model element (component, flow, store, actor): 1..64 characters of
// [A-Za-z0-9_-], starting with a letter.
class ElementId {
 public:
  static Result<ElementId> Parse(std::string_view text);
  const std::string& str() const { return value_; }
  auto operator<=>(const ElementId&) const = default;

 private:
  explicit ElementId(std::string v) : value_(std::move(v)) {}
  std::string value_;
};

}  // namespace fledger
