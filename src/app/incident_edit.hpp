#pragma once
// Analysts' edits of the incidents: merging two incidents that fusion kept
// apart, and splitting one that fusion joined. An edit is a step of its own
// in the store (FusionUpdate with an analyst), so it is atomic with the
// incidents' new summaries and violations, and it advances the fusion
// state's revision: a tracker that prepared a step before the edit has it
// refused and redoes it from what the store holds, so later fusion builds
// on the edited incidents. With edits, the partition is fusion's (batch)
// partition refined by the analysts' separations and coarsened by their
// merges.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "app/actor.hpp"
#include "app/incident_export.hpp"
#include "app/incident_tracker.hpp"
#include "core/incident.hpp"
#include "core/status.hpp"
#include "core/time.hpp"
#include "store/store.hpp"

namespace truceline::app {

// The longest reason an edit may give, in bytes.
inline constexpr size_t kMaxEditReasonBytes = 2000;
// The most reports a split may name.
inline constexpr size_t kMaxSplitReports = 10'000;

// What an analyst's merge did.
struct MergeOutcome {
  core::Incident incident;     // the merged incident as stored (the smaller id)
  uint64_t absorbed = 0;       // the other id, which now resolves to it
  store::FusionUpdate update;  // what was written (for live subscribers)
};

// Merges incidents `incident` and `with` (merged-away ids resolve to their
// incidents) into one, as fusion merges: the smaller id survives and the
// other resolves to it; the summary and tally are those of all the
// reports; the reviews follow fusion's rule (the survivor's own, else the
// absorbed one's); the violations are re-evaluated against the active
// agreement; the history of the survivor gets "merged" with "by" and
// "reason" — all in one transaction. Later fusion only ever merges further,
// so the incidents stay merged.
// Errors: kForbidden unless `actor` is an analyst or an admin (nothing
// written); kInvalidArgument for an empty or too long reason, two ids of
// one incident, or incidents of different families; kNotFound for an id no
// incident ever had; the store's.
core::Result<MergeOutcome> MergeIncidents(store::Store& store, uint64_t incident, uint64_t with,
                                          const std::string& reason, const Actor& actor,
                                          const AdminRegions* regions, const core::Clock& clock);

// What an analyst's split did.
struct SplitOutcome {
  core::Incident kept;         // the incident split, with the reports not named
  core::Incident split_off;    // the new incident, with the reports named
  store::FusionUpdate update;  // what was written (for live subscribers)
};

// Moves `reports` (keys of reports of incident `incident`; a merged-away id
// resolves) to a new incident, with a new id: both summaries and tallies
// are recomputed from their reports, both are re-evaluated against the
// active agreement, both histories get "split" with the other's id, "by"
// and "reason", and the two parts are separated (the new part also from
// every incident the split one was separated from) — one transaction. The
// review stays with the incident split; the new one has none. Fusion never
// joins separated incidents again: a later report that links to both joins
// the one holding its nearest linked report in time (ties: the smaller id).
// Errors: kForbidden unless `actor` is an analyst or an admin; kNotFound
// for an unknown incident; kInvalidArgument for an empty or too long
// reason, no reports, more than kMaxSplitReports, a report named twice or
// not in the incident, or every report of the incident; the store's.
core::Result<SplitOutcome> SplitIncident(store::Store& store, uint64_t incident,
                                         std::span<const ReportKey> reports,
                                         const std::string& reason, const Actor& actor,
                                         const AdminRegions* regions, const core::Clock& clock);

}  // namespace truceline::app
