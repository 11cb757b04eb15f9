// What-if edits of a scenario: the line of contact moved sideways, and
// the words a plan's assumptions use for each edit.

#include <cmath>
#include <numbers>

#include <fmt/format.h>

#include "app/plan_service.hpp"

namespace truceline::app {

core::geo::LineString ShiftLine(const core::geo::LineString& line, double km) {
  if (line.size() < 2 || km == 0) return line;
  constexpr double kKmPerDegreeLat = 110.574;
  constexpr double kKmPerDegreeLonAtEquator = 111.320;
  core::geo::LineString out;
  out.reserve(line.size());
  for (size_t i = 0; i < line.size(); ++i) {
    const core::geo::LatLon& a = line[i == 0 ? 0 : i - 1];
    const core::geo::LatLon& b = line[i + 1 == line.size() ? i : i + 1];
    const double cos_lat = std::cos(line[i].lat * std::numbers::pi / 180);
    // The local direction of the line (east, north in km) and its right normal.
    const double east = (b.lon - a.lon) * kKmPerDegreeLonAtEquator * cos_lat;
    const double north = (b.lat - a.lat) * kKmPerDegreeLat;
    const double length = std::hypot(east, north);
    if (length == 0) {
      out.push_back(line[i]);
      continue;
    }
    const double right_east = north / length, right_north = -east / length;
    out.push_back({line[i].lat + km * right_north / kKmPerDegreeLat,
                   line[i].lon + km * right_east / (kKmPerDegreeLonAtEquator * cos_lat)});
  }
  return out;
}

std::vector<std::string> WhatIfAssumptions(const ScenarioEdits& edits) {
  std::vector<std::string> out;
  if (!edits.remove_nations.empty()) {
    std::string list;
    for (const std::string& code : edits.remove_nations)
      list += (list.empty() ? "" : ", ") + code;
    out.push_back(fmt::format("WHAT-IF: the contingents of {} are left out.", list));
  }
  if (edits.radius_km) {
    out.push_back(
        fmt::format("WHAT-IF: every contingent covers {} km around its site.", *edits.radius_km));
  }
  if (edits.line) {
    out.push_back(
        fmt::format("WHAT-IF: the line of contact is one given with the run ({} points), "
                    "not the bundled one.",
                    edits.line->size()));
  }
  if (edits.line_shift_km != 0) {
    out.push_back(fmt::format(
        "WHAT-IF: the line of contact is moved {} km {} (a flat approximation, for planning "
        "options only).",
        std::abs(edits.line_shift_km),
        edits.line_shift_km > 0 ? "towards the government-controlled side"
                                : "towards the occupied side"));
  }
  return out;
}

}  // namespace truceline::app
