// Tests for DumpJson: every JSON document Fledger writes is valid UTF-8 with no raw C1 or bidi
// controls, and parses back to the text it was given.
#include "core/json.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/text.h"
#include "test_util.h"

namespace fledger {
namespace {

// True if `text` holds DEL or a code point IsUnsafeFormatCodePoint rejects, unescaped.
bool HasRawUnsafeCodePoint(const std::string& text) { return EscapeUnsafeCodePoints(text) != text; }

TEST(DumpJsonTest, EscapesUnsafeCodePointsAndParsesBackToTheSameText) {
  struct Case {
    const char* text;
    const char* escaped;  // how the string appears in the dump
  };
  const Case cases[] = {
      {"csi \xC2\x9BK", "csi \\u009bK"},
      {"evil\xE2\x80\xAEtxt.exe", "evil\\u202etxt.exe"},
      {"iso\xE2\x81\xA6late\xE2\x81\xA9", "iso\\u2066late\\u2069"},
      {"mark\xE2\x80\x8F\xD8\x9C", "mark\\u200f\\u061c"},
      {"line\xE2\x80\xA8para\xE2\x80\xA9", "line\\u2028para\\u2029"},
      {"del\x7F", "del\\u007f"},
      {"esc\x1b", "esc\\u001b"},
      {"ok ✓", "ok ✓"},
  };
  for (const auto& c : cases) {
    nlohmann::json plain = {{"k", c.text}};
    nlohmann::ordered_json ordered = {{"k", c.text}};
    for (const std::string& out : {DumpJson(plain), DumpJson(ordered)}) {
      EXPECT_FALSE(HasRawUnsafeCodePoint(out)) << c.escaped;
      EXPECT_NE(out.find(c.escaped), std::string::npos) << out;
      EXPECT_EQ(nlohmann::json::parse(out)["k"], c.text) << c.escaped;
      EXPECT_EQ(out.back(), '\n');
    }
  }
}

TEST(DumpJsonTest, InvalidUtf8IsReplacedNotThrown) {
  const nlohmann::json doc = {{"k", "bad\xFF\xC2 end"}};
  std::string out;
  ASSERT_NO_THROW(out = DumpJson(doc));
  EXPECT_TRUE(IsValidUtf8(out));
  EXPECT_EQ(nlohmann::json::parse(out)["k"], "bad\xEF\xBF\xBD\xEF\xBF\xBD end");
}

TEST(DumpJsonTest, IndentIsTheCallersAndKeysKeepTheirOrder) {
  nlohmann::ordered_json doc;
  doc["b"] = 1;
  doc["a"] = nlohmann::ordered_json::array({"x"});
  EXPECT_EQ(DumpJson(doc), "{\n  \"b\": 1,\n  \"a\": [\n    \"x\"\n  ]\n}\n");
  EXPECT_EQ(DumpJson(doc, 4), "{\n    \"b\": 1,\n    \"a\": [\n        \"x\"\n    ]\n}\n");
}

// Regression: several writers called nlohmann's dump() themselves and printed C1 and bidi
// controls raw (and one, without error_handler_t::replace, threw on invalid UTF-8). Only
// core/json.cc may serialize; everything else calls DumpJson.
TEST(DumpJsonTest, NoOtherSourceFileCallsDump) {
  const auto src = testing::SourceDir() / "src";
  const auto allowed = src / "core" / "json.cc";
  size_t files = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(src)) {
    const auto ext = entry.path().extension();
    if (!entry.is_regular_file() || (ext != ".cc" && ext != ".h")) continue;
    ++files;
    if (entry.path() == allowed) continue;
    std::ifstream in(entry.path());
    std::string line;
    for (size_t number = 1; std::getline(in, line); ++number) {
      EXPECT_EQ(line.find(".dump("), std::string::npos)
          << entry.path().string() << ":" << number << ": use DumpJson (core/json.h)";
    }
  }
  EXPECT_GT(files, 10u);
}

}  // namespace
}  // namespace fledger
