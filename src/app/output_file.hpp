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

// Creates the folder `dir` and its parents if absent. Errors: kIoError
// naming the folder and the reason.
core::Status CreateOutputFolder(const std::string& dir);

// Writes `content` to `path` through a temporary file (`path`.tmp) renamed
// into place, so a reader never sees half a file. Errors: kIoError naming
// the path and the reason; the temporary file is removed.
core::Status WriteFileAtomically(const std::string& path, const std::string& content);

// Text written to a stream in large chunks: append to text(), call
// MaybeFlush() after each record and Finish() at the end. Not thread-safe.
class ChunkedWriter {
 public:
  explicit ChunkedWriter(std::FILE* out) : out_(out) {}
  std::string& text() { return buffer_; }
  // Writes the buffered text once it is large; false once a write failed.
  bool MaybeFlush() {
    if (buffer_.size() >= kChunk) Write();
    return !failed_;
  }
  // Writes the rest and flushes the stream. kIoError naming `what` when any
  // write failed.
  core::Status Finish(const std::string& what);

 private:
  static constexpr size_t kChunk = 1 << 20;
  void Write();
  std::FILE* out_;
  std::string buffer_;
  bool failed_ = false;
};

}  // namespace truceline::app
