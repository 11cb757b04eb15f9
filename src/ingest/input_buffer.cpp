#include "ingest/input_buffer.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <fmt/format.h>
#include <simdjson.h>
#include <unistd.h>

namespace truceline::ingest::detail {
namespace {
constexpr size_t kChunkBytes = 1 << 20;
constexpr size_t kPadding = simdjson::SIMDJSON_PADDING;
}  // namespace

core::Result<std::unique_ptr<InputBuffer>> InputBuffer::Open(const std::string& path) {
  if (path == "-") return std::unique_ptr<InputBuffer>(new InputBuffer(0, false, "<stdin>"));
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    int err = errno;
    return core::Status(err == ENOENT ? core::ErrorCode::kNotFound : core::ErrorCode::kIoError,
                        fmt::format("{}: cannot open: {}", path, std::strerror(err)));
  }
  ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  return std::unique_ptr<InputBuffer>(new InputBuffer(fd, true, path));
}

std::unique_ptr<InputBuffer> InputBuffer::FromText(std::string display_name,
                                                   std::string_view text) {
  auto input = std::unique_ptr<InputBuffer>(new InputBuffer(-1, false, std::move(display_name)));
  // Sized to the text (plus room to grow, as Fill expects), not the 4 MiB
  // a file gets: request bodies are small and many.
  input->capacity_ = std::max(text.size(), kChunkBytes);
  input->buffer_.reset(new char[input->capacity_ + kPadding]);
  std::memcpy(input->buffer_.get(), text.data(), text.size());
  std::memset(input->buffer_.get() + text.size(), 0, input->capacity_ + kPadding - text.size());
  input->end_ = text.size();
  input->eof_ = true;
  return input;
}

InputBuffer::InputBuffer(int fd, bool owns_fd, std::string display_name)
    : fd_(fd),
      owns_fd_(owns_fd),
      display_name_(std::move(display_name)),
      buffer_(new char[4 * kChunkBytes + kPadding]),
      capacity_(4 * kChunkBytes) {
  std::memset(buffer_.get(), 0, capacity_ + kPadding);
}

size_t InputBuffer::capacity() const {
  return capacity_ + kPadding - begin_;
}

InputBuffer::~InputBuffer() {
  if (owns_fd_) ::close(fd_);
}

core::Result<bool> InputBuffer::Fill() {
  if (eof_) return false;
  if (begin_ > 0) {
    std::memmove(buffer_.get(), buffer_.get() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  if (capacity_ - end_ < kChunkBytes) {
    size_t grown = capacity_ * 2;
    std::unique_ptr<char[]> bigger(new char[grown + kPadding]);
    std::memcpy(bigger.get(), buffer_.get(), end_);
    std::memset(bigger.get() + end_, 0, grown + kPadding - end_);
    buffer_ = std::move(bigger);
    capacity_ = grown;
  }
  while (true) {
    ssize_t n = ::read(fd_, buffer_.get() + end_, capacity_ - end_);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      return core::Status(core::ErrorCode::kIoError,
                          fmt::format("{}: read failed: {}", display_name_, std::strerror(errno)));
    }
    if (n == 0) {
      eof_ = true;
      std::memset(buffer_.get() + end_, 0, kPadding);
      return false;
    }
    end_ += static_cast<size_t>(n);
    std::memset(buffer_.get() + end_, 0, kPadding);
    return true;
  }
}

}  // namespace truceline::ingest::detail
