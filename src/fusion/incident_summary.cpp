#include <algorithm>
#include <array>
#include <cmath>
#include <string_view>
#include <unordered_map>

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

}  // namespace

core::IncidentSummary SummarizeIncident(std::span<const core::Report> reports) {
  core::IncidentSummary s;
  if (reports.empty()) return s;
  s.family = core::FamilyOf(reports.front().kind);
  s.report_count = reports.size();
  s.first_at = reports.front().observed_at;
  s.last_at = reports.front().observed_at;

  std::array<uint64_t, static_cast<size_t>(core::ReportKind::kOther) + 1> kind_counts{};
  std::array<bool, kSourceReliability.size()> kinds_seen{};
  // The most reliable report of each source counts once towards confidence.
  std::unordered_map<std::string_view, double> best_of_source;
  double w_sum = 0, w_lat = 0, w_lon = 0;
  double lon_ref = reports.front().lon;
  for (const core::Report& r : reports) {
    s.first_at = std::min(s.first_at, r.observed_at);
    s.last_at = std::max(s.last_at, r.observed_at);
    ++kind_counts[static_cast<size_t>(r.kind)];
    kinds_seen[static_cast<size_t>(r.source_kind)] = true;
    double reliability = kSourceReliability[static_cast<size_t>(r.source_kind)];
    auto [it, inserted] = best_of_source.try_emplace(r.source, reliability);
    if (!inserted) it->second = std::max(it->second, reliability);
    double u = std::max(r.position_uncertainty_m, kMinPositionUncertaintyM);
    double w = 1.0 / (u * u);
    // Longitudes are averaged relative to the first report, so an incident
    // on the antimeridian does not average to the other side of the globe.
    double dlon = std::remainder(r.lon - lon_ref, 360.0);
    w_sum += w;
    w_lat += w * r.lat;
    w_lon += w * dlon;
  }
  s.lat = w_lat / w_sum;
  s.lon = std::remainder(lon_ref + w_lon / w_sum, 360.0);
  s.uncertainty_m = std::sqrt(1.0 / w_sum);
  s.source_count = static_cast<uint32_t>(best_of_source.size());
  s.source_kind_count =
      static_cast<uint32_t>(std::count(kinds_seen.begin(), kinds_seen.end(), true));

  double all_wrong = 1.0;
  for (const auto& [source, reliability] : best_of_source)
    all_wrong *= 1.0 - reliability;
  s.confidence = 1.0 - all_wrong;
  s.evidence_status = s.source_count >= 2 ? core::IncidentStatus::kCorroborated
                                          : core::IncidentStatus::kSingleSource;

  // The most reported specific kind; generic kinds only when nothing more
  // specific was reported; ties go to the first in the vocabulary.
  size_t best = kind_counts.size();
  for (size_t k = 0; k < kind_counts.size(); ++k) {
    if (kind_counts[k] == 0) continue;
    if (best == kind_counts.size()) {
      best = k;
      continue;
    }
    bool generic_k = IsGenericKind(static_cast<core::ReportKind>(k));
    bool generic_best = IsGenericKind(static_cast<core::ReportKind>(best));
    if ((generic_best && !generic_k) ||
        (generic_best == generic_k && kind_counts[k] > kind_counts[best])) {
      best = k;
    }
  }
  s.kind = static_cast<core::ReportKind>(best);
  return s;
}

}  // namespace truceline::fusion
