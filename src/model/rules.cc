// The rule library: parsing family files (strictly: unknown keys, facts and values are errors at
// file:line, so that a typo cannot silently turn a rule off) and applying rules to a model.
#include "model/rules.h"

#include <algorithm>
#include <regex>
#include <set>
#include <stdexcept>

#include "core/text.h"
#include "core/yaml_input.h"
#include "model/embedded_rules.h"
#include "model/rule_facts.h"
#include "model/scoring.h"

namespace fledger::model {
namespace {

constexpr std::string_view kCategories[] = {"spoofing",
                                            "tampering",
                                            "repudiation",
                                            "information-disclosure",
                                            "denial-of-service",
                                            "elevation-of-privilege"};
constexpr std::string_view kLikelihoods[] = {"low", "medium", "high"};
constexpr std::string_view kImpacts[] = {"low", "medium", "high", "critical"};

// The facts of docs/model.md ("Rules"), by what they describe.
const std::vector<std::string> kComponentFacts = {
    "kind",           "technology",       "tags",           "exposure",
    "authentication", "has_permissions",  "permissions",    "audit_log",
    "in_boundary",    "boundary_kinds",   "isolated",       "peer_tags",
    "peer_exposure",  "has_paths",        "has_incoming",   "has_outgoing",
    "callers",        "caller_tags",      "callees",        "callee_tags",
    "untrusted_callers", "has_data",      "data.classification", "data.confidentiality",
    "data.integrity", "data.availability", "data.quantity", "data.pii",
    "data.credentials"};
const std::vector<std::string> kActorFacts = {"kind", "actor_kind", "trusted"};
const std::vector<std::string> kFlowFacts = {
    "protocol",         "encrypted",           "authentication",  "authorization",
    "crosses_boundary", "has_data",            "data.classification", "data.confidentiality",
    "data.integrity",   "data.availability",   "data.quantity",   "data.pii",
    "data.credentials"};
const std::vector<std::string> kDataFacts = {
    "classification", "confidentiality", "integrity", "availability",      "quantity",
    "pii",            "credentials",     "used",      "carried_unencrypted", "stored_in_tags",
    "stored_in_kinds"};
const std::vector<std::string> kSystemFacts = {"tags", "actor_kinds", "has_boundaries"};

// The values a fact can have, where they are a closed set (docs/model.md, "Rules"); empty for
// free text (technology, protocol, permissions words). Tags are the technologies file's.
std::vector<std::string> AllowedValues(std::string_view fact, const RuleLibrary& lib) {
  if (fact.rfind("source.", 0) == 0 || fact.rfind("target.", 0) == 0 ||
      fact.rfind("system.", 0) == 0) {
    fact.remove_prefix(7);
  }
  static const std::vector<std::string> kBool = {"true", "false"};
  static const std::map<std::string, std::vector<std::string>, std::less<>> kSets = {
      {"kind", {"process", "data-store", "external-service", "actor"}},
      {"exposure", {"internet", "internal", "private"}},
      {"peer_exposure", {"internet", "internal", "private"}},
      {"authentication", {"none", "password", "session", "token", "api-key", "mtls", "sso", "unknown"}},
      {"audit_log", {"true", "false", "unknown"}},
      {"callers", {"user", "admin", "service", "attacker", "process", "data-store", "external-service"}},
      {"callees", {"user", "admin", "service", "attacker", "process", "data-store", "external-service"}},
      {"actor_kind", {"user", "admin", "service", "attacker"}},
      {"actor_kinds", {"user", "admin", "service", "attacker"}},
      {"boundary_kinds", {"network", "container", "host", "cloud-account", "process"}},
      {"stored_in_kinds", {"process", "data-store", "external-service"}},
      {"classification", {"public", "internal", "confidential", "restricted", "secret"}},
      {"data.classification", {"public", "internal", "confidential", "restricted", "secret"}},
      {"quantity", {"very-few", "few", "many", "very-many"}},
      {"data.quantity", {"very-few", "few", "many", "very-many"}},
  };
  for (const char* level : {"confidentiality", "integrity", "availability"}) {
    if (fact == level || fact == std::string("data.") + level) {
      return {"low", "medium", "high", "critical"};
    }
  }
  if (const auto it = kSets.find(fact); it != kSets.end()) return it->second;
  static constexpr std::string_view kBools[] = {
      "has_permissions", "in_boundary", "isolated", "has_paths", "has_incoming", "has_outgoing",
      "untrusted_callers", "has_data", "data.pii", "data.credentials", "encrypted",
      "authorization", "crosses_boundary", "pii", "credentials", "used", "carried_unencrypted",
      "trusted", "has_boundaries"};
  if (std::find(std::begin(kBools), std::end(kBools), fact) != std::end(kBools)) return kBool;
  if (fact == "tags" || fact == "peer_tags" || fact == "caller_tags" || fact == "callee_tags" ||
      fact == "stored_in_tags") {
    std::set<std::string> tags;
    for (const auto& [name, ts] : lib.technologies) tags.insert(ts.begin(), ts.end());
    return {tags.begin(), tags.end()};  // empty (not checked) before a technologies file
  }
  return {};
}

class Reader {
 public:
  Reader(const std::string& context, RuleLibrary& lib) : context_(context), lib_(lib) {}

  Error Fail(const YAML::Node& at, const std::string& message) const {
    return InputError(ValidationStep::kSemantics, context_ + ":" + std::to_string(YamlLine(at)),
                      message);
  }

  Status Keys(const YAML::Node& map, std::initializer_list<std::string_view> allowed,
              const char* what) const {
    if (!map.IsMap()) return Fail(map, std::string(what) + " must be a mapping");
    for (auto it = map.begin(); it != map.end(); ++it) {
      const std::string key = it->first.IsScalar() ? it->first.Scalar() : "";
      if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
        return Fail(it->first, std::string(what) + ": unknown key '" +
                                   EscapeTerminal(Truncate(key, 60)) + "'");
      }
    }
    return {};
  }

  Result<std::string> Text(const YAML::Node& map, const char* key, bool required) const {
    const YAML::Node v = map[key];
    if (!v || v.IsNull()) {
      if (required) return Fail(map, std::string("'") + key + "' is required");
      return std::string();
    }
    if (!v.IsScalar()) return Fail(v, std::string("'") + key + "' must be text");
    return v.Scalar();
  }

  template <size_t N>
  Result<std::string> OneOf(const YAML::Node& map, const char* key,
                            const std::string_view (&allowed)[N], std::string fallback) const {
    FLEDGER_TRY(std::string s, Text(map, key, false));
    if (s.empty()) return fallback;
    if (std::find(std::begin(allowed), std::end(allowed), s) != std::end(allowed)) return s;
    std::string list;
    for (const auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
    return Fail(map[key], std::string("'") + key + "' must be one of " + list + ", not '" +
                              EscapeTerminal(Truncate(s, 40)) + "'");
  }

  // A fact name valid for `applies_to`.
  Status CheckFact(const YAML::Node& at, const std::string& fact,
                   const std::string& applies_to) const {
    std::string_view name = fact;
    const std::vector<std::string>* names = &FactNames(applies_to);
    if (name.rfind("system.", 0) == 0) {
      names = &kSystemFacts;
      name.remove_prefix(7);
    } else if (applies_to == "flow" &&
               (name.rfind("source.", 0) == 0 || name.rfind("target.", 0) == 0)) {
      name.remove_prefix(7);
      if (std::find(kActorFacts.begin(), kActorFacts.end(), name) != kActorFacts.end()) {
        return {};
      }
      names = &kComponentFacts;
    }
    if (std::find(names->begin(), names->end(), name) != names->end()) return {};
    return Fail(at, "unknown fact '" + EscapeTerminal(Truncate(fact, 60)) + "' for a rule on a " +
                        applies_to + " (docs/model.md lists the facts)");
  }

  // {fact: value | [values] | {not: ...} | {at_least: level}}
  Result<Conjunction> Conditions(const YAML::Node& map, const std::string& applies_to) const {
    if (!map.IsMap()) return Fail(map, "a condition must be a mapping of facts to values");
    Conjunction out;
    for (auto it = map.begin(); it != map.end(); ++it) {
      if (!it->first.IsScalar()) return Fail(it->first, "a fact name must be text");
      FactTest t;
      t.fact = it->first.Scalar();
      FLEDGER_RETURN_IF_ERROR(CheckFact(it->first, t.fact, applies_to));
      YAML::Node v = it->second;
      if (v.IsMap()) {
        if (v.size() != 1) return Fail(v, "use one of 'not' or 'at_least'");
        const std::string op = v.begin()->first.Scalar();
        if (op == "not") {
          t.op = FactTest::Op::kNoneOf;
        } else if (op == "at_least") {
          t.op = FactTest::Op::kAtLeast;
        } else {
          return Fail(v, "unknown operator '" + EscapeTerminal(Truncate(op, 30)) +
                             "' (use 'not' or 'at_least')");
        }
        v = v.begin()->second;
      }
      if (v.IsScalar()) {
        t.values.push_back(v.Scalar());
      } else if (v.IsSequence()) {
        for (const auto& e : v) {
          if (!e.IsScalar()) return Fail(e, "a fact value must be text");
          t.values.push_back(e.Scalar());
        }
      } else {
        return Fail(it->first, "'" + t.fact + "' needs a value or a list of values");
      }
      if (t.values.empty()) return Fail(it->first, "'" + t.fact + "' needs at least one value");
      if (t.op != FactTest::Op::kAtLeast) {
        const std::vector<std::string> allowed = AllowedValues(t.fact, lib_);
        for (const std::string& v : t.values) {
          if (allowed.empty() || std::find(allowed.begin(), allowed.end(), v) != allowed.end()) {
            continue;
          }
          std::string list;
          for (size_t i = 0; i < allowed.size() && i < 12; ++i) list += (i ? ", " : "") + allowed[i];
          if (allowed.size() > 12) list += ", ...";
          return Fail(it->first, "'" + t.fact + "' has no value '" +
                                     EscapeTerminal(Truncate(v, 40)) + "' (one of " + list + ")");
        }
      }
      if (t.op == FactTest::Op::kAtLeast &&
          (t.values.size() != 1 || ScaleRank(t.values[0], t.values[0]) < 0)) {
        return Fail(it->first, "'at_least' takes one level, classification or quantity");
      }
      out.push_back(std::move(t));
    }
    return out;
  }

  // A condition map, or a list of them (any of which may hold).
  Result<std::vector<Conjunction>> Alternatives(const YAML::Node& n,
                                                const std::string& applies_to) const {
    std::vector<Conjunction> out;
    if (!n || n.IsNull()) return out;
    if (n.IsSequence()) {
      for (const auto& e : n) {
        FLEDGER_TRY(Conjunction c, Conditions(e, applies_to));
        out.push_back(std::move(c));
      }
      return out;
    }
    FLEDGER_TRY(Conjunction c, Conditions(n, applies_to));
    out.push_back(std::move(c));
    return out;
  }

  Status Example(const YAML::Node& n, Rule& rule) const {
    FLEDGER_RETURN_IF_ERROR(Keys(n, {"fires_on", "model"}, "an example"));
    RuleExample e;
    e.line = YamlLine(n);
    FLEDGER_TRY(e.fires_on, Text(n, "fires_on", false));
    FLEDGER_TRY(e.model, Text(n, "model", true));
    rule.examples.push_back(std::move(e));
    return {};
  }

  Status OneRule(const YAML::Node& n, const std::string& family) const {
    FLEDGER_RETURN_IF_ERROR(Keys(n,
                                 {"id", "title", "category", "cwe", "capec", "applies_to", "when",
                                  "unless", "likelihood", "impact_of", "impact_at_least",
                                  "description", "mitigation", "examples"},
                                 "a rule"));
    Rule r;
    r.family = family;
    r.file = context_;
    r.line = YamlLine(n);
    FLEDGER_TRY(r.id, Text(n, "id", true));
    if (!ElementId::Parse(r.id).ok() || r.id.find('@') != std::string::npos) {
      return Fail(n["id"], "rule id '" + EscapeTerminal(Truncate(r.id, 60)) +
                               "' must be lower-case letters, digits and '-'");
    }
    FLEDGER_TRY(r.title, Text(n, "title", true));
    FLEDGER_TRY(r.category, OneOf(n, "category", kCategories, ""));
    if (r.category.empty()) return Fail(n, "'category' is required");
    FLEDGER_TRY(r.cwe, Text(n, "cwe", true));
    FLEDGER_TRY(r.capec, Text(n, "capec", false));
    static const std::regex kCwe("CWE-[0-9]{1,5}"), kCapec("CAPEC-[0-9]{1,5}");
    if (!std::regex_match(r.cwe, kCwe)) return Fail(n["cwe"], "'cwe' must look like CWE-79");
    if (!r.capec.empty() && !std::regex_match(r.capec, kCapec)) {
      return Fail(n["capec"], "'capec' must look like CAPEC-66");
    }
    static constexpr std::string_view kAppliesTo[] = {"component", "flow", "data"};
    FLEDGER_TRY(r.applies_to, OneOf(n, "applies_to", kAppliesTo, ""));
    if (r.applies_to.empty()) return Fail(n, "'applies_to' is required");
    FLEDGER_TRY(r.when, Alternatives(n["when"], r.applies_to));
    FLEDGER_TRY(r.unless, Alternatives(n["unless"], r.applies_to));
    if (const YAML::Node l = n["likelihood"]; l && l.IsMap()) {
      // {default: low, high: {conditions}, medium: {conditions}}: the first level (high, then
      // medium, then low) whose conditions hold.
      FLEDGER_RETURN_IF_ERROR(Keys(l, {"default", "high", "medium", "low"}, "'likelihood'"));
      FLEDGER_TRY(r.likelihood, OneOf(l, "default", kLikelihoods, ""));
      if (r.likelihood.empty()) return Fail(l, "'likelihood' needs a 'default'");
      for (const char* level : {"high", "medium", "low"}) {
        if (!l[level]) continue;
        FLEDGER_TRY(Conjunction c, Conditions(l[level], r.applies_to));
        r.likelihood_when.emplace_back(level, std::move(c));
      }
    } else {
      FLEDGER_TRY(r.likelihood, OneOf(n, "likelihood", kLikelihoods, "medium"));
    }
    static constexpr std::string_view kImpactOf[] = {"self", "source", "target"};
    FLEDGER_TRY(r.impact_of,
                OneOf(n, "impact_of", kImpactOf, r.applies_to == "flow" ? "target" : "self"));
    if (r.impact_of != "self" && r.applies_to != "flow") {
      return Fail(n["impact_of"], "'impact_of' source or target is for rules on flows");
    }
    FLEDGER_TRY(r.impact_at_least, OneOf(n, "impact_at_least", kImpacts, ""));
    FLEDGER_TRY(r.description, Text(n, "description", true));
    FLEDGER_TRY(r.mitigation, Text(n, "mitigation", true));
    const YAML::Node ex = n["examples"];
    if (!ex || !ex.IsSequence()) return Fail(n, "'examples' must list example models");
    for (const auto& e : ex) FLEDGER_RETURN_IF_ERROR(Example(e, r));
    const bool fires = std::any_of(r.examples.begin(), r.examples.end(),
                                   [](const RuleExample& e) { return !e.fires_on.empty(); });
    const bool quiet = std::any_of(r.examples.begin(), r.examples.end(),
                                   [](const RuleExample& e) { return e.fires_on.empty(); });
    if (!fires || !quiet) {
      return Fail(ex, "a rule needs an example it fires on (fires_on) and one it does not");
    }
    if (lib_.rules.size() >= kMaxRules) return Fail(n, "too many rules");
    for (const Rule& other : lib_.rules) {
      if (other.id == r.id) {
        return Fail(n["id"], "rule id '" + r.id + "' is also at " + other.file + ":" +
                                 std::to_string(other.line));
      }
    }
    lib_.rules.push_back(std::move(r));
    return {};
  }

 private:
  const std::string& context_;
  RuleLibrary& lib_;
};

Result<YAML::Node> ParseBounded(std::string_view text, const std::string& context) {
  if (text.size() > kMaxRuleFileBytes) {
    return InputError(ValidationStep::kSize, context,
                      "larger than " + std::to_string(kMaxRuleFileBytes) + " bytes");
  }
  return ParseYamlText(text, context);
}

bool IsWordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

// `name` occurs in `technology` as a whole word ("postgres" in "bitnami/postgres:15").
bool MentionsWord(std::string_view technology, std::string_view name) {
  for (size_t at = technology.find(name); at != std::string_view::npos;
       at = technology.find(name, at + 1)) {
    const size_t end = at + name.size();
    if ((at == 0 || !IsWordChar(technology[at - 1])) &&
        (end == technology.size() || !IsWordChar(technology[end]))) {
      return true;
    }
  }
  return false;
}

std::string Render(const std::string& title, const Model& m, const ElementId& id) {
  std::map<std::string, std::string> vars = {{"id", id.str()}};
  if (const Component* c = m.FindComponent(id)) {
    vars["name"] = c->name;
    vars["technology"] = c->technology.empty() ? "unknown technology" : c->technology;
    vars["authentication"] = c->authentication;
    vars["exposure"] = c->exposure;
    vars["audit_log"] = c->audit_log ? (*c->audit_log ? "true" : "false") : "unknown";
  } else if (const DataAsset* d = m.FindData(id)) {
    vars["name"] = d->name;
    vars["classification"] = d->classification;
  } else if (const Flow* f = m.FindFlow(id)) {
    vars["name"] = "flow " + f->source.str() + " -> " + f->target.str();
    vars["source"] = f->source.str();
    vars["target"] = f->target.str();
    vars["protocol"] = f->protocol.empty() ? "an unknown protocol" : f->protocol;
    vars["authentication"] = f->authentication;
  }
  std::string out;
  for (size_t i = 0; i < title.size(); ++i) {
    const size_t close = title[i] == '{' ? title.find('}', i) : std::string::npos;
    if (close != std::string::npos) {
      const auto it = vars.find(title.substr(i + 1, close - i - 1));
      if (it != vars.end()) {
        out += it->second;
        i = close;
        continue;
      }
    }
    out += title[i];
  }
  return out;
}

int ImpactRank(std::string_view impact) {
  return static_cast<int>(std::find(std::begin(kImpacts), std::end(kImpacts), impact) -
                          std::begin(kImpacts));
}

}  // namespace

const std::vector<std::string>& FactNames(std::string_view applies_to) {
  if (applies_to == "flow") return kFlowFacts;
  if (applies_to == "data") return kDataFacts;
  return kComponentFacts;
}

Status AddRuleFamily(std::string_view text, const std::string& context, RuleLibrary& lib) {
  FLEDGER_TRY(const YAML::Node doc, ParseBounded(text, context));
  Reader r(context, lib);
  FLEDGER_RETURN_IF_ERROR(r.Keys(doc, {"family", "description", "rules"}, "a rule family"));
  FLEDGER_TRY(const std::string family, r.Text(doc, "family", true));
  const YAML::Node rules = doc["rules"];
  if (!rules || !rules.IsSequence()) return r.Fail(doc, "'rules' must be a list");
  for (const auto& n : rules) FLEDGER_RETURN_IF_ERROR(r.OneRule(n, family));
  std::sort(lib.rules.begin(), lib.rules.end(),
            [](const Rule& a, const Rule& b) { return a.id < b.id; });
  return {};
}

Status AddTechnologies(std::string_view text, const std::string& context, RuleLibrary& lib) {
  FLEDGER_TRY(const YAML::Node doc, ParseBounded(text, context));
  Reader r(context, lib);
  FLEDGER_RETURN_IF_ERROR(r.Keys(doc, {"technologies"}, "a technologies file"));
  const YAML::Node list = doc["technologies"];
  if (!list || !list.IsSequence()) return r.Fail(doc, "'technologies' must be a list");
  for (const auto& n : list) {
    FLEDGER_RETURN_IF_ERROR(r.Keys(n, {"tags", "names"}, "a technology"));
    if (!n["tags"].IsSequence() || !n["names"].IsSequence()) {
      return r.Fail(n, "a technology needs lists 'tags' and 'names'");
    }
    for (const auto& name : n["names"]) {
      if (!name.IsScalar() || name.Scalar().empty()) return r.Fail(name, "a name must be text");
      auto& tags = lib.technologies[ToLower(name.Scalar())];
      for (const auto& tag : n["tags"]) {
        if (!tag.IsScalar()) return r.Fail(tag, "a tag must be text");
        if (std::find(tags.begin(), tags.end(), tag.Scalar()) == tags.end()) {
          tags.push_back(tag.Scalar());
        }
      }
    }
  }
  return {};
}

std::vector<std::string> TechnologyTags(const RuleLibrary& lib, std::string_view technology) {
  const std::string tech = ToLower(technology);
  std::set<std::string> tags;
  if (tech.empty()) return {};
  for (const auto& [name, ts] : lib.technologies) {
    if (MentionsWord(tech, name)) tags.insert(ts.begin(), ts.end());
  }
  return {tags.begin(), tags.end()};
}

const RuleLibrary& BuiltinRules() {
  static const RuleLibrary lib = [] {
    RuleLibrary l;
    // The technologies first: rules' tag values are checked against them.
    std::vector<const EmbeddedFile*> files;
    for (const EmbeddedFile& f : EmbeddedRuleFiles()) files.push_back(&f);
    std::stable_partition(files.begin(), files.end(),
                          [](const EmbeddedFile* f) { return f->name == "technologies"; });
    for (const EmbeddedFile* file : files) {
      const EmbeddedFile& f = *file;
      const std::string name = "src/model/rules/" + std::string(f.name) + ".yaml";
      const Status s = f.name == "technologies" ? AddTechnologies(f.content, name, l)
                                                : AddRuleFamily(f.content, name, l);
      // The files are ours and the test suite parses each: a failure here is a build defect.
      if (!s.ok()) throw std::logic_error("built-in rule library: " + s.error().ToString());
    }
    return l;
  }();
  return lib;
}

std::vector<GeneratedThreat> ApplyRules(const RuleLibrary& lib, const Model& m) {
  const FactIndex facts(lib, m);
  std::vector<GeneratedThreat> out;
  auto apply = [&](const Rule& r, const ElementId& id, const Facts& self, const Facts* source,
                   const Facts* target, std::vector<std::string> elements,
                   const ElementId& valued) {
    auto holds = [&](const Conjunction& c) {
      return Holds(c, self, source, target, facts.System());
    };
    if (!r.when.empty() && std::none_of(r.when.begin(), r.when.end(), holds)) return;
    if (std::any_of(r.unless.begin(), r.unless.end(), holds)) return;
    GeneratedThreat t;
    t.id = r.id + "@" + id.str();
    t.rule = r.id;
    t.family = r.family;
    t.category = r.category;
    t.title = Render(r.title, m, id);
    t.elements = std::move(elements);
    t.likelihood = r.likelihood;
    for (const auto& [level, c] : r.likelihood_when) {
      if (holds(c)) {
        t.likelihood = level;
        break;
      }
    }
    double value = 0;
    if (const DataAsset* d = m.FindData(valued)) {
      value = DataValue(*d, r.category);
    } else if (const Flow* f = m.FindFlow(valued)) {
      for (const ElementId& d : f->data) {
        if (const DataAsset* da = m.FindData(d)) value = std::max(value, DataValue(*da, r.category));
      }
    } else {
      value = ElementValue(m, valued, r.category);
    }
    t.impact = ImpactOf(value);
    if (!r.impact_at_least.empty() && ImpactRank(t.impact) < ImpactRank(r.impact_at_least)) {
      t.impact = r.impact_at_least;
    }
    t.cwe = r.cwe;
    t.capec = r.capec;
    t.mitigation = r.mitigation;
    out.push_back(std::move(t));
  };
  for (const Rule& r : lib.rules) {
    if (r.applies_to == "component") {
      for (const Component& c : m.components) {
        apply(r, c.id, facts.Of(c.id), nullptr, nullptr, {c.id.str()}, c.id);
      }
    } else if (r.applies_to == "flow") {
      for (const Flow& f : m.flows) {
        const ElementId& valued =
            r.impact_of == "source" ? f.source : r.impact_of == "target" ? f.target : f.id;
        apply(r, f.id, facts.Of(f.id), &facts.Of(f.source), &facts.Of(f.target),
              {f.id.str(), f.source.str(), f.target.str()}, valued);
      }
    } else {
      for (const DataAsset& d : m.data) {
        apply(r, d.id, facts.Of(d.id), nullptr, nullptr, {d.id.str()}, d.id);
      }
    }
  }
  std::sort(out.begin(), out.end(),
            [](const GeneratedThreat& a, const GeneratedThreat& b) { return a.id < b.id; });
  return out;
}

}  // namespace fledger::model
