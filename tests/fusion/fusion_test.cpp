// The fusion engine against an O(n²) oracle written independently here:
// every pair is tested with GeographicLib's geodesic, components are found
// by depth-first search, and both partitions are compared exactly.

#include "fusion/fusion.hpp"

#include <cmath>
#include <map>
#include <random>

#include <GeographicLib/Geodesic.hpp>
#include <fmt/format.h>
#include <gtest/gtest.h>

namespace truceline::fusion {
namespace {

using core::Family;

bool OracleLinked(const FusionPoint& a, const FusionPoint& b, const FusionConfig& config) {
  if (a.family != b.family) return false;
  const LinkThresholds& t = config.For(a.family);
  double dt_us = std::fabs(static_cast<double>(a.t_us - b.t_us));
  if (dt_us > (t.time_s + a.time_uncertainty_s + b.time_uncertainty_s) * 1e6) return false;
  double d = 0;
  GeographicLib::Geodesic::WGS84().Inverse(a.lat, a.lon, b.lat, b.lon, d);
  return d <= t.distance_m + a.position_uncertainty_m + b.position_uncertainty_m;
}

// Components by depth-first search, labelled by first appearance.
std::vector<uint32_t> OracleLabels(const std::vector<FusionPoint>& points,
                                   const FusionConfig& config) {
  const size_t n = points.size();
  std::vector<std::vector<size_t>> adjacent(n);
  for (size_t i = 0; i < n; ++i) {
    for (size_t j = i + 1; j < n; ++j) {
      if (OracleLinked(points[i], points[j], config)) {
        adjacent[i].push_back(j);
        adjacent[j].push_back(i);
      }
    }
  }
  std::vector<uint32_t> label(n, UINT32_MAX);
  uint32_t next = 0;
  for (size_t start = 0; start < n; ++start) {
    if (label[start] != UINT32_MAX) continue;
    std::vector<size_t> stack{start};
    label[start] = next;
    while (!stack.empty()) {
      size_t v = stack.back();
      stack.pop_back();
      for (size_t w : adjacent[v]) {
        if (label[w] == UINT32_MAX) {
          label[w] = next;
          stack.push_back(w);
        }
      }
    }
    ++next;
  }
  return label;
}

FusionPoint At(double lat, double lon, int64_t t_s, double u = 0, double tau = 0,
               Family family = Family::kIndirectFire) {
  return FusionPoint{family, t_s * 1'000'000, tau, lat, lon, u};
}

TEST(LinkRuleTest, FollowsTheDesignsDefinitionAtItsBoundaries) {
  FusionConfig config = FusionConfig::Defaults();
  EXPECT_EQ(config.For(Family::kIndirectFire).distance_m, 1500);
  EXPECT_EQ(config.For(Family::kSighting).time_s, 3600);
  const auto& geodesic = GeographicLib::Geodesic::WGS84();
  double lat2 = 0, lon2 = 0;
  // 1500 m + 100 m + 50 m, exactly, and a centimetre more.
  geodesic.Direct(48.5, 37.5, 77.0, 1650.0 - 1e-6, lat2, lon2);
  EXPECT_TRUE(Linked(At(48.5, 37.5, 0, 100), At(lat2, lon2, 0, 50), config));
  geodesic.Direct(48.5, 37.5, 77.0, 1650.01, lat2, lon2);
  EXPECT_FALSE(Linked(At(48.5, 37.5, 0, 100), At(lat2, lon2, 0, 50), config));
  // Time: 120 s + 5 s + 10 s, inclusive.
  EXPECT_TRUE(Linked(At(48.5, 37.5, 0, 0, 5), At(48.5, 37.5, 135, 0, 10), config));
  EXPECT_FALSE(Linked(At(48.5, 37.5, 0, 0, 5), At(48.5, 37.5, 136, 0, 10), config));
  // Families never link.
  EXPECT_FALSE(Linked(At(48.5, 37.5, 0), At(48.5, 37.5, 0, 0, 0, Family::kSmallArms), config));
}

TEST(ClusterBatchTest, ChainsAndFamiliesByHand) {
  // Three shells 1 km apart in a line form one incident by chaining; a
  // sighting at the same place is its own incident; a shell an hour later
  // is another.
  const auto& geodesic = GeographicLib::Geodesic::WGS84();
  double lat1, lon1, lat2, lon2;
  geodesic.Direct(48.0, 37.0, 90, 1000, lat1, lon1);
  geodesic.Direct(48.0, 37.0, 90, 2000, lat2, lon2);
  std::vector<FusionPoint> points{At(48.0, 37.0, 0), At(lat2, lon2, 30), At(lat1, lon1, 60),
                                  At(48.0, 37.0, 10, 0, 0, Family::kSighting),
                                  At(48.0, 37.0, 3600)};
  auto labels = ClusterBatch(points, FusionConfig::Defaults());
  EXPECT_EQ(labels, (std::vector<uint32_t>{0, 0, 0, 1, 2}));
}

struct Scenario {
  std::vector<FusionPoint> points;
  FusionConfig config;
};

// Random scenes of the kinds the engine must get exactly right: clusters
// straddling grid cells, equal timestamps, latitudes 44–53°, uncertainty-
// dominated links, pairs placed exactly at the distance threshold.
Scenario RandomScenario(std::mt19937_64& random) {
  auto uniform = [&](double lo, double hi) {
    return std::uniform_real_distribution<double>(lo, hi)(random);
  };
  auto chance = [&](double p) { return uniform(0, 1) < p; };
  Scenario s;
  s.config = FusionConfig::Defaults();
  if (chance(0.3)) {
    for (int f = 0; f < 6; ++f) {
      s.config.Set(static_cast<Family>(f), {uniform(0, 20000), uniform(0, 1800)});
    }
  }
  const auto& geodesic = GeographicLib::Geodesic::WGS84();
  int clusters = 1 + static_cast<int>(random() % 6);
  size_t n = 2 + random() % 110;
  std::vector<std::tuple<double, double, int64_t>> centres;
  for (int c = 0; c < clusters; ++c) {
    centres.emplace_back(uniform(44, 53), uniform(22, 41),
                         static_cast<int64_t>(uniform(0, 7200)) * 1'000'000);
  }
  double spread_m = std::pow(10.0, uniform(1, 4.5));  // 10 m .. 30 km
  double spread_s = std::pow(10.0, uniform(0, 3.5));
  for (size_t i = 0; i < n; ++i) {
    auto [lat, lon, t] = centres[random() % centres.size()];
    FusionPoint p;
    p.family = chance(0.7) ? Family::kIndirectFire : static_cast<Family>(random() % 6);
    double bearing = uniform(0, 360), distance = std::fabs(uniform(-1, 1)) * spread_m;
    geodesic.Direct(lat, lon, bearing, distance, p.lat, p.lon);
    p.t_us = chance(0.2) ? t : t + static_cast<int64_t>(uniform(-spread_s, spread_s) * 1e6);
    // Mostly precise, some coarse, a few enormous (uncertainty-dominated).
    double pick = uniform(0, 1);
    p.position_uncertainty_m = pick < 0.5    ? uniform(0, 80)
                               : pick < 0.85 ? uniform(100, 3000)
                               : pick < 0.97 ? uniform(3000, 30000)
                                             : uniform(30000, 150000);
    p.time_uncertainty_s = chance(0.5) ? 0 : std::pow(10.0, uniform(0, 3.3));
    s.points.push_back(p);
  }
  // A few pairs at exactly the threshold distance, just inside and outside.
  for (int k = 0; k < 3 && s.points.size() > 1; ++k) {
    FusionPoint a = s.points[random() % s.points.size()];
    FusionPoint b = a;
    double threshold = s.config.For(a.family).distance_m + 2 * a.position_uncertainty_m;
    double offset = chance(0.5) ? -1e-4 : 1e-4;
    b.position_uncertainty_m = a.position_uncertainty_m;
    geodesic.Direct(a.lat, a.lon, uniform(0, 360), threshold + offset, b.lat, b.lon);
    s.points.push_back(b);
  }
  return s;
}

TEST(ClusterBatchTest, MatchesTheOracleOnThousandsOfRandomScenes) {
  std::mt19937_64 random(20250315);
  size_t links = 0;
  for (int trial = 0; trial < 2500; ++trial) {
    Scenario s = RandomScenario(random);
    auto expected = OracleLabels(s.points, s.config);
    auto actual = ClusterBatch(s.points, s.config);
    ASSERT_EQ(actual, expected) << "trial " << trial << " with " << s.points.size() << " points";
    links += s.points.size() -
             (expected.empty() ? 0 : *std::max_element(expected.begin(), expected.end()) + 1);
  }
  EXPECT_GT(links, 10'000u) << "the scenes must actually link points";
}

TEST(ClusterBatchTest, TimeSlicesOnSeveralThreadsMatchTheOracle) {
  // Sixteen random scenes on consecutive days: cuts between time slices
  // fall inside scenes, so links across a cut must be found by its seam.
  std::mt19937_64 random(20250401);
  size_t cut_families = 0;
  for (int trial = 0; trial < 60; ++trial) {
    std::vector<FusionPoint> points;
    FusionConfig config = FusionConfig::Defaults();
    for (int day = 0; day < 16; ++day) {
      Scenario s = RandomScenario(random);
      if (day == 0) config = s.config;
      for (FusionPoint p : s.points) {
        p.t_us += int64_t{day} * 86'400'000'000;
        points.push_back(p);
      }
    }
    auto expected = OracleLabels(points, config);
    for (unsigned threads : {2u, 3u, 4u}) {
      BatchOptions options;
      options.threads = threads;
      options.min_points_per_slice = 1;
      ASSERT_EQ(ClusterBatch(points, config, options), expected)
          << "trial " << trial << ", " << threads << " threads";
    }
    // How often a family was actually cut: its seams stay small only when
    // the scenes' time reach is short against a day.
    double reach_s = 0;
    for (const auto& p : points)
      reach_s = std::max(reach_s, config.For(p.family).time_s + 2 * p.time_uncertainty_s);
    cut_families += reach_s < 4 * 3600 ? 1 : 0;
  }
  EXPECT_GT(cut_families, 20u) << "most trials must exercise the seams";
}

TEST(ClusterBatchTest, ExactNearTheAntimeridianAndThePoles) {
  std::mt19937_64 random(7);
  for (int trial = 0; trial < 200; ++trial) {
    std::vector<FusionPoint> points;
    double base_lat = trial % 2 == 0 ? 0.0 : 89.0;
    for (int i = 0; i < 60; ++i) {
      double lat = std::clamp(base_lat + std::uniform_real_distribution<double>(-0.9, 0.9)(random),
                              -90.0, 90.0);
      double lon = 179.99 + std::uniform_real_distribution<double>(0, 0.02)(random);
      if (lon > 180) lon -= 360;
      points.push_back(At(lat, lon, static_cast<int64_t>(random() % 100),
                          std::uniform_real_distribution<double>(0, 2000)(random)));
    }
    FusionConfig config = FusionConfig::Defaults();
    ASSERT_EQ(ClusterBatch(points, config), OracleLabels(points, config)) << trial;
  }
}

// Canonical labels (first appearance) from per-point incident ids and the
// merges reported along the way, tracked as a client would.
std::vector<uint32_t> CanonicalFromStream(const std::vector<uint64_t>& incident_of_point,
                                          const std::map<uint64_t, uint64_t>& merged_into) {
  auto resolve = [&](uint64_t id) {
    for (auto it = merged_into.find(id); it != merged_into.end(); it = merged_into.find(id)) {
      id = it->second;
    }
    return id;
  };
  std::map<uint64_t, uint32_t> label;
  std::vector<uint32_t> out;
  for (uint64_t id : incident_of_point) {
    auto [it, inserted] = label.emplace(resolve(id), static_cast<uint32_t>(label.size()));
    out.push_back(it->second);
  }
  return out;
}

TEST(StreamFuserTest, AnyArrivalOrderWithinTheLatenessGivesTheBatchPartition) {
  std::mt19937_64 random(4242);
  for (int trial = 0; trial < 1500; ++trial) {
    Scenario s = RandomScenario(random);
    const double lateness_s = std::uniform_real_distribution<double>(0, 3600)(random);
    // Each point arrives after a delay of at most the lateness bound.
    std::vector<std::pair<double, size_t>> arrivals;
    for (size_t i = 0; i < s.points.size(); ++i) {
      double delay_us = std::uniform_real_distribution<double>(0, lateness_s * 1e6)(random);
      arrivals.emplace_back(static_cast<double>(s.points[i].t_us) + delay_us, i);
    }
    std::sort(arrivals.begin(), arrivals.end());
    StreamFuser fuser(s.config, lateness_s, /*max_time_uncertainty_s=*/2000);
    std::vector<uint64_t> incident_of_point(s.points.size());
    std::map<uint64_t, uint64_t> merged_into;
    for (const auto& [when, i] : arrivals) {
      auto arrival = fuser.Add(s.points[i]);
      ASSERT_FALSE(arrival.late) << "trial " << trial;
      incident_of_point[i] = arrival.incident;
      for (uint64_t absorbed : arrival.absorbed) {
        ASSERT_LT(arrival.incident, absorbed);  // the oldest incident survives
        merged_into[absorbed] = arrival.incident;
      }
    }
    ASSERT_EQ(CanonicalFromStream(incident_of_point, merged_into), ClusterBatch(s.points, s.config))
        << "trial " << trial << ", " << s.points.size() << " points, lateness " << lateness_s;
  }
}

TEST(StreamFuserTest, MemoryFollowsTheWindowAndLatePointsAreFlagged) {
  FusionConfig config = FusionConfig::Defaults();
  StreamFuser fuser(config, /*lateness_s=*/60, /*max_time_uncertainty_s=*/60);
  // Ten simulated days of one report a second along a meridian: the window
  // (lateness + link span) holds a few hundred points, never the stream.
  size_t max_window = 0;
  for (int64_t s = 0; s < 10 * 86400; s += 1) {
    double lat = 47.0 + static_cast<double>(s % 1000) * 0.01;
    auto arrival = fuser.Add(At(lat, 37.0, s, 50, 1));
    ASSERT_FALSE(arrival.late);
    max_window = std::max(max_window, fuser.WindowSize());
  }
  EXPECT_LT(max_window, 70'000u);  // bounded by the sweep period, not by 864,000 arrivals
  // An hour-old report is behind the window, and a report claiming more
  // time uncertainty than the fuser was sized for may reach behind it:
  // both are flagged for the slow path.
  EXPECT_TRUE(fuser.Add(At(47.0, 37.0, 10 * 86400 - 3600, 50, 1)).late);
  EXPECT_TRUE(fuser.Add(At(47.0, 37.0, 10 * 86400, 50, 3600)).late);
}

TEST(ClusterBatchTest, EmptyAndSingle) {
  EXPECT_TRUE(ClusterBatch({}, FusionConfig::Defaults()).empty());
  std::vector<FusionPoint> one{At(48, 37, 0)};
  EXPECT_EQ(ClusterBatch(one, FusionConfig::Defaults()), (std::vector<uint32_t>{0}));
}

}  // namespace
}  // namespace truceline::fusion

namespace truceline::fusion {
namespace {

core::Report SummaryReport(std::string source, core::SourceKind source_kind, core::ReportKind kind,
                           int64_t t_s, double lat, double lon, double u_m) {
  core::Report r;
  r.source = std::move(source);
  r.id = "x";
  r.source_kind = source_kind;
  r.kind = kind;
  r.observed_at = core::FromUnixMicros(t_s * 1'000'000);
  r.lat = lat;
  r.lon = lon;
  r.position_uncertainty_m = u_m;
  return r;
}

TEST(SummarizeIncidentTest, WeightsPositionsByInverseVarianceAndCountsDistinctSources) {
  using core::ReportKind;
  using core::SourceKind;
  std::vector<core::Report> reports{
      SummaryReport("sensor-1", SourceKind::kSensor, ReportKind::kExplosion, 100, 48.0, 37.0, 10),
      SummaryReport("osint-a", SourceKind::kOsint, ReportKind::kArtillery, 160, 48.1, 37.2, 30),
      SummaryReport("osint-a", SourceKind::kOsint, ReportKind::kArtillery, 130, 48.1, 37.2, 30),
  };
  core::IncidentSummary s = SummarizeIncident(reports);
  // Weights 1/100, 1/900, 1/900: the precise sensor dominates.
  double w = 1.0 / 100 + 2.0 / 900;
  EXPECT_NEAR(s.lat, (48.0 / 100 + 2 * 48.1 / 900) / w, 1e-12);
  EXPECT_NEAR(s.lon, (37.0 / 100 + 2 * 37.2 / 900) / w, 1e-12);
  EXPECT_NEAR(s.uncertainty_m, std::sqrt(1 / w), 1e-12);
  EXPECT_EQ(s.first_at, core::FromUnixMicros(100'000'000));
  EXPECT_EQ(s.last_at, core::FromUnixMicros(160'000'000));
  EXPECT_EQ(s.report_count, 3u);
  EXPECT_EQ(s.source_count, 2u);
  EXPECT_EQ(s.source_kind_count, 2u);
  EXPECT_EQ(s.family, core::Family::kIndirectFire);
  EXPECT_EQ(s.kind, ReportKind::kArtillery);  // specific beats generic "explosion"
  EXPECT_NEAR(s.confidence, 1 - (1 - 0.6) * (1 - 0.3), 1e-12);
  EXPECT_EQ(s.evidence_status, core::IncidentStatus::kCorroborated);

  core::IncidentSummary one = SummarizeIncident(std::span(reports).first(1));
  EXPECT_EQ(one.evidence_status, core::IncidentStatus::kSingleSource);
  EXPECT_EQ(one.kind, ReportKind::kExplosion);
  EXPECT_NEAR(one.confidence, 0.6, 1e-12);
}

TEST(SummarizeIncidentTest, TalliesMergedInAnySplitGiveTheSameSummary) {
  std::mt19937_64 random(7);
  std::uniform_real_distribution<double> unit(0, 1);
  for (int trial = 0; trial < 200; ++trial) {
    std::vector<core::Report> reports;
    double lon0 = unit(random) < 0.3 ? 179.95 : 37.0;  // some straddle the antimeridian
    for (int i = 0; i < 12; ++i) {
      reports.push_back(
          SummaryReport(fmt::format("s{}", static_cast<int>(unit(random) * 4)),
                        static_cast<core::SourceKind>(unit(random) * 5),
                        static_cast<core::ReportKind>(unit(random) * 5),
                        static_cast<int64_t>(unit(random) * 600), 48 + unit(random) * 0.01,
                        std::remainder(lon0 + unit(random) * 0.1, 360.0), unit(random) * 500));
    }
    for (auto& r : reports) {
      if (unit(random) < 0.3) r.weapon_class = static_cast<core::WeaponClass>(unit(random) * 11);
      if (unit(random) < 0.3)
        r.target_category = static_cast<core::TargetCategory>(unit(random) * 6);
    }
    core::IncidentSummary whole = SummarizeIncident(reports);
    core::IncidentTally a, b;
    for (const auto& r : reports)
      AddToTally(unit(random) < 0.5 ? a : b, r);
    MergeTally(b, a);
    core::IncidentSummary merged = SummarizeTally(b);
    EXPECT_EQ(merged.report_count, whole.report_count);
    EXPECT_EQ(merged.source_count, whole.source_count);
    EXPECT_EQ(merged.source_kind_count, whole.source_kind_count);
    EXPECT_EQ(merged.kind, whole.kind);
    EXPECT_EQ(merged.first_at, whole.first_at);
    EXPECT_EQ(merged.last_at, whole.last_at);
    EXPECT_NEAR(merged.lat, whole.lat, 1e-9);
    EXPECT_NEAR(std::remainder(merged.lon - whole.lon, 360.0), 0, 1e-9);
    EXPECT_NEAR(merged.uncertainty_m, whole.uncertainty_m, 1e-9);
    EXPECT_NEAR(merged.confidence, whole.confidence, 1e-12);
    EXPECT_EQ(merged.weapon_classes, whole.weapon_classes);
    EXPECT_EQ(merged.target_categories, whole.target_categories);
  }
}

TEST(SummarizeIncidentTest, RecordsEveryWeaponClassAndTargetCategoryReported) {
  using core::ReportKind;
  using core::SourceKind;
  std::vector<core::Report> reports{
      SummaryReport("a", SourceKind::kMonitor, ReportKind::kWeaponSighting, 0, 48, 37, 10),
      SummaryReport("b", SourceKind::kMonitor, ReportKind::kWeaponSighting, 1, 48, 37, 10),
      SummaryReport("c", SourceKind::kOsint, ReportKind::kWeaponSighting, 2, 48, 37, 10),
  };
  reports[0].weapon_class = core::WeaponClass::kArtilleryGe100;
  reports[1].weapon_class = core::WeaponClass::kUav;
  reports[1].target_category = core::TargetCategory::kPort;
  core::IncidentSummary s = SummarizeIncident(reports);
  EXPECT_TRUE(s.Saw(core::WeaponClass::kArtilleryGe100));
  EXPECT_TRUE(s.Saw(core::WeaponClass::kUav));
  EXPECT_FALSE(s.Saw(core::WeaponClass::kTank));
  EXPECT_TRUE(s.Named(core::TargetCategory::kPort));
  EXPECT_FALSE(s.Named(core::TargetCategory::kEnergy));
}

TEST(SummarizeIncidentTest, AveragesLongitudesAcrossTheAntimeridian) {
  std::vector<core::Report> reports{
      SummaryReport("a", core::SourceKind::kMonitor, core::ReportKind::kShippingAttack, 0, 0, 179.9,
                    100),
      SummaryReport("b", core::SourceKind::kMonitor, core::ReportKind::kShippingAttack, 0, 0,
                    -179.9, 100)};
  EXPECT_NEAR(std::fabs(SummarizeIncident(reports).lon), 180.0, 1e-9);
}

}  // namespace
}  // namespace truceline::fusion
