#include <algorithm>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include <fmt/format.h>

#include "app/app.hpp"
#include "app/report_intake.hpp"

namespace truceline::app {
namespace {

// One step of the parse → commit pipeline: a batch, or the error that ended
// parsing, or the end of all input.
struct PipelineItem {
  std::unique_ptr<ingest::ReportBatch> batch;
  core::Status error;
  bool end = false;
};

// A bounded single-producer, single-consumer hand-off. Bounding it keeps
// memory to a few batches when storage is slower than parsing.
class BatchQueue {
 public:
  explicit BatchQueue(size_t capacity) : capacity_(capacity) {}

  // Returns false when the consumer has given up.
  bool Push(PipelineItem item) {
    std::unique_lock lock(mutex_);
    not_full_.wait(lock, [&] { return items_.size() < capacity_ || cancelled_; });
    if (cancelled_) return false;
    items_.push_back(std::move(item));
    not_empty_.notify_one();
    return true;
  }

  PipelineItem Pop() {
    std::unique_lock lock(mutex_);
    not_empty_.wait(lock, [&] { return !items_.empty(); });
    PipelineItem item = std::move(items_.front());
    items_.pop_front();
    not_full_.notify_one();
    return item;
  }

  void Cancel() {
    std::lock_guard lock(mutex_);
    cancelled_ = true;
    not_full_.notify_all();
  }

  // Spent batches go back to the producer so their buffers are reused.
  void Recycle(std::unique_ptr<ingest::ReportBatch> batch) {
    batch->Clear();
    std::lock_guard lock(mutex_);
    free_.push_back(std::move(batch));
  }
  std::unique_ptr<ingest::ReportBatch> TakeFree() {
    std::lock_guard lock(mutex_);
    if (free_.empty()) return std::make_unique<ingest::ReportBatch>();
    auto batch = std::move(free_.back());
    free_.pop_back();
    return batch;
  }

 private:
  const size_t capacity_;
  std::mutex mutex_;
  std::condition_variable not_full_, not_empty_;
  std::deque<PipelineItem> items_;
  std::vector<std::unique_ptr<ingest::ReportBatch>> free_;
  bool cancelled_ = false;
};

void ProduceBatches(std::vector<std::unique_ptr<ingest::Reader>>& readers, size_t batch_records,
                    BatchQueue& queue) {
  for (auto& reader : readers) {
    bool more = true;
    while (more) {
      auto batch = queue.TakeFree();
      auto read = reader->ReadBatch(*batch, batch_records);
      if (!read.ok()) {
        if (batch->RecordCount() > 0 && !queue.Push({std::move(batch), {}, false})) return;
        queue.Push({nullptr, read.status(), false});
        return;
      }
      more = *read;
      if (batch->RecordCount() > 0 || !batch->csv_header.empty()) {
        if (!queue.Push({std::move(batch), {}, false})) return;
      }
    }
  }
  queue.Push({nullptr, {}, true});
}

}  // namespace

core::Result<IngestSummary> Service::Ingest(const std::vector<std::string>& inputs,
                                            const IngestOptions& options,
                                            IngestObserver& observer) {
  ingest::ValidationPolicy policy{&clock_};
  // Open every input first, so a mistyped path fails before anything is stored.
  std::vector<std::unique_ptr<ingest::Reader>> readers;
  for (const auto& path : inputs) {
    auto reader = ingest::OpenReader(path, options.format, policy);
    if (!reader.ok()) return reader.status();
    readers.push_back(std::move(*reader));
  }

  std::optional<AdminRegions> regions;
  std::unique_ptr<IncidentTracker> tracker;
  if (options.fusion) {
    auto loaded = AdminRegions::LoadBundled();
    if (!loaded.ok()) return loaded.status();
    regions = std::move(*loaded);
    auto opened = IncidentTracker::Open(store_, *options.fusion, &*regions, clock_);
    if (!opened.ok()) return opened.status();
    tracker = std::move(*opened);
  }

  BatchQueue queue(/*capacity=*/2);
  std::thread producer(
      [&] { ProduceBatches(readers, std::max<size_t>(options.batch_records, 1), queue); });
  IngestSummary summary;
  core::Status failure;
  while (true) {
    PipelineItem item = queue.Pop();
    if (item.end) break;
    if (!item.batch) {
      failure = item.error;
      break;
    }
    ingest::ReportBatch& batch = *item.batch;
    auto committed = CommitBatch(store_, batch, clock_.Now());
    if (!committed.ok()) {
      failure = committed.status();
      break;
    }
    const store::AppendResult& appended = committed->appended;
    summary.accepted += appended.inserted;
    summary.duplicates += appended.duplicates;
    summary.rejected += committed->rejections.size();
    for (const auto& rejection : committed->rejections)
      observer.OnRejection(rejection, batch);
    observer.OnBatchCommitted(summary);
    if (tracker) {
      core::Status fused = tracker->Fuse(batch.reports, appended.seqs);
      if (!fused.ok()) {
        failure = fused;
        break;
      }
      summary.fused = tracker->stats().fused;
      summary.late = tracker->stats().late;
    }
    queue.Recycle(std::move(item.batch));
  }
  queue.Cancel();
  producer.join();
  if (!failure.ok()) return failure;
  return summary;
}

}  // namespace truceline::app
