// Golden tests of `model report` (model/render/render.h): testdata/model/report/<case>/model.yaml
// gives expected.md and expected.html. The HTML goldens embed a fixed stand-in for the SVG, so
// that they test this renderer and not the Graphviz build's fonts and coordinates; the real SVG
// is tested in render_test.cc and end to end in model_render_cli_test.cc.
#include <gtest/gtest.h>

#include "model/load.h"
#include "model/render/render.h"
#include "test_util.h"

namespace fledger::model::render {
namespace {

using testing::CompareGolden;
using testing::ReadFile;
using testing::SourceDir;

constexpr const char kStandInSvg[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n"
    "<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\"\n"
    " \"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\">\n"
    "<svg width=\"10pt\" height=\"10pt\" viewBox=\"0 0 10 10\"><g id=\"graph0\" "
    "class=\"graph\"><title>threatmodel</title></g></svg>\n";

class ModelReportGolden : public ::testing::TestWithParam<std::string> {};

TEST_P(ModelReportGolden, MarkdownAndHtml) {
  const std::filesystem::path dir = SourceDir() / "testdata/model/report" / GetParam();
  const auto m = LoadModel(ReadFile(dir / "model.yaml"), "model.yaml");
  ASSERT_TRUE(m.ok()) << m.error().ToString();
  const Analysis a = Analyze(m.value());
  EXPECT_EQ(CompareGolden(dir / "expected.md", RenderReportMarkdown(m.value(), a)), "");
  EXPECT_EQ(CompareGolden(dir / "expected.html", RenderReportHtml(m.value(), a, kStandInSvg)),
            "");
}

INSTANTIATE_TEST_SUITE_P(Cases, ModelReportGolden,
                         ::testing::Values("vulnshop", "hostile", "minimal"));

Model Hostile() {
  const auto m = LoadModel(ReadFile(SourceDir() / "testdata/model/report/hostile/model.yaml"),
                           "model.yaml");
  EXPECT_TRUE(m.ok());
  return m.ok() ? m.value() : Model{};
}

TEST(ModelReport, HtmlIsSelfContainedAndEscaped) {
  const Model m = Hostile();
  const std::string html = RenderReportHtml(m, Analyze(m), kStandInSvg);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_EQ(html.find("<b>"), std::string::npos);
  EXPECT_EQ(html.find("javascript:"), html.find("javascript:alert"));  // only as escaped text
  EXPECT_EQ(html.find("src="), std::string::npos);
  EXPECT_EQ(html.find("href="), std::string::npos);
  EXPECT_EQ(html.find("<?xml"), std::string::npos);   // the prolog is dropped
  EXPECT_EQ(html.find("<!DOCTYPE svg"), std::string::npos);
  EXPECT_NE(html.find("<svg width=\"10pt\""), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(html.find("Content-Security-Policy"), std::string::npos);
}

TEST(ModelReport, HtmlRefusesAnSvgThatCarriesAnythingActive) {
  const Model m = Hostile();
  const Analysis a = Analyze(m);
  for (const char* svg : {"<svg><script>alert(1)</script></svg>",
                          "<svg><g onclick=\"alert(1)\"></g></svg>",
                          "<svg><a xlink:href=\"javascript:alert(1)\"></a></svg>",
                          "<svg><foreignObject><div/></foreignObject></svg>", "not svg"}) {
    const std::string html = RenderReportHtml(m, a, svg);
    EXPECT_EQ(html.find("<svg"), std::string::npos) << svg;
    EXPECT_NE(html.find("The diagram was not drawn"), std::string::npos) << svg;
  }
}

TEST(ModelReport, MarkdownEscapesModelText) {
  const Model m = Hostile();
  const std::string md = RenderReportMarkdown(m, Analyze(m));
  EXPECT_EQ(md.find("<script"), std::string::npos);
  EXPECT_EQ(md.find("\n# not a heading"), std::string::npos);
  // The link's brackets are escaped: no "](" that Markdown would read as a link.
  for (size_t at = md.find("](javascript:"); at != std::string::npos;
       at = md.find("](javascript:", at + 1)) {
    EXPECT_EQ(md[at - 1], '\\') << md.substr(at - 20, 40);
  }
  EXPECT_NE(md.find("\\[VPC\\](javascript:alert(1)) is private"), std::string::npos) << md;
  // One Mermaid fence, opened and closed: model text cannot close it early.
  EXPECT_EQ(md.find("```mermaid\n"), md.find("```"));
  size_t fences = 0;
  for (size_t at = md.find("```"); at != std::string::npos; at = md.find("```", at + 3)) ++fences;
  EXPECT_EQ(fences, 2u);
  EXPECT_EQ(md.find('\x1b'), std::string::npos);
}

TEST(ModelReport, AnswersTheSecurityTeamsQuestions) {
  const Model m = Hostile();
  const std::string md = RenderReportMarkdown(m, Analyze(m));
  for (const char* heading :
       {"## The moving parts", "## Permissions", "## Audit logging", "## Exposed to the internet",
        "## Sensitive data", "## Open questions", "## Misuse cases ranked by value to an attacker",
        "## Generated threats", "## Assumptions"}) {
    EXPECT_NE(md.find(heading), std::string::npos) << heading;
  }
  EXPECT_NE(md.find("| a-b | none recorded |"), std::string::npos) << md;  // permissions
  EXPECT_NE(md.find("| loose | no |"), std::string::npos) << md;             // audit_log: false
  EXPECT_NE(md.find("| a\\_b | yes |"), std::string::npos) << md;            // audit_log: true
  EXPECT_NE(md.find("| svc | unknown |"), std::string::npos) << md;          // not said
  EXPECT_EQ(md.find("Answered"), std::string::npos);  // only open questions are listed
}

}  // namespace
}  // namespace fledger::model::render
