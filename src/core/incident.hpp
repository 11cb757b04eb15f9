#pragma once
// Incident: a connected component of linked reports (DESIGN.md, "Fusion:
// reports → incidents"), with the attributes analysts read and filter on.

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/report.hpp"
#include "core/time.hpp"

namespace truceline::core {

// `single_source` and `corroborated` follow from the evidence; `verified`
// and `rejected` are an analyst's judgement, kept across re-fusion.
enum class IncidentStatus { kSingleSource, kCorroborated, kVerified, kRejected };

std::string_view IncidentStatusName(IncidentStatus v);
std::optional<IncidentStatus> ParseIncidentStatus(std::string_view name);
std::span<const std::string_view> IncidentStatusNames();
// Whether the status records an analyst's review rather than the evidence.
inline bool IsReviewStatus(IncidentStatus v) {
  return v == IncidentStatus::kVerified || v == IncidentStatus::kRejected;
}

// An analyst's judgement on an incident.
struct IncidentReview {
  IncidentStatus status = IncidentStatus::kVerified;  // kVerified or kRejected
  std::string reason;
  std::string analyst;
  UtcMicros at{};
};

// The running totals an incident's summary is computed from, kept so that
// an incident that gains reports, or absorbs another, is summarised
// without reading its reports again. Fusion fills and reads it
// (fusion::AddToTally, MergeTally, SummarizeTally); the store keeps it.
struct IncidentTally {
  Family family = Family::kOther;
  uint64_t report_count = 0;
  int64_t first_us = 0;
  int64_t last_us = 0;
  double weight_sum = 0;     // Σ 1/u²
  double weighted_lat = 0;   // Σ lat/u²
  double weighted_dlon = 0;  // Σ (lon − lon_ref)/u², lon − lon_ref in (−180, 180]
  double lon_ref = 0;        // the first report's longitude
  std::array<uint64_t, static_cast<size_t>(ReportKind::kOther) + 1> kind_counts{};
  uint32_t source_kinds = 0;       // bit i: a report of SourceKind i
  uint32_t weapon_classes = 0;     // bit i: a report with WeaponClass i
  uint32_t target_categories = 0;  // bit i: a report with TargetCategory i
  // Distinct sources, each with the reliability of its most reliable
  // report (sorted by source, so the tally is deterministic).
  std::map<std::string, double> source_reliability;
};

// What fusion derives from an incident's reports.
struct IncidentSummary {
  Family family = Family::kOther;
  ReportKind kind = ReportKind::kOther;  // the most specific kind reported
  double lat = 0;                        // inverse-variance weighted centroid
  double lon = 0;
  double uncertainty_m = 0;  // 1σ radius of the centroid: sqrt(1 / Σ 1/u²)
  UtcMicros first_at{};
  UtcMicros last_at{};
  uint64_t report_count = 0;
  uint32_t source_count = 0;       // distinct `source`
  uint32_t source_kind_count = 0;  // distinct `source_kind`
  double confidence = 0;           // 0..1, see SummarizeIncident
  IncidentStatus evidence_status = IncidentStatus::kSingleSource;
  uint32_t weapon_classes = 0;     // bit i: some report saw WeaponClass i
  uint32_t target_categories = 0;  // bit i: some report named TargetCategory i

  bool Saw(WeaponClass c) const { return (weapon_classes >> static_cast<unsigned>(c)) & 1u; }
  bool Named(TargetCategory c) const {
    return (target_categories >> static_cast<unsigned>(c)) & 1u;
  }
};

// An incident as stored and exported.
struct Incident {
  uint64_t id = 0;
  IncidentSummary summary;
  std::optional<IncidentReview> review;  // the latest analyst review, if any
  std::string admin_region;              // oblast name, or empty outside them
  UtcMicros updated_at{};

  IncidentStatus Status() const { return review ? review->status : summary.evidence_status; }
};

}  // namespace truceline::core
