// Tests of core/spatial_index.hpp: every query is compared with a brute-force
// O(n) scan using geo::Contains / geo::DistanceM on seeded random inputs,
// and the results must be identical (same ids, same order, same distances).

#include "core/spatial_index.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <random>
#include <thread>
#include <utility>
#include <vector>

#include <GeographicLib/Geodesic.hpp>
#include <gtest/gtest.h>

namespace truceline::core::geo {
namespace {

double Uniform(std::mt19937_64& rng, double lo, double hi) {
  return std::uniform_real_distribution<double>(lo, hi)(rng);
}

LatLon Move(LatLon p, double azi, double s) {
  LatLon q;
  GeographicLib::Geodesic::WGS84().Direct(p.lat, p.lon, azi, s, q.lat, q.lon);
  return q;
}

// A star-shaped ring around `c`, radii in degrees, closed.
Ring StarRing(std::mt19937_64& rng, LatLon c, int n, double r_lo, double r_hi) {
  Ring r;
  for (int i = 0; i < n; ++i) {
    const double theta = 2 * std::numbers::pi * (i + Uniform(rng, 0.2, 0.8)) / n;
    const double radius = Uniform(rng, r_lo, r_hi);
    r.push_back({c.lat + radius * std::sin(theta), c.lon + radius * std::cos(theta) * 1.5});
  }
  r.push_back(r.front());
  return r;
}

// Random overlapping multipolygons over the theatre: 1-3 parts each, some
// with a hole, some empty.
std::vector<MultiPolygon> RandomMultiPolygons(std::mt19937_64& rng, int n) {
  std::vector<MultiPolygon> out;
  for (int i = 0; i < n; ++i) {
    MultiPolygon mp;
    const int parts = i % 17 == 5 ? 0 : 1 + i % 3;
    for (int k = 0; k < parts; ++k) {
      const LatLon c{Uniform(rng, 45, 52), Uniform(rng, 23, 40)};
      const double r = Uniform(rng, 0.1, 1.5);
      Polygon p{StarRing(rng, c, 5 + (i + k) % 12, r * 0.6, r), {}};
      if ((i + k) % 2 == 0) p.holes.push_back(StarRing(rng, c, 4, r * 0.1, r * 0.3));
      mp.push_back(std::move(p));
    }
    out.push_back(std::move(mp));
  }
  return out;
}

std::vector<std::size_t> BruteContaining(const std::vector<MultiPolygon>& polygons, LatLon p) {
  std::vector<std::size_t> ids;
  for (std::size_t i = 0; i < polygons.size(); ++i) {
    if (Contains(polygons[i], p)) ids.push_back(i);
  }
  return ids;
}

TEST(PolygonIndexTest, MatchesBruteForce) {
  std::mt19937_64 rng(1001);
  const std::vector<MultiPolygon> polygons = RandomMultiPolygons(rng, 120);
  const PolygonIndex index(polygons);
  ASSERT_EQ(index.size(), polygons.size());
  std::vector<LatLon> queries;
  for (int i = 0; i < 4000; ++i)
    queries.push_back({Uniform(rng, 44, 53), Uniform(rng, 22, 41)});
  // Vertices (on the boundary, inside by definition) and box corners.
  for (std::size_t i = 0; i < polygons.size(); i += 3) {
    for (const Polygon& p : polygons[i]) {
      queries.insert(queries.end(), p.outer.begin(), p.outer.end());
      for (const Ring& h : p.holes)
        queries.insert(queries.end(), h.begin(), h.end());
      const BBox b = BBoxOf(p);
      queries.push_back({b.min_lat, b.min_lon});
      queries.push_back({b.max_lat, b.max_lon});
    }
  }
  std::size_t hits = 0, multi = 0;
  for (const LatLon& q : queries) {
    const std::vector<std::size_t> expected = BruteContaining(polygons, q);
    ASSERT_EQ(index.Containing(q), expected) << q.lat << ", " << q.lon;
    const std::optional<std::size_t> first = index.FirstContaining(q);
    if (expected.empty()) {
      EXPECT_FALSE(first.has_value());
    } else {
      ASSERT_TRUE(first.has_value());
      EXPECT_EQ(*first, expected.front());
    }
    hits += !expected.empty();
    multi += expected.size() > 1;
  }
  // The fixture must exercise hits, misses and overlaps.
  EXPECT_GT(hits, queries.size() / 10);
  EXPECT_LT(hits, queries.size());
  EXPECT_GT(multi, 50u);
}

TEST(PolygonIndexTest, EmptyAndCopies) {
  const PolygonIndex empty({});
  EXPECT_TRUE(empty.Containing({50, 30}).empty());
  EXPECT_FALSE(empty.FirstContaining({50, 30}).has_value());
  // Two ids for the same square; a copy of the index answers the same.
  const Polygon square{{{48, 30}, {48, 31}, {49, 31}, {49, 30}}, {}};
  const PolygonIndex index({MultiPolygon{}, MultiPolygon{square}, MultiPolygon{square}});
  const PolygonIndex copy = index;  // NOLINT(performance-unnecessary-copy-initialization)
  EXPECT_EQ(copy.Containing({48.5, 30.5}), (std::vector<std::size_t>{1, 2}));
  EXPECT_EQ(copy.FirstContaining({49, 31}), 1u);  // corner: boundary counts
  EXPECT_EQ(copy.polygon(1).size(), 1u);
}

// ---------------------------------------------------------------------------
// PointIndex

// Brute force from the distances of every point to the query center.
std::vector<std::size_t> BruteWithin(const std::vector<double>& distances, double r) {
  std::vector<std::size_t> ids;
  for (std::size_t i = 0; i < distances.size(); ++i) {
    if (distances[i] <= r) ids.push_back(i);
  }
  return ids;
}

std::vector<std::pair<std::size_t, double>> BruteNearest(const std::vector<double>& distances,
                                                         std::size_t k) {
  std::vector<std::pair<double, std::size_t>> all;
  for (std::size_t i = 0; i < distances.size(); ++i)
    all.emplace_back(distances[i], i);
  std::sort(all.begin(), all.end());
  std::vector<std::pair<std::size_t, double>> out;
  for (std::size_t i = 0; i < std::min(k, all.size()); ++i)
    out.emplace_back(all[i].second, all[i].first);
  return out;
}

// Checks WithinRadius and Nearest at `centers` for a range of radii and k.
void ExpectPointQueriesMatchBruteForce(const std::vector<LatLon>& points,
                                       const std::vector<LatLon>& centers,
                                       const std::vector<double>& radii) {
  const PointIndex index(points);
  ASSERT_EQ(index.size(), points.size());
  std::size_t found = 0;
  for (const LatLon& c : centers) {
    std::vector<double> distances;
    for (const LatLon& p : points)
      distances.push_back(DistanceM(c, p));
    for (const double r : radii) {
      const std::vector<std::size_t> expected = BruteWithin(distances, r);
      ASSERT_EQ(index.WithinRadius(c, r), expected)
          << "center " << c.lat << ", " << c.lon << " radius " << r;
      found += expected.size();
    }
    for (const std::size_t k :
         {std::size_t{1}, std::size_t{2}, std::size_t{7}, std::size_t{40}, points.size() + 3}) {
      ASSERT_EQ(index.Nearest(c, k), BruteNearest(distances, k))
          << "center " << c.lat << ", " << c.lon << " k " << k;
    }
  }
  EXPECT_GT(found, 0u);
}

TEST(PointIndexTest, TheatreMatchesBruteForce) {
  std::mt19937_64 rng(2002);
  std::vector<LatLon> points;
  for (int i = 0; i < 1500; ++i)
    points.push_back({Uniform(rng, 44, 53), Uniform(rng, 22, 41)});
  // Clusters a few hundred metres wide, exact duplicates (ties).
  for (int c = 0; c < 10; ++c) {
    const LatLon centre{Uniform(rng, 45, 52), Uniform(rng, 23, 40)};
    for (int i = 0; i < 30; ++i)
      points.push_back(Move(centre, Uniform(rng, -180, 180), Uniform(rng, 0, 500)));
    points.push_back(centre);
    points.push_back(centre);
  }
  std::vector<LatLon> centers;
  for (int i = 0; i < 40; ++i)
    centers.push_back({Uniform(rng, 43, 54), Uniform(rng, 21, 42)});
  centers.push_back(points[1500 + 30]);  // on a duplicated point
  centers.push_back(points[7]);
  ExpectPointQueriesMatchBruteForce(points, centers, {0, 50, 600, 5e3, 40e3, 250e3, 3e6});
}

TEST(PointIndexTest, PolesHighLatitudesAndAntimeridianMatchBruteForce) {
  // Points around both poles, at high latitudes and on both sides of lon
  // ±180, some with longitudes outside [-180, 180); centers there too, with
  // radii from metres to half the Earth.
  std::mt19937_64 rng(3003);
  std::vector<LatLon> points;
  for (int i = 0; i < 300; ++i)
    points.push_back({Uniform(rng, 85, 90), Uniform(rng, -180, 180)});
  for (int i = 0; i < 300; ++i)
    points.push_back({Uniform(rng, -60, 60), Uniform(rng, 175, 185)});
  for (int i = 0; i < 100; ++i)
    points.push_back({Uniform(rng, -89.9, -80), Uniform(rng, -540, 540)});
  // High latitudes, where a geodesic circle reaches farthest in longitude
  // poleward of its center.
  for (int i = 0; i < 1500; ++i)
    points.push_back({Uniform(rng, 50, 85), Uniform(rng, -180, 180)});
  points.push_back({90, 0});
  points.push_back({-90, 123});
  points.push_back({10, 180});
  points.push_back({10, -180});
  std::vector<LatLon> centers{{90, 0},      {89.99, 45}, {88, -170}, {10, 180},
                              {10, -179.9}, {0, 179.99}, {-45, 182}, {-90, 0},
                              {-85, 100},   {60, 178.5}, {0, 0},     {70, 20},
                              {75, -60},    {62, 100},   {80, 10},   {66, -150}};
  ExpectPointQueriesMatchBruteForce(points, centers,
                                    {0, 100, 5e3, 100e3, 700e3, 1.5e6, 2.5e6, 2.1e7});
}

TEST(PointIndexTest, EdgeCases) {
  const PointIndex empty({});
  EXPECT_TRUE(empty.WithinRadius({50, 30}, 1e7).empty());
  EXPECT_TRUE(empty.Nearest({50, 30}, 3).empty());
  const PointIndex index({{50, 30}, {50, 30.001}, {51, 30}});
  EXPECT_TRUE(index.WithinRadius({50, 30}, -1).empty());
  EXPECT_EQ(index.WithinRadius({50, 30}, 0), (std::vector<std::size_t>{0}));
  EXPECT_TRUE(index.Nearest({50, 30}, 0).empty());
  const auto nearest = index.Nearest({50, 30.0004}, 2);
  ASSERT_EQ(nearest.size(), 2u);
  EXPECT_EQ(nearest[0].first, 0u);  // 0.0004° vs 0.0006° of longitude away
  EXPECT_EQ(nearest[1].first, 1u);
  EXPECT_EQ(nearest[0].second, DistanceM({50, 30.0004}, {50, 30}));
  EXPECT_EQ(index.point(2), (LatLon{51, 30}));
}

// Const queries from several threads at once give the single-threaded answers.
TEST(PointIndexTest, ConcurrentQueries) {
  std::mt19937_64 rng(4004);
  std::vector<LatLon> points;
  for (int i = 0; i < 2000; ++i)
    points.push_back({Uniform(rng, 44, 53), Uniform(rng, 22, 41)});
  const PointIndex index(points);
  const PolygonIndex polygons(RandomMultiPolygons(rng, 40));
  std::vector<LatLon> centers;
  for (int i = 0; i < 200; ++i)
    centers.push_back({Uniform(rng, 44, 53), Uniform(rng, 22, 41)});
  std::vector<std::vector<std::size_t>> expected;
  for (const LatLon& c : centers) {
    std::vector<std::size_t> e = index.WithinRadius(c, 30e3);
    for (const auto& [id, d] : index.Nearest(c, 5))
      e.push_back(id);
    for (const std::size_t id : polygons.Containing(c))
      e.push_back(id);
    expected.push_back(std::move(e));
  }
  std::vector<int> mismatches(4, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (std::size_t i = 0; i < centers.size(); ++i) {
        std::vector<std::size_t> got = index.WithinRadius(centers[i], 30e3);
        for (const auto& [id, d] : index.Nearest(centers[i], 5))
          got.push_back(id);
        for (const std::size_t id : polygons.Containing(centers[i]))
          got.push_back(id);
        mismatches[t] += got != expected[i];
      }
    });
  }
  for (std::thread& th : threads)
    th.join();
  EXPECT_EQ(mismatches, std::vector<int>(4, 0));
}

}  // namespace
}  // namespace truceline::core::geo
