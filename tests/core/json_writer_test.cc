// Tests for JsonWriter: for any document, the streamed bytes equal DumpJson's, in both layouts,
// hostile strings included.
#include "core/json_writer.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <random>
#include <string>

#include "core/json.h"

namespace fledger {
namespace {

using OJson = nlohmann::ordered_json;

// Streams `doc` value by value, the way a writer that never builds a DOM would.
void Stream(JsonWriter& w, const OJson& doc) {
  switch (doc.type()) {
    case OJson::value_t::object:
      w.BeginObject();
      for (const auto& [key, value] : doc.items()) {
        w.Key(key);
        Stream(w, value);
      }
      w.EndObject();
      break;
    case OJson::value_t::array:
      w.BeginArray();
      for (const OJson& value : doc) Stream(w, value);
      w.EndArray();
      break;
    case OJson::value_t::string:
      w.String(doc.get_ref<const std::string&>());
      break;
    case OJson::value_t::boolean:
      w.Bool(doc.get<bool>());
      break;
    case OJson::value_t::number_integer:
    case OJson::value_t::number_unsigned:
      w.Int(doc.get<int64_t>());
      break;
    default:
      w.Null();
      break;
  }
}

std::string Streamed(const OJson& doc, int indent) {
  std::string out;
  JsonWriter w(&out, indent);
  Stream(w, doc);
  w.Finish();
  return out;
}

// Strings that take every escaping path: quotes, controls, DEL, C1 and bidi controls, line
// separators, invalid and truncated UTF-8, and plain non-ASCII text.
const char* const kHostile[] = {
    "",
    "plain",
    "quote \" and backslash \\",
    "tab\tnew\nline\rcr\b\f",
    "nul \x01 esc \x1b[31m",
    "del\x7f",
    "csi \xC2\x9BK",
    "evil\xE2\x80\xAEtxt.exe",
    "line\xE2\x80\xA8para\xE2\x80\xA9",
    "bad \xFF\xFE utf8",
    "truncated \xE2\x80",
    "caf\xC3\xA9 \xE6\x97\xA5\xE6\x9C\xAC \xF0\x9F\x94\x92",
};

TEST(JsonWriterTest, HostileStringsMatchDumpJson) {
  for (const char* s : kHostile) {
    const OJson doc = OJson{{"k", s}, {s, OJson::array({s, 1, true, nullptr})}};
    EXPECT_EQ(Streamed(doc, 2), DumpJson(doc)) << s;
    EXPECT_EQ(Streamed(doc, -1), DumpJson(doc, -1)) << s;
  }
}

TEST(JsonWriterTest, EmptyContainersAndScalarsMatchDumpJson) {
  const OJson docs[] = {
      OJson::object(),
      OJson::array(),
      OJson{{"a", OJson::object()}, {"b", OJson::array()}, {"c", OJson::array({OJson::array()})}},
      OJson(42),
      OJson("top"),
      OJson(nullptr),
      OJson{{"min", INT64_MIN}, {"max", INT64_MAX}, {"neg", -1}},
  };
  for (const OJson& doc : docs) {
    EXPECT_EQ(Streamed(doc, 2), DumpJson(doc)) << doc.dump();
    EXPECT_EQ(Streamed(doc, -1), DumpJson(doc, -1)) << doc.dump();
    EXPECT_EQ(Streamed(doc, 4), DumpJson(doc, 4)) << doc.dump();
  }
}

// Random nested documents (a fixed seed, so a failure reproduces).
OJson RandomDoc(std::mt19937& rng, int depth) {
  std::uniform_int_distribution<int> kind(0, depth > 4 ? 3 : 5);
  std::uniform_int_distribution<int> count(0, 4);
  std::uniform_int_distribution<size_t> pick(0, std::size(kHostile) - 1);
  switch (kind(rng)) {
    case 0:
      return OJson(kHostile[pick(rng)]);
    case 1:
      return OJson(static_cast<int64_t>(rng()) - (int64_t{1} << 31));
    case 2:
      return OJson(rng() % 2 == 0);
    case 3:
      return OJson(nullptr);
    case 4: {
      OJson a = OJson::array();
      for (int i = count(rng); i > 0; --i) a.push_back(RandomDoc(rng, depth + 1));
      return a;
    }
    default: {
      OJson o = OJson::object();
      for (int i = count(rng); i > 0; --i) {
        o[std::string(kHostile[pick(rng)]) + std::to_string(i)] = RandomDoc(rng, depth + 1);
      }
      return o;
    }
  }
}

TEST(JsonWriterTest, RandomDocumentsMatchDumpJson) {
  std::mt19937 rng(20261202);
  for (int i = 0; i < 500; ++i) {
    const OJson doc = RandomDoc(rng, 0);
    ASSERT_EQ(Streamed(doc, 2), DumpJson(doc)) << "document " << i;
    ASSERT_EQ(Streamed(doc, -1), DumpJson(doc, -1)) << "document " << i;
  }
}

}  // namespace
}  // namespace fledger
