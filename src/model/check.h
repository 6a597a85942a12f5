// `model check`: what a loaded model gets wrong about the system it describes. The loader already
// refused what is invalid (model/load.h); these are warnings about a valid model:
//
//   - a flow that crosses a trust boundary without encryption, or without authentication;
//   - a component that owns no repository path (nobody can tell which code it is);
//   - a component outside every boundary when the model has boundaries;
//   - a path (component paths, control tests, assumption check paths) that does not exist under
//     the repository root: stale since the code moved;
//   - a control that mitigates a threat id the model does not hold and that is not a generated id.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "model/model.h"

namespace fledger::model {

struct CheckWarning {
  int line = 0;  // of the element the warning is about
  std::string rule;     // "flow-crosses-boundary-unencrypted", ... (docs/model.md lists them)
  std::string message;
};

// The warnings for `m`, sorted by line. `root` is the repository the paths are relative to.
std::vector<CheckWarning> CheckModel(const Model& m, const std::filesystem::path& root);

// The chain of boundaries an element sits in, innermost first (empty for actors and for
// components outside every boundary).
std::vector<ElementId> BoundaryChain(const Model& m, const ElementId& element);

}  // namespace fledger::model
