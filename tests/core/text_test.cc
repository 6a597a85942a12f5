// Unit tests for UTF-8 validation, escaping and input reading.
#include "core/text.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "core/input.h"
#include "test_util.h"

namespace fledger {
namespace {

TEST(Utf8Test, RejectsMalformedSequences) {
  EXPECT_TRUE(IsValidUtf8("héllo ✓ 𝄞"));
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // > U+10FFFF
  EXPECT_FALSE(IsValidUtf8("abc\xE2\x82"));       // truncated
  EXPECT_EQ(FirstInvalidUtf8("ab\xFF"), 2u);
}

TEST(EscapeTest, TerminalNeutralizesControlSequences) {
  EXPECT_EQ(EscapeTerminal("a\x1b[31mred"), "a\\x1b[31mred");
  EXPECT_EQ(EscapeTerminal("line\nnext"), "line\\nnext");
  EXPECT_EQ(EscapeTerminal("\xC2\x9B"
                           "2J"),
            "\\u009b2J");  // C1 CSI
  EXPECT_EQ(EscapeTerminal("bad\xFF"), "bad\\xff");
  EXPECT_EQ(EscapeTerminal("ok ✓"), "ok ✓");
}

// Every code point that can drive a terminal or reorder a line, as UTF-8, with its escape.
struct UnsafeCodePoint {
  const char* utf8;
  const char* escape;
};
constexpr UnsafeCodePoint kUnsafeCodePoints[] = {
    {"\xC2\x80", "\\u0080"},     {"\xC2\x9B", "\\u009b"},     {"\xC2\x9F", "\\u009f"},
    {"\xD8\x9C", "\\u061c"},     {"\xE2\x80\x8E", "\\u200e"}, {"\xE2\x80\x8F", "\\u200f"},
    {"\xE2\x80\xAA", "\\u202a"}, {"\xE2\x80\xAB", "\\u202b"}, {"\xE2\x80\xAC", "\\u202c"},
    {"\xE2\x80\xAD", "\\u202d"}, {"\xE2\x80\xAE", "\\u202e"}, {"\xE2\x81\xA6", "\\u2066"},
    {"\xE2\x81\xA7", "\\u2067"}, {"\xE2\x81\xA8", "\\u2068"}, {"\xE2\x81\xA9", "\\u2069"},
    {"\xE2\x80\xA8", "\\u2028"}, {"\xE2\x80\xA9", "\\u2029"},
};

// Regression: bidi controls and line separators came out raw from every escaper, so a file name
// could make a terminal line, a Markdown matrix or a table read differently from what it held.
TEST(EscapeTest, C1AndBidiControlsBecomeVisibleInEveryMedium) {
  for (const auto& c : kUnsafeCodePoints) {
    const std::string text = std::string("a") + c.utf8 + "b";
    const std::string visible = std::string("a") + c.escape + "b";
    EXPECT_EQ(EscapeTerminal(text), visible) << c.escape;
    EXPECT_EQ(EscapeMarkdownCell(text), visible) << c.escape;
    EXPECT_EQ(EscapeMarkdown(text), visible) << c.escape;
    EXPECT_EQ(EscapeHtml(text), visible) << c.escape;
    EXPECT_EQ(EscapeUnsafeCodePoints(text), visible) << c.escape;
  }
}

TEST(EscapeTest, OtherTextIsLeftAlone) {
  struct Case {
    const char* text;
    const char* terminal;
    const char* unsafe_code_points;
  };
  const Case cases[] = {
      {"ok ✓ é 𝄞", "ok ✓ é 𝄞", "ok ✓ é 𝄞"},
      {"\xC2\xA0nbsp", "\xC2\xA0nbsp", "\xC2\xA0nbsp"},              // U+00A0 is no control
      {"zw\xE2\x80\x8Bsp", "zw\xE2\x80\x8Bsp", "zw\xE2\x80\x8Bsp"},  // U+200B is not listed
      {"del\x7F", "del\\x7f", "del\\u007f"},                         // JSON escapes DEL too
      {"bad\xFF\xC2", "bad\\xff\\xc2", "bad\xFF\xC2"},               // invalid UTF-8
      {"over\xC1\x9B", "over\\xc1\\x9b", "over\xC1\x9B"},            // overlong CSI: invalid
      {"cut\xE2\x80", "cut\\xe2\\x80", "cut\xE2\x80"},               // truncated sequence
  };
  for (const auto& c : cases) {
    EXPECT_EQ(EscapeTerminal(c.text), c.terminal) << c.text;
    EXPECT_EQ(EscapeUnsafeCodePoints(c.text), c.unsafe_code_points) << c.text;
  }
}

// Regression: a file name with a pipe split the matrix row inside its code span, and one with a
// backtick closed the span early.
TEST(EscapeTest, MarkdownCodeSpanKeepsTheTextInOneSpan) {
  struct Case {
    const char* text;
    bool in_table_cell;
    const char* span;
  };
  const Case cases[] = {
      {"src/main.cc:12", true, "`src/main.cc:12`"},
      {"pipe|dir<x>/key.pem", true, "`pipe\\|dir<x>/key.pem`"},
      {"pipe|dir", false, "`pipe|dir`"},
      {"a\\|b", true, "`a\\\\|b`"},  // GFM unescapes only the "\|": the span shows a\|b
      {"tick`name", true, "``tick`name``"},
      {"two``ticks`", true, "``` two``ticks` ```"},
      {"`lead", true, "`` `lead ``"},
      {" spaced ", true, "`  spaced  `"},
      {"   ", true, "`   `"},
      {"evil\xE2\x80\xAEtxt.exe", true, "`evil\\u202etxt.exe`"},
      {"csi\xC2\x9BK\x1b", true, "`csi\\u009bK\\x1b`"},
      {"line\nnext", true, "`line\\nnext`"},
      {"bad\xFF", true, "`bad\\xff`"},
      {"", true, ""},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(MarkdownCodeSpan(c.text, c.in_table_cell), c.span) << c.text;
  }
}

TEST(EscapeTest, HtmlAndMarkdown) {
  EXPECT_EQ(EscapeHtml("<script>alert('x')</script>"),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
  EXPECT_EQ(EscapeMarkdownCell("a|b\nc"), "a\\|b<br>c");
  EXPECT_EQ(EscapeMarkdownCell("<img src=x onerror=1>"), "&lt;img src=x onerror=1&gt;");
  EXPECT_EQ(EscapeMarkdownCell("[link](javascript:x)"), "\\[link\\](javascript:x)");
}

TEST(TextTest, PositionOf) {
  const auto pos = PositionOf("ab\ncd\nef", 7);
  EXPECT_EQ(pos.line, 3u);
  EXPECT_EQ(pos.column, 2u);
}

TEST(TextTest, TruncateKeepsUtf8) {
  const std::string t = Truncate("ééé", 3);
  EXPECT_TRUE(IsValidUtf8(t));
  EXPECT_EQ(t, "é…");
}

TEST(InputTest, ReadTextFileValidatesInOrder) {
  testing::TempDir dir;
  dir.Write("ok.txt", "hello");
  dir.Write("big.txt", std::string(100, 'x'));
  dir.Write("bad.txt", "a\n\xFF");
  dir.Write("nul.txt", std::string("a\0b", 3));
  EXPECT_EQ(ReadTextFile(dir.path() / "ok.txt", {}).value(), "hello");
  EXPECT_EQ(ReadTextFile(dir.path() / "missing.txt", {}).error().step, ValidationStep::kOrigin);
  EXPECT_EQ(ReadTextFile(dir.path(), {}).error().step, ValidationStep::kOrigin);
  EXPECT_EQ(ReadTextFile(dir.path() / "big.txt", {.max_bytes = 10}).error().step,
            ValidationStep::kSize);
  const auto bad = ReadTextFile(dir.path() / "bad.txt", {});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().step, ValidationStep::kLexical);
  EXPECT_NE(bad.error().context.find("bad.txt:2:1"), std::string::npos);
  EXPECT_EQ(ReadTextFile(dir.path() / "nul.txt", {}).error().step, ValidationStep::kLexical);
}

TEST(InputTest, ParseJsonReportsLineAndColumn) {
  const auto r = ParseJsonText("{\n  \"a\": 1,\n  \"b\": }\n", "f.json");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().step, ValidationStep::kSyntax);
  EXPECT_EQ(r.error().context, "f.json:3:8");
  const auto deep = ParseJsonText(std::string(100, '[') + std::string(100, ']'), "d.json");
  ASSERT_FALSE(deep.ok());
  EXPECT_EQ(deep.error().step, ValidationStep::kSize);
  EXPECT_TRUE(ParseJsonText("{\"k\": \"[[[[\"}", "s.json").ok());
}

// Regression (json_fuzz, evidence_fuzz): a number that overflows a double made nlohmann throw
// out_of_range, which escaped the reader and aborted the process.
TEST(InputTest, ParseJsonRejectsOverflowingNumbers) {
  const auto r = ParseJsonText("[277e18100681006767276728100681006]", "n.json");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().context, "n.json");
}

// Regression: nlohmann kept the last of two equal keys, so {"a":1,"a":2} read as {"a":2}
// while a reviewer reading the file top down saw 1.
struct DuplicateKeyCase {
  const char* name;
  const char* text;
  const char* context;  // "" when the text is valid
};

class ParseJsonDuplicateKeyTest : public ::testing::TestWithParam<DuplicateKeyCase> {};

TEST_P(ParseJsonDuplicateKeyTest, RejectsARepeatedKeyAtItsPosition) {
  const auto& c = GetParam();
  const auto plain = ParseJsonText(c.text, "d.json");
  const auto ordered = ParseOrderedJsonText(c.text, "d.json");
  if (std::string(c.context).empty()) {
    EXPECT_TRUE(plain.ok()) << c.name << ": " << plain.error().ToString();
    EXPECT_TRUE(ordered.ok()) << c.name;
    return;
  }
  for (const Error& e : {plain.error(), ordered.error()}) {
    EXPECT_EQ(e.step, ValidationStep::kSyntax) << c.name;
    EXPECT_EQ(e.context, c.context) << c.name;
    EXPECT_NE(e.message.find("duplicate key"), std::string::npos) << e.message;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ParseJsonDuplicateKeyTest,
    ::testing::Values(
        DuplicateKeyCase{"top level", "{\"a\": 1, \"a\": 2}", "d.json:1:10"},
        DuplicateKeyCase{"nested, second line", "{\"o\": {\"k\": 1,\n  \"k\": 2}}", "d.json:2:3"},
        DuplicateKeyCase{"escaped spelling", "{\"a\": 1, \"\\u0061\": 2}", "d.json:1:10"},
        DuplicateKeyCase{"after a string value with a colon",
                         "{\"x\": \"a:\", \"y\": [{\"z\": 1, \"z\": 1}]}", "d.json:1:28"},
        DuplicateKeyCase{"same key in sibling objects", "[{\"a\": 1}, {\"a\": 2}]", ""},
        DuplicateKeyCase{"same key at two depths", "{\"a\": {\"a\": {\"a\": 1}}}", ""},
        DuplicateKeyCase{"keys differing in case", "{\"a\": 1, \"A\": 2}", ""}));

TEST(InputTest, EmptyJsonIsASyntaxError) {
  for (const char* text : {"", "  \n"}) {
    const auto r = ParseJsonText(text, "e.json");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().step, ValidationStep::kSyntax);
    EXPECT_EQ(r.error().context.rfind("e.json:", 0), 0u) << r.error().context;
  }
}

TEST(InputTest, WriteFileAtomicReplaces) {
  testing::TempDir dir;
  const auto p = dir.path() / "sub" / "out.txt";
  ASSERT_TRUE(WriteFileAtomic(p, "one").ok());
  ASSERT_TRUE(WriteFileAtomic(p, "two").ok());
  EXPECT_EQ(testing::ReadFile(p), "two");
  size_t count = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(p.parent_path()))
    ++count;
  EXPECT_EQ(count, 1u);  // no temporary left behind
}

// The rename that makes the write atomic would replace a FIFO or device node, and over a
// directory it used to report "cannot replace file: Success" (errno read after a clean-up call).
TEST(InputTest, WriteFileAtomicRefusesDirectoriesAndSpecialFiles) {
  testing::TempDir dir;
  std::filesystem::create_directory(dir.path() / "d");
  auto s = WriteFileAtomic(dir.path() / "d", "x");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().ToString(), (dir.path() / "d").string() + ": origin error: is a directory");
  const auto fifo = dir.path() / "fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  s = WriteFileAtomic(fifo, "x");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().step, ValidationStep::kOrigin);
  EXPECT_EQ(std::filesystem::symlink_status(fifo).type(), std::filesystem::file_type::fifo);
}

}  // namespace
}  // namespace fledger
