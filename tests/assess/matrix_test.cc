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
  const std::string text =
      "# Mine\n\nintro I wrote\n\n" + RenderMatrixTable(rows) + "\n## After\nkeep me\n";
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

// Regression: a Status nobody could read (a typo, or cells shifted by an unescaped '|') was
// replaced by the checks' verdict without a word.
TEST(MatrixTest, WarnsAboutUnknownStatusAndExtraCells) {
  const std::string text =
      std::string("intro\n") + std::string(kMatrixBegin) +
      "\n| Category | Subcategory | Requirements | example | notes | Level | Status |\n"
      "|---|---|---|---|---|---|---|\n"
      "| C | S | r1 |  |  | 1 One | banana |\n"
      "| C | S | r2 |  | see a | b | 1 One | met |\n"
      "| C | S | r3 |  |  | 1 One | Needs Review |\n"
      "| C | S | r4 |  |  | 1 One |  |\n" +
      std::string(kMatrixEnd) + "\n";
  auto m = ParseMatrix(text, "m.md");
  ASSERT_TRUE(m.ok()) << m.error().ToString();
  ASSERT_EQ(m.value().rows.size(), 4u);
  EXPECT_EQ(m.value().rows[0].line, 5);
  EXPECT_EQ(m.value().rows[0].status, "banana");  // kept for the caller, which ignores it
  ASSERT_EQ(m.value().warnings.size(), 2u) << ::testing::PrintToString(m.value().warnings);
  EXPECT_EQ(m.value().warnings[0].rfind("m.md:5: unknown Status 'banana'", 0), 0u)
      << m.value().warnings[0];
  EXPECT_EQ(m.value().warnings[1].rfind(
                "m.md:6: row has 8 cells but the header has 7; the notes cell keeps them", 0),
            0u)
      << m.value().warnings[1];
  // The bare '|' the user typed in a note: the note keeps both halves, and the cells after it
  // are read where they belong.
  EXPECT_EQ(m.value().rows[1].notes, "see a \\| b");
  EXPECT_EQ(m.value().rows[1].level, "1 One");
  EXPECT_EQ(m.value().rows[1].status, "met");

  std::vector<MatrixRow> rows = {{"C", "S", "r", "", "", "1 One", "met"},
                                 {"C", "S", "q", "", "", "1 One", "n/a"}};
  auto clean = ParseMatrix(RenderMatrixTable(rows), "m.md");
  ASSERT_TRUE(clean.ok());
  EXPECT_TRUE(clean.value().warnings.empty());
}

// A matrix as Fledger writes it: user text, the markers around a summary and the table, text.
std::string Written(const std::string& before, const std::string& after) {
  std::vector<MatrixRow> rows = {{"C", "S", "`c.r` Do it", "", "my note", "1 One", "unmet"}};
  std::string table = RenderMatrixTable(rows);
  table.insert(table.find('\n') + 1,
               "\n" + std::string(kMatrixSummaryLead) +
                   "One** (1 of 1). Progress to target: **0%**.\n\n- C: level none yet\n\n");
  return before + table + after;
}

std::string Compose(const ParsedMatrix& m) {
  return m.before + RenderMatrixTable(m.rows) + m.after;
}

// Regression: with the begin marker deleted by hand, the table was found by its header, and the
// old summary and the end marker were kept as the user's text, so every update wrote them again.
TEST(MatrixTest, EndMarkerWithoutBeginMarkerStillEndsTheGeneratedBlock) {
  const std::string before = "# Mine\n\nintro I wrote\n\n";
  const std::string after = "\n## After\nkeep me\n";
  std::string text = Written(before, after);
  const size_t begin = text.find(kMatrixBegin);
  text.erase(begin, kMatrixBegin.size() + 1);  // the line, as an editor deletes it
  auto m = ParseMatrix(text, "m.md");
  ASSERT_TRUE(m.ok()) << m.error().ToString();
  ASSERT_TRUE(m.value().has_table);
  EXPECT_EQ(m.value().before, before);
  EXPECT_EQ(m.value().after, after);
  ASSERT_EQ(m.value().rows.size(), 1u);
  EXPECT_EQ(m.value().rows[0].notes, "my note");

  // Without the summary too: the table starts the block.
  std::string bare = text;
  const size_t lead = bare.find(kMatrixSummaryLead);
  bare.erase(lead, bare.find("| Category") - lead);
  m = ParseMatrix(bare, "m.md");
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m.value().after, after);
  EXPECT_EQ(m.value().before.find(kMatrixEnd), std::string::npos);
}

// Markers outside the table are Fledger's leftovers, never the user's text: dropped, so the
// next render writes exactly one pair.
TEST(MatrixTest, StrayMarkersAroundTheTableAreDropped) {
  const std::string text = Written(
      "# Mine\n", "\n" + std::string(kMatrixEnd) + "\nkeep " + std::string(kMatrixBegin) + "me\n");
  auto m = ParseMatrix(text, "m.md");
  ASSERT_TRUE(m.ok()) << m.error().ToString();
  EXPECT_EQ(m.value().after, "\nkeep me\n");
  const std::string once = Compose(m.value());
  auto again = ParseMatrix(once, "m.md");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(Compose(again.value()), once);
}

// Regression (matrix_fuzz): cutting an end marker out of "<!-- fledger:matrix:begin <!--
// fledger:matrix:end -->-->" joined the rest into a begin marker, which the next update took for
// the table's start.
TEST(MatrixTest, CuttingAMarkerNeverLeavesAnother) {
  const std::string nested = "<!-- fledger:matrix:begin " + std::string(kMatrixEnd) + "-->";
  for (const std::string& text : {"top\n" + nested + "\nbottom\n", "top " + nested + " bottom\n"}) {
    auto m = ParseMatrix(text, "m.md");
    ASSERT_TRUE(m.ok()) << m.error().ToString();
    EXPECT_EQ(m.value().before.find("fledger:matrix:"), std::string::npos) << m.value().before;
    const std::string once = Compose(m.value());
    auto again = ParseMatrix(once, "m.md");
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(Compose(again.value()), once);
  }
}

TEST(MatrixTest, Rejects) {
  EXPECT_EQ(ParseMatrix(std::string(kMatrixBegin) + "\n| a |", "m.md").error().step,
            ValidationStep::kSyntax);
  EXPECT_EQ(ParseMatrix("ok \xff", "m.md").error().step, ValidationStep::kLexical);
  const std::string no_cols = std::string(kMatrixBegin) + "\n| x | y |\n" + std::string(kMatrixEnd);
  EXPECT_EQ(ParseMatrix(no_cols, "m.md").error().step, ValidationStep::kSyntax);
}

}  // namespace
}  // namespace fledger::assess
