#include "app/reference_data.hpp"

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <initializer_list>
#include <optional>
#include <utility>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace truceline::app {

std::string DataDirectory() {
  if (const char* dir = std::getenv("TRUCELINE_DATA_DIR"); dir != nullptr && *dir != '\0') {
    return dir;
  }
  return TRUCELINE_DEFAULT_DATA_DIR;
}

namespace {

// Reads a bundled JSON file. Errors name the file.
// Opens a bundled data file. kNotFound names the file and the remedy.
core::Status OpenBundled(const std::string& path, std::ifstream& in) {
  in.open(path);
  if (in) return core::Status::Ok();
  return core::Status(core::ErrorCode::kNotFound,
                      fmt::format("{}: cannot open the bundled data file (set "
                                  "TRUCELINE_DATA_DIR to the data/ folder)",
                                  path));
}

core::Result<nlohmann::json> ReadJson(const std::string& name) {
  std::string path = DataDirectory() + "/" + name;
  std::ifstream in;
  TRUCELINE_RETURN_IF_ERROR(OpenBundled(path, in));
  nlohmann::json doc = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) {
    return core::Status(core::ErrorCode::kParseError, fmt::format("{}: not valid JSON", path));
  }
  return doc;
}

// [[lon, lat], …] → a ring; false when a position is malformed.
bool ReadRing(const nlohmann::json& positions, core::geo::Ring& ring) {
  if (!positions.is_array()) return false;
  for (const auto& p : positions) {
    if (!p.is_array() || p.size() < 2 || !p[0].is_number() || !p[1].is_number()) return false;
    ring.push_back({p[1].get<double>(), p[0].get<double>()});
  }
  return ring.size() >= 4;
}

bool ReadPolygon(const nlohmann::json& rings, core::geo::Polygon& polygon) {
  if (!rings.is_array() || rings.empty()) return false;
  if (!ReadRing(rings[0], polygon.outer)) return false;
  for (size_t i = 1; i < rings.size(); ++i) {
    polygon.holes.emplace_back();
    if (!ReadRing(rings[i], polygon.holes.back())) return false;
  }
  return true;
}

// A GeoJSON Polygon or MultiPolygon geometry.
bool ReadArea(const nlohmann::json& geometry, core::geo::MultiPolygon& area) {
  if (!geometry.is_object() || !geometry.contains("coordinates")) return false;
  const auto& coordinates = geometry["coordinates"];
  std::string type = geometry.value("type", "");
  if (type == "Polygon") {
    area.emplace_back();
    return ReadPolygon(coordinates, area.back());
  }
  if (type != "MultiPolygon" || !coordinates.is_array()) return false;
  for (const auto& polygon : coordinates) {
    area.emplace_back();
    if (!ReadPolygon(polygon, area.back())) return false;
  }
  return true;
}

// Splits one CSV record (RFC 4180: fields may be quoted, with "" for a
// quote; the bundled tables have no line breaks inside fields).
std::vector<std::string> SplitCsvLine(const std::string& line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        fields.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        fields.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else if (c != '\r') {
      fields.back() += c;
    }
  }
  return fields;
}

}  // namespace

namespace {

// A bundled CSV table: its header and rows (RFC 4180 quoting, no line
// breaks inside fields). `Column` finds a column by any of its names.
struct CsvTable {
  std::string path;
  std::vector<std::string> header;
  std::vector<std::pair<int, std::vector<std::string>>> rows;  // (line number, fields)

  std::optional<size_t> Column(std::initializer_list<std::string_view> names) const {
    for (size_t i = 0; i < header.size(); ++i) {
      for (auto n : names) {
        if (header[i] == n) return i;
      }
    }
    return std::nullopt;
  }
};

core::Result<CsvTable> ReadCsvTable(const std::string& name) {
  CsvTable table;
  table.path = DataDirectory() + "/" + name + ".csv";
  std::ifstream in;
  TRUCELINE_RETURN_IF_ERROR(OpenBundled(table.path, in));
  std::string line;
  std::getline(in, line);
  table.header = SplitCsvLine(line);
  for (int number = 2; std::getline(in, line); ++number) {
    if (!line.empty()) table.rows.emplace_back(number, SplitCsvLine(line));
  }
  return table;
}

// Reads a latitude (limit 90) or longitude (limit 180); false when the
// text is not a number within the limit.
bool ReadCoordinate(const std::string& text, double limit, double& out) {
  char* end = nullptr;
  out = std::strtod(text.c_str(), &end);
  return end != text.c_str() && *end == '\0' && std::fabs(out) <= limit;
}

}  // namespace

core::Result<std::vector<Asset>> LoadAssets(const std::string& name) {
  auto table = ReadCsvTable(name);
  if (!table.ok()) return table.status();
  auto name_col = table->Column({"name"}), lat_col = table->Column({"lat"}),
       lon_col = table->Column({"lon"}), category_col = table->Column({"category", "kind"}),
       country_col = table->Column({"country"});
  if (!name_col || !lat_col || !lon_col || !category_col) {
    return core::Status(
        core::ErrorCode::kParseError,
        fmt::format("{}:1: the header needs name, lat, lon and category", table->path));
  }
  std::vector<Asset> assets;
  for (const auto& [number, fields] : table->rows) {
    Asset asset;
    bool ok = fields.size() == table->header.size();
    if (ok) {
      asset.name = fields[*name_col];
      asset.category = fields[*category_col];
      if (country_col) asset.country = fields[*country_col];
      ok = ReadCoordinate(fields[*lat_col], 90, asset.position.lat) &&
           ReadCoordinate(fields[*lon_col], 180, asset.position.lon);
    }
    if (!ok) {
      return core::Status(core::ErrorCode::kParseError,
                          fmt::format("{}:{}: expected {} fields with a valid lat and lon",
                                      table->path, number, table->header.size()));
    }
    assets.push_back(std::move(asset));
  }
  return assets;
}

core::Result<std::vector<Town>> LoadTowns() {
  auto table = ReadCsvTable("towns");
  if (!table.ok()) return table.status();
  auto name_col = table->Column({"name"}), lat_col = table->Column({"lat"}),
       lon_col = table->Column({"lon"}), oblast_col = table->Column({"oblast"}),
       population_col = table->Column({"population"});
  if (!name_col || !lat_col || !lon_col || !oblast_col || !population_col) {
    return core::Status(
        core::ErrorCode::kParseError,
        fmt::format("{}:1: the header needs name, lat, lon, oblast and population", table->path));
  }
  std::vector<Town> towns;
  for (const auto& [number, fields] : table->rows) {
    Town town;
    bool ok = fields.size() == table->header.size();
    if (ok) {
      town.name = fields[*name_col];
      town.oblast = fields[*oblast_col];
      town.population = std::strtoll(fields[*population_col].c_str(), nullptr, 10);
      ok = ReadCoordinate(fields[*lat_col], 90, town.position.lat) &&
           ReadCoordinate(fields[*lon_col], 180, town.position.lon);
    }
    if (!ok) {
      return core::Status(core::ErrorCode::kParseError,
                          fmt::format("{}:{}: expected {} fields with a valid lat and lon",
                                      table->path, number, table->header.size()));
    }
    towns.push_back(std::move(town));
  }
  return towns;
}

core::Result<std::vector<Oblast>> LoadOblasts() {
  const std::string name = "oblasts.geojson";
  auto doc = ReadJson(name);
  if (!doc.ok()) return doc.status();
  if (!doc->contains("features") || !(*doc)["features"].is_array()) {
    return core::Status(core::ErrorCode::kParseError,
                        fmt::format("{}/{}: not a FeatureCollection", DataDirectory(), name));
  }
  std::vector<Oblast> oblasts;
  for (const auto& feature : (*doc)["features"]) {
    Oblast oblast;
    const auto& properties = feature.value("properties", nlohmann::json::object());
    oblast.name = properties.value("name", "");
    oblast.gn_a1_code = properties.value("gn_a1_code", "");
    oblast.type = properties.value("type", "");
    if (oblast.name.empty() || !feature.contains("geometry") ||
        !ReadArea(feature["geometry"], oblast.area)) {
      return core::Status(core::ErrorCode::kParseError,
                          fmt::format("{}/{}: feature {}: needs a name and a Polygon or "
                                      "MultiPolygon geometry",
                                      DataDirectory(), name, oblasts.size()));
    }
    oblasts.push_back(std::move(oblast));
  }
  return oblasts;
}

core::Result<std::vector<core::geo::LatLon>> LoadLineOfContact() {
  const std::string name = "line_of_contact_2025-03-15.geojson";
  const std::string path = DataDirectory() + "/" + name;
  auto parsed = ReadJson(name);
  if (!parsed.ok()) return parsed.status();
  const nlohmann::json& doc = *parsed;
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
