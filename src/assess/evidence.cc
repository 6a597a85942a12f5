// Reading and writing evidence.json in the prototype's format.
#include "assess/evidence.h"

#include <limits>
#include <tuple>

#include "core/input.h"
#include "core/json.h"
#include "core/log.h"
#include "core/text.h"

namespace fledger::assess {
namespace {

using ojson = nlohmann::ordered_json;

Result<EvidenceHit> ParseHit(const ojson& h, const std::string& where) {
  if (!h.is_object()) {
    return InputError(ValidationStep::kSemantics, where,
                      "a hit must be an object, not " + DescribeJsonValue(h));
  }
  EvidenceHit hit;
  FLEDGER_TRY(hit.path_and_file, JsonStringMember(h, "path_and_file", true, where));
  // A line number, as text (the prototype) or as a number (other tools).
  if (const auto loc = h.find("location"); loc != h.end() && loc->is_number_integer()) {
    hit.location = loc->dump();
  } else {
    FLEDGER_TRY(hit.location, JsonStringMember(h, "location", false, where));
  }
  FLEDGER_TRY(hit.code, JsonStringMember(h, "code", false, where));
  FLEDGER_TRY(hit.usage, JsonStringMember(h, "usage", false, where));
  if (const auto t = h.find("tags"); t != h.end()) {
    if (!t->is_array()) {
      return InputError(ValidationStep::kSemantics, where,
                        "'tags' must be a list, not " + DescribeJsonValue(*t));
    }
    for (const auto& tag : *t) {
      if (!tag.is_string()) {
        return InputError(ValidationStep::kSemantics, where,
                          "'tags' must hold strings, not " + DescribeJsonValue(tag));
      }
      hit.tags.push_back(tag.get<std::string>());
    }
  }
  return hit;
}

// The string keys of a record. Required are those the prototype writes in every record
// (testdata/prototype/examples/: its rubric files have no category or subcategory) and the
// schema requires; it writes `description` too, but the schema never required it and records
// written by hand leave it out.
struct RecordField {
  const char* key;
  bool required;
  std::string EvidenceRecord::*member;
};
constexpr RecordField kRecordFields[] = {
    {"name", true, &EvidenceRecord::name},
    {"pattern", true, &EvidenceRecord::pattern},
    {"type", true, &EvidenceRecord::type},
    {"category", false, &EvidenceRecord::category},
    {"subcategory", false, &EvidenceRecord::subcategory},
    {"description", false, &EvidenceRecord::description},
    {"requirement", false, &EvidenceRecord::requirement},
    {"root", false, &EvidenceRecord::root},
};

Result<EvidenceRecord> ParseRecord(const ojson& r, const std::string& where) {
  if (!r.is_object()) {
    return InputError(ValidationStep::kSemantics, where,
                      "an evidence record must be an object, not " + DescribeJsonValue(r));
  }
  EvidenceRecord rec;
  for (const auto& f : kRecordFields) {
    FLEDGER_TRY(rec.*f.member, JsonStringMember(r, f.key, f.required, where));
  }
  if (rec.type != "code" && rec.type != "file" && !rec.type.empty()) {
    return InputError(ValidationStep::kSemantics, where,
                      "'type' must be \"code\", \"file\" or \"\", not '" +
                          EscapeTerminal(Truncate(rec.type, 40)) + "'");
  }
  // Keys of other tools are kept, in their order, and written back.
  for (const auto& [key, value] : r.items()) {
    bool known = key == "records";
    for (const auto& f : kRecordFields) known = known || key == f.key;
    if (!known) rec.extra[key] = value;
  }
  const auto recs = r.find("records");
  if (recs == r.end()) return InputError(ValidationStep::kSemantics, where, "missing 'records'");
  if (!recs->is_array()) {
    return InputError(ValidationStep::kSemantics, where,
                      "'records' must be a list, not " + DescribeJsonValue(*recs));
  }
  for (size_t g = 0; g < recs->size(); ++g) {
    const ojson& group = (*recs)[g];
    const std::string where_g = where + ".records[" + std::to_string(g) + "]";
    std::vector<EvidenceHit> hits;
    // The prototype nests hits in lists; accept a hit in place of a list of one too.
    if (group.is_object()) {
      EvidenceHit hit;
      FLEDGER_TRY(hit, ParseHit(group, where_g));
      hits.push_back(std::move(hit));
    } else if (group.is_array()) {
      for (size_t h = 0; h < group.size(); ++h) {
        EvidenceHit hit;
        FLEDGER_TRY(hit, ParseHit(group[h], where_g + "[" + std::to_string(h) + "]"));
        hits.push_back(std::move(hit));
      }
    } else {
      return InputError(ValidationStep::kSemantics, where_g,
                        "'records' entries must be lists of hits, not " + DescribeJsonValue(group));
    }
    rec.records.push_back(std::move(hits));
  }
  return rec;
}

ojson HitToJson(const EvidenceHit& h) {
  ojson j = ojson::object();
  j["path_and_file"] = h.path_and_file;
  j["location"] = h.location;
  j["code"] = h.code;
  j["tags"] = h.tags;
  j["usage"] = h.usage;
  return j;
}

auto Identity(const EvidenceRecord& r) {
  return std::tie(r.name, r.type, r.pattern, r.category, r.subcategory, r.requirement, r.root);
}

}  // namespace

size_t EvidenceRecord::HitCount() const {
  size_t n = 0;
  for (const auto& g : records)
    for (const auto& h : g) n += h.path_and_file.empty() ? 0 : 1;
  return n;
}

Result<EvidenceFile> EvidenceFile::Parse(std::string_view text, const std::string& context) {
  FLEDGER_RETURN_IF_ERROR(CheckTextInput(text, context, kMaxEvidenceBytes, "evidence file"));
  EvidenceFile file;
  // An empty file is not JSON, and a syntax error like any other, as for catalogs: Fledger
  // itself starts evidence.json as "[]".
  ojson doc;  // ordered, so that other tools' keys keep their order on write
  FLEDGER_TRY(doc, ParseOrderedJsonText(text, context));
  if (doc.is_object()) {
    EvidenceRecord rec;
    FLEDGER_TRY(rec, ParseRecord(doc, context));
    file.records_.push_back(std::move(rec));
    return file;
  }
  if (!doc.is_array()) {
    return InputError(
        ValidationStep::kSemantics, context,
        "evidence must be a list of records or one record, not " + DescribeJsonValue(doc));
  }
  if (doc.size() > kMaxEvidenceRecords) {
    return InputError(ValidationStep::kSize, context,
                      "more than " + std::to_string(kMaxEvidenceRecords) + " records");
  }
  for (size_t i = 0; i < doc.size(); ++i) {
    EvidenceRecord rec;
    FLEDGER_TRY(rec, ParseRecord(doc[i], context + ": [" + std::to_string(i) + "]"));
    file.records_.push_back(std::move(rec));
  }
  return file;
}

Result<EvidenceFile> EvidenceFile::Load(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return EvidenceFile{};
  Log(LogLevel::kInfo, "reading evidence " + path.string());
  std::string text;
  FLEDGER_TRY(text, ReadTextFile(path, {.max_bytes = kMaxEvidenceBytes}));
  return Parse(text, path.string());
}

const EvidenceRecord* EvidenceFile::Find(const EvidenceRecord& like) const {
  for (const auto& existing : records_) {
    if (Identity(existing) == Identity(like)) return &existing;
  }
  return nullptr;
}

bool EvidenceFile::Upsert(EvidenceRecord record) {
  for (auto& existing : records_) {
    if (Identity(existing) == Identity(record)) {
      const bool same = [&] {
        EvidenceFile a, b;
        a.records_ = {existing};
        b.records_ = {record};
        return a.Serialize() == b.Serialize();
      }();
      if (same) return false;
      existing = std::move(record);
      return true;
    }
  }
  records_.push_back(std::move(record));
  return true;
}

std::string EvidenceFile::Serialize() const {
  ojson arr = ojson::array();
  for (const auto& r : records_) {
    ojson j = ojson::object();
    j["name"] = r.name;
    j["pattern"] = r.pattern;
    j["type"] = r.type;
    j["category"] = r.category;
    j["subcategory"] = r.subcategory;
    j["description"] = r.description;
    if (!r.requirement.empty()) j["requirement"] = r.requirement;
    if (!r.root.empty()) j["root"] = r.root;
    for (const auto& [k, v] : r.extra.items()) j[k] = v;
    ojson groups = ojson::array();
    for (const auto& g : r.records) {
      ojson hits = ojson::array();
      for (const auto& h : g) hits.push_back(HitToJson(h));
      groups.push_back(std::move(hits));
    }
    j["records"] = std::move(groups);
    arr.push_back(std::move(j));
  }
  return DumpJson(arr, 4);
}

std::optional<ImpactFacts> ReadImpactFacts(const EvidenceRecord& record) {
  constexpr size_t kMaxText = 1024;
  const auto it = record.extra.find("fledger_impact");
  if (it == record.extra.end() || !it->is_object()) return std::nullopt;
  const auto& j = *it;
  // Integers only as int64 (a huge unsigned value is not silently wrapped), in range.
  const auto int_in = [](const ojson& v, int64_t lo, int64_t hi) -> std::optional<int64_t> {
    if (!v.is_number_integer()) return std::nullopt;
    if (v.is_number_unsigned() &&
        v.get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))
      return std::nullopt;
    const int64_t n = v.get<int64_t>();
    if (n < lo || n > hi) return std::nullopt;
    return n;
  };
  ImpactFacts out;
  const auto purl = j.find("purl");
  if (purl == j.end() || !purl->is_string()) return std::nullopt;
  out.purl = purl->get<std::string>();
  if (!StartsWith(out.purl, "pkg:") || out.purl.size() > kMaxText) return std::nullopt;
  // In a purl '@' only separates the version (an npm scope's '@' is written %40).
  out.resolved = out.purl.find('@') != std::string::npos;
  if (const auto m = j.find("manifest"); m != j.end()) {
    if (!m->is_string() || m->get_ref<const std::string&>().size() > kMaxText) return std::nullopt;
    // A path outside the analysed tree is not evidence; the rest of the record still is.
    if (auto p = RepoPath::Parse(m->get<std::string>()); p.ok()) out.manifest = p.value();
  }
  if (const auto l = j.find("line"); l != j.end()) {
    const auto n = int_in(*l, 0, 100000000);
    if (!n) return std::nullopt;
    out.line = static_cast<int>(*n);
  }
  if (const auto a = j.find("advisories_checked"); a != j.end()) {
    if (!a->is_boolean()) return std::nullopt;
    out.advisories_checked = a->get<bool>();
  }
  if (const auto a = j.find("advisories"); a != j.end()) {
    if (!a->is_array() || a->size() > 10000) return std::nullopt;
    for (const auto& id : *a) {
      if (!id.is_string() || id.get_ref<const std::string&>().size() > 128) return std::nullopt;
      out.advisories.push_back(id.get<std::string>());
    }
  }
  if (const auto a = j.find("vulnerability_data_age_days"); a != j.end() && !a->is_null()) {
    const auto n = int_in(*a, 0, 1000000);
    if (!n) return std::nullopt;
    out.data_age_days = *n;
  }
  if (const auto a = j.find("checked_at"); a != j.end()) {
    if (!a->is_string() || a->get_ref<const std::string&>().size() > 64) return std::nullopt;
    out.checked_at = a->get<std::string>();
  }
  return out;
}

}  // namespace fledger::assess
