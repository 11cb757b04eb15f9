// GeoJSON geometries of an agreement: positions, lines, polygons.

#include "rules/geometry_json.hpp"

#include <cmath>

namespace truceline::rules::detail {

using nlohmann::json;

namespace {

// The geometry's "type", checked against the accepted ones; empty (after
// recording why) when it is missing or not accepted.
std::string GeometryType(const Fields& f, std::string_view first, std::string_view second) {
  std::string type = f.Text("type", /*required=*/true);
  if (type.empty()) return type;
  if (type != first && type != second) {
    f.Fail(f.At("type"),
           fmt::format("expected a {} or {} geometry, not '{}'", first, second, type));
    return {};
  }
  return type;
}

// The "coordinates" member as an array; nullptr (after recording why) if not.
const json* Coordinates(const Fields& f) {
  const json* c = f.Get("coordinates");
  if (c == nullptr) {
    if (f.is_object()) f.Fail(f.At("coordinates"), "required");
    return nullptr;
  }
  if (!c->is_array()) {
    f.Fail(f.At("coordinates"), fmt::format("expected an array, not {}", JsonTypeWords(*c)));
    return nullptr;
  }
  return c;
}

bool ReadPositions(const json& j, const std::string& path, std::vector<Issue>& issues,
                   std::vector<core::geo::LatLon>& out) {
  if (!j.is_array()) {
    issues.push_back(
        {path, fmt::format("expected an array of positions, not {}", JsonTypeWords(j))});
    return false;
  }
  bool ok = true;
  for (size_t i = 0; i < j.size(); ++i) {
    core::geo::LatLon p;
    if (ReadPosition(j[i], fmt::format("{}[{}]", path, i), issues, p)) {
      out.push_back(p);
    } else {
      ok = false;
    }
  }
  return ok;
}

bool ReadLine(const json& j, const std::string& path, std::vector<Issue>& issues,
              core::geo::LineString& out) {
  if (!ReadPositions(j, path, issues, out)) return false;
  if (out.size() < 2) {
    issues.push_back(
        {path, fmt::format("a line needs at least 2 positions, this one has {}", out.size())});
    return false;
  }
  return true;
}

bool ReadRing(const json& j, const std::string& path, std::vector<Issue>& issues,
              core::geo::Ring& out) {
  if (!ReadPositions(j, path, issues, out)) return false;
  if (out.size() < 4) {
    issues.push_back(
        {path, fmt::format("a ring needs at least 4 positions, this one has {}", out.size())});
    return false;
  }
  if (!(out.front() == out.back())) {
    issues.push_back({path, "ring not closed: the last position must equal the first"});
    return false;
  }
  return true;
}

bool ReadPolygon(const json& j, const std::string& path, std::vector<Issue>& issues,
                 core::geo::Polygon& out) {
  if (!j.is_array() || j.empty()) {
    issues.push_back({path, "expected an array of rings (the outer ring first)"});
    return false;
  }
  bool ok = ReadRing(j[0], path + "[0]", issues, out.outer);
  for (size_t i = 1; i < j.size(); ++i) {
    out.holes.emplace_back();
    ok = ReadRing(j[i], fmt::format("{}[{}]", path, i), issues, out.holes.back()) && ok;
  }
  return ok;
}

}  // namespace

bool ReadPosition(const json& j, const std::string& path, std::vector<Issue>& issues,
                  core::geo::LatLon& out) {
  if (!j.is_array() || j.size() < 2 || j.size() > 3 ||
      !std::all_of(j.begin(), j.end(), [](const json& v) { return v.is_number(); })) {
    issues.push_back({path, "expected a position [lon, lat]"});
    return false;
  }
  const double lon = j[0].get<double>(), lat = j[1].get<double>();
  bool ok = true;
  if (!(std::isfinite(lon) && lon >= -180 && lon <= 180)) {
    issues.push_back({path, fmt::format("longitude {} outside [-180, 180]", lon)});
    ok = false;
  }
  if (!(std::isfinite(lat) && lat >= -90 && lat <= 90)) {
    issues.push_back({path, fmt::format("latitude {} outside [-90, 90]", lat)});
    ok = false;
  }
  out = {lat, lon};
  return ok;
}

bool ReadLineGeometry(const json& j, const std::string& path, std::vector<Issue>& issues,
                      core::geo::MultiLineString& out) {
  const size_t before = issues.size();
  Fields f(j, path, issues);
  const std::string type = GeometryType(f, "LineString", "MultiLineString");
  const json* c = Coordinates(f);
  if (type.empty() || c == nullptr) return false;
  const std::string where = f.At("coordinates");
  if (type == "LineString") {
    out.emplace_back();
    ReadLine(*c, where, issues, out.back());
  } else {
    if (c->empty()) issues.push_back({where, "a MultiLineString needs at least one line"});
    for (size_t i = 0; i < c->size(); ++i) {
      out.emplace_back();
      ReadLine((*c)[i], fmt::format("{}[{}]", where, i), issues, out.back());
    }
  }
  return issues.size() == before;
}

bool ReadAreaGeometry(const json& j, const std::string& path, std::vector<Issue>& issues,
                      core::geo::MultiPolygon& out) {
  const size_t before = issues.size();
  Fields f(j, path, issues);
  const std::string type = GeometryType(f, "Polygon", "MultiPolygon");
  const json* c = Coordinates(f);
  if (type.empty() || c == nullptr) return false;
  const std::string where = f.At("coordinates");
  if (type == "Polygon") {
    out.emplace_back();
    ReadPolygon(*c, where, issues, out.back());
  } else {
    if (c->empty()) issues.push_back({where, "a MultiPolygon needs at least one polygon"});
    for (size_t i = 0; i < c->size(); ++i) {
      out.emplace_back();
      ReadPolygon((*c)[i], fmt::format("{}[{}]", where, i), issues, out.back());
    }
  }
  return issues.size() == before;
}

}  // namespace truceline::rules::detail
