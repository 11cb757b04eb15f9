#include "core/geo.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>
#include <span>
#include <utility>

#include <GeographicLib/Constants.hpp>
#include <GeographicLib/Geodesic.hpp>
#include <GeographicLib/GeodesicLine.hpp>
#include <GeographicLib/Math.hpp>

namespace truceline::core::geo {

namespace {

using GeographicLib::Geodesic;
using GeographicLib::GeodesicLine;
using GeographicLib::Math;

const double kA = GeographicLib::Constants::WGS84_a<double>();
const double kF = GeographicLib::Constants::WGS84_f<double>();
const double kE2 = kF * (2 - kF);
// Smallest radius of curvature of the ellipsoid (meridional, at the
// equator): b²/a. No geodesic bends more sharply than 1/kRhoMin in space.
const double kRhoMin = kA * (1 - kF) * (1 - kF);
constexpr double kDegree = std::numbers::pi / 180;

// Segments per block in PreparedLine's two-level bound.
constexpr std::size_t kBlock = 16;
// Lower bounds are lowered by this much so that rounding in the 3-D
// arithmetic (~1e-9 m at Earth scale) can never prune the true nearest
// segment; a pruned segment could improve the answer by less than this.
constexpr double kBoundSlack = 1e-4;
// The Newton iteration stops when the step in arc length falls below this
// (the distance is then exact to far below a micrometre).
constexpr double kTolS = 1e-6;

const Geodesic& Wgs84() {
  return Geodesic::WGS84();
}

struct Vec3 {
  double x = 0, y = 0, z = 0;
  Vec3 operator-(const Vec3& o) const { return {x - o.x, y - o.y, z - o.z}; }
  Vec3 operator+(const Vec3& o) const { return {x + o.x, y + o.y, z + o.z}; }
  Vec3 operator*(double k) const { return {x * k, y * k, z * k}; }
  double Dot(const Vec3& o) const { return x * o.x + y * o.y + z * o.z; }
  double Norm() const { return std::sqrt(Dot(*this)); }
};

// Earth-centred, Earth-fixed coordinates of a point on the ellipsoid surface.
Vec3 Ecef(LatLon p) {
  double sphi = 0, cphi = 0, slam = 0, clam = 0;
  Math::sincosd(p.lat, sphi, cphi);
  Math::sincosd(p.lon, slam, clam);
  const double n = kA / std::sqrt(1 - kE2 * sphi * sphi);
  return {n * cphi * clam, n * cphi * slam, n * (1 - kE2) * sphi};
}

// Radius of a capsule around the chord of length `c` that holds a geodesic
// segment of length at most `s`: the segment lies in the prolate spheroid
// {x : |x-a| + |x-b| <= s} (chords never exceed arcs), whose semi-minor axis
// sqrt(s² - c²)/2 also bounds its overhang beyond the ends. The 1e-6 m added
// to s - c absorbs rounding in both lengths.
double CapsuleRadius(double s, double c) {
  const double d = std::max(0.0, s - c) + 1e-6;
  return 0.5 * std::sqrt(d * (s + c));
}

// An upper bound on the length of the geodesic with chord `c`, without
// solving it: a space curve of curvature <= 1/kRhoMin has chord
// >= 2ρ·sin(s/2ρ) (Schur's comparison theorem, for s <= πρ). Infinity for
// chords above 10,000 km, where this is not needed.
double GeodesicLengthBound(double c) {
  if (c > 1e7) return std::numeric_limits<double>::infinity();
  return 2 * kRhoMin * std::asin(c / (2 * kRhoMin)) * (1 + 1e-12) + 1e-6;
}

// Meridional radius of curvature M and parallel radius N·cos φ at latitude
// `lat` (degrees), metres.
double MeridionalRadius(double lat) {
  const double sphi = std::sin(lat * kDegree);
  const double w2 = 1 - kE2 * sphi * sphi;
  return kA * (1 - kE2) / (w2 * std::sqrt(w2));
}
double ParallelRadius(double lat) {
  const double sphi = std::sin(lat * kDegree);
  return kA * std::cos(lat * kDegree) / std::sqrt(1 - kE2 * sphi * sphi);
}

constexpr unsigned kLineCaps = Geodesic::LATITUDE | Geodesic::LONGITUDE | Geodesic::AZIMUTH |
                               Geodesic::DISTANCE | Geodesic::DISTANCE_IN;

struct Segment {
  Vec3 a;                 // ECEF of the first vertex
  Vec3 ab;                // ECEF of the second vertex minus the first
  double inv_ab2 = 0;     // 1/|ab|², 0 for a point
  double radius = 0;      // capsule radius, metres
  LatLon pa, pb;          // end points
  std::size_t line = 0;   // LineString index
  std::size_t index = 0;  // segment index within its LineString

  // Distance from `p` to the segment's chord, minus the capsule radius: a
  // lower bound on the geodesic distance from p to any point of the segment.
  double LowerBound(const Vec3& p) const {
    const Vec3 ap = p - a;
    const double t = std::clamp(ap.Dot(ab) * inv_ab2, 0.0, 1.0);
    return (ap - ab * t).Norm() - radius - kBoundSlack;
  }
  // Where the projection of `p` falls along the chord, in [0, 1]: the
  // starting guess for the exact solve.
  double ChordFraction(const Vec3& p) const {
    return std::clamp((p - a).Dot(ab) * inv_ab2, 0.0, 1.0);
  }
};

struct Block {
  Vec3 center;
  double radius = 0;  // every capsule of the block lies in this ball
  std::size_t begin = 0, end = 0;
};

struct Nearest {
  double distance = std::numeric_limits<double>::infinity();
  LatLon point;
};

// The exact nearest point to `p` on the geodesic segment `line` of length
// `s12`, starting from arc length `s0`.
//
// Hand-written because no library we have solves it exactly: GeographicLib
// offers the tools but not the function (its "intercept" is an example
// program), and Boost.Geometry's geographic cross-track strategies use
// approximate inverse formulas (Andoyer/Thomas), far from the 1 cm target.
//
// Along the segment, the squared distance g(s) = f(s)²/2 has g' = f·cos(Δ)
// and g'' = cos²Δ + f·sin²Δ·M21/m12, where Δ is the angle at the moving point
// between the segment and the geodesic from p (first variation), and M21/m12
// is the geodesic curvature of the circle of radius f about p. g is convex
// while f stays below ~10,000 km. Newton's method on g, kept inside a
// shrinking bracket [lo, hi] (bisection when a step leaves it), converges
// quadratically; the end points are tried when a step points past them.
Nearest SolveSegment(const GeodesicLine& line, double s12, LatLon p, double s0) {
  const Geodesic& g = Wgs84();
  Nearest best;
  double lo = 0, hi = s12;
  double s = std::clamp(s0, lo, hi);
  bool tried_lo_end = false, tried_hi_end = false;
  for (int iter = 0; iter < 100; ++iter) {
    if (s == 0) tried_lo_end = true;
    if (s == s12) tried_hi_end = true;
    double lat = 0, lon = 0, azi_line = 0;
    line.Position(s, lat, lon, azi_line);
    double f = 0, azi1 = 0, azi2 = 0, m12 = 0, big_m12 = 0, big_m21 = 0, area = 0;
    g.GenInverse(
        p.lat, p.lon, lat, lon,
        Geodesic::DISTANCE | Geodesic::AZIMUTH | Geodesic::REDUCEDLENGTH | Geodesic::GEODESICSCALE,
        f, azi1, azi2, m12, big_m12, big_m21, area);
    if (f < best.distance) best = {f, {lat, lon}};
    if (f < 1e-9) break;  // on the segment; the azimuths are meaningless here
    double sin_d = 0, cos_d = 0;
    Math::sincosd(azi_line - azi2, sin_d, cos_d);
    const double gp = f * cos_d;
    if (gp > 0) {
      hi = s;
    } else if (gp < 0) {
      lo = s;
    } else {
      break;
    }
    if (hi - lo <= kTolS) break;
    const double gpp = cos_d * cos_d + f * sin_d * sin_d * big_m21 / m12;
    double next = (gpp > 0 && std::isfinite(gpp)) ? s - gp / gpp : 0.5 * (lo + hi);
    if (std::abs(next - s) <= kTolS) break;
    if (!(next > lo && next < hi)) {
      if (next <= lo && lo == 0 && !tried_lo_end) {
        next = 0;
      } else if (next >= hi && hi == s12 && !tried_hi_end) {
        next = s12;
      } else {
        next = 0.5 * (lo + hi);
      }
    }
    s = next;
  }
  return best;
}

// The segments of a set of polylines with their geodesics and 3-D bounds:
// the engine behind PreparedLine.
class SegmentSet {
 public:
  explicit SegmentSet(std::span<const LineString> lines) {
    std::size_t count = 0;
    for (const LineString& l : lines) {
      count += l.empty() ? 0 : std::max<std::size_t>(1, l.size() - 1);
    }
    segments_.reserve(count);
    geodesics_.reserve(count);
    for (std::size_t li = 0; li < lines.size(); ++li) {
      const LineString& l = lines[li];
      if (l.empty()) continue;
      Vec3 prev = Ecef(l[0]);
      if (l.size() == 1) {
        Add(l[0], l[0], prev, prev, li, 0);
        continue;
      }
      for (std::size_t i = 0; i + 1 < l.size(); ++i) {
        const Vec3 next = Ecef(l[i + 1]);
        Add(l[i], l[i + 1], prev, next, li, i);
        prev = next;
      }
    }
    for (std::size_t begin = 0; begin < segments_.size(); begin += kBlock) {
      Block b;
      b.begin = begin;
      b.end = std::min(segments_.size(), begin + kBlock);
      Vec3 sum;
      // The mean of the end points; any centre would do, a central one keeps
      // the ball small.
      for (std::size_t i = b.begin; i < b.end; ++i) {
        sum = sum + segments_[i].a * 2 + segments_[i].ab;
      }
      b.center = sum * (1.0 / (2.0 * static_cast<double>(b.end - b.begin)));
      for (std::size_t i = b.begin; i < b.end; ++i) {
        const Segment& s = segments_[i];
        const double reach =
            std::max((s.a - b.center).Norm(), (s.a + s.ab - b.center).Norm()) + s.radius;
        b.radius = std::max(b.radius, reach);
      }
      b.radius = b.radius * (1 + 1e-12) + 1e-6;
      blocks_.push_back(b);
    }
  }

  std::size_t size() const { return segments_.size(); }

  LineDistance Query(LatLon p) const {
    LineDistance best;
    if (segments_.empty()) return best;
    const Vec3 pe = Ecef(p);
    // Blocks in order of their lower bound; the first ones visited usually
    // give a best distance that prunes every other block at once.
    constexpr std::size_t kStackBlocks = 64;
    std::array<std::pair<double, std::size_t>, kStackBlocks> stack_order;
    std::vector<std::pair<double, std::size_t>> heap_order;
    std::pair<double, std::size_t>* order = stack_order.data();
    if (blocks_.size() > kStackBlocks) {
      heap_order.resize(blocks_.size());
      order = heap_order.data();
    }
    for (std::size_t i = 0; i < blocks_.size(); ++i) {
      order[i] = {(pe - blocks_[i].center).Norm() - blocks_[i].radius - kBoundSlack, i};
    }
    std::sort(order, order + blocks_.size());
    for (std::size_t bi = 0; bi < blocks_.size(); ++bi) {
      if (order[bi].first >= best.distance_m) break;
      const Block& block = blocks_[order[bi].second];
      std::array<std::pair<double, std::size_t>, kBlock> segs;
      std::size_t n = 0;
      for (std::size_t i = block.begin; i < block.end; ++i) {
        segs[n++] = {segments_[i].LowerBound(pe), i};
      }
      std::sort(segs.begin(), segs.begin() + static_cast<std::ptrdiff_t>(n));
      for (std::size_t k = 0; k < n; ++k) {
        if (segs[k].first >= best.distance_m) break;
        const std::size_t i = segs[k].second;
        const Nearest r = Solve(i, p, pe);
        if (r.distance < best.distance_m) {
          best = {r.distance, r.point, segments_[i].line, segments_[i].index};
        }
      }
    }
    return best;
  }

 private:
  void Add(LatLon pa, LatLon pb, const Vec3& a, const Vec3& b, std::size_t line,
           std::size_t index) {
    Segment s;
    s.a = a;
    s.ab = b - a;
    const double c2 = s.ab.Dot(s.ab);
    s.inv_ab2 = c2 > 0 ? 1 / c2 : 0;
    const double c = std::sqrt(c2);
    s.pa = pa;
    s.pb = pb;
    s.line = line;
    s.index = index;
    geodesics_.push_back(Wgs84().InverseLine(pa.lat, pa.lon, pb.lat, pb.lon, kLineCaps));
    s.radius = CapsuleRadius(geodesics_.back().Distance(), c);
    segments_.push_back(s);
  }

  Nearest Solve(std::size_t i, LatLon p, const Vec3& pe) const {
    const Segment& s = segments_[i];
    if (s.pa == s.pb) return {DistanceM(p, s.pa), s.pa};
    const GeodesicLine& line = geodesics_[i];
    return SolveSegment(line, line.Distance(), p, s.ChordFraction(pe) * line.Distance());
  }

  std::vector<Segment> segments_;
  std::vector<GeodesicLine> geodesics_;  // parallel to segments_
  std::vector<Block> blocks_;
};

// Longitude difference x - ref reduced to [-180, 180] (cheaply when it
// already is).
double LonDiff(double x, double ref) {
  const double d = x - ref;
  return (d >= -180 && d <= 180) ? d : std::remainder(d, 360.0);
}

// Exact nearest point of the geodesic a-b to p, with the starting guess
// taken from a local equirectangular projection around p.
Nearest SolveUnprepared(LatLon a, LatLon b, LatLon p) {
  if (a == b) return {DistanceM(p, a), a};
  const GeodesicLine line = Wgs84().InverseLine(a.lat, a.lon, b.lat, b.lon, kLineCaps);
  const double kx = std::cos(p.lat * kDegree);
  const double ax = LonDiff(a.lon, p.lon) * kx, ay = a.lat - p.lat;
  const double dx = LonDiff(b.lon, a.lon) * kx, dy = b.lat - a.lat;
  const double d2 = dx * dx + dy * dy;
  const double t = d2 > 0 ? std::clamp(-(ax * dx + ay * dy) / d2, 0.0, 1.0) : 0.0;
  return SolveSegment(line, line.Distance(), p, t * line.Distance());
}

// DistanceToLine without preparation, O(vertices) with no trigonometry per
// vertex except for the few segments that pass the first bound. The nearest vertex by a planar
// estimate gives a first exact distance `best`; then each segment is bounded from below in lon/lat
// and solved only if the bound is under `best`.
//
// The bound: a path shorter than `best` stays within the latitude band
// p.lat ± best/kRhoMin (ds >= M dφ >= kRhoMin dφ), where the parallel radius
// is at least r = a·cos(φ_far); with ds² >= kRhoMin² dφ² + r² dλ², its length
// is at least sqrt((kRhoMin·Δφ)² + (r·Δλ)²) for the lat/lon gaps Δφ, Δλ from
// p to the segment's box (Minkowski's inequality). The box: longitude is
// monotonic along a geodesic (Clairaut: sin α keeps its sign), so the end
// points give its range; latitude may bulge poleward past the end points
// by at most ~Δλ²/16 radians (sphere: π/2 - 2·atan(sqrt(cos(Δλ/2))), the
// ellipsoid adds ~1 %), widened here to Δλ²/8 for segments spanning at most
// 30° of longitude and to the poles beyond that. This bound is ~1 % loose;
// segments passing it meet the 3-D capsule bound of PreparedLine, with the
// segment length bounded from its chord instead of solved.
LineDistance DistanceUnprepared(LatLon p, std::span<const LineString> lines) {
  LineDistance best;
  const double kx = std::cos(p.lat * kDegree);
  std::size_t near_line = kNoIndex, near_vertex = 0;
  double near_d2 = std::numeric_limits<double>::infinity();
  for (std::size_t li = 0; li < lines.size(); ++li) {
    for (std::size_t i = 0; i < lines[li].size(); ++i) {
      const double dy = lines[li][i].lat - p.lat;
      const double dx = LonDiff(lines[li][i].lon, p.lon) * kx;
      const double d2 = dx * dx + dy * dy;
      if (d2 < near_d2) {
        near_d2 = d2;
        near_line = li;
        near_vertex = i;
      }
    }
  }
  if (near_line == kNoIndex) return best;

  auto solve = [&](std::size_t li, std::size_t si) {
    const LineString& l = lines[li];
    const Nearest r = SolveUnprepared(l[si], l[l.size() == 1 ? si : si + 1], p);
    if (r.distance < best.distance_m) best = {r.distance, r.point, li, si};
  };
  // The segments around the nearest vertex; remembered so as not to solve
  // them twice.
  const std::size_t n0 = lines[near_line].size();
  const std::size_t first_done = near_vertex > 0 ? near_vertex - 1 : 0;
  const std::size_t last_done = n0 == 1 ? 0 : std::min(near_vertex, n0 - 2);
  for (std::size_t si = first_done; si <= last_done; ++si)
    solve(near_line, si);

  // Smallest meridional and parallel radii a path shorter than `best` can
  // meet: M grows and N·cos φ shrinks with |φ|.
  const double band = best.distance_m / kRhoMin / kDegree;
  const double band_lo = p.lat - band, band_hi = p.lat + band;
  const double lat_near =
      (band_lo <= 0 && band_hi >= 0) ? 0.0 : std::min(std::abs(band_lo), std::abs(band_hi));
  const double lat_far = std::max(std::abs(band_lo), std::abs(band_hi));
  const double m_min = MeridionalRadius(lat_near) * (1 - 1e-12);
  const double r_min = lat_far >= 90 ? 0.0 : ParallelRadius(lat_far) * (1 - 1e-12);
  const double m_deg = m_min * kDegree, r_deg = r_min * kDegree;  // metres per degree
  const Vec3 pe = Ecef(p);
  for (std::size_t li = 0; li < lines.size(); ++li) {
    const LineString& l = lines[li];
    const std::size_t nseg = l.size() <= 1 ? l.size() : l.size() - 1;
    for (std::size_t si = 0; si < nseg; ++si) {
      if (li == near_line && si >= first_done && si <= last_done) continue;
      const LatLon a = l[si], b = l[l.size() == 1 ? si : si + 1];
      double lon_lo = a.lon, lon_hi = b.lon;
      if (lon_lo > lon_hi) std::swap(lon_lo, lon_hi);
      const double span = lon_hi - lon_lo;
      double lat_gap = 0, lon_gap = 0;
      if (span <= 30) {
        const double span_rad = span * kDegree;
        const double bulge = span_rad * span_rad / 8 / kDegree;
        const double lat_lo = std::min(a.lat, b.lat) - bulge;
        const double lat_hi = std::max(a.lat, b.lat) + bulge;
        lat_gap = std::max({0.0, lat_lo - p.lat, p.lat - lat_hi});
        const double x = lon_lo + LonDiff(p.lon, lon_lo);  // in [lo - 180, lo + 180]
        if (x < lon_lo) {
          lon_gap = std::min(lon_lo - x, x + 360 - lon_hi);
        } else if (x > lon_hi) {
          lon_gap = std::min(x - lon_hi, lon_lo + 360 - x);
        }
      }
      const double lb_lat = m_deg * lat_gap, lb_lon = r_deg * lon_gap;
      const double limit = best.distance_m + kBoundSlack;
      if (lb_lat * lb_lat + lb_lon * lb_lon >= limit * limit) continue;
      // Second, tighter filter (as PreparedLine's, ~0.1 µs): the 3-D capsule
      // around the chord, sized from an upper bound on the segment length.
      Segment seg;
      seg.a = Ecef(a);
      seg.ab = Ecef(b) - seg.a;
      const double c2 = seg.ab.Dot(seg.ab);
      seg.inv_ab2 = c2 > 0 ? 1 / c2 : 0;
      const double c = std::sqrt(c2);
      seg.radius = CapsuleRadius(GeodesicLengthBound(c), c);
      if (seg.LowerBound(pe) >= best.distance_m) continue;
      solve(li, si);
    }
  }
  return best;
}

// +1 strictly inside, 0 on the ring, -1 strictly outside; edges straight in
// lon/lat. Crossing-number test with a half-open rule at vertices, where the
// side of the crossing is read off the same orientation determinant as the
// on-edge test, so the two can never disagree.
//
// Hand-written rather than Boost.Geometry's covered_by: that needs our rings
// copied into its types (or registered as them) and fixed closure and
// orientation, while ours takes open or closed rings either way round; and
// measured here (-O2, random points near a star polygon) covered_by on
// pre-converted polygons took 210 ns vs 99 ns (50 vertices) and 4.7 µs vs
// 1.9 µs (1,000 vertices), with identical answers.
int RingSide(const Ring& ring, LatLon p) {
  std::size_t n = ring.size();
  if (n > 1 && ring.front() == ring.back()) --n;
  if (n == 0) return -1;
  const double x = p.lon, y = p.lat;
  bool inside = false;
  for (std::size_t i = 0; i < n; ++i) {
    const LatLon& a = ring[i];
    const LatLon& b = ring[i + 1 == n ? 0 : i + 1];
    const double cross = (b.lon - a.lon) * (y - a.lat) - (b.lat - a.lat) * (x - a.lon);
    if (cross == 0 && x >= std::min(a.lon, b.lon) && x <= std::max(a.lon, b.lon) &&
        y >= std::min(a.lat, b.lat) && y <= std::max(a.lat, b.lat)) {
      return 0;
    }
    if ((a.lat > y) != (b.lat > y)) {
      // The edge crosses the parallel through p; count it if the crossing is
      // east of p, i.e. p is left of an upward edge or right of a downward one.
      if (b.lat > a.lat ? cross > 0 : cross < 0) inside = !inside;
    }
  }
  return inside ? 1 : -1;
}

}  // namespace

void BBox::Extend(LatLon p) {
  min_lat = std::min(min_lat, p.lat);
  max_lat = std::max(max_lat, p.lat);
  min_lon = std::min(min_lon, p.lon);
  max_lon = std::max(max_lon, p.lon);
}

void BBox::Extend(const BBox& o) {
  if (o.Empty()) return;
  min_lat = std::min(min_lat, o.min_lat);
  max_lat = std::max(max_lat, o.max_lat);
  min_lon = std::min(min_lon, o.min_lon);
  max_lon = std::max(max_lon, o.max_lon);
}

BBox BBoxOf(LatLon p) {
  BBox b;
  b.Extend(p);
  return b;
}

BBox BBoxOf(const LineString& line) {
  BBox box;
  for (std::size_t i = 0; i < line.size(); ++i) {
    box.Extend(line[i]);
    if (i + 1 == line.size()) break;
    const LatLon a = line[i], b = line[i + 1];
    double s12 = 0, azi1 = 0, azi2 = 0;
    Wgs84().Inverse(a.lat, a.lon, b.lat, b.lon, s12, azi1, azi2);
    const bool north_then_south = std::cos(azi1 * kDegree) > 0 && std::cos(azi2 * kDegree) < 0;
    const bool south_then_north = std::cos(azi1 * kDegree) < 0 && std::cos(azi2 * kDegree) > 0;
    if (!north_then_south && !south_then_north) continue;
    // The segment passes a vertex of its geodesic (the point nearest a pole).
    // Clairaut: cos(β)·sin(α) is constant along it, β the reduced latitude,
    // and |α| = 90° at the vertex.
    double sphi = 0, cphi = 0, salp = 0, calp = 0;
    Math::sincosd(a.lat, sphi, cphi);
    Math::sincosd(azi1, salp, calp);
    const double beta1 = std::atan2((1 - kF) * sphi, cphi);
    const double cos_beta_v = std::min(1.0, std::abs(std::cos(beta1) * salp));
    const double sin_beta_v = std::sqrt(1 - cos_beta_v * cos_beta_v);
    const double lat_v = std::atan2(sin_beta_v, (1 - kF) * cos_beta_v) / kDegree;
    box.Extend(LatLon{north_then_south ? lat_v : -lat_v, a.lon});
  }
  return box;
}

BBox BBoxOf(const MultiLineString& lines) {
  BBox box;
  for (const LineString& l : lines)
    box.Extend(BBoxOf(l));
  return box;
}

BBox BBoxOfRing(const Ring& ring) {
  BBox box;
  for (const LatLon& p : ring)
    box.Extend(p);
  return box;
}

BBox BBoxOf(const Polygon& polygon) {
  // Holes lie inside the outer ring.
  return BBoxOfRing(polygon.outer);
}

BBox BBoxOf(const MultiPolygon& polygons) {
  BBox box;
  for (const Polygon& p : polygons)
    box.Extend(BBoxOf(p));
  return box;
}

double DistanceM(LatLon a, LatLon b) {
  double s12 = 0;
  Wgs84().Inverse(a.lat, a.lon, b.lat, b.lon, s12);
  return s12;
}

struct PreparedLine::Impl {
  explicit Impl(std::span<const LineString> lines) : segments(lines) {}
  SegmentSet segments;
};

PreparedLine::PreparedLine(const LineString& line)
    : impl_(std::make_shared<const Impl>(std::span<const LineString>(&line, 1))) {}

PreparedLine::PreparedLine(const MultiLineString& lines)
    : impl_(std::make_shared<const Impl>(lines)) {}

LineDistance PreparedLine::Distance(LatLon p) const {
  return impl_->segments.Query(p);
}

std::size_t PreparedLine::SegmentCount() const {
  return impl_->segments.size();
}

LineDistance DistanceToLine(LatLon p, const LineString& line) {
  return DistanceUnprepared(p, std::span<const LineString>(&line, 1));
}

LineDistance DistanceToLine(LatLon p, const MultiLineString& lines) {
  return DistanceUnprepared(p, lines);
}

bool Contains(const Polygon& polygon, LatLon p) {
  const int outer = RingSide(polygon.outer, p);
  if (outer <= 0) return outer == 0;
  for (const Ring& hole : polygon.holes) {
    const int side = RingSide(hole, p);
    if (side == 0) return true;
    if (side > 0) return false;
  }
  return true;
}

bool Contains(const MultiPolygon& polygons, LatLon p) {
  return std::any_of(polygons.begin(), polygons.end(),
                     [&](const Polygon& polygon) { return Contains(polygon, p); });
}

double DistanceToPolygonBoundaryM(LatLon p, const Polygon& polygon) {
  MultiLineString rings;
  rings.reserve(1 + polygon.holes.size());
  auto add = [&rings](const Ring& r) {
    if (r.empty()) return;
    rings.push_back(r);
    if (r.size() > 1 && !(r.front() == r.back())) rings.back().push_back(r.front());
  };
  add(polygon.outer);
  for (const Ring& hole : polygon.holes)
    add(hole);
  return DistanceToLine(p, rings).distance_m;
}

}  // namespace truceline::core::geo
