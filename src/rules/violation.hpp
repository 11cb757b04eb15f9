#pragma once
// A violation: an incident that breaks a clause of the agreement in force at
// its first observation, with the evidence that decided it (DESIGN.md,
// "Agreement"). Produced by the rules engine, stored, checked by analysts and
// summarised in the daily report. Plain values; no I/O.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/incident.hpp"
#include "core/report.hpp"

namespace truceline::rules {

// The five rule types of the agreement format.
enum class RuleType { kNoFire, kWithdrawal, kProtectedTarget, kZoneProhibition, kNoFlight };

// Wire names: "no_fire", "withdrawal", "protected_target",
// "zone_prohibition", "no_flight".
std::string_view RuleTypeName(RuleType v);
std::optional<RuleType> ParseRuleType(std::string_view name);
std::span<const std::string_view> RuleTypeNames();

// What was measured. Only the fields the clause's rule uses are set.
struct Evidence {
  // Geodesic distance from the incident's centroid to the clause's line
  // (`no_fire` with a line, `withdrawal`), metres, and the line's name.
  std::optional<double> line_distance_m;
  std::string line;
  // The limit the clause sets, in metres: `within_km`, `min_km` or
  // `radius_m`.
  std::optional<double> limit_m;
  // The zone the centroid lies in (`no_fire` with a zone,
  // `zone_prohibition`, `no_flight`).
  std::string zone;
  // `protected_target` by proximity: the asset set, the nearest asset of a
  // listed category within the radius, and its geodesic distance.
  std::string asset_set;
  std::string asset_name;
  std::optional<double> asset_distance_m;
  // `protected_target` by category: the listed category the reports named.
  std::optional<core::TargetCategory> target_category;
  // `withdrawal` and `no_flight`: the listed weapon class that was seen.
  std::optional<core::WeaponClass> weapon_class;
  // A sighting's side of the clause's line, as the agreement names it
  // (empty when the line names no sides); never an attribution of blame.
  std::string side_of_line;
};

// (incident, clause) with its evidence and the incident's status when it
// was evaluated.
struct Violation {
  uint64_t incident_id = 0;
  std::string clause_id;
  RuleType rule = RuleType::kNoFire;
  core::IncidentStatus incident_status = core::IncidentStatus::kSingleSource;
  Evidence evidence;
};

}  // namespace truceline::rules
