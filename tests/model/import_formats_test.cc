// model import from OTM, Threat Dragon and pytm, format detection, and model export --format otm:
// every corpus model imports and loads, goldens, pytm's own diagram of a model against ours, the
// export against otm_schema.json, and export then import giving the same elements.
#include <gtest/gtest.h>

#include <cstdlib>
#include <regex>
#include <set>

#include "model/import/import.h"
#include "model/load.h"
#include "model/render/render.h"
#include "test_util.h"

namespace fledger::model {
namespace {

using testing::CompareGolden;
using testing::ReadFile;
using testing::SourceDir;

const std::filesystem::path kDir = SourceDir() / "testdata/model/import";

Model ImportAndLoad(const std::filesystem::path& file, ImportFormat want) {
  const std::string text = ReadFile(file);
  const auto format = DetectImportFormat(text, file.filename().string());
  EXPECT_TRUE(format.ok() && format.value() == want) << file;
  MapIncludeReader none({});
  const auto r = ImportModel(want, text, file.filename().string(), none);
  EXPECT_TRUE(r.ok()) << file << ": " << (r.ok() ? "" : r.error().ToString());
  if (!r.ok()) return {};
  const std::string yaml = WriteImportedModelYaml(r.value().model, want);
  const auto m = LoadModel(yaml, file.filename().string());
  EXPECT_TRUE(m.ok()) << file << ": " << (m.ok() ? "" : m.error().ToString());
  return m.ok() ? m.value() : Model{};
}

std::vector<std::filesystem::path> Files(const std::filesystem::path& dir, const std::string& ext) {
  std::vector<std::filesystem::path> out;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    const std::string name = e.path().filename().string();
    if (name.size() > ext.size() && name.compare(name.size() - ext.size(), ext.size(), ext) == 0 &&
        name != "otm_schema.json") {
      out.push_back(e.path());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST(ModelImportOtm, EveryCorpusModelImportsAndLoads) {
  auto files = Files(kDir / "otm", ".otm.yaml");
  for (const auto& f : Files(kDir / "otm", ".json")) files.push_back(f);
  files.push_back(kDir / "otm/EXAMPLE.yaml");
  ASSERT_GE(files.size(), 10u);
  for (const auto& f : files) ImportAndLoad(f, ImportFormat::kOtm);
  const Model example = ImportAndLoad(kDir / "otm/EXAMPLE.json", ImportFormat::kOtm);
  EXPECT_FALSE(example.components.empty());
  EXPECT_FALSE(example.threats.empty());
  // The same model in JSON and in YAML imports the same.
  const Model yaml = ImportAndLoad(kDir / "otm/EXAMPLE.yaml", ImportFormat::kOtm);
  EXPECT_EQ(WriteImportedModelYaml(example, ImportFormat::kOtm),
            WriteImportedModelYaml(yaml, ImportFormat::kOtm));
}

TEST(ModelImportOtm, ManualModelMatchesGolden) {
  const Model m = ImportAndLoad(kDir / "otm/manual_threat_model.otm.yaml", ImportFormat::kOtm);
  EXPECT_EQ(CompareGolden(kDir / "golden/manual_threat_model.yaml",
                          WriteImportedModelYaml(m, ImportFormat::kOtm)),
            "");
  ASSERT_EQ(m.components.size(), 3u);
  EXPECT_EQ(m.boundaries.size(), 3u);
  EXPECT_EQ(m.flows.size(), 2u);
}

TEST(ModelImportThreatDragon, EveryDemoModelImportsV1AndV2) {
  auto files = Files(kDir / "threat-dragon/demo", ".json");
  for (const auto& f : Files(kDir / "threat-dragon/v1", ".json")) files.push_back(f);
  ASSERT_EQ(files.size(), 11u);
  size_t threats = 0;
  for (const auto& f : files) threats += ImportAndLoad(f, ImportFormat::kThreatDragon).threats.size();
  EXPECT_GT(threats, 20u);
  const Model m = ImportAndLoad(kDir / "threat-dragon/demo/three-tier-web-app.json",
                                ImportFormat::kThreatDragon);
  EXPECT_EQ(CompareGolden(kDir / "golden/three-tier-web-app.yaml",
                          WriteImportedModelYaml(m, ImportFormat::kThreatDragon)),
            "");
  // Geometry: the boxes nest, and components sit in the smallest box holding them.
  size_t bounded = 0;
  for (const auto& c : m.components) bounded += c.boundary ? 1 : 0;
  EXPECT_GT(bounded, 0u);
}

// The nodes (labels) and edges (label pairs) of a Graphviz file pytm wrote: a small reader for
// its layout only (one statement per line), enough for the test.
struct Dot {
  std::set<std::string> nodes;
  std::set<std::pair<std::string, std::string>> edges;
};
Dot ReadPytmDot(const std::string& text) {
  Dot dot;
  std::map<std::string, std::string> label_of;
  static const std::regex kNode(R"(^\s*([A-Za-z0-9_]+) \[\s*$)");
  static const std::regex kEdge(R"(^\s*([A-Za-z0-9_]+) -> ([A-Za-z0-9_]+) \[\s*$)");
  static const std::regex kLabel(R"re(^\s*x?label = "(.*)";\s*$)re");
  std::string current;
  std::vector<std::pair<std::string, std::string>> raw_edges;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    std::smatch match;
    if (std::regex_match(line, match, kEdge)) {
      raw_edges.emplace_back(match[1], match[2]);
      current.clear();
    } else if (std::regex_match(line, match, kNode) && line.find("graph") == std::string::npos &&
               line.find(" node ") == std::string::npos && line.find("edge") == std::string::npos) {
      current = match[1];
    } else if (!current.empty() && std::regex_match(line, match, kLabel) && !match[1].str().empty()) {
      label_of[current] = match[1];
    }
  }
  for (const auto& [id, label] : label_of) dot.nodes.insert(label);
  for (const auto& [from, to] : raw_edges) dot.edges.emplace(label_of.at(from), label_of.at(to));
  return dot;
}

TEST(ModelImportPytm, DiagramHasPytmsNodesAndEdges) {
  const Dot expected = ReadPytmDot(ReadFile(kDir / "pytm/dfd.dot"));
  ASSERT_EQ(expected.nodes.size(), 4u);
  ASSERT_EQ(expected.edges.size(), 6u);
  const Model m = ImportAndLoad(kDir / "pytm/dfd-model.json", ImportFormat::kPytm);
  Dot ours;
  std::map<std::string, std::string> name_of;
  for (const auto& a : m.actors) name_of[a.id.str()] = a.name;
  for (const auto& c : m.components) name_of[c.id.str()] = c.name;
  for (const auto& [id, name] : name_of) ours.nodes.insert(name);
  for (const auto& f : m.flows) ours.edges.emplace(name_of[f.source.str()], name_of[f.target.str()]);
  EXPECT_EQ(ours.nodes, expected.nodes);
  EXPECT_EQ(ours.edges, expected.edges);
  EXPECT_EQ(m.flows.size(), 6u);
  // pytm's nesting: dmz and backend inside Company net.
  ASSERT_NE(m.FindBoundary(ElementId::Parse("dmz").value()), nullptr);
  EXPECT_EQ(m.FindBoundary(ElementId::Parse("dmz").value())->parent->str(), "company-net");
}

// The bar of issue 8: the imported pytm model's diagram (`fledger model diagram`, DOT) has the
// nodes and edges of the diagram pytm drew for it.
TEST(ModelImportPytm, OurDotDiagramHasPytmsNodesAndEdges) {
  const Dot expected = ReadPytmDot(ReadFile(kDir / "pytm/dfd.dot"));
  const Model m = ImportAndLoad(kDir / "pytm/dfd-model.json", ImportFormat::kPytm);
  const std::string dot = render::RenderDot(m);
  static const std::regex kNode(R"re(^\s*"([^"]+)" \[label="([^"\\]*))re");
  static const std::regex kEdge(R"re(^\s*"([^"]+)" -> "([^"]+)" \[)re");
  std::map<std::string, std::string> label_of;
  std::vector<std::pair<std::string, std::string>> edges;
  std::istringstream in(dot);
  for (std::string line; std::getline(in, line);) {
    std::smatch match;
    if (std::regex_search(line, match, kEdge)) {
      edges.emplace_back(match[1], match[2]);
    } else if (std::regex_search(line, match, kNode)) {
      label_of[match[1]] = match[2];  // the first label line: the element's name
    }
  }
  Dot ours;
  for (const auto& [id, label] : label_of) ours.nodes.insert(label);
  for (const auto& [from, to] : edges) ours.edges.emplace(label_of.at(from), label_of.at(to));
  EXPECT_EQ(ours.nodes, expected.nodes);
  EXPECT_EQ(ours.edges, expected.edges);
}

TEST(ModelImportPytm, InputAndOutputModelsImport) {
  const Model in = ImportAndLoad(kDir / "pytm/input-model.json", ImportFormat::kPytm);
  EXPECT_EQ(CompareGolden(kDir / "golden/pytm-input-model.yaml",
                          WriteImportedModelYaml(in, ImportFormat::kPytm)),
            "");
  EXPECT_EQ(in.actors.size(), 1u);
  EXPECT_EQ(in.components.size(), 2u);
  const Model out = ImportAndLoad(kDir / "pytm/output-model.json", ImportFormat::kPytm);
  EXPECT_EQ(out.components.size(), 4u);
  EXPECT_EQ(out.flows.size(), 6u);
  EXPECT_EQ(out.data.size(), 1u);
}

TEST(ModelImportDetect, UnknownFormatsAreErrors) {
  EXPECT_FALSE(DetectImportFormat("{\"x\": 1}", "x.json").ok());
  EXPECT_FALSE(DetectImportFormat("a: 1\n", "x.yaml").ok());
  EXPECT_FALSE(DetectImportFormat("{", "x.json").ok());
  EXPECT_FALSE(ParseImportFormat("visio").ok());
  EXPECT_EQ(ParseImportFormat("threat-dragon").value(), ImportFormat::kThreatDragon);
  MapIncludeReader none({});
  EXPECT_FALSE(ImportModel(ImportFormat::kPytm, "[1]", "x.json", none).ok());
  EXPECT_FALSE(ImportModel(ImportFormat::kThreatDragon, "{}", "x.json", none).ok());
  EXPECT_FALSE(ImportModel(ImportFormat::kOtm, "{}", "x.json", none).ok());
  EXPECT_FALSE(ImportModel(ImportFormat::kPytm,
                           R"({"flows": [{"name": "f", "source": "a", "sink": "b"}]})", "x.json",
                           none).ok());
}

Model Example() {
  const auto m = LoadModel(ReadFile(SourceDir() / "examples/vulnshop/threatmodel.yaml"), "vulnshop");
  EXPECT_TRUE(m.ok());
  return m.ok() ? m.value() : Model{};
}

// Required members and types of otm_schema.json, checked without a validator.
void ExpectOtmShape(const nlohmann::json& doc) {
  ASSERT_TRUE(doc["otmVersion"].is_string());
  ASSERT_TRUE(doc["project"]["name"].is_string());
  ASSERT_TRUE(doc["project"]["id"].is_string());
  for (const auto& z : doc["trustZones"]) {
    EXPECT_TRUE(z["id"].is_string() && z["name"].is_string() && z["risk"]["trustRating"].is_number());
  }
  for (const auto& c : doc["components"]) {
    EXPECT_TRUE(c["id"].is_string() && c["name"].is_string() && c["type"].is_string());
    EXPECT_TRUE(c["parent"].contains("trustZone") || c["parent"].contains("component"));
    for (const auto& t : c["threats"]) EXPECT_TRUE(t["threat"].is_string() && t["state"].is_string());
  }
  for (const auto& d : doc["dataflows"]) {
    EXPECT_TRUE(d["id"].is_string() && d["name"].is_string() && d["source"].is_string() &&
                d["destination"].is_string());
  }
  for (const auto& a : doc["assets"]) EXPECT_TRUE(a["risk"]["confidentiality"].is_number());
  for (const auto& t : doc["threats"]) {
    EXPECT_TRUE(t["risk"]["likelihood"].is_number() && t["risk"]["impact"].is_number());
  }
  for (const auto& mi : doc["mitigations"]) EXPECT_TRUE(mi["riskReduction"].is_number());
}

TEST(ModelExportOtm, ExampleExportIsValidOtm) {
  const std::string otm = ExportOtm(Example());
  const auto doc = nlohmann::json::parse(otm);
  ExpectOtmShape(doc);
  EXPECT_FALSE(doc["components"].empty());
  // With Debian's python3-jsonschema, the full schema too.
  if (std::system("/usr/bin/python3 -c 'import jsonschema' 2>/dev/null") != 0) {
    GTEST_SKIP() << "python3-jsonschema is not installed: required members checked only";
  }
  testing::TempDir dir;
  const auto file = dir.Write("vulnshop.otm.json", otm);
  const std::string cmd = "/usr/bin/python3 -c 'import json,sys,jsonschema; "
                          "jsonschema.validate(json.load(open(sys.argv[2])), json.load(open(sys.argv[1])))' '" +
                          (kDir / "otm/otm_schema.json").string() + "' '" + file.string() + "'";
  EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
}

TEST(ModelExportOtm, ExportThenImportKeepsTheElements) {
  const Model original = Example();
  MapIncludeReader none({});
  const auto back = ImportModel(ImportFormat::kOtm, ExportOtm(original), "x.otm.json", none);
  ASSERT_TRUE(back.ok()) << back.error().ToString();
  const Model& m = back.value().model;
  auto components = [](const Model& x) {
    std::vector<std::tuple<std::string, std::string, std::string, std::string, std::string,
                           std::string>> out;
    for (const auto& c : x.components) {
      out.emplace_back(c.id.str(), c.name, c.kind, c.exposure, c.authentication,
                       c.boundary ? c.boundary->str() : "");
    }
    std::sort(out.begin(), out.end());
    return out;
  };
  auto flows = [](const Model& x) {
    std::vector<std::tuple<std::string, std::string, std::string, std::string, bool, std::string>> out;
    for (const auto& f : x.flows) {
      out.emplace_back(f.id.str(), f.source.str(), f.target.str(), f.protocol, f.encrypted,
                       f.authentication);
    }
    std::sort(out.begin(), out.end());
    return out;
  };
  auto boundaries = [](const Model& x) {
    std::vector<std::tuple<std::string, std::string, std::string, std::string>> out;
    for (const auto& b : x.boundaries) {
      out.emplace_back(b.id.str(), b.name, b.kind, b.parent ? b.parent->str() : "");
    }
    std::sort(out.begin(), out.end());
    return out;
  };
  EXPECT_EQ(components(m), components(original));
  EXPECT_EQ(flows(m), flows(original));
  EXPECT_EQ(boundaries(m), boundaries(original));
  EXPECT_EQ(m.actors.size(), original.actors.size());
  EXPECT_EQ(m.data.size(), original.data.size());
  EXPECT_EQ(m.threats.size(), original.threats.size());
  EXPECT_TRUE(LoadModel(WriteImportedModelYaml(m, ImportFormat::kOtm), "back").ok());
}

}  // namespace
}  // namespace fledger::model
