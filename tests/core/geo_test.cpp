// Tests of core/geo.hpp. Each function is checked against an independent
// computation with a stated tolerance:
// - DistanceM against GeodSolve -i -E (GeographicLib's command-line tool in
//   its *exact* mode, elliptic integrals rather than the series our library
//   call uses): 1 mm.
// - DistanceToLine / PreparedLine against brute force over samples every
//   <= 1 cm along each geodesic segment: the answer must be <= the sampled
//   minimum + 1 mm and >= the sampled minimum - 5 mm (half the spacing, the
//   most a 1-Lipschitz function can dip between samples) - 1 mm.
// - Contains against hand-drawn fixtures and, on random polygons with
//   exactly representable vertices, an integer winding-number oracle:
//   identical answers, boundary points included.

#include "core/geo.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <numbers>
#include <random>
#include <string>
#include <vector>

#include <GeographicLib/Geodesic.hpp>
#include <GeographicLib/GeodesicLine.hpp>
#include <gtest/gtest.h>

namespace truceline::core::geo {
namespace {

using GeographicLib::Geodesic;
using GeographicLib::GeodesicLine;

constexpr double kPi = std::numbers::pi;

double Uniform(std::mt19937_64& rng, double lo, double hi) {
  return std::uniform_real_distribution<double>(lo, hi)(rng);
}

// The point at distance `s` and azimuth `azi` from `p` (GeographicLib direct
// problem; used to build fixtures, never as an oracle for our own code).
LatLon Move(LatLon p, double azi, double s) {
  LatLon q;
  Geodesic::WGS84().Direct(p.lat, p.lon, azi, s, q.lat, q.lon);
  return q;
}

// ---------------------------------------------------------------------------
// DistanceM

TEST(GeoDistance, KnownValues) {
  // One degree of longitude along the equator: a·π/180 exactly (the equator
  // is a geodesic for such short arcs).
  EXPECT_NEAR(DistanceM({0, 10}, {0, 11}), 6378137.0 * kPi / 180, 1e-6);
  // One degree of latitude at the equator and the quarter meridian, the
  // standard WGS84 figures 110 574.389 m and 10 001 965.729 m.
  EXPECT_NEAR(DistanceM({0, 30}, {1, 30}), 110574.389, 1e-3);
  EXPECT_NEAR(DistanceM({0, 30}, {90, 30}), 10001965.729, 1e-3);
  // Kyiv - Kharkiv (city centres), a sanity check: ~410 km.
  const LatLon kyiv{50.4501, 30.5234}, kharkiv{49.9935, 36.2304};
  EXPECT_NEAR(DistanceM(kyiv, kharkiv), 410e3, 2e3);
  EXPECT_EQ(DistanceM(kyiv, kharkiv), DistanceM(kharkiv, kyiv));
  EXPECT_EQ(DistanceM(kyiv, kyiv), 0);
  // Longitude is taken modulo 360.
  EXPECT_NEAR(DistanceM({48, 30}, {48, 390}), 0, 1e-9);
}

// Runs `GeodSolve -i -E` on the pairs and returns its distances, or an
// empty vector if the tool cannot be run.
std::vector<double> GeodSolveDistances(const std::vector<std::pair<LatLon, LatLon>>& pairs) {
  const std::filesystem::path in =
      std::filesystem::temp_directory_path() /
      ("truceline_geo_test_" + std::to_string(std::random_device{}()) + ".txt");
  {
    std::ofstream out(in);
    char buf[200];
    for (const auto& [a, b] : pairs) {
      std::snprintf(buf, sizeof buf, "%.15f %.15f %.15f %.15f\n", a.lat, a.lon, b.lat, b.lon);
      out << buf;
    }
  }
  std::vector<double> result;
  const std::string cmd = "GeodSolve -i -E -p 10 --input-file '" + in.string() + "' 2>/dev/null";
  if (FILE* f = popen(cmd.c_str(), "r")) {
    double azi1 = 0, azi2 = 0, s12 = 0;
    while (std::fscanf(f, "%lf %lf %lf", &azi1, &azi2, &s12) == 3)
      result.push_back(s12);
    pclose(f);
  }
  std::filesystem::remove(in);
  if (result.size() != pairs.size()) result.clear();
  return result;
}

TEST(GeoDistance, AgreesWithGeodSolveExact) {
  if (std::system("command -v GeodSolve >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "GeodSolve (package geographiclib-tools) is not installed";
  }
  std::mt19937_64 rng(20250301);
  std::vector<std::pair<LatLon, LatLon>> pairs;
  // The theatre: Ukraine and its neighbours.
  for (int i = 0; i < 300; ++i) {
    pairs.push_back({{Uniform(rng, 44, 53), Uniform(rng, 22, 41)},
                     {Uniform(rng, 44, 53), Uniform(rng, 22, 41)}});
  }
  // Very short pairs (metres) in the theatre.
  for (int i = 0; i < 30; ++i) {
    const LatLon a{Uniform(rng, 44, 53), Uniform(rng, 22, 41)};
    pairs.push_back({a, {a.lat + Uniform(rng, -1e-4, 1e-4), a.lon + Uniform(rng, -1e-4, 1e-4)}});
  }
  // Anywhere on Earth.
  for (int i = 0; i < 60; ++i) {
    pairs.push_back({{Uniform(rng, -90, 90), Uniform(rng, -180, 180)},
                     {Uniform(rng, -90, 90), Uniform(rng, -180, 180)}});
  }
  // Near-antipodal pairs, the hardest case for the inverse problem.
  for (int i = 0; i < 40; ++i) {
    const LatLon a{Uniform(rng, -80, 80), Uniform(rng, -180, 180)};
    pairs.push_back({a, {-a.lat + Uniform(rng, -0.5, 0.5), a.lon + 180 + Uniform(rng, -0.5, 0.5)}});
  }
  pairs.push_back({{0, 0}, {0, 180}});
  pairs.push_back({{0, 0}, {0.5, 179.7}});
  pairs.push_back({{30, 0}, {-30, 180}});
  // Round-trip through the decimal text GeodSolve reads, so both sides see
  // the same doubles.
  for (auto& [a, b] : pairs) {
    for (double* v : {&a.lat, &a.lon, &b.lat, &b.lon}) {
      char buf[64];
      std::snprintf(buf, sizeof buf, "%.15f", *v);
      *v = std::strtod(buf, nullptr);
    }
  }
  const std::vector<double> expected = GeodSolveDistances(pairs);
  ASSERT_EQ(expected.size(), pairs.size()) << "GeodSolve did not answer every pair";
  double worst = 0;
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    const double d = DistanceM(pairs[i].first, pairs[i].second);
    EXPECT_NEAR(d, expected[i], 1e-3)
        << "pair " << i << ": (" << pairs[i].first.lat << ", " << pairs[i].first.lon << ") - ("
        << pairs[i].second.lat << ", " << pairs[i].second.lon << ")";
    worst = std::max(worst, std::abs(d - expected[i]));
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g", worst);
  RecordProperty("worst_difference_m", buf);
}

// ---------------------------------------------------------------------------
// DistanceToLine: brute-force oracle

// A random polyline in the theatre: `segments` geodesic segments of about
// `length_m` each, turning by up to ±60° at each vertex.
LineString RandomLine(std::mt19937_64& rng, int segments, double length_m) {
  LineString line{{Uniform(rng, 45, 52), Uniform(rng, 24, 39)}};
  double azi = Uniform(rng, -180, 180);
  for (int i = 0; i < segments; ++i) {
    line.push_back(Move(line.back(), azi, length_m * Uniform(rng, 0.75, 1.0)));
    azi += Uniform(rng, -60, 60);
  }
  return line;
}

// The minimum of the distance from `p` over points sampled along each
// geodesic segment of `lines` at a spacing of at most `max_spacing`
// (segment k of length s has ceil(s / max_spacing) equal intervals).
//
// Evaluating every sample of 200 km segments at 1 cm is 2e7 geodesic solves,
// so samples are skipped when they provably cannot be below the smallest
// sample seen: the distance along a segment is 1-Lipschitz in arc length
// (triangle inequality), so between samples j0 < j1 with values f0, f1 no
// sample is below (f0 + f1 - (j1 - j0)·spacing) / 2. The result is exactly
// the minimum a full scan would return. No Newton, no bounds from the code
// under test: only GeodesicLine positions and inverse solves.
struct SampledMin {
  double distance_m = std::numeric_limits<double>::infinity();
  double spacing_m = 0;  // the largest spacing used
};

class SegmentSampler {
 public:
  SegmentSampler(LatLon a, LatLon b, LatLon p, double max_spacing)
      : line_(Geodesic::WGS84().InverseLine(a.lat, a.lon, b.lat, b.lon)), p_(p) {
    const double s = line_.Distance();
    n_ = std::max<std::int64_t>(1, static_cast<std::int64_t>(std::ceil(s / max_spacing)));
    spacing_ = s / static_cast<double>(n_);
  }
  std::int64_t n() const { return n_; }
  double spacing() const { return spacing_; }
  // Distance from p to sample j.
  double At(std::int64_t j) const {
    double lat = 0, lon = 0, d = 0;
    line_.Position(spacing_ * static_cast<double>(j), lat, lon);
    Geodesic::WGS84().Inverse(p_.lat, p_.lon, lat, lon, d);
    return d;
  }
  // Lowers `best` to the smallest sample in (j0, j1).
  void Refine(std::int64_t j0, double f0, std::int64_t j1, double f1, double& best) const {
    if (j1 - j0 <= 1) return;
    const double bound = 0.5 * (f0 + f1 - static_cast<double>(j1 - j0) * spacing_);
    if (bound > best + 1e-9) return;
    const std::int64_t jm = j0 + (j1 - j0) / 2;
    const double fm = At(jm);
    best = std::min(best, fm);
    // The nearer half first: it lowers `best` sooner.
    if (f0 < f1) {
      Refine(j0, f0, jm, fm, best);
      Refine(jm, fm, j1, f1, best);
    } else {
      Refine(jm, fm, j1, f1, best);
      Refine(j0, f0, jm, fm, best);
    }
  }

 private:
  GeodesicLine line_;
  LatLon p_;
  std::int64_t n_ = 1;
  double spacing_ = 0;
};

SampledMin BruteForceMin(LatLon p, const MultiLineString& lines, double max_spacing) {
  SampledMin result;
  struct Seg {
    SegmentSampler sampler;
    double f0, f1;
  };
  std::vector<Seg> segs;
  for (const LineString& l : lines) {
    if (l.size() == 1) result.distance_m = std::min(result.distance_m, DistanceM(p, l[0]));
    for (std::size_t i = 0; i + 1 < l.size(); ++i) {
      SegmentSampler sampler(l[i], l[i + 1], p, max_spacing);
      const double f0 = sampler.At(0), f1 = sampler.At(sampler.n());
      result.distance_m = std::min({result.distance_m, f0, f1});
      result.spacing_m = std::max(result.spacing_m, sampler.spacing());
      segs.push_back({sampler, f0, f1});
    }
  }
  // Segments whose end points are nearest first.
  std::sort(segs.begin(), segs.end(),
            [](const Seg& x, const Seg& y) { return std::min(x.f0, x.f1) < std::min(y.f0, y.f1); });
  for (const Seg& s : segs)
    s.sampler.Refine(0, s.f0, s.sampler.n(), s.f1, result.distance_m);
  return result;
}

// The oracle's pruning is sound: on a 20 km segment at 1 m spacing it
// returns exactly the minimum of a full scan of all 20,001 samples.
TEST(GeoLineDistance, OracleEqualsFullScan) {
  std::mt19937_64 rng(3);
  for (int i = 0; i < 3; ++i) {
    const LineString line = RandomLine(rng, 1, 20e3);
    const LatLon p = Move(line[0], Uniform(rng, -180, 180), Uniform(rng, 0, 30e3));
    const SegmentSampler sampler(line[0], line[1], p, 1.0);
    double full = std::numeric_limits<double>::infinity();
    for (std::int64_t j = 0; j <= sampler.n(); ++j)
      full = std::min(full, sampler.At(j));
    EXPECT_EQ(BruteForceMin(p, {line}, 1.0).distance_m, full);
  }
}

// Checks `got` (from the code under test) against the brute-force minimum.
// Returns got - oracle for the record.
double ExpectMatches(LatLon p, const MultiLineString& lines, const SampledMin& oracle,
                     const LineDistance& got) {
  EXPECT_LE(got.distance_m, oracle.distance_m + 1e-3);
  EXPECT_GE(got.distance_m, oracle.distance_m - oracle.spacing_m / 2 - 1e-3);
  // The reported point is where the distance was measured, and it lies on
  // the reported segment: it splits the segment's length exactly.
  EXPECT_LT(got.line_index, lines.size());
  if (got.line_index >= lines.size()) return got.distance_m - oracle.distance_m;
  const LineString& l = lines[got.line_index];
  EXPECT_LT(got.segment_index, std::max<std::size_t>(1, l.size() - 1));
  EXPECT_NEAR(DistanceM(p, got.nearest), got.distance_m, 1e-6);
  if (l.size() > 1 && got.segment_index + 1 < l.size()) {
    const LatLon a = l[got.segment_index], b = l[got.segment_index + 1];
    EXPECT_NEAR(DistanceM(a, got.nearest) + DistanceM(got.nearest, b), DistanceM(a, b), 1e-6);
  }
  return got.distance_m - oracle.distance_m;
}

// Both entry points (PreparedLine and the one-shot DistanceToLine) against
// the oracle sampled every <= 1 cm.
// Returns the largest excess of the two answers over the sampled minimum
// (how far above the true minimum they can be, as samples never go below).
double ExpectBothMatchOracle(LatLon p, const MultiLineString& lines, const PreparedLine& prepared,
                             const std::string& what) {
  SCOPED_TRACE(what);
  const SampledMin oracle = BruteForceMin(p, lines, 0.01);
  EXPECT_LE(oracle.spacing_m, 0.01);
  double worst = -std::numeric_limits<double>::infinity();
  {
    SCOPED_TRACE("PreparedLine");
    worst = std::max(worst, ExpectMatches(p, lines, oracle, prepared.Distance(p)));
  }
  {
    SCOPED_TRACE("DistanceToLine");
    worst = std::max(worst, ExpectMatches(p, lines, oracle, DistanceToLine(p, lines)));
  }
  return worst;
}

TEST(GeoLineDistance, MatchesDenseSamplingOnRandomLines) {
  std::mt19937_64 rng(424242);
  int cases = 0;
  double worst = -std::numeric_limits<double>::infinity();
  for (int trial = 0; trial < 30; ++trial) {
    const double length = trial % 2 == 0 ? 50e3 : 200e3;  // ~50 km and ~200 km segments
    const LineString line = RandomLine(rng, 2 + trial % 3, length);
    const MultiLineString lines{line};
    const PreparedLine prepared(line);
    std::vector<std::pair<LatLon, std::string>> points;
    const auto seg = std::uniform_int_distribution<std::size_t>(0, line.size() - 2)(rng);
    const double s12 = DistanceM(line[seg], line[seg + 1]);
    double azi_seg = 0, azi2 = 0, unused = 0;
    Geodesic::WGS84().Inverse(line[seg].lat, line[seg].lon, line[seg + 1].lat, line[seg + 1].lon,
                              unused, azi_seg, azi2);
    const LatLon on = Move(line[seg], azi_seg, Uniform(rng, 0, s12));
    // Off the line, 0-100 km, in any direction from a point of a segment.
    points.push_back({Move(on, Uniform(rng, -180, 180), Uniform(rng, 0, 100e3)), "offset"});
    points.push_back({Move(on, Uniform(rng, -180, 180), Uniform(rng, 0, 2e3)), "close"});
    // Beyond the ends of the line.
    double azi_first = 0;
    Geodesic::WGS84().Inverse(line[0].lat, line[0].lon, line[1].lat, line[1].lon, unused, azi_first,
                              azi2);
    points.push_back(
        {Move(line.front(), azi_first + 180 + Uniform(rng, -60, 60), Uniform(rng, 1e3, 100e3)),
         "before start"});
    points.push_back(
        {Move(line.back(), Uniform(rng, -180, 180), Uniform(rng, 1e3, 100e3)), "past end"});
    // Within metres of a vertex, and on the line itself.
    const std::size_t v = std::uniform_int_distribution<std::size_t>(0, line.size() - 1)(rng);
    points.push_back({Move(line[v], Uniform(rng, -180, 180), Uniform(rng, 0, 20)), "near vertex"});
    if (trial % 3 == 0) points.push_back({line[v], "on vertex"});
    if (trial % 3 == 1) points.push_back({on, "on segment"});
    for (const auto& [p, what] : points) {
      worst = std::max(worst, ExpectBothMatchOracle(p, lines, prepared, what));
      EXPECT_NEAR(prepared.Distance(p).distance_m, DistanceToLine(p, line).distance_m, 1e-6);
      ++cases;
    }
  }
  RecordProperty("cases", cases);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g", worst);
  RecordProperty("largest_excess_over_sampled_min_m", buf);
}

TEST(GeoLineDistance, MultiLineStringMatchesDenseSampling) {
  std::mt19937_64 rng(77);
  for (int trial = 0; trial < 4; ++trial) {
    MultiLineString lines{RandomLine(rng, 3, 50e3),
                          RandomLine(rng, 1, 200e3),
                          RandomLine(rng, 0, 0) /* one vertex */,
                          {}};
    const PreparedLine prepared(lines);
    EXPECT_EQ(prepared.SegmentCount(), 3u + 1u + 1u);
    for (int i = 0; i < 3; ++i) {
      const LineString& l = lines[std::uniform_int_distribution<std::size_t>(0, 2)(rng)];
      const LatLon p = Move(l[0], Uniform(rng, -180, 180), Uniform(rng, 0, 100e3));
      ExpectBothMatchOracle(p, lines, prepared, "multi");
    }
  }
}

TEST(GeoLineDistance, HandCheckedCases) {
  // The equator is a geodesic and meridians meet it at right angles: from
  // (1°N, 11°E) the nearest point of the segment 10°E-12°E on the equator is
  // (0, 11°E), one degree of meridian away.
  const LineString equator{{0, 10}, {0, 12}};
  LineDistance d = DistanceToLine({1, 11}, equator);
  EXPECT_NEAR(d.distance_m, 110574.3885577988, 1e-6);  // GeodSolve -i -E: 0 11 1 11
  EXPECT_NEAR(d.nearest.lat, 0, 1e-12);
  EXPECT_NEAR(d.nearest.lon, 11, 1e-9);
  EXPECT_EQ(d.line_index, 0u);
  EXPECT_EQ(d.segment_index, 0u);
  // Past the end: the nearest point is the end vertex.
  d = DistanceToLine({0.5, 9}, equator);
  EXPECT_NEAR(d.distance_m, DistanceM({0.5, 9}, {0, 10}), 1e-6);
  EXPECT_NEAR(d.nearest.lon, 10, 1e-9);
  // On the line.
  EXPECT_NEAR(DistanceToLine({0, 11.3}, equator).distance_m, 0, 1e-6);
  // Along a meridian (also a geodesic): a point on it, and one beyond it.
  const LineString meridian{{40, 30}, {45, 30}, {45, 31}};
  d = PreparedLine(meridian).Distance({42, 30});
  EXPECT_NEAR(d.distance_m, 0, 1e-6);
  EXPECT_EQ(d.segment_index, 0u);
  d = PreparedLine(meridian).Distance({46, 29.5});
  EXPECT_NEAR(d.distance_m, DistanceM({46, 29.5}, {45, 30}), 1e-6);  // the corner vertex
  // From (46°N, 30°E) the corner is not the nearest point: the east-going
  // geodesic (45,30)-(45,31) leaves the corner at ~89.6°, bulging north, so
  // it first comes closer (by ~2 m). A rhumb-line or planar model gets this
  // wrong.
  d = PreparedLine(meridian).Distance({46, 30});
  EXPECT_LT(d.distance_m, DistanceM({46, 30}, {45, 30}) - 1);
  EXPECT_EQ(d.segment_index, 1u);
  ExpectBothMatchOracle({46, 30}, {meridian}, PreparedLine(meridian), "corner");
  // The second line of a MultiLineString is nearer.
  const MultiLineString two{{{50, 30}, {50, 31}}, {{48, 35}, {48.5, 35.2}}};
  d = DistanceToLine({48.2, 35.3}, two);
  EXPECT_EQ(d.line_index, 1u);
  EXPECT_EQ(d.segment_index, 0u);
  // A one-vertex line is a point; an empty line is infinitely far.
  d = DistanceToLine({48, 30}, LineString{{48.1, 30.1}});
  EXPECT_NEAR(d.distance_m, DistanceM({48, 30}, {48.1, 30.1}), 1e-9);
  EXPECT_EQ(d.segment_index, 0u);
  d = DistanceToLine({48, 30}, LineString{});
  EXPECT_TRUE(std::isinf(d.distance_m));
  EXPECT_EQ(d.line_index, kNoIndex);
  EXPECT_TRUE(std::isinf(PreparedLine(MultiLineString{}).Distance({48, 30}).distance_m));
  // Repeated vertices (zero-length segments) are harmless.
  const LineString dup{{48, 30}, {48, 30}, {48.5, 30.5}, {48.5, 30.5}};
  EXPECT_NEAR(DistanceToLine({48, 30}, dup).distance_m, 0, 1e-9);
  EXPECT_NEAR(PreparedLine(dup).Distance({48.5, 30.5}).distance_m, 0, 1e-9);
}

// The bounds used to skip segments must allow for the geodesic's sag below
// its end points' straight chord (~785 m for 200 km) and its poleward bulge
// (~950 m at 50°N): here the nearest segment is a long one passing 250 m
// from the point, and a short segment 300 m away is solved first.
TEST(GeoLineDistance, PruningAllowsForTheSagOfLongSegments) {
  const LatLon a0{50, 30}, a1{50, 32.8};  // ~200 km
  const GeodesicLine a = Geodesic::WGS84().InverseLine(a0.lat, a0.lon, a1.lat, a1.lon);
  LatLon mid;
  a.Position(a.Distance() / 2, mid.lat, mid.lon);
  EXPECT_GT(mid.lat - 50, 0.008);           // the bulge
  for (const double side : {0.0, 180.0}) {  // north and south of the segment
    const LatLon p = Move(mid, side, 250);
    const LatLon q = Move(p, side, 300);
    const MultiLineString lines{{a0, a1}, {Move(q, 90, 50), Move(q, 270, 50)}};
    const PreparedLine prepared(lines);
    for (const LineDistance& d : {prepared.Distance(p), DistanceToLine(p, lines)}) {
      EXPECT_EQ(d.line_index, 0u);
      EXPECT_NEAR(d.distance_m, 250, 1e-3);
    }
    ExpectBothMatchOracle(p, lines, prepared, side == 0 ? "north" : "south");
  }
}

TEST(GeoLineDistance, LongLineOfManyVerticesMatchesSampling) {
  // A meandering 500-vertex line of ~2 km segments, like a contact line;
  // both entry points against the oracle at a few points.
  std::mt19937_64 rng(5);
  LineString line{{47.0, 33.0}};
  double azi = 45;
  for (int i = 0; i < 499; ++i) {
    line.push_back(Move(line.back(), azi, 2000));
    azi += Uniform(rng, -25, 25);
  }
  const PreparedLine prepared(line);
  const BBox box = BBoxOf(line);
  for (int i = 0; i < 8; ++i) {
    const LatLon p{Uniform(rng, box.min_lat, box.max_lat), Uniform(rng, box.min_lon, box.max_lon)};
    ExpectBothMatchOracle(p, {line}, prepared, "500 vertices");
  }
}

TEST(GeoLineDistance, PolygonBoundaryDistance) {
  // Square 0-2°N x 0-2°E: from its centre the nearest edge is the equator
  // (a geodesic), one degree of meridian away; the meridian edges are
  // ~111.3 km away and the northern edge, measured as a geodesic, farther.
  Polygon square{{{0, 0}, {0, 2}, {2, 2}, {2, 0}, {0, 0}}, {}};
  EXPECT_NEAR(DistanceToPolygonBoundaryM({1, 1}, square), 110574.3885577988, 1e-6);
  EXPECT_NEAR(DistanceToPolygonBoundaryM({0, 1.5}, square), 0, 1e-6);
  // A hole near the query point; open rings are closed implicitly.
  square.holes.push_back({{0.9, 1.2}, {0.9, 1.3}, {1.1, 1.3}, {1.1, 1.2}});
  EXPECT_NEAR(DistanceToPolygonBoundaryM({1, 1}, square), DistanceM({1, 1}, {1, 1.2}), 1e-3);
  EXPECT_NEAR(DistanceToPolygonBoundaryM({1.0, 1.25}, square),
              DistanceToLine({1.0, 1.25}, LineString{{0.9, 1.2}, {1.1, 1.2}}).distance_m, 1e-6);
}

// ---------------------------------------------------------------------------
// BBox

TEST(GeoBBox, BoxesAndTheirOperations) {
  BBox empty;
  EXPECT_TRUE(empty.Empty());
  EXPECT_FALSE(empty.Contains({0, 0}));
  const BBox a = BBoxOfRing({{48, 30}, {49, 31}, {48.5, 32}});
  EXPECT_EQ(a.min_lat, 48);
  EXPECT_EQ(a.max_lat, 49);
  EXPECT_EQ(a.min_lon, 30);
  EXPECT_EQ(a.max_lon, 32);
  EXPECT_TRUE(a.Contains({48, 30}));  // corners count
  EXPECT_FALSE(a.Contains({47.999, 30}));
  EXPECT_TRUE(a.Intersects(BBoxOf(LatLon{49, 32})));  // touching counts
  EXPECT_FALSE(a.Intersects(BBoxOf(LatLon{49.1, 32})));
  EXPECT_FALSE(a.Intersects(empty));
  const MultiPolygon mp{{{{44, 22}, {45, 22}, {45, 23}}, {}}, {{{52, 40}, {53, 41}, {52, 41}}, {}}};
  const BBox m = BBoxOf(mp);
  EXPECT_EQ(m.min_lat, 44);
  EXPECT_EQ(m.max_lon, 41);
  EXPECT_TRUE(BBoxOf(MultiPolygon{}).Empty());
}

// A geodesic between two points at the same latitude bulges poleward; the
// line's box must hold every sampled point of it, and be tight.
TEST(GeoBBox, LineBoxHoldsTheGeodesicBulge) {
  std::mt19937_64 rng(9);
  for (int i = 0; i < 200; ++i) {
    const LatLon a{Uniform(rng, -80, 80), Uniform(rng, -170, 140)};
    const LatLon b{Uniform(rng, -80, 80), a.lon + Uniform(rng, 0.1, 30)};
    const BBox box = BBoxOf(LineString{a, b});
    const GeodesicLine line = Geodesic::WGS84().InverseLine(a.lat, a.lon, b.lat, b.lon);
    double max_lat = -90, min_lat = 90;
    constexpr int kSamples = 4000;
    for (int k = 0; k <= kSamples; ++k) {
      double lat = 0, lon = 0;
      line.Position(line.Distance() * k / kSamples, lat, lon);
      ASSERT_GE(lat, box.min_lat - 1e-12) << i << " " << k;
      ASSERT_LE(lat, box.max_lat + 1e-12) << i << " " << k;
      ASSERT_GE(lon, box.min_lon - 1e-12) << i << " " << k;
      ASSERT_LE(lon, box.max_lon + 1e-12) << i << " " << k;
      max_lat = std::max(max_lat, lat);
      min_lat = std::min(min_lat, lat);
    }
    // Tight to within the sampling of the vertex (quadratic in the step).
    EXPECT_NEAR(box.max_lat, max_lat, 1e-5) << i;
    EXPECT_NEAR(box.min_lat, min_lat, 1e-5) << i;
    // The premise of DistanceToLine's unprepared bound: a segment spanning
    // Δλ <= 30° bulges by at most Δλ²/16 (sphere) plus ~1 %; the code
    // allows Δλ²/8.
    const double dlon = (b.lon - a.lon) * kPi / 180;
    const double bulge =
        std::max(box.max_lat - std::max(a.lat, b.lat), std::min(a.lat, b.lat) - box.min_lat) * kPi /
        180;
    EXPECT_LE(bulge, dlon * dlon / 16 * 1.05) << i;
  }
}

// ---------------------------------------------------------------------------
// Contains: hand-drawn fixtures

// Builds a ring from (lon, lat) pairs in GeoJSON order, as fixtures read best.
Ring RingLonLat(std::initializer_list<std::pair<double, double>> lonlat) {
  Ring r;
  for (const auto& [lon, lat] : lonlat)
    r.push_back({lat, lon});
  return r;
}

// The same ring in the four spellings the input may use.
std::vector<Ring> Variants(const Ring& open_ring) {
  Ring closed = open_ring;
  closed.push_back(open_ring.front());
  Ring reversed(open_ring.rbegin(), open_ring.rend());
  Ring reversed_closed = reversed;
  reversed_closed.push_back(reversed.front());
  return {open_ring, closed, reversed, reversed_closed};
}

TEST(GeoContains, SquareWithHole) {
  // lon 30-34, lat 48-52, with a hole lon 31-33, lat 49-51:
  //
  //  52 +-----------------+
  //     |                 |
  //  51 |    +-------+    |
  //     |    | hole  |    |
  //  49 |    +-------+    |
  //     |                 |
  //  48 +-----------------+
  //     30   31      33   34
  const Ring outer = RingLonLat({{30, 48}, {34, 48}, {34, 52}, {30, 52}});
  const Ring hole = RingLonLat({{31, 49}, {33, 49}, {33, 51}, {31, 51}});
  struct Case {
    double lon, lat;
    bool inside;
    const char* what;
  };
  const Case cases[] = {
      {30.5, 50, true, "between outer and hole"},
      {32, 50, false, "in the hole"},
      {32, 49, true, "on the hole's lower edge"},
      {33, 51, true, "on a hole vertex"},
      {31, 50, true, "on the hole's left edge"},
      {30, 48, true, "outer vertex"},
      {32, 48, true, "on the outer lower edge"},
      {34, 50, true, "on the outer right edge"},
      {32, 47.999, false, "just below"},
      {34.0001, 50, false, "just right"},
      {29, 50, false, "left, level with the hole"},
      {30.5, 49, true, "level with the hole's lower vertices, left of it"},
      {33.5, 51, true, "level with the hole's upper vertices, right of it"},
      {35, 52, false, "level with the top edge, outside"},
      {29, 48, false, "level with the bottom edge, outside"},
      {32, 52, true, "on the top edge"},
  };
  for (const Ring& o : Variants(outer)) {
    for (const Ring& h : Variants(hole)) {
      const Polygon polygon{o, {h}};
      for (const Case& c : cases) {
        EXPECT_EQ(Contains(polygon, {c.lat, c.lon}), c.inside)
            << c.what << " (" << c.lon << ", " << c.lat << "), ring sizes " << o.size() << "/"
            << h.size() << ", first vertices " << o[0].lon << "/" << h[0].lon;
      }
    }
  }
}

TEST(GeoContains, ConcaveU) {
  // A "U" opening north, lon 30-33, lat 45-48, notch lon 31-32 down to 46:
  //
  //  48 +--+  +--+
  //     |  |  |  |
  //  46 |  +--+  |
  //  45 +--------+
  //     30 31 32 33
  const Ring u =
      RingLonLat({{30, 45}, {33, 45}, {33, 48}, {32, 48}, {32, 46}, {31, 46}, {31, 48}, {30, 48}});
  struct Case {
    double lon, lat;
    bool inside;
    const char* what;
  };
  const Case cases[] = {
      {31.5, 47, false, "in the notch"},
      {30.5, 47, true, "left arm"},
      {32.5, 47, true, "right arm"},
      {31.5, 45.5, true, "base"},
      {31.5, 46, true, "notch floor (edge)"},
      {32, 46, true, "notch corner (vertex)"},
      {31.5, 48, false, "mouth of the notch (no edge there)"},
      {30.5, 46, true, "level with the notch floor, left arm"},
      {32.5, 46, true, "level with the notch floor, right arm"},
      {33.5, 46, false, "level with the notch floor, outside right"},
      {29.5, 46, false, "level with the notch floor, outside left"},
      {30.5, 48, true, "top edge of the left arm"},
      {31, 47, true, "inner edge of the left arm"},
      {33, 47, true, "outer edge of the right arm"},
      {31.5, 44.9, false, "below"},
      {31.5, 48.5, false, "above the notch"},
  };
  for (const Ring& ring : Variants(u)) {
    const Polygon polygon{ring, {}};
    for (const Case& c : cases) {
      EXPECT_EQ(Contains(polygon, {c.lat, c.lon}), c.inside)
          << c.what << " (" << c.lon << ", " << c.lat << ")";
    }
  }
}

TEST(GeoContains, MultiPolygonAndDegenerateInput) {
  const Polygon square{RingLonLat({{30, 48}, {34, 48}, {34, 52}, {30, 52}}),
                       {RingLonLat({{31, 49}, {33, 49}, {33, 51}, {31, 51}})}};
  const Polygon triangle{RingLonLat({{36, 44}, {38, 44}, {37, 46}}), {}};
  const MultiPolygon both{square, triangle};
  EXPECT_TRUE(Contains(both, {50, 30.5}));
  EXPECT_TRUE(Contains(both, {45, 37}));
  EXPECT_TRUE(Contains(both, {46, 37}));    // apex
  EXPECT_TRUE(Contains(both, {45, 36.5}));  // on a slanted edge, exactly representable
  EXPECT_FALSE(Contains(both, {45, 36.49}));
  EXPECT_FALSE(Contains(both, {50, 32}));  // in the hole
  EXPECT_FALSE(Contains(both, {47, 35}));
  EXPECT_FALSE(Contains(MultiPolygon{}, {50, 30}));
  EXPECT_FALSE(Contains(Polygon{}, {50, 30}));
  // A one-vertex "ring" contains only its vertex.
  const Polygon dot{{{50, 30}}, {}};
  EXPECT_TRUE(Contains(dot, {50, 30}));
  EXPECT_FALSE(Contains(dot, {50, 30.1}));
}

// ---------------------------------------------------------------------------
// Contains: random polygons against an integer winding-number oracle

// Grid coordinates: lon = 30 + x/8, lat = 46 + y/8, exactly representable,
// so that the code under test decides boundary cases exactly too.
struct GridPt {
  std::int64_t x, y;
};
using GridRing = std::vector<GridPt>;  // open

LatLon ToLatLon(GridPt p) {
  return {46 + static_cast<double>(p.y) / 8, 30 + static_cast<double>(p.x) / 8};
}

std::int64_t Cross(GridPt a, GridPt b, GridPt p) {
  return (b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x);
}

bool OnRing(const GridRing& r, GridPt p) {
  for (std::size_t i = 0; i < r.size(); ++i) {
    const GridPt a = r[i], b = r[(i + 1) % r.size()];
    if (Cross(a, b, p) == 0 && std::min(a.x, b.x) <= p.x && p.x <= std::max(a.x, b.x) &&
        std::min(a.y, b.y) <= p.y && p.y <= std::max(a.y, b.y)) {
      return true;
    }
  }
  return false;
}

// Sunday's winding number (upward crossings with p left of the edge count
// +1, downward crossings with p right of it -1).
int WindingNumber(const GridRing& r, GridPt p) {
  int wn = 0;
  for (std::size_t i = 0; i < r.size(); ++i) {
    const GridPt a = r[i], b = r[(i + 1) % r.size()];
    if (a.y <= p.y) {
      if (b.y > p.y && Cross(a, b, p) > 0) ++wn;
    } else {
      if (b.y <= p.y && Cross(a, b, p) < 0) --wn;
    }
  }
  return wn;
}

bool OracleContains(const GridRing& outer, const std::vector<GridRing>& holes, GridPt p) {
  if (OnRing(outer, p)) return true;
  for (const GridRing& h : holes) {
    if (OnRing(h, p)) return true;
  }
  if (WindingNumber(outer, p) == 0) return false;
  for (const GridRing& h : holes) {
    if (WindingNumber(h, p) != 0) return false;
  }
  return true;
}

// A star-shaped ring around `c` with `n` vertices at radii [r_lo, r_hi]
// (grid units), angles spread so that consecutive vertices are < 72° apart.
GridRing StarRing(std::mt19937_64& rng, GridPt c, int n, double r_lo, double r_hi) {
  GridRing r;
  for (int i = 0; i < n; ++i) {
    const double theta = 2 * kPi * (i + Uniform(rng, 0.3, 0.7)) / n;
    const double radius = Uniform(rng, r_lo, r_hi);
    const GridPt p{c.x + std::llround(radius * std::cos(theta)),
                   c.y + std::llround(radius * std::sin(theta))};
    if (r.empty() || p.x != r.back().x || p.y != r.back().y) r.push_back(p);
  }
  return r;
}

Ring ToRing(const GridRing& g, bool closed, bool reversed) {
  Ring r;
  for (const GridPt& p : g)
    r.push_back(ToLatLon(p));
  if (reversed) std::reverse(r.begin(), r.end());
  if (closed) r.push_back(r.front());
  return r;
}

TEST(GeoContains, RandomPolygonsMatchWindingNumberOracle) {
  std::mt19937_64 rng(31337);
  int checked = 0, inside = 0, boundary = 0;
  for (int trial = 0; trial < 40; ++trial) {
    const GridPt c{std::uniform_int_distribution<std::int64_t>(18, 22)(rng),
                   std::uniform_int_distribution<std::int64_t>(18, 22)(rng)};
    const GridRing outer = StarRing(rng, c, 7 + trial % 10, 10, 19);
    std::vector<GridRing> holes;
    if (trial % 4 != 0) {
      const GridPt hc{c.x + std::uniform_int_distribution<std::int64_t>(-1, 1)(rng),
                      c.y + std::uniform_int_distribution<std::int64_t>(-1, 1)(rng)};
      holes.push_back(StarRing(rng, hc, 3 + trial % 6, 2, 5));
    }
    // The construction keeps the hole inside the outer ring; make sure.
    for (const GridRing& h : holes) {
      for (const GridPt& p : h) {
        ASSERT_TRUE(WindingNumber(outer, p) != 0 && !OnRing(outer, p));
      }
    }
    Polygon polygon{ToRing(outer, trial % 2 == 0, trial % 3 == 0), {}};
    for (const GridRing& h : holes)
      polygon.holes.push_back(ToRing(h, trial % 2 == 1, trial % 5 == 0));
    // Every point of the grid, vertices and edges included.
    for (std::int64_t x = -1; x <= 42; ++x) {
      for (std::int64_t y = -1; y <= 42; ++y) {
        const GridPt g{x, y};
        const bool expected = OracleContains(outer, holes, g);
        ASSERT_EQ(Contains(polygon, ToLatLon(g)), expected)
            << "trial " << trial << " grid point (" << x << ", " << y << ")";
        ++checked;
        inside += expected;
        boundary +=
            OnRing(outer, g) || std::any_of(holes.begin(), holes.end(),
                                            [&](const GridRing& h) { return OnRing(h, g); });
      }
    }
    // A MultiPolygon of this polygon and a shifted copy of it.
    GridRing shifted = outer;
    for (GridPt& p : shifted)
      p.x += 15;
    const MultiPolygon multi{polygon, Polygon{ToRing(shifted, true, false), {}}};
    for (int k = 0; k < 300; ++k) {
      const GridPt g{std::uniform_int_distribution<std::int64_t>(-2, 60)(rng),
                     std::uniform_int_distribution<std::int64_t>(-2, 42)(rng)};
      const bool expected = OracleContains(outer, holes, g) || OracleContains(shifted, {}, g);
      ASSERT_EQ(Contains(multi, ToLatLon(g)), expected) << "trial " << trial;
    }
  }
  // The grid must actually exercise every outcome.
  EXPECT_GT(inside, checked / 10);
  EXPECT_GT(boundary, 1000);
}

}  // namespace
}  // namespace truceline::core::geo
