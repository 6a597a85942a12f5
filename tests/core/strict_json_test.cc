// Tests for IsStrictJson: every text it accepts, ParseJsonText accepts too (the fast paths that
// trust it depend on that), and what it declines.
#include "core/strict_json.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "core/input.h"
#include "core/json.h"
#include "test_util.h"

namespace fledger {
namespace {

bool Strict(std::string_view text) { return IsStrictJson(simdjson::padded_string(text)); }

// `depth` arrays, one inside the other, around `inner`.
std::string Nested(int depth, std::string_view inner) {
  return std::string(depth, '[') + std::string(inner) + std::string(depth, ']');
}

TEST(StrictJsonTest, AcceptsWhatTheReferenceParserAccepts) {
  for (const std::string_view text : {
           R"({})", R"([])", R"("s")", R"(0)", R"(null)", R"({"a": [1, 2.5e3, -0, true, false]})",
           "{\"\\u00e9t\\u00e9\": \"\\ud83d\\ude00\", \"tab\": \"a\\tb\"}",
           R"({"a": {"a": {"a": 1}}, "b": {"a": 1}})",  // the same key in different objects
           R"({"big": 18446744073709551615, "neg": -9223372036854775808})",
           " \n\t{\"ws\" : 1 }\r\n",
       }) {
    SCOPED_TRACE(text);
    EXPECT_TRUE(Strict(text));
    EXPECT_TRUE(ParseJsonText(text, "t.json").ok());
  }
}

TEST(StrictJsonTest, DeclinesInvalidJsonAndRepeatedKeys) {
  for (const std::string& text : {
           std::string(), std::string("{"), std::string("{\"a\": tru}"), std::string("[1,]"),
           std::string("{\"a\": 1,}"), std::string("{\"a\": \"\x01\"}"), std::string("'a'"),
           std::string("{\"a\": 1} x"), std::string("{\"a\": \"\xff\"}"),
           std::string("{\"a\": \"\\ud800\"}"),  // a lone surrogate
           std::string("{\"a\": 1, \"a\": 2}"),
           std::string("{\"x\": [{\"k\": 1, \"j\": 2, \"k\": 3}]}"),  // repeated deep down
           std::string("{\"\\u0061\": 1, \"a\": 2}"),                   // repeated once unescaped
       }) {
    SCOPED_TRACE(text);
    EXPECT_FALSE(Strict(text));
    EXPECT_FALSE(ParseJsonText(text, "t.json").ok());
  }
}

TEST(StrictJsonTest, DeclinesWhatOnlyTheReferenceRepresents) {
  // Integers past 64 bits, and nesting at kMaxJsonDepth: ParseJsonText reads them, so a caller's
  // fallback to it keeps them readable.
  for (const std::string& text : {std::string("[123456789012345678901234567890]"),
                                  Nested(kMaxJsonDepth, "1")}) {
    EXPECT_FALSE(Strict(text));
    EXPECT_TRUE(ParseJsonText(text, "t.json").ok());
  }
  EXPECT_TRUE(Strict(Nested(kMaxJsonDepth - 1, "1")));
}

TEST(StrictJsonTest, NeverAcceptsDeeperThanTheReference) {
  for (int depth = kMaxJsonDepth - 3; depth <= kMaxJsonDepth + 3; ++depth) {
    for (const std::string_view inner : {"", "1", "{}", "{\"a\": 1}"}) {
      const std::string text = Nested(depth, inner);
      SCOPED_TRACE(text);
      if (Strict(text)) {
        EXPECT_TRUE(ParseJsonText(text, "t.json").ok());
      }
    }
  }
  EXPECT_FALSE(Strict(Nested(kMaxJsonDepth + 1, "")));
}

TEST(StrictJsonTest, ChecksEveryObjectOfALargeDocument) {
  std::string text = "[";
  for (int i = 0; i < 2000; ++i) {
    text += "{\"k" + std::to_string(i) + "\": 1, \"v\": {\"a\": 1, \"b\": 2}},";
  }
  text += "{\"last\": {\"x\": 1, \"y\": 2, \"x\": 3}}]";
  EXPECT_FALSE(Strict(text));
  text.replace(text.rfind("\"x\": 3"), 6, "\"z\": 3");
  EXPECT_TRUE(Strict(text));
}

// ParseStrictJson builds what the reference builds, and ParseJsonText, which tries it first, keeps
// every answer of the reference: values, and errors word for word.
void ExpectSameAsReference(const std::string& text) {
  const auto reference = ReferenceParseJsonText(text, "t.json");
  const auto parsed = ParseJsonText(text, "t.json");
  ASSERT_EQ(parsed.ok(), reference.ok());
  if (!reference.ok()) {
    EXPECT_EQ(parsed.error().ToString(), reference.error().ToString());
    EXPECT_FALSE(ParseStrictJson(text).has_value());
    return;
  }
  EXPECT_EQ(parsed.value(), reference.value());
  EXPECT_EQ(DumpJson(parsed.value()), DumpJson(reference.value()));
  if (const auto fast = ParseStrictJson(text)) {
    EXPECT_EQ(DumpJson(*fast), DumpJson(reference.value()));
  }
}

TEST(StrictJsonTest, BuildsTheReferenceValue) {
  for (const std::string& text : {
           std::string(R"({"u": 5, "i": -5, "z": 0, "f": 1.0, "e": 1e2, "tiny": 4.9e-324})"),
           std::string(R"({"max": 18446744073709551615, "min": -9223372036854775808})"),
           std::string(R"({"under": 1e-400, "neg": -0.0, "exp": 2.2250738585072011e-308})"),
           std::string("{\"s\": \"\\u00e9\\ud83d\\ude00\\n\\\"\\/\", \"e\": \"\"}"),
           std::string(R"([[], {}, [null, true, false], {"a": {"b": [1, {"c": []}]}}])"),
           std::string(R"({"b": 1, "a": 2, "c": {"z": 1, "y": 2}})"),
           std::string(R"({"a": 1, "a": 2})"), std::string("{\"a\": tru}"), std::string("[1,]"),
           std::string("[123456789012345678901234567890]"), std::string("   "),
       }) {
    SCOPED_TRACE(text);
    ExpectSameAsReference(text);
  }
  // "-0": nlohmann keeps a signed zero, simdjson an integer 0; both print 0.
  const auto zero = ParseJsonText("[-0]", "t.json");
  ASSERT_TRUE(zero.ok());
  EXPECT_EQ(DumpJson(zero.value()), DumpJson(ReferenceParseJsonText("[-0]", "t.json").value()));
}

TEST(StrictJsonTest, BuildsTheReferenceValueOfEveryJsonFileInTheRepository) {
  // Lockfiles, OSV records, catalogs, schemas, SBOMs and golden outputs: thousands of real
  // documents of every shape Fledger reads.
  int compared = 0;
  for (const char* dir : {"src", "data", "standards", "schemas", "tests"}) {
    const auto root = testing::SourceDir() / dir;
    if (!std::filesystem::exists(root)) continue;
    for (const auto& f : std::filesystem::recursive_directory_iterator(root)) {
      if (!f.is_regular_file() || f.path().extension() != ".json" || f.file_size() > (8u << 20)) {
        continue;
      }
      SCOPED_TRACE(f.path().string());
      ExpectSameAsReference(testing::ReadFile(f.path()));
      ++compared;
    }
  }
  EXPECT_GE(compared, 500);
}

}  // namespace
}  // namespace fledger
