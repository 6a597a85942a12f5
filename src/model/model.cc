// Lookups over a Model's elements, through an index built on first use.
#include "model/model.h"

#include <array>
#include <unordered_map>

namespace fledger::model {
namespace detail {

struct Lookup {
  // What the index was built from: each list's size and storage, in a fixed order.
  std::array<std::pair<size_t, const void*>, 11> signature{};
  std::unordered_map<std::string, std::pair<ElementKind, size_t>> by_id;  // first one wins
  std::unordered_map<std::string, std::vector<size_t>> flows_at;          // flow indices
};

namespace {

std::array<std::pair<size_t, const void*>, 11> SignatureOf(const Model& m) {
  return {{{m.actors.size(), m.actors.data()},
           {m.components.size(), m.components.data()},
           {m.data.size(), m.data.data()},
           {m.flows.size(), m.flows.data()},
           {m.boundaries.size(), m.boundaries.data()},
           {m.use_cases.size(), m.use_cases.data()},
           {m.assumptions.size(), m.assumptions.data()},
           {m.misuse_cases.size(), m.misuse_cases.data()},
           {m.threats.size(), m.threats.data()},
           {m.controls.size(), m.controls.data()},
           {m.questions.size(), m.questions.data()}}};
}

template <typename T>
void Index(Lookup& l, const std::vector<T>& elements, ElementKind kind) {
  for (size_t i = 0; i < elements.size(); ++i) l.by_id.emplace(elements[i].id.str(), std::pair(kind, i));
}

}  // namespace

std::shared_ptr<const Lookup> LookupCache::Get(const Model& m) const {
  const auto signature = SignatureOf(m);
  std::lock_guard<std::mutex> lock(mutex_);
  if (lookup_ != nullptr && lookup_->signature == signature) return lookup_;
  auto l = std::make_shared<Lookup>();
  l->signature = signature;
  Index(*l, m.actors, ElementKind::kActor);
  Index(*l, m.components, ElementKind::kComponent);
  Index(*l, m.data, ElementKind::kData);
  Index(*l, m.flows, ElementKind::kFlow);
  Index(*l, m.boundaries, ElementKind::kBoundary);
  Index(*l, m.use_cases, ElementKind::kUseCase);
  Index(*l, m.assumptions, ElementKind::kAssumption);
  Index(*l, m.misuse_cases, ElementKind::kMisuseCase);
  Index(*l, m.threats, ElementKind::kThreat);
  Index(*l, m.controls, ElementKind::kControl);
  Index(*l, m.questions, ElementKind::kQuestion);
  for (size_t i = 0; i < m.flows.size(); ++i) {
    l->flows_at[m.flows[i].source.str()].push_back(i);
    if (m.flows[i].target != m.flows[i].source) l->flows_at[m.flows[i].target.str()].push_back(i);
  }
  lookup_ = std::move(l);
  return lookup_;
}

}  // namespace detail

namespace {

template <typename T>
const T* FindIn(const Model& m, const std::vector<T>& elements, ElementKind kind,
                const ElementId& id) {
  const auto lookup = m.lookup_cache.Get(m);
  const auto it = lookup->by_id.find(id.str());
  if (it == lookup->by_id.end() || it->second.first != kind) return nullptr;
  return &elements[it->second.second];
}

}  // namespace

std::string_view ElementKindName(ElementKind kind) {
  switch (kind) {
    case ElementKind::kActor:
      return "an actor";
    case ElementKind::kComponent:
      return "a component";
    case ElementKind::kData:
      return "a data asset";
    case ElementKind::kFlow:
      return "a flow";
    case ElementKind::kBoundary:
      return "a boundary";
    case ElementKind::kUseCase:
      return "a use case";
    case ElementKind::kAssumption:
      return "an assumption";
    case ElementKind::kMisuseCase:
      return "a misuse case";
    case ElementKind::kThreat:
      return "a threat";
    case ElementKind::kControl:
      return "a control";
    case ElementKind::kQuestion:
      return "a question";
  }
  return "an element";
}

std::optional<ElementKind> Model::KindOf(const ElementId& id) const {
  const auto lookup = lookup_cache.Get(*this);
  const auto it = lookup->by_id.find(id.str());
  if (it == lookup->by_id.end()) return std::nullopt;
  return it->second.first;
}

const Component* Model::FindComponent(const ElementId& id) const {
  return FindIn(*this, components, ElementKind::kComponent, id);
}
const Actor* Model::FindActor(const ElementId& id) const {
  return FindIn(*this, actors, ElementKind::kActor, id);
}
const DataAsset* Model::FindData(const ElementId& id) const {
  return FindIn(*this, data, ElementKind::kData, id);
}
const Boundary* Model::FindBoundary(const ElementId& id) const {
  return FindIn(*this, boundaries, ElementKind::kBoundary, id);
}
const Flow* Model::FindFlow(const ElementId& id) const {
  return FindIn(*this, flows, ElementKind::kFlow, id);
}

std::vector<const Flow*> Model::FlowsAt(const ElementId& id) const {
  const auto lookup = lookup_cache.Get(*this);
  std::vector<const Flow*> out;
  if (const auto it = lookup->flows_at.find(id.str()); it != lookup->flows_at.end()) {
    for (const size_t i : it->second) out.push_back(&flows[i]);
  }
  return out;
}

}  // namespace fledger::model
