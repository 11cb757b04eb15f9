// The evaluator against a brute-force oracle written here from the
// agreement's definition alone, on seeded random agreements and incidents:
// - distance to a line: every segment of every part, sampled every 200 m
//   along its geodesic (GeographicLib), then refined by golden-section
//   search around the best sample (the distance along a geodesic segment is
//   unimodal at these ranges); accurate to ~1e-6 m;
// - zones: an even-odd crossing test of the outer ring and the holes;
// - assets: every asset measured with GeographicLib's Inverse;
// - sides: the sign of the point against the plane through the Earth's
//   centre and the nearest segment's end points (ECEF), skipped within
//   10 m of the line.
// Violations must match exactly; distances within 1e-4 m. Incidents within
// 1e-3 m of a threshold are skipped (never met with these seeds).
// Also: the line index's lower bound against its exact distance.

#include <cmath>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <GeographicLib/Geocentric.hpp>
#include <GeographicLib/Geodesic.hpp>
#include <GeographicLib/GeodesicLine.hpp>
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "rules/evaluator.hpp"
#include "rules/line_index.hpp"
#include "rules_test_util.hpp"

namespace truceline::rules {
namespace {

using core::geo::LatLon;
const GeographicLib::Geodesic& Wgs84() {
  return GeographicLib::Geodesic::WGS84();
}

struct OracleDistance {
  double distance = std::numeric_limits<double>::infinity();
  LatLon a, b;  // the nearest segment's end points
};

double Inverse(LatLon a, LatLon b) {
  double s = 0;
  Wgs84().Inverse(a.lat, a.lon, b.lat, b.lon, s);
  return s;
}

OracleDistance BruteDistance(LatLon p, const core::geo::MultiLineString& parts) {
  OracleDistance best;
  for (const auto& part : parts) {
    for (size_t i = 0; i + 1 < part.size(); ++i) {
      const GeographicLib::GeodesicLine line =
          Wgs84().InverseLine(part[i].lat, part[i].lon, part[i + 1].lat, part[i + 1].lon);
      const double length = line.Distance();
      auto at = [&](double s) {
        LatLon q;
        line.Position(s, q.lat, q.lon);
        return Inverse(p, q);
      };
      const int n = static_cast<int>(std::ceil(length / 200));
      double best_s = 0, best_d = at(0);
      for (int k = 1; k <= n; ++k) {
        const double s = length * k / n;
        const double d = at(s);
        if (d < best_d) {
          best_d = d;
          best_s = s;
        }
      }
      double lo = std::max(0.0, best_s - length / n), hi = std::min(length, best_s + length / n);
      const double phi = (std::sqrt(5.0) - 1) / 2;
      double x1 = hi - phi * (hi - lo), x2 = lo + phi * (hi - lo);
      double f1 = at(x1), f2 = at(x2);
      for (int it = 0; it < 80 && hi - lo > 1e-7; ++it) {
        if (f1 < f2) {
          hi = x2;
          x2 = x1;
          f2 = f1;
          x1 = hi - phi * (hi - lo);
          f1 = at(x1);
        } else {
          lo = x1;
          x1 = x2;
          f1 = f2;
          x2 = lo + phi * (hi - lo);
          f2 = at(x2);
        }
      }
      const double d = std::min({best_d, f1, f2, at(lo), at(hi)});
      if (d < best.distance) best = {d, part[i], part[i + 1]};
    }
  }
  return best;
}

bool InRing(const core::geo::Ring& ring, LatLon p) {
  bool inside = false;
  for (size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
    const LatLon a = ring[i], b = ring[j];
    if ((a.lat > p.lat) != (b.lat > p.lat) &&
        p.lon < (b.lon - a.lon) * (p.lat - a.lat) / (b.lat - a.lat) + a.lon) {
      inside = !inside;
    }
  }
  return inside;
}

bool InPolygon(const core::geo::Polygon& polygon, LatLon p) {
  if (!InRing(polygon.outer, p)) return false;
  for (const auto& hole : polygon.holes) {
    if (InRing(hole, p)) return false;
  }
  return true;
}

// +1 right of a→b, -1 left.
int BruteSide(LatLon p, LatLon a, LatLon b) {
  const GeographicLib::Geocentric& g = GeographicLib::Geocentric::WGS84();
  double ax, ay, az, bx, by, bz, px, py, pz;
  g.Forward(a.lat, a.lon, 0, ax, ay, az);
  g.Forward(b.lat, b.lon, 0, bx, by, bz);
  g.Forward(p.lat, p.lon, 0, px, py, pz);
  const double nx = ay * bz - az * by, ny = az * bx - ax * bz, nz = ax * by - ay * bx;
  return nx * px + ny * py + nz * pz > 0 ? -1 : 1;
}

struct Scenario {
  std::string json;
  core::geo::MultiLineString line;
  core::geo::Polygon zone;
  std::vector<Asset> assets;
};

std::string Coordinates(const std::vector<LatLon>& points) {
  std::string out = "[";
  for (size_t i = 0; i < points.size(); ++i)
    out += fmt::format("{}[{:.6f}, {:.6f}]", i ? ", " : "", points[i].lon, points[i].lat);
  return out + "]";
}

Scenario MakeScenario(std::mt19937_64& rng) {
  std::uniform_real_distribution<double> u(0, 1);
  Scenario s;
  // Two parts, each a random walk of 8 segments of 10-40 km heading
  // roughly south.
  for (int part = 0; part < 2; ++part) {
    // Coordinates are rounded to the 6 decimals the document is written with.
    LatLon p{49.5 - part * 1.8, std::round((35.0 + part * 0.6 + u(rng) * 0.2) * 1e6) / 1e6};
    core::geo::LineString l{p};
    for (int i = 0; i < 8; ++i) {
      double lat2 = 0, lon2 = 0;
      Wgs84().Direct(p.lat, p.lon, 150 + 60 * u(rng), 10'000 + 30'000 * u(rng), lat2, lon2);
      p = {std::round(lat2 * 1e6) / 1e6, std::round(lon2 * 1e6) / 1e6};
      l.push_back(p);
    }
    s.line.push_back(l);
  }
  const double zl = std::round((47.0 + u(rng) * 0.5) * 1e4) / 1e4;
  const double zo = std::round((36.0 + u(rng) * 0.5) * 1e4) / 1e4;
  s.zone.outer = {{zl, zo}, {zl, zo + 1.0}, {zl + 0.6, zo + 1.1}, {zl + 0.7, zo - 0.1}, {zl, zo}};
  s.zone.holes.push_back(
      {{zl + 0.2, zo + 0.3}, {zl + 0.2, zo + 0.6}, {zl + 0.4, zo + 0.6}, {zl + 0.2, zo + 0.3}});
  for (int i = 0; i < 30; ++i) {
    s.assets.push_back({fmt::format("asset-{}", i),
                        i % 3 == 0 ? "port" : "energy",
                        {std::round((46.5 + 3.5 * u(rng)) * 1e6) / 1e6,
                         std::round((34.0 + 3.0 * u(rng)) * 1e6) / 1e6}});
  }
  std::string lines = "[";
  for (size_t i = 0; i < s.line.size(); ++i)
    lines += (i ? ", " : "") + Coordinates(s.line[i]);
  lines += "]";
  std::string features;
  for (size_t i = 0; i < s.assets.size(); ++i) {
    features += fmt::format(
        R"({}{{"type": "Feature", "geometry": {{"type": "Point", "coordinates": [{:.6f}, {:.6f}]}},
            "properties": {{"name": "{}", "category": "{}"}}}})",
        i ? ", " : "", s.assets[i].position.lon, s.assets[i].position.lat, s.assets[i].name,
        s.assets[i].category);
  }
  s.json = fmt::format(R"({{
    "id": "random", "effective_from": "2025-04-01T00:00:00Z",
    "lines": {{"l": {{"type": "MultiLineString", "coordinates": {},
                      "sides": {{"left": "L", "right": "R"}}}}}},
    "zones": {{"z": {{"type": "Polygon", "coordinates": [{}, {}]}}}},
    "assets": {{"a": {{"type": "FeatureCollection", "features": [{}]}}}},
    "clauses": [
      {{"id": "nf", "rule": "no_fire", "families": ["indirect_fire", "small_arms"], "line": "l", "within_km": 15}},
      {{"id": "nfz", "rule": "no_fire", "families": ["air_strike"], "zone": "z"}},
      {{"id": "nflz", "rule": "no_fire", "families": ["small_arms"], "line": "l", "within_km": 40, "zone": "z"}},
      {{"id": "w5", "rule": "withdrawal", "weapon_classes": ["tank"], "line": "l", "min_km": 5}},
      {{"id": "w20", "rule": "withdrawal", "weapon_classes": ["artillery_ge100", "mlrs"], "line": "l", "min_km": 20,
        "effective_from": "2025-06-01T00:00:00Z", "effective_to": "2025-08-01T00:00:00Z"}},
      {{"id": "pt", "rule": "protected_target", "target_categories": ["energy"], "assets": "a", "radius_m": 3000}},
      {{"id": "zp", "rule": "zone_prohibition", "families": ["maritime"], "zone": "z"}},
      {{"id": "nfl", "rule": "no_flight", "zone": "z"}}
    ]}})",
                       lines, Coordinates(s.zone.outer), Coordinates(s.zone.holes[0]), features);
  return s;
}

struct Expected {
  std::string clause{};
  std::optional<double> line_distance{};
  std::string zone{};
  std::string asset{};
  std::optional<double> asset_distance{};
  std::optional<core::WeaponClass> weapon{};
  std::optional<core::TargetCategory> target{};
  int side = 0;
};

// The violations of one incident, from the definitions alone.
std::vector<Expected> Oracle(const Scenario& s, const core::Incident& incident, bool& borderline) {
  const core::IncidentSummary& m = incident.summary;
  const LatLon p{m.lat, m.lon};
  const OracleDistance d = BruteDistance(p, s.line);
  const bool in_zone = InPolygon(s.zone, p);
  const int side = d.distance > 10 ? BruteSide(p, d.a, d.b) : 0;
  for (double limit : {15'000.0, 40'000.0, 5'000.0, 20'000.0}) {
    if (std::fabs(d.distance - limit) < 1e-3) borderline = true;
  }
  const bool sighting = m.family == core::Family::kSighting;
  const int64_t t = core::ToUnixMicros(m.first_at);
  const int64_t june = core::ToUnixMicros(testing::Time("2025-06-01T00:00:00Z"));
  const int64_t august = core::ToUnixMicros(testing::Time("2025-08-01T00:00:00Z"));
  if (t < core::ToUnixMicros(testing::Time("2025-04-01T00:00:00Z"))) return {};
  std::vector<Expected> out;
  auto fam = [&](core::Family f) { return m.family == f; };
  if ((fam(core::Family::kIndirectFire) || fam(core::Family::kSmallArms)) && d.distance <= 15'000) {
    out.push_back({.clause = "nf", .line_distance = d.distance});
  }
  if (fam(core::Family::kAirStrike) && in_zone) out.push_back({.clause = "nfz", .zone = "z"});
  if (fam(core::Family::kSmallArms) && in_zone && d.distance <= 40'000) {
    out.push_back({.clause = "nflz", .line_distance = d.distance, .zone = "z"});
  }
  if (sighting && m.Saw(core::WeaponClass::kTank) && d.distance < 5'000) {
    out.push_back({.clause = "w5",
                   .line_distance = d.distance,
                   .weapon = core::WeaponClass::kTank,
                   .side = side});
  }
  if (sighting && t >= june && t < august && d.distance < 20'000 &&
      (m.Saw(core::WeaponClass::kArtilleryGe100) || m.Saw(core::WeaponClass::kMlrs))) {
    out.push_back({.clause = "w20",
                   .line_distance = d.distance,
                   .weapon = m.Saw(core::WeaponClass::kArtilleryGe100)
                                 ? core::WeaponClass::kArtilleryGe100
                                 : core::WeaponClass::kMlrs,
                   .side = side});
  }
  {
    Expected e{.clause = "pt"};
    bool broken = false;
    if (m.Named(core::TargetCategory::kEnergy)) {
      e.target = core::TargetCategory::kEnergy;
      broken = true;
    }
    double best = std::numeric_limits<double>::infinity();
    for (const Asset& a : s.assets) {
      if (a.category != "energy") continue;
      const double da = Inverse(p, a.position);
      if (std::fabs(da - 3000) < 1e-3) borderline = true;
      if (da <= 3000 && da < best) {
        best = da;
        e.asset = a.name;
        e.asset_distance = da;
      }
    }
    if (e.asset_distance) broken = true;
    if (broken) out.push_back(e);
  }
  if (fam(core::Family::kMaritime) && in_zone) out.push_back({.clause = "zp", .zone = "z"});
  if (in_zone && (fam(core::Family::kAirStrike) || (sighting && m.Saw(core::WeaponClass::kUav)))) {
    Expected e{.clause = "nfl", .zone = "z"};
    if (sighting) e.weapon = core::WeaponClass::kUav;
    out.push_back(e);
  }
  return out;
}

core::Incident RandomIncident(uint64_t id, const Scenario& s, std::mt19937_64& rng) {
  std::uniform_real_distribution<double> u(0, 1);
  core::Incident incident;
  incident.id = id;
  core::IncidentSummary& m = incident.summary;
  // Near a random vertex of the line, in the zone, or near an asset.
  LatLon base;
  const double pick = u(rng);
  if (pick < 0.6) {
    const auto& part = s.line[static_cast<size_t>(u(rng) * 2)];
    base = part[static_cast<size_t>(u(rng) * static_cast<double>(part.size()))];
  } else if (pick < 0.8) {
    base = s.zone.outer[static_cast<size_t>(u(rng) * 4)];
  } else {
    base = s.assets[static_cast<size_t>(u(rng) * 30)].position;
  }
  const double reach = pick < 0.8 ? 50'000 : 5'000;
  Wgs84().Direct(base.lat, base.lon, 360 * u(rng), reach * u(rng), m.lat, m.lon);
  m.family = static_cast<core::Family>(static_cast<int>(u(rng) * 6));
  if (m.family == core::Family::kSighting) {
    m.weapon_classes = 1u << static_cast<unsigned>(u(rng) * 11);
    if (u(rng) < 0.3) m.weapon_classes |= 1u << static_cast<unsigned>(u(rng) * 11);
  }
  if (u(rng) < 0.1) m.target_categories = 1u << static_cast<unsigned>(u(rng) * 6);
  const int64_t from = core::ToUnixMicros(testing::Time("2025-03-20T00:00:00Z"));
  const int64_t span = 180LL * 86'400'000'000LL;
  m.first_at =
      core::FromUnixMicros(from + static_cast<int64_t>(u(rng) * static_cast<double>(span)));
  return incident;
}

TEST(EvaluatorPropertyTest, MatchesTheBruteForceOracle) {
  int violations = 0, compared = 0;
  for (uint64_t seed = 1; seed <= 4; ++seed) {
    std::mt19937_64 rng(seed);
    const Scenario s = MakeScenario(rng);
    const Evaluator evaluator(testing::MustParse(s.json));
    for (uint64_t id = 1; id <= 300; ++id) {
      const core::Incident incident = RandomIncident(id, s, rng);
      bool borderline = false;
      const std::vector<Expected> expected = Oracle(s, incident, borderline);
      if (borderline) continue;
      ++compared;
      const std::vector<Violation> got = evaluator.Evaluate(incident);
      SCOPED_TRACE(fmt::format("seed {} incident {} at {:.6f}, {:.6f} family {}", seed, id,
                               incident.summary.lat, incident.summary.lon,
                               core::FamilyName(incident.summary.family)));
      ASSERT_EQ(got.size(), expected.size());
      for (size_t i = 0; i < got.size(); ++i) {
        const Expected& x = expected[i];
        const Evidence& e = got[i].evidence;
        EXPECT_EQ(got[i].clause_id, x.clause);
        EXPECT_EQ(got[i].incident_id, id);
        EXPECT_EQ(e.line_distance_m.has_value(), x.line_distance.has_value());
        if (x.line_distance && e.line_distance_m) {
          EXPECT_NEAR(*e.line_distance_m, *x.line_distance, 1e-4);
        }
        EXPECT_EQ(e.zone, x.zone);
        EXPECT_EQ(e.asset_name, x.asset);
        if (x.asset_distance) {
          EXPECT_NEAR(e.asset_distance_m.value_or(-1), *x.asset_distance, 1e-6);
        }
        EXPECT_EQ(e.weapon_class, x.weapon);
        EXPECT_EQ(e.target_category, x.target);
        if (x.side != 0) {
          EXPECT_EQ(e.side_of_line, x.side > 0 ? "R" : "L");
        }
        ++violations;
      }
    }
  }
  // The inputs exercise the rules: most incidents are compared, many break
  // something.
  EXPECT_GT(compared, 1100);
  EXPECT_GT(violations, 200);
}

// The grid's bound never exceeds the exact distance, and points it places
// beyond the reach are beyond it (the evaluator's fast rejections rely on
// both).
TEST(LineIndexPropertyTest, LowerBoundNeverExceedsTheDistance) {
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> u(0, 1);
  const Scenario s = MakeScenario(rng);
  const double reach = 30'000;
  const detail::LineIndex index(s.line, reach);
  int near = 0, beyond = 0;
  for (int i = 0; i < 20'000; ++i) {
    const auto& part = s.line[static_cast<size_t>(u(rng) * 2)];
    const LatLon base = part[static_cast<size_t>(u(rng) * static_cast<double>(part.size()))];
    LatLon p;
    Wgs84().Direct(base.lat, base.lon, 360 * u(rng), 80'000 * u(rng), p.lat, p.lon);
    const double bound = index.LowerBoundM(p);
    const double exact = index.Distance(p).distance_m;
    ASSERT_LE(bound, exact) << p.lat << ", " << p.lon;
    if (bound >= reach) {
      ASSERT_GT(exact, reach);
      ++beyond;
    }
    if (exact < reach && bound > exact - 5'000) ++near;
  }
  // The bound is useful: most points within reach get one within 5 km of
  // the truth, and the far ones are rejected outright.
  EXPECT_GT(near, 5'000);
  EXPECT_GT(beyond, 1'000);
}

}  // namespace
}  // namespace truceline::rules
