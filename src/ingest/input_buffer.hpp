#pragma once
// InputBuffer: a sliding window over a file or standard input, read in
// chunks so memory stays bounded whatever the input's size. The window is
// always followed by at least simdjson's padding of readable bytes, so a
// record inside it can be handed to simdjson without copying.

#include <memory>
#include <string>
#include <string_view>

#include "core/status.hpp"

namespace truceline::ingest::detail {

class InputBuffer {
 public:
  // Opens `path`, or standard input for "-". Errors: kNotFound, kIoError.
  static core::Result<std::unique_ptr<InputBuffer>> Open(const std::string& path);
  // Holds a copy of `text` (a request body, say) as the whole input, named
  // `display_name` in messages. Never fails.
  static std::unique_ptr<InputBuffer> FromText(std::string display_name, std::string_view text);
  ~InputBuffer();
  InputBuffer(const InputBuffer&) = delete;
  InputBuffer& operator=(const InputBuffer&) = delete;

  // The unconsumed bytes. data()[size() .. size()+padding) is readable.
  const char* data() const { return buffer_.get() + begin_; }
  size_t size() const { return end_ - begin_; }
  // Bytes readable from data() on, including the padding.
  size_t capacity() const;
  // Drops the first `n` unconsumed bytes.
  void Consume(size_t n) { begin_ += n; }
  // Reads more input after the unconsumed bytes, moving them to the front
  // and growing the buffer when they fill it. Returns false at end of input.
  core::Result<bool> Fill();
  bool at_eof() const { return eof_; }
  // "<stdin>" or the path.
  const std::string& display_name() const { return display_name_; }

 private:
  InputBuffer(int fd, bool owns_fd, std::string display_name);

  int fd_;
  bool owns_fd_;
  std::string display_name_;
  std::unique_ptr<char[]> buffer_;
  size_t capacity_ = 0;  // usable bytes, excluding the padding
  size_t begin_ = 0;
  size_t end_ = 0;
  bool eof_ = false;
};

}  // namespace truceline::ingest::detail
