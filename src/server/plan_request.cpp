#include "server/plan_request.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>

#include <fmt/format.h>

namespace truceline::server {
namespace {

using core::ErrorCode;
using core::Result;
using core::Status;
using nlohmann::json;

Status Invalid(std::string message) {
  return Status(ErrorCode::kInvalidArgument, std::move(message));
}

// An optional number member within [min, max] (exclusive of `min` when
// `open_min`).
Result<std::optional<double>> Number(const json& body, const char* name, double min, double max,
                                     bool open_min = false) {
  if (!body.contains(name) || body[name].is_null()) return std::optional<double>();
  const json& v = body[name];
  if (!v.is_number()) return Invalid(fmt::format("'{}' must be a number", name));
  const double x = v.get<double>();
  if (!std::isfinite(x) || x > max || (open_min ? x <= min : x < min)) {
    return Invalid(fmt::format("'{}' is {}: it must be {} {} and at most {}", name, x,
                               open_min ? "over" : "at least", min, max));
  }
  return std::optional<double>(x);
}

Result<core::geo::LineString> Line(const json& value) {
  const json* geometry = &value;
  if (value.is_object() && value.value("type", "") == "Feature" && value.contains("geometry")) {
    geometry = &value["geometry"];
  }
  if (!geometry->is_object() || geometry->value("type", "") != "LineString" ||
      !geometry->contains("coordinates") || !(*geometry)["coordinates"].is_array()) {
    return Invalid("'line' must be a GeoJSON LineString (or a Feature holding one)");
  }
  const json& coordinates = (*geometry)["coordinates"];
  if (coordinates.size() < 2 || coordinates.size() > kMaxLinePoints) {
    return Invalid(fmt::format("'line' has {} positions: it needs 2 to {}", coordinates.size(),
                               kMaxLinePoints));
  }
  core::geo::LineString line;
  for (size_t i = 0; i < coordinates.size(); ++i) {
    const json& p = coordinates[i];
    if (!p.is_array() || p.size() < 2 || !p[0].is_number() || !p[1].is_number()) {
      return Invalid(fmt::format("'line' position {}: expected [lon, lat]", i));
    }
    const double lon = p[0].get<double>(), lat = p[1].get<double>();
    if (!(lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90)) {
      return Invalid(
          fmt::format("'line' position {}: [{}, {}] is not a WGS84 position", i, lon, lat));
    }
    line.push_back({lat, lon});
  }
  return line;
}

}  // namespace

bool IsScenarioName(std::string_view name) {
  return !name.empty() && name.size() <= kMaxScenarioNameBytes &&
         std::all_of(name.begin(), name.end(), [](char c) {
           return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
         });
}

Result<PlanRunRequest> ParsePlanRunRequest(const json& body) {
  PlanRunRequest out;
  if (!body.contains("scenario")) {
    return Invalid("'scenario' is required: a bundled scenario's name or a scenario document");
  }
  const json& scenario = body["scenario"];
  if (scenario.is_string()) {
    out.name = scenario.get<std::string>();
    if (!IsScenarioName(out.name)) {
      return Invalid(fmt::format(
          "'scenario' must be a name of letters, digits, '-' and '_' of at most {} bytes",
          kMaxScenarioNameBytes));
    }
  } else if (scenario.is_object()) {
    out.document = scenario;
    if (!scenario.contains("id") || !scenario["id"].is_string() ||
        !IsScenarioName(scenario["id"].get<std::string>())) {
      return Invalid(fmt::format(
          "'scenario.id' must be a name of letters, digits, '-' and '_' of at most {} bytes",
          kMaxScenarioNameBytes));
    }
    out.name = scenario["id"].get<std::string>();
  } else {
    return Invalid("'scenario' must be a bundled scenario's name or a scenario document");
  }
  if (body.contains("remove_nations") && !body["remove_nations"].is_null()) {
    const json& nations = body["remove_nations"];
    if (!nations.is_array() || nations.size() > kMaxRemovedNations) {
      return Invalid(fmt::format("'remove_nations' must be an array of at most {} ISO codes",
                                 kMaxRemovedNations));
    }
    for (const json& code : nations) {
      const std::string text = code.is_string() ? code.get<std::string>() : "";
      const bool letters =
          text.size() >= 2 && text.size() <= 3 && std::all_of(text.begin(), text.end(), [](char c) {
            return std::isalpha(static_cast<unsigned char>(c)) != 0;
          });
      if (!letters) {
        return Invalid("'remove_nations' must hold ISO 3166-1 codes of 2 or 3 letters");
      }
      out.edits.remove_nations.push_back(text);
    }
  }
  auto radius = Number(body, "radius_km", kMinRadiusKm, kMaxRadiusKm);
  if (!radius.ok()) return radius.status();
  out.edits.radius_km = *radius;
  auto shift = Number(body, "line_shift_km", -kMaxLineShiftKm, kMaxLineShiftKm);
  if (!shift.ok()) return shift.status();
  out.edits.line_shift_km = shift->value_or(0);
  if (body.contains("line") && !body["line"].is_null()) {
    auto line = Line(body["line"]);
    if (!line.ok()) return line.status();
    out.edits.line = std::move(*line);
  }
  auto limit = Number(body, "time_limit_s", 0, kMaxPlanTimeLimitS, /*open_min=*/true);
  if (!limit.ok()) return limit.status();
  out.time_limit_s = limit->value_or(kDefaultPlanTimeLimitS);
  return out;
}

json PlanRunRequest::Echo() const {
  json out = {{"scenario", name}, {"time_limit_s", time_limit_s}};
  if (!edits.remove_nations.empty()) out["remove_nations"] = edits.remove_nations;
  if (edits.radius_km) out["radius_km"] = *edits.radius_km;
  if (edits.line_shift_km != 0) out["line_shift_km"] = edits.line_shift_km;
  if (edits.line) out["line_points"] = edits.line->size();
  return out;
}

}  // namespace truceline::server
