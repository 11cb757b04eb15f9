// app::Service::Ingest: the parse → commit pipeline over several inputs.

#include <filesystem>
#include <fstream>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "app/app.hpp"

namespace truceline::app {
namespace {

class RecordingObserver final : public IngestObserver {
 public:
  void OnRejection(const ingest::Rejection& r, const ingest::ReportBatch&) override {
    rejections.push_back(fmt::format("{}:{}:{}", std::filesystem::path(r.file).filename().string(),
                                     r.location, r.errors.front().field));
  }
  void OnBatchCommitted(const IngestSummary& so_far) override { commits.push_back(so_far); }
  std::vector<std::string> rejections;
  std::vector<IngestSummary> commits;
};

class IngestServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / fmt::format("truceline-app-{}", ::getpid());
    std::filesystem::create_directories(dir_);
    auto store = OpenStore("sqlite:" + (dir_ / "t.db").string());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(*store);
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  std::string Write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name) << text;
    return (dir_ / name).string();
  }
  static std::string Line(int i, const char* lat = "48.5") {
    return fmt::format(
        R"({{"id":"{}","source":"s","source_kind":"sensor","observed_at":"2025-04-01T10:00:00Z","lat":{},"lon":37.5,"kind":"mortar"}})"
        "\n",
        i, lat);
  }

  std::filesystem::path dir_;
  std::unique_ptr<store::Store> store_;
  core::FixedClock clock_{*core::ParseRfc3339("2025-06-01T00:00:00Z")};
};

TEST_F(IngestServiceTest, CommitsBatchesInOrderAndReportsRejectionsPerBatch) {
  std::string a;
  for (int i = 0; i < 25; ++i)
    a += Line(i, i % 10 == 3 ? "95" : "48.5");
  auto first = Write("a.ndjson", a);
  auto second = Write("b.ndjson", Line(100) + Line(3));  // r3 was rejected above: new here
  Service service(*store_, clock_);
  RecordingObserver observer;
  auto summary = service.Ingest({first, second}, IngestOptions{std::nullopt, 10}, observer);
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_EQ(summary->accepted, 24u);
  EXPECT_EQ(summary->rejected, 3u);
  EXPECT_EQ(observer.rejections,
            (std::vector<std::string>{"a.ndjson:4:lat", "a.ndjson:14:lat", "a.ndjson:24:lat"}));
  // 25 records in batches of 10, then the second file: running totals only grow.
  ASSERT_EQ(observer.commits.size(), 4u);
  EXPECT_EQ(observer.commits[0].accepted, 9u);
  EXPECT_EQ(observer.commits[2].accepted + observer.commits[2].rejected, 25u);
  EXPECT_EQ(observer.commits[3].accepted, 24u);
  EXPECT_EQ(*store_->CountReports(), 24u);
  auto stored = store_->GetReport("s", "100");
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->ingested_at, clock_.Now());  // the injected clock, not the system's
}

TEST_F(IngestServiceTest, AMissingInputFailsBeforeAnythingIsStored) {
  auto good = Write("a.ndjson", Line(1));
  Service service(*store_, clock_);
  RecordingObserver observer;
  auto summary =
      service.Ingest({good, (dir_ / "missing.ndjson").string()}, IngestOptions{}, observer);
  ASSERT_FALSE(summary.ok());
  EXPECT_EQ(summary.status().code(), core::ErrorCode::kNotFound);
  EXPECT_EQ(*store_->CountReports(), 0u);
  EXPECT_TRUE(observer.commits.empty());
}

TEST_F(IngestServiceTest, ReportsAreRejectedWhenDatedInTheFutureOfTheInjectedClock) {
  auto in = Write("a.ndjson", Line(1));
  core::FixedClock early(*core::ParseRfc3339("2025-04-01T09:00:00Z"));
  Service service(*store_, early);
  RecordingObserver observer;
  auto summary = service.Ingest({in}, IngestOptions{}, observer);
  ASSERT_TRUE(summary.ok());
  EXPECT_EQ(summary->rejected, 1u);
  EXPECT_EQ(observer.rejections, (std::vector<std::string>{"a.ndjson:1:observed_at"}));
}

}  // namespace
}  // namespace truceline::app
