// Result<T>: a value or an Error, the error-handling currency of every Fledger module.
//
// Functions that can fail on user input return Result<T> instead of throwing:
//
//   Result<Severity> s = Severity::Parse("high");
//   if (!s.ok()) return s.error();
//   Use(s.value());
//
// FLEDGER_TRY(var, expr) assigns the value or returns the error from the enclosing function.
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace fledger {

// The step of input validation that rejected an input (DESIGN.md §4), or kNone for errors that
// are not about an input (I/O failures, internal errors).
enum class ValidationStep { kNone, kOrigin, kSize, kLexical, kSyntax, kSemantics };

const char* ValidationStepName(ValidationStep step);

enum class ErrorCode {
  kUsage,     // bad flags or arguments: exit 2
  kInput,     // a file or value the user gave us is invalid: exit 2
  kNotFound,  // a named thing does not exist: exit 2
  kIo,        // the operating system refused: exit 2 (the user's environment)
  kInternal,  // a bug or an impossible state: exit 3
};

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;  // one line, no trailing period
  std::string context;  // the file (and line:column) the error is about, if any
  ValidationStep step = ValidationStep::kNone;

  // One line for the user: "<context>: <step> error: <message>".
  [[nodiscard]] std::string ToString() const;
  // Process exit code for this error: 2 for user-facing errors, 3 for internal ones.
  [[nodiscard]] int ExitCode() const { return code == ErrorCode::kInternal ? 3 : 2; }
};

// Builds an input-validation error about `context` rejected at `step`.
Error InputError(ValidationStep step, std::string context, std::string message);

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : data_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
  Result(Error error) : data_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return data_.index() == 0; }
  // Precondition: ok(). Calling value() on an error is a programmer error.
  const T& value() const& {
    assert(ok());
    return std::get<0>(data_);
  }
  T& value() & {
    assert(ok());
    return std::get<0>(data_);
  }
  T&& value() && {
    assert(ok());
    return std::get<0>(std::move(data_));
  }
  // Precondition: !ok().
  const Error& error() const {
    assert(!ok());
    return std::get<1>(data_);
  }

 private:
  std::variant<T, Error> data_;
};

// Result<void>: success or an Error.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error error) : error_(std::move(error)) {}  // NOLINT(google-explicit-constructor)
  bool ok() const { return !error_.has_value(); }
  const Error& error() const {
    assert(!ok());
    return *error_;
  }

 private:
  std::optional<Error> error_;
};

}  // namespace fledger

#define FLEDGER_CONCAT_INNER_(a, b) a##b
#define FLEDGER_CONCAT_(a, b) FLEDGER_CONCAT_INNER_(a, b)

// Evaluates `expr` (a Result<T>); on error returns the error, else moves the value into `lhs`.
#define FLEDGER_TRY(lhs, expr) FLEDGER_TRY_IMPL_(FLEDGER_CONCAT_(fledger_try_, __LINE__), lhs, expr)
#define FLEDGER_TRY_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                      \
  if (!tmp.ok()) return tmp.error();      \
  lhs = std::move(tmp).value()

// Evaluates `expr` (a Status); on error returns it.
#define FLEDGER_RETURN_IF_ERROR(expr)                          \
  do {                                                         \
    auto fledger_status_ = (expr);                             \
    if (!fledger_status_.ok()) return fledger_status_.error(); \
  } while (false)
