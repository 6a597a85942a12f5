// The parameterised checks of skill catalogs, which look at the workspace or the evidence file:
// evidence.count, file.exists, file.contains and the impact.* checks of `fledger deps impact`
// records; model.* (model_checks.cc) and secrets.* (secrets_checks.cc) live apart.
#include <re2/re2.h>

#include <algorithm>
#include <map>
#include <string>
#include <utility>

#include "assess/assessment_internal.h"
#include "core/redact.h"
#include "core/text.h"

namespace fledger::assess::internal {

CheckResult WorkspaceChecks::Run(const CheckSpec& spec, const Criterion& c,
                                 const std::string& category,
                                 const std::string& subcategory) const {
  if (StartsWith(spec.id, "impact.")) return RunImpact(spec);
  if (StartsWith(spec.id, "model.")) return RunModel(spec);
  if (StartsWith(spec.id, "secrets.")) return RunSecrets(spec);
  CheckResult r;
  // The catalog validated the parameters (glob and pattern present, min 1..kMaxCheckMin).
  if (spec.id == "evidence.count") {
    size_t n = 0;
    for (const auto& rec : evidence_.records()) {
      if (Matches(rec, c, category, subcategory)) n += std::max<size_t>(rec.HitCount(), 1);
    }
    r.status = n >= static_cast<size_t>(spec.min) ? ReqStatus::kMet
               : n > 0                            ? ReqStatus::kPartial
                                                  : ReqStatus::kUnmet;
    r.note =
        std::to_string(n) + " evidence hit(s) recorded, " + std::to_string(spec.min) + " wanted";
    return r;
  }
  if (snapshot_ == nullptr) {
    r.note = "no workspace to check";
    return r;
  }
  const std::string& glob = spec.glob;
  const auto files = snapshot_->Glob(glob);
  if (spec.id == "file.exists") {
    if (files.empty()) {
      r.status = ReqStatus::kUnmet;
      r.note = "no file matches " + glob;
    } else {
      r.status = ReqStatus::kMet;
      for (size_t i = 0; i < files.size() && i < 5; ++i)
        r.evidence.push_back({files[i]->path, 0, ""});
      r.note = std::to_string(files.size()) + " file(s) match " + glob;
    }
    return r;
  }
  // file.contains: at least `min` lines matching `pattern` across the matching files.
  const int min = spec.min;
  const RE2 re(spec.pattern, CheckPatternOptions());
  if (!re.ok()) {  // cannot happen: the catalog compiled it with the same options
    r.note = "check file.contains has an invalid 'pattern'";
    return r;
  }
  int hits = 0;
  for (const auto* f : files) {
    const std::string* text = snapshot_->Content(f->path);
    if (text == nullptr) continue;
    int line_no = 0;
    for (const auto& line : Split(*text, '\n')) {
      ++line_no;
      if (RE2::PartialMatch(line, re)) {
        ++hits;
        // Repository text goes into the matrix and assessment.json: secrets masked there too.
        if (r.evidence.size() < 5)
          r.evidence.push_back({f->path, line_no, Truncate(Redact(Trim(line)), 160)});
      }
    }
  }
  r.status = hits >= min ? ReqStatus::kMet : hits > 0 ? ReqStatus::kPartial : ReqStatus::kUnmet;
  r.note = std::to_string(hits) + " matching line(s) in " + glob + ", " + std::to_string(min) +
           " wanted";
  return r;
}

bool WorkspaceChecks::Matches(const EvidenceRecord& rec, const Criterion& c,
                              const std::string& category, const std::string& subcategory) {
  if (!rec.requirement.empty()) return rec.requirement == c.id;
  return ToLower(Trim(rec.category)) == ToLower(Trim(category)) &&
         ToLower(Trim(rec.subcategory)) == ToLower(Trim(subcategory));
}

CheckResult WorkspaceChecks::RunImpact(const CheckSpec& spec) const {
  struct Impact : ImpactFacts {
    const EvidenceRecord* record = nullptr;
  };
  std::map<std::pair<std::string, std::string>, Impact> by_package;
  size_t malformed = 0;
  for (const auto& rec : evidence_.records()) {
    if (!rec.extra.contains("fledger_impact")) continue;
    auto facts = ReadImpactFacts(rec);
    if (!facts) {
      ++malformed;
      continue;
    }
    Impact impact{*facts};
    impact.record = &rec;
    auto key = std::make_pair(impact.purl, rec.root);
    auto [it, added] = by_package.emplace(key, impact);
    if (!added && rec.HitCount() > it->second.record->HitCount()) it->second = impact;
  }
  CheckResult r;
  const auto label = [](const Impact& i) {
    return Truncate(Redact(i.purl), 120) + " (fledger deps impact)";
  };
  size_t count = 0, partial = 0;
  std::string what;
  if (spec.id == "impact.recorded") {
    for (const auto& [key, i] : by_package) {
      (i.resolved ? count : partial) += 1;
      if (i.manifest && r.evidence.size() < 5)
        r.evidence.push_back({*i.manifest, i.line, label(i)});
    }
    what = std::to_string(count) +
           " package(s) analysed at an exact version with fledger deps "
           "impact --save";
    if (partial > 0) what += ", " + std::to_string(partial) + " at a version range only";
  } else if (spec.id == "impact.call_sites") {
    for (const auto& [key, i] : by_package) {
      count += i.record->HitCount();
      for (const auto& group : i.record->records) {
        for (const auto& hit : group) {
          if (r.evidence.size() >= 5 || hit.path_and_file.empty()) continue;
          auto p = RepoPath::Parse(hit.path_and_file);
          if (!p.ok()) continue;
          const bool digits = !hit.location.empty() && hit.location.size() < 9 &&
                              std::all_of(hit.location.begin(), hit.location.end(),
                                          [](char ch) { return ch >= '0' && ch <= '9'; });
          r.evidence.push_back(
              {p.value(), digits ? std::stoi(hit.location) : 0, Truncate(Redact(hit.code), 160)});
        }
      }
    }
    what = std::to_string(count) + " import site(s) recorded by fledger deps impact across " +
           std::to_string(by_package.size()) + " package(s)";
  } else if (spec.id == "impact.advisories") {
    for (const auto& [key, i] : by_package) {
      if (!i.advisories_checked) {
        ++partial;
        continue;
      }
      ++count;
      if (!i.manifest || r.evidence.size() >= 5) continue;
      std::string text = Truncate(Redact(i.purl), 100) + ": ";
      if (i.advisories.empty()) {
        text += "no known advisories";
      } else {
        for (size_t k = 0; k < i.advisories.size() && k < 4; ++k)
          text += (k ? ", " : "") + Truncate(Redact(i.advisories[k]), 40);
        if (i.advisories.size() > 4)
          text += " and " + std::to_string(i.advisories.size() - 4) + " more";
      }
      text += " (OSV";
      if (i.data_age_days) text += " data " + std::to_string(*i.data_age_days) + " days old";
      if (!i.checked_at.empty()) text += ", checked " + Truncate(Redact(i.checked_at), 20);
      text += ")";
      r.evidence.push_back({*i.manifest, i.line, Truncate(text, 160)});
    }
    what = std::to_string(count) +
           " advisory lookup(s) of an exact version recorded by "
           "fledger deps impact";
    if (partial > 0) what += ", " + std::to_string(partial) + " not run (version range only)";
  } else {  // cannot happen: Handles() and the catalog admit only the ids above
    r.note = "unknown check '" + spec.id + "'";
    return r;
  }
  r.status = count >= static_cast<size_t>(spec.min) ? ReqStatus::kMet
             : count > 0 || partial > 0             ? ReqStatus::kPartial
                                                    : ReqStatus::kUnmet;
  r.note = what + ", " + std::to_string(spec.min) + " wanted";
  if (malformed > 0) {
    r.note += "; " + std::to_string(malformed) +
              " record(s) with an unreadable fledger_impact member not counted";
  }
  return r;
}

}  // namespace fledger::assess::internal
