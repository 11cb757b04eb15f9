#pragma once
// Helpers for ingest tests: temp files and reading a whole input.

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/time.hpp"
#include "ingest/ingest.hpp"

namespace truceline::ingest::testing {

// A file in a fresh temporary directory, removed with the directory.
class TempDir {
 public:
  TempDir() {
    path_ = std::filesystem::temp_directory_path() /
            ("truceline-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  std::string Write(const std::string& name, const std::string& content) const {
    auto file = path_ / name;
    std::ofstream(file, std::ios::binary) << content;
    return file.string();
  }
  std::string Path(const std::string& name) const { return (path_ / name).string(); }

 private:
  static inline int counter_ = 0;
  std::filesystem::path path_;
};

struct ReadAll {
  std::vector<core::Report> reports;
  std::vector<uint64_t> locations;
  std::vector<Rejection> rejections;
  int batches = 0;
};

inline const core::FixedClock& TestClock() {
  static const core::FixedClock clock(*core::ParseRfc3339("2025-06-01T00:00:00Z"));
  return clock;
}

inline ReadAll ReadFile(const std::string& path, std::optional<Format> format = std::nullopt,
                        size_t batch = 1000) {
  ValidationPolicy policy{&TestClock()};
  auto reader = OpenReader(path, format, policy);
  EXPECT_TRUE(reader.ok()) << reader.status().ToString();
  ReadAll all;
  if (!reader.ok()) return all;
  bool more = true;
  while (more) {
    ReportBatch b;
    auto r = (*reader)->ReadBatch(b, batch);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    if (!r.ok()) break;
    more = *r;
    EXPECT_LE(b.RecordCount(), batch);
    ++all.batches;
    for (size_t i = 0; i < b.reports.size(); ++i) {
      all.locations.push_back(b.origins[i].location);
      EXPECT_EQ(b.digests[i], core::DigestReportContent(b.reports[i]));
    }
    for (auto& rep : b.reports)
      all.reports.push_back(std::move(rep));
    for (auto& rej : b.rejections)
      all.rejections.push_back(std::move(rej));
  }
  return all;
}

}  // namespace truceline::ingest::testing
