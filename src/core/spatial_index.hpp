#pragma once
// Spatial indexes over WGS84 geometries: which polygons contain a point,
// which points lie within a geodesic radius, the k geodesically nearest
// points. Both are built once (bulk-loaded Boost.Geometry R-trees over
// lon/lat boxes) and are immutable afterwards: their const methods may be
// called concurrently from any number of threads. Copies share the state.
//
// Every answer is exact with respect to the functions in core/geo.hpp: the
// R-tree only proposes candidates through conservative boxes, and each is
// then checked with geo::Contains or geo::DistanceM.

#include <cstddef>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "core/geo.hpp"

namespace truceline::core::geo {

// Point-in-polygon lookups over a fixed set of multipolygons (oblasts,
// zones). A polygon's id is its position in the constructor's vector.
// Memory: a copy of the polygons plus ~40 bytes per polygon part.
class PolygonIndex {
 public:
  // Builds the index in O(n log n) over the parts of all multipolygons.
  // Empty multipolygons are kept (they contain nothing). Same geometric
  // conventions and preconditions as geo::Contains.
  explicit PolygonIndex(std::vector<MultiPolygon> polygons);

  // Ids of the multipolygons containing `p` (boundary included, as
  // geo::Contains), ascending, without duplicates. Cost: an R-tree descent
  // plus one exact test per part whose box holds `p`.
  std::vector<std::size_t> Containing(LatLon p) const;

  // The smallest id among those Containing(p) would return; nullopt if none.
  std::optional<std::size_t> FirstContaining(LatLon p) const;

  // Number of multipolygons and read access to them.
  std::size_t size() const;
  const MultiPolygon& polygon(std::size_t id) const;

 private:
  struct Impl;
  std::shared_ptr<const Impl> impl_;
};

// Geodesic radius and k-nearest queries over a fixed set of points (assets,
// ports, incident centroids). A point's id is its position in the
// constructor's vector. Points may be anywhere, poles and antimeridian
// included; duplicates are allowed.
class PointIndex {
 public:
  // Builds the index in O(n log n); keeps a copy of the points.
  // Precondition: latitudes in [-90, 90], finite longitudes.
  explicit PointIndex(std::vector<LatLon> points);

  // Ids of the points whose WGS84 geodesic distance to `center` is
  // <= radius_m, ascending. The prefilter box is derived from the smallest
  // meridional and parallel radii the search can meet, so it is
  // conservative for any radius and near the poles; each candidate is then
  // measured exactly with geo::DistanceM. A negative radius returns nothing.
  std::vector<std::size_t> WithinRadius(LatLon center, double radius_m) const;

  // The min(k, size()) points nearest to `center` by geodesic distance, as
  // (id, distance_m) sorted by distance then id. Exact: k candidates from
  // the R-tree give an upper bound D on the k-th distance, then every point
  // within D (found as in WithinRadius) is measured and ranked.
  std::vector<std::pair<std::size_t, double>> Nearest(LatLon center, std::size_t k) const;

  // Number of points and read access to them.
  std::size_t size() const;
  LatLon point(std::size_t id) const;

 private:
  struct Impl;
  std::shared_ptr<const Impl> impl_;
};

}  // namespace truceline::core::geo
