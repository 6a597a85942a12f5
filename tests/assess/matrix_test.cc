// Tests for the Markdown matrix: cells split on unescaped pipes, user text around the table is
// kept, and prototype tables (no markers) are recognised.
#include "assess/matrix.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/text.h"

namespace fledger::assess {
namespace {

TEST(MatrixTest, SplitHonoursEscapedPipes) {
  const auto cells = SplitTableRow("| a | b \\| c | `x` |  |");
  ASSERT_EQ(cells.size(), 4u);
  EXPECT_EQ(cells[1], "b \\| c");
  EXPECT_EQ(cells[3], "");
}

// A pipe is a cell boundary exactly when GFM (cmark-gfm) makes it one: unless the byte before it
// is a backslash, whatever precedes that backslash, and code spans do not protect it.
TEST(MatrixTest, SplitFindsTheCellsGithubFinds) {
  struct Case {
    const char* line;
    std::vector<std::string> cells;
  };
  const Case cases[] = {
      {"| a | b |", {"a", "b"}},
      {"a | b", {"a", "b"}},
      {"| a | b", {"a", "b"}},
      {"| a |  |", {"a", ""}},
      {"|", {""}},
      {"| keep this \\| and this too | x |", {"keep this \\| and this too", "x"}},
      // Regression: "\\|" was read as an escaped backslash and a boundary, cutting the note.
      {"| keep this \\\\| and this too | x |", {"keep this \\\\| and this too", "x"}},
      {"| `pipe|dir` | x |", {"`pipe", "dir`", "x"}},
      {"| `pipe\\|dir` | x |", {"`pipe\\|dir`", "x"}},
      {"| ends in \\ | x |", {"ends in \\", "x"}},
      {"| tail \\|", {"tail \\|"}},
  };
  for (const auto& c : cases) EXPECT_EQ(SplitTableRow(c.line), c.cells) << c.line;
}

// Regression: an example cell with a file name holding "|" came back as nine cells, and the tail
// of the name was taken for the user's notes.
TEST(MatrixTest, CodeSpanWithAPipeReadsBackAsOneCell) {
  const std::string example = MarkdownCodeSpan("pipe|dir<x>/key.pem", /*in_table_cell=*/true) +
                              "<br>" + MarkdownCodeSpan("tick`|`dir", /*in_table_cell=*/true);
  const std::vector<MatrixRow> rows = {{"Cat", "Sub", "req", example, "", "1 Novice", "met"}};
  const std::string table = RenderMatrixTable(rows);
  const std::string line = Split(table, '\n')[3];
  ASSERT_TRUE(StartsWith(line, "| Cat |")) << table;
  const auto cells = SplitTableRow(line);
  ASSERT_EQ(cells.size(), 7u) << line;
  EXPECT_EQ(cells[3], "`pipe\\|dir<x>/key.pem`<br>``tick`\\|`dir``");
  auto m = ParseMatrix(table, "m.md");
  ASSERT_TRUE(m.ok()) << m.error().ToString();
  ASSERT_EQ(m.value().rows.size(), 1u);
  EXPECT_EQ(m.value().rows[0].example, example);
  EXPECT_EQ(m.value().rows[0].notes, "");
  EXPECT_EQ(m.value().rows[0].status, "met");
}

TEST(MatrixTest, RoundTripKeepsTextAroundTable) {
  std::vector<MatrixRow> rows = {{"Cat", "Sub", "req", "ex", "my *note*", "1 Novice", "met"}};
  const std::string text = "# Mine\n\nintro I wrote\n\n" + RenderMatrixTable(rows) + "\n## After\nkeep me\n";
  auto m = ParseMatrix(text, "m.md");
  ASSERT_TRUE(m.ok()) << m.error().ToString();
  EXPECT_TRUE(m.value().has_table);
  EXPECT_EQ(m.value().before, "# Mine\n\nintro I wrote\n\n");
  EXPECT_EQ(m.value().after, "\n## After\nkeep me\n");
  ASSERT_EQ(m.value().rows.size(), 1u);
  EXPECT_EQ(m.value().rows[0].notes, "my *note*");
  EXPECT_EQ(m.value().rows[0].status, "met");
  EXPECT_EQ(m.value().before + RenderMatrixTable(m.value().rows) + m.value().after, text);
}

TEST(MatrixTest, PrototypeTableWithoutMarkers) {
  const std::string text =
      "Intro paragraph.\n\n| Category | Subcategory | Requirements | example | notes |\n"
      "| --- | --- | --- | --- | --- |\n| Basics | FLOSS License | a<br>b | | mine |\n\nOutro.\n";
  auto m = ParseMatrix(text, "p.md");
  ASSERT_TRUE(m.ok());
  ASSERT_TRUE(m.value().has_table);
  ASSERT_EQ(m.value().rows.size(), 1u);
  EXPECT_EQ(m.value().rows[0].subcategory, "FLOSS License");
  EXPECT_EQ(m.value().rows[0].notes, "mine");
  EXPECT_EQ(m.value().rows[0].status, "");
  EXPECT_EQ(m.value().before, "Intro paragraph.\n\n");
  EXPECT_EQ(m.value().after, "\nOutro.\n");
}

TEST(MatrixTest, NoTableKeepsEverything) {
  auto m = ParseMatrix("just my notes\n", "n.md");
  ASSERT_TRUE(m.ok());
  EXPECT_FALSE(m.value().has_table);
  EXPECT_EQ(m.value().before, "just my notes\n");
}

TEST(MatrixTest, Rejects) {
  EXPECT_EQ(ParseMatrix(std::string(kMatrixBegin) + "\n| a |", "m.md").error().step, ValidationStep::kSyntax);
  EXPECT_EQ(ParseMatrix("ok \xff", "m.md").error().step, ValidationStep::kLexical);
  const std::string no_cols = std::string(kMatrixBegin) + "\n| x | y |\n" + std::string(kMatrixEnd);
  EXPECT_EQ(ParseMatrix(no_cols, "m.md").error().step, ValidationStep::kSyntax);
}

}  // namespace
}  // namespace fledger::assess
