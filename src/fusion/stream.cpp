#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <unordered_map>

#include "fusion/fusion.hpp"
#include "fusion/grid.hpp"
#include "fusion/within_distance.hpp"

namespace truceline::fusion {
namespace {

using detail::kSlack;
// Cells are sized for uncertainty classes fixed in advance (the stream's
// maxima are unknown); searches use the maxima seen so far, so a class's
// bound only affects speed, never the result.
constexpr std::array<double, 4> kClassBounds{100, 1'000, 10'000, 50'000};

size_t ClassOf(double u) {
  size_t c = 0;
  while (c + 1 < kClassBounds.size() && u > kClassBounds[c])
    ++c;
  return c;
}

struct Member {
  FusionPoint point;
  detail::LocalScale scale;
  uint64_t incident;
};

// The latest time a member's own uncertainty lets it reach: t + τ.
int64_t ReachEnd(const FusionPoint& p) {
  return p.t_us + static_cast<int64_t>(std::ceil(p.time_uncertainty_s * 1e6));
}
int64_t ReachEnd(const Member& m) {
  return ReachEnd(m.point);
}

// One uncertainty class of one family: a lat/lon grid of the members in
// the window, in arrival order within each cell.
class StreamGrid {
 public:
  // Columns sized for 50° (the theatre); only speed depends on it.
  explicit StreamGrid(double cell_m) : geometry_(cell_m, 50.0) {}

  void Insert(Member member) {
    cells_[geometry_.KeyOf(member.point.lat, member.point.lon)].push_back(member);
    ++size_;
  }

  // Visits the members within reach, after dropping those whose reach
  // ends (t + τ) before `evict_before_us`.
  template <typename Visit>
  void Query(double lat, double lon, double radius_m, int64_t evict_before_us, Visit&& visit) {
    geometry_.ForEachCellInReach(
        lat, lon, radius_m, detail::BandEdgeFor(lat, radius_m), [&](uint64_t key) {
          auto it = cells_.find(key);
          if (it == cells_.end()) return;
          auto& members = it->second;
          size_t before = members.size();
          std::erase_if(members, [&](const Member& m) { return ReachEnd(m) < evict_before_us; });
          size_ -= before - members.size();
          if (members.empty()) {
            cells_.erase(it);
            return;
          }
          for (Member& m : members)
            visit(m);
        });
  }

  // Rewrites every member's incident through `resolve`.
  template <typename Resolve>
  void Relabel(Resolve&& resolve) {
    for (auto& [key, members] : cells_) {
      for (Member& m : members)
        m.incident = resolve(m.incident);
    }
  }

  // Drops every member whose reach ends before `evict_before_us` (whole sweep).
  void Evict(int64_t evict_before_us) {
    for (auto it = cells_.begin(); it != cells_.end();) {
      size_t before = it->second.size();
      std::erase_if(it->second, [&](const Member& m) { return ReachEnd(m) < evict_before_us; });
      size_ -= before - it->second.size();
      it = it->second.empty() ? cells_.erase(it) : std::next(it);
    }
  }

  size_t size() const { return size_; }

 private:
  detail::GridGeometry geometry_;
  std::unordered_map<uint64_t, std::vector<Member>> cells_;
  size_t size_ = 0;
};

}  // namespace

class StreamFuser::Impl {
 public:
  Impl(const FusionConfig& config, double lateness_s, double max_time_uncertainty_s)
      : config_(config),
        lateness_us_(static_cast<int64_t>(lateness_s * 1e6)),
        max_tau_s_(max_time_uncertainty_s) {
    for (size_t f = 0; f < families_.size(); ++f) {
      const LinkThresholds& t = config_.For(static_cast<core::Family>(f));
      for (size_t c = 0; c < kClassBounds.size(); ++c) {
        families_[f].grids.emplace_back(std::max(2 * (t.distance_m + 2 * kClassBounds[c]), 100.0));
      }
    }
  }

  Arrival Add(const FusionPoint& p) {
    Family& family = families_[static_cast<size_t>(p.family)];
    const LinkThresholds& t = config_.For(p.family);
    Arrival arrival;
    size_t c_new = ClassOf(p.position_uncertainty_m);
    family.max_u[c_new] = std::max(family.max_u[c_new], p.position_uncertainty_m);
    watermark_us_ = std::max(watermark_us_, p.t_us);
    // Members whose t + τ is behind the horizon are beyond the reach of any
    // on-time arrival: |t_p − t_m| > eps + τ_max + τ_m >= eps + τ_p + τ_m.
    int64_t horizon = watermark_us_ - lateness_us_ -
                      static_cast<int64_t>((t.time_s + max_tau_s_) * 1e6 * kSlack) - 1;
    // A point that can reach back to an evicted member (t_m + τ_m up to
    // evicted_up_to) may have partners that are gone: the caller must
    // complete it from storage. (Evicting first: this arrival may itself
    // move the horizon past partners a wide time uncertainty reaches.)
    family.evicted_up_to = std::max(family.evicted_up_to, horizon);
    double reach_back_us =
        static_cast<double>(p.t_us) - (t.time_s + p.time_uncertainty_s) * 1e6 * kSlack;
    arrival.late = reach_back_us - 1 < static_cast<double>(family.evicted_up_to);

    detail::LocalScale scale = detail::LocalScaleAt(p.lat);
    std::vector<uint64_t> roots;
    for (size_t c = 0; c < family.grids.size(); ++c) {
      if (family.grids[c].size() == 0) continue;
      double radius = t.distance_m + p.position_uncertainty_m + family.max_u[c];
      family.grids[c].Query(p.lat, p.lon, radius, horizon, [&](Member& m) {
        const FusionPoint& q = m.point;
        // Cheapest test first: most members in reach are outside the time span.
        double dt_us = std::fabs(static_cast<double>(p.t_us - q.t_us));
        if (dt_us > (t.time_s + p.time_uncertainty_s + q.time_uncertainty_s) * 1e6) return;
        uint64_t root = Resolve(m.incident);
        m.incident = root;
        if (std::find(roots.begin(), roots.end(), root) != roots.end()) return;
        if (detail::WithinDistanceScaled(
                p.lat, p.lon, scale, q.lat, q.lon, m.scale,
                t.distance_m + p.position_uncertainty_m + q.position_uncertainty_m)) {
          roots.push_back(root);
        }
      });
    }
    if (roots.empty()) {
      arrival.incident = next_incident_++;
    } else {
      arrival.incident = *std::min_element(roots.begin(), roots.end());
      for (uint64_t r : roots) {
        if (r == arrival.incident) continue;
        parent_[r] = arrival.incident;
        arrival.absorbed.push_back(r);
      }
    }
    family.grids[c_new].Insert(Member{p, scale, arrival.incident});
    if (++adds_since_sweep_ >= kSweepEvery) Sweep();
    return arrival;
  }

  void Resume(int64_t stored_up_to_us, uint64_t next_incident) {
    for (auto& family : families_)
      family.evicted_up_to = std::max(family.evicted_up_to, stored_up_to_us);
    next_incident_ = std::max(next_incident_, next_incident);
  }

  void Merge(uint64_t absorbed, uint64_t into) {
    uint64_t a = Resolve(absorbed), b = Resolve(into);
    if (a == b) return;
    if (a < b) std::swap(a, b);
    parent_[a] = b;
  }

  uint64_t Resolve(uint64_t incident) {
    uint64_t root = incident;
    for (auto it = parent_.find(root); it != parent_.end(); it = parent_.find(root)) {
      root = it->second;
    }
    // Path compression.
    while (incident != root) {
      auto it = parent_.find(incident);
      uint64_t next = it->second;
      it->second = root;
      incident = next;
    }
    return root;
  }

  size_t WindowSize() const {
    size_t n = 0;
    for (const auto& family : families_) {
      for (const auto& grid : family.grids)
        n += grid.size();
    }
    return n;
  }

 private:
  struct Family {
    std::vector<StreamGrid> grids;
    std::array<double, kClassBounds.size()> max_u{};
    int64_t evicted_up_to = std::numeric_limits<int64_t>::min();
  };

  // Now and then: evict everything behind each family's horizon (cells a
  // query never visits would otherwise keep theirs), and forget merge
  // records no member refers to any more, so memory follows the window.
  void Sweep() {
    adds_since_sweep_ = 0;
    for (auto& family : families_) {
      for (auto& grid : family.grids) {
        grid.Evict(family.evicted_up_to);
        grid.Relabel([&](uint64_t incident) { return Resolve(incident); });
      }
    }
    parent_.clear();
  }

  static constexpr size_t kSweepEvery = 1 << 16;

  FusionConfig config_;
  int64_t lateness_us_;
  double max_tau_s_;
  int64_t watermark_us_ = std::numeric_limits<int64_t>::min();
  std::array<Family, 6> families_;
  std::unordered_map<uint64_t, uint64_t> parent_;
  uint64_t next_incident_ = 1;
  size_t adds_since_sweep_ = 0;
};

StreamFuser::StreamFuser(const FusionConfig& config, double lateness_s,
                         double max_time_uncertainty_s)
    : impl_(std::make_unique<Impl>(config, lateness_s, max_time_uncertainty_s)) {}
StreamFuser::~StreamFuser() = default;
StreamFuser::Arrival StreamFuser::Add(const FusionPoint& point) {
  return impl_->Add(point);
}
uint64_t StreamFuser::Resolve(uint64_t incident) {
  return impl_->Resolve(incident);
}
void StreamFuser::Resume(int64_t stored_up_to_us, uint64_t next_incident) {
  impl_->Resume(stored_up_to_us, next_incident);
}
void StreamFuser::Merge(uint64_t absorbed, uint64_t into) {
  impl_->Merge(absorbed, into);
}
size_t StreamFuser::WindowSize() const {
  return impl_->WindowSize();
}

}  // namespace truceline::fusion
