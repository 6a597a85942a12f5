// Tests for IsStrictJson: every text it accepts, ParseJsonText accepts too (the fast paths that
// trust it depend on that), and what it declines.
#include "core/strict_json.h"

#include <gtest/gtest.h>

#include <string>

#include "core/input.h"

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

}  // namespace
}  // namespace fledger
