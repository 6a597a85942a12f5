// Parsing, validating, linting and re-serializing OSV records.
#include "sca/osv/record.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <nlohmann/json.hpp>

#include "core/input.h"
#include "core/json.h"
#include "core/text.h"

namespace fledger::sca::osv {
namespace {

using Json = nlohmann::json;

Error Semantic(const std::string& context, std::string message) {
  return InputError(ValidationStep::kSemantics, context, std::move(message));
}

// An id goes into warnings, archive entry names and reports: printable ASCII, no spaces.
Status CheckId(std::string_view id, const std::string& context) {
  if (id.empty() || id.size() > 256) return Semantic(context, "'id' must be 1 to 256 characters");
  for (const char c : id) {
    if (c <= ' ' || c > '~') {
      return Semantic(context, "'id' must be printable ASCII without spaces");
    }
  }
  return {};
}

// The string member `key`, "" when missing or null (the schema allows null for optional fields).
Result<std::string> OptionalString(const Json& obj, const char* key, const std::string& where) {
  const auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return std::string();
  if (!it->is_string()) {
    return Semantic(where,
                    std::string("'") + key + "' must be a string, not " + DescribeJsonValue(*it));
  }
  return it->get<std::string>();
}

Result<std::string> Timestamp(const Json& obj, const char* key, bool required,
                              const std::string& where) {
  FLEDGER_TRY(std::string value, OptionalString(obj, key, where));
  if (value.empty()) {
    if (required) return Semantic(where, std::string("missing '") + key + "'");
    return value;
  }
  if (!ParseRfc3339(value).has_value()) {
    return Semantic(where, std::string("'") + key + "' is not an RFC 3339 timestamp: '" +
                               EscapeTerminal(Truncate(value, 40)) + "'");
  }
  return value;
}

// An array of strings; missing or null is empty.
Result<std::vector<std::string>> StringArray(const Json& obj, const char* key,
                                             const std::string& where) {
  std::vector<std::string> out;
  const auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return out;
  if (!it->is_array()) {
    return Semantic(where,
                    std::string("'") + key + "' must be an array, not " + DescribeJsonValue(*it));
  }
  out.reserve(it->size());
  for (const Json& item : *it) {
    if (!item.is_string()) {
      return Semantic(
          where, std::string("'") + key + "' must hold strings, not " + DescribeJsonValue(item));
    }
    out.push_back(item.get<std::string>());
  }
  return out;
}

// An optional member that must be an object when present; nullptr when missing or null.
Result<const Json*> OptionalObject(const Json& obj, const char* key, const std::string& where) {
  const auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return static_cast<const Json*>(nullptr);
  if (!it->is_object()) {
    return Semantic(where,
                    std::string("'") + key + "' must be an object, not " + DescribeJsonValue(*it));
  }
  return &*it;
}

// An optional member that must be an array when present; nullptr when missing or null.
Result<const Json*> OptionalArray(const Json& obj, const char* key, const std::string& where) {
  const auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return static_cast<const Json*>(nullptr);
  if (!it->is_array()) {
    return Semantic(where,
                    std::string("'") + key + "' must be an array, not " + DescribeJsonValue(*it));
  }
  return &*it;
}

Result<std::vector<OsvSeverity>> Severities(const Json& obj, const std::string& where) {
  std::vector<OsvSeverity> out;
  FLEDGER_TRY(const Json* list, OptionalArray(obj, "severity", where));
  if (list == nullptr) return out;
  for (const Json& item : *list) {
    if (!item.is_object()) return Semantic(where, "a 'severity' entry must be an object");
    OsvSeverity s;
    FLEDGER_TRY(s.type, JsonStringMember(item, "type", true, where + ": severity"));
    FLEDGER_TRY(s.score, JsonStringMember(item, "score", true, where + ": severity"));
    static constexpr std::array<std::string_view, 4> kTypes = {"CVSS_V2", "CVSS_V3", "CVSS_V4",
                                                               "Ubuntu"};
    if (std::find(kTypes.begin(), kTypes.end(), s.type) == kTypes.end()) {
      return Semantic(where, "unknown severity type '" + EscapeTerminal(Truncate(s.type, 40)) +
                                 "' (expected CVSS_V2, CVSS_V3, CVSS_V4 or Ubuntu)");
    }
    out.push_back(std::move(s));
  }
  return out;
}

bool IsCommitHash(std::string_view v) {
  if (v == "0") return true;
  if (v.size() != 40 && v.size() != 64) return false;
  return std::all_of(v.begin(), v.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

Result<OsvRange> ParseRange(const Json& item, const std::string& where) {
  if (!item.is_object()) return Semantic(where, "a range must be an object");
  OsvRange range;
  FLEDGER_TRY(const std::string type, JsonStringMember(item, "type", true, where));
  if (type == "SEMVER") {
    range.type = RangeType::kSemver;
  } else if (type == "ECOSYSTEM") {
    range.type = RangeType::kEcosystem;
  } else if (type == "GIT") {
    range.type = RangeType::kGit;
  } else {
    return Semantic(where, "unknown range type '" + EscapeTerminal(Truncate(type, 40)) +
                               "' (expected SEMVER, ECOSYSTEM or GIT)");
  }
  FLEDGER_TRY(range.repo, OptionalString(item, "repo", where));
  if (range.type == RangeType::kGit && range.repo.empty()) {
    return Semantic(where, "a GIT range needs 'repo'");
  }
  const auto events = item.find("events");
  if (events == item.end() || !events->is_array() || events->empty()) {
    return Semantic(where, "'events' must be a non-empty array");
  }
  static constexpr std::array<std::pair<const char*, EventKind>, 4> kKinds = {{
      {"introduced", EventKind::kIntroduced},
      {"fixed", EventKind::kFixed},
      {"last_affected", EventKind::kLastAffected},
      {"limit", EventKind::kLimit},
  }};
  bool introduced = false, fixed = false, last_affected = false;
  range.events.reserve(events->size());
  for (const Json& e : *events) {
    if (!e.is_object()) return Semantic(where, "an event must be an object");
    int found = 0;
    OsvEvent event;
    for (const auto& [key, kind] : kKinds) {
      const auto it = e.find(key);
      if (it == e.end()) continue;
      ++found;
      if (!it->is_string() || it->get_ref<const std::string&>().empty()) {
        return Semantic(where, std::string("event '") + key + "' must be a non-empty string");
      }
      event.kind = kind;
      event.value = it->get<std::string>();
    }
    if (found != 1) {
      return Semantic(where,
                      "an event must hold exactly one of introduced, fixed, last_affected, limit");
    }
    if (range.type == RangeType::kGit && !IsCommitHash(event.value)) {
      return Semantic(where, "GIT events must be full commit hashes, not '" +
                                 EscapeTerminal(Truncate(event.value, 70)) + "'");
    }
    introduced |= event.kind == EventKind::kIntroduced;
    fixed |= event.kind == EventKind::kFixed;
    last_affected |= event.kind == EventKind::kLastAffected;
    range.events.push_back(std::move(event));
  }
  if (!introduced) return Semantic(where, "range has no 'introduced' event");
  if (fixed && last_affected) {
    return Semantic(where, "range has both 'fixed' and 'last_affected' events");
  }
  return range;
}

Result<OsvAffected> ParseAffected(const Json& item, const std::string& where) {
  if (!item.is_object()) return Semantic(where, "an affected entry must be an object");
  OsvAffected affected;
  FLEDGER_TRY(const Json* package, OptionalObject(item, "package", where));
  if (package != nullptr) {
    OsvPackage p;
    FLEDGER_TRY(p.ecosystem, JsonStringMember(*package, "ecosystem", true, where + ": package"));
    FLEDGER_TRY(p.name, JsonStringMember(*package, "name", true, where + ": package"));
    FLEDGER_TRY(p.purl, OptionalString(*package, "purl", where + ": package"));
    if (p.ecosystem.empty() || p.name.empty()) {
      return Semantic(where, "package 'ecosystem' and 'name' must not be empty");
    }
    affected.package = std::move(p);
  }
  FLEDGER_TRY(const Json* ranges, OptionalArray(item, "ranges", where));
  if (ranges != nullptr) {
    affected.ranges.reserve(ranges->size());
    for (size_t i = 0; i < ranges->size(); ++i) {
      FLEDGER_TRY(OsvRange r,
                  ParseRange((*ranges)[i], where + ": ranges[" + std::to_string(i) + "]"));
      affected.ranges.push_back(std::move(r));
    }
  }
  FLEDGER_TRY(affected.versions, StringArray(item, "versions", where));
  FLEDGER_TRY(affected.severity, Severities(item, where));
  FLEDGER_TRY(const Json* eco, OptionalObject(item, "ecosystem_specific", where));
  if (eco != nullptr) {
    // Free-form by the schema: keep the rating only when it is text.
    const auto sev = eco->find("severity");
    if (sev != eco->end() && sev->is_string())
      affected.ecosystem_severity = sev->get<std::string>();
  }
  return affected;
}

Result<OsvRecord> FromJson(const Json& doc, const std::string& context) {
  if (!doc.is_object()) {
    return Semantic(context, "an OSV record must be a JSON object, not " + DescribeJsonValue(doc));
  }
  OsvRecord r;
  FLEDGER_TRY(r.id, JsonStringMember(doc, "id", true, context));
  FLEDGER_RETURN_IF_ERROR(CheckId(r.id, context));
  // From here on errors also name the record, which helps inside an archive of thousands.
  const std::string where = context + " (" + r.id + ")";
  FLEDGER_TRY(r.modified, Timestamp(doc, "modified", true, where));
  FLEDGER_TRY(r.published, Timestamp(doc, "published", false, where));
  FLEDGER_TRY(r.withdrawn, Timestamp(doc, "withdrawn", false, where));
  FLEDGER_TRY(r.summary, OptionalString(doc, "summary", where));
  FLEDGER_TRY(r.details, OptionalString(doc, "details", where));
  if (r.details.size() > kMaxDetailsBytes) {
    // Truncate appends "…" (3 bytes) to a cut text.
    r.details = Truncate(r.details, kMaxDetailsBytes - 3);
    r.details_truncated = true;
  }
  // Our own serialization marks a cut that happened before storage.
  if (const auto it = doc.find("x_fledger_details_truncated"); it != doc.end() && it->is_boolean())
    r.details_truncated = r.details_truncated || it->get<bool>();
  FLEDGER_TRY(r.aliases, StringArray(doc, "aliases", where));
  FLEDGER_TRY(r.related, StringArray(doc, "related", where));
  FLEDGER_TRY(r.upstream, StringArray(doc, "upstream", where));
  FLEDGER_TRY(r.severity, Severities(doc, where));
  FLEDGER_TRY(const Json* affected, OptionalArray(doc, "affected", where));
  if (affected != nullptr) {
    r.affected.reserve(affected->size());
    for (size_t i = 0; i < affected->size(); ++i) {
      FLEDGER_TRY(OsvAffected a,
                  ParseAffected((*affected)[i], where + ": affected[" + std::to_string(i) + "]"));
      r.affected.push_back(std::move(a));
    }
  }
  FLEDGER_TRY(const Json* refs, OptionalArray(doc, "references", where));
  if (refs != nullptr) {
    for (const Json& ref : *refs) {
      if (!ref.is_object()) return Semantic(where, "a reference must be an object");
      OsvReference out;
      FLEDGER_TRY(out.type, OptionalString(ref, "type", where + ": references"));
      FLEDGER_TRY(out.url, JsonStringMember(ref, "url", true, where + ": references"));
      r.references.push_back(std::move(out));
    }
  }
  FLEDGER_TRY(const Json* db, OptionalObject(doc, "database_specific", where));
  if (db != nullptr) {
    // Free-form by the schema: read GHSA's fields only when they have the shape GHSA gives them.
    const auto sev = db->find("severity");
    if (sev != db->end() && sev->is_string()) r.database_severity = sev->get<std::string>();
    const auto cwes = db->find("cwe_ids");
    if (cwes != db->end() && cwes->is_array()) {
      for (const Json& c : *cwes) {
        if (c.is_string()) r.cwe_ids.push_back(c.get<std::string>());
      }
    }
  }
  return r;
}

bool Digits(std::string_view s, size_t pos, size_t n) {
  if (pos + n > s.size()) return false;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  return true;
}

int Number(std::string_view s, size_t pos, size_t n) {
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) v = v * 10 + (s[i] - '0');
  return v;
}

// Days from 1970-01-01 to the civil date (proleptic Gregorian), after H. Hinnant's algorithm.
int64_t DaysFromCivil(int y, int m, int d) {
  y -= m <= 2 ? 1 : 0;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

Json SeverityJson(const std::vector<OsvSeverity>& list) {
  Json out = Json::array();
  for (const OsvSeverity& s : list) out.push_back({{"type", s.type}, {"score", s.score}});
  return out;
}

}  // namespace

std::string_view RangeTypeName(RangeType type) {
  switch (type) {
    case RangeType::kSemver:
      return "SEMVER";
    case RangeType::kEcosystem:
      return "ECOSYSTEM";
    case RangeType::kGit:
      return "GIT";
  }
  return "ECOSYSTEM";
}

std::string_view EventKindName(EventKind kind) {
  switch (kind) {
    case EventKind::kIntroduced:
      return "introduced";
    case EventKind::kFixed:
      return "fixed";
    case EventKind::kLastAffected:
      return "last_affected";
    case EventKind::kLimit:
      return "limit";
  }
  return "introduced";
}

std::optional<int64_t> ParseRfc3339(std::string_view s) {
  // YYYY-MM-DDTHH:MM:SS[.frac](Z|+hh:mm|-hh:mm); 't' and 'z' are allowed by RFC 3339 too.
  if (!Digits(s, 0, 4) || s.size() < 20 || s[4] != '-' || !Digits(s, 5, 2) || s[7] != '-' ||
      !Digits(s, 8, 2) || (s[10] != 'T' && s[10] != 't') || !Digits(s, 11, 2) || s[13] != ':' ||
      !Digits(s, 14, 2) || s[16] != ':' || !Digits(s, 17, 2)) {
    return std::nullopt;
  }
  const int year = Number(s, 0, 4), month = Number(s, 5, 2), day = Number(s, 8, 2);
  const int hour = Number(s, 11, 2), minute = Number(s, 14, 2), second = Number(s, 17, 2);
  static constexpr std::array<int, 12> kDays = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > kDays[month - 1] ||
      (month == 2 && day == 29 && !leap) || hour > 23 || minute > 59 || second > 60) {
    return std::nullopt;
  }
  size_t pos = 19;
  int64_t micros = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    const size_t start = pos;
    int64_t scale = 100000;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      micros += (s[pos] - '0') * scale;
      scale /= 10;
      ++pos;
    }
    if (pos == start || pos - start > 12) return std::nullopt;
  }
  int offset_minutes = 0;
  if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
    ++pos;
  } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    if (!Digits(s, pos + 1, 2) || pos + 3 >= s.size() || s[pos + 3] != ':' ||
        !Digits(s, pos + 4, 2)) {
      return std::nullopt;
    }
    const int h = Number(s, pos + 1, 2), m = Number(s, pos + 4, 2);
    if (h > 23 || m > 59) return std::nullopt;
    offset_minutes = (s[pos] == '+' ? 1 : -1) * (h * 60 + m);
    pos += 6;
  } else {
    return std::nullopt;
  }
  if (pos != s.size()) return std::nullopt;
  const int64_t seconds = DaysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 +
                          std::min(second, 59) - offset_minutes * 60;
  return seconds * 1000000 + micros;
}

Result<OsvRecord> ParseOsvRecord(std::string_view json, const std::string& context) {
  // Origin is the caller's: it names the file (or archive entry) in `context`.
  FLEDGER_RETURN_IF_ERROR(CheckTextInput(json, context, kMaxRecordBytes, "OSV record"));
  FLEDGER_TRY(const Json doc, ParseJsonText(json, context));
  return FromJson(doc, context);
}

namespace {

constexpr char kStoredFormat = 1;

class Encoder {
 public:
  void Byte(uint8_t b) { out_.push_back(static_cast<char>(b)); }
  void Size(uint64_t n) {
    while (n >= 0x80) {
      Byte(static_cast<uint8_t>(n | 0x80));
      n >>= 7;
    }
    Byte(static_cast<uint8_t>(n));
  }
  void Str(std::string_view s) {
    Size(s.size());
    out_.append(s);
  }
  void Strs(const std::vector<std::string>& v) {
    Size(v.size());
    for (const std::string& s : v) Str(s);
  }
  void Severities(const std::vector<OsvSeverity>& v) {
    Size(v.size());
    for (const OsvSeverity& s : v) {
      Str(s.type);
      Str(s.score);
    }
  }
  std::string Take() { return std::move(out_); }

 private:
  std::string out_;
};

// Bounds-checked reader: every read fails (and stays failed) past the end.
class Decoder {
 public:
  explicit Decoder(std::string_view in) : in_(in) {}
  bool ok() const { return ok_; }
  bool at_end() const { return pos_ == in_.size(); }
  uint8_t Byte() {
    if (!ok_ || pos_ >= in_.size()) return Fail();
    return static_cast<uint8_t>(in_[pos_++]);
  }
  uint64_t Size() {
    uint64_t n = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      const uint8_t b = Byte();
      if (!ok_) return 0;
      n |= static_cast<uint64_t>(b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        // A count can never exceed the bytes left: this bounds every reserve() below.
        if (n > in_.size() - pos_ + 1) return Fail();
        return n;
      }
    }
    return Fail();
  }
  std::string Str() {
    const uint64_t n = Size();
    if (!ok_ || n > in_.size() - pos_) return Fail(), std::string();
    std::string s(in_.substr(pos_, n));
    pos_ += n;
    return s;
  }
  std::vector<std::string> Strs() {
    const uint64_t n = Size();
    std::vector<std::string> v;
    v.reserve(ok_ ? n : 0);
    for (uint64_t i = 0; ok_ && i < n; ++i) v.push_back(Str());
    return v;
  }
  std::vector<OsvSeverity> Severities() {
    const uint64_t n = Size();
    std::vector<OsvSeverity> v;
    for (uint64_t i = 0; ok_ && i < n; ++i) {
      OsvSeverity s;
      s.type = Str();
      s.score = Str();
      v.push_back(std::move(s));
    }
    return v;
  }
  uint8_t Fail() {
    ok_ = false;
    return 0;
  }

 private:
  std::string_view in_;
  size_t pos_ = 0;
  bool ok_ = true;
};

}  // namespace

std::string EncodeStoredRecord(const OsvRecord& r) {
  Encoder e;
  e.Byte(kStoredFormat);
  e.Str(r.id);
  e.Str(r.modified);
  e.Str(r.published);
  e.Str(r.withdrawn);
  e.Str(r.summary);
  e.Str(r.details);
  e.Byte(r.details_truncated ? 1 : 0);
  e.Strs(r.aliases);
  e.Strs(r.related);
  e.Strs(r.upstream);
  e.Severities(r.severity);
  e.Size(r.affected.size());
  for (const OsvAffected& a : r.affected) {
    e.Byte(a.package ? 1 : 0);
    if (a.package) {
      e.Str(a.package->ecosystem);
      e.Str(a.package->name);
      e.Str(a.package->purl);
    }
    e.Size(a.ranges.size());
    for (const OsvRange& range : a.ranges) {
      e.Byte(static_cast<uint8_t>(range.type));
      e.Str(range.repo);
      e.Size(range.events.size());
      for (const OsvEvent& ev : range.events) {
        e.Byte(static_cast<uint8_t>(ev.kind));
        e.Str(ev.value);
      }
    }
    e.Strs(a.versions);
    e.Severities(a.severity);
    e.Str(a.ecosystem_severity);
  }
  e.Size(r.references.size());
  for (const OsvReference& ref : r.references) {
    e.Str(ref.type);
    e.Str(ref.url);
  }
  e.Str(r.database_severity);
  e.Strs(r.cwe_ids);
  return e.Take();
}

Result<OsvRecord> DecodeStoredRecord(std::string_view bytes, const std::string& context) {
  Decoder d(bytes);
  if (d.Byte() != kStoredFormat) {
    return InputError(ValidationStep::kSyntax, context, "unknown stored record format");
  }
  OsvRecord r;
  r.id = d.Str();
  r.modified = d.Str();
  r.published = d.Str();
  r.withdrawn = d.Str();
  r.summary = d.Str();
  r.details = d.Str();
  r.details_truncated = d.Byte() != 0;
  r.aliases = d.Strs();
  r.related = d.Strs();
  r.upstream = d.Strs();
  r.severity = d.Severities();
  const uint64_t affected = d.Size();
  for (uint64_t i = 0; d.ok() && i < affected; ++i) {
    OsvAffected a;
    if (d.Byte() != 0) {
      OsvPackage p;
      p.ecosystem = d.Str();
      p.name = d.Str();
      p.purl = d.Str();
      a.package = std::move(p);
    }
    const uint64_t ranges = d.Size();
    for (uint64_t k = 0; d.ok() && k < ranges; ++k) {
      OsvRange range;
      const uint8_t type = d.Byte();
      if (type > static_cast<uint8_t>(RangeType::kGit)) d.Fail();
      range.type = static_cast<RangeType>(type);
      range.repo = d.Str();
      const uint64_t events = d.Size();
      for (uint64_t m = 0; d.ok() && m < events; ++m) {
        OsvEvent ev;
        const uint8_t kind = d.Byte();
        if (kind > static_cast<uint8_t>(EventKind::kLimit)) d.Fail();
        ev.kind = static_cast<EventKind>(kind);
        ev.value = d.Str();
        range.events.push_back(std::move(ev));
      }
      a.ranges.push_back(std::move(range));
    }
    a.versions = d.Strs();
    a.severity = d.Severities();
    a.ecosystem_severity = d.Str();
    r.affected.push_back(std::move(a));
  }
  const uint64_t refs = d.Size();
  for (uint64_t i = 0; d.ok() && i < refs; ++i) {
    OsvReference ref;
    ref.type = d.Str();
    ref.url = d.Str();
    r.references.push_back(std::move(ref));
  }
  r.database_severity = d.Str();
  r.cwe_ids = d.Strs();
  if (!d.ok() || !d.at_end() || r.id.empty()) {
    return InputError(ValidationStep::kSyntax, context, "damaged stored record");
  }
  return r;
}

std::vector<std::string> LintOsvRecord(const OsvRecord& record) {
  std::vector<std::string> out;
  for (size_t a = 0; a < record.affected.size(); ++a) {
    const auto& ranges = record.affected[a].ranges;
    for (size_t r = 0; r < ranges.size(); ++r) {
      std::map<std::string_view, int> seen;
      for (const OsvEvent& e : ranges[r].events) {
        if (++seen[e.value] == 2) {
          out.push_back(record.id + ": affected[" + std::to_string(a) + "].ranges[" +
                        std::to_string(r) + "]: event value '" +
                        EscapeTerminal(Truncate(e.value, 70)) +
                        "' appears more than once (osv-linter R0002)");
        }
      }
    }
  }
  return out;
}

std::string OsvRecordToJson(const OsvRecord& r) {
  Json doc = {{"id", r.id}, {"modified", r.modified}};
  if (!r.published.empty()) doc["published"] = r.published;
  if (!r.withdrawn.empty()) doc["withdrawn"] = r.withdrawn;
  if (!r.summary.empty()) doc["summary"] = r.summary;
  if (!r.details.empty()) doc["details"] = r.details;
  if (r.details_truncated) doc["x_fledger_details_truncated"] = true;
  if (!r.aliases.empty()) doc["aliases"] = r.aliases;
  if (!r.related.empty()) doc["related"] = r.related;
  if (!r.upstream.empty()) doc["upstream"] = r.upstream;
  if (!r.severity.empty()) doc["severity"] = SeverityJson(r.severity);
  if (!r.affected.empty()) {
    Json list = Json::array();
    for (const OsvAffected& a : r.affected) {
      Json entry = Json::object();
      if (a.package) {
        entry["package"] = {{"ecosystem", a.package->ecosystem}, {"name", a.package->name}};
        if (!a.package->purl.empty()) entry["package"]["purl"] = a.package->purl;
      }
      if (!a.ranges.empty()) {
        Json ranges = Json::array();
        for (const OsvRange& range : a.ranges) {
          Json events = Json::array();
          for (const OsvEvent& e : range.events) {
            events.push_back({{std::string(EventKindName(e.kind)), e.value}});
          }
          Json rj = {{"type", std::string(RangeTypeName(range.type))}, {"events", events}};
          if (!range.repo.empty()) rj["repo"] = range.repo;
          ranges.push_back(std::move(rj));
        }
        entry["ranges"] = std::move(ranges);
      }
      if (!a.versions.empty()) entry["versions"] = a.versions;
      if (!a.severity.empty()) entry["severity"] = SeverityJson(a.severity);
      if (!a.ecosystem_severity.empty()) {
        entry["ecosystem_specific"] = {{"severity", a.ecosystem_severity}};
      }
      list.push_back(std::move(entry));
    }
    doc["affected"] = std::move(list);
  }
  if (!r.references.empty()) {
    Json refs = Json::array();
    for (const OsvReference& ref : r.references) {
      Json rj = {{"url", ref.url}};
      if (!ref.type.empty()) rj["type"] = ref.type;
      refs.push_back(std::move(rj));
    }
    doc["references"] = std::move(refs);
  }
  if (!r.database_severity.empty() || !r.cwe_ids.empty()) {
    Json db = Json::object();
    if (!r.database_severity.empty()) db["severity"] = r.database_severity;
    if (!r.cwe_ids.empty()) db["cwe_ids"] = r.cwe_ids;
    doc["database_specific"] = std::move(db);
  }
  // One line; DumpJson escapes unsafe code points in a way the parser reads back unchanged.
  std::string out = DumpJson(doc, -1);
  if (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

}  // namespace fledger::sca::osv
