// Reading and writing evidence.json in the prototype's format.
#include "assess/evidence.h"

#include <tuple>

#include "core/input.h"
#include "core/json.h"
#include "core/log.h"
#include "core/text.h"

namespace fledger::assess {
namespace {

using ojson = nlohmann::ordered_json;

std::string Str(const ojson& obj, const char* key) {
  const auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return "";
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number_integer()) return std::to_string(it->get<long long>());
  return it->dump();
}

Result<EvidenceHit> ParseHit(const ojson& h, const std::string& where) {
  if (!h.is_object()) return InputError(ValidationStep::kSemantics, where, "a hit must be an object");
  EvidenceHit hit;
  hit.path_and_file = Str(h, "path_and_file");
  hit.location = Str(h, "location");
  hit.code = Str(h, "code");
  hit.usage = Str(h, "usage");
  if (const auto t = h.find("tags"); t != h.end() && t->is_array()) {
    for (const auto& tag : *t)
      if (tag.is_string()) hit.tags.push_back(tag.get<std::string>());
  }
  return hit;
}

Result<EvidenceRecord> ParseRecord(const ojson& r, const std::string& where) {
  if (!r.is_object()) return InputError(ValidationStep::kSemantics, where, "an evidence record must be an object");
  static const char* kKnown[] = {"name", "pattern", "type", "category", "subcategory", "description",
                                 "requirement", "root", "records"};
  EvidenceRecord rec;
  rec.name = Str(r, "name");
  rec.pattern = Str(r, "pattern");
  rec.type = Str(r, "type");
  rec.category = Str(r, "category");
  rec.subcategory = Str(r, "subcategory");
  rec.description = Str(r, "description");
  rec.requirement = Str(r, "requirement");
  rec.root = Str(r, "root");
  for (const auto& [key, value] : r.items()) {
    bool known = false;
    for (const char* k : kKnown) known = known || key == k;
    if (!known) rec.extra[key] = value;
  }
  if (const auto recs = r.find("records"); recs != r.end() && !recs->is_null()) {
    if (!recs->is_array()) return InputError(ValidationStep::kSemantics, where, "'records' must be a list");
    for (size_t g = 0; g < recs->size(); ++g) {
      const ojson& group = (*recs)[g];
      std::vector<EvidenceHit> hits;
      // The prototype nests hits in lists; accept a flat list of hits too.
      if (group.is_object()) {
        EvidenceHit hit;
        FLEDGER_TRY(hit, ParseHit(group, where));
        hits.push_back(std::move(hit));
      } else if (group.is_array()) {
        for (const auto& h : group) {
          EvidenceHit hit;
          FLEDGER_TRY(hit, ParseHit(h, where + ".records[" + std::to_string(g) + "]"));
          hits.push_back(std::move(hit));
        }
      } else {
        return InputError(ValidationStep::kSemantics, where, "'records' entries must be lists of hits");
      }
      rec.records.push_back(std::move(hits));
    }
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
  if (Trim(text).empty()) return file;
  nlohmann::json plain;
  FLEDGER_TRY(plain, ParseJsonText(text, context));
  // Re-parse as ordered JSON so unknown keys keep their order on write; the first parse has
  // already applied the depth limit and produced a precise syntax error.
  ojson doc;
  try {
    doc = ojson::parse(text.begin(), text.end());
  } catch (const nlohmann::json::exception& e) {
    return InputError(ValidationStep::kSyntax, context, std::string("invalid JSON: ") + e.what());
  }
  if (doc.is_object()) {
    EvidenceRecord rec;
    FLEDGER_TRY(rec, ParseRecord(doc, context));
    file.records_.push_back(std::move(rec));
    return file;
  }
  if (!doc.is_array()) return InputError(ValidationStep::kSemantics, context, "evidence must be a list of records");
  if (doc.size() > kMaxEvidenceRecords) {
    return InputError(ValidationStep::kSize, context, "more than " + std::to_string(kMaxEvidenceRecords) + " records");
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

}  // namespace fledger::assess
