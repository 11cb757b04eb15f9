#pragma once
// Store: the backend-neutral interface to Truceline's durable state.
//
// Backends (SQLite now, PostgreSQL/PostGIS later) implement it and must pass
// the conformance suite in tests/store/. Engines never include this header;
// the app layer does.
//
// Thread safety: a Store object is used from one thread at a time. Several
// processes may open the same store; writes are serialised by the backend.

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/report.hpp"
#include "core/status.hpp"
#include "core/time.hpp"

namespace truceline::store {

// What happened to one report of an appended batch.
enum class AppendOutcome : uint8_t {
  kInserted,   // new (source, id): stored
  kDuplicate,  // (source, id) already stored with the same content: nothing to do
  kConflict,   // (source, id) already stored with different content: not stored
};

struct AppendResult {
  std::vector<AppendOutcome> outcomes;  // index-aligned with the batch
  uint64_t inserted = 0;
  uint64_t duplicates = 0;
  uint64_t conflicts = 0;
};

// A report as stored, with what the store adds to it.
struct StoredReport {
  core::Report report;
  core::UtcMicros ingested_at{};
};

// Filters for reading reports back; every bound is inclusive, unset = open.
struct ReportQuery {
  std::optional<core::UtcMicros> from;  // observed_at >= from
  std::optional<core::UtcMicros> to;    // observed_at <= to
  // West, south, east, north in degrees (RFC 7946 order); west > east
  // crosses the antimeridian.
  std::optional<std::array<double, 4>> bbox;
  std::optional<uint64_t> limit;
};

class Store {
 public:
  virtual ~Store() = default;

  // Appends a batch atomically and durably: when this returns ok, every
  // inserted report survives a crash or power loss; when it fails, none of
  // the batch was stored. Idempotent by (source, id): a report already
  // stored with the same content digest is a duplicate; with a different
  // digest, a conflict (neither overwrites the stored report). Reports
  // repeated within the batch are treated the same way.
  // Preconditions: reports.size() == digests.size(); reports are valid.
  virtual core::Result<AppendResult> AppendReports(std::span<const core::Report> reports,
                                                   std::span<const core::ContentDigest> digests,
                                                   core::UtcMicros ingested_at) = 0;

  // Calls `visit` for each matching report, ordered by observed_at and then
  // by arrival; stops early when `visit` returns false.
  virtual core::Status ScanReports(const ReportQuery& query,
                                   const std::function<bool(const StoredReport&)>& visit) = 0;

  // Looks up one report by its key. kNotFound when absent.
  virtual core::Result<StoredReport> GetReport(const std::string& source,
                                               const std::string& id) = 0;

  // Number of stored reports.
  virtual core::Result<uint64_t> CountReports() = 0;

  // The schema version the store is at (after migrations on open).
  virtual int SchemaVersion() const = 0;
};

}  // namespace truceline::store
