#include "core/status.hpp"

#include <array>

namespace truceline::core {
namespace {

struct ErrorInfo {
  ErrorCode code;
  std::string_view name;
  std::string_view description;
};

// Indexed by the enum's value; the static_assert below keeps it complete.
constexpr std::array kErrorTable{
    ErrorInfo{ErrorCode::kOk, "ok", "success"},
    ErrorInfo{ErrorCode::kInvalidArgument, "invalid_argument", "a malformed argument or setting"},
    ErrorInfo{ErrorCode::kInvalidRecord, "invalid_record", "an input record failed validation"},
    ErrorInfo{ErrorCode::kParseError, "parse_error", "input text is not well-formed"},
    ErrorInfo{ErrorCode::kNotFound, "not_found", "the file, record or object does not exist"},
    ErrorInfo{ErrorCode::kAlreadyExists, "already_exists",
              "the key is already used by something different"},
    ErrorInfo{ErrorCode::kIoError, "io_error", "reading or writing failed"},
    ErrorInfo{ErrorCode::kStorageError, "storage_error", "the store failed"},
    ErrorInfo{ErrorCode::kStoreTooNew, "store_too_new",
              "the store was written by a newer version of Truceline"},
    ErrorInfo{ErrorCode::kUnsupported, "unsupported", "not supported by this build"},
    ErrorInfo{ErrorCode::kForbidden, "forbidden", "the actor's role does not allow the operation"},
    ErrorInfo{ErrorCode::kUnauthenticated, "unauthenticated",
              "the caller is not authenticated: no, unknown, expired or revoked credentials"},
    ErrorInfo{ErrorCode::kPayloadTooLarge, "payload_too_large",
              "the input is larger than a limit allows (bytes or records)"},
    ErrorInfo{ErrorCode::kInternal, "internal", "an internal invariant did not hold"},
};
static_assert(kErrorTable.size() == static_cast<size_t>(ErrorCode::kInternal) + 1);

constexpr bool TableIsIndexed() {
  for (size_t i = 0; i < kErrorTable.size(); ++i) {
    if (static_cast<size_t>(kErrorTable[i].code) != i) return false;
  }
  return true;
}
static_assert(TableIsIndexed());

const ErrorInfo& Info(ErrorCode code) {
  auto index = static_cast<size_t>(code);
  return index < kErrorTable.size() ? kErrorTable[index] : kErrorTable.back();
}

}  // namespace

std::string_view ErrorCodeName(ErrorCode code) {
  return Info(code).name;
}
std::string_view ErrorCodeDescription(ErrorCode code) {
  return Info(code).description;
}

std::string Status::ToString() const {
  if (ok()) return "ok";
  std::string out(ErrorCodeName(code_));
  out += ": ";
  out += message_;
  return out;
}

}  // namespace truceline::core
