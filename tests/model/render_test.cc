// Tests for the diagrams (model/render/render.h): DOT and Mermaid goldens of the bundled example
// and of a model with nested boundaries and hostile labels, the escaping of each syntax, and the
// SVG that the Graphviz library lays out in process.
#include "model/render/render.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "model/load.h"
#include "test_util.h"

namespace fledger::model::render {
namespace {

using testing::CompareGolden;
using testing::ReadFile;
using testing::SourceDir;

Model LoadFile(const std::filesystem::path& path) {
  const auto m = LoadModel(ReadFile(path), path.filename().string());
  EXPECT_TRUE(m.ok()) << (m.ok() ? "" : m.error().ToString());
  return m.ok() ? m.value() : Model{};
}

Model Vulnshop() { return LoadFile(SourceDir() / "examples/vulnshop/threatmodel.yaml"); }
Model Hostile() {
  return LoadFile(SourceDir() / "testdata/model/render/nested-hostile/model.yaml");
}

TEST(ModelDiagram, GoldenDotAndMermaid) {
  const std::filesystem::path dir = SourceDir() / "testdata/model/render";
  for (const auto& [name, model] :
       {std::pair{"vulnshop", Vulnshop()}, std::pair{"nested-hostile", Hostile()}}) {
    EXPECT_EQ(CompareGolden(dir / name / "expected.dot", RenderDot(model)), "") << name;
    EXPECT_EQ(CompareGolden(dir / name / "expected.mmd", RenderMermaid(model)), "") << name;
  }
}

TEST(ModelDiagram, DotNestsClustersByParent) {
  const std::string dot = RenderDot(Hostile());
  const size_t cloud = dot.find("subgraph \"cluster_cloud\"");
  const size_t vpc = dot.find("subgraph \"cluster_vpc\"");
  const size_t pod = dot.find("subgraph \"cluster_pod\"");
  const size_t office = dot.find("subgraph \"cluster_office\"");
  ASSERT_NE(cloud, std::string::npos) << dot;
  ASSERT_NE(office, std::string::npos) << dot;
  // pod opens inside vpc inside cloud, and closes before office (a sibling of cloud) opens.
  EXPECT_LT(cloud, vpc);
  EXPECT_LT(vpc, pod);
  EXPECT_LT(pod, office);
  int depth = 0, max_depth = 0;
  for (char c : dot.substr(0, office)) {
    depth += c == '{' ? 1 : c == '}' ? -1 : 0;
    max_depth = std::max(max_depth, depth);
  }
  EXPECT_EQ(max_depth, 4);  // the digraph, cloud, vpc, pod
  EXPECT_EQ(depth, 1);      // back to the digraph when office opens
  // Shapes by kind; weak flows dashed and red.
  // A newline in a name folds to a space: one line for the name, one for what it is.
  EXPECT_NE(dot.find("\"a_b\" [label=\"Store with newline\\ndata-store: postgres --> injected\", "
                     "shape=cylinder]"),
            std::string::npos)
      << dot;
  EXPECT_NE(dot.find("shape=cylinder"), std::string::npos);
  EXPECT_NE(dot.find("shape=box3d"), std::string::npos);
  EXPECT_NE(dot.find("\"end\" -> \"a-b\" [label=\"http\\\" -> \\\"x\\nunencrypted, "
                     "unauthenticated\", style=dashed, color=\"#cc0000\""),
            std::string::npos)
      << dot;
}

TEST(ModelDiagram, DotStringEscapesEverythingThatCouldEndOrBendALabel) {
  EXPECT_EQ(DotString("a\"b"), "a\\\"b");
  EXPECT_EQ(DotString("back\\slash \\N \\G"), "back\\\\slash \\\\N \\\\G");
  EXPECT_EQ(DotString("one\ntwo"), "one\\ntwo");
  EXPECT_EQ(DotString("AT&amp;T"), "AT&amp;amp;T");
  EXPECT_EQ(DotString("\x1b[31m"), "\\\\x1b[31m");
  EXPECT_EQ(DotString("\xe2\x80\xae"), "\\\\u202e");  // a bidi override, made visible
  const std::string cut = DotString(std::string(500, 'x'));
  EXPECT_LE(cut.size(), kMaxLabelBytes + 3);
  EXPECT_EQ(cut.substr(cut.size() - 3), "\xe2\x80\xa6");  // "…"
}

TEST(ModelDiagram, MermaidStringLeavesNoSyntax) {
  EXPECT_EQ(MermaidString("say \"hi\""), "say #34;hi#34;");
  EXPECT_EQ(MermaidString("a]) end [(b"), "a#93;#41; end #91;#40;b");
  EXPECT_EQ(MermaidString("<script>&"), "#60;script#62;#38;");
  EXPECT_EQ(MermaidString("x|y `z` #1;"), "x#124;y #96;z#96; #35;1#59;");
  EXPECT_EQ(MermaidString("two\nlines"), "two lines");
  EXPECT_EQ(MermaidString("\x1b[0m"), "#92;x1b#91;0m");
  EXPECT_EQ(MermaidString("caf\xc3\xa9"), "caf\xc3\xa9");
  const std::string mmd = RenderMermaid(Hostile());
  // No model text outside a quoted label: every quote in the output is one Fledger wrote, in
  // pairs, and no label breaks a line.
  EXPECT_NE(mmd.find("  n_end[\"User #34;quoted#34; #92;N #92;G back#92;slash<br>actor: user\"]"),
            std::string::npos)
      << mmd;
  EXPECT_EQ(std::count(mmd.begin(), mmd.end(), '"') % 2, 0);
  EXPECT_EQ(mmd.find("<script"), std::string::npos);
  EXPECT_NE(mmd.find("n_a_hb"), std::string::npos);  // a-b
  EXPECT_NE(mmd.find("n_a__b"), std::string::npos);  // a_b
  EXPECT_NE(mmd.find("  n_end -.->|\"http#34; -#62; #34;x<br>unencrypted, unauthenticated\"| "
                     "n_a_hb\n"),
            std::string::npos)
      << mmd;
  EXPECT_NE(mmd.find("subgraph b_pod [\"Pod #124; with #59; pipes #40;container#41;\"]"),
            std::string::npos)
      << mmd;
  EXPECT_NE(mmd.find("linkStyle 0 stroke:#cc0000"), std::string::npos);
  EXPECT_EQ(mmd.find("linkStyle 1 "), std::string::npos);  // f2: encrypted, authenticated
}

TEST(ModelDiagram, SvgThroughGraphvizKeepsLabelsEscapedAndHasNoScript) {
  const auto svg = RenderSvg(Hostile());
  ASSERT_TRUE(svg.ok()) << svg.error().ToString();
  const std::string& s = svg.value();
  EXPECT_NE(s.find("<svg"), std::string::npos);
  EXPECT_EQ(s.find("<script"), std::string::npos);
  EXPECT_EQ(s.find("<img"), std::string::npos);
  EXPECT_EQ(s.find("<b>"), std::string::npos);
  // Each node's label, escaped by Graphviz's SVG writer (text nodes).
  EXPECT_NE(s.find(">&lt;script&gt;alert(1)&lt;/script&gt;</text>"), std::string::npos) << s;
  EXPECT_NE(s.find(">process: node &amp; &quot;express&quot; (internet)</text>"), std::string::npos)
      << s;
  EXPECT_NE(s.find(">Store with newline</text>"), std::string::npos) << s;
  EXPECT_NE(s.find(">User &quot;quoted&quot; \\N \\G back\\slash</text>"), std::string::npos) << s;
  EXPECT_NE(s.find(">Office `backticks` #35; &amp;amp; &amp;lt; (network)</text>"),
            std::string::npos)
      << s;  // entities in the model stay text: "&amp;" shows as written
  EXPECT_NE(s.find(">https &lt;img src=x onerror=alert(1)&gt;</text>"), std::string::npos) << s;
  EXPECT_NE(s.find(">Outside (every) {boundary}</text>"), std::string::npos) << s;
  EXPECT_NE(s.find(">Cloud &lt;b&gt;account&lt;/b&gt; (cloud&#45;account)</text>"),
            std::string::npos)
      << s;
  // One <g class="node"> per actor and component, one cluster per boundary, one edge per flow.
  const auto count = [&](const std::string& needle) {
    size_t n = 0;
    for (size_t at = s.find(needle); at != std::string::npos; at = s.find(needle, at + 1)) ++n;
    return n;
  };
  EXPECT_EQ(count("class=\"node\""), 6u);
  EXPECT_EQ(count("class=\"cluster\""), 4u);
  EXPECT_EQ(count("class=\"edge\""), 4u);
}

TEST(ModelDiagram, SvgRefusesModelsLargerThanTheBound) {
  Model m;
  for (size_t i = 0; i <= kMaxSvgElements; ++i) {
    Component c;
    c.id = ElementId::Parse("c" + std::to_string(i)).value();
    m.components.push_back(c);
  }
  const auto svg = RenderSvg(m);
  ASSERT_FALSE(svg.ok());
  EXPECT_EQ(svg.error().ExitCode(), 2);
  EXPECT_NE(svg.error().message.find("at most 400"), std::string::npos) << svg.error().message;
  m.components.pop_back();
  EXPECT_TRUE(RenderSvg(m).ok());  // exactly at the bound
  EXPECT_EQ(DiagramElements(m), kMaxSvgElements);
}

TEST(ModelDiagram, DeepBoundaryNestingNeitherRecursesNorGrowsQuadratically) {
  Model m;
  for (int i = 0; i < 20000; ++i) {
    Boundary b;
    b.id = ElementId::Parse("b" + std::to_string(i)).value();
    if (i > 0) b.parent = ElementId::Parse("b" + std::to_string(i - 1)).value();
    m.boundaries.push_back(b);
  }
  const std::string dot = RenderDot(m);
  EXPECT_LT(dot.size(), 20000u * 300);  // linear: the indentation is capped
  EXPECT_EQ(std::count(dot.begin(), dot.end(), '{'), std::count(dot.begin(), dot.end(), '}'));
  const std::string mmd = RenderMermaid(m);
  EXPECT_LT(mmd.size(), 20000u * 300);
}

}  // namespace
}  // namespace fledger::model::render
