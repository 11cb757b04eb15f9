#pragma once
// Incident: a connected component of linked reports (DESIGN.md, "Fusion:
// reports → incidents"), with the attributes analysts read and filter on.

#include <cstdint>
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
