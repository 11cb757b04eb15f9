// The reference collections of /ogc: protected assets, the line of contact
// and the oblasts, from the bundled data, as GeoJSON features.

#include <algorithm>
#include <charconv>

#include <fmt/format.h>

#include "app/reference_data.hpp"
#include "core/json_text.hpp"
#include "server/ogc_collections.hpp"

namespace truceline::server {
namespace {

// The bundled asset tables served in `assets`.
constexpr std::string_view kAssetTables[] = {"power_plants", "ports", "airports",
                                             "logistics_hubs"};

void AppendPosition(std::string& out, const core::geo::LatLon& p) {
  out += '[';
  core::AppendJsonNumber(out, p.lon);
  out += ',';
  core::AppendJsonNumber(out, p.lat);
  out += ']';
}

void AppendRing(std::string& out, const core::geo::Ring& ring) {
  out += '[';
  for (size_t i = 0; i < ring.size(); ++i) {
    if (i > 0) out += ',';
    AppendPosition(out, ring[i]);
  }
  // GeoJSON rings are closed.
  if (!ring.empty() && !(ring.front() == ring.back())) {
    out += ',';
    AppendPosition(out, ring.front());
  }
  out += ']';
}

void Extend(std::array<double, 4>& box, const core::geo::LatLon& p) {
  box[0] = std::min(box[0], p.lon);
  box[1] = std::min(box[1], p.lat);
  box[2] = std::max(box[2], p.lon);
  box[3] = std::max(box[3], p.lat);
}

constexpr std::array<double, 4> kEmptyBox{180, 90, -180, -90};

bool Intersects(const std::array<double, 4>& a, const std::array<double, 4>& b) {
  if (a[1] > b[3] || b[1] > a[3]) return false;
  if (b[0] > b[2]) {  // the query crosses the antimeridian
    return a[2] >= b[0] || a[0] <= b[2];
  }
  return !(a[0] > b[2] || b[0] > a[2]);
}

uint64_t ParseOffset(const std::string& token) {
  uint64_t offset = 0;
  std::from_chars(token.data(), token.data() + token.size(), offset);
  return offset;
}

}  // namespace

core::Result<ReferenceCollections> LoadReferenceCollections() {
  ReferenceCollections collections;
  for (std::string_view table : kAssetTables) {
    auto assets = app::LoadAssets(std::string(table));
    if (!assets.ok()) return assets.status();
    for (size_t i = 0; i < assets->size(); ++i) {
      const app::Asset& asset = (*assets)[i];
      StaticFeature feature;
      feature.id = fmt::format("{}-{}", table, i + 1);
      feature.bbox = kEmptyBox;
      Extend(feature.bbox, asset.position);
      std::string& out = feature.json;
      out = R"({"type":"Feature","id":)";
      core::AppendJsonString(out, feature.id);
      out += R"(,"geometry":{"type":"Point","coordinates":)";
      AppendPosition(out, asset.position);
      out += R"(},"properties":{"name":)";
      core::AppendJsonString(out, asset.name);
      out += R"(,"category":)";
      core::AppendJsonString(out, asset.category);
      out += R"(,"table":)";
      core::AppendJsonString(out, table);
      out += R"(,"country":)";
      core::AppendJsonString(out, asset.country);
      out += "}}";
      collections.assets.push_back(std::move(feature));
    }
  }
  auto line = app::LoadLineOfContact();
  if (!line.ok()) return line.status();
  {
    StaticFeature feature;
    feature.id = "line-2025-03-15";
    feature.bbox = kEmptyBox;
    std::string& out = feature.json;
    out = R"({"type":"Feature","id":"line-2025-03-15","geometry":{"type":"LineString","coordinates":[)";
    for (size_t i = 0; i < line->size(); ++i) {
      if (i > 0) out += ',';
      AppendPosition(out, (*line)[i]);
      Extend(feature.bbox, (*line)[i]);
    }
    out += R"(]},"properties":{"name":"Approximate line of contact","as_of":"2025-03-15",)"
           R"("note":"approximate; see data/SOURCES.md"}})";
    collections.line_of_contact.push_back(std::move(feature));
  }
  auto oblasts = app::LoadOblasts();
  if (!oblasts.ok()) return oblasts.status();
  for (const app::Oblast& oblast : *oblasts) {
    StaticFeature feature;
    feature.id = oblast.gn_a1_code;
    feature.bbox = kEmptyBox;
    std::string& out = feature.json;
    out = R"({"type":"Feature","id":)";
    core::AppendJsonString(out, feature.id);
    out += R"(,"geometry":{"type":"MultiPolygon","coordinates":[)";
    for (size_t p = 0; p < oblast.area.size(); ++p) {
      if (p > 0) out += ',';
      out += '[';
      AppendRing(out, oblast.area[p].outer);
      for (const auto& hole : oblast.area[p].holes) {
        out += ',';
        AppendRing(out, hole);
      }
      out += ']';
      for (const auto& point : oblast.area[p].outer) Extend(feature.bbox, point);
    }
    out += R"(]},"properties":{"name":)";
    core::AppendJsonString(out, oblast.name);
    out += R"(,"type":)";
    core::AppendJsonString(out, oblast.type);
    out += "}}";
    collections.oblasts.push_back(std::move(feature));
  }
  return collections;
}

FeaturePage PageOfStatic(const std::vector<StaticFeature>& features,
                         const ItemsRequest& request) {
  FeaturePage page;
  const uint64_t offset = ParseOffset(request.token);
  uint64_t matched = 0;
  for (const StaticFeature& feature : features) {
    if (request.bbox && !Intersects(feature.bbox, *request.bbox)) continue;
    if (matched >= offset && page.returned < request.limit) {
      if (page.returned++ > 0) page.features += ',';
      page.features += feature.json;
    }
    ++matched;
  }
  page.matched = matched;
  if (offset + page.returned < matched) page.next_token = std::to_string(offset + page.returned);
  return page;
}

}  // namespace truceline::server
