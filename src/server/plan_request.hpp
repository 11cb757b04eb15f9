#pragma once
// The body of POST /api/v1/plans/runs, checked at the edge: which
// scenario (a bundled name or a whole document) and the what-if edits,
// each within its limit. Errors are kInvalidArgument (400) naming the
// member; what the scenario itself gets wrong is the planner's to say (422).

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "app/plan_service.hpp"
#include "core/status.hpp"

namespace truceline::server {

// Limits of a plan run request.
inline constexpr size_t kMaxPlanBodyBytes = 1 << 20;
inline constexpr size_t kMaxScenarioNameBytes = 64;
inline constexpr size_t kMaxRemovedNations = 32;
inline constexpr size_t kMaxLinePoints = 5000;
inline constexpr double kMinRadiusKm = 1, kMaxRadiusKm = 500;
inline constexpr double kMaxLineShiftKm = 200;
inline constexpr double kDefaultPlanTimeLimitS = 10, kMaxPlanTimeLimitS = 30;

struct PlanRunRequest {
  std::string name;                        // a bundled scenario, or the document's id
  std::optional<nlohmann::json> document;  // a scenario sent whole
  app::ScenarioEdits edits;
  double time_limit_s = kDefaultPlanTimeLimitS;

  // The parameters as accepted (the document left out), for the run's
  // answer and its audit entry.
  nlohmann::json Echo() const;
};

// `scenario` (required): a name (letters, digits, '-', '_'; at most
// kMaxScenarioNameBytes) or an object; `remove_nations`: an array of
// ISO codes (2 or 3 letters); `radius_km` in [kMinRadiusKm, kMaxRadiusKm];
// `line_shift_km` in ±kMaxLineShiftKm; `line`: a GeoJSON LineString (or a
// Feature holding one) of 2..kMaxLinePoints WGS84 positions;
// `time_limit_s` in (0, kMaxPlanTimeLimitS].
core::Result<PlanRunRequest> ParsePlanRunRequest(const nlohmann::json& body);

// A plain scenario name (the check used for path segments too).
bool IsScenarioName(std::string_view name);

}  // namespace truceline::server
