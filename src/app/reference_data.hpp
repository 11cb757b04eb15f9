#pragma once
// Access to the bundled reference data in data/ (see data/SOURCES.md).

#include <cstdint>
#include <string>
#include <vector>

#include "core/geo.hpp"
#include "core/status.hpp"

namespace truceline::app {

// The data directory: $TRUCELINE_DATA_DIR if set, else the one this binary
// was built with (the source tree's data/).
std::string DataDirectory();

// A first-level administrative unit of Ukraine (oblast, city with special
// status, or the Autonomous Republic of Crimea).
struct Oblast {
  std::string name;        // current English transliteration, e.g. "Kharkiv Oblast"
  std::string gn_a1_code;  // GeoNames admin-1 code, e.g. "UA.07"
  std::string type;        // "oblast", "city" or "autonomous_republic"
  core::geo::MultiPolygon area;
};

// The 27 bundled units (Natural Earth geometry, Crimea and Sevastopol
// included). Errors: kNotFound when the file is missing, kParseError when
// a feature is malformed (naming its index).
core::Result<std::vector<Oblast>> LoadOblasts();

// The bundled approximate line of contact (2025-03-15), north to south.
// Errors: kNotFound when the file is missing, kParseError when malformed.
core::Result<std::vector<core::geo::LatLon>> LoadLineOfContact();

// A point of the bundled asset tables (data/power_plants.csv, ports.csv,
// airports.csv, logistics_hubs.csv): its name, category and position.
struct Asset {
  std::string name;
  std::string category;  // the table's "category" (or "kind") column, e.g. "energy"
  core::geo::LatLon position;
  std::string country;  // the table's "country" column (ISO alpha-3), if it has one
};

// The rows of a bundled CSV table `name` (e.g. "power_plants"), read with
// RFC 4180 quoting through the header's `name`, `lat`, `lon` and `category`
// (or `kind`) columns. Errors: kNotFound for a missing file; kParseError
// naming the file and line for a missing column or a bad coordinate.
core::Result<std::vector<Asset>> LoadAssets(const std::string& name);

// A populated place of the bundled data/towns.csv (GeoNames).
struct Town {
  std::string name;
  std::string oblast;  // as in oblasts.geojson, e.g. "Donetsk Oblast"
  core::geo::LatLon position;
  int64_t population = 0;
};

// The bundled towns. Errors as for LoadAssets (kNotFound, kParseError
// naming the file and line).
core::Result<std::vector<Town>> LoadTowns();

}  // namespace truceline::app
