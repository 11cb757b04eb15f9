#pragma once
// Private to src/rules: GeoJSON geometries (RFC 7946) of an agreement read
// into core::geo types, with every problem recorded under its JSON path.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/geo.hpp"
#include "rules/json_fields.hpp"

namespace truceline::rules::detail {

// A position [lon, lat] or [lon, lat, altitude] (altitude ignored):
// finite numbers, longitude in [-180, 180], latitude in [-90, 90]. Returns
// false (after recording why) when it is not.
bool ReadPosition(const nlohmann::json& j, const std::string& path, std::vector<Issue>& issues,
                  core::geo::LatLon& out);

// The "coordinates" of a LineString or MultiLineString geometry object `j`
// (its "type" must be one of the two): every line has at least 2 positions.
// Returns false when anything was recorded.
bool ReadLineGeometry(const nlohmann::json& j, const std::string& path, std::vector<Issue>& issues,
                      core::geo::MultiLineString& out);

// A Polygon or MultiPolygon geometry object: every ring closed (last
// position equal to the first) with at least 4 positions; the first ring
// of a polygon is its outer boundary, the others are holes. Returns false
// when anything was recorded.
bool ReadAreaGeometry(const nlohmann::json& j, const std::string& path, std::vector<Issue>& issues,
                      core::geo::MultiPolygon& out);

}  // namespace truceline::rules::detail
