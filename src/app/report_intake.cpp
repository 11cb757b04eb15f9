#include "app/report_intake.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace truceline::app {
namespace {

ingest::Rejection ConflictRejection(const ingest::ReportBatch& batch, size_t i) {
  const core::Report& r = batch.reports[i];
  return ingest::Rejection{
      batch.file,
      batch.location_kind,
      batch.origins[i].location,
      core::ErrorCode::kAlreadyExists,
      {ingest::FieldError{"id", fmt::format("source '{}' already has a different report with id "
                                            "'{}'; ids must not be reused",
                                            r.source, r.id)}},
      std::string(batch.RawOf(i))};
}

}  // namespace

core::Result<BatchOutcome> CommitBatch(store::Store& store, ingest::ReportBatch& batch,
                                       core::UtcMicros ingested_at) {
  auto appended = store.AppendReports(batch.reports, batch.digests, ingested_at);
  if (!appended.ok()) return appended.status();
  BatchOutcome outcome{std::move(*appended), std::move(batch.rejections)};
  batch.rejections.clear();
  for (size_t i = 0; i < outcome.appended.outcomes.size(); ++i) {
    if (outcome.appended.outcomes[i] == store::AppendOutcome::kConflict) {
      outcome.rejections.push_back(ConflictRejection(batch, i));
    }
  }
  std::stable_sort(outcome.rejections.begin(), outcome.rejections.end(),
                   [](const auto& a, const auto& b) { return a.location < b.location; });
  return outcome;
}

core::Result<std::unique_ptr<ReportIntake>> ReportIntake::Open(store::Store& store,
                                                               const core::Clock& clock,
                                                               const TrackerOptions& fusion,
                                                               const AdminRegions* regions) {
  auto tracker = IncidentTracker::Open(store, fusion, regions, clock);
  if (!tracker.ok()) return tracker.status();
  return std::unique_ptr<ReportIntake>(new ReportIntake(store, clock, std::move(*tracker)));
}

core::Result<ingest::ReportBatch> ReportIntake::Parse(std::string display_name,
                                                      std::string_view text, ingest::Format format,
                                                      size_t max_records,
                                                      const std::string& required_source,
                                                      const core::Clock& clock) {
  ingest::ValidationPolicy policy{&clock};
  policy.required_source = required_source;
  auto reader = ingest::OpenTextReader(std::move(display_name), text, format, policy);
  ingest::ReportBatch batch;
  // One record past the limit tells an oversized body from a full one.
  auto read = reader->ReadBatch(batch, max_records + 1);
  if (!read.ok()) return read.status();
  if (batch.RecordCount() > max_records || *read) {
    return core::Status(
        core::ErrorCode::kPayloadTooLarge,
        fmt::format("{}: a batch holds at most {} records; split it", batch.file, max_records));
  }
  return batch;
}

core::Result<ReportIntake::Outcome> ReportIntake::Commit(ingest::ReportBatch& batch) {
  auto committed = CommitBatch(store_, batch, clock_.Now());
  if (!committed.ok()) return committed.status();
  Outcome outcome;
  outcome.summary.accepted = committed->appended.inserted;
  outcome.summary.duplicates = committed->appended.duplicates;
  outcome.summary.rejected = committed->rejections.size();
  outcome.rejections = std::move(committed->rejections);
  uint64_t fused_before = tracker_->stats().fused;
  uint64_t late_before = tracker_->stats().late;
  core::Status fused = tracker_->Fuse(batch.reports, committed->appended.seqs);
  if (!fused.ok()) {
    return core::Status(fused.code(),
                        fmt::format("the reports are stored, but fusing them failed (the next "
                                    "submission fuses them): {}",
                                    fused.message()));
  }
  outcome.summary.fused = tracker_->stats().fused - fused_before;
  outcome.summary.late = tracker_->stats().late - late_before;
  return outcome;
}

core::Result<ReportIntake::Outcome> ReportIntake::Submit(std::string display_name,
                                                         std::string_view text,
                                                         ingest::Format format, size_t max_records,
                                                         const std::string& required_source) {
  auto batch = Parse(std::move(display_name), text, format, max_records, required_source, clock_);
  if (!batch.ok()) return batch.status();
  return Commit(*batch);
}

}  // namespace truceline::app
