#pragma once
// Mapping from the error catalogue to process exit codes and stderr.

#include "cli/commands.hpp"
#include "core/status.hpp"

namespace truceline::cli {

// 2 for usage/configuration errors, 1 for rejected input, 3 otherwise.
int ExitCodeFor(const core::Status& status);

// Prints "truceline: <message>" to stderr and returns ExitCodeFor(status).
int ReportFailure(const core::Status& status);

}  // namespace truceline::cli
