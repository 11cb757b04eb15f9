#pragma once
// Status and Result<T>: how every expected failure travels in Truceline.
//
// Expected failures (bad input, missing files, storage errors) are returned,
// never thrown. Each carries an ErrorCode from the one catalogue below and a
// message that names the file, the record and the reason. Exceptions are only
// caught and converted at process edges (CLI, server).

#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace truceline::core {

// The error catalogue. Codes are stable: they appear in JSON output
// (`ErrorCodeName`) and scripts may match on them.
enum class ErrorCode {
  kOk = 0,
  kInvalidArgument,  // a caller passed something malformed (usage, config)
  kInvalidRecord,    // an input record failed validation
  kParseError,       // input text is not well-formed (JSON, CSV, GeoJSON)
  kNotFound,         // a file, record or object does not exist
  kAlreadyExists,    // a unique key is taken by something different
  kIoError,          // reading or writing a file or stream failed
  kStorageError,     // the store failed (SQL error, disk full, locked)
  kStoreTooNew,      // the store was written by a newer Truceline
  kUnsupported,      // a valid request this build cannot serve
  kForbidden,        // the actor's role does not allow the operation
  kUnauthenticated,  // no, unknown, expired or revoked credentials
  kPayloadTooLarge,  // an input is larger than a limit allows (bytes, records)
  kInternal,         // a bug: an invariant did not hold
};

// Stable snake_case name of a code, e.g. "invalid_record".
std::string_view ErrorCodeName(ErrorCode code);
// One-line human description of what a code means.
std::string_view ErrorCodeDescription(ErrorCode code);

// The outcome of an operation that returns nothing. Cheap to copy when ok.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(ErrorCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return {}; }

  bool ok() const { return code_ == ErrorCode::kOk; }
  ErrorCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // "<code name>: <message>", or "ok".
  std::string ToString() const;

 private:
  ErrorCode code_ = ErrorCode::kOk;
  std::string message_;
};

// Either a value or a non-ok Status.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}         // NOLINT(google-explicit-constructor)
  Result(Status status) : state_(std::move(status)) {}  // NOLINT(google-explicit-constructor)
  Result(ErrorCode code, std::string message) : state_(Status(code, std::move(message))) {}

  bool ok() const { return std::holds_alternative<T>(state_); }
  // The error; Status::Ok() when a value is held.
  Status status() const { return ok() ? Status::Ok() : std::get<Status>(state_); }
  // The value. Precondition: ok().
  T& value() & { return std::get<T>(state_); }
  const T& value() const& { return std::get<T>(state_); }
  T&& value() && { return std::get<T>(std::move(state_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> state_;
};

}  // namespace truceline::core

// Returns early from the enclosing function when `expr` yields a non-ok Status.
#define TRUCELINE_RETURN_IF_ERROR(expr)                    \
  do {                                                     \
    ::truceline::core::Status truceline_status_ = (expr);  \
    if (!truceline_status_.ok()) return truceline_status_; \
  } while (false)
