#include "app/output_file.hpp"

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

namespace truceline::app {

core::Result<FilePtr> CreateOutputFile(const std::string& path) {
  FilePtr file(std::fopen(path.c_str(), "w"), std::fclose);
  if (!file) {
    return core::Status(core::ErrorCode::kIoError,
                        fmt::format("{}: cannot create: {}", path, std::strerror(errno)));
  }
  return file;
}

}  // namespace truceline::app
