// Lookups over a Model's elements.
#include "model/model.h"

namespace fledger::model {
namespace {

template <typename T>
const T* FindIn(const std::vector<T>& elements, const ElementId& id) {
  for (const T& e : elements) {
    if (e.id == id) return &e;
  }
  return nullptr;
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
  if (FindIn(actors, id)) return ElementKind::kActor;
  if (FindIn(components, id)) return ElementKind::kComponent;
  if (FindIn(data, id)) return ElementKind::kData;
  if (FindIn(flows, id)) return ElementKind::kFlow;
  if (FindIn(boundaries, id)) return ElementKind::kBoundary;
  if (FindIn(use_cases, id)) return ElementKind::kUseCase;
  if (FindIn(assumptions, id)) return ElementKind::kAssumption;
  if (FindIn(misuse_cases, id)) return ElementKind::kMisuseCase;
  if (FindIn(threats, id)) return ElementKind::kThreat;
  if (FindIn(controls, id)) return ElementKind::kControl;
  if (FindIn(questions, id)) return ElementKind::kQuestion;
  return std::nullopt;
}

const Component* Model::FindComponent(const ElementId& id) const { return FindIn(components, id); }
const Actor* Model::FindActor(const ElementId& id) const { return FindIn(actors, id); }
const DataAsset* Model::FindData(const ElementId& id) const { return FindIn(data, id); }
const Boundary* Model::FindBoundary(const ElementId& id) const { return FindIn(boundaries, id); }

}  // namespace fledger::model
