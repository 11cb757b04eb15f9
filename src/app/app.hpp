#pragma once
// The application layer: Truceline's use cases, shared by the CLI and the
// server. It wires engines to a Store; it holds no format or transport code.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/incident_tracker.hpp"
#include "core/status.hpp"
#include "core/time.hpp"
#include "ingest/ingest.hpp"
#include "store/store.hpp"

namespace truceline::app {

// Opens the store named by `location`: a file path (or "sqlite:PATH") opens
// the embedded SQLite store. Errors as for the backend's Open.
core::Result<std::unique_ptr<store::Store>> OpenStore(const std::string& location);

// Running totals of an ingest, as printed in the summary.
struct IngestSummary {
  uint64_t accepted = 0;    // newly stored
  uint64_t duplicates = 0;  // already stored with the same content
  uint64_t rejected = 0;    // invalid, or reusing an id with different content
  uint64_t fused = 0;       // reports fused into incidents (0 without fusion)
  uint64_t late = 0;        // of which fused through the slow path
};

// Receives what an ingest learns as it goes. Called from the thread that
// called Ingest, never concurrently.
class IngestObserver {
 public:
  virtual ~IngestObserver() = default;
  // A record that was not stored (after its batch was committed).
  virtual void OnRejection(const ingest::Rejection& rejection,
                           const ingest::ReportBatch& batch) = 0;
  // A batch is durable; `so_far` counts everything committed up to now.
  virtual void OnBatchCommitted(const IngestSummary& so_far) = 0;
};

struct IngestOptions {
  std::optional<ingest::Format> format;  // nullopt: from the file name, else sniffed
  size_t batch_records = 50'000;         // records per committed batch
  // Fuse every stored report into incidents as it is committed (nullopt:
  // store only; the next ingest with fusion catches up).
  std::optional<TrackerOptions> fusion = TrackerOptions{};
};

// Reads every input in turn, validates and commits it in batches, and
// reports rejections and commits to `observer`. Parsing runs on a worker
// thread, one batch ahead of the commits, so memory is bounded by two
// batches whatever the inputs' size. A missing or unreadable input fails
// with kNotFound/kIoError after the inputs before it were committed; a
// storage failure stops the ingest with kStorageError/kIoError. Everything
// counted in the returned summary (and every OnBatchCommitted) is durable.
// With fusion, each committed batch is then fused (IncidentTracker), and
// reports stored earlier but not yet fused are fused first.
class Service {
 public:
  Service(store::Store& store, const core::Clock& clock) : store_(store), clock_(clock) {}

  core::Result<IngestSummary> Ingest(const std::vector<std::string>& inputs,
                                     const IngestOptions& options, IngestObserver& observer);

 private:
  store::Store& store_;
  const core::Clock& clock_;
};

}  // namespace truceline::app
