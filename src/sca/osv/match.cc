// The OSV evaluation algorithm (ossf/osv-schema "Evaluation"), alias merging, severity choice and
// the fixed version.
#include "sca/osv/match.h"

#include <algorithm>
#include <map>
#include <numeric>
#include <set>
#include <unordered_map>

#include "core/text.h"
#include "sca/osv/cvss.h"

namespace fledger::sca::osv {
namespace {

// Parses each (scheme, text) once per matching call: versions[] lists and range events are shared
// by many packages and records.
class VersionCache {
 public:
  const Version* Get(VersionScheme scheme, std::string_view text) {
    std::string key;
    key.reserve(text.size() + 2);
    key += static_cast<char>('a' + static_cast<int>(scheme));
    key += text;
    auto it = cache_.find(key);
    if (it == cache_.end()) {
      Result<Version> v = Version::Parse(scheme, text);
      it = cache_
               .emplace(std::move(key),
                        v.ok() ? std::optional<Version>(std::move(v).value()) : std::nullopt)
               .first;
    }
    return it->second ? &*it->second : nullptr;
  }

 private:
  std::unordered_map<std::string, std::optional<Version>> cache_;
};

// The comparator of a range: SEMVER ranges use SemVer 2.0 precedence, except in Go, whose
// comparator is SemVer precedence plus the optional "v" and "+incompatible" of module versions;
// ECOSYSTEM ranges use the ecosystem's own order.
VersionScheme RangeScheme(RangeType type, VersionScheme ecosystem_scheme) {
  if (type == RangeType::kSemver) {
    return ecosystem_scheme == VersionScheme::kGo ? VersionScheme::kGo : VersionScheme::kSemver;
  }
  return ecosystem_scheme;
}

struct SortedEvent {
  EventKind kind;
  int bound;  // -1: introduced "0" (before everything), +1: limit "*" (after everything), 0: value
  const Version* version;
};

// <0, 0, >0 between two sorted-event keys.
int CompareEvents(const SortedEvent& a, const SortedEvent& b) {
  if (a.bound != b.bound) return a.bound < b.bound ? -1 : 1;
  if (a.bound != 0) return 0;
  return a.version->Compare(*b.version);
}

class Evaluator {
 public:
  explicit Evaluator(VersionCache* cache) : cache_(cache) {}

  bool Matches(const OsvAffected& affected, VersionScheme scheme, std::string_view text,
               std::optional<Version>* fixed, std::vector<std::string>* warnings) {
    bool hit = false;
    // versions[]: the exact string, or the same version by the ecosystem's order ("1.0" and
    // "1.0.0" are one PEP 440 version).
    const Version* own = cache_->Get(scheme, text);
    for (const std::string& v : affected.versions) {
      if (v == text) {
        hit = true;
        break;
      }
      if (own != nullptr) {
        const Version* listed = cache_->Get(scheme, v);
        if (listed != nullptr && listed->Compare(*own) == 0) {
          hit = true;
          break;
        }
      }
    }
    for (const OsvRange& range : affected.ranges) {
      // GIT ranges name commits; a version never falls inside them (versions[] covers them).
      if (range.type == RangeType::kGit) continue;
      const VersionScheme rs = RangeScheme(range.type, scheme);
      const Version* v = cache_->Get(rs, text);
      if (v == nullptr) {
        if (warnings != nullptr) {
          warnings->push_back("version '" + EscapeTerminal(Truncate(text, 80)) +
                              "' is not a valid " + std::string(VersionSchemeName(rs)) +
                              " version; ranges not evaluated");
        }
        continue;
      }
      if (InRange(range, rs, *v, fixed, warnings)) hit = true;
    }
    return hit;
  }

 private:
  bool InRange(const OsvRange& range, VersionScheme rs, const Version& v,
               std::optional<Version>* fixed, std::vector<std::string>* warnings) {
    std::vector<SortedEvent> events;
    events.reserve(range.events.size());
    for (const OsvEvent& e : range.events) {
      if (e.kind == EventKind::kIntroduced && e.value == "0") {
        events.push_back({e.kind, -1, nullptr});
        continue;
      }
      if (e.kind == EventKind::kLimit && e.value == "*") {
        events.push_back({e.kind, +1, nullptr});
        continue;
      }
      const Version* ev = cache_->Get(rs, e.value);
      if (ev == nullptr) {
        if (warnings != nullptr) {
          warnings->push_back(std::string(EventKindName(e.kind)) + " '" +
                              EscapeTerminal(Truncate(e.value, 80)) + "' is not a valid " +
                              std::string(VersionSchemeName(rs)) + " version; range not evaluated");
        }
        return false;
      }
      events.push_back({e.kind, 0, ev});
    }
    // Sorting is the reader's job (the schema only recommends sorted events). Stable, so that
    // "introduced X, fixed X" (an empty range some databases write) keeps its meaning.
    std::stable_sort(events.begin(), events.end(), [](const SortedEvent& a, const SortedEvent& b) {
      return CompareEvents(a, b) < 0;
    });
    const SortedEvent self{EventKind::kIntroduced, 0, &v};
    // Before some limit (an implicit limit "*" when none is given).
    bool has_limit = false, before_limit = false;
    for (const SortedEvent& e : events) {
      if (e.kind != EventKind::kLimit) continue;
      has_limit = true;
      if (CompareEvents(self, e) < 0) before_limit = true;
    }
    if (has_limit && !before_limit) return false;
    bool vulnerable = false;
    for (const SortedEvent& e : events) {
      const int c = CompareEvents(self, e);
      switch (e.kind) {
        case EventKind::kIntroduced:
          if (c >= 0) vulnerable = true;
          break;
        case EventKind::kFixed:
          if (c >= 0) vulnerable = false;
          break;
        case EventKind::kLastAffected:
          if (c > 0) vulnerable = false;
          break;
        case EventKind::kLimit:
          break;
      }
    }
    if (!vulnerable || fixed == nullptr) return vulnerable;
    for (const SortedEvent& e : events) {
      if (e.kind != EventKind::kFixed || e.bound != 0 || e.version->Compare(v) <= 0) continue;
      if (!fixed->has_value() ||
          ((*fixed)->scheme() == e.version->scheme() && e.version->Compare(**fixed) < 0)) {
        *fixed = *e.version;
      }
    }
    return vulnerable;
  }

  VersionCache* cache_;
};

Severity FromCvssRating(CvssRating r) {
  switch (r) {
    case CvssRating::kCritical:
      return Severity::Of(Severity::Level::kCritical);
    case CvssRating::kHigh:
      return Severity::Of(Severity::Level::kHigh);
    case CvssRating::kMedium:
      return Severity::Of(Severity::Level::kMedium);
    case CvssRating::kLow:
    case CvssRating::kNone:
      break;
  }
  // A 0.0 (None) score still describes a published vulnerability: report it as low.
  return Severity::Of(Severity::Level::kLow);
}

// A database's own word ("MODERATE", "high", "negligible") as a Severity.
std::optional<Severity> FromRatingWord(std::string_view word) {
  const std::string w = ToLower(Trim(word));
  if (w == "critical") return Severity::Of(Severity::Level::kCritical);
  if (w == "high" || w == "important") return Severity::Of(Severity::Level::kHigh);
  if (w == "moderate" || w == "medium") return Severity::Of(Severity::Level::kMedium);
  if (w == "low" || w == "negligible") return Severity::Of(Severity::Level::kLow);
  return std::nullopt;
}

// The best-known severity of a group of records (and the affected entries that matched).
struct SeverityPick {
  std::optional<Severity> level;
  std::string source;
  bool from_cvss = false;
  std::optional<double> score;
  std::string vector;
  std::string unscored;  // the first CVSS_V3/CVSS_V4 vector that could not be scored

  void Offer(Severity s, const std::string& src, bool cvss) {
    if (!level || s > *level || (s == *level && cvss && !from_cvss)) {
      level = s;
      source = src;
      from_cvss = cvss;
    }
  }
  // One record's CVSS vectors, from its own `severity` and that of its matched affected entries:
  // the v3.0/v3.1 scores when some v3 vector scores, else the v4.0 scores, so that a v4.0
  // vector rates only a record without a usable v3 one. A vector is scored as the version it
  // names; CVSS_V2 is not scored.
  void OfferCvss(const std::vector<const std::vector<OsvSeverity>*>& lists) {
    std::vector<CvssScore> v3, v4;
    for (const std::vector<OsvSeverity>* list : lists) {
      for (const OsvSeverity& s : *list) {
        if (s.type != "CVSS_V3" && s.type != "CVSS_V4") continue;
        Result<CvssScore> score_or = ScoreCvss(s.score);
        if (!score_or.ok()) {
          if (unscored.empty()) unscored = s.score;
          continue;
        }
        (score_or.value().version == "4.0" ? v4 : v3).push_back(std::move(score_or).value());
      }
    }
    for (const CvssScore& cs : v3.empty() ? v4 : v3) {
      Offer(FromCvssRating(cs.rating), cs.version == "4.0" ? "CVSS_V4" : "CVSS_V3", true);
      if (!score || cs.base_score > *score) {
        score = cs.base_score;
        vector = cs.vector;
      }
    }
  }
  void OfferRatings(const std::vector<OsvSeverity>& list) {
    for (const OsvSeverity& s : list) {
      if (s.type == "Ubuntu") {
        if (auto sev = FromRatingWord(s.score)) Offer(*sev, "Ubuntu", false);
      }
    }
  }
};

struct Matched {
  const OsvRecord* record;
  std::vector<const OsvAffected*> entries;  // the affected entries that matched
  std::optional<Version> fixed;
};

VulnMatch BuildGroup(std::vector<Matched*> group) {
  std::sort(group.begin(), group.end(),
            [](const Matched* a, const Matched* b) { return a->record->id < b->record->id; });
  VulnMatch out;
  out.id = group.front()->record->id;
  std::set<std::string> names, cwes;
  std::set<std::string> seen_refs;
  SeverityPick pick;
  std::optional<Version> fixed;
  for (const Matched* m : group) {
    const OsvRecord& r = *m->record;
    out.record_ids.push_back(r.id);
    names.insert(r.id);
    names.insert(r.aliases.begin(), r.aliases.end());
    if (out.summary.empty()) out.summary = r.summary;
    for (const OsvReference& ref : r.references) {
      if (seen_refs.insert(ref.url).second) out.references.push_back(ref.url);
    }
    for (const std::string& c : r.cwe_ids) cwes.insert(c);
    std::vector<const std::vector<OsvSeverity>*> cvss_lists = {&r.severity};
    for (const OsvAffected* a : m->entries) cvss_lists.push_back(&a->severity);
    pick.OfferCvss(cvss_lists);
    pick.OfferRatings(r.severity);
    for (const OsvAffected* a : m->entries) {
      pick.OfferRatings(a->severity);
      if (auto sev = FromRatingWord(a->ecosystem_severity)) {
        pick.Offer(*sev, "ecosystem_specific.severity", false);
      }
    }
    if (auto sev = FromRatingWord(r.database_severity)) {
      pick.Offer(*sev, "database_specific.severity", false);
    }
    if (m->fixed && (!fixed || (fixed->scheme() == m->fixed->scheme() && *m->fixed < *fixed))) {
      fixed = m->fixed;
    }
  }
  names.erase(out.id);
  out.aliases.assign(names.begin(), names.end());
  out.cwe_ids.assign(cwes.begin(), cwes.end());
  if (pick.level) {
    out.severity = *pick.level;
    out.severity_known = true;
    out.severity_source = pick.source;
  } else {
    out.severity_known = false;
    out.severity_source = pick.unscored.empty()
                              ? "unknown (no rating in the records)"
                              : "unknown (no rating in the records; a CVSS vector does not parse)";
  }
  out.score = pick.score;
  out.vector = pick.score ? pick.vector : pick.unscored;
  if (fixed) out.fixed_version = fixed->str();
  return out;
}

// Groups matched records that alias each other, transitively (union-find over ids and aliases).
std::vector<VulnMatch> MergeAliases(std::vector<Matched>& matched) {
  std::vector<size_t> parent(matched.size());
  std::iota(parent.begin(), parent.end(), 0);
  const auto find = [&parent](size_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  };
  std::unordered_map<std::string_view, size_t> owner;
  for (size_t i = 0; i < matched.size(); ++i) {
    const OsvRecord& r = *matched[i].record;
    const auto link = [&](std::string_view name) {
      const auto [it, fresh] = owner.emplace(name, i);
      if (!fresh) parent[find(i)] = find(it->second);
    };
    link(r.id);
    for (const std::string& a : r.aliases) link(a);
  }
  std::map<size_t, std::vector<Matched*>> groups;
  for (size_t i = 0; i < matched.size(); ++i) groups[find(i)].push_back(&matched[i]);
  std::vector<VulnMatch> out;
  for (auto& [root, members] : groups) out.push_back(BuildGroup(members));
  std::sort(out.begin(), out.end(),
            [](const VulnMatch& a, const VulnMatch& b) { return a.id < b.id; });
  return out;
}

}  // namespace

bool AffectedEntryMatches(const OsvAffected& affected, VersionScheme scheme,
                          std::string_view version, std::optional<Version>* fixed,
                          std::vector<std::string>* warnings) {
  VersionCache cache;
  return Evaluator(&cache).Matches(affected, scheme, version, fixed, warnings);
}

Result<MatchReport> MatchPackages(const VulnDb& db, const std::vector<Package>& packages) {
  MatchReport report;
  VersionCache versions;
  Evaluator evaluator(&versions);
  // Each (ecosystem, name) is looked up and its records decoded once per call, however many
  // packages share it.
  std::unordered_map<std::string, std::vector<OsvRecord>> candidates;
  // Index keys of affected entries, by "ecosystem\nname" as written in the records.
  std::unordered_map<std::string, std::pair<std::string, std::string>> entry_keys;
  std::set<std::string> warned;
  for (size_t i = 0; i < packages.size(); ++i) {
    const Package& p = packages[i];
    if (!p.resolved || p.version.empty()) {
      report.unresolved.push_back(i);
      continue;
    }
    const auto key = PackageIndexKey(p.ecosystem.osv_name(), p.name);
    std::string key_text = key.first + '\n' + key.second;
    auto cand = candidates.find(key_text);
    if (cand == candidates.end()) {
      FLEDGER_TRY(std::vector<OsvRecord> records, db.FindRecords(key.first, key.second));
      cand = candidates.emplace(std::move(key_text), std::move(records)).first;
    }
    std::vector<Matched> matched;
    for (const OsvRecord& record_ref : cand->second) {
      const OsvRecord* record = &record_ref;
      if (record->is_withdrawn()) continue;
      Matched m{record, {}, std::nullopt};
      for (const OsvAffected& a : record->affected) {
        if (!a.package) continue;
        std::string raw = a.package->ecosystem + '\n' + a.package->name;
        auto k = entry_keys.find(raw);
        if (k == entry_keys.end()) {
          k = entry_keys
                  .emplace(std::move(raw), PackageIndexKey(a.package->ecosystem, a.package->name))
                  .first;
        }
        if (k->second != key) continue;
        std::vector<std::string> notes;
        if (evaluator.Matches(a, SchemeForEcosystem(a.package->ecosystem), p.version, &m.fixed,
                              &notes)) {
          m.entries.push_back(&a);
        }
        for (std::string& n : notes) {
          std::string line = record->id + " / " + p.name + ": " + n;
          if (warned.insert(line).second) report.warnings.push_back(std::move(line));
        }
      }
      if (!m.entries.empty()) matched.push_back(std::move(m));
    }
    if (matched.empty()) continue;
    report.packages.push_back(PackageVulns{i, MergeAliases(matched)});
  }
  return report;
}

}  // namespace fledger::sca::osv
