// A streaming JSON writer for large documents (an SBOM of thousands of components), producing the
// same bytes DumpJson (core/json.h) gives for the same document, without building a DOM first.
//
//   std::string out;
//   JsonWriter w(&out);
//   w.BeginObject().Key("name").String(untrusted).Key("deps").BeginArray().EndArray().EndObject();
//   w.Finish();  // out == DumpJson(nlohmann::ordered_json{{"name", untrusted}, {"deps", []}})
//
// Strings get DumpJson's escaping: invalid UTF-8 becomes U+FFFD, and control, bidi and separator
// code points are \u escapes, so the output is safe to print. Misuse (a value where a key is
// expected, unbalanced ends) is a programming error caught by assertions in debug builds.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace fledger {

class JsonWriter {
 public:
  // Appends to `out`, `indent` spaces per level (-1: compact, on one line).
  explicit JsonWriter(std::string* out, int indent = 2) : out_(out), indent_(indent) {}

  JsonWriter& BeginObject();
  JsonWriter& EndObject();
  JsonWriter& BeginArray();
  JsonWriter& EndArray();
  // The next member's name, in an object; the value call follows.
  JsonWriter& Key(std::string_view name);
  JsonWriter& String(std::string_view value);
  JsonWriter& Int(int64_t value);
  JsonWriter& Bool(bool value);
  JsonWriter& Null();
  // The trailing newline DumpJson writes; call once the top-level value is complete.
  void Finish();

  // The escaped JSON string literal of `value`, quotes included.
  static void AppendString(std::string* out, std::string_view value);

 private:
  struct Level {
    bool object;
    int64_t members;
  };
  // The comma and indentation before the next member (key or element) of the open container.
  void NextMember();
  // NextMember, unless the value follows its key or is the document itself.
  void BeforeValue();
  void NewLine(size_t depth);

  std::string* out_;
  int indent_;
  std::vector<Level> stack_;
  bool after_key_ = false;
};

}  // namespace fledger
