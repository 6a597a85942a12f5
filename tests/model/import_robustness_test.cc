// model import on hostile shapes of input: cycles of component parents, long chains and cycles of
// nested zones, many repeats of one name, many empty threats, numbers out of a double's range,
// names that are only markup, and mappings with many keys. Each case imports (or fails with an
// input error) at once; before the fixes these hung, threw or wrote a model that did not load.
#include <gtest/gtest.h>

#include <cstdio>
#include <set>

#include "model/import/import.h"
#include "model/import/import_internal.h"
#include "model/load.h"

namespace fledger::model {
namespace {

// The imported model written and loaded again.
Model Reload(const Result<ImportResult>& r, ImportFormat format) {
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().ToString());
  if (!r.ok()) return {};
  const std::string yaml = WriteImportedModelYaml(r.value().model, format);
  const auto m = LoadModel(yaml, "imported");
  EXPECT_TRUE(m.ok()) << (m.ok() ? "" : m.error().ToString());
  return m.ok() ? m.value() : Model{};
}

std::string Padded(int i) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "z%05d", i);
  return buf;
}

TEST(ModelImportRobustness, OtmCycleOfParentComponentsWithoutZoneEnds) {
  // c1 -> c2 -> c3 -> c2: the walk from c1 never meets c1 again.
  const char* otm = R"({"otmVersion": "0.2.0", "project": {"name": "p", "id": "p"},
    "components": [
      {"id": "c1", "name": "C1", "type": "web-service", "parent": {"component": "c2"}},
      {"id": "c2", "name": "C2", "type": "web-service", "parent": {"component": "c3"}},
      {"id": "c3", "name": "C3", "type": "web-service", "parent": {"component": "c2"}}]})";
  const Model m = Reload(ImportOtm(otm, "cycle.otm.json"), ImportFormat::kOtm);
  ASSERT_EQ(m.components.size(), 3u);
  for (const Component& c : m.components) EXPECT_FALSE(c.boundary) << c.id.str();
}

TEST(ModelImportRobustness, OtmComponentInheritsTheZoneOfItsParentChain) {
  const char* otm = R"({"otmVersion": "0.2.0", "project": {"name": "p", "id": "p"},
    "trustZones": [{"id": "dmz", "name": "DMZ"}],
    "components": [
      {"id": "c1", "name": "C1", "type": "web-service", "parent": {"component": "c2"}},
      {"id": "c2", "name": "C2", "type": "web-service", "parent": {"component": "c3"}},
      {"id": "c3", "name": "C3", "type": "web-service", "parent": {"trustZone": "dmz"}}]})";
  const Model m = Reload(ImportOtm(otm, "chain.otm.json"), ImportFormat::kOtm);
  ASSERT_EQ(m.components.size(), 3u);
  for (const Component& c : m.components) {
    ASSERT_TRUE(c.boundary) << c.id.str();
    EXPECT_EQ(c.boundary->str(), "dmz");
  }
}

// 5000 zones, each nested in the one before, and the first nested in the last: a cycle through
// all of them. The old check walked every chain with a linear search per step (minutes).
TEST(ModelImportRobustness, OtmFiveThousandNestedZonesWithACycle) {
  constexpr int kZones = 5000;
  std::string otm = R"({"otmVersion": "0.2.0", "project": {"name": "p", "id": "p"}, "trustZones": [)";
  for (int i = 0; i < kZones; ++i) {
    const std::string parent = Padded(i == 0 ? kZones - 1 : i - 1);
    otm += std::string(i ? "," : "") + R"({"id": ")" + Padded(i) + R"(", "name": "Zone )" +
           std::to_string(i) + R"(", "parent": {"trustZone": ")" + parent + R"("}})";
  }
  otm += "]}";
  const auto r = ImportOtm(otm, "zones.otm.json");
  const Model m = Reload(r, ImportFormat::kOtm);
  ASSERT_EQ(m.boundaries.size(), static_cast<size_t>(kZones));
  size_t roots = 0;
  for (const Boundary& b : m.boundaries) roots += b.parent ? 0 : 1;
  EXPECT_EQ(roots, 1u);  // one parent dropped breaks the one cycle
  ASSERT_TRUE(r.ok());
  const auto& notes = r.value().notes;
  EXPECT_NE(std::find(notes.begin(), notes.end(), "trust zone z00000: parent dropped (a cycle)"),
            notes.end());
}

TEST(ModelImportRobustness, PytmFiveThousandNestedBoundaries) {
  constexpr int kBoundaries = 5000;
  std::string pytm = R"({"boundaries": [)";
  for (int i = 0; i < kBoundaries; ++i) {
    pytm += std::string(i ? "," : "") + R"({"name": ")" + Padded(i) + R"(", "inBoundary": ")" +
            Padded(i == 0 ? kBoundaries - 1 : i - 1) + R"("})";
  }
  pytm += "]}";
  const Model m = Reload(ImportPytm(pytm, "tm.json"), ImportFormat::kPytm);
  ASSERT_EQ(m.boundaries.size(), static_cast<size_t>(kBoundaries));
  size_t roots = 0;
  for (const Boundary& b : m.boundaries) roots += b.parent ? 0 : 1;
  EXPECT_EQ(roots, 1u);
}

TEST(ModelImportRobustness, DropParentCyclesBreaksEachCycleOnceAtItsFirstBoundary) {
  auto b = [](const char* id, const char* parent) {
    Boundary x;
    x.id = ElementId::Parse(id).value();
    x.name = id;
    if (parent != nullptr) x.parent = ElementId::Parse(parent).value();
    return x;
  };
  // a <-> b is a cycle; c leads into it; d -> e -> d another; f is a root.
  std::vector<Boundary> list = {b("c", "a"), b("a", "b"), b("b", "a"), b("e", "d"),
                                b("d", "e"), b("f", nullptr)};
  const std::vector<ElementId> dropped = import_internal::DropParentCycles(list);
  ASSERT_EQ(dropped.size(), 2u);
  EXPECT_EQ(dropped[0].str(), "a");  // the first of a, b in the list
  EXPECT_EQ(dropped[1].str(), "e");
  EXPECT_TRUE(list[0].parent);  // c keeps its parent: it is on no cycle
  EXPECT_FALSE(list[1].parent);
  EXPECT_TRUE(list[2].parent);
  EXPECT_FALSE(list[3].parent);
  EXPECT_TRUE(list[4].parent);
}

TEST(ModelImportRobustness, IdMakerRepeatsOfOneNameStayDistinctAndFast) {
  import_internal::IdMaker ids;
  ASSERT_TRUE(ids.Reserve("same-3"));
  std::set<std::string> made;
  constexpr int kRepeats = 60000;  // quadratic before: ~1.8e9 set lookups
  for (int i = 0; i < kRepeats; ++i) made.insert(ids.Make("Same", "x").str());
  EXPECT_EQ(made.size(), static_cast<size_t>(kRepeats));
  EXPECT_TRUE(made.count("same") && made.count("same-2") && made.count("same-4"));
  EXPECT_FALSE(made.count("same-3"));  // reserved before
  // A name whose slug is an id already made takes the next suffix of its own.
  EXPECT_EQ(ids.Make("same 2", "x").str(), "same-2-2");
}

TEST(ModelImportRobustness, ThreatDragonManyEmptyThreatsHitTheElementBound) {
  std::string td = R"({"summary": {"title": "t"}, "detail": {"diagrams": [{"cells": [
    {"id": "p1", "shape": "process", "data": {"type": "tm.Process", "name": "P", "threats": [)";
  for (size_t i = 0; i < kMaxModelElements / 2 + 10; ++i) td += i ? ",{}" : "{}";
  td += "]}}]}]}}";
  const auto r = ImportThreatDragon(td, "td.json");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().ExitCode(), 2);
  EXPECT_NE(r.error().ToString().find("elements"), std::string::npos) << r.error().ToString();
  EXPECT_NE(r.error().ToString().find("td.json"), std::string::npos) << r.error().ToString();
}

TEST(ModelImportRobustness, OtmNumbersOutOfRangeAndHugeTrustRatings) {
  // YAML: 1e999 and 1e-999 are out of a double's range (kept as text, so the fallbacks apply).
  const char* yaml = "otmVersion: 0.2.0\nproject: {name: p, id: p}\n"
                     "trustZones:\n  - {id: big, name: Big, risk: {trustRating: 1e999}}\n"
                     "  - {id: tiny, name: Tiny, risk: {trustRating: 1e-999}}\n";
  const Model y = Reload(ImportOtm(yaml, "n.otm.yaml"), ImportFormat::kOtm);
  EXPECT_EQ(y.boundaries.size(), 2u);
  // JSON: a rating far beyond an int is clamped, not cast (undefined behaviour).
  const char* json = R"({"otmVersion": "0.2.0", "project": {"name": "p", "id": "p"},
    "trustZones": [{"id": "huge", "name": "Huge", "risk": {"trustRating": 1e300}},
                   {"id": "low", "name": "Low", "risk": {"trustRating": -1e300}}]})";
  const Model j = Reload(ImportOtm(json, "n.otm.json"), ImportFormat::kOtm);
  ASSERT_EQ(j.boundaries.size(), 2u);
  EXPECT_NE(j.boundaries[0].description.find("Trust rating: 1000000000."), std::string::npos)
      << j.boundaries[0].description;
  EXPECT_NE(j.boundaries[1].description.find("Trust rating: -1000000000."), std::string::npos)
      << j.boundaries[1].description;
}

TEST(ModelImportRobustness, PytmNamesOfMarkupOnlyFallBackToTheirIds) {
  const char* pytm = R"({"boundaries": [{"name": "<b>"}],
    "elements": [{"name": "<x>", "__class__": "Process", "inBoundary": "<b>"},
                 {"name": "<i></i>", "__class__": "Actor"}],
    "data": [{"name": "<d>"}],
    "assumptions": [{"name": "<a>"}]})";
  const Model m = Reload(ImportPytm(pytm, "tm.json"), ImportFormat::kPytm);
  ASSERT_EQ(m.boundaries.size(), 1u);
  ASSERT_EQ(m.components.size(), 1u);
  ASSERT_EQ(m.actors.size(), 1u);
  ASSERT_EQ(m.data.size(), 1u);
  ASSERT_EQ(m.assumptions.size(), 1u);
  EXPECT_EQ(m.boundaries[0].name, m.boundaries[0].id.str());
  EXPECT_EQ(m.components[0].name, m.components[0].id.str());
  EXPECT_EQ(m.actors[0].name, m.actors[0].id.str());
  EXPECT_EQ(m.data[0].name, m.data[0].id.str());
  EXPECT_EQ(m.assumptions[0].statement, m.assumptions[0].id.str());
}

TEST(ModelImportRobustness, ThreagileTitlesOfMarkupOnlyFallBackToTheirIds) {
  const std::string main =
      "title: T\n"
      "data_assets:\n  '<i></i>': {id: d}\n"
      "technical_assets:\n  '<b></b>': {id: a, data_assets_processed: [d]}\n"
      "trust_boundaries:\n  '<p></p>': {id: tb, technical_assets_inside: [a]}\n"
      "individual_risk_categories:\n"
      "  c1:\n    id: c1\n    title: C\n    stride: tampering\n"
      "    risks_identified:\n      '<u></u>': {most_relevant_technical_asset: a}\n";
  MapIncludeReader reader({{"main.yaml", main}});
  const Model m = Reload(ImportThreagile(main, "main.yaml", reader), ImportFormat::kThreagile);
  ASSERT_EQ(m.components.size(), 1u);
  ASSERT_EQ(m.data.size(), 1u);
  ASSERT_EQ(m.boundaries.size(), 1u);
  EXPECT_EQ(m.components[0].name, m.components[0].id.str());
  EXPECT_EQ(m.data[0].name, m.data[0].id.str());
  EXPECT_EQ(m.boundaries[0].name, m.boundaries[0].id.str());
  ASSERT_EQ(m.threats.size(), 1u);
  EXPECT_EQ(m.threats[0].title, m.threats[0].id.str());
}

TEST(ModelImportRobustness, YamlMappingWithManyKeysSpendsTheNodeBudget) {
  // 140 000 keys and their values: more nodes than kMaxTreeNodes. The old duplicate check
  // compared each key with all before it (~1e10 comparisons).
  std::string yaml = "otmVersion: 0.2.0\n";
  for (int i = 0; i < 140000; ++i) yaml += "k" + std::to_string(i) + ": 0\n";
  const auto r = ImportOtm(yaml, "keys.otm.yaml");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().ExitCode(), 2);
  EXPECT_NE(r.error().ToString().find("nodes"), std::string::npos) << r.error().ToString();
  // A key given twice is still an error at its line.
  const auto twice = ImportOtm("otmVersion: 0.2.0\na: 1\nb: 2\na: 3\n", "twice.otm.yaml");
  ASSERT_FALSE(twice.ok());
  EXPECT_NE(twice.error().ToString().find("twice.otm.yaml:4"), std::string::npos)
      << twice.error().ToString();
  // Merge keys still resolve: own keys over merged ones, the earlier merged mapping first.
  const auto merged = import_internal::YamlToJson(
      "base: &b {x: 1, y: 2}\nother: &o {y: 3, z: 4}\nm:\n  <<: [*b, *o]\n  x: 9\n", "m.yaml");
  ASSERT_TRUE(merged.ok()) << merged.error().ToString();
  EXPECT_EQ(merged.value()["m"]["x"], 9);
  EXPECT_EQ(merged.value()["m"]["y"], 2);
  EXPECT_EQ(merged.value()["m"]["z"], 4);
}

}  // namespace
}  // namespace fledger::model
