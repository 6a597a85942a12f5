// Facts of model elements for the rule library. Every fact is documented in docs/model.md
// ("Rules"); FactNames lists them, and the rule parser rejects any other name.
#include "model/rule_facts.h"

#include <algorithm>
#include <array>
#include <optional>

#include "core/text.h"
#include "model/check.h"
#include "model/scoring.h"

namespace fledger::model {
namespace {

constexpr std::array<std::string_view, 4> kLevels = {"low", "medium", "high", "critical"};
constexpr std::array<std::string_view, 5> kClasses = {"public", "internal", "confidential",
                                                      "restricted", "secret"};
constexpr std::array<std::string_view, 4> kQuantities = {"very-few", "few", "many", "very-many"};

std::string Bool(bool b) { return b ? "true" : "false"; }

void AddUnique(std::vector<std::string>& v, std::string s) {
  if (std::find(v.begin(), v.end(), s) == v.end()) v.push_back(std::move(s));
}

// The data facts ("data.classification", ...) of a set of data assets.
void AddDataFacts(Facts& f, const std::vector<const DataAsset*>& data) {
  auto& cls = f["data.classification"];
  auto& conf = f["data.confidentiality"];
  auto& integ = f["data.integrity"];
  auto& avail = f["data.availability"];
  auto& qty = f["data.quantity"];
  bool pii = false, credentials = false;
  for (const DataAsset* d : data) {
    AddUnique(cls, d->classification);
    AddUnique(conf, d->confidentiality);
    AddUnique(integ, d->integrity);
    AddUnique(avail, d->availability);
    AddUnique(qty, d->quantity);
    pii = pii || d->pii;
    credentials = credentials || d->credentials;
  }
  f["data.pii"] = {Bool(pii)};
  f["data.credentials"] = {Bool(credentials)};
  f["has_data"] = {Bool(!data.empty())};
}

// Lower-case words of free text, for `permissions`: letters, digits, '-', '_', ':' and '*'.
std::vector<std::string> Words(std::string_view text) {
  std::vector<std::string> out;
  std::string word;
  for (const char ch : text) {
    const char c = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == ':' ||
        c == '*') {
      word += c;
    } else if (!word.empty()) {
      AddUnique(out, std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) AddUnique(out, std::move(word));
  return out;
}

}  // namespace

int ScaleRank(std::string_view value, std::string_view scale_of) {
  auto rank = [&](const auto& scale) -> std::optional<int> {
    if (std::find(scale.begin(), scale.end(), scale_of) == scale.end()) return std::nullopt;
    const auto at = std::find(scale.begin(), scale.end(), value);
    return at == scale.end() ? -1 : static_cast<int>(at - scale.begin());
  };
  if (const auto r = rank(kLevels)) return *r;
  if (const auto r = rank(kClasses)) return *r;
  if (const auto r = rank(kQuantities)) return *r;
  return -1;
}

FactIndex::FactIndex(const RuleLibrary& lib, const Model& m) {
  std::map<ElementId, std::vector<std::string>> tags;
  for (const Component& c : m.components) {
    tags[c.id] = TechnologyTags(lib, c.technology);
    for (const auto& t : tags[c.id]) AddUnique(system_["tags"], t);
  }
  for (const Actor& a : m.actors) AddUnique(system_["actor_kinds"], a.kind);
  system_["has_boundaries"] = {Bool(!m.boundaries.empty())};
  for (auto* v : {&system_["tags"], &system_["actor_kinds"]}) std::sort(v->begin(), v->end());

  // The innermost boundary of each component ("" for none), and what its components hold: how
  // many there are, and how many have each tag and each exposure (a component's peers are the
  // zone less itself).
  struct Zone {
    size_t size = 0;
    std::map<std::string, size_t> tags, exposures;
  };
  std::map<std::string, Zone> zones;
  for (const Component& c : m.components) {
    Zone& z = zones[c.boundary ? c.boundary->str() : ""];
    ++z.size;
    for (const auto& t : tags[c.id]) ++z.tags[t];
    ++z.exposures[c.exposure];
  }

  auto endpoint = [&](const ElementId& id, std::string& kind, std::vector<std::string>& ts) {
    if (const Actor* a = m.FindActor(id)) {
      kind = a->kind;
      return !a->trusted || a->kind == "attacker";
    }
    if (const Component* c = m.FindComponent(id)) {
      kind = c->kind;
      ts = tags[c->id];
      return c->exposure == "internet";
    }
    return false;
  };

  for (const Component& c : m.components) {
    Facts& f = facts_[c.id];
    f["kind"] = {c.kind};
    f["technology"] = {ToLower(c.technology)};
    f["tags"] = tags[c.id];
    f["exposure"] = {c.exposure};
    f["authentication"] = {c.authentication};
    f["has_permissions"] = {Bool(!c.permissions.empty())};
    f["permissions"] = Words(c.permissions);
    f["audit_log"] = {c.audit_log ? Bool(*c.audit_log) : "unknown"};
    f["in_boundary"] = {Bool(c.boundary.has_value())};
    auto& kinds = f["boundary_kinds"];
    for (const ElementId& b : BoundaryChain(m, c.id)) {
      if (const Boundary* bd = m.FindBoundary(b)) AddUnique(kinds, bd->kind);
    }
    const Zone& zone = zones[c.boundary ? c.boundary->str() : ""];
    f["isolated"] = {Bool(c.boundary.has_value() && zone.size == 1)};
    const auto& own_tags = tags[c.id];
    auto& peer_tags = f["peer_tags"];
    for (const auto& [tag, n] : zone.tags) {
      const bool own = std::find(own_tags.begin(), own_tags.end(), tag) != own_tags.end();
      if (n > (own ? 1u : 0u)) peer_tags.push_back(tag);
    }
    auto& peer_exposure = f["peer_exposure"];
    for (const auto& [exposure, n] : zone.exposures) {
      if (n > (exposure == c.exposure ? 1u : 0u)) peer_exposure.push_back(exposure);
    }
    f["has_paths"] = {Bool(!c.paths.empty())};
    bool incoming = false, outgoing = false, untrusted = c.exposure == "internet";
    auto& callers = f["callers"];
    auto& caller_tags = f["caller_tags"];
    auto& callees = f["callees"];
    auto& callee_tags = f["callee_tags"];
    for (const Flow* flow : m.FlowsAt(c.id)) {
      const Flow& fl = *flow;
      std::string kind;
      std::vector<std::string> ts;
      if (fl.target == c.id) {
        incoming = true;
        untrusted = endpoint(fl.source, kind, ts) || untrusted;
        AddUnique(callers, kind);
        for (auto& t : ts) AddUnique(caller_tags, t);
      }
      if (fl.source == c.id) {
        outgoing = true;
        endpoint(fl.target, kind, ts);
        AddUnique(callees, kind);
        for (auto& t : ts) AddUnique(callee_tags, t);
      }
    }
    f["has_incoming"] = {Bool(incoming)};
    f["has_outgoing"] = {Bool(outgoing)};
    f["untrusted_callers"] = {Bool(untrusted)};
    AddDataFacts(f, DataReached(m, c.id));
    f.erase("has_data");
    f["has_data"] = {Bool(!c.data.empty())};  // its own data, not what flows carry
  }

  for (const Actor& a : m.actors) {
    Facts& f = facts_[a.id];
    f["kind"] = {"actor"};
    f["actor_kind"] = {a.kind};
    f["trusted"] = {Bool(a.trusted && a.kind != "attacker")};
  }

  for (const Flow& fl : m.flows) {
    Facts& f = facts_[fl.id];
    f["protocol"] = {ToLower(fl.protocol)};
    f["encrypted"] = {Bool(fl.encrypted)};
    f["authentication"] = {fl.authentication};
    f["authorization"] = {Bool(fl.authorization)};
    f["crosses_boundary"] = {Bool(BoundaryChain(m, fl.source) != BoundaryChain(m, fl.target))};
    std::vector<const DataAsset*> carried;
    for (const ElementId& d : fl.data) {
      if (const DataAsset* da = m.FindData(d)) carried.push_back(da);
    }
    AddDataFacts(f, carried);
  }

  // Who stores and who carries each data asset.
  std::map<ElementId, std::vector<const Component*>> stored_by;
  std::map<ElementId, std::vector<const Flow*>> carried_by;
  for (const Component& c : m.components) {
    for (const ElementId& d : c.data) stored_by[d].push_back(&c);
  }
  for (const Flow& fl : m.flows) {
    for (const ElementId& d : fl.data) carried_by[d].push_back(&fl);
  }
  for (const DataAsset& d : m.data) {
    Facts& f = facts_[d.id];
    f["classification"] = {d.classification};
    f["confidentiality"] = {d.confidentiality};
    f["integrity"] = {d.integrity};
    f["availability"] = {d.availability};
    f["quantity"] = {d.quantity};
    f["pii"] = {Bool(d.pii)};
    f["credentials"] = {Bool(d.credentials)};
    bool used = false, clear = false;
    auto& stored_in = f["stored_in_tags"];
    auto& stored_kinds = f["stored_in_kinds"];
    for (const Component* c : stored_by[d.id]) {
      used = true;
      AddUnique(stored_kinds, c->kind);
      for (const auto& t : tags[c->id]) AddUnique(stored_in, t);
    }
    for (const Flow* fl : carried_by[d.id]) {
      used = true;
      clear = clear || !fl->encrypted;
    }
    f["used"] = {Bool(used)};
    f["carried_unencrypted"] = {Bool(clear)};
  }
}

const Facts& FactIndex::Of(const ElementId& id) const {
  const auto it = facts_.find(id);
  return it == facts_.end() ? empty_ : it->second;
}

bool Holds(const Conjunction& c, const Facts& self, const Facts* source, const Facts* target,
           const Facts& system) {
  for (const FactTest& t : c) {
    const Facts* in = &self;
    std::string_view name = t.fact;
    if (name.rfind("source.", 0) == 0) {
      in = source;
      name.remove_prefix(7);
    } else if (name.rfind("target.", 0) == 0) {
      in = target;
      name.remove_prefix(7);
    } else if (name.rfind("system.", 0) == 0) {
      in = &system;
      name.remove_prefix(7);
    }
    static const std::vector<std::string> kNone;
    const std::vector<std::string>* values = &kNone;
    if (in != nullptr) {
      if (const auto it = in->find(name); it != in->end()) values = &it->second;
    }
    auto has = [&](const std::string& v) {
      return std::find(values->begin(), values->end(), v) != values->end();
    };
    switch (t.op) {
      case FactTest::Op::kAnyOf:
        if (std::none_of(t.values.begin(), t.values.end(), has)) return false;
        break;
      case FactTest::Op::kNoneOf:
        if (std::any_of(t.values.begin(), t.values.end(), has)) return false;
        break;
      case FactTest::Op::kAtLeast: {
        const int floor = ScaleRank(t.values.front(), t.values.front());
        if (std::none_of(values->begin(), values->end(), [&](const std::string& v) {
              return ScaleRank(v, t.values.front()) >= floor;
            })) {
          return false;
        }
        break;
      }
    }
  }
  return true;
}

}  // namespace fledger::model
