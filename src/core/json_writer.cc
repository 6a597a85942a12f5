// JsonWriter: nlohmann's dump() layout, written as the values arrive.
#include "core/json_writer.h"

#include <cassert>
#include <nlohmann/json.hpp>

#include "core/json.h"

namespace fledger {

void JsonWriter::AppendString(std::string* out, std::string_view value) {
  // Printable ASCII other than the quote and the backslash is written as is; anything else takes
  // the DumpJson path, so that both writers agree byte for byte on every string.
  bool plain = true;
  for (const char c : value) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u >= 0x7f || c == '"' || c == '\\') {
      plain = false;
      break;
    }
  }
  if (plain) {
    out->reserve(out->size() + value.size() + 2);
    out->push_back('"');
    out->append(value);
    out->push_back('"');
    return;
  }
  std::string literal = DumpJson(nlohmann::json(std::string(value)), -1);
  literal.pop_back();  // DumpJson's trailing newline
  out->append(literal);
}

void JsonWriter::NewLine(size_t depth) {
  if (indent_ < 0) return;
  out_->push_back('\n');
  out_->append(depth * static_cast<size_t>(indent_), ' ');
}

void JsonWriter::NextMember() {
  if (stack_.back().members++ > 0) out_->push_back(',');
  NewLine(stack_.size());
}

void JsonWriter::BeforeValue() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (stack_.empty()) return;
  assert(!stack_.back().object && "a value in an object needs a Key first");
  NextMember();
}

JsonWriter& JsonWriter::BeginObject() {
  BeforeValue();
  out_->push_back('{');
  stack_.push_back({true, 0});
  return *this;
}

JsonWriter& JsonWriter::EndObject() {
  assert(!stack_.empty() && stack_.back().object && !after_key_);
  const bool empty = stack_.back().members == 0;
  stack_.pop_back();
  if (!empty) NewLine(stack_.size());
  out_->push_back('}');
  return *this;
}

JsonWriter& JsonWriter::BeginArray() {
  BeforeValue();
  out_->push_back('[');
  stack_.push_back({false, 0});
  return *this;
}

JsonWriter& JsonWriter::EndArray() {
  assert(!stack_.empty() && !stack_.back().object);
  const bool empty = stack_.back().members == 0;
  stack_.pop_back();
  if (!empty) NewLine(stack_.size());
  out_->push_back(']');
  return *this;
}

JsonWriter& JsonWriter::Key(std::string_view name) {
  assert(!stack_.empty() && stack_.back().object && !after_key_);
  NextMember();
  AppendString(out_, name);
  out_->append(indent_ < 0 ? ":" : ": ");
  after_key_ = true;
  return *this;
}

JsonWriter& JsonWriter::String(std::string_view value) {
  BeforeValue();
  AppendString(out_, value);
  return *this;
}

JsonWriter& JsonWriter::Int(int64_t value) {
  BeforeValue();
  out_->append(std::to_string(value));
  return *this;
}

JsonWriter& JsonWriter::Bool(bool value) {
  BeforeValue();
  out_->append(value ? "true" : "false");
  return *this;
}

JsonWriter& JsonWriter::Null() {
  BeforeValue();
  out_->append("null");
  return *this;
}

void JsonWriter::Finish() {
  assert(stack_.empty() && !after_key_);
  out_->push_back('\n');
}

}  // namespace fledger
