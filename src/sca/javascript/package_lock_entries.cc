// Two readers of package-lock entries: simdjson On-Demand over text IsStrictJson accepted, and the
// nlohmann DOM. package_lock_entries_test.cc and fuzz/package_lock_fuzz.cc hold them equal.
#include "sca/javascript/package_lock_entries.h"

#include <algorithm>

#include "core/strict_json.h"
#include "sca/extractor.h"
#include "sca/javascript/js_common.h"

namespace fledger::sca::javascript {
namespace {

namespace od = simdjson::ondemand;
using nlohmann::json;

// ---- The reference reader (nlohmann DOM) ----

std::string StringMember(const json& obj, const char* key) {
  const auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool TrueMember(const json& obj, const char* key) {
  const auto it = obj.find(key);
  return it != obj.end() && it->is_boolean() && it->get<bool>();
}

void AddLicense(const json& v, std::vector<std::string>& out) {
  std::string license;
  if (v.is_string()) license = v.get<std::string>();
  if (v.is_object()) license = StringMember(v, "type");
  if (!license.empty()) out.push_back(std::move(license));
}

// ---- The fast reader (On-Demand) ----
// Every step checks its error code: the text already passed IsStrictJson, so an error here is
// unexpected, and it sends the caller to the reference path rather than guessing.

bool Failed(simdjson::error_code error) { return error != simdjson::SUCCESS; }

// Calls `fn(key, field)` for each member of `object`; false on an error or when `fn` says so.
template <typename Fn>
bool ForEachMember(od::object object, Fn fn) {
  for (auto member : object) {
    od::field field;
    std::string_view key;
    if (Failed(std::move(member).get(field)) || Failed(field.unescaped_key().get(key))) return false;
    if (!fn(key, field)) return false;
  }
  return true;
}

// `out` = the value when it is a string; left empty otherwise, like StringMember.
bool ReadString(od::value value, std::string& out) {
  od::json_type type;
  if (Failed(value.type().get(type))) return false;
  if (type != od::json_type::string) return true;
  std::string_view s;
  if (Failed(value.get_string().get(s))) return false;
  out.assign(s);
  return true;
}

// `out` = true when the value is the literal true, like TrueMember.
bool ReadTrue(od::value value, bool& out) {
  od::json_type type;
  if (Failed(value.type().get(type))) return false;
  if (type != od::json_type::boolean) return true;
  return !Failed(value.get_bool().get(out));
}

// A "license" value or "licenses" element: a non-empty string, or an object's "type" string.
bool ReadLicense(od::value value, std::vector<std::string>& out) {
  od::json_type type;
  if (Failed(value.type().get(type))) return false;
  std::string license;
  if (type == od::json_type::string) {
    if (!ReadString(value, license)) return false;
  } else if (type == od::json_type::object) {
    od::object object;
    if (Failed(value.get_object().get(object))) return false;
    const bool ok = ForEachMember(object, [&](std::string_view key, od::field& field) {
      return key != "type" || ReadString(field.value(), license);
    });
    if (!ok) return false;
  }
  if (!license.empty()) out.push_back(std::move(license));
  return true;
}

bool ReadLicenses(od::value value, std::vector<std::string>& out) {
  od::json_type type;
  if (Failed(value.type().get(type))) return false;
  if (type != od::json_type::array) return true;
  od::array array;
  if (Failed(value.get_array().get(array))) return false;
  for (auto element : array) {
    od::value v;
    if (Failed(std::move(element).get(v)) || !ReadLicense(v, out)) return false;
  }
  return true;
}

// The member names of a dependency map, sorted (as the DOM's std::map keeps them).
bool ReadNames(od::value value, std::vector<std::string>& out) {
  od::json_type type;
  if (Failed(value.type().get(type))) return false;
  if (type != od::json_type::object) return true;
  od::object object;
  if (Failed(value.get_object().get(object))) return false;
  const bool ok = ForEachMember(object, [&](std::string_view key, od::field&) {
    out.emplace_back(key);
    return true;
  });
  std::sort(out.begin(), out.end());
  return ok;
}

bool ReadEntry(od::object object, LockEntry& e) {
  std::vector<std::string> license, licenses;
  const bool read = ForEachMember(object, [&](std::string_view key, od::field& field) {
    od::value value = field.value();
    bool ok = true;
    if (key == "name") {
      ok = ReadString(value, e.name);
    } else if (key == "version") {
      ok = ReadString(value, e.version);
    } else if (key == "resolved") {
      ok = ReadString(value, e.resolved);
    } else if (key == "integrity") {
      ok = ReadString(value, e.integrity);
    } else if (key == "license") {
      ok = ReadLicense(value, license);
    } else if (key == "licenses") {
      ok = ReadLicenses(value, licenses);
    } else if (key == "dev") {
      ok = ReadTrue(value, e.dev);
    } else if (key == "optional") {
      ok = ReadTrue(value, e.optional);
    } else if (key == "devOptional") {
      ok = ReadTrue(value, e.dev_optional);
    } else if (key == "peer") {
      ok = ReadTrue(value, e.peer);
    } else if (key == "link") {
      ok = ReadTrue(value, e.link);
    } else if (key == "inBundle" || key == "bundled") {
      // Either one set makes the package bundled, whatever the order they come in.
      bool bundled = false;
      ok = ReadTrue(value, bundled);
      e.bundled = e.bundled || bundled;
    } else {
      for (size_t g = 0; g < kLockEdgeGroups.size(); ++g) {
        if (key == kLockEdgeGroups[g]) ok = ReadNames(value, e.edges[g]);
      }
    }
    return ok;
  });
  if (!read) return false;
  e.licenses = std::move(license);
  e.licenses.insert(e.licenses.end(), std::make_move_iterator(licenses.begin()),
                    std::make_move_iterator(licenses.end()));
  return true;
}

// Line numbers of offsets visited in increasing order: counts only the newlines in between.
class LineCounter {
 public:
  explicit LineCounter(std::string_view text) : text_(text) {}
  int At(size_t offset) {
    offset = std::min(offset, text_.size());
    if (offset > pos_) {
      line_ += static_cast<int>(std::count(text_.begin() + static_cast<std::ptrdiff_t>(pos_),
                                           text_.begin() + static_cast<std::ptrdiff_t>(offset),
                                           '\n'));
      pos_ = offset;
    }
    return line_;
  }

 private:
  std::string_view text_;
  size_t pos_ = 0;
  int line_ = 1;
};

// The offset of the closing bracket just before `next` (the token after a value): only white
// space lies between them.
size_t ClosingBracket(std::string_view text, size_t next) {
  size_t at = std::min(next, text.size());
  while (at > 0) {
    const char c = text[--at];
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
  }
  return at;
}

std::optional<LockEntries> ReadPackages(od::document& doc, od::object packages,
                                        std::string_view text) {
  LockEntries out;
  LineCounter lines(text);
  for (auto member : packages) {
    od::field field;
    if (Failed(std::move(member).get(field))) return std::nullopt;
    // The raw key points just past its opening quote; read it before unescaping consumes it.
    const char* key_at = field.key().raw();
    std::string_view key;
    if (Failed(field.unescaped_key().get(key))) return std::nullopt;
    if (++out.members > kMaxPackagesPerFile) return out;
    if (key.empty()) out.has_root = true;
    od::value value = field.value();
    od::json_type type;
    if (Failed(value.type().get(type))) return std::nullopt;
    if (type != od::json_type::object) continue;
    LockEntry e;
    e.key.assign(key);
    e.line = lines.At(static_cast<size_t>(key_at - text.data()));
    od::object object;
    if (Failed(value.get_object().get(object)) || !ReadEntry(object, e)) return std::nullopt;
    const char* next = nullptr;
    if (Failed(doc.current_location().get(next))) return std::nullopt;
    e.end_line = lines.At(ClosingBracket(text, static_cast<size_t>(next - text.data())));
    out.entries.push_back(std::move(e));
  }
  std::sort(out.entries.begin(), out.entries.end(),
            [](const LockEntry& a, const LockEntry& b) { return a.key < b.key; });
  return out;
}

}  // namespace

LockEntry LockEntryOf(const json& obj) {
  LockEntry e;
  e.name = StringMember(obj, "name");
  e.version = StringMember(obj, "version");
  e.resolved = StringMember(obj, "resolved");
  e.integrity = StringMember(obj, "integrity");
  if (const auto it = obj.find("license"); it != obj.end()) AddLicense(*it, e.licenses);
  if (const auto it = obj.find("licenses"); it != obj.end() && it->is_array()) {
    for (const auto& v : *it) AddLicense(v, e.licenses);
  }
  e.dev = TrueMember(obj, "dev");
  e.optional = TrueMember(obj, "optional");
  e.dev_optional = TrueMember(obj, "devOptional");
  e.peer = TrueMember(obj, "peer");
  e.bundled = TrueMember(obj, "inBundle") || TrueMember(obj, "bundled");
  e.link = TrueMember(obj, "link");
  for (size_t g = 0; g < kLockEdgeGroups.size(); ++g) {
    const auto deps = obj.find(kLockEdgeGroups[g]);
    if (deps == obj.end() || !deps->is_object()) continue;
    for (const auto& [name, spec] : deps->items()) e.edges[g].push_back(name);
  }
  return e;
}

LockEntries LockEntriesOf(const json& packages, std::string_view text) {
  const JsonMemberLines lines(text);
  LockEntries out;
  out.members = packages.size();
  out.has_root = packages.contains("");
  for (const auto& [key, obj] : packages.items()) {
    if (!obj.is_object()) continue;
    LockEntry e = LockEntryOf(obj);
    e.key = key;
    std::tie(e.line, e.end_line) = lines.Find({"packages", key});
    out.entries.push_back(std::move(e));
  }
  return out;
}

std::optional<LockEntries> ReadLockEntries(std::string_view text) {
  if (text.size() > kMaxManifestBytes) return std::nullopt;  // the size error is the reference's
  const simdjson::padded_string padded(text);
  if (!IsStrictJson(padded)) return std::nullopt;
  od::parser parser;
  od::document doc;
  od::object top;
  if (Failed(parser.iterate(padded).get(doc)) || Failed(doc.get_object().get(top))) {
    return std::nullopt;
  }
  for (auto member : top) {
    od::field field;
    std::string_view key;
    if (Failed(std::move(member).get(field)) || Failed(field.unescaped_key().get(key))) return std::nullopt;
    if (key != "packages") continue;
    od::object packages;
    if (Failed(field.value().get_object().get(packages))) return std::nullopt;
    return ReadPackages(doc, packages, std::string_view(padded.data(), padded.size()));
  }
  return std::nullopt;  // no "packages": lockfileVersion 1
}

}  // namespace fledger::sca::javascript
