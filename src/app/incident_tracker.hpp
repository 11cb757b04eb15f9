#pragma once
// Streaming fusion inside ingest: every stored report joins an incident,
// and the incidents are kept in the store (DESIGN.md, "Fusion").

#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "app/agreement_service.hpp"
#include "core/geo.hpp"
#include "core/spatial_index.hpp"
#include "core/status.hpp"
#include "core/time.hpp"
#include "fusion/fusion.hpp"
#include "store/store.hpp"

namespace truceline::app {

// Names the oblast containing a point: the admin region of an incident.
// Immutable after construction; const methods are thread-safe.
class AdminRegions {
 public:
  // The bundled oblasts (errors as LoadOblasts).
  static core::Result<AdminRegions> LoadBundled();
  AdminRegions(std::vector<std::string> names, std::vector<core::geo::MultiPolygon> areas);

  // The region's name, or empty outside every region.
  std::string At(double lat, double lon) const;

 private:
  std::vector<std::string> names_;
  core::geo::PolygonIndex index_;
};

struct TrackerOptions {
  fusion::FusionConfig config = fusion::FusionConfig::Defaults();
  // Reports observed up to this long before the newest one seen are fused
  // in memory; older ones take the slow path through the store. Either way
  // the incidents are exactly those of batch fusion over all stored reports.
  double lateness_s = 6 * 3600;
  // The time uncertainty the in-memory window is sized for; reports
  // claiming more are still fused exactly (through the slow path if needed).
  double max_time_uncertainty_s = 3600;
  // Called after each fusion step is durable, with what it wrote (the
  // incidents created or changed, merges, violations), on the tracker's
  // thread; e.g. the server publishes it to live subscribers. Optional.
  std::function<void(const store::FusionUpdate&)> on_commit;
};

// What fusion did, for summaries and benchmarks.
struct TrackerStats {
  uint64_t fused = 0;   // reports fused
  uint64_t late = 0;    // of which through the slow path
  uint64_t merges = 0;  // stored incidents merged into others
  uint64_t incidents_written = 0;
};

// Keeps the store's incidents up to date as reports are appended. The
// incidents after any sequence of Fuse calls are exactly those of
// fusion::ClusterBatch over every stored report, whatever the arrival
// order (a property test checks this), with ids that never change except
// by merging into a smaller one. Each Fuse commits one fusion step; if the
// process dies between appending reports and fusing them, the next
// tracker opened on the store fuses them first. When the store has an
// active agreement, every incident a step changes is re-evaluated against
// it and its violations are stored in the same transaction (an agreement
// activated meanwhile is detected and the step redone). Not thread-safe; one
// tracker per store at a time (a concurrent one is detected and caught up
// with). An analyst's merge or split is detected the same way (the store's
// revision moved): the step is redone from what the store holds. Incidents
// an analyst split apart are never joined again: a report that links to
// both joins the one holding its nearest linked report in time (ties: the
// smaller id), so the partition is the batch one refined by the analysts'
// separations and coarsened by their merges.
class IncidentTracker {
 public:
  // Opens on `store` (which must outlive the tracker) and fuses every
  // stored report not yet fused. `regions` may be null (no admin region).
  static core::Result<std::unique_ptr<IncidentTracker>> Open(store::Store& store,
                                                             const TrackerOptions& options,
                                                             const AdminRegions* regions,
                                                             const core::Clock& clock);
  ~IncidentTracker();

  // Fuses the reports of an appended batch: `seqs` is AppendResult::seqs
  // (index-aligned with `reports`; 0 for reports that were not inserted).
  // Storage errors are returned; the reports stay stored and are fused by
  // the next CatchUp or tracker.
  core::Status Fuse(std::span<const core::Report> reports, std::span<const uint64_t> seqs);

  // Fuses every stored report not yet fused, in batches.
  core::Status CatchUp();

  const TrackerStats& stats() const { return stats_; }

 private:
  class Step;
  struct Pending {
    uint64_t seq;
    const core::Report* report;
  };
  IncidentTracker(store::Store& store, const TrackerOptions& options, const AdminRegions* regions,
                  const core::Clock& clock);
  // Rebuilds the in-memory window from the store's fusion state, and
  // reloads the active agreement.
  core::Status Reload();
  // Fuses reports whose seqs follow the state's, in order, as one step;
  // after a failure the window is rebuilt from the store.
  core::Status FuseInOrder(std::span<const Pending> reports);

  store::Store& store_;
  TrackerOptions options_;
  const AdminRegions* regions_;
  const core::Clock& clock_;
  store::FusionState state_;
  std::unique_ptr<fusion::StreamFuser> fuser_;
  std::optional<ActiveRules> rules_;
  // Pairs of incidents fusion must keep apart (analysts' splits), as the
  // incidents are now: rewritten as this tracker's steps merge incidents.
  std::vector<std::pair<uint64_t, uint64_t>> separations_;
  TrackerStats stats_;
};

}  // namespace truceline::app
