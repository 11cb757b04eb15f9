#include "app/reference_data.hpp"

#include <cstdlib>
#include <fstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace truceline::app {

std::string DataDirectory() {
  if (const char* dir = std::getenv("TRUCELINE_DATA_DIR"); dir != nullptr && *dir != '\0') {
    return dir;
  }
  return TRUCELINE_DEFAULT_DATA_DIR;
}

core::Result<std::vector<core::geo::LatLon>> LoadLineOfContact() {
  std::string path = DataDirectory() + "/line_of_contact_2025-03-15.geojson";
  std::ifstream in(path);
  if (!in) {
    return core::Status(core::ErrorCode::kNotFound,
                        fmt::format("{}: cannot open the bundled line of contact (set "
                                    "TRUCELINE_DATA_DIR to the data/ folder)",
                                    path));
  }
  nlohmann::json doc = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  // A Feature, or a FeatureCollection whose first feature is the line.
  const nlohmann::json* geometry = nullptr;
  if (doc.is_object() && doc.value("type", "") == "FeatureCollection" && doc.contains("features") &&
      doc["features"].is_array() && !doc["features"].empty()) {
    geometry = &doc["features"][0]["geometry"];
  } else if (doc.is_object() && doc.value("type", "") == "Feature") {
    geometry = &doc["geometry"];
  } else if (doc.is_object()) {
    geometry = &doc;
  }
  if (geometry == nullptr || !geometry->is_object() ||
      geometry->value("type", "") != "LineString" || !(*geometry)["coordinates"].is_array()) {
    return core::Status(core::ErrorCode::kParseError,
                        fmt::format("{}: expected a GeoJSON LineString", path));
  }
  std::vector<core::geo::LatLon> line;
  for (const auto& position : (*geometry)["coordinates"]) {
    if (!position.is_array() || position.size() < 2 || !position[0].is_number() ||
        !position[1].is_number()) {
      return core::Status(core::ErrorCode::kParseError,
                          fmt::format("{}: position {} is not [lon, lat]", path, line.size()));
    }
    line.push_back({position[1].get<double>(), position[0].get<double>()});
  }
  if (line.size() < 2) {
    return core::Status(core::ErrorCode::kParseError,
                        fmt::format("{}: the line has fewer than two positions", path));
  }
  return line;
}

}  // namespace truceline::app
