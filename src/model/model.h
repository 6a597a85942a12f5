// The threat model as code: the domain types of `threatmodel.yaml` (docs/threatmodel.md is the
// user's reference, schemas/threatmodel.schema.json the machine-readable one).
//
//   FLEDGER_TRY(const model::Model m, model::LoadModel(text, "threatmodel.yaml"));
//   for (const model::Flow& f : m.flows) ... m.Find(f.source) ...
//
// A Model that exists has passed the loader's checks: every id is unique across the whole model
// and every reference names an element of the right kind. Each element keeps the line it was
// written at, so that later checks (model/check.h) report file:line.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/primitives.h"

namespace fledger::model {

// The id an element has before the loader has read its own (so that elements are default
// constructible); a loaded Model never holds it.
inline ElementId UnsetId() { return ElementId::Parse("unset").value(); }

// How an element came to be: written by hand, or inferred by `model init` from a file.
struct Provenance {
  std::string source;      // "docker-compose.yml:12"; empty for hand-written elements
  std::string confidence;  // "high", "medium", "low"; empty for hand-written elements
};

// Who uses or attacks the system.
struct Actor {
  ElementId id = UnsetId();
  int line = 0;
  std::string name;
  std::string kind = "user";  // user | admin | service | attacker
  bool trusted = false;       // inside the organization's trust (an operator, a CI job)
  std::string description;
  Provenance provenance;
};

// A process, data store or external service: a box of the diagram.
struct Component {
  ElementId id = UnsetId();
  int line = 0;
  std::string name;
  std::string kind = "process";  // process | data-store | external-service
  std::string technology;        // "postgres", "nginx", "node", free text
  std::vector<std::string> paths;  // repository paths the component owns (its code, its config)
  std::string exposure = "internal";  // internet | internal | private
  std::string authentication = "unknown";  // none | password | session | token | api-key |
                                           // mtls | sso | unknown
  std::string permissions;  // the permissions model in words ("RBAC: admin, customer"); "" none
  std::optional<bool> audit_log;  // does it log security-relevant actions? unset: unknown
  std::optional<ElementId> boundary;  // the innermost trust boundary it sits in
  std::vector<ElementId> data;        // data assets it stores or processes
  std::string description;
  Provenance provenance;
};

// Information worth protecting.
struct DataAsset {
  ElementId id = UnsetId();
  int line = 0;
  std::string name;
  std::string classification = "internal";  // public | internal | confidential | restricted |
                                            // secret
  std::string confidentiality = "medium";   // low | medium | high | critical
  std::string integrity = "medium";         // low | medium | high | critical
  std::string availability = "medium";      // low | medium | high | critical
  std::string quantity = "few";             // very-few | few | many | very-many
  bool pii = false;
  bool credentials = false;
  std::string description;
};

// Data moving from one element to another.
struct Flow {
  ElementId id = UnsetId();
  int line = 0;
  ElementId source = UnsetId();  // an actor or a component
  ElementId target = UnsetId();  // an actor or a component
  std::string protocol;  // "https", "postgres", free text
  bool encrypted = false;
  std::string authentication = "unknown";  // as Component::authentication
  bool authorization = false;  // the target checks what the caller may do
  std::vector<ElementId> data;
  std::string description;
  Provenance provenance;
};

// A trust boundary: a network zone, a container, a cloud account. Boundaries nest.
struct Boundary {
  ElementId id = UnsetId();
  int line = 0;
  std::string name;
  std::string kind = "network";  // network | container | host | cloud-account | process
  std::optional<ElementId> parent;
  std::string description;
};

// A main use of the system, walked to find misuse.
struct UseCase {
  ElementId id = UnsetId();
  int line = 0;
  std::string name;
  std::optional<ElementId> actor;
  std::vector<ElementId> flows;  // the flows it exercises, in order
  std::string description;
};

// A machine check that can confirm or contradict an assumption: "no finding of these rules (or
// kinds) on these paths".
struct AssumptionCheck {
  std::vector<std::string> rules;  // rule ids or prefixes ("GHSA-", "secret/")
  std::vector<std::string> kinds;  // finding kinds: vulnerability, secret, code, config
  std::vector<std::string> paths;  // repository path prefixes; empty: anywhere
};

// Something the model takes as true; inverting it brings back the threats it excluded.
struct Assumption {
  ElementId id = UnsetId();
  int line = 0;
  std::string statement;
  std::string status = "unverified";  // unverified | confirmed | rejected
  std::vector<ElementId> elements;    // what it is about; empty: the whole system
  std::vector<std::string> excludes;  // STRIDE categories or rule ids it rules out
  std::optional<AssumptionCheck> check;
};

// A way to abuse the system, written by hand (the generated ones come from `model threats`).
struct MisuseCase {
  ElementId id = UnsetId();
  int line = 0;
  std::optional<ElementId> persona;  // an actor
  std::optional<ElementId> entry;    // where the attacker comes in
  std::string action;
  std::string gain;  // what the attacker gains
};

// A threat written by hand (or accepted from `model threats`).
struct Threat {
  ElementId id = UnsetId();
  int line = 0;
  std::string title;
  std::string category;  // spoofing | tampering | repudiation | information-disclosure |
                         // denial-of-service | elevation-of-privilege
  std::vector<ElementId> elements;
  std::string likelihood = "medium";  // low | medium | high
  std::string impact = "medium";      // low | medium | high | critical
  std::string status = "open";        // open | mitigated | accepted | false-positive
  std::vector<std::string> cwe;       // "CWE-79"
  std::vector<std::string> capec;     // "CAPEC-63"
  std::string description;
  // Generated threats ("<rule>@<element>", from `model threats`) this entry tracks: with status
  // accepted, mitigated or false-positive it is the decision about them (model diff's gate).
  std::vector<std::string> covers;
};

// Something that cuts threats; `active` ones name the tests that prove them.
struct Control {
  ElementId id = UnsetId();
  int line = 0;
  std::string name;
  std::string status = "planned";     // planned | active
  std::vector<std::string> mitigates;  // threat ids (of this model or of `model threats`)
  std::vector<ElementId> elements;
  std::vector<std::string> tests;  // repository paths of the tests that prove it
  std::string description;
};

// What the model cannot answer yet (`model init` writes one per fact it could not infer).
struct Question {
  ElementId id = UnsetId();
  int line = 0;
  std::string text;
  std::string answer;
};

// The kinds of element an id can name, for messages and reference checks.
enum class ElementKind {
  kActor,
  kComponent,
  kData,
  kFlow,
  kBoundary,
  kUseCase,
  kAssumption,
  kMisuseCase,
  kThreat,
  kControl,
  kQuestion,
};
std::string_view ElementKindName(ElementKind kind);

struct Model;

namespace detail {
struct Lookup;  // model.cc
// An index of a Model's ids and of the flows at each element, built on the first lookup and
// rebuilt when an element list has changed size or moved. A copy starts without one.
class LookupCache {
 public:
  LookupCache() = default;
  LookupCache(const LookupCache&) {}
  LookupCache& operator=(const LookupCache&) {
    std::lock_guard<std::mutex> lock(mutex_);
    lookup_.reset();
    return *this;
  }
  std::shared_ptr<const Lookup> Get(const Model& m) const;

 private:
  mutable std::mutex mutex_;
  mutable std::shared_ptr<const Lookup> lookup_;
};
}  // namespace detail

struct Model {
  int version = 1;
  std::string name;
  std::string description;
  std::vector<Actor> actors;
  std::vector<Component> components;
  std::vector<DataAsset> data;
  std::vector<Flow> flows;
  std::vector<Boundary> boundaries;
  std::vector<UseCase> use_cases;
  std::vector<Assumption> assumptions;
  std::vector<MisuseCase> misuse_cases;
  std::vector<Threat> threats;
  std::vector<Control> controls;
  std::vector<Question> questions;

  // The kind of element `id` names, if any. Lookups are indexed (model.cc): O(1) after the
  // first, which builds the index in O(elements).
  std::optional<ElementKind> KindOf(const ElementId& id) const;
  const Component* FindComponent(const ElementId& id) const;
  const Actor* FindActor(const ElementId& id) const;
  const DataAsset* FindData(const ElementId& id) const;
  const Boundary* FindBoundary(const ElementId& id) const;
  const Flow* FindFlow(const ElementId& id) const;
  // The flows whose source or target is `id`, in model order.
  std::vector<const Flow*> FlowsAt(const ElementId& id) const;

  detail::LookupCache lookup_cache;
};

}  // namespace fledger::model
