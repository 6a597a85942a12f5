// The secrets.* checks of skill catalogs: a credential that was committed, found, rotated and
// removed is evidence for Fix an Insecure System. The workspace must be a git repository: the
// history shows the secret's introducing commit and the commit that removed it from HEAD's line,
// and a re-scan of the working tree shows it clean. Rotation happens at the provider, so the
// check cannot see it and says so in its evidence.
#include <algorithm>

#include "assess/assessment_internal.h"
#include "assess/repo_checks_internal.h"
#include "assess/secret_evidence.h"
#include "core/redact.h"
#include "core/text.h"

namespace fledger::assess::internal {

bool IsSecretsCheck(std::string_view id) { return id == "secrets.fixed"; }

CheckResult WorkspaceChecks::RunSecrets(const CheckSpec& spec) const {
  CheckResult r;
  if (snapshot_ == nullptr) {
    r.note = "no workspace to check";
    return r;
  }
  using State = HistorySecrets::State;
  const auto history = GitHistorySecrets(*snapshot_);
  if (history->state == State::kNotGit) {
    r.status = ReqStatus::kUnmet;
    r.note =
        "the workspace is not a git repository (a .git directory at its top), so no fix of a "
        "committed secret can be shown";
    return r;
  }
  if (history->state != State::kScanned) {
    r.note = history->note;
    return r;
  }
  const auto tree = WorkingTreeSecrets(*snapshot_);
  size_t in_tree = 0;
  for (const auto& f : tree->findings) in_tree += f.suppression ? 0 : 1;
  const std::string commits = std::to_string(history->commits) + " commits";
  const std::string rescan =
      tree->error.empty()
          ? "working tree re-scan: " +
                (in_tree == 0 ? std::string("clean")
                              : std::to_string(in_tree) + " secret(s) still present") +
                " in " + std::to_string(tree->scanned) + " files"
          : "working tree not re-scanned (" + tree->error + ")";
  const bool clean = tree->error.empty() && in_tree == 0;

  std::vector<const secrets::HistorySecret*> fixed, still;
  for (const auto& s : history->secrets) {
    if (s.finding.suppression) continue;
    if (s.in_head) {
      still.push_back(&s);
    } else if (history->removed_by.count(s.secret_key) != 0) {
      fixed.push_back(&s);
    }
  }
  if (history->secrets.empty()) {
    r.status = ReqStatus::kUnmet;
    r.evidence.push_back({HistoryPath(), 0, "history: no secret in " + commits});
    r.note = "history: no secret in " + commits + ", so none was fixed; " + rescan;
    return r;
  }
  for (const auto* s : fixed) {
    if (r.evidence.size() >= 5) break;
    const std::string& removed = history->removed_by.at(s->secret_key);
    r.evidence.push_back({s->finding.location.path, s->finding.location.line,
                          // The commits first: the matrix shows the first 80 characters.
                          Truncate(Redact(s->finding.rule_id.str() + ": added in " +
                                          ShortCommit(s->introduced.commit) + ", removed in " +
                                          ShortCommit(removed) + "; " + s->finding.evidence +
                                          ", added " + DateOnly(s->introduced.date)),
                                   kExcerptBytes)});
  }
  if (!fixed.empty()) {
    r.evidence.push_back({HistoryPath(), 0,
                          "rotation: not verifiable offline; confirm revocation in the provider "
                          "console"});
  }
  const size_t wanted = static_cast<size_t>(spec.min);
  r.status = fixed.size() >= wanted && clean && still.empty() ? ReqStatus::kMet
             : !fixed.empty()                                 ? ReqStatus::kPartial
                                                              : ReqStatus::kUnmet;
  r.note = std::to_string(fixed.size()) + " secret(s) removed from HEAD after being committed (" +
           std::to_string(wanted) + " wanted), " + std::to_string(still.size()) +
           " still in HEAD, in " + commits + "; " + rescan +
           "; rotation: not verifiable offline, confirm in the provider console";
  if (!history->complete) r.note += "; " + history->note;
  return r;
}

}  // namespace fledger::assess::internal
