// Parsing and normalization of the domain primitives.
#include "core/primitives.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <set>

#include "core/text.h"

namespace fledger {
namespace {

Error Bad(ValidationStep step, std::string_view what, std::string_view text, std::string message) {
  return InputError(step, std::string(what) + " '" + EscapeTerminal(Truncate(text, 80)) + "'",
                    std::move(message));
}

bool HasControl(std::string_view text) {
  return std::any_of(text.begin(), text.end(),
                     [](unsigned char c) { return c < 0x20 || c == 0x7F; });
}

}  // namespace

// ---------------------------------------------------------------------------------------------
Result<Severity> Severity::Parse(std::string_view text) {
  const std::string t = ToLower(Trim(text));
  if (t == "critical") return Severity(Level::kCritical);
  if (t == "high" || t == "error") return Severity(Level::kHigh);
  if (t == "medium" || t == "moderate" || t == "warning") return Severity(Level::kMedium);
  if (t == "low" || t == "note") return Severity(Level::kLow);
  if (t == "info" || t == "none") return Severity(Level::kInfo);
  return Bad(ValidationStep::kSemantics, "severity", text,
             "expected one of critical, high, medium, low, info");
}

std::string_view Severity::name() const {
  switch (level_) {
    case Level::kCritical:
      return "critical";
    case Level::kHigh:
      return "high";
    case Level::kMedium:
      return "medium";
    case Level::kLow:
      return "low";
    case Level::kInfo:
      return "info";
  }
  return "info";
}

std::string_view Severity::SarifLevel() const {
  switch (level_) {
    case Level::kCritical:
    case Level::kHigh:
      return "error";
    case Level::kMedium:
      return "warning";
    case Level::kLow:
    case Level::kInfo:
      return "note";
  }
  return "note";
}

// ---------------------------------------------------------------------------------------------
Result<RuleId> RuleId::Parse(std::string_view text) {
  if (text.empty() || text.size() > 128) {
    return Bad(ValidationStep::kSize, "rule id", text, "must be 1 to 128 characters");
  }
  if (!std::isalnum(static_cast<unsigned char>(text[0]))) {
    return Bad(ValidationStep::kLexical, "rule id", text, "must start with a letter or digit");
  }
  for (char c : text) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_' && c != '-' &&
        c != '/') {
      return Bad(ValidationStep::kLexical, "rule id", text,
                 "allowed characters are A-Z a-z 0-9 . _ - /");
    }
  }
  return RuleId(std::string(text));
}

// ---------------------------------------------------------------------------------------------
Result<RepoPath> RepoPath::Parse(std::string_view text) {
  if (text.size() > kMaxLength) {
    return Bad(ValidationStep::kSize, "path", text, "longer than 4096 bytes");
  }
  if (HasControl(text) || !IsValidUtf8(text)) {
    return Bad(ValidationStep::kLexical, "path", text, "control characters or invalid UTF-8");
  }
  std::string unified(text);
  std::replace(unified.begin(), unified.end(), '\\', '/');
  if (!unified.empty() && unified[0] == '/') {
    return Bad(ValidationStep::kSemantics, "path", text,
               "absolute path where a relative one is required");
  }
  if (unified.size() >= 2 && unified[1] == ':' &&
      std::isalpha(static_cast<unsigned char>(unified[0]))) {
    return Bad(ValidationStep::kSemantics, "path", text,
               "drive-letter path where a relative one is required");
  }
  std::vector<std::string> stack;
  for (auto& seg : Split(unified, '/')) {
    if (seg.empty() || seg == ".") continue;
    if (seg == "..") {
      if (stack.empty()) {
        return Bad(ValidationStep::kSemantics, "path", text, "escapes the project root");
      }
      stack.pop_back();
      continue;
    }
    stack.push_back(std::move(seg));
  }
  std::string out;
  for (const auto& seg : stack) {
    if (!out.empty()) out += '/';
    out += seg;
  }
  // "x/../c:y" normalizes to a drive-letter path; reject it as the raw form would be.
  if (out.size() >= 2 && out[1] == ':' && std::isalpha(static_cast<unsigned char>(out[0]))) {
    return Bad(ValidationStep::kSemantics, "path", text,
               "drive-letter path where a relative one is required");
  }
  return RepoPath(std::move(out));
}

std::string_view RepoPath::filename() const {
  const size_t slash = value_.rfind('/');
  return slash == std::string::npos ? std::string_view(value_)
                                    : std::string_view(value_).substr(slash + 1);
}

Result<RepoPath> RepoPath::Join(std::string_view segment) const {
  if (segment.empty() || segment == "." || segment == ".." ||
      segment.find('/') != std::string_view::npos || segment.find('\\') != std::string_view::npos) {
    return Bad(ValidationStep::kSemantics, "path segment", segment, "not a single file name");
  }
  if (HasControl(segment) || !IsValidUtf8(segment)) {
    return Bad(ValidationStep::kLexical, "path segment", segment,
               "control characters or invalid UTF-8");
  }
  if (value_.size() + segment.size() + 1 > kMaxLength) {
    return Bad(ValidationStep::kSize, "path", segment, "longer than 4096 bytes");
  }
  return RepoPath(value_.empty() ? std::string(segment) : value_ + "/" + std::string(segment));
}

// ---------------------------------------------------------------------------------------------
Result<Ecosystem> Ecosystem::Parse(std::string_view text) {
  struct Known {
    const char* osv;
    const char* purl;
    const char* alias;
  };
  static constexpr std::array<Known, 22> kKnown = {{
      {"npm", "npm", ""},
      {"PyPI", "pypi", ""},
      {"Go", "golang", ""},
      {"crates.io", "cargo", ""},
      {"Maven", "maven", ""},
      {"NuGet", "nuget", ""},
      {"RubyGems", "gem", ""},
      {"Packagist", "composer", ""},
      {"Pub", "pub", ""},
      {"Hex", "hex", ""},
      {"Debian", "deb", ""},
      {"Alpine", "apk", ""},
      {"Hackage", "hackage", ""},
      {"SwiftURL", "swift", ""},
      {"ConanCenter", "conan", ""},
      {"CRAN", "cran", ""},
      {"Julia", "julia", ""},
      {"CocoaPods", "cocoapods", ""},
      {"GitHub Actions", "githubactions", ""},
      {"OSS-Fuzz", "generic", ""},
      {"GIT", "git", ""},
      // Not an OSV ecosystem: vcpkg ports, so C/C++ manifests have an inventory of their own.
      {"vcpkg", "vcpkg", ""},
  }};
  const std::string t = ToLower(Trim(text));
  // OSV ecosystems may carry a suffix such as "Debian:12" or "Alpine:v3.18"; keep the base.
  const std::string base = t.substr(0, t.find(':'));
  for (const auto& k : kKnown) {
    if (base == ToLower(k.osv) || base == k.purl) return Ecosystem(k.osv, k.purl);
  }
  return Bad(ValidationStep::kSemantics, "ecosystem", text, "unknown ecosystem");
}

Result<PackageName> PackageName::Parse(const Ecosystem& ecosystem, std::string_view text) {
  const std::string_view t = Trim(text);
  if (t.empty() || t.size() > 512) {
    return Bad(ValidationStep::kSize, "package name", text, "must be 1 to 512 characters");
  }
  if (HasControl(t) || !IsValidUtf8(t) || t.find(' ') != std::string_view::npos) {
    return Bad(ValidationStep::kLexical, "package name", text,
               "control characters, spaces or invalid UTF-8");
  }
  const std::string& eco = ecosystem.osv_name();
  if (eco == "PyPI") {
    // PEP 503: lowercase, and runs of '-', '_', '.' collapse to a single '-'.
    std::string out;
    bool sep = false;
    for (char c : ToLower(t)) {
      if (c == '-' || c == '_' || c == '.') {
        sep = true;
        continue;
      }
      if (sep && !out.empty()) out += '-';
      sep = false;
      out += c;
    }
    if (out.empty())
      return Bad(ValidationStep::kSemantics, "package name", text, "no name characters");
    return PackageName(out);
  }
  if (eco == "NuGet" || eco == "Hex" || eco == "Pub" || eco == "crates.io") {
    return PackageName(ToLower(t));
  }
  if (eco == "npm" && t.size() > 214) {
    return Bad(ValidationStep::kSize, "package name", text, "npm names are at most 214 characters");
  }
  return PackageName(std::string(t));
}

// ---------------------------------------------------------------------------------------------
namespace {

bool IsHex(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }

Result<std::string> PercentDecode(std::string_view text, std::string_view whole) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%') {
      if (i + 2 >= text.size() || !IsHex(text[i + 1]) || !IsHex(text[i + 2])) {
        return Bad(ValidationStep::kLexical, "purl", whole, "invalid percent escape");
      }
      out += static_cast<char>(std::stoi(std::string(text.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += text[i];
    }
  }
  if (!IsValidUtf8(out) || HasControl(out)) {
    return Bad(ValidationStep::kLexical, "purl", whole,
               "decoded to control characters or invalid UTF-8");
  }
  return out;
}

std::string PercentEncode(std::string_view text, bool keep_slash) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '.' || c == '-' || c == '_' || c == '~' ||
        (keep_slash && c == '/')) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
  }
  return out;
}

}  // namespace

Result<Purl> Purl::Parse(std::string_view text) {
  if (text.size() > 4096) return Bad(ValidationStep::kSize, "purl", text, "longer than 4096 bytes");
  if (HasControl(text) || !IsValidUtf8(text)) {
    return Bad(ValidationStep::kLexical, "purl", text, "control characters or invalid UTF-8");
  }
  std::string_view rest = Trim(text);
  if (!StartsWith(ToLower(rest.substr(0, 4)), "pkg:")) {
    return Bad(ValidationStep::kSyntax, "purl", text, "must start with 'pkg:'");
  }
  rest.remove_prefix(4);
  while (!rest.empty() && rest.front() == '/') rest.remove_prefix(1);
  Purl p;
  if (const size_t hash = rest.find('#'); hash != std::string_view::npos) {
    FLEDGER_TRY(p.subpath_, PercentDecode(rest.substr(hash + 1), text));
    rest = rest.substr(0, hash);
  }
  if (const size_t q = rest.find('?'); q != std::string_view::npos) {
    for (const auto& kv : Split(rest.substr(q + 1), '&')) {
      if (kv.empty()) continue;
      const size_t eq = kv.find('=');
      if (eq == std::string::npos || eq == 0) {
        return Bad(ValidationStep::kSyntax, "purl", text, "qualifier without key=value");
      }
      std::string value;
      FLEDGER_TRY(value, PercentDecode(std::string_view(kv).substr(eq + 1), text));
      if (value.empty()) continue;
      p.qualifiers_.emplace_back(ToLower(kv.substr(0, eq)), value);
    }
    std::sort(p.qualifiers_.begin(), p.qualifiers_.end());
    rest = rest.substr(0, q);
  }
  while (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
  const size_t slash = rest.find('/');
  if (slash == std::string_view::npos || slash == 0) {
    return Bad(ValidationStep::kSyntax, "purl", text, "missing type or name");
  }
  p.type_ = ToLower(rest.substr(0, slash));
  for (char c : p.type_) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '+' && c != '-') {
      return Bad(ValidationStep::kLexical, "purl", text, "invalid character in type");
    }
  }
  rest = rest.substr(slash + 1);
  if (const size_t at = rest.rfind('@'); at != std::string_view::npos) {
    FLEDGER_TRY(p.version_, PercentDecode(rest.substr(at + 1), text));
    rest = rest.substr(0, at);
  }
  const size_t last = rest.rfind('/');
  std::string_view ns = last == std::string_view::npos ? std::string_view() : rest.substr(0, last);
  std::string_view name = last == std::string_view::npos ? rest : rest.substr(last + 1);
  FLEDGER_TRY(p.name_, PercentDecode(name, text));
  if (p.name_.empty()) return Bad(ValidationStep::kSyntax, "purl", text, "empty name");
  std::string decoded_ns;
  for (const auto& seg : Split(ns, '/')) {
    if (seg.empty()) continue;
    std::string d;
    FLEDGER_TRY(d, PercentDecode(seg, text));
    if (d.find('/') != std::string::npos) {
      return Bad(ValidationStep::kSemantics, "purl", text, "namespace segment contains '/'");
    }
    if (!decoded_ns.empty()) decoded_ns += '/';
    decoded_ns += d;
  }
  p.namespace_ = decoded_ns;
  // Type-specific normalization from the purl spec.
  if (p.type_ == "pypi") {
    std::string n = ToLower(p.name_);
    std::replace(n.begin(), n.end(), '_', '-');
    p.name_ = n;
  } else if (p.type_ == "npm" || p.type_ == "github" || p.type_ == "bitbucket" ||
             p.type_ == "composer") {
    p.namespace_ = ToLower(p.namespace_);
    if (p.type_ != "npm") p.name_ = ToLower(p.name_);
  }
  return p;
}

std::string Purl::ToString() const {
  std::string out = "pkg:" + type_ + "/";
  if (!namespace_.empty()) {
    for (const auto& seg : Split(namespace_, '/')) out += PercentEncode(seg, false) + "/";
  }
  out += PercentEncode(name_, false);
  if (!version_.empty()) out += "@" + PercentEncode(version_, false);
  if (!qualifiers_.empty()) {
    out += '?';
    for (size_t i = 0; i < qualifiers_.size(); ++i) {
      if (i > 0) out += '&';
      out += qualifiers_[i].first + "=" + PercentEncode(qualifiers_[i].second, true);
    }
  }
  if (!subpath_.empty()) out += "#" + PercentEncode(subpath_, true);
  return out;
}

// ---------------------------------------------------------------------------------------------
Result<CweId> CweId::Parse(std::string_view text) {
  std::string t = ToLower(Trim(text));
  if (StartsWith(t, "cwe-")) t = t.substr(4);
  if (t.empty() || t.size() > 7 || !std::all_of(t.begin(), t.end(), ::isdigit)) {
    return Bad(ValidationStep::kSyntax, "CWE id", text, "expected CWE-<number>");
  }
  const int n = std::stoi(t);
  if (n <= 0) return Bad(ValidationStep::kSemantics, "CWE id", text, "CWE numbers start at 1");
  return CweId(n);
}

// ---------------------------------------------------------------------------------------------
Result<CvssVector> CvssVector::Parse(std::string_view text) {
  const std::string_view t = Trim(text);
  if (t.size() > 512)
    return Bad(ValidationStep::kSize, "CVSS vector", text, "longer than 512 bytes");
  using Metrics = std::map<std::string, std::string>;  // metric -> allowed values
  static const Metrics kV3 = {{"AV", "NALP"},  {"AC", "LH"},    {"PR", "NLH"},    {"UI", "NR"},
                              {"S", "UC"},     {"C", "HLN"},    {"I", "HLN"},     {"A", "HLN"},
                              {"E", "XUPFH"},  {"RL", "XOTWU"}, {"RC", "XURC"},   {"CR", "XLMH"},
                              {"IR", "XLMH"},  {"AR", "XLMH"},  {"MAV", "XNALP"}, {"MAC", "XLH"},
                              {"MPR", "XNLH"}, {"MUI", "XNR"},  {"MS", "XUC"},    {"MC", "XHLN"},
                              {"MI", "XHLN"},  {"MA", "XHLN"}};
  static const std::vector<std::string> kV3Base = {"AV", "AC", "PR", "UI", "S", "C", "I", "A"};
  static const Metrics kV4 = {
      {"AV", "NALP"},   {"AC", "LH"},     {"AT", "NP"},    {"PR", "NLH"},
      {"UI", "NPA"},    {"VC", "HLN"},    {"VI", "HLN"},   {"VA", "HLN"},
      {"SC", "HLN"},    {"SI", "HLN"},    {"SA", "HLN"},   {"E", "XAPU"},
      {"CR", "XHML"},   {"IR", "XHML"},   {"AR", "XHML"},  {"MAV", "XNALP"},
      {"MAC", "XLH"},   {"MAT", "XNP"},   {"MPR", "XNLH"}, {"MUI", "XNPA"},
      {"MVC", "XHLN"},  {"MVI", "XHLN"},  {"MVA", "XHLN"}, {"MSC", "XHLN"},
      {"MSI", "XSHLN"}, {"MSA", "XSHLN"}, {"S", "XNP"},    {"AU", "XNY"},
      {"R", "XAUI"},    {"V", "XDC"},     {"RE", "XLMH"},  {"U", "XClearGreenAmberRed"}};
  static const std::vector<std::string> kV4Base = {"AV", "AC", "AT", "PR", "UI", "VC",
                                                   "VI", "VA", "SC", "SI", "SA"};
  // The v4.0 specification (section 7, Table 23) fixes the order of the metrics in a vector
  // string, and FIRST's calculator rejects any other order; v3.x allows any order.
  static const std::vector<std::string> kV4Order = {
      "AV",  "AC",  "AT",  "PR",  "UI",  "VC",  "VI",  "VA",  "SC",  "SI",  "SA",
      "E",   "CR",  "IR",  "AR",  "MAV", "MAC", "MAT", "MPR", "MUI", "MVC", "MVI",
      "MVA", "MSC", "MSI", "MSA", "S",   "AU",  "R",   "V",   "RE",  "U"};
  std::string version;
  const Metrics* metrics = nullptr;
  const std::vector<std::string>* base = nullptr;
  if (StartsWith(t, "CVSS:3.0/") || StartsWith(t, "CVSS:3.1/")) {
    version = std::string(t.substr(5, 3));
    metrics = &kV3;
    base = &kV3Base;
  } else if (StartsWith(t, "CVSS:4.0/")) {
    version = "4.0";
    metrics = &kV4;
    base = &kV4Base;
  } else {
    return Bad(ValidationStep::kSyntax, "CVSS vector", text,
               "must start with CVSS:3.0/, CVSS:3.1/ or CVSS:4.0/");
  }
  std::set<std::string> seen;
  size_t previous = 0;  // v4.0: the kV4Order index of the previous metric
  for (const auto& part : Split(t.substr(9), '/')) {
    const size_t colon = part.find(':');
    if (colon == std::string::npos) {
      return Bad(ValidationStep::kSyntax, "CVSS vector", text, "metric without ':'");
    }
    const std::string key = part.substr(0, colon);
    const std::string value = part.substr(colon + 1);
    const auto it = metrics->find(key);
    if (it == metrics->end()) {
      return Bad(ValidationStep::kSemantics, "CVSS vector", text, "unknown metric " + key);
    }
    const bool clear = key == "U";  // v4 "U" takes words (Clear, Green, Amber, Red, X).
    const bool value_ok =
        clear ? (value == "X" || value == "Clear" || value == "Green" || value == "Amber" ||
                 value == "Red")
              : (value.size() == 1 && it->second.find(value[0]) != std::string::npos);
    if (!value_ok) {
      return Bad(ValidationStep::kSemantics, "CVSS vector", text, "invalid value for " + key);
    }
    if (!seen.insert(key).second) {
      return Bad(ValidationStep::kSemantics, "CVSS vector", text, "duplicate metric " + key);
    }
    if (version == "4.0") {
      // Every key is in kV4Order (it is a kV4 metric), and no key repeats (checked above).
      const size_t index =
          static_cast<size_t>(std::find(kV4Order.begin(), kV4Order.end(), key) - kV4Order.begin());
      if (index < previous) {
        return Bad(ValidationStep::kSemantics, "CVSS vector", text,
                   "metric " + key +
                       " out of order (CVSS v4.0 metrics come in the specification's order: "
                       "AV/AC/AT/PR/UI/VC/VI/VA/SC/SI/SA/E/CR/IR/AR/MAV/.../U)");
      }
      previous = index;
    }
  }
  for (const auto& m : *base) {
    if (!seen.count(m))
      return Bad(ValidationStep::kSemantics, "CVSS vector", text, "missing base metric " + m);
  }
  return CvssVector(std::string(t), version);
}

// ---------------------------------------------------------------------------------------------
Fingerprint Fingerprint::Compute(const RuleId& rule, const RepoPath& path,
                                 std::string_view evidence) {
  // Normalize evidence: collapse whitespace so reformatting does not change the fingerprint.
  std::string material = rule.str();
  material += '\0';
  material += path.str();
  material += '\0';
  material += CollapseWhitespace(evidence);
  return Fingerprint(Sha256Hex(material).substr(0, 32));
}

Result<Fingerprint> Fingerprint::Parse(std::string_view text) {
  if (text.size() < 16 || text.size() > 64) {
    return Bad(ValidationStep::kSize, "fingerprint", text, "must be 16 to 64 hex characters");
  }
  for (char c : text) {
    if (!std::isxdigit(static_cast<unsigned char>(c)) ||
        std::isupper(static_cast<unsigned char>(c))) {
      return Bad(ValidationStep::kLexical, "fingerprint", text, "must be lowercase hex");
    }
  }
  return Fingerprint(std::string(text));
}

// ---------------------------------------------------------------------------------------------
Result<ElementId> ElementId::Parse(std::string_view text) {
  if (text.empty() || text.size() > 64) {
    return Bad(ValidationStep::kSize, "element id", text, "must be 1 to 64 characters");
  }
  if (!std::isalpha(static_cast<unsigned char>(text[0]))) {
    return Bad(ValidationStep::kLexical, "element id", text, "must start with a letter");
  }
  for (char c : text) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-') {
      return Bad(ValidationStep::kLexical, "element id", text,
                 "allowed characters are A-Z a-z 0-9 _ -");
    }
  }
  return ElementId(std::string(text));
}

}  // namespace fledger
