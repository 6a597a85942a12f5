// Tests for DiffModels and the `model diff` gate (model/diff.h): elements added, removed and
// changed field by field, generated threats added and removed by id, and each way a new high
// risk stops gating (impact, assumption, active control, accepted threat).
#include "model/diff.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "model/load.h"

namespace fledger::model {
namespace {

// A user reaches `api` over TLS with a session; `api` keeps orders in `db`, inside one boundary.
const char kBefore[] = R"(version: 1
name: shop
actors:
  - {id: user, name: User}
boundaries:
  - {id: core, name: Core}
components:
  - {id: api, name: API, paths: [api/], exposure: internet, authentication: session,
     permissions: RBAC, audit_log: true, boundary: core}
  - {id: db, name: DB, kind: data-store, paths: [db/], authentication: password, audit_log: true,
     boundary: core, data: [orders]}
data:
  - {id: orders, name: Orders, classification: internal}
flows:
  - {id: login, source: user, target: api, protocol: https, encrypted: true,
     authentication: session, authorization: true}
  - {id: query, source: api, target: db, protocol: postgres, encrypted: true,
     authentication: password, authorization: true, data: [orders]}
)";

Model Load(const std::string& text) {
  const auto m = LoadModel(text, "model.yaml");
  EXPECT_TRUE(m.ok()) << (m.ok() ? "" : m.error().ToString());
  return m.ok() ? m.value() : Model{};
}

ModelDiff Diff(const std::string& before, const std::string& after) {
  const Model a = Load(before);
  const Model b = Load(after);
  return DiffModels(a, Analyze(a), b, Analyze(b));
}

std::string Replace(std::string text, const std::string& from, const std::string& to) {
  const size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

const ElementChange* Find(const ModelDiff& d, const std::string& kind, const std::string& id) {
  for (const auto& c : d.elements) {
    if (c.kind == kind && c.id == id) return &c;
  }
  return nullptr;
}

// The same model, with `cache`: an internet-exposed process without authentication that holds
// secret credentials, reached in clear: new threats of high or critical impact.
std::string WithCache(const std::string& extra = "") {
  std::string text = Replace(kBefore, "data:\n", R"(  - {id: cache, name: Cache, paths: [cache/], exposure: internet, authentication: none,
     boundary: core, data: [keys]}
data:
  - {id: keys, name: Keys, classification: secret, confidentiality: critical, credentials: true}
)");
  return text + extra;
}

TEST(ModelDiff, IdenticalModelsHaveNoChanges) {
  const ModelDiff d = Diff(kBefore, kBefore);
  EXPECT_TRUE(d.elements.empty());
  EXPECT_TRUE(d.threats_added.empty());
  EXPECT_TRUE(d.threats_removed.empty());
  EXPECT_EQ(d.new_high_risks, 0u);
}

TEST(ModelDiff, LinesAloneAreNotAChange) {
  EXPECT_TRUE(Diff(kBefore, std::string("# a comment moves every line\n\n") + kBefore)
                  .elements.empty());
}

TEST(ModelDiff, ChangedFieldsAreListedWithBeforeAndAfter) {
  std::string after = Replace(kBefore, "classification: internal", "classification: restricted");
  after = Replace(after, "protocol: postgres, encrypted: true", "protocol: postgres, encrypted: false");
  after = Replace(after, "name: shop", "name: shop v2");
  const ModelDiff d = Diff(kBefore, after);
  ASSERT_EQ(d.elements.size(), 3u);
  EXPECT_EQ(d.elements[0].kind, "model");  // in the order of the file's sections
  EXPECT_EQ(d.elements[1].kind, "data");
  EXPECT_EQ(d.elements[2].kind, "flow");
  const ElementChange* data = Find(d, "data", "orders");
  ASSERT_NE(data, nullptr);
  EXPECT_EQ(data->type, ElementChange::Type::kChanged);
  ASSERT_EQ(data->fields.size(), 1u);
  EXPECT_EQ(data->fields[0].field, "classification");
  EXPECT_EQ(data->fields[0].before, "internal");
  EXPECT_EQ(data->fields[0].after, "restricted");
  const ElementChange* flow = Find(d, "flow", "query");
  ASSERT_NE(flow, nullptr);
  ASSERT_EQ(flow->fields.size(), 1u);
  EXPECT_EQ(flow->fields[0].field, "encrypted");
  EXPECT_EQ(flow->summary, "api -> db (postgres)");
  // The clear-text flow brings the unencrypted-flow threats.
  std::vector<std::string> added;
  for (const auto& r : d.threats_added) added.push_back(r.threat.id);
  EXPECT_NE(std::find(added.begin(), added.end(), "stride-disclosure-unencrypted-flow@query"),
            added.end());
  EXPECT_TRUE(d.threats_removed.empty());
  // And back: the same threats, removed.
  const ModelDiff back = Diff(after, kBefore);
  EXPECT_EQ(back.threats_removed.size(), d.threats_added.size());
  EXPECT_TRUE(back.threats_added.empty());
  EXPECT_EQ(back.new_high_risks, 0u);
}

TEST(ModelDiff, AddedAndRemovedElementsAndTheirThreats) {
  const ModelDiff d = Diff(kBefore, WithCache());
  const ElementChange* cache = Find(d, "component", "cache");
  ASSERT_NE(cache, nullptr);
  EXPECT_EQ(cache->type, ElementChange::Type::kAdded);
  EXPECT_EQ(cache->summary, "Cache");
  ASSERT_NE(Find(d, "data", "keys"), nullptr);
  EXPECT_FALSE(d.threats_added.empty());
  EXPECT_TRUE(std::is_sorted(d.threats_added.begin(), d.threats_added.end(),
                             [](const NewRisk& x, const NewRisk& y) { return x.threat.id < y.threat.id; }));
  for (const auto& r : d.threats_added) {
    EXPECT_EQ(r.gates, r.accepted.empty()) << r.threat.id;
    const bool high = r.threat.impact == "high" || r.threat.impact == "critical";
    if (!high) {
      EXPECT_EQ(r.accepted, "impact " + r.threat.impact) << r.threat.id;
    }
    if (high) {
      EXPECT_TRUE(r.gates) << r.threat.id;  // nothing in the model accepts them yet
    }
  }
  EXPECT_GT(d.new_high_risks, 0u);
  const ModelDiff removed = Diff(WithCache(), kBefore);
  EXPECT_EQ(Find(removed, "component", "cache")->type, ElementChange::Type::kRemoved);
  EXPECT_EQ(removed.threats_removed.size(), d.threats_added.size());
  EXPECT_EQ(removed.new_high_risks, 0u);
}

// The ids of the threats that gate in `d`.
std::vector<std::string> Gating(const ModelDiff& d) {
  std::vector<std::string> ids;
  for (const auto& r : d.threats_added) {
    if (r.gates) ids.push_back(r.threat.id);
  }
  return ids;
}

TEST(ModelDiff, AnActiveControlNamingTheThreatStopsItGating) {
  const std::vector<std::string> gating = Gating(Diff(kBefore, WithCache()));
  ASSERT_FALSE(gating.empty());
  const std::string& id = gating.front();
  const std::string planned =
      "controls:\n  - {id: c1, name: Fix, status: planned, mitigates: [\"" + id + "\"]}\n";
  EXPECT_EQ(Gating(Diff(kBefore, WithCache(planned))), gating);  // planned: not yet
  std::string active = planned;
  active.replace(active.find("planned"), 7, "active");
  const ModelDiff d = Diff(kBefore, WithCache(active));
  EXPECT_EQ(Gating(d).size(), gating.size() - 1);
  for (const auto& r : d.threats_added) {
    if (r.threat.id == id) {
      EXPECT_EQ(r.accepted, "mitigated by active control c1");
    }
  }
}

TEST(ModelDiff, AnAcceptedThreatCoveringItStopsItGating) {
  const ModelDiff d0 = Diff(kBefore, WithCache());
  const auto it = std::find_if(d0.threats_added.begin(), d0.threats_added.end(),
                               [](const NewRisk& r) { return r.gates; });
  ASSERT_NE(it, d0.threats_added.end());
  const GeneratedThreat& t = it->threat;
  std::string elements;
  for (const auto& e : t.elements) elements += (elements.empty() ? "" : ", ") + e;
  const auto written = [&](const std::string& status, const std::string& category) {
    return "threats:\n  - {id: t1, title: Known, category: " + category + ", elements: [" +
           elements + "], status: " + status + "}\n";
  };
  EXPECT_EQ(Gating(Diff(kBefore, WithCache(written("open", t.category)))), Gating(d0));
  const ModelDiff accepted = Diff(kBefore, WithCache(written("accepted", t.category)));
  for (const auto& r : accepted.threats_added) {
    if (r.threat.id == t.id) {
      EXPECT_EQ(r.accepted, "accepted as threat t1");
    }
  }
  EXPECT_LT(accepted.new_high_risks, d0.new_high_risks);
  const std::string other =
      t.category == "spoofing" ? "tampering" : "spoofing";  // another category covers nothing
  const ModelDiff wrong = Diff(kBefore, WithCache(written("false-positive", other)));
  for (const auto& r : wrong.threats_added) {
    if (r.threat.id == t.id) {
      EXPECT_TRUE(r.gates);
    }
  }
}

// `covers` is a field of a written threat: a change of it is listed (and can change the gate).
TEST(ModelDiff, AChangeOfCoversIsListed) {
  const std::string threat =
      "threats:\n  - {id: t1, title: Known, category: tampering, elements: [api], status: accepted, "
      "covers: [%s]}\n";
  auto with = [&](const std::string& covers) {
    std::string t = threat;
    t.replace(t.find("%s"), 2, covers);
    return std::string(kBefore) + t;
  };
  const ModelDiff d = Diff(with("stride-tampering@api"), with("stride-tampering@api, other@db"));
  const ElementChange* c = Find(d, "threat", "t1");
  ASSERT_NE(c, nullptr);
  ASSERT_EQ(c->fields.size(), 1u);
  EXPECT_EQ(c->fields[0].field, "covers");
  EXPECT_NE(c->fields[0].before, c->fields[0].after);
  EXPECT_NE(c->fields[0].after.find("other@db"), std::string::npos) << c->fields[0].after;
}

TEST(ModelDiff, AnAssumptionExcludingItStopsItGatingUnlessRejected) {
  const ModelDiff d0 = Diff(kBefore, WithCache());
  const std::string excludes_all =
      "assumptions:\n  - {id: a1, statement: It is fine, status: STATUS, excludes: [spoofing, "
      "tampering, repudiation, information-disclosure, denial-of-service, "
      "elevation-of-privilege]}\n";
  std::string unverified = excludes_all;
  unverified.replace(unverified.find("STATUS"), 6, "unverified");
  const ModelDiff excluded = Diff(kBefore, WithCache(unverified));
  EXPECT_EQ(excluded.new_high_risks, 0u);
  for (const auto& r : excluded.threats_added) {
    if (r.threat.impact == "high" || r.threat.impact == "critical") {
      EXPECT_EQ(r.accepted, "excluded by a1") << r.threat.id;
    }
  }
  std::string rejected = excludes_all;
  rejected.replace(rejected.find("STATUS"), 6, "rejected");
  EXPECT_EQ(Diff(kBefore, WithCache(rejected)).new_high_risks, d0.new_high_risks);
}

}  // namespace
}  // namespace fledger::model
