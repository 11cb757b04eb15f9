#pragma once
// Input files of the app layer's use cases (documents, models, instances).

#include <string>

#include "core/status.hpp"

namespace truceline::app {

// The whole content of `path`, as bytes. Errors: kNotFound when it cannot
// be opened, kIoError when reading fails; both name the path.
core::Result<std::string> ReadInputFile(const std::string& path);

}  // namespace truceline::app
