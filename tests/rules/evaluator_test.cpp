// Scenario tests of the evaluator on a hand-drawn map: a two-part line, a
// zone with a hole, two assets, and incidents placed by hand (distances
// with GeographicLib's Direct problem), with the exact violations expected.
//
//   lon 30.0                lon 31.0   32.0
//   49.0  |  part 0 of "front", heading south
//         |                 * Plant B (48.6, 31.0), category port
//   48.5  F                 * Plant A (48.5, 31.0), category energy
//   48.0  |
//   47.5                    +===========+  part 1 of "front", heading east
//
//   46.5                    +-----------+  zone "sea": lon 31..32, lat 46..46.5
//                           |   [hole]  |  hole: lon 31.4..31.6, lat 46.2..46.3
//   46.0                    +-----------+
//
// Sides of "front": left "side L", right "side R", looking along each part
// (part 0 heads south: west is right; part 1 heads east: south is right).

#include "rules/evaluator.hpp"

#include <cmath>
#include <string>
#include <vector>

#include <GeographicLib/Geodesic.hpp>
#include <GeographicLib/GeodesicLine.hpp>
#include <gtest/gtest.h>

#include "core/geo.hpp"
#include "fusion/fusion.hpp"
#include "rules_test_util.hpp"

namespace truceline::rules {
namespace {

using core::Family;
using core::WeaponClass;
using core::geo::LatLon;
using testing::MakeIncident;
using testing::MustParse;
using testing::Sighting;

constexpr std::string_view kMap = R"({
  "id": "map", "effective_from": "2025-04-01T00:00:00+03:00", "timezone": "Europe/Kyiv",
  "lines": {
    "front": {"type": "MultiLineString", "coordinates": [[[30, 49], [30, 48]], [[31, 47.5], [32, 47.5]]],
              "sides": {"left": "side L", "right": "side R"}}
  },
  "zones": {
    "sea": {"type": "Polygon", "coordinates": [
      [[31, 46], [32, 46], [32, 46.5], [31, 46.5], [31, 46]],
      [[31.4, 46.2], [31.6, 46.2], [31.6, 46.3], [31.4, 46.3], [31.4, 46.2]]]}
  },
  "assets": {
    "plants": {"type": "FeatureCollection", "features": [
      {"type": "Feature", "geometry": {"type": "Point", "coordinates": [31, 48.5]},
       "properties": {"name": "Plant A", "category": "energy"}},
      {"type": "Feature", "geometry": {"type": "Point", "coordinates": [31, 48.6]},
       "properties": {"name": "Plant B", "category": "port"}}]}
  },
  "clauses": [
    {"id": "1", "rule": "no_fire", "families": ["indirect_fire", "small_arms"], "line": "front", "within_km": 10},
    {"id": "2", "rule": "withdrawal", "weapon_classes": ["artillery_ge100"], "line": "front", "min_km": 25},
    {"id": "3", "rule": "protected_target", "target_categories": ["energy"], "assets": "plants", "radius_m": 2000},
    {"id": "4", "rule": "zone_prohibition", "families": ["maritime"], "zone": "sea"},
    {"id": "5", "rule": "no_flight", "zone": "sea"},
    {"id": "6", "rule": "no_fire", "families": ["air_strike"], "zone": "sea", "effective_from": "2025-06-01T00:00:00Z"}
  ]
})";

const Evaluator& Map() {
  static const Evaluator* evaluator = new Evaluator(MustParse(kMap));
  return *evaluator;
}

// The point `s` metres from `from` along azimuth `azi` (degrees).
LatLon Direct(LatLon from, double azi, double s) {
  LatLon out;
  GeographicLib::Geodesic::WGS84().Direct(from.lat, from.lon, azi, s, out.lat, out.lon);
  return out;
}

// The clause ids of the violations, in order.
std::vector<std::string> Clauses(const std::vector<Violation>& violations) {
  std::vector<std::string> out;
  for (const Violation& v : violations)
    out.push_back(v.clause_id);
  return out;
}

using Ids = std::vector<std::string>;

constexpr LatLon kF{48.5, 30};  // on part 0, which heads south (azimuth 180)

TEST(EvaluatorScenarioTest, WithdrawalJustInsideExactlyAndJustOutside) {
  // West of F, perpendicular to the meridian: the nearest point is F.
  const LatLon inside = Direct(kF, 270, 25'000 - 1e-3);
  const LatLon exactly = Direct(kF, 270, 25'000);
  const LatLon outside = Direct(kF, 270, 25'000 + 1e-3);
  const auto v_inside =
      Map().Evaluate(Sighting(1, WeaponClass::kArtilleryGe100, inside.lat, inside.lon));
  ASSERT_EQ(Clauses(v_inside), Ids{"2"});
  const Evidence& e = v_inside[0].evidence;
  EXPECT_EQ(v_inside[0].rule, RuleType::kWithdrawal);
  EXPECT_NEAR(*e.line_distance_m, 25'000 - 1e-3, 1e-6);
  EXPECT_EQ(e.line, "front");
  EXPECT_EQ(e.limit_m, 25'000);
  EXPECT_EQ(e.weapon_class, WeaponClass::kArtilleryGe100);
  EXPECT_EQ(e.side_of_line, "side R");  // west of a line heading south
  EXPECT_FALSE(e.asset_distance_m);
  EXPECT_TRUE(e.zone.empty());
  // Exactly at min_km is not a violation ("strictly less than"). Floating
  // point cannot place a point at exactly 25 km, so "exactly" is the first
  // longitude, stepping west from Direct's point one representable value at
  // a time, whose measured distance is >= 25,000 m; the one before it
  // measures less and violates.
  const core::geo::PreparedLine front(core::geo::MultiLineString{{{49, 30}, {48, 30}}});
  LatLon at = exactly;
  while (front.Distance(at).distance_m < 25'000)
    at.lon = std::nextafter(at.lon, -180.0);
  LatLon before = at;
  before.lon = std::nextafter(at.lon, 180.0);
  EXPECT_NEAR(front.Distance(at).distance_m, 25'000, 1e-9);
  ASSERT_LT(front.Distance(before).distance_m, 25'000);
  EXPECT_TRUE(Map().Evaluate(Sighting(2, WeaponClass::kArtilleryGe100, at.lat, at.lon)).empty());
  EXPECT_EQ(
      Clauses(Map().Evaluate(Sighting(2, WeaponClass::kArtilleryGe100, before.lat, before.lon))),
      Ids{"2"});
  EXPECT_TRUE(
      Map().Evaluate(Sighting(3, WeaponClass::kArtilleryGe100, outside.lat, outside.lon)).empty());
}

TEST(EvaluatorScenarioTest, SightingSidesAndUnlistedClasses) {
  const LatLon east = Direct(kF, 90, 20'000);
  const auto v = Map().Evaluate(Sighting(1, WeaponClass::kArtilleryGe100, east.lat, east.lon));
  ASSERT_EQ(Clauses(v), Ids{"2"});
  EXPECT_EQ(v[0].evidence.side_of_line, "side L");
  // A tank is not listed by clause 2; a uav outside the zone breaks nothing.
  EXPECT_TRUE(Map().Evaluate(Sighting(2, WeaponClass::kTank, east.lat, east.lon)).empty());
  EXPECT_TRUE(Map().Evaluate(Sighting(3, WeaponClass::kUav, east.lat, east.lon)).empty());
}

TEST(EvaluatorScenarioTest, NoFireWithinTheLineDistanceInclusive) {
  const LatLon in = Direct(kF, 90, 10'000 - 1e-3);
  const LatLon out = Direct(kF, 90, 10'000 + 1e-3);
  const auto v = Map().Evaluate(MakeIncident(1, Family::kIndirectFire, in.lat, in.lon));
  ASSERT_EQ(Clauses(v), Ids{"1"});
  EXPECT_NEAR(*v[0].evidence.line_distance_m, 10'000 - 1e-3, 1e-6);
  EXPECT_EQ(v[0].evidence.limit_m, 10'000);
  // Only sightings get a side.
  EXPECT_TRUE(v[0].evidence.side_of_line.empty());
  EXPECT_TRUE(Map().Evaluate(MakeIncident(2, Family::kIndirectFire, out.lat, out.lon)).empty());
  // On the line itself.
  const auto on = Map().Evaluate(MakeIncident(3, Family::kSmallArms, kF.lat, kF.lon));
  ASSERT_EQ(Clauses(on), Ids{"1"});
  EXPECT_NEAR(*on[0].evidence.line_distance_m, 0, 1e-6);
  // Families not listed.
  EXPECT_TRUE(Map().Evaluate(MakeIncident(4, Family::kAirStrike, in.lat, in.lon)).empty());
  EXPECT_TRUE(Map().Evaluate(MakeIncident(5, Family::kOther, in.lat, in.lon)).empty());
}

TEST(EvaluatorScenarioTest, MultiPartLineMeasuresTheNearestPart) {
  // Half-way along part 1 (a geodesic from 31 E to 32 E at 47.5 N, which
  // bulges north of the parallel), 5 km to its right (south).
  const GeographicLib::GeodesicLine part1 =
      GeographicLib::Geodesic::WGS84().InverseLine(47.5, 31, 47.5, 32);
  LatLon mid;
  double azi = 0;
  part1.Position(part1.Distance() / 2, mid.lat, mid.lon, azi);
  const LatLon south = Direct(mid, azi + 90, 5'000);
  const auto fire = Map().Evaluate(MakeIncident(1, Family::kIndirectFire, south.lat, south.lon));
  ASSERT_EQ(Clauses(fire), Ids{"1"});
  EXPECT_NEAR(*fire[0].evidence.line_distance_m, 5'000, 1e-6);
  const auto seen = Map().Evaluate(Sighting(2, WeaponClass::kArtilleryGe100, south.lat, south.lon));
  ASSERT_EQ(Clauses(seen), Ids{"2"});
  EXPECT_EQ(seen[0].evidence.side_of_line, "side R");
  const LatLon north = Direct(mid, azi - 90, 24'000);
  const auto seen_north =
      Map().Evaluate(Sighting(3, WeaponClass::kArtilleryGe100, north.lat, north.lon));
  ASSERT_EQ(Clauses(seen_north), Ids{"2"});
  EXPECT_NEAR(*seen_north[0].evidence.line_distance_m, 24'000, 1e-6);
  EXPECT_EQ(seen_north[0].evidence.side_of_line, "side L");
}

TEST(EvaluatorScenarioTest, ZoneWithHole) {
  // Inside the hole: not in the zone.
  EXPECT_TRUE(Map().Evaluate(MakeIncident(1, Family::kMaritime, 46.25, 31.5)).empty());
  const auto in = Map().Evaluate(MakeIncident(2, Family::kMaritime, 46.1, 31.2));
  ASSERT_EQ(Clauses(in), Ids{"4"});
  EXPECT_EQ(in[0].evidence.zone, "sea");
  EXPECT_FALSE(in[0].evidence.line_distance_m);
  // Boundaries belong to the zone, the hole's too.
  EXPECT_EQ(Clauses(Map().Evaluate(MakeIncident(3, Family::kMaritime, 46.0, 31.5))), Ids{"4"});
  EXPECT_EQ(Clauses(Map().Evaluate(MakeIncident(4, Family::kMaritime, 46.2, 31.5))), Ids{"4"});
  EXPECT_TRUE(Map().Evaluate(MakeIncident(5, Family::kMaritime, 45.99, 31.5)).empty());
  // A family the clause does not list.
  EXPECT_TRUE(Map().Evaluate(MakeIncident(6, Family::kSmallArms, 46.1, 31.2)).empty());
}

TEST(EvaluatorScenarioTest, NoFlightAndAClauseNotYetInForce) {
  const auto may = Map().Evaluate(MakeIncident(1, Family::kAirStrike, 46.1, 31.2));
  EXPECT_EQ(Clauses(may), Ids{"5"});  // clause 6 is in force from June
  EXPECT_FALSE(may[0].evidence.weapon_class);
  const auto july =
      Map().Evaluate(MakeIncident(2, Family::kAirStrike, 46.1, 31.2, "2025-07-01T00:00:00Z"));
  EXPECT_EQ(Clauses(july), (Ids{"5", "6"}));
  const auto uav = Map().Evaluate(Sighting(3, WeaponClass::kUav, 46.1, 31.2));
  ASSERT_EQ(Clauses(uav), Ids{"5"});
  EXPECT_EQ(uav[0].evidence.weapon_class, WeaponClass::kUav);
  EXPECT_EQ(uav[0].evidence.zone, "sea");
  EXPECT_TRUE(Map().Evaluate(Sighting(4, WeaponClass::kUav, 46.25, 31.5)).empty());  // hole
  EXPECT_TRUE(Map().Evaluate(Sighting(5, WeaponClass::kTank, 46.1, 31.2)).empty());
}

TEST(EvaluatorScenarioTest, NothingBeforeTheAgreementTakesEffect) {
  // 2025-04-01T00:00:00+03:00 is 2025-03-31T21:00:00Z.
  EXPECT_TRUE(
      Map()
          .Evaluate(MakeIncident(1, Family::kIndirectFire, kF.lat, kF.lon, "2025-03-31T20:59:59Z"))
          .empty());
  EXPECT_EQ(Clauses(Map().Evaluate(
                MakeIncident(2, Family::kIndirectFire, kF.lat, kF.lon, "2025-03-31T21:00:00Z"))),
            Ids{"1"});
}

TEST(EvaluatorScenarioTest, ProtectedTargetByCategoryAndByProximity) {
  // Named an energy target, far from every asset.
  core::Incident named = MakeIncident(1, Family::kAirStrike, 50.5, 27.0);
  named.summary.target_categories = 1u << static_cast<unsigned>(core::TargetCategory::kEnergy);
  const auto by_name = Map().Evaluate(named);
  ASSERT_EQ(Clauses(by_name), Ids{"3"});
  EXPECT_EQ(by_name[0].evidence.target_category, core::TargetCategory::kEnergy);
  EXPECT_TRUE(by_name[0].evidence.asset_name.empty());
  // 1.5 km south of Plant A: the nearest listed asset within 2 km.
  const LatLon near_a = Direct({48.5, 31.0}, 180, 1'500);
  const auto by_place = Map().Evaluate(MakeIncident(2, Family::kAirStrike, near_a.lat, near_a.lon));
  ASSERT_EQ(Clauses(by_place), Ids{"3"});
  EXPECT_EQ(by_place[0].evidence.asset_set, "plants");
  EXPECT_EQ(by_place[0].evidence.asset_name, "Plant A");
  EXPECT_NEAR(*by_place[0].evidence.asset_distance_m, 1'500, 1e-6);
  EXPECT_EQ(by_place[0].evidence.limit_m, 2'000);
  EXPECT_FALSE(by_place[0].evidence.target_category);
  // Near Plant B only, whose category (port) the clause does not list.
  const LatLon near_b = Direct({48.6, 31.0}, 0, 500);
  EXPECT_TRUE(Map().Evaluate(MakeIncident(3, Family::kAirStrike, near_b.lat, near_b.lon)).empty());
  // Just beyond the radius.
  const LatLon beyond = Direct({48.5, 31.0}, 180, 2'000.001);
  EXPECT_TRUE(Map().Evaluate(MakeIncident(4, Family::kAirStrike, beyond.lat, beyond.lon)).empty());
  // Both: the evidence says both.
  named.summary.lat = near_a.lat;
  named.summary.lon = near_a.lon;
  const auto both = Map().Evaluate(named);
  ASSERT_EQ(Clauses(both), Ids{"3"});
  EXPECT_EQ(both[0].evidence.target_category, core::TargetCategory::kEnergy);
  EXPECT_EQ(both[0].evidence.asset_name, "Plant A");
}

TEST(EvaluatorScenarioTest, OrderByIncidentThenClauseAndStatusAtEvaluation) {
  // Incident 7: small arms 5 km from the line and 1 km from... nothing;
  // incident 3: maritime in the zone; incident 5: an energy strike on the line.
  const LatLon near_line = Direct(kF, 90, 5'000);
  core::Incident seven = MakeIncident(7, Family::kSmallArms, near_line.lat, near_line.lon);
  core::Incident three = MakeIncident(3, Family::kMaritime, 46.1, 31.2);
  core::Incident five = MakeIncident(5, Family::kIndirectFire, kF.lat, kF.lon);
  five.summary.target_categories = 1u << static_cast<unsigned>(core::TargetCategory::kEnergy);
  five.summary.evidence_status = core::IncidentStatus::kCorroborated;
  five.review = core::IncidentReview{core::IncidentStatus::kVerified, "seen", "ana", {}};
  const std::vector<core::Incident> incidents{seven, three, five};
  const auto all = Map().EvaluateAll(incidents);
  ASSERT_EQ(all.size(), 4u);
  EXPECT_EQ(all[0].incident_id, 3u);
  EXPECT_EQ(all[0].clause_id, "4");
  EXPECT_EQ(all[1].incident_id, 5u);
  EXPECT_EQ(all[1].clause_id, "1");
  EXPECT_EQ(all[2].incident_id, 5u);
  EXPECT_EQ(all[2].clause_id, "3");
  EXPECT_EQ(all[2].incident_status, core::IncidentStatus::kVerified);
  EXPECT_EQ(all[3].incident_id, 7u);
  EXPECT_EQ(all[3].incident_status, core::IncidentStatus::kSingleSource);
}

// An incident whose second report moves its centroid out of reach stops
// violating when it is evaluated again (as the incremental step will do
// for each incident a fusion step changes).
TEST(EvaluatorScenarioTest, ANewReportMovesTheCentroidOutOfReach) {
  auto report = [](std::string id, LatLon at, double uncertainty_m) {
    core::Report r;
    r.id = std::move(id);
    r.source = "patrol-" + r.id;
    r.source_kind = core::SourceKind::kMonitor;
    r.observed_at = testing::Time("2025-05-01T12:00:00Z");
    r.lat = at.lat;
    r.lon = at.lon;
    r.position_uncertainty_m = uncertainty_m;
    r.kind = core::ReportKind::kArtillery;
    return r;
  };
  // A coarse report 9 km east of the line, then a precise one 11.5 km east.
  const core::Report coarse = report("a", Direct(kF, 90, 9'000), 3'000);
  const core::Report precise = report("b", Direct(kF, 90, 11'500), 100);
  ASSERT_TRUE(fusion::Linked(fusion::ToFusionPoint(coarse), fusion::ToFusionPoint(precise),
                             fusion::FusionConfig::Defaults()));
  core::IncidentTally tally;
  fusion::AddToTally(tally, coarse);
  core::Incident incident;
  incident.id = 1;
  incident.summary = fusion::SummarizeTally(tally);
  const auto before = Map().Evaluate(incident);
  ASSERT_EQ(Clauses(before), Ids{"1"});
  EXPECT_NEAR(*before[0].evidence.line_distance_m, 9'000, 1);
  fusion::AddToTally(tally, precise);
  incident.summary = fusion::SummarizeTally(tally);
  EXPECT_EQ(incident.summary.report_count, 2u);
  EXPECT_TRUE(Map().Evaluate(incident).empty());
}

}  // namespace
}  // namespace truceline::rules
