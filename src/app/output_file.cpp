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

void ChunkedWriter::Write() {
  if (std::fwrite(buffer_.data(), 1, buffer_.size(), out_) != buffer_.size()) failed_ = true;
  buffer_.clear();
}

core::Status ChunkedWriter::Finish(const std::string& what) {
  Write();
  if (std::fflush(out_) != 0) failed_ = true;
  if (failed_)
    return core::Status(core::ErrorCode::kIoError, fmt::format("{}: writing failed", what));
  return core::Status::Ok();
}

}  // namespace truceline::app
