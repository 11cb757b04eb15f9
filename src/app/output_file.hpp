#pragma once
// Output files of the app layer's use cases.

#include <cstdio>
#include <memory>
#include <string>

#include "core/status.hpp"

namespace truceline::app {

using FilePtr = std::unique_ptr<std::FILE, int (*)(std::FILE*)>;

// Creates (or truncates) `path` for writing. Errors: kIoError naming the
// path and the system's reason.
core::Result<FilePtr> CreateOutputFile(const std::string& path);

}  // namespace truceline::app
