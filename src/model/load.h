// Loading `threatmodel.yaml` into a Model, in the validation order: size, lexical (nesting),
// syntax (YAML), semantics (known keys, types, enum values, unique ids, references).
//
//   std::vector<Error> problems;
//   Result<model::Model> m = model::LoadModel(text, "threatmodel.yaml", &problems);
//   // m: the model, or the first problem; `problems`: every problem, for `model check`
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "model/model.h"

namespace fledger::model {

// The largest model file Fledger reads.
inline constexpr size_t kMaxModelBytes = 8u << 20;
// The most elements (of all kinds together) a model may hold.
inline constexpr size_t kMaxModelElements = 100000;

// The model in `text`, or the first problem (errors name `context`:line). With `problems`, every
// problem found is appended there (the loader goes on after a problem where it can).
Result<Model> LoadModel(std::string_view text, const std::string& context,
                        std::vector<Error>* problems = nullptr);

}  // namespace fledger::model
