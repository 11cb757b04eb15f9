#include <algorithm>
#include <array>
#include <bit>
#include <cmath>

#include "fusion/fusion.hpp"

namespace truceline::fusion {
namespace {

// How much one report of each source kind is trusted on its own. Monitors
// and sensors are the mission's own eyes; open sources and the parties'
// claims need corroboration. Indexed by core::SourceKind.
constexpr std::array<double, 5> kSourceReliability{
    0.7,  // monitor
    0.6,  // sensor (precise, but triggers on more than weapons)
    0.3,  // osint
    0.2,  // party
    0.2,  // other
};

// Kinds that say only that something happened, not what: any more specific
// kind of the same family is preferred when naming the incident.
bool IsGenericKind(core::ReportKind kind) {
  return kind == core::ReportKind::kExplosion || kind == core::ReportKind::kAirStrike ||
         kind == core::ReportKind::kOther;
}

// Positions claimed more precise than this are weighted as this precise,
// so a report of "0 m" does not take the centroid alone.
constexpr double kMinPositionUncertaintyM = 1.0;

void NoteSource(core::IncidentTally& tally, const std::string& source, double reliability) {
  auto [it, inserted] = tally.source_reliability.try_emplace(source, reliability);
  if (!inserted) it->second = std::max(it->second, reliability);
}

}  // namespace

void AddToTally(core::IncidentTally& tally, const core::Report& r) {
  int64_t t = core::ToUnixMicros(r.observed_at);
  if (tally.report_count == 0) {
    tally.family = core::FamilyOf(r.kind);
    tally.first_us = tally.last_us = t;
    tally.lon_ref = r.lon;
  }
  ++tally.report_count;
  tally.first_us = std::min(tally.first_us, t);
  tally.last_us = std::max(tally.last_us, t);
  ++tally.kind_counts[static_cast<size_t>(r.kind)];
  tally.source_kinds |= 1u << static_cast<unsigned>(r.source_kind);
  if (r.weapon_class) tally.weapon_classes |= 1u << static_cast<unsigned>(*r.weapon_class);
  if (r.target_category) tally.target_categories |= 1u << static_cast<unsigned>(*r.target_category);
  NoteSource(tally, r.source, kSourceReliability[static_cast<size_t>(r.source_kind)]);
  double u = std::max(r.position_uncertainty_m, kMinPositionUncertaintyM);
  double w = 1.0 / (u * u);
  // Longitudes are averaged relative to the first report, so an incident
  // on the antimeridian does not average to the other side of the globe.
  tally.weight_sum += w;
  tally.weighted_lat += w * r.lat;
  tally.weighted_dlon += w * std::remainder(r.lon - tally.lon_ref, 360.0);
}

void MergeTally(core::IncidentTally& into, const core::IncidentTally& from) {
  if (from.report_count == 0) return;
  if (into.report_count == 0) {
    into = from;
    return;
  }
  into.report_count += from.report_count;
  into.first_us = std::min(into.first_us, from.first_us);
  into.last_us = std::max(into.last_us, from.last_us);
  for (size_t k = 0; k < into.kind_counts.size(); ++k)
    into.kind_counts[k] += from.kind_counts[k];
  into.source_kinds |= from.source_kinds;
  into.weapon_classes |= from.weapon_classes;
  into.target_categories |= from.target_categories;
  for (const auto& [source, reliability] : from.source_reliability)
    NoteSource(into, source, reliability);
  // Re-express the other's longitudes relative to this reference.
  double shift = std::remainder(from.lon_ref - into.lon_ref, 360.0);
  into.weight_sum += from.weight_sum;
  into.weighted_lat += from.weighted_lat;
  into.weighted_dlon += from.weighted_dlon + shift * from.weight_sum;
}

core::IncidentSummary SummarizeTally(const core::IncidentTally& tally) {
  core::IncidentSummary s;
  if (tally.report_count == 0) return s;
  s.family = tally.family;
  s.report_count = tally.report_count;
  s.first_at = core::FromUnixMicros(tally.first_us);
  s.last_at = core::FromUnixMicros(tally.last_us);
  s.lat = tally.weighted_lat / tally.weight_sum;
  s.lon = std::remainder(tally.lon_ref + tally.weighted_dlon / tally.weight_sum, 360.0);
  s.uncertainty_m = std::sqrt(1.0 / tally.weight_sum);
  s.source_count = static_cast<uint32_t>(tally.source_reliability.size());
  s.source_kind_count = static_cast<uint32_t>(std::popcount(tally.source_kinds));
  s.weapon_classes = tally.weapon_classes;
  s.target_categories = tally.target_categories;

  double all_wrong = 1.0;
  for (const auto& [source, reliability] : tally.source_reliability)
    all_wrong *= 1.0 - reliability;
  s.confidence = 1.0 - all_wrong;
  s.evidence_status = s.source_count >= 2 ? core::IncidentStatus::kCorroborated
                                          : core::IncidentStatus::kSingleSource;

  // The most reported specific kind; generic kinds only when nothing more
  // specific was reported; ties go to the first in the vocabulary.
  const auto& counts = tally.kind_counts;
  size_t best = counts.size();
  for (size_t k = 0; k < counts.size(); ++k) {
    if (counts[k] == 0) continue;
    if (best == counts.size()) {
      best = k;
      continue;
    }
    bool generic_k = IsGenericKind(static_cast<core::ReportKind>(k));
    bool generic_best = IsGenericKind(static_cast<core::ReportKind>(best));
    if ((generic_best && !generic_k) || (generic_best == generic_k && counts[k] > counts[best])) {
      best = k;
    }
  }
  s.kind = static_cast<core::ReportKind>(best);
  return s;
}

core::IncidentSummary SummarizeIncident(std::span<const core::Report> reports) {
  core::IncidentTally tally;
  for (const core::Report& r : reports)
    AddToTally(tally, r);
  return SummarizeTally(tally);
}

}  // namespace truceline::fusion
