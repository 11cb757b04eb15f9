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
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "core/incident.hpp"
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
  // Index-aligned with the batch: the stored sequence number (arrival
  // order, starting at 1) of each inserted report, 0 for the others.
  std::vector<uint64_t> seqs;
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

// A stored report with its sequence number and, once fused, its incident.
struct FusedReport {
  uint64_t seq = 0;
  core::Report report;
  uint64_t incident = 0;  // 0 while not yet fused
};

// The widest uncertainties fused so far in one family.
struct FusionBounds {
  double max_time_uncertainty_s = 0;
  double max_position_uncertainty_m = 0;
};

// How far fusion has got through the stored reports.
struct FusionState {
  uint64_t fused_up_to_seq = 0;  // every report with seq <= this is fused
  // The latest observed_at + time_uncertainty of a fused report (µs).
  int64_t reach_end_up_to_us = std::numeric_limits<int64_t>::min() + 1;
  uint64_t next_incident = 1;            // ids are never reused
  std::array<FusionBounds, 6> bounds{};  // indexed by core::Family
  // How many times analysts have changed the incidents by hand (merges,
  // splits).
  // A tracker holds incident ids in memory; a step it prepared before such
  // a change is refused (see FusionUpdate::expected_revision).
  uint64_t revision = 0;
};

// What fusion's slow path needs of a stored report.
struct CandidatePoint {
  uint64_t seq = 0;
  uint64_t incident = 0;  // 0 while not yet fused
  core::ReportKind kind = core::ReportKind::kOther;
  int64_t observed_at_us = 0;
  double time_uncertainty_s = 0;
  double lat = 0;
  double lon = 0;
  double position_uncertainty_m = 0;
};

// Fused reports of one family observed in [from, to] (inclusive, µs)
// inside a bbox (west, south, east, north; west <= east).
struct FusionCandidateQuery {
  core::Family family = core::Family::kOther;
  int64_t from_us = 0;
  int64_t to_us = 0;
  std::array<double, 4> bbox{-180, -90, 180, 90};
};

// --- Agreements and violations ---

// An agreement document as loaded into the store. Every load is a new
// version; one version at a time is active.
struct StoredAgreement {
  uint64_t version = 0;  // assigned by the store, increasing
  std::string id;        // the document's "id"
  std::string document;  // the JSON text as loaded
  core::UtcMicros loaded_at{};
  std::string loaded_by;
};

// A violation as stored, independent of the rules engine that found it.
struct ViolationRecord {
  uint64_t incident = 0;
  std::string clause_id;
  std::string rule;             // the rule type's wire name
  std::string incident_status;  // the incident's status when it was evaluated
  core::UtcMicros incident_first_at{};
  std::string evidence;  // a JSON object
};

// The violations of some incidents after they were evaluated against one
// version of the agreement. Each listed incident's violations are replaced
// by those given here (none: every violation it had is withdrawn);
// incidents not listed keep theirs.
struct ViolationUpdate {
  uint64_t agreement_version = 0;
  std::vector<uint64_t> incidents;
  std::vector<ViolationRecord> violations;  // only of listed incidents
};

// Filters for reading violations back; bounds inclusive, unset = open.
// Times are the incident's first observation.
struct ViolationQuery {
  std::optional<core::UtcMicros> from;
  std::optional<core::UtcMicros> to;
  std::optional<std::string> clause_id;
  std::optional<uint64_t> incident;
  std::optional<uint64_t> limit;
  // Resume after this (first observation, incident, clause), for paging.
  struct After {
    core::UtcMicros first_at{};
    uint64_t incident = 0;
    std::string clause_id;
  };
  std::optional<After> after;
};

// A change of a violation: "found", "changed" (its evidence, rule, status
// or agreement version differ) or "withdrawn" (it no longer holds, or its
// incident merged into another). `detail` is a JSON object with the
// violation as it now is (as it was, for "withdrawn").
struct ViolationHistoryEntry {
  uint64_t incident = 0;
  std::string clause_id;
  uint64_t agreement_version = 0;
  core::UtcMicros at{};
  std::string event;
  std::string detail;
};

// One fusion step, applied atomically: newly fused reports, merges, and
// the incidents they created or changed.
struct FusionUpdate {
  struct Member {
    uint64_t report_seq;
    uint64_t incident;
  };
  struct Merge {
    uint64_t absorbed;    // a stored incident that no longer exists on its own
    uint64_t into;        // the incident it became part of (smaller id)
    uint64_t report_seq;  // the report that linked them (0: an analyst did)
  };
  std::vector<Member> members;
  std::vector<Merge> merges;  // in the order they happened
  // Every incident created or changed, with its new summary, region and
  // tally; reviews are kept by the store (an absorbed incident's review
  // moves to the incident it merged into unless that one has its own).
  // An absorbed incident's violations are withdrawn.
  struct Changed {
    core::Incident incident;
    core::IncidentTally tally;
  };
  std::vector<Changed> incidents;
  FusionState state;  // the state after this step
  // The step applies only if the stored state is still at this seq (no
  // other process fused meanwhile); otherwise kAlreadyExists, and nothing
  // is written.
  uint64_t expected_fused_up_to_seq = 0;
  // The step applies only if the stored state's revision is still this one
  // (no analyst changed the incidents meanwhile); otherwise kAlreadyExists,
  // and nothing is written.
  uint64_t expected_revision = 0;
  // Set when an analyst made this step by hand instead of fusion, with
  // state.revision = expected_revision + 1: merging two incidents (no
  // members, one merge with report_seq 0, the survivor among `incidents`)
  // or splitting one (`moves` and one separation; both parts among
  // `incidents`). The store records who and why with the change, in the
  // history and in its log of analysts' merges or separations.
  struct Analyst {
    std::string name;
    std::string reason;
  };
  std::optional<Analyst> analyst;
  // An analyst's split: stored reports that leave their incident for
  // another (kNotFound, nothing written, for a report not fused).
  struct Move {
    uint64_t report_seq = 0;
    uint64_t incident = 0;
  };
  std::vector<Move> moves;
  // Incidents fusion must never join again. The first is the split: `a`
  // keeps its id and the reports that were not moved, `b` is the part
  // split off (both get a "split" history entry). Any others are the
  // split incident's earlier separations, inherited by the new part.
  struct Separation {
    uint64_t a = 0;
    uint64_t b = 0;
  };
  std::vector<Separation> separations;
  // The changed incidents re-evaluated against the active agreement, when
  // one is active. Applied in the same transaction; kAlreadyExists (and
  // nothing written) when its version is no longer the active one. Unset
  // means the step was evaluated with no agreement active: kAlreadyExists
  // (nothing written) if one has been activated since, so a long-lived
  // tracker never misses an activation made through another connection.
  std::optional<ViolationUpdate> violations;
};

// Filters for reading incidents back; bounds are inclusive, unset = open.
// Time filters select incidents whose [first, last] span overlaps them.
struct IncidentQuery {
  std::optional<core::UtcMicros> from;
  std::optional<core::UtcMicros> to;
  std::optional<std::array<double, 4>> bbox;  // of the centroid; as ReportQuery
  std::optional<core::Family> family;
  std::optional<core::IncidentStatus> status;
  std::optional<uint64_t> limit;
  // Resume after this (first observation, id), for paging.
  std::optional<std::pair<core::UtcMicros, uint64_t>> after;
};

// The latest change to one incident: its change number (increasing across
// the store) and the incident as it is now, or nullopt when it no longer
// exists on its own (merged away).
struct IncidentChange {
  uint64_t seq = 0;
  uint64_t id = 0;
  std::optional<core::Incident> incident;
};

// An entry of an incident's history: merges (by fusion, or by an analyst:
// then the detail has "by" and "reason"), analysts' splits (on both parts,
// with the other part's id, "by" and "reason"), reviews, and reports added
// to a reviewed incident. `detail` is a JSON object.
struct IncidentHistoryEntry {
  uint64_t incident = 0;
  core::UtcMicros at{};
  std::string event;  // "merged", "split", "reviewed", "grew_after_review"
  std::string detail;
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

  // --- Incidents (derived from reports by fusion) ---

  virtual core::Result<FusionState> LoadFusionState() = 0;

  // Calls `visit` for each report with seq > `after_seq`, in seq order;
  // stops early when `visit` returns false.
  virtual core::Status ScanReportsAfter(uint64_t after_seq,
                                        const std::function<bool(const FusedReport&)>& visit) = 0;

  // Calls `visit` for each report matching `query` (fused or not).
  virtual core::Status ScanFusionCandidates(
      const FusionCandidateQuery& query,
      const std::function<void(const CandidatePoint&)>& visit) = 0;

  // Calls `visit` for each report of a stored incident, in seq order.
  virtual core::Status ScanIncidentReports(
      uint64_t incident, const std::function<void(const FusedReport&)>& visit) = 0;

  // The tally of a stored incident (kNotFound when there is none).
  virtual core::Result<core::IncidentTally> LoadIncidentTally(uint64_t incident) = 0;

  // Applies one fusion step (or an analyst's merge, see
  // FusionUpdate::analyst) in one durable transaction; also records in the
  // history every merge and every reviewed incident that gained reports.
  virtual core::Status ApplyFusion(const FusionUpdate& update, core::UtcMicros at) = 0;

  // Calls `visit` for each matching incident, by first observation then id.
  virtual core::Status ScanIncidents(const IncidentQuery& query,
                                     const std::function<bool(const core::Incident&)>& visit) = 0;

  // Calls `visit` for every incident created, changed or deleted after
  // change number `after_seq` (0: every incident ever), once each with its
  // latest change, in change order, from one consistent snapshot. Readers
  // that keep incidents in memory use it to catch up.
  virtual core::Status ScanIncidentChanges(
      uint64_t after_seq, const std::function<void(const IncidentChange&)>& visit) = 0;

  // One incident by id; an id that was merged away resolves to the incident
  // it is now part of. kNotFound when no incident ever had the id.
  virtual core::Result<core::Incident> GetIncident(uint64_t id) = 0;

  // Records an analyst's review (kVerified or kRejected) of an incident
  // (merged-away ids resolve as for GetIncident) and adds it to the history.
  // kNotFound for an unknown id; kInvalidArgument for another status.
  virtual core::Result<core::Incident> ReviewIncident(uint64_t id,
                                                      const core::IncidentReview& review) = 0;

  // Calls `visit(a, b)` for each pair of incidents analysts split apart,
  // with ids as the incidents are now (pairs merged into one incident since
  // are left out).
  virtual core::Status ScanSeparations(const std::function<void(uint64_t, uint64_t)>& visit) = 0;

  // The history of an incident and of every incident merged into it, oldest first.
  virtual core::Status ScanIncidentHistory(
      uint64_t id, const std::function<void(const IncidentHistoryEntry&)>& visit) = 0;

  // --- Agreements and violations ---

  // Stores `agreement` as a new version (its `version` is ignored), makes
  // it the active one and replaces every stored violation by `violations`
  // (the evaluation of every incident against it; its agreement_version is
  // ignored), recording the differences in the history — one transaction.
  // Returns the new version.
  virtual core::Result<uint64_t> ActivateAgreement(const StoredAgreement& agreement,
                                                   const ViolationUpdate& violations,
                                                   core::UtcMicros at) = 0;

  // The active agreement, or nullopt when none was ever activated.
  virtual core::Result<std::optional<StoredAgreement>> ActiveAgreement() = 0;

  // Replaces the violations of the listed incidents, recording the
  // differences in the history. kAlreadyExists, and nothing written, when
  // `update.agreement_version` is not the active version.
  virtual core::Status ApplyViolations(const ViolationUpdate& update, core::UtcMicros at) = 0;

  // Calls `visit` for each current violation matching `query`, by the
  // incident's first observation, then incident, then clause id; stops
  // early when `visit` returns false.
  virtual core::Status ScanViolations(const ViolationQuery& query,
                                      const std::function<bool(const ViolationRecord&)>& visit) = 0;

  // The violation history of an incident and of every incident merged into
  // it (merged-away ids resolve as for GetIncident), oldest first.
  virtual core::Status ScanViolationHistory(
      uint64_t id, const std::function<void(const ViolationHistoryEntry&)>& visit) = 0;

  // The schema version the store is at (after migrations on open).
  virtual int SchemaVersion() const = 0;
};

}  // namespace truceline::store
