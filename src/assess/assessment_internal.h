// Private to src/assess/assessment*.cc and workspace_checks.cc: the workspace checks and the
// Markdown pieces RunAssessment puts together. Not part of the module's public interface.
#pragma once

#include <string>
#include <string_view>

#include "assess/assessment.h"
#include "assess/catalog.h"
#include "assess/evidence.h"
#include "assess/model.h"
#include "assess/repo_checks.h"

namespace fledger::assess::internal {

// Parameterised checks that look at the workspace or the evidence file (used by skill catalogs).
// workspace_checks.cc.
// The model.* check ids (model_checks.cc); any other "model." id is unknown, like any other.
bool IsModelCheck(std::string_view id);
// The secrets.* check ids (secrets_checks.cc).
bool IsSecretsCheck(std::string_view id);

class WorkspaceChecks {
 public:
  WorkspaceChecks(const RepoSnapshot* snapshot, const EvidenceFile& evidence)
      : snapshot_(snapshot), evidence_(evidence) {}

  bool Handles(std::string_view id) const {
    return id == "evidence.count" || id == "file.exists" || id == "file.contains" ||
           id == "impact.recorded" || id == "impact.call_sites" || id == "impact.advisories" ||
           IsModelCheck(id) || IsSecretsCheck(id);
  }

  CheckResult Run(const CheckSpec& spec, const Criterion& c, const std::string& category,
                  const std::string& subcategory) const;

  static bool Matches(const EvidenceRecord& rec, const Criterion& c, const std::string& category,
                      const std::string& subcategory);

 private:
  // impact.recorded: packages analysed at an exact version; impact.call_sites: import sites
  // recorded across them; impact.advisories: analyses whose advisory lookup ran. Records of the
  // same package in the same tree count once (saved under two subcategories, say).
  CheckResult RunImpact(const CheckSpec& spec) const;
  // model.*: what the workspace's threat models (threatmodel.yaml files that load) hold
  // (model_checks.cc).
  CheckResult RunModel(const CheckSpec& spec) const;
  // secrets.fixed: a secret committed, then removed from HEAD, with a clean working tree; the
  // workspace's git history is scanned with the built-in secret rules (secrets_checks.cc).
  CheckResult RunSecrets(const CheckSpec& spec) const;

  const RepoSnapshot* snapshot_;
  const EvidenceFile& evidence_;
};

// The matrix's Markdown (assessment_markdown.cc).
std::string RequirementCell(const Criterion& c);
std::string ExampleCell(const RequirementOutcome& r);
std::string DefaultIntro(const AssessmentOutcome& o);
std::string SummaryBlock(const AssessmentOutcome& o);

}  // namespace fledger::assess::internal
