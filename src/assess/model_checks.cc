// The model.* checks of skill catalogs: a threat model kept as code (threatmodel.yaml,
// docs/threatmodel.md) that loads is evidence for System Analysis, Design a System and Build a
// Threat Model. Each check counts one kind of content in the best model of the workspace (the
// one with the most of it), so that a model split by team or a stale copy does not add up.
#include <algorithm>
#include <memory>

#include "assess/assessment_internal.h"
#include "core/redact.h"
#include "core/text.h"
#include "model/check.h"
#include "model/load.h"
#include "model/threats.h"

namespace fledger::assess::internal {
namespace {

// What one model file holds, counted once per snapshot.
struct ModelFacts {
  RepoPath path = RepoPath::Root();
  std::map<std::string, int> counts;      // check id -> count
  std::map<std::string, int> first_line;  // check id -> a line that shows it
};

struct WorkspaceModels {
  std::vector<ModelFacts> loaded;
  std::vector<std::string> problems;  // "path: error" of models that do not load
};

void Count(ModelFacts& f, const std::string& check, int line) {
  if (f.counts[check]++ == 0) f.first_line[check] = line;
}

ModelFacts FactsOf(const RepoPath& path, const model::Model& m) {
  ModelFacts f;
  f.path = path;
  const int first = m.components.empty() ? 1 : m.components.front().line;
  Count(f, "model.valid", first);
  for (const auto& flow : m.flows) {
    Count(f, "model.flows", flow.line);
    if (model::BoundaryChain(m, flow.source) != model::BoundaryChain(m, flow.target)) {
      Count(f, "model.crossing_flows", flow.line);
    }
    if (!flow.provenance.source.empty()) Count(f, "model.provenance", flow.line);
  }
  for (const auto& a : m.assumptions) Count(f, "model.assumptions", a.line);
  for (const auto& u : m.use_cases) Count(f, "model.use_cases", u.line);
  for (const auto& t : m.threats) {
    if (!t.cwe.empty() || !t.capec.empty()) Count(f, "model.threats", t.line);
  }
  for (const auto& c : m.controls) {
    if (!c.mitigates.empty()) Count(f, "model.controls", c.line);
  }
  for (const auto& c : m.components) {
    if (!c.permissions.empty()) Count(f, "model.permissions", c.line);
    if (c.audit_log.has_value()) Count(f, "model.audit", c.line);
    if (!c.provenance.source.empty() || !c.paths.empty()) Count(f, "model.provenance", c.line);
  }
  const model::Analysis a = model::Analyze(m);
  // Analyze inverts the assumptions in the model's order, one each.
  for (size_t i = 0; i < a.inverted.size() && i < m.assumptions.size(); ++i) {
    const auto& inv = a.inverted[i];
    if (inv.threats.empty() || inv.status == "confirmed") continue;
    Count(f, "model.inverted", m.assumptions[i].line);
  }
  for (size_t i = 0; i < a.misuse_cases.size(); ++i) Count(f, "model.misuse_ranked", first);
  return f;
}

}  // namespace

bool IsModelCheck(std::string_view id) {
  static constexpr std::string_view kIds[] = {
      "model.valid",       "model.flows",         "model.crossing_flows", "model.assumptions",
      "model.inverted",    "model.use_cases",     "model.misuse_ranked",  "model.threats",
      "model.controls",    "model.permissions",   "model.audit",          "model.provenance"};
  return std::find(std::begin(kIds), std::end(kIds), id) != std::end(kIds);
}

CheckResult WorkspaceChecks::RunModel(const CheckSpec& spec) const {
  CheckResult r;
  if (snapshot_ == nullptr) {
    r.note = "no workspace to check";
    return r;
  }
  const auto shared = snapshot_->Shared("model.facts", [&]() -> std::shared_ptr<const void> {
    auto out = std::make_shared<WorkspaceModels>();
    for (const auto* file : snapshot_->Glob("**/threatmodel.yaml")) {
      const std::string* text = snapshot_->Content(file->path);
      if (text == nullptr) continue;
      const auto m = model::LoadModel(*text, file->path.str());
      if (m.ok()) {
        out->loaded.push_back(FactsOf(file->path, m.value()));
      } else {
        out->problems.push_back(m.error().ToString());
      }
    }
    return out;
  });
  const auto& models = *std::static_pointer_cast<const WorkspaceModels>(shared);
  const ModelFacts* best = nullptr;
  int count = 0;
  for (const ModelFacts& f : models.loaded) {
    const auto it = f.counts.find(spec.id);
    const int n = it == f.counts.end() ? 0 : it->second;
    if (best == nullptr || n > count) {
      best = &f;
      count = n;
    }
  }
  std::string what = spec.id.substr(6);
  std::replace(what.begin(), what.end(), '_', ' ');
  if (best == nullptr) {
    r.status = ReqStatus::kUnmet;
    r.note = models.problems.empty()
                 ? "no threatmodel.yaml in the workspace"
                 : "no threatmodel.yaml that loads (" +
                       Truncate(Redact(models.problems.front()), 160) + ")";
    return r;
  }
  if (count > 0) {
    r.evidence.push_back(
        {best->path, best->first_line.at(spec.id),
         std::to_string(count) + " " + what + " in the threat model (fledger model check)"});
  }
  r.status = count >= spec.min ? ReqStatus::kMet
             : count > 0       ? ReqStatus::kPartial
                               : ReqStatus::kUnmet;
  r.note = std::to_string(count) + " " + what + " in " + best->path.str() + ", " +
           std::to_string(spec.min) + " wanted";
  return r;
}

}  // namespace fledger::assess::internal
