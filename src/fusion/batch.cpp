#include <algorithm>
#include <atomic>
#include <bit>
#include <cmath>
#include <limits>
#include <numbers>
#include <numeric>
#include <thread>

#include "fusion/fusion.hpp"
#include "fusion/grid.hpp"
#include "fusion/within_distance.hpp"

namespace truceline::fusion {
namespace {

using detail::BandEdge;
using detail::kSlack;

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

// Cell key → cell index, open addressing with linear probing: the sweep
// looks cells up several times per point, and std::unordered_map's node
// chasing measured as the largest cost there.
class CellTable {
 public:
  static constexpr uint32_t kAbsent = UINT32_MAX;

  uint32_t Find(uint64_t key) const {
    if (keys_.empty()) return kAbsent;
    for (size_t i = Slot(key);; i = (i + 1) & mask_) {
      if (values_[i] == kAbsent) return kAbsent;
      if (keys_[i] == key) return values_[i];
    }
  }
  // Returns the value for `key`, inserting `value_if_new` when absent.
  uint32_t FindOrInsert(uint64_t key, uint32_t value_if_new) {
    if ((size_ + 1) * 2 > keys_.size()) Grow();
    for (size_t i = Slot(key);; i = (i + 1) & mask_) {
      if (values_[i] == kAbsent) {
        keys_[i] = key;
        values_[i] = value_if_new;
        ++size_;
        return value_if_new;
      }
      if (keys_[i] == key) return values_[i];
    }
  }

 private:
  size_t Slot(uint64_t key) const {
    return static_cast<size_t>((key * 0x9E3779B97F4A7C15ULL) >> shift_);  // Fibonacci hashing
  }
  void Grow() {
    std::vector<uint64_t> old_keys = std::move(keys_);
    std::vector<uint32_t> old_values = std::move(values_);
    size_t capacity = std::max<size_t>(64, old_keys.size() * 2);
    keys_.assign(capacity, 0);
    values_.assign(capacity, kAbsent);
    mask_ = capacity - 1;
    shift_ = 64 - std::countr_zero(capacity);
    size_ = 0;
    for (size_t i = 0; i < old_keys.size(); ++i) {
      if (old_values[i] != kAbsent) FindOrInsert(old_keys[i], old_values[i]);
    }
  }

  std::vector<uint64_t> keys_;
  std::vector<uint32_t> values_;
  size_t mask_ = 0;
  int shift_ = 64;
  size_t size_ = 0;
};

// The points of one uncertainty class of one family, in a lat/lon grid whose
// cells hold their members in time order. Members too old to link with any
// later point are skipped by advancing the cell's `begin`.
class ClassGrid {
 public:
  ClassGrid(double cell_m, double max_abs_lat, double max_uncertainty_m, double max_tau_s)
      : geometry_(cell_m, max_abs_lat),
        max_uncertainty_m_(max_uncertainty_m),
        max_tau_s_(max_tau_s) {}

  double max_uncertainty_m() const { return max_uncertainty_m_; }
  double max_tau_s() const { return max_tau_s_; }

  void Insert(uint32_t index, const FusionPoint& p) {
    uint32_t cell =
        table_.FindOrInsert(geometry_.KeyOf(p.lat, p.lon), static_cast<uint32_t>(cells_.size()));
    if (cell == cells_.size()) cells_.emplace_back();
    cells_[cell].members.push_back(index);
  }

  // Calls visit(member) for every member observed at or after `from_us`
  // that may lie within `radius_m` of (lat, lon), newest first; members
  // older than `evict_before_us` are dropped for good.
  template <typename Visit>
  void Query(double lat, double lon, double radius_m, BandEdge edge, int64_t from_us,
             int64_t evict_before_us, std::span<const FusionPoint> points, Visit&& visit) {
    geometry_.ForEachCellInReach(lat, lon, radius_m, edge, [&](uint64_t key) {
      uint32_t found = table_.Find(key);
      if (found == CellTable::kAbsent) return;
      Cell& cell = cells_[found];
      while (cell.begin < cell.members.size() &&
             points[cell.members[cell.begin]].t_us < evict_before_us) {
        ++cell.begin;
      }
      // Members are in time order: walk back from the newest until the
      // time window is left behind.
      for (size_t m = cell.members.size(); m > cell.begin; --m) {
        uint32_t member = cell.members[m - 1];
        if (points[member].t_us < from_us) break;
        visit(member);
      }
    });
  }

 private:
  struct Cell {
    std::vector<uint32_t> members;
    size_t begin = 0;
  };

  detail::GridGeometry geometry_;
  double max_uncertainty_m_;
  double max_tau_s_;
  CellTable table_;
  std::vector<Cell> cells_;
};

size_t UncertaintyClass(double u) {
  size_t c = 0;
  while (u > kUncertaintyClasses[c])
    ++c;
  return c;
}

// Sorts a family's members by time (ties by index, so the order is
// deterministic).
void SortByTime(std::span<const FusionPoint> points, std::span<uint32_t> members) {
  // Sorting (time, index) pairs directly is several times faster than a
  // stable sort of indices through the points.
  std::vector<std::pair<int64_t, uint32_t>> keyed;
  keyed.reserve(members.size());
  for (uint32_t i : members)
    keyed.emplace_back(points[i].t_us, i);
  std::sort(keyed.begin(), keyed.end());
  for (size_t k = 0; k < keyed.size(); ++k)
    members[k] = keyed[k].second;
}

// The time reach of a family: no two of its points further apart in time
// than this (µs) can link.
double TimeReachUs(std::span<const FusionPoint> points, std::span<const uint32_t> members,
                   const LinkThresholds& t) {
  double max_tau = 0;
  for (uint32_t i : members)
    max_tau = std::max(max_tau, points[i].time_uncertainty_s);
  return (t.time_s + 2 * max_tau) * 1e6 * kSlack + 1;
}

// Links every linked pair among `sorted` (members of one family in time
// order) in `components`. Touches only the components of these members, so
// sweeps of disjoint member sets may run concurrently.
void SweepFamily(std::span<const FusionPoint> points, std::span<const detail::LocalScale> scales,
                 std::span<const uint32_t> sorted, const LinkThresholds& t, UnionFind& components) {
  std::array<double, kUncertaintyClasses.size()> max_u{}, max_tau{};
  std::array<bool, kUncertaintyClasses.size()> present{};
  double max_abs_lat = 0, family_max_tau = 0;
  for (uint32_t i : sorted) {
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
    // Twice the widest search, so a search box spans at most 2 x 2 cells.
    double cell_m = std::max(2 * (t.distance_m + 2 * max_u[c]), 100.0);
    grids.emplace_back(c, ClassGrid(cell_m, max_abs_lat, max_u[c], max_tau[c]));
  }
  double widest_u = 0;
  for (const auto& [c, grid] : grids)
    widest_u = std::max(widest_u, grid.max_uncertainty_m());
  for (uint32_t a : sorted) {
    const FusionPoint& p = points[a];
    BandEdge edge = detail::BandEdgeFor(p.lat, t.distance_m + p.position_uncertainty_m + widest_u);
    for (auto& [c, grid] : grids) {
      double radius = t.distance_m + p.position_uncertainty_m + grid.max_uncertainty_m();
      double window_us = (t.time_s + p.time_uncertainty_s + grid.max_tau_s()) * 1e6 * kSlack;
      // No later point can reach back further than this.
      double evict_us = (t.time_s + family_max_tau + grid.max_tau_s()) * 1e6 * kSlack + 1;
      auto evict_before = p.t_us - static_cast<int64_t>(evict_us);
      auto from = p.t_us - static_cast<int64_t>(window_us) - 1;
      grid.Query(p.lat, p.lon, radius, edge, from, evict_before, points, [&](uint32_t b) {
        const FusionPoint& q = points[b];
        if (components.Find(a) == components.Find(b)) return;
        double dt_us = std::fabs(static_cast<double>(p.t_us - q.t_us));
        if (dt_us > (t.time_s + p.time_uncertainty_s + q.time_uncertainty_s) * 1e6) return;
        if (detail::WithinDistanceScaled(
                p.lat, p.lon, scales[a], q.lat, q.lon, scales[b],
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

// Runs task(i) once for each i in [0, count), on up to `threads` threads
// (the caller's among them); returns when all are done.
template <typename Task>
void RunInParallel(size_t count, unsigned threads, Task&& task) {
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i = next.fetch_add(1); i < count; i = next.fetch_add(1))
      task(i);
  };
  std::vector<std::jthread> others;
  for (size_t k = 1; k < std::min<size_t>(threads, count); ++k)
    others.emplace_back(work);
  work();
}

// A run of a family's time-sorted members, swept as one.
struct Slice {
  size_t family;
  size_t begin;
  size_t end;
};

// Cuts each family into up to `threads` time slices that can be swept
// concurrently, and lists the seams: around each cut, the members close
// enough in time to link across it. A pair linked across a cut lies in its
// seam, so sweeping the slices and then the seams finds every link. A
// family whose seams would hold more than a quarter of it is not cut.
void PlanSlices(std::span<const FusionPoint> points,
                const std::array<std::vector<uint32_t>, 6>& by_family, const FusionConfig& config,
                unsigned threads, size_t min_points_per_slice, std::vector<Slice>& slices,
                std::vector<Slice>& seams) {
  for (size_t f = 0; f < by_family.size(); ++f) {
    const std::vector<uint32_t>& sorted = by_family[f];
    const size_t n = sorted.size();
    if (n == 0) continue;
    size_t parts = std::clamp<size_t>(n / std::max<size_t>(min_points_per_slice, 1), 1, threads);
    std::vector<Slice> family_seams;
    size_t seam_points = 0;
    if (parts > 1) {
      double reach = TimeReachUs(points, sorted, config.For(static_cast<core::Family>(f)));
      auto time_of = [&](size_t k) { return static_cast<double>(points[sorted[k]].t_us); };
      for (size_t j = 1; j < parts; ++j) {
        size_t cut = n * j / parts;
        auto lo = std::partition_point(sorted.begin(), sorted.end(), [&](uint32_t i) {
          return static_cast<double>(points[i].t_us) < time_of(cut) - reach;
        });
        auto hi = std::partition_point(sorted.begin(), sorted.end(), [&](uint32_t i) {
          return static_cast<double>(points[i].t_us) <= time_of(cut - 1) + reach;
        });
        family_seams.push_back({f, static_cast<size_t>(lo - sorted.begin()),
                                static_cast<size_t>(hi - sorted.begin())});
        seam_points += family_seams.back().end - family_seams.back().begin;
      }
      if (seam_points * 4 > n) parts = 1;
    }
    if (parts == 1) {
      slices.push_back({f, 0, n});
      continue;
    }
    for (size_t j = 0; j < parts; ++j)
      slices.push_back({f, n * j / parts, n * (j + 1) / parts});
    seams.insert(seams.end(), family_seams.begin(), family_seams.end());
  }
}

}  // namespace

std::vector<uint32_t> ClusterBatch(std::span<const FusionPoint> points, const FusionConfig& config,
                                   const BatchOptions& options) {
  const size_t n = points.size();
  unsigned threads = options.threads != 0 ? options.threads : std::thread::hardware_concurrency();
  threads = std::max(threads, 1u);
  UnionFind components(n);
  std::array<std::vector<uint32_t>, 6> by_family;
  for (size_t i = 0; i < n; ++i) {
    by_family[static_cast<size_t>(points[i].family)].push_back(static_cast<uint32_t>(i));
  }
  std::vector<detail::LocalScale> scales(n);
  RunInParallel(by_family.size(), threads, [&](size_t f) {
    for (uint32_t i : by_family[f])
      scales[i] = detail::LocalScaleAt(points[i].lat);
    SortByTime(points, by_family[f]);
  });
  std::vector<Slice> slices, seams;
  PlanSlices(points, by_family, config, threads, options.min_points_per_slice, slices, seams);
  // Largest first, so the threads finish together.
  std::stable_sort(slices.begin(), slices.end(), [](const Slice& a, const Slice& b) {
    return a.end - a.begin > b.end - b.begin;
  });
  auto sweep = [&](const Slice& s) {
    std::span<const uint32_t> sorted(by_family[s.family]);
    SweepFamily(points, scales, sorted.subspan(s.begin, s.end - s.begin),
                config.For(static_cast<core::Family>(s.family)), components);
  };
  // Slices hold disjoint members, so their sweeps touch disjoint parts of
  // `components`; seams overlap slices and each other, so they come after.
  RunInParallel(slices.size(), threads, [&](size_t k) { sweep(slices[k]); });
  for (const Slice& seam : seams)
    sweep(seam);
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
