// The Pipfile.lock extractor: the "default" and "develop" sections of pipenv's JSON lockfile,
// with "==x" versions, hashes, git refs and each entry's line span; a path entry at "." is the
// project itself (Package::project).
#include <map>

#include "core/input.h"
#include "sca/common.h"
#include "sca/python/pep508.h"
#include "sca/python/python.h"

namespace fledger::sca::python {

namespace {

// The byte range of the JSON value starting at or after `from` ('{' to its matching '}'),
// skipping strings; {npos, npos} when there is none.
std::pair<size_t, size_t> ObjectSpan(std::string_view text, size_t from) {
  const size_t open = text.find('{', from);
  if (open == std::string_view::npos) return {open, open};
  int depth = 0;
  bool in_string = false;
  for (size_t i = open; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{') {
      ++depth;
    } else if (c == '}' && --depth == 0) {
      return {open, i};
    }
  }
  return {open, std::string_view::npos};
}

// The offset of the object key `"key"` followed by ':' at or after `from`, npos if none.
size_t FindKey(std::string_view text, const std::string& key, size_t from, size_t to) {
  // The key as written: names with quotes or backslashes are escaped in the file, are not
  // found, and get no line (line 0), which is harmless.
  const std::string quoted = "\"" + key + "\"";
  size_t at = from;
  while ((at = text.find(quoted, at)) != std::string_view::npos && at < to) {
    size_t j = at + quoted.size();
    while (j < text.size() &&
           (text[j] == ' ' || text[j] == '\t' || text[j] == '\r' || text[j] == '\n')) {
      ++j;
    }
    if (j < text.size() && text[j] == ':') return at;
    at += quoted.size();
  }
  return std::string_view::npos;
}

class PipfileLockExtractor : public Extractor {
 public:
  std::string_view Name() const override { return "python/pipfilelock"; }
  int Version() const override { return 2; }
  std::string_view Ecosystem() const override { return "PyPI"; }
  bool FileRequired(const RepoPath& path) const override {
    return path.filename() == "Pipfile.lock";
  }

  Result<Inventory> Extract(const ExtractInput& input) const override {
    const std::string context = input.path.str();
    if (input.content.find_first_not_of(" \t\r\n") == std::string_view::npos) {
      return Inventory{};  // an empty file locks nothing
    }
    FLEDGER_TRY(auto doc, ParseManifestJson(input.content, context));
    if (!doc.is_object()) {
      return InputError(ValidationStep::kSemantics, context,
                        "a Pipfile.lock is a JSON object, not " + DescribeJsonValue(doc));
    }
    Inventory inv;
    const LineIndex lines(input.content);
    std::map<std::string, size_t> by_id;
    for (const char* section : {"default", "develop"}) {
      const auto it = doc.find(section);
      if (it == doc.end() || it->is_null()) continue;
      if (!it->is_object()) {
        return InputError(
            ValidationStep::kSemantics, context,
            std::string("'") + section + "' must be an object, not " + DescribeJsonValue(*it));
      }
      const bool dev = std::string_view(section) == "develop";
      const size_t section_at = FindKey(input.content, section, 0, input.content.size());
      const auto section_span = ObjectSpan(input.content, section_at);
      for (const auto& [name, entry] : it->items()) {
        if (!entry.is_object()) continue;
        const auto v = entry.find("version");
        if (v == entry.end() || !v->is_string()) {
          // Git and path entries have no version. A path at the lockfile's own directory
          // (`-e .` in the Pipfile) is the project itself (Pipfile.lock records no edges).
          const auto path = entry.find("path");
          if (path != entry.end() && path->is_string() && (*path == "." || *path == "./")) {
            Package project = MakePackage(PyPI(), name, "");
            project.project = true;
            if (by_id.emplace(project.id, inv.packages.size()).second) {
              FLEDGER_RETURN_IF_ERROR(AddPackage(inv, std::move(project), context));
            }
          }
          continue;
        }
        Package p = PackageFromSpecifier(name, v->get<std::string>());
        if (const size_t at = FindKey(input.content, name, section_span.first, section_span.second);
            at != std::string_view::npos && section_at != std::string_view::npos) {
          p.line = lines.LineOf(at);
          p.end_line = lines.LineOf(ObjectSpan(input.content, at).second);
        }
        if (const auto h = entry.find("hashes"); h != entry.end() && h->is_array()) {
          for (const auto& x : *h) {
            if (!x.is_string()) continue;
            if (auto hash = ParseHash(x.get<std::string>())) p.hashes.push_back(std::move(*hash));
          }
        }
        if (const auto g = entry.find("git"); g != entry.end() && g->is_string()) {
          p.source_url = g->get<std::string>();
          if (const auto r = entry.find("ref"); r != entry.end() && r->is_string()) {
            p.commit = r->get<std::string>();
          }
        }
        if (dev) {
          p.dev = true;
          p.groups.push_back("dev");
        }
        // The same pin in both sections is one package, and production wins over dev.
        if (const auto seen = by_id.find(p.id); seen != by_id.end()) {
          Package& first = inv.packages[seen->second];
          if (!dev) std::swap(first, p);
          first.dev = first.dev && dev;
          if (!first.dev) first.groups.clear();
          continue;
        }
        by_id[p.id] = inv.packages.size();
        FLEDGER_RETURN_IF_ERROR(AddPackage(inv, std::move(p), context));
      }
    }
    return inv;
  }
};

}  // namespace

std::unique_ptr<Extractor> NewPipfileLockExtractor() {
  return std::make_unique<PipfileLockExtractor>();
}

}  // namespace fledger::sca::python
