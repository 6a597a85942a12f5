// WriteModelYaml: a Model as threatmodel.yaml, keys in the order docs/threatmodel.md lists them,
// defaults left out, quoting by yaml-cpp's emitter. Every section is written (model init drafts
// only some; model import fills the others).
#include <yaml-cpp/yaml.h>

#include "model/draft.h"

namespace fledger::model {
namespace {

void Text(YAML::Emitter& e, const char* key, const std::string& value, const char* skip = "") {
  if (value.empty() || value == skip) return;
  e << YAML::Key << key << YAML::Value << value;
}

void Flag(YAML::Emitter& e, const char* key, bool value) {
  if (value) e << YAML::Key << key << YAML::Value << true;
}

template <typename T>
void List(YAML::Emitter& e, const char* key, const std::vector<T>& values) {
  if (values.empty()) return;
  e << YAML::Key << key << YAML::Value << YAML::Flow << YAML::BeginSeq;
  for (const auto& v : values) {
    if constexpr (std::is_same_v<T, ElementId>) {
      e << v.str();
    } else {
      e << v;
    }
  }
  e << YAML::EndSeq;
}

void WriteProvenance(YAML::Emitter& e, const model::Provenance& p) {
  Text(e, "provenance", p.source);
  Text(e, "confidence", p.confidence);
}

}  // namespace

std::string WriteModelYaml(const Model& m) {
  return WriteModelYaml(
      m,
      "# Threat model (docs/threatmodel.md). Drafted by `fledger model init`; edit it freely:\n"
      "# a re-run proposes changes instead of overwriting this file.\n");
}

std::string WriteModelYaml(const Model& m, std::string_view header) {
  YAML::Emitter e;
  e.SetIndent(2);
  e << YAML::BeginMap;
  e << YAML::Key << "version" << YAML::Value << 1;
  Text(e, "name", m.name);
  Text(e, "description", m.description);
  if (!m.actors.empty()) {
    e << YAML::Key << "actors" << YAML::Value << YAML::BeginSeq;
    for (const Actor& a : m.actors) {
      e << YAML::BeginMap;
      Text(e, "id", a.id.str());
      Text(e, "name", a.name);
      Text(e, "kind", a.kind, "user");
      Flag(e, "trusted", a.trusted);
      Text(e, "description", a.description);
      WriteProvenance(e, a.provenance);
      e << YAML::EndMap;
    }
    e << YAML::EndSeq;
  }
  if (!m.boundaries.empty()) {
    e << YAML::Key << "boundaries" << YAML::Value << YAML::BeginSeq;
    for (const Boundary& b : m.boundaries) {
      e << YAML::BeginMap;
      Text(e, "id", b.id.str());
      Text(e, "name", b.name);
      Text(e, "kind", b.kind, "network");
      if (b.parent) Text(e, "parent", b.parent->str());
      Text(e, "description", b.description);
      e << YAML::EndMap;
    }
    e << YAML::EndSeq;
  }
  if (!m.components.empty()) {
    e << YAML::Key << "components" << YAML::Value << YAML::BeginSeq;
    for (const Component& c : m.components) {
      e << YAML::BeginMap;
      Text(e, "id", c.id.str());
      Text(e, "name", c.name);
      Text(e, "kind", c.kind, "process");
      Text(e, "technology", c.technology);
      List(e, "paths", c.paths);
      Text(e, "exposure", c.exposure);
      Text(e, "authentication", c.authentication);
      Text(e, "permissions", c.permissions);
      if (c.audit_log) e << YAML::Key << "audit_log" << YAML::Value << *c.audit_log;
      if (c.boundary) Text(e, "boundary", c.boundary->str());
      List(e, "data", c.data);
      Text(e, "description", c.description);
      WriteProvenance(e, c.provenance);
      e << YAML::EndMap;
    }
    e << YAML::EndSeq;
  }
  if (!m.data.empty()) {
    e << YAML::Key << "data" << YAML::Value << YAML::BeginSeq;
    for (const DataAsset& d : m.data) {
      e << YAML::BeginMap;
      Text(e, "id", d.id.str());
      Text(e, "name", d.name);
      Text(e, "classification", d.classification);
      Text(e, "confidentiality", d.confidentiality, "medium");
      Text(e, "integrity", d.integrity, "medium");
      Text(e, "availability", d.availability, "medium");
      Text(e, "quantity", d.quantity, "few");
      Flag(e, "pii", d.pii);
      Flag(e, "credentials", d.credentials);
      Text(e, "description", d.description);
      e << YAML::EndMap;
    }
    e << YAML::EndSeq;
  }
  if (!m.flows.empty()) {
    e << YAML::Key << "flows" << YAML::Value << YAML::BeginSeq;
    for (const Flow& f : m.flows) {
      e << YAML::BeginMap;
      Text(e, "id", f.id.str());
      Text(e, "source", f.source.str());
      Text(e, "target", f.target.str());
      Text(e, "protocol", f.protocol);
      e << YAML::Key << "encrypted" << YAML::Value << f.encrypted;
      Text(e, "authentication", f.authentication);
      Flag(e, "authorization", f.authorization);
      List(e, "data", f.data);
      Text(e, "description", f.description);
      WriteProvenance(e, f.provenance);
      e << YAML::EndMap;
    }
    e << YAML::EndSeq;
  }
  if (!m.use_cases.empty()) {
    e << YAML::Key << "use_cases" << YAML::Value << YAML::BeginSeq;
    for (const UseCase& u : m.use_cases) {
      e << YAML::BeginMap;
      Text(e, "id", u.id.str());
      Text(e, "name", u.name);
      if (u.actor) Text(e, "actor", u.actor->str());
      List(e, "flows", u.flows);
      Text(e, "description", u.description);
      e << YAML::EndMap;
    }
    e << YAML::EndSeq;
  }
  if (!m.assumptions.empty()) {
    e << YAML::Key << "assumptions" << YAML::Value << YAML::BeginSeq;
    for (const Assumption& a : m.assumptions) {
      e << YAML::BeginMap;
      Text(e, "id", a.id.str());
      Text(e, "statement", a.statement);
      Text(e, "status", a.status, "unverified");
      List(e, "elements", a.elements);
      List(e, "excludes", a.excludes);
      if (a.check) {
        e << YAML::Key << "check" << YAML::Value << YAML::BeginMap;
        List(e, "rules", a.check->rules);
        List(e, "kinds", a.check->kinds);
        List(e, "paths", a.check->paths);
        e << YAML::EndMap;
      }
      e << YAML::EndMap;
    }
    e << YAML::EndSeq;
  }
  if (!m.misuse_cases.empty()) {
    e << YAML::Key << "misuse_cases" << YAML::Value << YAML::BeginSeq;
    for (const MisuseCase& mc : m.misuse_cases) {
      e << YAML::BeginMap;
      Text(e, "id", mc.id.str());
      if (mc.persona) Text(e, "persona", mc.persona->str());
      if (mc.entry) Text(e, "entry", mc.entry->str());
      Text(e, "action", mc.action);
      Text(e, "gain", mc.gain);
      e << YAML::EndMap;
    }
    e << YAML::EndSeq;
  }
  if (!m.threats.empty()) {
    e << YAML::Key << "threats" << YAML::Value << YAML::BeginSeq;
    for (const Threat& t : m.threats) {
      e << YAML::BeginMap;
      Text(e, "id", t.id.str());
      Text(e, "title", t.title);
      Text(e, "category", t.category);
      List(e, "elements", t.elements);
      Text(e, "likelihood", t.likelihood, "medium");
      Text(e, "impact", t.impact, "medium");
      Text(e, "status", t.status, "open");
      List(e, "cwe", t.cwe);
      List(e, "capec", t.capec);
      Text(e, "description", t.description);
      List(e, "covers", t.covers);
      e << YAML::EndMap;
    }
    e << YAML::EndSeq;
  }
  if (!m.controls.empty()) {
    e << YAML::Key << "controls" << YAML::Value << YAML::BeginSeq;
    for (const Control& c : m.controls) {
      e << YAML::BeginMap;
      Text(e, "id", c.id.str());
      Text(e, "name", c.name);
      Text(e, "status", c.status, "planned");
      List(e, "mitigates", c.mitigates);
      List(e, "elements", c.elements);
      List(e, "tests", c.tests);
      Text(e, "description", c.description);
      e << YAML::EndMap;
    }
    e << YAML::EndSeq;
  }
  if (!m.questions.empty()) {
    e << YAML::Key << "questions" << YAML::Value << YAML::BeginSeq;
    for (const Question& q : m.questions) {
      e << YAML::BeginMap;
      Text(e, "id", q.id.str());
      Text(e, "text", q.text);
      Text(e, "answer", q.answer);
      e << YAML::EndMap;
    }
    e << YAML::EndSeq;
  }
  e << YAML::EndMap;
  return std::string(header) + std::string(e.c_str()) + "\n";
}

}  // namespace fledger::model
