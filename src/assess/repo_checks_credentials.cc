// The committed-credentials check: the secret scanner (src/secrets, the rules of `fledger
// secrets`) over every file of the working tree and, for a git repository of bounded size, over
// its whole history. Evidence shows each secret redacted, never the secret or its line.
#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "assess/repo_checks_internal.h"
#include "assess/secret_evidence.h"
#include "core/redact.h"
#include "core/text.h"

namespace fledger::assess::internal {
namespace {

constexpr size_t kMaxEvidence = 10;

// "AWS access key ID: AKIA*** (20 chars)": the rule's name and the redacted value.
std::string Shown(const Finding& f) {
  return Truncate(Redact(f.title + ": " + f.evidence), kExcerptBytes);
}

std::string HistoryShown(const secrets::HistorySecret& s) {
  // The commit first: the matrix shows the first 80 characters.
  return Truncate(Redact("history: added in " + ShortCommit(s.introduced.commit) + " (" +
                         DateOnly(s.introduced.date) + "), not in HEAD: " + s.finding.title + ": " +
                         s.finding.evidence),
                  kExcerptBytes);
}

// "; 2 suppressed (allowlist or inline fledger:allow), first at config/test.env:3".
std::string SuppressedNote(size_t count, const Finding* first) {
  if (count == 0) return "";
  std::string note = "; " + std::to_string(count) +
                     " suppressed by .fledger/secrets-allow.yaml or inline fledger:allow";
  if (first != nullptr) {
    note += " (first: " + first->location.path.str() + ":" + std::to_string(first->location.line) +
            " " + first->rule_id.str() + ")";
  }
  return note;
}

// What the history adds to the working tree's verdict.
struct HistoryPart {
  std::string note;                 // "; history: ..." or ""
  std::vector<EvidenceRef> clean;   // "history: no secret in N commits"
  std::vector<EvidenceRef> leaked;  // secrets no longer in HEAD, own files first
  size_t own = 0;                   // of those, outside documentation, tests and examples
  bool undecided = false;           // the history could not be (fully) scanned
};

HistoryPart History(const RepoSnapshot& r) {
  HistoryPart part;
  const auto h = GitHistorySecrets(r);
  using State = HistorySecrets::State;
  if (h->state == State::kNotGit) return part;
  if (h->state != State::kScanned) {
    part.note = "; " + h->note;
    return part;
  }
  std::vector<const secrets::HistorySecret*> only_history;
  size_t suppressed = 0;
  for (const auto& s : h->secrets) {
    if (s.in_head) continue;  // the working tree's findings show it
    if (s.finding.suppression) {
      ++suppressed;
      continue;
    }
    only_history.push_back(&s);
  }
  std::stable_partition(only_history.begin(), only_history.end(),
                        [](const auto* s) { return !IsDocOrTest(s->finding.location.path); });
  for (const auto* s : only_history) {
    part.own += IsDocOrTest(s->finding.location.path) ? 0 : 1;
    if (part.leaked.size() < kMaxEvidence) {
      part.leaked.push_back({s->finding.location.path, s->finding.location.line, HistoryShown(*s)});
    }
  }
  const std::string commits = std::to_string(h->commits) + " commits";
  if (only_history.empty()) {
    const std::string clean = "history: no secret in " + commits;
    part.note = "; " + clean;
    if (h->complete) {
      part.clean.push_back({HistoryPath(), 0, clean});
    } else {
      part.note += " (" + h->note + ")";
      part.undecided = true;
    }
  } else {
    part.note = "; history: " + std::to_string(only_history.size()) +
                " secret(s) removed from the tree but still in the " + commits +
                " of history: rotate each credential, then purge it from history (git "
                "filter-repo) and force-push";
  }
  if (suppressed > 0) part.note += " (" + std::to_string(suppressed) + " more suppressed)";
  return part;
}

}  // namespace

CheckResult NoLeakedCredentials(const RepoSnapshot& r) {
  const auto tree = WorkingTreeSecrets(r);
  if (!tree->error.empty()) return Review(tree->error);
  std::vector<const Finding*> active;
  const Finding* first_suppressed = nullptr;
  size_t suppressed = 0;
  for (const auto& f : tree->findings) {
    if (f.suppression) {
      if (suppressed++ == 0) first_suppressed = &f;
    } else {
      active.push_back(&f);
    }
  }
  HistoryPart history = History(r);
  std::string extra = SuppressedNote(suppressed, first_suppressed) + history.note;
  if (!tree->allowlist_note.empty()) extra += "; " + tree->allowlist_note;

  if (active.empty()) {
    // Absence is only proven for what was read: entries the walk could not take (too deep,
    // unreadable, names that cannot be shown safely) may hold exactly what we look for.
    size_t unseen = 0, large = 0;
    std::optional<EvidenceRef> first_unseen;
    for (const auto& s : r.skipped()) {
      if (s.reason == "depth" || s.reason == "unreadable") {
        if (!first_unseen) first_unseen = EvidenceRef{s.path, 0, "not scanned (" + s.reason + ")"};
        ++unseen;
      } else if (s.reason == "size") {
        ++large;
      }
    }
    uint64_t candidates = 0;
    for (const auto& f : r.files()) {
      large += f.size > kScanMaxBytes ? 1 : 0;
      candidates += f.size <= kScanMaxBytes ? 1 : 0;
    }
    // Listed but not read: unreadable now.
    if (tree->scanned < candidates) unseen += candidates - tree->scanned;
    std::string note = "no credentials found in " + std::to_string(tree->scanned) + " files";
    if (large > 0) note += " (" + std::to_string(large) + " files over 1 MiB not scanned)";
    if (!history.leaked.empty()) {
      return history.own > 0 ? Partial(note + extra, std::move(history.leaked))
                             : Review(note + extra +
                                          "; confirm the ones in documentation, tests or "
                                          "examples were placeholders",
                                      std::move(history.leaked));
    }
    if (unseen > 0) {
      std::vector<EvidenceRef> ev;
      if (first_unseen) ev.push_back(*first_unseen);
      return Review(note + "; " + std::to_string(unseen) +
                        " entries could not be scanned (too deep, unreadable or unusable names)" +
                        extra,
                    std::move(ev));
    }
    if (history.undecided) return Review(note + extra);
    return Met(std::move(history.clean), note + extra);
  }
  // The project's own files first: documentation, tests and examples often hold fake keys on
  // purpose (Flask's docs show how to set SECRET_KEY), which the criterion ("valid private
  // credentials") does not mean. Then the most confident (a provider's token format before a
  // generic "password = ..."), then in path and line order.
  std::stable_sort(active.begin(), active.end(), [](const Finding* a, const Finding* b) {
    return std::make_tuple(IsDocOrTest(a->location.path), -static_cast<int>(a->confidence),
                           a->location.path.str(), a->location.line) <
           std::make_tuple(IsDocOrTest(b->location.path), -static_cast<int>(b->confidence),
                           b->location.path.str(), b->location.line);
  });
  const size_t own =
      static_cast<size_t>(std::count_if(active.begin(), active.end(), [](const Finding* f) {
        return !IsDocOrTest(f->location.path);
      }));
  std::set<RepoPath> files;
  for (const auto* f : active) files.insert(f->location.path);
  std::vector<EvidenceRef> ev;
  for (size_t i = 0; i < active.size() && ev.size() < kMaxEvidence; ++i)
    ev.push_back({active[i]->location.path, active[i]->location.line, Shown(*active[i])});
  for (auto& e : history.leaked) {
    if (ev.size() < kMaxEvidence) ev.push_back(std::move(e));
  }
  const std::string where =
      std::to_string(active.size()) + " secret(s) in " + std::to_string(files.size()) + " file(s)";
  if (own == 0) {
    return Review("credential-like values only in documentation, tests or examples (" + where +
                      "); confirm they are placeholders" + extra,
                  std::move(ev));
  }
  return Unmet("credential-like values: " + where + ", " + std::to_string(own) +
                   " outside documentation, tests and examples; revoke and rotate each, then "
                   "remove it from the code and history" +
                   extra,
               std::move(ev));
}

}  // namespace fledger::assess::internal
