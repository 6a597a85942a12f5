// WriteModelYaml: a Model as threatmodel.yaml, keys in the order docs/threatmodel.md lists them,
// defaults left out, quoting by yaml-cpp's emitter.
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
  return "# Threat model (docs/threatmodel.md). Drafted by `fledger model init`; edit it freely:\n"
         "# a re-run proposes changes instead of overwriting this file.\n" +
         std::string(e.c_str()) + "\n";
}

}  // namespace fledger::model
