// BuildCoverIndex: a lat/lon grid over the assets, a spherical distance
// with rigorous ellipsoidal error bounds for the pairs that are clearly
// inside or outside every radius, and the geodesic for the rest. On the
// 10,000 sites x 100,000 assets benchmark instance (16.6 M kept pairs, 40 M
// candidates) the geodesic for every candidate (~1 us each) would take most
// of the 10 s first-plan budget; the bounds leave well under 1 % of the
// candidates to it.

#include "plan/deployment_cover.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <thread>
#include <utility>

namespace truceline::plan::detail {

namespace {

constexpr double kRad = std::numbers::pi / 180;
constexpr double kA = 6378137.0;            // WGS84 semi-major axis, m
constexpr double kE2 = 0.0066943799901414;  // WGS84 first eccentricity squared

// The ellipsoid's radii of curvature at latitude `lat` (radians): in the
// meridian (M) and in the prime vertical (N); M <= N, both grow with |lat|.
double MeridionalRadius(double lat) {
  const double w = 1 - kE2 * std::sin(lat) * std::sin(lat);
  return kA * (1 - kE2) / (w * std::sqrt(w));
}
double NormalRadius(double lat) {
  return kA / std::sqrt(1 - kE2 * std::sin(lat) * std::sin(lat));
}

// Treating geodetic latitude and longitude as coordinates on the unit
// sphere, the ellipsoid's length element is M^2 dlat^2 + N^2 cos^2(lat)
// dlon^2 and the sphere's dlat^2 + cos^2(lat) dlon^2, so along any path
// within a latitude band their ratio lies between the smallest M and the
// largest N over the band. Hence geodesic / angle lies in [low, high] for
// two points whose geodesic (and great circle) stay in the band; the band is
// the search cap widened by 1 degree (a geodesic of a few hundred km strays
// well under 0.01 degree beyond its endpoints' latitudes), or the whole
// globe for caps wider than 10 degrees.
struct Scale {
  double low, high;
};
Scale ScaleFor(double lat_deg, double cap_deg) {
  if (cap_deg > 10) return {MeridionalRadius(0), NormalRadius(std::numbers::pi / 2)};
  const double lo = std::max(-90.0, lat_deg - cap_deg - 1);
  const double hi = std::min(90.0, lat_deg + cap_deg + 1);
  const double min_abs = lo <= 0 && hi >= 0 ? 0 : std::min(std::abs(lo), std::abs(hi));
  const double max_abs = std::max(std::abs(lo), std::abs(hi));
  return {MeridionalRadius(min_abs * kRad), NormalRadius(max_abs * kRad)};
}

struct Vec3 {
  double x, y, z;
};
Vec3 UnitVector(core::geo::LatLon p) {
  const double lat = p.lat * kRad, lon = p.lon * kRad;
  return {std::cos(lat) * std::cos(lon), std::cos(lat) * std::sin(lon), std::sin(lat)};
}

// Assets bucketed by square lat/lon cells (degrees).
struct Grid {
  double lat0 = 0, lon0 = 0, cell = 1;
  int rows = 1, cols = 1;
  std::vector<int> start;  // per cell, then the end
  std::vector<int> ids;    // assets, cell by cell
  std::vector<Vec3> unit;  // per asset

  Grid(const std::vector<ProtectedAsset>& assets, double cell_deg) {
    double lat1 = 0, lon1 = 0;
    lat0 = lon0 = 0;
    if (!assets.empty()) {
      lat0 = lat1 = assets[0].position.lat;
      lon0 = lon1 = assets[0].position.lon;
    }
    for (const ProtectedAsset& a : assets) {
      lat0 = std::min(lat0, a.position.lat), lat1 = std::max(lat1, a.position.lat);
      lon0 = std::min(lon0, a.position.lon), lon1 = std::max(lon1, a.position.lon);
      unit.push_back(UnitVector(a.position));
    }
    // No more cells than four per asset: a tiny radius over a wide area
    // would otherwise allocate a huge empty grid.
    const double limit = 4.0 * static_cast<double>(assets.size()) + 16;
    cell = std::max(cell_deg, 1e-6);
    while (((lat1 - lat0) / cell + 1) * ((lon1 - lon0) / cell + 1) > limit)
      cell *= 2;
    rows = static_cast<int>((lat1 - lat0) / cell) + 1;
    cols = static_cast<int>((lon1 - lon0) / cell) + 1;
    std::vector<int> cell_of(assets.size());
    start.assign(static_cast<size_t>(rows) * cols + 1, 0);
    for (size_t a = 0; a < assets.size(); ++a) {
      cell_of[a] = Cell(Row(assets[a].position.lat), Col(assets[a].position.lon));
      ++start[cell_of[a] + 1];
    }
    for (size_t c = 1; c < start.size(); ++c)
      start[c] += start[c - 1];
    ids.resize(assets.size());
    std::vector<int> fill(start.begin(), start.end() - 1);
    for (size_t a = 0; a < assets.size(); ++a)
      ids[fill[cell_of[a]]++] = static_cast<int>(a);
  }
  int Row(double lat_deg) const {
    return std::clamp(static_cast<int>(std::floor((lat_deg - lat0) / cell)), 0, rows - 1);
  }
  int Col(double lon_deg) const {
    return std::clamp(static_cast<int>(std::floor((lon_deg - lon0) / cell)), 0, cols - 1);
  }
  int Cell(int row, int col) const { return row * cols + col; }
};

struct Pair {
  double m;
  int asset;
};

// Every asset within `radius_m` of `site` (exact), as (distance, asset), in
// grid order.
// The distance is the geodesic for every pair whose bounds straddle one of
// `radii`, else a value between the bounds, which compares with every
// radius as the geodesic does.
void SiteCandidates(const Grid& grid, core::geo::LatLon site, double radius_m,
                    const std::vector<double>& radii, const std::vector<ProtectedAsset>& assets,
                    std::vector<Pair>& out) {
  out.clear();
  const double cap0 = radius_m / MeridionalRadius(0);  // radians, >= the cap below
  const Scale scale = ScaleFor(site.lat, cap0 / kRad);
  const double cap = std::min(std::numbers::pi, radius_m / scale.low * (1 + 1e-9));
  const double cap_deg = cap / kRad * 1.001 + 1e-9;
  if (site.lat - cap_deg > grid.lat0 + grid.rows * grid.cell || site.lat + cap_deg < grid.lat0) {
    return;
  }
  const int r0 = grid.Row(site.lat - cap_deg), r1 = grid.Row(site.lat + cap_deg);
  // Longitude half-width of the spherical cap; the whole circle when the
  // cap reaches a pole.
  double dlon_deg = 360;
  const double phi = std::abs(site.lat) * kRad;
  if (phi + cap * 1.001 < std::numbers::pi / 2) {
    dlon_deg = std::asin(std::min(1.0, std::sin(cap) / std::cos(phi))) / kRad * 1.001 + 1e-9;
  }
  const Vec3 u = UnitVector(site);
  const double chord = 2 * std::sin(std::min(cap, std::numbers::pi) / 2);
  const double max_chord2 = chord * chord * (1 + 1e-9) + 1e-15;
  // Column ranges of the cap and of its copies 360 degrees away, merged so
  // that no cell is scanned twice.
  const double grid_lon1 = grid.lon0 + grid.cols * grid.cell;
  std::vector<std::pair<int, int>> columns;
  if (dlon_deg >= 180) {
    columns.push_back({0, grid.cols - 1});
  } else {
    for (double shift : {-360.0, 0.0, 360.0}) {
      const double lo = site.lon - dlon_deg + shift, hi = site.lon + dlon_deg + shift;
      if (hi >= grid.lon0 && lo <= grid_lon1) columns.push_back({grid.Col(lo), grid.Col(hi)});
    }
    std::sort(columns.begin(), columns.end());
    for (size_t i = 1; i < columns.size(); ++i) {
      if (columns[i].first <= columns[i - 1].second + 1) {
        columns[i].first = columns[i - 1].first;
        columns[i].second = std::max(columns[i].second, columns[i - 1].second);
        columns[i - 1] = {1, 0};  // emptied
      }
    }
  }
  for (auto [c0, c1] : columns) {
    for (int r = r0; r <= r1; ++r) {
      for (int c = c0; c <= c1; ++c) {
        const int cell = grid.Cell(r, c);
        for (int i = grid.start[cell]; i < grid.start[cell + 1]; ++i) {
          const int a = grid.ids[i];
          const Vec3& v = grid.unit[a];
          const double dx = v.x - u.x, dy = v.y - u.y, dz = v.z - u.z;
          const double c2 = dx * dx + dy * dy + dz * dz;
          if (c2 > max_chord2) continue;
          const double angle = 2 * std::asin(std::min(1.0, std::sqrt(c2) / 2));
          const double lower = angle * scale.low * (1 - 1e-9);
          const double upper = angle * scale.high * (1 + 1e-9) + 1e-6;
          if (lower > radius_m) continue;
          double m = (lower + upper) / 2;
          auto near = std::lower_bound(radii.begin(), radii.end(), lower);
          if (near != radii.end() && *near < upper) {
            m = core::geo::DistanceM(site, assets[a].position);
          }
          if (m <= radius_m) out.push_back({m, a});
        }
      }
    }
  }
}

}  // namespace

CoverIndex BuildCoverIndex(const DeploymentProblem& problem,
                           const std::vector<std::vector<int>>& allowed, int threads) {
  const int num_sites = static_cast<int>(problem.sites.size());
  const int nk = static_cast<int>(problem.contingents.size());
  CoverIndex index;
  index.length.resize(nk);
  // Per site: its (contingent, position) placements and largest radius.
  std::vector<std::vector<std::pair<int, int>>> placements(num_sites);
  std::vector<double> site_radius(num_sites, -1);
  std::vector<double> radii;
  for (int k = 0; k < nk; ++k) {
    const double r = problem.contingents[k].radius_km * 1000;
    radii.push_back(r);
    index.length[k].assign(allowed[k].size(), 0);
    for (size_t j = 0; j < allowed[k].size(); ++j) {
      const int s = allowed[k][j];
      placements[s].push_back({k, static_cast<int>(j)});
      site_radius[s] = std::max(site_radius[s], r);
    }
  }
  std::sort(radii.begin(), radii.end());
  radii.erase(std::unique(radii.begin(), radii.end()), radii.end());
  const double max_radius = radii.empty() ? 0 : radii.back();
  // Cells of half the largest cap: fewer candidates outside the cap than
  // with whole-cap cells, for more cells visited.
  const Grid grid(problem.assets, max_radius / MeridionalRadius(0) / kRad / 2);

  std::vector<std::vector<int>> lists(num_sites);
  // Each site's list is grouped by the smallest of its radii covering the
  // asset (a counting sort; order within a group does not matter).
  auto work = [&](int first, int step) {
    std::vector<Pair> pairs;
    std::vector<double> site_radii;
    std::vector<int> group, offset;
    for (int s = first; s < num_sites; s += step) {
      if (site_radius[s] < 0) continue;
      SiteCandidates(grid, problem.sites[s].position, site_radius[s], radii, problem.assets, pairs);
      site_radii.clear();
      for (auto [k, j] : placements[s])
        site_radii.push_back(problem.contingents[k].radius_km * 1000);
      std::sort(site_radii.begin(), site_radii.end());
      site_radii.erase(std::unique(site_radii.begin(), site_radii.end()), site_radii.end());
      offset.assign(site_radii.size() + 1, 0);
      group.resize(pairs.size());
      for (size_t i = 0; i < pairs.size(); ++i) {
        group[i] =
            static_cast<int>(std::lower_bound(site_radii.begin(), site_radii.end(), pairs[i].m) -
                             site_radii.begin());
        ++offset[group[i] + 1];
      }
      for (size_t g = 1; g < offset.size(); ++g)
        offset[g] += offset[g - 1];
      for (auto [k, j] : placements[s]) {
        const double r = problem.contingents[k].radius_km * 1000;
        const auto g =
            std::lower_bound(site_radii.begin(), site_radii.end(), r) - site_radii.begin();
        index.length[k][j] = offset[g + 1];
      }
      lists[s].resize(pairs.size());
      for (size_t i = 0; i < pairs.size(); ++i)
        lists[s][offset[group[i]]++] = pairs[i].asset;
    }
  };
  threads = std::max(1, threads);
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t)
    pool.emplace_back(work, t, threads);
  work(0, threads);
  for (std::thread& t : pool)
    t.join();

  index.begin.assign(num_sites + 1, 0);
  for (int s = 0; s < num_sites; ++s)
    index.begin[s + 1] = index.begin[s] + static_cast<std::int64_t>(lists[s].size());
  index.asset.reserve(index.begin[num_sites]);
  for (std::vector<int>& list : lists) {
    index.asset.insert(index.asset.end(), list.begin(), list.end());
    std::vector<int>().swap(list);
  }
  for (int k = 0; k < nk; ++k) {
    for (int len : index.length[k])
      index.placements_nonzeros += len;
  }
  return index;
}

}  // namespace truceline::plan::detail
