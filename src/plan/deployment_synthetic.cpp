// SyntheticDeployment: towns with a heavy-tailed size, assets around them
// (80 %) or anywhere (20 %), sites near towns or anywhere.

#include "plan/deployment_synthetic.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <random>
#include <string>

#include <fmt/format.h>

namespace truceline::plan {

namespace {

constexpr double kLat0 = 45.5, kLat1 = 51.5, kLon0 = 23.0, kLon1 = 35.5;
constexpr int kOblastRows = 4, kOblastCols = 6;
constexpr double kKmPerDegLat = 111.2;

class Variates {
 public:
  explicit Variates(unsigned seed) : rng_(seed) {}
  // Uniform in [0, 1) from 53 bits of the generator (fully specified).
  double Uniform() {
    const std::uint64_t hi = rng_() >> 5, lo = rng_() >> 6;
    return static_cast<double>((hi << 26) | lo) / 9007199254740992.0;
  }
  double Uniform(double lo, double hi) { return lo + (hi - lo) * Uniform(); }
  int Index(int n) { return std::min(n - 1, static_cast<int>(Uniform() * n)); }
  // Standard normal (Box-Muller).
  double Normal() {
    const double u = 1 - Uniform(), v = Uniform();
    return std::sqrt(-2 * std::log(u)) * std::cos(2 * std::numbers::pi * v);
  }

 private:
  std::mt19937 rng_;
};

struct Town {
  core::geo::LatLon centre;
  double spread_km;
};

// A point about `centre`, `spread_km` standard deviation, kept in the area.
core::geo::LatLon Around(Variates& v, core::geo::LatLon centre, double spread_km) {
  const double lat = centre.lat + v.Normal() * spread_km / kKmPerDegLat;
  const double lon =
      centre.lon +
      v.Normal() * spread_km / (kKmPerDegLat * std::cos(centre.lat * std::numbers::pi / 180));
  return {std::clamp(lat, kLat0, kLat1), std::clamp(lon, kLon0, kLon1)};
}

std::string OblastOf(core::geo::LatLon p) {
  const int row = std::clamp(static_cast<int>((p.lat - kLat0) / (kLat1 - kLat0) * kOblastRows), 0,
                             kOblastRows - 1);
  const int col = std::clamp(static_cast<int>((p.lon - kLon0) / (kLon1 - kLon0) * kOblastCols), 0,
                             kOblastCols - 1);
  return fmt::format("O{}{}", row, col);
}

}  // namespace

DeploymentProblem SyntheticDeployment(const SyntheticDeploymentSpec& spec) {
  Variates v(spec.seed);
  DeploymentProblem p;
  p.line = {{52.0, 36.0}, {45.0, 36.0}};
  p.standoff_km = 30;
  p.double_cover_bonus = 0.25;
  p.hubs = {{"west", "POL", {50.0, 22.0}}, {"south", "ROU", {47.6, 26.3}}};

  // Towns: sizes from a Pareto law (a few cities, many small towns); the
  // chance that an asset belongs to a town is proportional to its size.
  const int num_towns = std::max(10, spec.assets / 300);
  std::vector<Town> towns;
  std::vector<double> cumulative;
  double total = 0;
  for (int t = 0; t < num_towns; ++t) {
    const double size = std::pow(1 - v.Uniform(), -1 / 1.2);
    towns.push_back(
        {{v.Uniform(kLat0, kLat1), v.Uniform(kLon0, kLon1)}, 3 + 4 * std::log(1 + size)});
    total += size;
    cumulative.push_back(total);
  }
  auto pick_town = [&]() -> const Town& {
    const double x = v.Uniform() * total;
    const auto it = std::upper_bound(cumulative.begin(), cumulative.end(), x);
    return towns[std::min<size_t>(it - cumulative.begin(), towns.size() - 1)];
  };

  static const char* const kCategories[] = {"city", "energy", "port", "airport"};
  p.assets.reserve(spec.assets);
  for (int a = 0; a < spec.assets; ++a) {
    core::geo::LatLon at;
    if (v.Uniform() < 0.8) {
      const Town& town = pick_town();
      at = Around(v, town.centre, town.spread_km);
    } else {
      at = {v.Uniform(kLat0, kLat1), v.Uniform(kLon0, kLon1)};
    }
    const int category = v.Uniform() < 0.85 ? 0 : 1 + v.Index(3);
    const double weight = category == 0 ? 1 + v.Index(5) : 5 + v.Index(16);
    p.assets.push_back({fmt::format("a{}", a), "", kCategories[category], at, weight});
  }
  p.sites.reserve(spec.sites);
  for (int s = 0; s < spec.sites; ++s) {
    core::geo::LatLon at;
    std::string kind = "town";
    if (v.Uniform() < 0.5) {
      const Town& town = pick_town();
      at = Around(v, town.centre, 2 * town.spread_km);
    } else {
      at = {v.Uniform(kLat0, kLat1), v.Uniform(kLon0, kLon1)};
      if (v.Uniform() < 0.1) kind = "airport";
    }
    p.sites.push_back({fmt::format("s{}", s), "", kind, OblastOf(at), at, 1000 * (1 + v.Index(8))});
  }
  static const double kRadii[] = {20, 25, 30, 40, 50};
  for (int k = 0; k < spec.contingents; ++k) {
    Contingent c{fmt::format("k{}", k), "FR", 1000 * (1 + v.Index(5)), kRadii[v.Index(5)], {}};
    if (v.Uniform() < 0.2) {
      // A few of the western oblasts (columns 0-2).
      for (int r = 0; r < kOblastRows; ++r) {
        for (int col = 0; col < 3; ++col) {
          if (v.Uniform() < 0.5) c.caveats.allowed_oblasts.push_back(fmt::format("O{}{}", r, col));
        }
      }
      if (c.caveats.allowed_oblasts.empty()) c.caveats.allowed_oblasts.push_back("O10");
    }
    if (v.Uniform() < 0.2) c.caveats.min_line_km = 150;
    if (v.Uniform() < 0.2) c.caveats.max_hub_km = 500;
    p.contingents.push_back(std::move(c));
  }
  return p;
}

}  // namespace truceline::plan
