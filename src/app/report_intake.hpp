#pragma once
// Committing parsed report batches, for the file ingest (app::Service) and
// for long-lived front ends that receive reports in memory (the server's
// POST /api/v1/reports): one store, one tracker, each batch committed
// durably before it is fused and before anyone is told it was accepted.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "app/app.hpp"
#include "app/incident_tracker.hpp"
#include "core/status.hpp"
#include "core/time.hpp"
#include "ingest/ingest.hpp"
#include "store/store.hpp"

namespace truceline::app {

// What committing one parsed batch did.
struct BatchOutcome {
  store::AppendResult appended;
  // The batch's own rejections plus one per id reused with other content,
  // ordered by their location in the input.
  std::vector<ingest::Rejection> rejections;
};

// Appends `batch`'s accepted reports to `store` in one durable transaction
// and returns what became of each record; the batch's rejections are moved
// into the outcome. On a storage error nothing of the batch was stored.
core::Result<BatchOutcome> CommitBatch(store::Store& store, ingest::ReportBatch& batch,
                                       core::UtcMicros ingested_at);

// Ingests in-memory batches into one store with streaming fusion. Not
// thread-safe: callers serialise Submit (the server holds its writer lock).
class ReportIntake {
 public:
  // Opens a tracker on `store` (which, like `clock` and `regions`, must
  // outlive the intake) and fuses what earlier processes left unfused.
  static core::Result<std::unique_ptr<ReportIntake>> Open(store::Store& store,
                                                          const core::Clock& clock,
                                                          const TrackerOptions& fusion,
                                                          const AdminRegions* regions);

  struct Outcome {
    IngestSummary summary;  // of this submission only
    std::vector<ingest::Rejection> rejections;
  };

  // Parses and validates `text` in `format` (with `required_source`, as
  // ingest::ValidationPolicy, when not empty) into one batch. Touches no
  // store, so front ends parse concurrently and serialise only Commit. A bad
  // record is a rejection in the batch, never an error. Errors:
  // kPayloadTooLarge when the text holds more than `max_records` records.
  static core::Result<ingest::ReportBatch> Parse(std::string display_name, std::string_view text,
                                                 ingest::Format format, size_t max_records,
                                                 const std::string& required_source,
                                                 const core::Clock& clock);

  // Commits `batch`'s valid reports as one durable batch, then fuses them.
  // Errors: storage errors (then nothing was stored, or — if fusion failed —
  // the reports are stored and the next submission or tracker fuses them:
  // the error says so).
  core::Result<Outcome> Commit(ingest::ReportBatch& batch);

  // Parse, then Commit.
  core::Result<Outcome> Submit(std::string display_name, std::string_view text,
                               ingest::Format format, size_t max_records,
                               const std::string& required_source = {});

 private:
  ReportIntake(store::Store& store, const core::Clock& clock,
               std::unique_ptr<IncidentTracker> tracker)
      : store_(store), clock_(clock), tracker_(std::move(tracker)) {}

  store::Store& store_;
  const core::Clock& clock_;
  std::unique_ptr<IncidentTracker> tracker_;
};

}  // namespace truceline::app
