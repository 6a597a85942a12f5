// composer.lock: parsed with nlohmann-json; a second, structural pass over the text finds each
// package object's lines, which the JSON library does not keep.
#include <map>
#include <set>

#include "sca/common.h"
#include "sca/php/php.h"

namespace fledger::sca {

namespace {

const Ecosystem& Packagist() {
  static const Ecosystem kPackagist = Ecosystem::Parse("Packagist").value();
  return kPackagist;
}

struct Span {
  size_t open = 0, close = 0, name = std::string_view::npos;
};

// The spans of the objects directly inside the top-level arrays "packages" and "packages-dev",
// in document order. Precondition: `text` is valid JSON (nlohmann accepted it), so the scan only
// tracks strings and nesting.
std::map<std::string, std::vector<Span>> PackageSpans(std::string_view text) {
  std::map<std::string, std::vector<Span>> out;
  std::vector<char> stack;  // '{' or '['
  std::string top_key;      // last key read in the top-level object
  std::string target;       // "packages" / "packages-dev" while inside that array
  size_t target_depth = 0;
  std::string last_string;
  Span* open_span = nullptr;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '"') {
      const size_t start = i;
      std::string s;
      for (++i; i < text.size() && text[i] != '"'; ++i) {
        if (text[i] == '\\')
          ++i;
        else
          s += text[i];
      }
      // A key is a string followed by ':'.
      size_t j = i + 1;
      while (j < text.size() &&
             (text[j] == ' ' || text[j] == '\n' || text[j] == '\r' || text[j] == '\t')) {
        ++j;
      }
      if (j < text.size() && text[j] == ':') {
        if (stack.size() == 1) top_key = s;
        if (open_span != nullptr && stack.size() == target_depth + 1 && s == "name" &&
            open_span->name == std::string_view::npos) {
          open_span->name = start;
        }
      }
      last_string = std::move(s);
    } else if (c == '{' || c == '[') {
      stack.push_back(c);
      if (c == '[' && stack.size() == 2 && (top_key == "packages" || top_key == "packages-dev")) {
        target = top_key;
        target_depth = stack.size();
      } else if (c == '{' && !target.empty() && stack.size() == target_depth + 1) {
        out[target].push_back({.open = i});
        open_span = &out[target].back();
      }
    } else if (c == '}' || c == ']') {
      if (c == '}' && open_span != nullptr && stack.size() == target_depth + 1) {
        open_span->close = i;
        open_span = nullptr;
      }
      if (!target.empty() && stack.size() == target_depth) target.clear();
      if (!stack.empty()) stack.pop_back();
    }
  }
  return out;
}

// Requirements that are platform packages, not Packagist packages.
bool IsPlatformPackage(std::string_view n) {
  return n == "php" || n.starts_with("php-") || n.starts_with("ext-") || n.starts_with("lib-") ||
         n == "composer" || n == "composer-plugin-api" || n == "composer-runtime-api" ||
         n == "hhvm";
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

class ComposerLockExtractor : public Extractor {
 public:
  std::string_view Name() const override { return "php/composerlock"; }
  int Version() const override { return 1; }
  std::string_view Ecosystem() const override { return "Packagist"; }
  bool FileRequired(const RepoPath& path) const override {
    return BaseName(path.str()) == "composer.lock";
  }

  Result<Inventory> Extract(const ExtractInput& input) const override {
    const std::string& context = input.path.str();
    FLEDGER_TRY(nlohmann::json doc, ParseManifestJson(input.content, context));
    if (!doc.is_object()) {
      return InputError(ValidationStep::kSemantics, context,
                        "a composer.lock is a JSON object, got " + std::string(doc.type_name()));
    }
    const auto spans = PackageSpans(input.content);
    const LineIndex lines(input.content);
    Inventory inv;
    std::vector<std::vector<std::string>> requirements;
    for (const char* group : {"packages", "packages-dev"}) {
      const bool dev = std::string_view(group) == "packages-dev";
      if (!doc.contains(group) || doc[group].is_null()) continue;
      if (!doc[group].is_array()) {
        return InputError(ValidationStep::kSemantics, context,
                          std::string("'") + group + "' is not an array");
      }
      const auto span_it = spans.find(group);
      const auto& arr = doc[group];
      if (inv.packages.size() + arr.size() > kMaxPackagesPerFile) {
        return InputError(ValidationStep::kSize, context, "too many packages");
      }
      for (size_t i = 0; i < arr.size(); ++i) {
        const auto& o = arr[i];
        if (!o.is_object() || !o.contains("name") || !o["name"].is_string() ||
            !o.contains("version") || !o["version"].is_string()) {
          inv.warnings.push_back(std::string(group) + "[" + std::to_string(i) +
                                 "]: no name or version; skipped");
          continue;
        }
        Package p =
            MakePackage(Packagist(), o["name"].get<std::string>(), o["version"].get<std::string>());
        if (dev) {
          p.dev = true;
          p.groups.push_back("dev");
        }
        if (span_it != spans.end() && i < span_it->second.size()) {
          const Span& s = span_it->second[i];
          p.line = lines.LineOf(s.name != std::string_view::npos ? s.name : s.open);
          p.end_line = lines.LineOf(s.close);
        }
        if (o.contains("source") && o["source"].is_object()) {
          const auto& src = o["source"];
          if (src.contains("reference") && src["reference"].is_string()) {
            p.commit = src["reference"].get<std::string>();
          }
          if (src.contains("url") && src["url"].is_string()) {
            p.source_url = src["url"].get<std::string>();
          }
        }
        if (o.contains("license")) {
          const auto& lic = o["license"];
          if (lic.is_string()) p.licenses.push_back(lic.get<std::string>());
          if (lic.is_array()) {
            for (const auto& l : lic) {
              if (l.is_string()) p.licenses.push_back(l.get<std::string>());
            }
          }
        }
        std::vector<std::string> req;
        if (o.contains("require") && o["require"].is_object()) {
          for (const auto& [name, constraint] : o["require"].items()) {
            if (!IsPlatformPackage(name)) req.push_back(Lower(name));
          }
        }
        requirements.push_back(std::move(req));
        inv.packages.push_back(std::move(p));
      }
    }
    // Composer package names are case-insensitive.
    std::map<std::string, std::string> id_of;
    for (const auto& p : inv.packages) id_of.emplace(Lower(p.name), p.id);
    for (size_t i = 0; i < inv.packages.size(); ++i) {
      std::set<std::string> ids;
      for (const auto& r : requirements[i]) {
        const auto it = id_of.find(r);
        if (it != id_of.end()) ids.insert(it->second);
      }
      inv.packages[i].depends_on.assign(ids.begin(), ids.end());
    }
    return inv;
  }
};

}  // namespace

std::unique_ptr<Extractor> NewComposerLockExtractor() {
  return std::make_unique<ComposerLockExtractor>();
}

}  // namespace fledger::sca
