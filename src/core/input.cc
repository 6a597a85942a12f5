// Bounded, validated reading of input files and atomic writing of output files.
#include "core/input.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <optional>
#include <random>
#include <set>
#include <type_traits>
#include <vector>

#include "core/strict_json.h"
#include "core/text.h"

namespace fledger {

Result<std::string_view> ReadOpenedFile(int fd, const std::filesystem::path& path, uint64_t size,
                                      const ReadLimits& limits, std::string& buffer) {
  // The path is only spelled out for an error: most files read cleanly.
  const auto ctx = [&path] { return path.string(); };
  // One byte more than the file's size, so that a file reporting no size (procfs) or a smaller
  // one is read to its end without growing the buffer. The buffer only grows: a reused one is
  // not cleared again for every file.
  const size_t want = static_cast<size_t>(
      std::min<uint64_t>(size + 1, limits.max_bytes + 1));
  if (buffer.size() < want) buffer.resize(want);
  size_t got = 0;
  // The file may grow between stat and read; never read past the limit.
  while (true) {
    if (got == buffer.size()) {
      if (buffer.size() > limits.max_bytes) break;
      buffer.resize(std::min<uint64_t>(limits.max_bytes + 1, buffer.size() * 2 + 4096));
    }
    const ssize_t n = ::read(fd, buffer.data() + got, buffer.size() - got);
    if (n < 0) {
      if (errno == EINTR) continue;
      const int err = errno;
      ::close(fd);
      return InputError(ValidationStep::kOrigin, ctx(),
                        std::string("cannot read: ") + std::strerror(err));
    }
    if (n == 0) break;
    got += static_cast<size_t>(n);
    // The expected size is read: take that snapshot rather than ask again for the end.
    if (got == size && size > 0) break;
  }
  ::close(fd);
  const std::string_view data(buffer.data(), got);
  if (data.size() > limits.max_bytes) {
    return InputError(ValidationStep::kSize, ctx(),
                      "file exceeds the limit of " + std::to_string(limits.max_bytes) + " bytes");
  }
  if (!limits.allow_nul && data.find('\0') != std::string_view::npos) {
    const TextPosition pos = PositionOf(data, data.find('\0'));
    return InputError(ValidationStep::kLexical,
                      ctx() + ":" + std::to_string(pos.line) + ":" + std::to_string(pos.column),
                      "NUL byte in a text file");
  }
  if (limits.require_utf8) {
    const size_t bad = FirstInvalidUtf8(data);
    if (bad != std::string_view::npos) {
      const TextPosition pos = PositionOf(data, bad);
      return InputError(ValidationStep::kLexical,
                        ctx() + ":" + std::to_string(pos.line) + ":" + std::to_string(pos.column),
                        "invalid UTF-8");
    }
  }
  return data;
}

Result<std::string_view> ReadFileInto(const std::filesystem::path& path, const ReadLimits& limits,
                                      std::string& buffer) {
  const std::string ctx = path.string();
  // Open first, then fstat the open descriptor: checking a path and then opening it would let a
  // hostile tree swap the file for a FIFO or device in between. O_NONBLOCK keeps a FIFO from
  // blocking the open itself.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (fd < 0) {
    return InputError(ValidationStep::kOrigin, ctx,
                      std::string("cannot open: ") + std::strerror(errno));
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return InputError(ValidationStep::kOrigin, ctx, "not a regular file");
  }
  if (static_cast<uint64_t>(st.st_size) > limits.max_bytes) {
    ::close(fd);
    return InputError(ValidationStep::kSize, ctx,
                      "file is " + std::to_string(st.st_size) + " bytes, limit is " +
                          std::to_string(limits.max_bytes));
  }
  return ReadOpenedFile(fd, path, static_cast<uint64_t>(st.st_size), limits, buffer);
}

Result<std::string_view> ReadListedFile(const std::filesystem::path& path, uint64_t listed_size,
                                        const ReadLimits& limits, std::string& buffer) {
  if (listed_size > limits.max_bytes) {
    return InputError(ValidationStep::kSize, path.string(),
                      "file is " + std::to_string(listed_size) + " bytes, limit is " +
                          std::to_string(limits.max_bytes));
  }
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK | O_NOFOLLOW);
  if (fd < 0) {
    return InputError(ValidationStep::kOrigin, path.string(),
                      std::string("cannot open: ") + std::strerror(errno));
  }
  return ReadOpenedFile(fd, path, listed_size, limits, buffer);
}

Result<std::string> ReadTextFile(const std::filesystem::path& path, const ReadLimits& limits) {
  std::string buffer;
  FLEDGER_TRY(const std::string_view data, ReadFileInto(path, limits, buffer));
  buffer.resize(data.size());
  return buffer;
}

Status CheckTextInput(std::string_view text, const std::string& context, uint64_t max_bytes,
                      std::string_view what) {
  if (text.size() > max_bytes) {
    return InputError(
        ValidationStep::kSize, context,
        std::string(what) + " is larger than " + std::to_string(max_bytes) + " bytes");
  }
  if (const size_t bad = FirstInvalidUtf8(text); bad != std::string_view::npos) {
    const TextPosition pos = PositionOf(text, bad);
    return InputError(ValidationStep::kLexical,
                      context + ":" + std::to_string(pos.line) + ":" + std::to_string(pos.column),
                      "invalid UTF-8");
  }
  return {};
}

namespace {

// Returns the byte offset where nesting first exceeds `max_depth`, or npos. Strings are skipped so
// that brackets inside them do not count.
size_t FindExcessiveNesting(std::string_view text, int max_depth) {
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) return i;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return std::string_view::npos;
}

// The offset of the opening quote of the `n`th (0-based) object key in `text`, or npos. Keys are
// the strings followed by ':'; only called for a prefix the parser has already accepted.
size_t FindObjectKey(std::string_view text, size_t n) {
  size_t seen = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '"') continue;
    const size_t start = i;
    for (++i; i < text.size() && text[i] != '"'; ++i) {
      if (text[i] == '\\') ++i;
    }
    size_t j = i + 1;
    while (j < text.size() &&
           (text[j] == ' ' || text[j] == '\t' || text[j] == '\n' || text[j] == '\r')) {
      ++j;
    }
    if (j < text.size() && text[j] == ':' && seen++ == n) return start;
  }
  return std::string_view::npos;
}

// Builds the document in one SAX pass and stops at the first key an object repeats: nlohmann keeps
// the last of two equal keys without a word, so a file could say one thing to a reviewer reading
// the first and another to Fledger. One pass, not a duplicate-finding pass and then
// Json::parse: the lexer is most of the cost of reading a lockfile or an OSV record. (A parser
// callback could see the keys too, but nlohmann 3.11's callback parser scans the enclosing array
// at every closing brace: quadratic, minutes for an array of 200 000 objects.)
template <typename Json>
class DomBuilder {
 public:
  using number_integer_t = typename Json::number_integer_t;
  using number_unsigned_t = typename Json::number_unsigned_t;
  using number_float_t = typename Json::number_float_t;
  using string_t = typename Json::string_t;
  using binary_t = typename Json::binary_t;
  using object_t = typename Json::object_t;
  using array_t = typename Json::array_t;

  bool null() {
    Place(Json(nullptr));
    return true;
  }
  bool boolean(bool v) {
    Place(Json(v));
    return true;
  }
  bool number_integer(number_integer_t v) {
    Place(Json(v));
    return true;
  }
  bool number_unsigned(number_unsigned_t v) {
    Place(Json(v));
    return true;
  }
  bool number_float(number_float_t v, const string_t&) {
    Place(Json(v));
    return true;
  }
  bool string(string_t& v) {
    Place(Json(v));
    return true;
  }
  bool binary(binary_t& v) {  // never called for JSON text
    Place(Json::binary(v));
    return true;
  }
  bool start_object(std::size_t) {
    stack_.push_back({Place(Json(Json::value_t::object)), {}});
    return true;
  }
  bool key(string_t& key) {
    Frame& frame = stack_.back();
    auto& members = frame.value->template get_ref<object_t&>();
    if constexpr (kSortedObjects) {
      // std::map: one O(log n) lookup both finds a repeat and makes the slot.
      const auto [it, inserted] = members.emplace(key, Json());
      if (!inserted) return Duplicate(key);
      member_ = &it->second;
    } else {
      // ordered_map looks keys up linearly; a side set keeps a large object linear in its size.
      if (!frame.keys.insert(key).second) return Duplicate(key);
      auto& in_order = static_cast<typename object_t::Container&>(members);
      member_ = &in_order.emplace_back(key, Json()).second;
    }
    ++keys_seen_;
    return true;
  }
  bool end_object() {
    stack_.pop_back();
    return true;
  }
  bool start_array(std::size_t) {
    stack_.push_back({Place(Json(Json::value_t::array)), {}});
    return true;
  }
  bool end_array() {
    stack_.pop_back();
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& e) {
    // A syntax error carries its byte offset; anything else (a number that overflows a double)
    // is valid syntax the library cannot represent.
    const auto* syntax = dynamic_cast<const nlohmann::detail::parse_error*>(&e);
    error_ = Failure{syntax != nullptr, syntax != nullptr ? syntax->byte : 0, e.what()};
    return false;
  }

  struct Failure {
    bool syntax;
    size_t byte;  // 1-based, just past the offending character (syntax errors)
    std::string what;
  };
  Json& root() { return root_; }
  const std::optional<std::string>& duplicate() const { return duplicate_; }
  size_t keys_seen() const { return keys_seen_; }  // keys before the duplicate
  const std::optional<Failure>& error() const { return error_; }

 private:
  static constexpr bool kSortedObjects = !std::is_same_v<Json, nlohmann::ordered_json>;
  struct Frame {
    Json* value;
    std::set<std::string, std::less<>> keys;  // ordered_json only
  };

  bool Duplicate(const string_t& key) {
    duplicate_ = key;
    return false;  // stops the parse
  }
  // Puts a value where the parse is: the root, the next array element or the member whose key was
  // just read. Containers' addresses stay valid while they are open: only the innermost open
  // container grows, and what it moves are its closed children.
  Json* Place(Json&& value) {
    if (stack_.empty()) {
      root_ = std::move(value);
      return &root_;
    }
    Json& top = *stack_.back().value;
    if (top.is_array()) {
      auto& elements = top.template get_ref<array_t&>();
      elements.push_back(std::move(value));
      return &elements.back();
    }
    *member_ = std::move(value);
    return member_;
  }

  Json root_;
  std::vector<Frame> stack_;
  Json* member_ = nullptr;
  std::optional<std::string> duplicate_;
  std::optional<Failure> error_;
  size_t keys_seen_ = 0;
};

std::string Position(std::string_view text, size_t offset, const std::string& context) {
  const TextPosition pos = PositionOf(text, offset);
  return context + ":" + std::to_string(pos.line) + ":" + std::to_string(pos.column);
}

// A syntax error at `byte` (nlohmann's: 1-based, just past the offending character).
Error SyntaxError(std::string_view text, size_t byte, std::string what,
                  const std::string& context) {
  const size_t offset = byte > 0 ? byte - 1 : 0;
  // nlohmann's message is "[json.exception.parse_error.101] parse error at line 1, column 1:
  // syntax error while parsing value - invalid literal; last read: 'v'". Keep what was wrong
  // and drop the quoted input: the position already says where, and the file may not be one
  // Fledger should show any of (an origin recorded in a cloned repository's files can name
  // any path on the machine).
  if (const size_t col = what.find("column "); col != std::string::npos) {
    if (const size_t colon = what.find(": ", col); colon != std::string::npos)
      what = what.substr(colon + 2);
  }
  if (const size_t quoted = what.find("; last read"); quoted != std::string::npos)
    what.resize(quoted);
  return InputError(ValidationStep::kSyntax, Position(text, offset, context),
                    "invalid JSON: " + Truncate(what, 160));
}

// Valid syntax the library cannot represent, such as a number that overflows a double.
Error UnsupportedJson(std::string what, const std::string& context) {
  const size_t bracket = what.find("] ");
  if (bracket != std::string::npos) what = what.substr(bracket + 2);
  return InputError(ValidationStep::kSemantics, context,
                    "unsupported JSON: " + Truncate(what, 120));
}

template <typename Json>
Result<Json> ParseJsonAs(std::string_view text, const std::string& context) {
  const size_t deep = FindExcessiveNesting(text, kMaxJsonDepth);
  if (deep != std::string_view::npos) {
    return InputError(ValidationStep::kSize, Position(text, deep, context),
                      "JSON nesting deeper than " + std::to_string(kMaxJsonDepth));
  }
  try {
    DomBuilder<Json> builder;
    if (Json::sax_parse(text.begin(), text.end(), &builder)) return std::move(builder.root());
    if (const auto& key = builder.duplicate()) {
      const size_t at = FindObjectKey(text, builder.keys_seen());
      return InputError(ValidationStep::kSyntax,
                        at == std::string_view::npos ? context : Position(text, at, context),
                        "duplicate key '" + EscapeTerminal(Truncate(*key, 60)) + "' in an object");
    }
    if (!builder.error()) {
      return Error{ErrorCode::kInternal, "the JSON parser stopped without an error", context};
    }
    const auto& failure = *builder.error();
    if (failure.syntax) return SyntaxError(text, failure.byte, failure.what, context);
    return UnsupportedJson(failure.what, context);
  } catch (const nlohmann::json::parse_error& e) {
    return SyntaxError(text, e.byte, e.what(), context);
  } catch (const nlohmann::json::exception& e) {
    return UnsupportedJson(e.what(), context);
  }
}

}  // namespace

Result<nlohmann::json> ParseJsonText(std::string_view text, const std::string& context) {
  // simdjson builds the same value several times faster; whatever it declines (invalid JSON, a
  // repeated key, an integer past 64 bits, nesting at the limit) nlohmann parses or explains.
  if (auto fast = ParseStrictJson(text)) return std::move(*fast);
  return ParseJsonAs<nlohmann::json>(text, context);
}

Result<nlohmann::json> ReferenceParseJsonText(std::string_view text, const std::string& context) {
  return ParseJsonAs<nlohmann::json>(text, context);
}

Result<nlohmann::ordered_json> ParseOrderedJsonText(std::string_view text,
                                                    const std::string& context) {
  return ParseJsonAs<nlohmann::ordered_json>(text, context);
}

Status WriteFileAtomic(const std::filesystem::path& path, std::string_view content) {
  // Errors about where output goes carry the origin step, like errors about where input comes
  // from, so that every exit-2 message names a step. The message keeps the errno text: it is
  // read before any clean-up call can overwrite it.
  const auto fail = [&path](const std::string& why) {
    return Error{ErrorCode::kIo, why, path.string(), ValidationStep::kOrigin};
  };
  std::error_code ec;
  const auto parent = path.parent_path();
  if (!parent.empty()) {
    std::filesystem::create_directories(parent, ec);
    if (ec) return fail("cannot create directory " + parent.string() + ": " + ec.message());
  }
  // The rename below would replace whatever is at `path`: refuse a directory (rename fails with
  // a confusing errno) and a device, FIFO or socket (rename would replace the node itself).
  const auto st = std::filesystem::symlink_status(path, ec);
  if (!ec && st.type() == std::filesystem::file_type::directory) return fail("is a directory");
  if (!ec && std::filesystem::exists(st) && st.type() != std::filesystem::file_type::regular &&
      st.type() != std::filesystem::file_type::symlink) {
    return fail("not a regular file");
  }
  std::random_device rd;
  const std::filesystem::path tmp =
      path.string() + ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(rd() % 1000000);
  // O_EXCL | O_NOFOLLOW: never write through something that appeared at the temporary name (a
  // symlink to ~/.bashrc planted in a hostile tree is refused, never opened).
  const int fd =
      ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY, 0666);
  if (fd < 0) return fail(std::string("cannot create a file here: ") + std::strerror(errno));
  size_t done = 0;
  while (done < content.size()) {
    const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const std::string why = std::string("cannot write: ") + std::strerror(n < 0 ? errno : EIO);
      ::close(fd);
      std::filesystem::remove(tmp, ec);
      return fail(why);
    }
    done += static_cast<size_t>(n);
  }
  if (::close(fd) != 0) {
    const std::string why = std::string("cannot write: ") + std::strerror(errno);
    std::filesystem::remove(tmp, ec);
    return fail(why);
  }
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    const std::string why = "cannot replace file: " + ec.message();
    std::filesystem::remove(tmp, ec);
    return fail(why);
  }
  return {};
}

Status CheckNoSymlinks(const std::filesystem::path& base, const std::filesystem::path& relative) {
  std::filesystem::path at = base;
  const auto last = std::prev(relative.end());
  for (auto it = relative.begin(); it != relative.end(); ++it) {
    at /= *it;
    struct stat st {};
    if (::lstat(at.c_str(), &st) != 0) {
      if (errno == ENOENT) return {};  // the rest does not exist yet
      return InputError(ValidationStep::kOrigin, at.string(),
                        std::string("cannot inspect: ") + std::strerror(errno));
    }
    if (S_ISLNK(st.st_mode)) {
      return InputError(ValidationStep::kOrigin, at.string(),
                        "is a symlink; Fledger never reads or writes its files through one");
    }
    const bool want_dir = it != last;
    if (want_dir ? !S_ISDIR(st.st_mode) : !S_ISREG(st.st_mode)) {
      return InputError(ValidationStep::kOrigin, at.string(),
                        want_dir ? "not a directory" : "not a regular file");
    }
  }
  return {};
}

}  // namespace fledger
