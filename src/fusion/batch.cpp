#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <numeric>
#include <unordered_map>

#include "fusion/fusion.hpp"
#include "fusion/within_distance.hpp"

namespace truceline::fusion {
namespace {

constexpr double kDegree = std::numbers::pi / 180;
// Lower bounds of the length of a degree on WGS84: of latitude (at the
// equator) and of longitude at latitude φ (a·cos φ, since N >= a).
constexpr double kMinMetresPerDegreeLat = 110'574.0;
constexpr double kMetresPerDegreeLonAtEquator = 111'319.0;
// Searches are widened by this factor, far beyond floating-point error.
constexpr double kSlack = 1.0 + 1e-6;

// Points are grouped by position uncertainty so that a few coarse reports
// do not widen the search of every precise one. Upper bounds, metres.
constexpr std::array<double, 4> kUncertaintyClasses{100, 1'000, 10'000,
                                                    std::numeric_limits<double>::infinity()};

class UnionFind {
 public:
  explicit UnionFind(size_t n) : parent_(n), size_(n, 1) {
    std::iota(parent_.begin(), parent_.end(), uint32_t{0});
  }
  uint32_t Find(uint32_t x) {
    while (parent_[x] != x) {
      parent_[x] = parent_[parent_[x]];  // path halving
      x = parent_[x];
    }
    return x;
  }
  void Union(uint32_t a, uint32_t b) {
    a = Find(a);
    b = Find(b);
    if (a == b) return;
    if (size_[a] < size_[b]) std::swap(a, b);
    parent_[b] = a;
    size_[a] += size_[b];
  }

 private:
  std::vector<uint32_t> parent_;
  std::vector<uint32_t> size_;
};

// The points of one uncertainty class of one family, in a lat/lon grid whose
// cells hold their members in time order. Members too old to link with any
// later point are skipped by advancing the cell's `begin`.
class ClassGrid {
 public:
  ClassGrid(double cell_m, double max_abs_lat, double max_uncertainty_m, double max_tau_s)
      : max_uncertainty_m_(max_uncertainty_m), max_tau_s_(max_tau_s) {
    cell_lat_deg_ = std::max(cell_m / kMinMetresPerDegreeLat, 1e-4);
    double cos_lat = std::max(std::cos(std::min(max_abs_lat, 89.0) * kDegree), 0.01);
    cell_lon_deg_ = std::clamp(cell_m / (kMetresPerDegreeLonAtEquator * cos_lat), 1e-4, 360.0);
    // Whole columns around the globe, so that wrapping at the antimeridian
    // maps a longitude to the same column from either side.
    columns_ = static_cast<int64_t>(std::ceil(360.0 / cell_lon_deg_));
    cell_lon_deg_ = 360.0 / static_cast<double>(columns_);
  }

  double max_uncertainty_m() const { return max_uncertainty_m_; }
  double max_tau_s() const { return max_tau_s_; }

  void Insert(uint32_t index, const FusionPoint& p) {
    cells_[Key(Row(p.lat), Column(p.lon))].members.push_back(index);
  }

  // Calls visit(member) for every member that may lie within `radius_m` of
  // (lat, lon) and was observed at or after `oldest_us`; members older than
  // `evict_before_us` are dropped for good.
  template <typename Visit>
  void Query(double lat, double lon, double radius_m, int64_t evict_before_us,
             std::span<const FusionPoint> points, Visit&& visit) {
    double dlat = radius_m * kSlack / kMinMetresPerDegreeLat;
    int64_t row_lo = Row(std::max(lat - dlat, -90.0));
    int64_t row_hi = Row(std::min(lat + dlat, 90.0));
    double band_edge = std::min(std::fabs(lat) + dlat, 90.0);
    double cos_edge = std::cos(band_edge * kDegree);
    int64_t col_lo, col_hi;
    if (band_edge >= 89.999 || radius_m * kSlack >= kMetresPerDegreeLonAtEquator * cos_edge * 180) {
      col_lo = 0;
      col_hi = columns_ - 1;
    } else {
      double dlon = radius_m * kSlack / (kMetresPerDegreeLonAtEquator * cos_edge);
      col_lo = ColumnUnwrapped(lon - dlon);
      col_hi = ColumnUnwrapped(lon + dlon);
      if (col_hi - col_lo + 1 >= columns_) {
        col_lo = 0;
        col_hi = columns_ - 1;
      }
    }
    for (int64_t row = row_lo; row <= row_hi; ++row) {
      for (int64_t c = col_lo; c <= col_hi; ++c) {
        int64_t col = ((c % columns_) + columns_) % columns_;
        auto it = cells_.find(Key(row, col));
        if (it == cells_.end()) continue;
        Cell& cell = it->second;
        while (cell.begin < cell.members.size() &&
               points[cell.members[cell.begin]].t_us < evict_before_us) {
          ++cell.begin;
        }
        for (size_t m = cell.begin; m < cell.members.size(); ++m)
          visit(cell.members[m]);
      }
    }
  }

 private:
  struct Cell {
    std::vector<uint32_t> members;
    size_t begin = 0;
  };

  int64_t Row(double lat) const {
    return static_cast<int64_t>(std::floor((lat + 90) / cell_lat_deg_));
  }
  int64_t ColumnUnwrapped(double lon) const {
    return static_cast<int64_t>(std::floor((lon + 180) / cell_lon_deg_));
  }
  int64_t Column(double lon) const {
    return ((ColumnUnwrapped(lon) % columns_) + columns_) % columns_;
  }
  static uint64_t Key(int64_t row, int64_t col) {
    return (static_cast<uint64_t>(row) << 32) ^ static_cast<uint64_t>(col);
  }

  double max_uncertainty_m_;
  double max_tau_s_;
  double cell_lat_deg_ = 1;
  double cell_lon_deg_ = 1;
  int64_t columns_ = 360;
  std::unordered_map<uint64_t, Cell> cells_;
};

size_t UncertaintyClass(double u) {
  size_t c = 0;
  while (u > kUncertaintyClasses[c])
    ++c;
  return c;
}

void ClusterFamily(std::span<const FusionPoint> points, std::vector<uint32_t>& members,
                   const LinkThresholds& t, UnionFind& components) {
  std::stable_sort(members.begin(), members.end(),
                   [&](uint32_t a, uint32_t b) { return points[a].t_us < points[b].t_us; });
  std::array<double, kUncertaintyClasses.size()> max_u{}, max_tau{};
  std::array<bool, kUncertaintyClasses.size()> present{};
  double max_abs_lat = 0, family_max_tau = 0;
  for (uint32_t i : members) {
    const FusionPoint& p = points[i];
    size_t c = UncertaintyClass(p.position_uncertainty_m);
    present[c] = true;
    max_u[c] = std::max(max_u[c], p.position_uncertainty_m);
    max_tau[c] = std::max(max_tau[c], p.time_uncertainty_s);
    max_abs_lat = std::max(max_abs_lat, std::fabs(p.lat));
    family_max_tau = std::max(family_max_tau, p.time_uncertainty_s);
  }
  std::vector<std::pair<size_t, ClassGrid>> grids;
  for (size_t c = 0; c < kUncertaintyClasses.size(); ++c) {
    if (!present[c]) continue;
    double cell_m = std::max(t.distance_m + 2 * max_u[c], 50.0);
    grids.emplace_back(c, ClassGrid(cell_m, max_abs_lat, max_u[c], max_tau[c]));
  }
  for (uint32_t a : members) {
    const FusionPoint& p = points[a];
    for (auto& [c, grid] : grids) {
      double radius = t.distance_m + p.position_uncertainty_m + grid.max_uncertainty_m();
      double window_us = (t.time_s + p.time_uncertainty_s + grid.max_tau_s()) * 1e6 * kSlack;
      // No later point can reach back further than this.
      double evict_us = (t.time_s + family_max_tau + grid.max_tau_s()) * 1e6 * kSlack + 1;
      auto evict_before = p.t_us - static_cast<int64_t>(evict_us);
      grid.Query(p.lat, p.lon, radius, evict_before, points, [&](uint32_t b) {
        const FusionPoint& q = points[b];
        if (static_cast<double>(p.t_us - q.t_us) > window_us) return;
        if (components.Find(a) == components.Find(b)) return;
        double dt_us = std::fabs(static_cast<double>(p.t_us - q.t_us));
        if (dt_us > (t.time_s + p.time_uncertainty_s + q.time_uncertainty_s) * 1e6) return;
        if (detail::WithinDistance(
                p.lat, p.lon, q.lat, q.lon,
                t.distance_m + p.position_uncertainty_m + q.position_uncertainty_m)) {
          components.Union(a, b);
        }
      });
    }
    for (auto& [c, grid] : grids) {
      if (c == UncertaintyClass(p.position_uncertainty_m)) grid.Insert(a, p);
    }
  }
}

}  // namespace

std::vector<uint32_t> ClusterBatch(std::span<const FusionPoint> points,
                                   const FusionConfig& config) {
  const size_t n = points.size();
  UnionFind components(n);
  std::array<std::vector<uint32_t>, 6> by_family;
  for (size_t i = 0; i < n; ++i) {
    by_family[static_cast<size_t>(points[i].family)].push_back(static_cast<uint32_t>(i));
  }
  for (size_t f = 0; f < by_family.size(); ++f) {
    if (by_family[f].empty()) continue;
    ClusterFamily(points, by_family[f], config.For(static_cast<core::Family>(f)), components);
  }
  std::vector<uint32_t> labels(n);
  std::vector<uint32_t> label_of_root(n, std::numeric_limits<uint32_t>::max());
  uint32_t next = 0;
  for (size_t i = 0; i < n; ++i) {
    uint32_t root = components.Find(static_cast<uint32_t>(i));
    if (label_of_root[root] == std::numeric_limits<uint32_t>::max()) label_of_root[root] = next++;
    labels[i] = label_of_root[root];
  }
  return labels;
}

}  // namespace truceline::fusion
