#pragma once
// The daily report: what happened on one local day of the agreement, in the
// manner of the OSCE Special Monitoring Mission's daily reports, compared
// with the day before and the mean of the seven days before.
//
// `BuildDailyReport` is a pure function of its inputs (incidents, reports,
// violations, reference data); rendering lives in render.hpp. Nothing here
// reads a clock, a file or a store.

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/geo.hpp"
#include "core/incident.hpp"
#include "core/report.hpp"
#include "core/status.hpp"
#include "core/time.hpp"
#include "core/time_zone.hpp"
#include "rules/violation.hpp"

namespace truceline::report {

// Days of the trend chart (the day and the 29 before it) and of the
// comparison mean (the 7 days before the day).
inline constexpr int kTrendDays = 30;
inline constexpr int kMeanDays = 7;
// Hotspot cells: 0.09° of latitude by 0.135° of longitude, about
// 10 km × 10 km at 48°N.
inline constexpr double kCellLatDeg = 0.09;
inline constexpr double kCellLonDeg = 0.135;
inline constexpr size_t kMaxHotspots = 10;

// A clause of the agreement, as the report names it.
struct ClauseInfo {
  std::string id;
  std::string title;
  rules::RuleType rule = rules::RuleType::kNoFire;
};

// The agreement the violations were evaluated against.
struct AgreementInfo {
  std::string id;
  std::string title;
  std::string timezone;
  std::vector<ClauseInfo> clauses;  // in the agreement's order
};

// What the report reads of a stored report.
struct ReportRecord {
  std::string source;
  core::SourceKind source_kind = core::SourceKind::kOther;
  core::UtcMicros observed_at{};
};

// A bundled town (data/towns.csv), to name hotspots.
struct Town {
  std::string name;
  std::string oblast;
  core::geo::LatLon position;
};

// Everything a daily report is computed from. Records outside the window
// the report looks at (the 30 local days ending on `date`) are ignored, so
// callers may pass more.
struct DailyReportInput {
  std::chrono::year_month_day date;  // the local day reported on
  core::TimeZone zone = core::TimeZone::Utc();
  // Incidents whose first observation falls in the window.
  std::vector<core::Incident> incidents;
  // Reports observed in the 8 local days ending on `date` (coverage and
  // report counts); earlier ones are ignored.
  std::vector<ReportRecord> reports;
  // nullopt: no agreement was given, violations were not evaluated.
  std::optional<AgreementInfo> agreement;
  // Violations of the incidents above (others are ignored).
  std::vector<rules::Violation> violations;
  std::vector<Town> towns;  // may be empty: hotspots then name no town
};

// A count on the day, on the day before and the mean of the 7 days before
// (rounded to 0.01).
struct Comparison {
  uint64_t day = 0;
  uint64_t previous_day = 0;
  double mean_7d = 0;
};

// One row of a breakdown: a family, kind, oblast or clause.
struct CountRow {
  std::string key;
  Comparison counts;
};

// A violation on the day, with its incident's facts and the evidence.
struct ViolationEntry {
  uint64_t incident_id = 0;
  std::string clause_id;
  std::string clause_title;
  rules::RuleType rule = rules::RuleType::kNoFire;
  core::IncidentStatus incident_status = core::IncidentStatus::kSingleSource;
  core::Family family = core::Family::kOther;
  core::ReportKind kind = core::ReportKind::kOther;
  core::geo::LatLon position;
  core::UtcMicros first_at{};
  std::string admin_region;
  rules::Evidence evidence;
};

// A clause with its violations on the day.
struct ClauseSection {
  ClauseInfo clause;
  Comparison counts;
  std::vector<ViolationEntry> violations;  // by first observation, then incident id
};

// A ~10 km cell where the day's incidents concentrate.
struct Hotspot {
  int rank = 0;  // 1 = most incidents
  core::geo::BBox cell;
  core::geo::LatLon centre;  // mean of the incidents' centroids
  uint64_t incidents = 0;
  uint64_t violations = 0;
  std::array<uint64_t, 6> by_family{};  // indexed by core::Family
  std::string oblast;                   // the oblast most of them lie in ("" outside)
  std::string nearest_town;             // "" when no towns were given
  std::string nearest_town_oblast;
  double nearest_town_km = 0;
};

struct SourceCount {
  std::string source;
  core::SourceKind source_kind = core::SourceKind::kOther;
  uint64_t reports = 0;
};

struct SourceKindCount {
  core::SourceKind source_kind = core::SourceKind::kOther;
  uint64_t reports = 0;
  uint64_t sources = 0;
};

// One hour of the local day (a 25-hour day has two slots that read 03:00).
struct HourSlot {
  core::UtcMicros start{};
  int32_t utc_offset_s = 0;
  uint64_t reports = 0;
};

// A source that reported in the 7 days before but not on the day.
struct SilentSource {
  std::string source;
  core::SourceKind source_kind = core::SourceKind::kOther;
  uint64_t reports_previous_7d = 0;
  int active_days_previous_7d = 0;
  core::UtcMicros last_report{};
};

struct Coverage {
  std::vector<SourceCount> sources;           // by reports, descending, then name
  std::vector<SourceKindCount> source_kinds;  // every kind, in enum order
  std::vector<HourSlot> hours;                // the day's hours in order
  std::vector<SilentSource> silent_sources;   // by previous reports, descending, then name
};

struct TrendDay {
  std::chrono::year_month_day date;
  std::array<uint64_t, 6> incidents_by_family{};  // indexed by core::Family
  uint64_t violations = 0;
};

// An incident of the day, as drawn on the map.
struct MapIncident {
  uint64_t id = 0;
  core::Family family = core::Family::kOther;
  core::geo::LatLon position;
  bool violation = false;
};

// The daily report. Plain values; copyable.
struct DailyReport {
  std::chrono::year_month_day date;
  std::string timezone;
  core::UtcMicros day_start{};
  core::UtcMicros day_end{};  // exclusive
  int day_hours = 24;
  int32_t utc_offset_start_s = 0;
  std::optional<AgreementInfo> agreement;

  Comparison incidents;
  Comparison reports;
  Comparison violations;                          // zero without an agreement
  std::array<uint64_t, 4> incidents_by_status{};  // on the day; indexed by IncidentStatus

  std::vector<CountRow> incidents_by_family;  // every family, enum order
  std::vector<CountRow> incidents_by_kind;    // kinds seen in the 8 days, enum order
  std::vector<CountRow> incidents_by_oblast;  // by day count desc, then mean desc, then name
  std::vector<CountRow> violations_by_family;
  std::vector<CountRow> violations_by_kind;
  std::vector<CountRow> violations_by_oblast;
  std::vector<ClauseSection> clauses;           // agreement order
  std::vector<ViolationEntry> withdrawal;       // rule `withdrawal`, on the day
  std::vector<ViolationEntry> protected_sites;  // rule `protected_target`, on the day

  std::vector<Hotspot> hotspots;
  Coverage coverage;
  std::vector<TrendDay> trend;  // kTrendDays days, oldest first, the day last
  std::vector<MapIncident> map_incidents;
};

// Name of the row for incidents outside every oblast.
inline constexpr const char* kOutsideOblasts = "(outside the oblasts)";

// Computes the report from its inputs. Pure and deterministic: equal inputs
// give equal reports, whatever the order of the input vectors. Errors:
// kInvalidArgument for an invalid date.
core::Result<DailyReport> BuildDailyReport(const DailyReportInput& input);

// The UTC bounds [start, end) of local day `date` in `zone`.
struct DayBounds {
  core::UtcMicros start{};
  core::UtcMicros end{};
};
DayBounds LocalDayBounds(const core::TimeZone& zone, std::chrono::year_month_day date);

}  // namespace truceline::report
