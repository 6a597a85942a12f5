// Tests for ParseYamlDocuments: documents split at "---" lines with their file lines, the
// stream yaml-cpp's LoadAll loops forever on, and the document-count bound.
#include "core/yaml_input.h"

#include <gtest/gtest.h>

namespace fledger {
namespace {

TEST(YamlDocumentsTest, SplitsAtMarkersAndKeepsFileLines) {
  const auto docs = ParseYamlDocuments("a: 1\n---\nb: 2\n--- {c: 3}\n---\n\n# only a comment\n"
                                       "...\n---\nd: |\n  text\n  --- not a marker\n",
                                       "s.yaml");
  ASSERT_TRUE(docs.ok()) << docs.error().ToString();
  ASSERT_EQ(docs.value().size(), 5u);
  EXPECT_EQ(docs.value()[0].node["a"].Scalar(), "1");
  EXPECT_EQ(docs.value()[1].first_line, 2);
  EXPECT_EQ(YamlLine(docs.value()[1].node["b"]) + docs.value()[1].first_line - 1, 3);
  EXPECT_EQ(docs.value()[2].node["c"].Scalar(), "3");
  EXPECT_EQ(docs.value()[4].node["d"].Scalar(), "text\n--- not a marker\n");
}

TEST(YamlDocumentsTest, StreamThatHangsLoadAllIsAnErrorOrParses) {
  // draft_fuzz: yaml-cpp 0.7's LoadAll allocates forever on this stream.
  const std::string text =
      ",piVersion: apps/v0\nkind: DeploM-yment\nmetada: a \ntnam\x01apiVersion: apps/v1\n"
      "kind: DeM-xployment\nmetadata:\n  name: web\nspec:\n  tempe";
  // Before the fix this call never returned (ctest's timeout is the guard); each document is now
  // loaded alone, and the stream is one broken document.
  const auto docs = ParseYamlDocuments(text, "k.yaml");
  EXPECT_TRUE(!docs.ok() || docs.value().size() == 1u);
}

TEST(YamlDocumentsTest, BoundsTheDocumentCount) {
  std::string text;
  for (size_t i = 0; i <= kMaxYamlDocuments; ++i) text += "---\na: 1\n";
  const auto docs = ParseYamlDocuments(text, "many.yaml");
  ASSERT_FALSE(docs.ok());
  EXPECT_NE(docs.error().ToString().find("YAML documents"), std::string::npos);
}

}  // namespace
}  // namespace fledger
