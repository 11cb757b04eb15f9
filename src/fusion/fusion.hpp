#pragma once
// Fusion: reports become incidents (DESIGN.md, "Fusion: reports → incidents").
//
// Two reports a and b are linked iff they are in the same family,
// |t_a − t_b| <= eps_s + τ_a + τ_b and their WGS84 geodesic distance is
// <= eps_m + u_a + u_b (τ: time uncertainty, u: position uncertainty). An
// incident is a connected component of the linked graph (ST-DBSCAN with
// minPts = 1). This header is the engine's public surface; it is pure
// (no I/O, no clock) and its results are exact, not approximate.

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <vector>

#include "core/incident.hpp"
#include "core/report.hpp"

namespace truceline::fusion {

// How near in space and time two reports of a family must be to link,
// before their own uncertainties are added.
struct LinkThresholds {
  double distance_m = 0;  // eps_m
  double time_s = 0;      // eps_s
};

// Thresholds per family. Defaults: indirect_fire 1500 m / 120 s,
// small_arms 1000 m / 300 s, air_strike 2000 m / 120 s, maritime 5000 m /
// 600 s, sighting 500 m / 3600 s, other 1000 m / 300 s.
class FusionConfig {
 public:
  static FusionConfig Defaults();
  const LinkThresholds& For(core::Family family) const {
    return thresholds_[static_cast<size_t>(family)];
  }
  // Precondition: both values finite and >= 0 (the config loader checks).
  void Set(core::Family family, LinkThresholds thresholds) {
    thresholds_[static_cast<size_t>(family)] = thresholds;
  }

 private:
  std::array<LinkThresholds, 6> thresholds_{};
};

// What fusion needs of a report.
struct FusionPoint {
  core::Family family = core::Family::kOther;
  int64_t t_us = 0;  // observed_at, microseconds since the Unix epoch
  double time_uncertainty_s = 0;
  double lat = 0;
  double lon = 0;
  double position_uncertainty_m = 0;
};

FusionPoint ToFusionPoint(const core::Report& report);

// The linking rule itself, evaluated exactly (GeographicLib geodesic).
bool Linked(const FusionPoint& a, const FusionPoint& b, const FusionConfig& config);

// How batch fusion may divide its work between threads.
struct BatchOptions {
  unsigned threads = 0;  // 0: as many as the machine has
  // Each family is cut into time slices of at least this many points, swept
  // on their own threads; the seams between slices are swept afterwards.
  size_t min_points_per_slice = 100'000;
};

// Batch fusion: the incident of every point, as labels 0..k−1 numbered in
// the order in which incidents first appear in `points`. Exact: the same
// partition as testing every pair with Linked(), whatever the options.
// Time O(n log n + links) for realistic data (a time sweep over a spatial
// grid, with uncertainty classes so one coarse report does not widen every
// search), divided between up to `options.threads` threads; memory O(n).
// Thread-compatible.
std::vector<uint32_t> ClusterBatch(std::span<const FusionPoint> points, const FusionConfig& config,
                                   const BatchOptions& options = {});

// Streaming fusion: points arrive one at a time, in any order. A point is
// on time when no point it could link to has left the window: the window
// keeps every point until no on-time arrival can reach it any more, i.e.
// while t + τ >= watermark − lateness_s − eps_s − max_time_uncertainty_s
// (the watermark is the latest observation seen). For on-time arrivals the
// incidents are exactly those of ClusterBatch over everything added,
// whatever the order (a property test checks this). Memory is bounded by
// the points inside the window, not by the stream's length. Any other
// point is reported as late: it is linked to what the window still holds,
// and the caller must complete it against older reports from storage (the
// slow path). Not thread-safe.
class StreamFuser {
 public:
  StreamFuser(const FusionConfig& config, double lateness_s, double max_time_uncertainty_s);
  ~StreamFuser();
  StreamFuser(const StreamFuser&) = delete;
  StreamFuser& operator=(const StreamFuser&) = delete;

  struct Arrival {
    uint64_t incident = 0;           // the incident the point belongs to now (ids start at 1)
    std::vector<uint64_t> absorbed;  // incidents merged into `incident` by this arrival
    bool late = false;               // older than the window: see the class comment
  };
  // An incident outside the window that the caller found the point links
  // to (the slow path), and the time between the point and the nearest
  // report of it that it links to (µs, >= 0).
  struct Partner {
    uint64_t incident = 0;
    int64_t dt_us = 0;
  };
  // Whether two incidents must never be joined (an analyst split them).
  // Called with incidents as the fuser resolves them.
  using Separated = std::function<bool(uint64_t, uint64_t)>;

  // Adds a point, linked to the window's incidents it reaches and to
  // `stored`. Without `separated` (or with an empty one) it joins all of
  // them. With it, it joins them in order of their nearest linked report
  // in time (ties: the smaller id), skipping each that is separated from
  // one already joined — so separated incidents stay apart and the point
  // goes with the nearest.
  Arrival Add(const FusionPoint& point, std::span<const Partner> stored = {},
              const Separated* separated = nullptr);

  // Whether Add(point) would report the point late now; changes nothing.
  bool WouldBeLate(const FusionPoint& point) const;

  // Continues a stream whose earlier points are in storage, not in the
  // window: arrivals that could link to a point with t + τ <= `stored_up_to_us`
  // are reported late, and new incident ids start at `next_incident`.
  // Call before the first Add.
  void Resume(int64_t stored_up_to_us, uint64_t next_incident);

  // Records that the slow path merged incident `absorbed` into `into`
  // (`into` < `absorbed`), so that window points of `absorbed` now resolve
  // to `into`.
  void Merge(uint64_t absorbed, uint64_t into);

  // The current incident of an id absorbed recently (within the last two
  // rounds of the fuser's background sweep, which visits a few window cells
  // per arrival); older ids resolve to themselves. Callers that keep
  // incident ids apply each Arrival's `absorbed` as it comes.
  uint64_t Resolve(uint64_t incident);
  // Points currently held in the window.
  size_t WindowSize() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

// The attributes of the incident made of `reports` (all of one family; at
// least one). Confidence is the chance that not every distinct source is
// wrong, 1 − Π(1 − r), with r the reliability of the source's most reliable
// report by source kind: monitor 0.7, sensor 0.6, osint 0.3, party 0.2,
// other 0.2 — so ten channels repeating one claim weigh like ten sources,
// which is why the status and the source-kind count are shown beside it.
// Pure; up to rounding, the result does not depend on the reports' order.
core::IncidentSummary SummarizeIncident(std::span<const core::Report> reports);

// The same, incrementally: add reports to a tally (or merge two incidents'
// tallies), then summarise. SummarizeIncident(r) equals, up to rounding,
// SummarizeTally of the tally of r, however the reports were split and merged.
void AddToTally(core::IncidentTally& tally, const core::Report& report);
void MergeTally(core::IncidentTally& into, const core::IncidentTally& from);
core::IncidentSummary SummarizeTally(const core::IncidentTally& tally);

}  // namespace truceline::fusion
