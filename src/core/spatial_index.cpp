#include "core/spatial_index.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <numbers>

#include <GeographicLib/Constants.hpp>
#include <boost/geometry/geometries/box.hpp>
#include <boost/geometry/geometries/point.hpp>
#include <boost/geometry/index/rtree.hpp>
#include <boost/geometry/strategies/strategies.hpp>

namespace truceline::core::geo {

namespace {

namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;

// R-tree coordinates: x = longitude, y = latitude, degrees.
using Point2 = bg::model::point<double, 2, bg::cs::cartesian>;
using Box2 = bg::model::box<Point2>;

const double kA = GeographicLib::Constants::WGS84_a<double>();
const double kF = GeographicLib::Constants::WGS84_f<double>();
// Smallest meridional radius of curvature (at the equator), b²/a: no path
// changes latitude by Δφ radians in less than kRhoMin·Δφ metres.
const double kRhoMin = kA * (1 - kF) * (1 - kF);
constexpr double kDegree = std::numbers::pi / 180;
// Widening of prefilter boxes against rounding; far below any real spacing.
constexpr double kBoxSlackDeg = 1e-9;

// Longitude reduced to [-180, 180).
double NormalizeLon(double lon) {
  double x = std::remainder(lon, 360.0);
  if (x >= 180) x -= 360;
  return x;
}

// Lon/lat boxes (at most two, split at the antimeridian) holding every
// point within geodesic distance `radius_m` of `c`.
//
// Latitude: along any path ds >= M dφ >= kRhoMin dφ, so the band is
// ±radius/kRhoMin. Longitude: every point of a path of length <= radius
// stays in that band, where the parallel radius N·cos φ >= a·cos φ_max,
// so the longitude changes by at most radius/(a·cos φ_max). If the band
// reaches a pole, or the longitude reach is half a turn, all longitudes.
std::vector<Box2> SearchBoxes(LatLon c, double radius_m) {
  const double dlat = radius_m / kRhoMin / kDegree * (1 + 1e-9) + kBoxSlackDeg;
  const double lat_lo = c.lat - dlat, lat_hi = c.lat + dlat;
  const double y0 = std::max(-90.0, lat_lo), y1 = std::min(90.0, lat_hi);
  if (lat_lo <= -90 || lat_hi >= 90) return {Box2(Point2(-180, y0), Point2(180, y1))};
  const double phi_max = std::max(std::abs(lat_lo), std::abs(lat_hi));
  const double dlon =
      radius_m / (kA * std::cos(phi_max * kDegree)) / kDegree * (1 + 1e-9) + kBoxSlackDeg;
  if (dlon >= 180) return {Box2(Point2(-180, y0), Point2(180, y1))};
  const double lon = NormalizeLon(c.lon);
  std::vector<Box2> boxes{
      Box2(Point2(std::max(-180.0, lon - dlon), y0), Point2(std::min(180.0, lon + dlon), y1))};
  if (lon - dlon < -180) boxes.emplace_back(Point2(lon - dlon + 360, y0), Point2(180, y1));
  if (lon + dlon >= 180) boxes.emplace_back(Point2(-180, y0), Point2(lon + dlon - 360, y1));
  return boxes;
}

}  // namespace

// ---------------------------------------------------------------------------
// PolygonIndex

struct PolygonIndex::Impl {
  struct Part {
    std::size_t id;
    std::size_t part;
  };
  using Value = std::pair<Box2, Part>;

  explicit Impl(std::vector<MultiPolygon> p) : polygons(std::move(p)) {
    std::vector<Value> values;
    for (std::size_t id = 0; id < polygons.size(); ++id) {
      for (std::size_t k = 0; k < polygons[id].size(); ++k) {
        const BBox b = BBoxOf(polygons[id][k]);
        if (b.Empty()) continue;
        values.push_back(
            {Box2(Point2(b.min_lon, b.min_lat), Point2(b.max_lon, b.max_lat)), Part{id, k}});
      }
    }
    tree = Tree(values.begin(), values.end());  // bulk loading (packing)
  }

  // Calls `fn(id)` for each part containing `p` (an id may repeat).
  template <typename Fn>
  void ForEachContaining(LatLon p, Fn&& fn) const {
    const Box2 q(Point2(p.lon, p.lat), Point2(p.lon, p.lat));
    for (auto it = tree.qbegin(bgi::intersects(q)); it != tree.qend(); ++it) {
      const Part& part = it->second;
      if (Contains(polygons[part.id][part.part], p)) fn(part.id);
    }
  }

  using Tree = bgi::rtree<Value, bgi::rstar<16>>;
  std::vector<MultiPolygon> polygons;
  Tree tree;
};

PolygonIndex::PolygonIndex(std::vector<MultiPolygon> polygons)
    : impl_(std::make_shared<const Impl>(std::move(polygons))) {}

std::vector<std::size_t> PolygonIndex::Containing(LatLon p) const {
  std::vector<std::size_t> ids;
  impl_->ForEachContaining(p, [&ids](std::size_t id) { ids.push_back(id); });
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

std::optional<std::size_t> PolygonIndex::FirstContaining(LatLon p) const {
  std::optional<std::size_t> first;
  impl_->ForEachContaining(p, [&first](std::size_t id) {
    if (!first || id < *first) first = id;
  });
  return first;
}

std::size_t PolygonIndex::size() const {
  return impl_->polygons.size();
}

const MultiPolygon& PolygonIndex::polygon(std::size_t id) const {
  return impl_->polygons.at(id);
}

// ---------------------------------------------------------------------------
// PointIndex

struct PointIndex::Impl {
  using Value = std::pair<Point2, std::size_t>;
  using Tree = bgi::rtree<Value, bgi::rstar<16>>;

  explicit Impl(std::vector<LatLon> p) : points(std::move(p)) {
    std::vector<Value> values;
    values.reserve(points.size());
    for (std::size_t i = 0; i < points.size(); ++i) {
      values.push_back({Point2(NormalizeLon(points[i].lon), points[i].lat), i});
    }
    tree = Tree(values.begin(), values.end());
  }

  // (distance, id) of every point within `radius_m` of `c`, unordered.
  std::vector<std::pair<double, std::size_t>> Within(LatLon c, double radius_m) const {
    std::vector<std::pair<double, std::size_t>> out;
    if (!(radius_m >= 0)) return out;
    for (const Box2& box : SearchBoxes(c, radius_m)) {
      for (auto it = tree.qbegin(bgi::intersects(box)); it != tree.qend(); ++it) {
        const double d = DistanceM(c, points[it->second]);
        if (d <= radius_m) out.emplace_back(d, it->second);
      }
    }
    // Split boxes are disjoint except, at most, on the line lon = ±180, where
    // stored longitudes are always -180: no point is reported twice.
    return out;
  }

  std::vector<LatLon> points;
  Tree tree;
};

PointIndex::PointIndex(std::vector<LatLon> points)
    : impl_(std::make_shared<const Impl>(std::move(points))) {}

std::vector<std::size_t> PointIndex::WithinRadius(LatLon center, double radius_m) const {
  std::vector<std::size_t> ids;
  for (const auto& [d, id] : impl_->Within(center, radius_m))
    ids.push_back(id);
  std::sort(ids.begin(), ids.end());
  return ids;
}

std::vector<std::pair<std::size_t, double>> PointIndex::Nearest(LatLon center,
                                                                std::size_t k) const {
  std::vector<std::pair<std::size_t, double>> result;
  if (k == 0 || impl_->points.empty()) return result;
  // Any k points bound the k-th distance from above; those nearest in
  // lon/lat are usually close to the true ones, which keeps the exact pass
  // below small.
  double bound = 0;
  const Point2 q(NormalizeLon(center.lon), center.lat);
  for (auto it = impl_->tree.qbegin(
           bgi::nearest(q, static_cast<unsigned>(std::min<std::size_t>(k, impl_->points.size()))));
       it != impl_->tree.qend(); ++it) {
    bound = std::max(bound, DistanceM(center, impl_->points[it->second]));
  }
  std::vector<std::pair<double, std::size_t>> ranked = impl_->Within(center, bound);
  const std::size_t n = std::min(k, ranked.size());
  std::partial_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(n), ranked.end());
  result.reserve(n);
  for (std::size_t i = 0; i < n; ++i)
    result.emplace_back(ranked[i].second, ranked[i].first);
  return result;
}

std::size_t PointIndex::size() const {
  return impl_->points.size();
}

LatLon PointIndex::point(std::size_t id) const {
  return impl_->points.at(id);
}

}  // namespace truceline::core::geo
