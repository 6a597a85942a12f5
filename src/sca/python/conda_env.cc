// The conda environment.yml extractor: the `pip:` entries of `dependencies` are PyPI packages;
// conda packages themselves have no OSV ecosystem and are not reported.
#include <re2/re2.h>

#include "sca/common.h"
#include "sca/python/pep508.h"
#include "sca/python/python.h"

namespace fledger::sca::python {

namespace {

int LineOf(const YAML::Node& n) { return n.Mark().line >= 0 ? n.Mark().line + 1 : 0; }

// What a YAML node is when it is not the string a dependency must be: "a number", "a map", ...
// Empty for strings. Plain scalars that YAML reads as numbers, booleans or null are not strings.
std::string NonStringKind(const YAML::Node& n) {
  if (n.IsMap()) return "a map";
  if (n.IsSequence()) return "a list";
  if (n.IsNull()) return "null";
  if (!n.IsScalar()) return "an unknown node";
  if (n.Tag() == "?") {
    static const RE2 kNumber(
        R"([-+]?(\.inf|\.Inf|\.nan|[0-9][0-9_]*(\.[0-9_]*)?([eE][-+]?[0-9]+)?|0x[0-9a-fA-F]+|0o[0-7]+))");
    static const RE2 kBool(R"(true|True|TRUE|false|False|FALSE)");
    if (RE2::FullMatch(n.Scalar(), kNumber)) return "a number";
    if (RE2::FullMatch(n.Scalar(), kBool)) return "a boolean";
  }
  return "";
}

Error TypeError(const std::string& context, const YAML::Node& n, const std::string& kind) {
  return InputError(
      ValidationStep::kSemantics, context + ":" + std::to_string(LineOf(n)),
      "unsupported dependency type (" + kind + ") on line " + std::to_string(LineOf(n)));
}

class CondaEnvExtractor : public Extractor {
 public:
  std::string_view Name() const override { return "python/condaenv"; }
  int Version() const override { return 1; }
  std::string_view Ecosystem() const override { return "PyPI"; }
  bool FileRequired(const RepoPath& path) const override {
    const std::string_view base = path.filename();
    return base == "environment.yml" || base == "environment.yaml";
  }

  Result<Inventory> Extract(const ExtractInput& input) const override {
    const std::string context = input.path.str();
    Inventory inv;
    FLEDGER_TRY(const YAML::Node doc, ParseManifestYaml(input.content, context));
    if (!doc || doc.IsNull()) return inv;
    if (!doc.IsMap()) {
      return InputError(ValidationStep::kSemantics, context,
                        "an environment file is a YAML mapping with a 'dependencies' list");
    }
    YamlBudget budget;
    try {
      const YAML::Node deps = doc["dependencies"];
      if (!deps || deps.IsNull()) return inv;
      if (!deps.IsSequence()) return TypeError(context, deps, "not a list");
      for (const auto& d : deps) {
        if (!budget.Visit()) return YamlBudgetError(context);
        if (const std::string kind = NonStringKind(d); kind.empty()) {
          continue;  // a conda package ("numpy=1.26"): no OSV ecosystem to match it against
        } else if (!d.IsMap()) {
          return TypeError(context, d, kind);
        }
        for (const auto& kv : d) {
          if (!budget.Visit()) return YamlBudgetError(context);
          const std::string key = kv.first.IsScalar() ? kv.first.Scalar() : "";
          if (key != "pip") {
            inv.warnings.push_back(context + ":" + std::to_string(LineOf(kv.first)) +
                                   ": unknown dependency section '" + key + "' skipped");
            continue;
          }
          if (!kv.second.IsSequence()) {
            const std::string kind = NonStringKind(kv.second);
            return TypeError(context, kv.second, kind.empty() ? "a string" : kind);
          }
          for (const auto& entry : kv.second) {
            if (!budget.Visit()) return YamlBudgetError(context);
            if (const std::string kind = NonStringKind(entry); !kind.empty()) {
              return TypeError(context, entry, kind);
            }
            FLEDGER_RETURN_IF_ERROR(AddPip(entry, context, inv));
          }
        }
      }
    } catch (const YAML::Exception& e) {
      return InputError(ValidationStep::kSemantics, context, "unexpected YAML structure");
    }
    return inv;
  }

 private:
  static Status AddPip(const YAML::Node& entry, const std::string& context, Inventory& inv) {
    const std::string where = context + ":" + std::to_string(LineOf(entry));
    const std::string& text = entry.Scalar();
    if (!text.empty() && text.front() == '-') return {};  // pip options (-r, --index-url)
    auto r = ParseRequirement(text);
    if (!r.ok()) {
      inv.warnings.push_back(where + ": pip requirement skipped: " + r.error().message);
      return {};
    }
    if (!r.value().url.empty()) {
      inv.warnings.push_back(where + ": direct URL reference for '" + r.value().name + "' skipped");
      return {};
    }
    Package p = PackageFromSpecifier(r.value().name, r.value().specifier);
    p.line = LineOf(entry);
    p.end_line = p.line;
    p.relationship = Relationship::kDirect;  // the environment names what the user installs
    return AddPackage(inv, std::move(p), context);
  }
};

}  // namespace

std::unique_ptr<Extractor> NewCondaEnvExtractor() { return std::make_unique<CondaEnvExtractor>(); }

}  // namespace fledger::sca::python
