#include "cli/exit_codes.hpp"

#include <fmt/format.h>

namespace truceline::cli {

int ExitCodeFor(const core::Status& status) {
  switch (status.code()) {
    case core::ErrorCode::kOk:
      return kExitOk;
    case core::ErrorCode::kInvalidArgument:
    case core::ErrorCode::kUnsupported:
      return kExitUsage;
    case core::ErrorCode::kInvalidRecord:
    case core::ErrorCode::kParseError:
    case core::ErrorCode::kAlreadyExists:
    case core::ErrorCode::kForbidden:
    case core::ErrorCode::kUnauthenticated:
    case core::ErrorCode::kPayloadTooLarge:
      return kExitRejected;
    default:
      return kExitIo;
  }
}

int ReportFailure(const core::Status& status) {
  fmt::print(stderr, "truceline: {}\n", status.message());
  return ExitCodeFor(status);
}

}  // namespace truceline::cli
