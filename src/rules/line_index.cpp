// A line prepared for bounds, exact distances and sides.

#include "rules/line_index.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include <GeographicLib/Geodesic.hpp>

namespace truceline::rules::detail {
namespace {

using core::geo::LatLon;

constexpr double kDegree = std::numbers::pi / 180;
// Lower bounds of the length of a degree on WGS84: of latitude (meridional
// radius at the equator) and of longitude at the equator (a), times cos φ.
constexpr double kMinMetresPerDegreeLat = 110'574.0;
constexpr double kMetresPerDegreeLonAtEquator = 111'319.0;
constexpr double kSlack = 1.0 + 1e-6;
constexpr std::size_t kMaxCells = std::size_t{1} << 20;

}  // namespace

LineIndex::LineIndex(const core::geo::MultiLineString& parts, double reach_m)
    : parts_(parts), prepared_(parts), reach_m_(reach_m) {
  core::geo::BBox box = core::geo::BBoxOf(parts);
  if (box.Empty() || !(reach_m > 0)) return;
  const double dlat = reach_m * kSlack / kMinMetresPerDegreeLat;
  const double lat_lo = box.min_lat - dlat, lat_hi = box.max_lat + dlat;
  const double edge = std::max(std::fabs(lat_lo), std::fabs(lat_hi));
  if (edge >= 89.0) return;
  const double dlon = reach_m * kSlack / (kMetresPerDegreeLonAtEquator * std::cos(edge * kDegree));
  const double lon_lo = box.min_lon - dlon, lon_hi = box.max_lon + dlon;
  if (lon_lo < -180 || lon_hi > 180) return;

  // Cells about reach/25 wide (at least 500 m), grown until they are few
  // enough.
  double cell_m = std::max(500.0, reach_m / 25);
  const double mid_cos = std::cos(0.5 * (lat_lo + lat_hi) * kDegree);
  for (;;) {
    cell_lat_deg_ = cell_m / kMinMetresPerDegreeLat;
    cell_lon_deg_ = cell_m / (kMetresPerDegreeLonAtEquator * mid_cos);
    rows_ = static_cast<std::size_t>(std::ceil((lat_hi - lat_lo) / cell_lat_deg_));
    cols_ = static_cast<std::size_t>(std::ceil((lon_hi - lon_lo) / cell_lon_deg_));
    if (rows_ * cols_ <= kMaxCells) break;
    cell_m *= 2;
  }
  lat0_ = lat_lo;
  lon0_ = lon_lo;
  lower_.resize(rows_ * cols_);
  for (std::size_t r = 0; r < rows_; ++r) {
    const double lat = lat0_ + (static_cast<double>(r) + 0.5) * cell_lat_deg_;
    const double lon_c = lon0_ + 0.5 * cell_lon_deg_;
    // Every cell of a row has the same shape (rotation about the axis).
    double radius = 0;
    for (double sy : {-0.5, 0.5}) {
      for (double sx : {-0.5, 0.5}) {
        radius = std::max(radius, core::geo::DistanceM({lat, lon_c}, {lat + sy * cell_lat_deg_,
                                                                      lon_c + sx * cell_lon_deg_}));
      }
    }
    radius = radius * 1.01 + 1.0;
    for (std::size_t c = 0; c < cols_; ++c) {
      const double lon = lon0_ + (static_cast<double>(c) + 0.5) * cell_lon_deg_;
      const double bound = prepared_.Distance({lat, lon}).distance_m - radius;
      // Rounded down to float, so never above the double bound.
      float f = static_cast<float>(std::max(0.0, bound));
      if (static_cast<double>(f) > bound) f = std::nextafter(f, 0.0f);
      lower_[r * cols_ + c] = f;
    }
  }
}

double LineIndex::LowerBoundM(LatLon p) const {
  if (lower_.empty()) return 0;
  const double y = (p.lat - lat0_) / cell_lat_deg_;
  const double x = (p.lon - lon0_) / cell_lon_deg_;
  if (!(y >= 0 && x >= 0 && y < static_cast<double>(rows_) && x < static_cast<double>(cols_))) {
    // Outside the grid, which covers everything within reach_m.
    return reach_m_;
  }
  return lower_[static_cast<std::size_t>(y) * cols_ + static_cast<std::size_t>(x)];
}

int LineIndex::Side(LatLon p, const core::geo::LineDistance& d) const {
  if (!(d.distance_m >= 1e-3) || d.line_index >= parts_.size()) return 0;
  const core::geo::LineString& part = parts_[d.line_index];
  if (d.segment_index + 1 >= part.size()) return 0;
  const LatLon a = part[d.segment_index], b = part[d.segment_index + 1];
  if (a == b) return 0;
  const GeographicLib::Geodesic& g = GeographicLib::Geodesic::WGS84();
  // The direction of the line at the nearest point: toward b, or, when the
  // nearest point is b itself, the direction of arrival at b.
  double s = 0, azi1 = 0, azi2 = 0, line_azi = 0;
  g.Inverse(d.nearest.lat, d.nearest.lon, b.lat, b.lon, s, azi1, azi2);
  if (s > 1e-6) {
    line_azi = azi1;
  } else {
    g.Inverse(a.lat, a.lon, b.lat, b.lon, s, azi1, azi2);
    line_azi = azi2;
  }
  g.Inverse(d.nearest.lat, d.nearest.lon, p.lat, p.lon, s, azi1, azi2);
  const double sine = std::sin((azi1 - line_azi) * kDegree);
  if (sine > 0) return 1;
  if (sine < 0) return -1;
  return 0;
}

}  // namespace truceline::rules::detail
