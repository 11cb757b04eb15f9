#include "app/output_file.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>

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

core::Status CreateOutputFolder(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    return core::Status(core::ErrorCode::kIoError,
                        fmt::format("{}: cannot create the folder: {}", dir, ec.message()));
  }
  return core::Status::Ok();
}

core::Status WriteFileAtomically(const std::string& path, const std::string& content) {
  std::string temp = path + ".tmp";
  std::FILE* out = std::fopen(temp.c_str(), "wb");
  if (!out) {
    return core::Status(core::ErrorCode::kIoError,
                        fmt::format("{}: cannot create: {}", temp, std::strerror(errno)));
  }
  bool ok = std::fwrite(content.data(), 1, content.size(), out) == content.size();
  ok = std::fclose(out) == 0 && ok;
  if (!ok || std::rename(temp.c_str(), path.c_str()) != 0) {
    std::remove(temp.c_str());
    return core::Status(core::ErrorCode::kIoError, fmt::format("{}: writing failed", path));
  }
  return core::Status::Ok();
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
