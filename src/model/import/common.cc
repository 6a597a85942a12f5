// What every importer shares (import_internal.h), the format names and detection, the include
// readers, and the dispatch of ImportModel.
#include <algorithm>
#include <cctype>
#include <unordered_map>

#include "core/input.h"
#include "core/text.h"
#include "core/yaml_input.h"
#include "model/draft.h"
#include "model/import/import_internal.h"
#include "model/load.h"

namespace fledger::model {

using import_internal::Note;

std::string_view ImportFormatName(ImportFormat format) {
  switch (format) {
    case ImportFormat::kThreagile: return "threagile";
    case ImportFormat::kOtm: return "otm";
    case ImportFormat::kThreatDragon: return "threat-dragon";
    case ImportFormat::kPytm: return "pytm";
  }
  return "threagile";
}

Result<ImportFormat> ParseImportFormat(std::string_view name) {
  for (const ImportFormat f : {ImportFormat::kThreagile, ImportFormat::kOtm,
                               ImportFormat::kThreatDragon, ImportFormat::kPytm}) {
    if (name == ImportFormatName(f)) return f;
  }
  return InputError(ValidationStep::kSemantics, "--from",
                    "expected threagile, otm, threat-dragon or pytm, not '" +
                        EscapeTerminal(Truncate(name, 40)) + "'");
}

Result<ImportFormat> DetectImportFormat(std::string_view text, const std::string& context) {
  const size_t first = text.find_first_not_of(" \t\r\n");
  const Error unknown = InputError(
      ValidationStep::kSemantics, context,
      "not a Threagile, OTM, Threat Dragon or pytm model (name the format with --from)");
  if (first != std::string_view::npos && text[first] == '{') {
    FLEDGER_TRY(const nlohmann::json doc, ParseJsonText(text, context));
    if (!doc.is_object()) return unknown;
    if (doc.contains("otmVersion")) return ImportFormat::kOtm;
    const nlohmann::json* detail = import_internal::Object(doc, "detail");
    if (detail != nullptr && import_internal::Array(*detail, "diagrams") != nullptr) {
      return ImportFormat::kThreatDragon;
    }
    if (doc.contains("elements") || doc.contains("flows") || doc.contains("boundaries")) {
      return ImportFormat::kPytm;
    }
    return unknown;
  }
  FLEDGER_TRY(const YAML::Node doc, ParseYamlText(text, context));
  if (!doc.IsMap()) return unknown;
  if (doc["otmVersion"]) return ImportFormat::kOtm;
  if (doc["threagile_version"] || doc["technical_assets"] || doc["includes"]) {
    return ImportFormat::kThreagile;
  }
  return unknown;
}

Result<std::string> DiskIncludeReader::Read(const std::string& path, const std::string& context) {
  namespace stdfs = std::filesystem;
  std::error_code ec;
  const stdfs::path root = stdfs::weakly_canonical(folder_, ec);
  const stdfs::path file = folder_ / path;
  if (!stdfs::exists(stdfs::symlink_status(file, ec))) {
    return InputError(ValidationStep::kOrigin, context,
                      "included file '" + EscapeTerminal(path) + "' does not exist");
  }
  const stdfs::path real = stdfs::weakly_canonical(file, ec);
  const stdfs::path inside = real.lexically_relative(root);
  if (ec || inside.empty() || *inside.begin() == "..") {
    return InputError(ValidationStep::kOrigin, context,
                      "included file '" + EscapeTerminal(path) +
                          "' leads out of the model's folder (through a symlink)");
  }
  auto text = ReadTextFile(real, ReadLimits{.max_bytes = kMaxModelBytes});
  if (!text.ok()) {
    return InputError(text.error().step, context,
                      "included file '" + EscapeTerminal(path) + "': " + text.error().message);
  }
  return std::move(text).value();
}

Result<std::string> MapIncludeReader::Read(const std::string& path, const std::string& context) {
  const auto it = files_.find(path);
  if (it == files_.end()) {
    return InputError(ValidationStep::kOrigin, context,
                      "included file '" + EscapeTerminal(path) + "' does not exist");
  }
  return it->second;
}

Result<ImportResult> ImportModel(ImportFormat format, std::string_view text,
                                 const std::string& context, IncludeReader& includes) {
  switch (format) {
    case ImportFormat::kThreagile: return ImportThreagile(text, context, includes);
    case ImportFormat::kOtm: return ImportOtm(text, context);
    case ImportFormat::kThreatDragon: return ImportThreatDragon(text, context);
    case ImportFormat::kPytm: return ImportPytm(text, context);
  }
  return Error{ErrorCode::kInternal, "unknown import format", context};
}

std::string WriteImportedModelYaml(const Model& m, ImportFormat from) {
  return WriteModelYaml(
      m, "# Threat model (docs/threatmodel.md), imported from " + std::string(ImportFormatName(from)) +
             " by `fledger model import`.\n# Review it, then run 'fledger model check'.\n");
}

namespace import_internal {

std::string Slug(std::string_view text) {
  std::string out;
  bool dash = false;
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) && c < 0x80) {
      if (dash && !out.empty()) out += '-';
      dash = false;
      out += static_cast<char>(std::tolower(c));
      if (out.size() >= 56) break;
    } else {
      dash = true;
    }
  }
  return out;
}

ElementId IdMaker::Make(std::string_view source, std::string_view prefix) {
  std::string base = Slug(source);
  if (base.empty() || !std::isalpha(static_cast<unsigned char>(base[0]))) {
    base = std::string(prefix) + (base.empty() ? "" : "-" + base);
    if (base.size() > 56) base.resize(56);
  }
  while (!base.empty() && base.back() == '-') base.pop_back();
  std::string id = base;
  if (!used_.insert(id).second) {
    // The next suffix to try for this base: each suffix is tried at most once per base, so n
    // repeats of one name cost O(n log n), not O(n^2).
    int& n = next_suffix_.try_emplace(base, 2).first->second;
    do {
      id = base + "-" + std::to_string(n++);
    } while (!used_.insert(id).second);
  }
  // A slug is letters, digits and '-', starts with a letter, and is at most 56 + 7 characters.
  return ElementId::Parse(id).value();
}

bool LooksLikeUuid(std::string_view text) {
  if (text.size() != 36) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? text[i] != '-' : !std::isxdigit(static_cast<unsigned char>(text[i]))) return false;
  }
  return true;
}

std::string PlainText(std::string_view text, size_t max) {
  std::string out;
  bool space = false;
  for (size_t i = 0; i < text.size() && out.size() < max + 8; ++i) {
    const char c = text[i];
    if (c == '<') {
      const size_t end = text.find('>', i);
      // A tag is "<" then a letter or '/', up to its '>': a lone '<' (a < b) is text.
      if (end != std::string_view::npos && i + 1 < text.size() &&
          (std::isalpha(static_cast<unsigned char>(text[i + 1])) || text[i + 1] == '/')) {
        i = end;
        continue;
      }
    }
    std::string piece(1, c);
    if (c == '&') {
      for (const auto& [entity, value] : {std::pair<std::string_view, char>{"&lt;", '<'},
                                          {"&gt;", '>'}, {"&amp;", '&'}, {"&quot;", '"'}}) {
        if (text.substr(i, entity.size()) == entity) {
          piece = std::string(1, value);
          i += entity.size() - 1;
          break;
        }
      }
    }
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += piece;
  }
  return Truncate(out, max);
}

std::string StrideCategory(std::string_view text) {
  std::string t = ToLower(text);
  std::string letters;
  for (const char c : t) {
    if (std::isalpha(static_cast<unsigned char>(c))) letters += c;
  }
  if (letters == "spoofing" || letters == "s") return "spoofing";
  if (letters == "tampering" || letters == "t") return "tampering";
  if (letters == "repudiation" || letters == "r" || letters == "nonrepudiation") {
    return "repudiation";
  }
  if (letters == "informationdisclosure" || letters == "i" || letters == "disclosure" ||
      letters == "disclosureofinformation" || letters == "confidentiality") {
    return "information-disclosure";
  }
  if (letters == "denialofservice" || letters == "dos" || letters == "d" ||
      letters == "availability") {
    return "denial-of-service";
  }
  if (letters == "elevationofprivilege" || letters == "e" || letters == "eop") {
    return "elevation-of-privilege";
  }
  if (letters == "integrity") return "tampering";
  return "";
}

std::string CweId(std::string_view text) {
  std::string digits;
  for (const char c : text) {
    if (std::isdigit(static_cast<unsigned char>(c))) {
      digits += c;
    } else if (!digits.empty()) {
      break;
    }
  }
  if (digits.empty() || digits.size() > 9) return "";
  return "CWE-" + digits;
}

namespace {

template <typename T>
void ById(std::vector<T>& v) {
  std::stable_sort(v.begin(), v.end(), [](const T& a, const T& b) { return a.id < b.id; });
}

void SortIds(std::vector<ElementId>& ids) {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
}

void SortStrings(std::vector<std::string>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

}  // namespace

void SortModel(Model& m) {
  ById(m.actors);
  ById(m.components);
  ById(m.data);
  ById(m.flows);
  ById(m.boundaries);
  ById(m.use_cases);
  ById(m.assumptions);
  ById(m.misuse_cases);
  ById(m.threats);
  ById(m.controls);
  ById(m.questions);
  for (auto& c : m.components) SortIds(c.data);
  for (auto& f : m.flows) SortIds(f.data);
  for (auto& a : m.assumptions) SortIds(a.elements);
  for (auto& t : m.threats) {
    SortIds(t.elements);
    SortStrings(t.cwe);
  }
  for (auto& c : m.controls) {
    SortIds(c.elements);
    SortStrings(c.mitigates);
  }
}

std::vector<ElementId> DropParentCycles(std::vector<Boundary>& boundaries) {
  const size_t n = boundaries.size();
  std::unordered_map<std::string, size_t> index;
  for (size_t i = 0; i < n; ++i) index.emplace(boundaries[i].id.str(), i);
  constexpr size_t kNone = static_cast<size_t>(-1);
  std::vector<size_t> parent(n, kNone);
  for (size_t i = 0; i < n; ++i) {
    if (!boundaries[i].parent) continue;
    if (const auto it = index.find(boundaries[i].parent->str()); it != index.end()) {
      parent[i] = it->second;
    }
  }
  enum : char { kNew, kOnPath, kDone };
  std::vector<char> state(n, kNew);
  std::vector<size_t> dropped;
  std::vector<size_t> path;
  for (size_t start = 0; start < n; ++start) {
    path.clear();
    size_t at = start;
    while (at != kNone && state[at] == kNew) {
      state[at] = kOnPath;
      path.push_back(at);
      at = parent[at];
    }
    if (at != kNone && state[at] == kOnPath) {  // a cycle: `at` and the path after it
      const size_t from = static_cast<size_t>(std::find(path.begin(), path.end(), at) - path.begin());
      const size_t first = *std::min_element(path.begin() + static_cast<std::ptrdiff_t>(from), path.end());
      boundaries[first].parent.reset();
      dropped.push_back(first);
    }
    for (const size_t p : path) state[p] = kDone;
  }
  std::sort(dropped.begin(), dropped.end());
  std::vector<ElementId> out;
  out.reserve(dropped.size());
  for (const size_t i : dropped) out.push_back(boundaries[i].id);
  return out;
}

void Note(std::vector<std::string>& notes, std::string note) {
  if (notes.size() >= 200) return;
  if (std::find(notes.begin(), notes.end(), note) == notes.end()) notes.push_back(std::move(note));
}

const YNode* YNode::Get(std::string_view key) const {
  for (const auto& [k, v] : members) {
    if (k == key) return &v;
  }
  return nullptr;
}

YNode* YNode::Get(std::string_view key) {
  for (auto& [k, v] : members) {
    if (k == key) return &v;
  }
  return nullptr;
}

std::string Str(const nlohmann::json& obj, std::string_view key) {
  if (!obj.is_object()) return "";
  const auto it = obj.find(key);
  if (it == obj.end() || !it->is_string()) return "";
  return it->get<std::string>();
}

bool Bool(const nlohmann::json& obj, std::string_view key) {
  if (!obj.is_object()) return false;
  const auto it = obj.find(key);
  return it != obj.end() && it->is_boolean() && it->get<bool>();
}

const nlohmann::json* Array(const nlohmann::json& obj, std::string_view key) {
  if (!obj.is_object()) return nullptr;
  const auto it = obj.find(key);
  return it != obj.end() && it->is_array() ? &*it : nullptr;
}

const nlohmann::json* Object(const nlohmann::json& obj, std::string_view key) {
  if (!obj.is_object()) return nullptr;
  const auto it = obj.find(key);
  return it != obj.end() && it->is_object() ? &*it : nullptr;
}

Status CheckCount(size_t count, const std::string& context) {
  if (count > kMaxModelElements) {
    return InputError(ValidationStep::kSize, context,
                      "more than " + std::to_string(kMaxModelElements) + " elements");
  }
  return {};
}

}  // namespace import_internal
}  // namespace fledger::model
