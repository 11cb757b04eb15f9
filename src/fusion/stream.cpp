#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <unordered_map>
#include <utility>

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

// Cells are also cut into time slabs, so a search reads only the members
// near the arrival's time, not the whole window (hours, when the lateness
// is). Members with a wider time uncertainty than kWideTauS live in grids
// without slabs, so one of them does not widen every narrow search.
constexpr int64_t kSlabUs = 300'000'000;
constexpr double kWideTauS = 1800;
constexpr size_t kGridsPerFamily = 2 * kClassBounds.size();

size_t GridOf(const FusionPoint& p) {
  return ClassOf(p.position_uncertainty_m) +
         (p.time_uncertainty_s > kWideTauS ? kClassBounds.size() : 0);
}

int64_t FloorDiv(int64_t a, int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
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
// the window. Each cell keeps its members in time slabs (a single slab
// when slab_us == 0), sorted by slab, in arrival order within a slab: one
// hash lookup per cell, then only the slabs a search's time span meets.
class StreamGrid {
 public:
  // Columns sized for 50° (the theatre); only speed depends on it.
  // Buckets are reserved up front: rehashing a grown table stalls the
  // arrival that triggers it.
  StreamGrid(double cell_m, int64_t slab_us) : geometry_(cell_m, 50.0), slab_us_(slab_us) {
    cells_.reserve(kReservedCells);
  }

  void Insert(Member member) {
    auto& slabs = cells_[geometry_.KeyOf(member.point.lat, member.point.lon)];
    int64_t index = SlabOf(member.point.t_us);
    // Arrivals are mostly in time order: look from the back.
    auto it = slabs.end();
    while (it != slabs.begin() && std::prev(it)->index > index)
      --it;
    if (it == slabs.begin() || std::prev(it)->index != index) {
      it = slabs.insert(it, Slab{index, {}});
    } else {
      --it;
    }
    it->members.push_back(member);
    ++size_;
  }

  // Visits the members within `radius_m` and observed in [t_lo, t_hi]
  // (and maybe others nearby), after dropping those whose reach ends
  // (t + τ) before `evict_before_us`.
  template <typename Visit>
  void Query(double lat, double lon, double radius_m, int64_t t_lo_us, int64_t t_hi_us,
             int64_t evict_before_us, Visit&& visit) {
    int64_t lo = SlabOf(t_lo_us), hi = SlabOf(t_hi_us);
    geometry_.ForEachCellInReach(
        lat, lon, radius_m, detail::BandEdgeFor(lat, radius_m), [&](uint64_t key) {
          auto cell = cells_.find(key);
          if (cell == cells_.end()) return;
          auto& slabs = cell->second;
          auto it = std::lower_bound(slabs.begin(), slabs.end(), lo,
                                     [](const Slab& slab, int64_t i) { return slab.index < i; });
          while (it != slabs.end() && it->index <= hi) {
            auto& members = it->members;
            size_t before = members.size();
            std::erase_if(members, [&](const Member& m) { return ReachEnd(m) < evict_before_us; });
            size_ -= before - members.size();
            if (members.empty()) {
              it = slabs.erase(it);
              continue;
            }
            for (Member& m : members)
              visit(m);
            ++it;
          }
          if (slabs.empty()) cells_.erase(cell);
        });
  }

  // The keys of the cells that hold members now.
  void AppendCellKeys(std::vector<uint64_t>& keys) const {
    for (const auto& [key, slabs] : cells_)
      keys.push_back(key);
  }

  // One step of the background sweep: drops the cell's members whose reach
  // ends before `evict_before_us` (cells no search visits would otherwise
  // keep theirs) and rewrites the others' incidents through `resolve`.
  template <typename Resolve>
  void SweepCell(uint64_t key, int64_t evict_before_us, Resolve&& resolve) {
    auto cell = cells_.find(key);
    if (cell == cells_.end()) return;
    auto& slabs = cell->second;
    for (auto it = slabs.begin(); it != slabs.end();) {
      size_t before = it->members.size();
      std::erase_if(it->members, [&](const Member& m) { return ReachEnd(m) < evict_before_us; });
      size_ -= before - it->members.size();
      for (Member& m : it->members)
        m.incident = resolve(m.incident);
      it = it->members.empty() ? slabs.erase(it) : std::next(it);
    }
    if (slabs.empty()) cells_.erase(cell);
  }

  size_t size() const { return size_; }

 private:
  struct Slab {
    int64_t index;
    std::vector<Member> members;
  };
  int64_t SlabOf(int64_t t_us) const { return slab_us_ ? FloorDiv(t_us, slab_us_) : 0; }
  static constexpr size_t kReservedCells = 4096;

  detail::GridGeometry geometry_;
  int64_t slab_us_;
  std::unordered_map<uint64_t, std::vector<Slab>> cells_;
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
      for (size_t g = 0; g < kGridsPerFamily; ++g) {
        size_t c = g % kClassBounds.size();
        bool wide = g >= kClassBounds.size();
        families_[f].grids.emplace_back(std::max(2 * (t.distance_m + 2 * kClassBounds[c]), 100.0),
                                        wide ? 0 : kSlabUs);
      }
    }
  }

  // Members whose t + τ is behind the horizon are beyond the reach of any
  // on-time arrival: |t_p − t_m| > eps + τ_max + τ_m >= eps + τ_p + τ_m.
  int64_t HorizonAfter(const FusionPoint& p) const {
    const LinkThresholds& t = config_.For(p.family);
    return std::max(watermark_us_, p.t_us) - lateness_us_ -
           static_cast<int64_t>((t.time_s + max_tau_s_) * 1e6 * kSlack) - 1;
  }

  // A point that can reach back to an evicted member (t_m + τ_m up to
  // `evicted_up_to`) may have partners that are gone: the caller must
  // complete it from storage.
  bool LateAgainst(const FusionPoint& p, int64_t evicted_up_to) const {
    const LinkThresholds& t = config_.For(p.family);
    double reach_back_us =
        static_cast<double>(p.t_us) - (t.time_s + p.time_uncertainty_s) * 1e6 * kSlack;
    return reach_back_us - 1 < static_cast<double>(evicted_up_to);
  }

  bool WouldBeLate(const FusionPoint& p) const {
    const Family& family = families_[static_cast<size_t>(p.family)];
    return LateAgainst(p, std::max(family.evicted_up_to, HorizonAfter(p)));
  }

  Arrival Add(const FusionPoint& p, std::span<const Partner> stored, const Separated* separated) {
    Family& family = families_[static_cast<size_t>(p.family)];
    const LinkThresholds& t = config_.For(p.family);
    Arrival arrival;
    size_t g_new = GridOf(p);
    family.max_u[g_new] = std::max(family.max_u[g_new], p.position_uncertainty_m);
    family.max_tau[g_new] = std::max(family.max_tau[g_new], p.time_uncertainty_s);
    int64_t horizon = HorizonAfter(p);
    watermark_us_ = std::max(watermark_us_, p.t_us);
    // (Evicting first: this arrival may itself move the horizon past
    // partners a wide time uncertainty reaches.)
    family.evicted_up_to = std::max(family.evicted_up_to, horizon);
    arrival.late = LateAgainst(p, family.evicted_up_to);

    // With separations, the nearest linked report of each incident counts;
    // without, the first link to an incident settles it.
    const bool choosing = separated && *separated;
    detail::LocalScale scale = detail::LocalScaleAt(p.lat);
    std::vector<Partner> roots;
    auto find_root = [&](uint64_t root) {
      return std::find_if(roots.begin(), roots.end(),
                          [&](const Partner& r) { return r.incident == root; });
    };
    for (size_t g = 0; g < family.grids.size(); ++g) {
      if (family.grids[g].size() == 0) continue;
      double radius = t.distance_m + p.position_uncertainty_m + family.max_u[g];
      auto reach_us = static_cast<int64_t>((t.time_s + p.time_uncertainty_s + family.max_tau[g]) *
                                           1e6 * kSlack) +
                      1;
      family.grids[g].Query(
          p.lat, p.lon, radius, p.t_us - reach_us, p.t_us + reach_us, horizon, [&](Member& m) {
            const FusionPoint& q = m.point;
            // Cheapest test first: most members in reach are outside the time span.
            double dt_us = std::fabs(static_cast<double>(p.t_us - q.t_us));
            if (dt_us > (t.time_s + p.time_uncertainty_s + q.time_uncertainty_s) * 1e6) return;
            uint64_t root = Resolve(m.incident);
            m.incident = root;
            auto known = find_root(root);
            auto dt = static_cast<int64_t>(dt_us);
            if (known != roots.end() && (!choosing || known->dt_us <= dt)) return;
            if (detail::WithinDistanceScaled(
                    p.lat, p.lon, scale, q.lat, q.lon, m.scale,
                    t.distance_m + p.position_uncertainty_m + q.position_uncertainty_m)) {
              if (known != roots.end()) {
                known->dt_us = dt;
              } else {
                roots.push_back({root, dt});
              }
            }
          });
    }
    for (const Partner& s : stored) {
      uint64_t root = Resolve(s.incident);
      auto known = find_root(root);
      if (known == roots.end()) {
        roots.push_back({root, s.dt_us});
      } else {
        known->dt_us = std::min(known->dt_us, s.dt_us);
      }
    }
    std::vector<uint64_t> joined;
    if (choosing) {
      std::sort(roots.begin(), roots.end(), [](const Partner& a, const Partner& b) {
        return a.dt_us != b.dt_us ? a.dt_us < b.dt_us : a.incident < b.incident;
      });
      for (const Partner& r : roots) {
        if (std::none_of(joined.begin(), joined.end(),
                         [&](uint64_t j) { return (*separated)(j, r.incident); })) {
          joined.push_back(r.incident);
        }
      }
    } else {
      for (const Partner& r : roots)
        joined.push_back(r.incident);
    }
    if (joined.empty()) {
      arrival.incident = next_incident_++;
    } else {
      arrival.incident = *std::min_element(joined.begin(), joined.end());
      for (uint64_t r : joined) {
        if (r == arrival.incident) continue;
        fresh_parent_[r] = arrival.incident;
        arrival.absorbed.push_back(r);
      }
    }
    family.grids[g_new].Insert(Member{p, scale, arrival.incident});
    SweepSome();
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
    fresh_parent_[a] = b;
  }

  uint64_t Resolve(uint64_t incident) {
    uint64_t root = incident;
    while (uint64_t* next = ParentOf(root))
      root = *next;
    // Path compression.
    while (incident != root) {
      uint64_t* next = ParentOf(incident);
      incident = std::exchange(*next, root);
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
    std::array<double, kGridsPerFamily> max_u{};
    std::array<double, kGridsPerFamily> max_tau{};
    int64_t evicted_up_to = std::numeric_limits<int64_t>::min();
  };

  // The merge record of an absorbed incident, if it is still kept.
  uint64_t* ParentOf(uint64_t incident) {
    if (auto it = fresh_parent_.find(incident); it != fresh_parent_.end()) return &it->second;
    if (auto it = stale_parent_.find(incident); it != stale_parent_.end()) return &it->second;
    return nullptr;
  }

  // The background sweep, a few cells per arrival so that no arrival pays
  // for the whole window: each round visits every cell that held members
  // when it began, evicting what is behind the horizon and rewriting
  // incidents to their roots. Merges recorded during a round go to
  // fresh_parent_; when the round ends, no member refers to an id merged
  // before it began (visited members were rewritten, newer ones were roots
  // when inserted), so the older records are dropped and memory follows
  // the window.
  void SweepSome() {
    for (size_t n = 0; n < kSweepCellsPerArrival; ++n) {
      // The next grid's cells are listed when its turn comes, so no single
      // arrival copies the whole window's keys.
      while (sweep_next_ == sweep_keys_.size()) {
        sweep_keys_.clear();
        sweep_next_ = 0;
        if (++sweep_grid_ >= families_.size() * kGridsPerFamily) {
          sweep_grid_ = 0;
          stale_parent_ = std::move(fresh_parent_);
          fresh_parent_.clear();
          if (WindowSize() == 0) return;
        }
        families_[sweep_grid_ / kGridsPerFamily]
            .grids[sweep_grid_ % kGridsPerFamily]
            .AppendCellKeys(sweep_keys_);
      }
      Family& family = families_[sweep_grid_ / kGridsPerFamily];
      family.grids[sweep_grid_ % kGridsPerFamily].SweepCell(
          sweep_keys_[sweep_next_++], family.evicted_up_to,
          [&](uint64_t incident) { return Resolve(incident); });
    }
  }

  static constexpr size_t kSweepCellsPerArrival = 4;

  FusionConfig config_;
  int64_t lateness_us_;
  double max_tau_s_;
  int64_t watermark_us_ = std::numeric_limits<int64_t>::min();
  std::array<Family, 6> families_;
  // Absorbed incident -> the incident it merged into, for this sweep round
  // and the previous one.
  std::unordered_map<uint64_t, uint64_t> fresh_parent_, stale_parent_;
  size_t sweep_grid_ = 0;             // family * kGridsPerFamily + grid being swept
  std::vector<uint64_t> sweep_keys_;  // its cells when its turn began
  size_t sweep_next_ = 0;
  uint64_t next_incident_ = 1;
};

StreamFuser::StreamFuser(const FusionConfig& config, double lateness_s,
                         double max_time_uncertainty_s)
    : impl_(std::make_unique<Impl>(config, lateness_s, max_time_uncertainty_s)) {}
StreamFuser::~StreamFuser() = default;
StreamFuser::Arrival StreamFuser::Add(const FusionPoint& point, std::span<const Partner> stored,
                                      const Separated* separated) {
  return impl_->Add(point, stored, separated);
}
bool StreamFuser::WouldBeLate(const FusionPoint& point) const {
  return impl_->WouldBeLate(point);
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
