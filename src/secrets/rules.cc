// Reading rule files strictly: unknown keys, wrong types and impossible values are errors at
// file:line (semantics step), and every pattern must compile with RE2 and have the capture
// group the engine reads.
#include "secrets/rules.h"

#include <re2/re2.h>

#include <algorithm>
#include <set>

#include "core/input.h"
#include "core/text.h"
#include "core/yaml_input.h"
#include "secrets/embedded_rules.h"

namespace fledger::secrets {
namespace {

constexpr std::string_view kChecksums[] = {"github", "npm"};
constexpr std::string_view kStructures[] = {"pem",  "jwt",          "openssh",
                                            "putty", "pgp",         "url-password",
                                            "connection-string"};

class Reader {
 public:
  Reader(std::string origin, bool check_patterns)
      : origin_(std::move(origin)), check_patterns_(check_patterns) {}

  Error Fail(const YAML::Node& at, const std::string& message) const {
    return InputError(ValidationStep::kSemantics, origin_ + ":" + std::to_string(YamlLine(at)),
                      message);
  }

  Status Keys(const YAML::Node& map, std::initializer_list<std::string_view> allowed,
              std::string_view what) const {
    if (!map.IsMap()) return Fail(map, std::string(what) + " must be a mapping");
    for (const auto& kv : map) {
      const std::string key = kv.first.Scalar();
      if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
        std::string list;
        for (std::string_view a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
        return Fail(kv.first, "unknown key '" + key + "' in " + std::string(what) +
                                  " (allowed: " + list + ")");
      }
    }
    return {};
  }

  Result<std::string> Text(const YAML::Node& map, const char* key, bool required) const {
    const YAML::Node n = map[key];
    if (!n) {
      if (required) return Fail(map, std::string("missing '") + key + "'");
      return std::string();
    }
    if (!n.IsScalar()) return Fail(n, std::string("'") + key + "' must be text");
    if (required && Trim(n.Scalar()).empty()) {
      return Fail(n, std::string("'") + key + "' must not be empty");
    }
    return n.Scalar();
  }

  Result<std::vector<std::string>> List(const YAML::Node& map, const char* key) const {
    std::vector<std::string> out;
    const YAML::Node n = map[key];
    if (!n) return out;
    if (!n.IsSequence()) return Fail(n, std::string("'") + key + "' must be a list");
    for (const auto& item : n) {
      if (!item.IsScalar()) return Fail(item, std::string("items of '") + key + "' must be text");
      out.push_back(item.Scalar());
    }
    return out;
  }

  Result<double> Number(const YAML::Node& n, const char* key, double min, double max) const {
    double v = 0;
    try {
      v = n.as<double>();
    } catch (const YAML::Exception&) {
      return Fail(n, std::string("'") + key + "' must be a number");
    }
    if (!(v >= min && v <= max)) {
      return Fail(n, std::string("'") + key + "' is out of range");
    }
    return v;
  }

  Result<Validators> ReadValidators(const YAML::Node& n) const {
    Validators v;
    if (!n) return v;
    FLEDGER_RETURN_IF_ERROR(Keys(n,
                                 {"entropy", "min_length", "classes", "checksum", "structure",
                                  "not_placeholder"},
                                 "validators"));
    if (n["entropy"]) {
      FLEDGER_TRY(v.entropy, Number(n["entropy"], "entropy", 0, 8));
    }
    if (n["min_length"]) {
      FLEDGER_TRY(const double len, Number(n["min_length"], "min_length", 1, 4096));
      v.min_length = static_cast<int>(len);
    }
    if (n["classes"]) {
      FLEDGER_TRY(const double c, Number(n["classes"], "classes", 1, 4));
      v.classes = static_cast<int>(c);
    }
    FLEDGER_TRY(v.checksum, Text(n, "checksum", false));
    if (!v.checksum.empty() && std::find(std::begin(kChecksums), std::end(kChecksums),
                                         v.checksum) == std::end(kChecksums)) {
      return Fail(n["checksum"], "unknown checksum '" + v.checksum + "' (github, npm)");
    }
    FLEDGER_TRY(v.structure, Text(n, "structure", false));
    if (!v.structure.empty() && std::find(std::begin(kStructures), std::end(kStructures),
                                          v.structure) == std::end(kStructures)) {
      return Fail(n["structure"], "unknown structure '" + v.structure +
                                      "' (pem, jwt, openssh, putty, pgp, url-password, "
                                      "connection-string)");
    }
    if (const YAML::Node p = n["not_placeholder"]) {
      if (!p.IsScalar() || (p.Scalar() != "true" && p.Scalar() != "false")) {
        return Fail(p, "'not_placeholder' must be true or false");
      }
      v.not_placeholder = p.Scalar() == "true";
    }
    return v;
  }

  Result<Rule> ReadRule(const YAML::Node& n, const std::string& provider,
                        const std::string& remediation,
                        const std::vector<std::string>& references) const {
    FLEDGER_RETURN_IF_ERROR(Keys(n,
                                 {"id", "name", "pattern", "keywords", "confidence", "severity",
                                  "multiline", "validators", "references", "remediation",
                                  "examples"},
                                 "a rule"));
    Rule r;
    r.provider = provider;
    r.origin = origin_ + ":" + std::to_string(YamlLine(n));
    FLEDGER_TRY(const std::string id, Text(n, "id", true));
    auto rule_id = RuleId::Parse(id);
    if (!rule_id.ok()) return Fail(n["id"], rule_id.error().message);
    r.id = rule_id.value();
    FLEDGER_TRY(r.name, Text(n, "name", true));
    FLEDGER_TRY(r.pattern, Text(n, "pattern", true));
    FLEDGER_TRY(r.keywords, List(n, "keywords"));
    if (r.keywords.empty()) return Fail(n, "a rule needs at least one keyword");
    for (const auto& k : r.keywords) {
      if (k.size() < 3 || k.size() > 64) {
        return Fail(n["keywords"], "keyword '" + k + "' must be 3 to 64 characters");
      }
    }
    FLEDGER_TRY(const std::string confidence, Text(n, "confidence", true));
    if (confidence == "low") {
      r.confidence = Confidence::kLow;
    } else if (confidence == "medium") {
      r.confidence = Confidence::kMedium;
    } else if (confidence == "high") {
      r.confidence = Confidence::kHigh;
    } else {
      return Fail(n["confidence"], "confidence must be low, medium or high");
    }
    FLEDGER_TRY(const std::string severity, Text(n, "severity", false));
    if (!severity.empty()) {
      auto s = Severity::Parse(severity);
      if (!s.ok() || s.value().level() == Severity::Level::kInfo) {
        return Fail(n["severity"], "severity must be critical, high, medium or low");
      }
      r.severity = s.value();
    }
    if (const YAML::Node m = n["multiline"]) {
      if (!m.IsScalar() || (m.Scalar() != "true" && m.Scalar() != "false")) {
        return Fail(m, "'multiline' must be true or false");
      }
      r.multiline = m.Scalar() == "true";
    }
    FLEDGER_TRY(r.validators, ReadValidators(n["validators"]));
    FLEDGER_TRY(r.references, List(n, "references"));
    r.references.insert(r.references.begin(), references.begin(), references.end());
    FLEDGER_TRY(r.remediation, Text(n, "remediation", false));
    if (r.remediation.empty()) r.remediation = remediation;
    const YAML::Node examples = n["examples"];
    if (!examples) return Fail(n, "a rule needs 'examples' with 'positive' and 'negative' lists");
    FLEDGER_RETURN_IF_ERROR(Keys(examples, {"positive", "negative"}, "examples"));
    FLEDGER_TRY(r.positive, List(examples, "positive"));
    FLEDGER_TRY(r.negative, List(examples, "negative"));
    if (r.positive.empty() || r.negative.empty()) {
      return Fail(examples, "a rule needs at least one positive and one negative example");
    }
    if (r.pattern.size() > 4096) return Fail(n["pattern"], "pattern is longer than 4096 characters");
    if (check_patterns_) FLEDGER_RETURN_IF_ERROR(CheckPattern(n["pattern"], r));
    return r;
  }

  // The pattern compiles with RE2 (Latin-1, as the engine runs it) and names at most one secret.
  Status CheckPattern(const YAML::Node& at, Rule& r) const {
    RE2::Options o;
    o.set_log_errors(false);
    o.set_encoding(RE2::Options::EncodingLatin1);
    auto re = std::make_shared<const RE2>(r.pattern, o);
    if (!re->ok()) return Fail(at, "pattern does not compile with RE2: " + re->error());
    const auto& names = re->NamedCapturingGroups();
    if (names.find("secret") == names.end() && re->NumberOfCapturingGroups() > 1) {
      return Fail(at, "pattern has several groups: name the secret one (?P<secret>...)");
    }
    if (const auto it = names.find("secret"); it != names.end() && it->second > 15) {
      return Fail(at, "the secret group must be one of the first 15 groups");
    }
    r.regex = std::move(re);
    return {};
  }

  Result<std::vector<Rule>> File(std::string_view text) const {
    FLEDGER_RETURN_IF_ERROR(CheckTextInput(text, origin_, kMaxRuleFileBytes, "rule file"));
    FLEDGER_TRY(const YAML::Node doc, ParseYamlText(text, origin_));
    FLEDGER_RETURN_IF_ERROR(
        Keys(doc, {"provider", "remediation", "references", "rules"}, "a rule file"));
    FLEDGER_TRY(const std::string provider, Text(doc, "provider", true));
    FLEDGER_TRY(const std::string remediation, Text(doc, "remediation", true));
    FLEDGER_TRY(const std::vector<std::string> references, List(doc, "references"));
    const YAML::Node list = doc["rules"];
    if (!list || !list.IsSequence() || list.size() == 0) {
      return Fail(doc, "'rules' must be a non-empty list");
    }
    if (list.size() > kMaxRules) return Fail(list, "too many rules in one file");
    std::vector<Rule> rules;
    for (const auto& n : list) {
      FLEDGER_TRY(Rule r, ReadRule(n, provider, remediation, references));
      rules.push_back(std::move(r));
    }
    return rules;
  }

 private:
  std::string origin_;
  bool check_patterns_;
};

Status AddFile(std::string_view text, const std::string& origin, RuleSet& set,
               std::set<std::string>& ids, bool builtin, bool check_patterns) {
  FLEDGER_TRY(std::vector<Rule> rules, ParseRuleFile(text, origin, check_patterns));
  for (Rule& r : rules) {
    r.builtin = builtin;
    if (!ids.insert(r.id.str()).second) {
      return InputError(ValidationStep::kSemantics, r.origin,
                        "rule id '" + r.id.str() + "' is defined twice");
    }
    if (set.rules.size() >= kMaxRules) {
      return InputError(ValidationStep::kSize, origin, "more than 5000 rules in all");
    }
    set.rules.push_back(std::move(r));
  }
  set.files.push_back(origin);
  return {};
}

}  // namespace

Result<std::vector<Rule>> ParseRuleFile(std::string_view text, const std::string& origin,
                                        bool check_patterns) {
  try {
    return Reader(origin, check_patterns).File(text);
  } catch (const YAML::Exception& e) {
    return InputError(ValidationStep::kSyntax, origin, e.what());
  }
}

Result<RuleSet> LoadRuleSet(const std::vector<std::filesystem::path>& extra, bool builtin,
                            bool check_builtin) {
  RuleSet set;
  std::set<std::string> ids;
  if (builtin) {
    for (const EmbeddedFile& f : EmbeddedSecretRuleFiles()) {
      FLEDGER_RETURN_IF_ERROR(
          AddFile(f.content, "rules/secrets/" + std::string(f.name) + ".yaml", set, ids,
                  /*builtin=*/true, check_builtin));
    }
  }
  for (const auto& path : extra) {
    std::error_code ec;
    std::vector<std::filesystem::path> files;
    if (std::filesystem::is_directory(path, ec)) {
      for (const auto& e : std::filesystem::directory_iterator(path, ec)) {
        const auto ext = e.path().extension();
        if ((ext == ".yaml" || ext == ".yml") && e.is_regular_file(ec)) files.push_back(e.path());
      }
      if (ec) return InputError(ValidationStep::kOrigin, path.string(), ec.message());
      std::sort(files.begin(), files.end());
    } else if (std::filesystem::is_regular_file(path, ec)) {
      files.push_back(path);
    } else {
      return InputError(ValidationStep::kOrigin, path.string(),
                        "not a rule file or a directory of rule files");
    }
    for (const auto& f : files) {
      FLEDGER_TRY(const std::string text,
                  ReadTextFile(f, ReadLimits{.max_bytes = kMaxRuleFileBytes}));
      FLEDGER_RETURN_IF_ERROR(AddFile(text, f.string(), set, ids, /*builtin=*/false,
                                      /*check_patterns=*/true));
    }
  }
  return set;
}

}  // namespace fledger::secrets
