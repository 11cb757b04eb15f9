#include "app/incident_tracker.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <unordered_map>

#include <fmt/format.h>

#include "app/reference_data.hpp"

namespace truceline::app {
namespace {

constexpr size_t kCatchUpBatch = 50'000;
// Searches of the slow path are widened by this factor, far beyond
// floating-point error (the link test itself is exact).
constexpr double kSlack = 1.0 + 1e-6;
constexpr double kMetresPerDegreeLat = 110'574.0;  // the least on WGS84
constexpr double kMetresPerDegreeLonAtEquator = 111'319.0;

}  // namespace

core::Result<AdminRegions> AdminRegions::LoadBundled() {
  auto oblasts = LoadOblasts();
  if (!oblasts.ok()) return oblasts.status();
  std::vector<std::string> names;
  std::vector<core::geo::MultiPolygon> areas;
  for (auto& oblast : *oblasts) {
    names.push_back(std::move(oblast.name));
    areas.push_back(std::move(oblast.area));
  }
  return AdminRegions(std::move(names), std::move(areas));
}

AdminRegions::AdminRegions(std::vector<std::string> names,
                           std::vector<core::geo::MultiPolygon> areas)
    : names_(std::move(names)), index_(std::move(areas)) {}

std::string AdminRegions::At(double lat, double lon) const {
  auto id = index_.FirstContaining({lat, lon});
  return id ? names_[*id] : std::string();
}

// One fusion step over reports in seq order: the union–find of this step
// on top of the stream fuser, and what it must write.
class IncidentTracker::Step {
 public:
  explicit Step(IncidentTracker& tracker) : t_(tracker), first_new_(tracker.state_.next_incident) {}

  core::Status Add(const Pending& p) {
    if (!t_.separations_.empty()) return AddKeepingApart(p);
    const core::Report& r = *p.report;
    fusion::FusionPoint point = fusion::ToFusionPoint(r);
    auto arrival = t_.fuser_->Add(point);
    uint64_t incident = arrival.incident;
    for (uint64_t absorbed : arrival.absorbed)
      incident = Union(absorbed, incident, p.seq);
    NoteBounds(point);
    if (arrival.late) {
      ++t_.stats_.late;
      auto linked = SlowPath(p, point, incident);
      if (!linked.ok()) return linked.status();
      incident = *linked;
    }
    batch_incident_[p.seq] = incident;
    order_.push_back(p);
    return core::Status::Ok();
  }

  // Add when analysts have separated incidents: a late report's partners
  // in the store are found first, so that the fuser chooses among all the
  // incidents it links to at once (see StreamFuser::Add).
  core::Status AddKeepingApart(const Pending& p) {
    fusion::FusionPoint point = fusion::ToFusionPoint(*p.report);
    NoteBounds(point);
    std::vector<fusion::StreamFuser::Partner> stored;
    if (t_.fuser_->WouldBeLate(point)) {
      ++t_.stats_.late;
      auto found = StoredPartners(p, point);
      if (!found.ok()) return found.status();
      stored = std::move(*found);
    }
    fusion::StreamFuser::Separated separated = [this](uint64_t a, uint64_t b) {
      return Separated(a, b);
    };
    auto arrival = t_.fuser_->Add(point, stored, &separated);
    uint64_t incident = arrival.incident;
    for (uint64_t absorbed : arrival.absorbed)
      incident = Union(absorbed, incident, p.seq);
    batch_incident_[p.seq] = incident;
    order_.push_back(p);
    return core::Status::Ok();
  }

  bool Separated(uint64_t a, uint64_t b) const {
    return std::any_of(t_.separations_.begin(), t_.separations_.end(), [&](const auto& s) {
      return (s.first == a && s.second == b) || (s.first == b && s.second == a);
    });
  }

  // Summarises every incident the step touched and commits the step.
  core::Status Commit() {
    if (order_.empty()) return core::Status::Ok();
    store::FusionUpdate update;
    update.merges = merges_;
    // The tally of each final incident: its stored tally (if it is a stored
    // incident), the tallies of the stored incidents it absorbed, and this
    // step's reports — never the stored reports again.
    std::unordered_map<uint64_t, core::IncidentTally> tally_of;
    auto load_into = [&](core::IncidentTally& tally, uint64_t stored) -> core::Status {
      auto loaded = t_.store_.LoadIncidentTally(stored);
      if (!loaded.ok()) return Stale(loaded.status());
      fusion::MergeTally(tally, *loaded);
      return core::Status::Ok();
    };
    auto tally_for = [&](uint64_t root) -> core::Result<core::IncidentTally*> {
      auto [it, inserted] = tally_of.try_emplace(root);
      if (inserted && root < first_new_) TRUCELINE_RETURN_IF_ERROR(load_into(it->second, root));
      return &it->second;
    };
    for (const auto& merge : merges_) {
      auto tally = tally_for(Find(merge.into));
      if (!tally.ok()) return tally.status();
      TRUCELINE_RETURN_IF_ERROR(load_into(**tally, merge.absorbed));
    }
    for (const Pending& p : order_) {
      uint64_t root = Find(batch_incident_[p.seq]);
      update.members.push_back({p.seq, root});
      auto tally = tally_for(root);
      if (!tally.ok()) return tally.status();
      fusion::AddToTally(**tally, *p.report);
    }
    for (auto& [root, tally] : tally_of) {
      store::FusionUpdate::Changed changed;
      changed.incident.id = root;
      changed.incident.summary = fusion::SummarizeTally(tally);
      if (t_.regions_) {
        changed.incident.admin_region =
            t_.regions_->At(changed.incident.summary.lat, changed.incident.summary.lon);
      }
      changed.tally = std::move(tally);
      update.incidents.push_back(std::move(changed));
    }
    std::sort(update.incidents.begin(), update.incidents.end(),
              [](const auto& a, const auto& b) { return a.incident.id < b.incident.id; });

    update.state = t_.state_;
    update.state.fused_up_to_seq = order_.back().seq;
    update.state.reach_end_up_to_us = reach_end_up_to_us_;
    update.state.next_incident = first_new_;
    for (const auto& [seq, incident] : batch_incident_)
      update.state.next_incident = std::max(update.state.next_incident, incident + 1);
    update.state.bounds = bounds_;
    update.expected_fused_up_to_seq = t_.state_.fused_up_to_seq;
    update.expected_revision = t_.state_.revision;
    if (t_.rules_) {
      auto evaluated = IncidentsToEvaluate(update.incidents);
      if (!evaluated.ok()) return evaluated.status();
      update.violations = EvaluateForStore(*t_.rules_, *evaluated);
    }
    TRUCELINE_RETURN_IF_ERROR(t_.store_.ApplyFusion(update, t_.clock_.Now()));
    t_.state_ = update.state;
    t_.stats_.fused += order_.size();
    t_.stats_.merges += merges_.size();
    t_.stats_.incidents_written += update.incidents.size();
    if (t_.options_.on_commit) t_.options_.on_commit(update);
    return core::Status::Ok();
  }

 private:
  // The changed incidents as the agreement sees them. A stored incident may
  // carry an analyst's review, which decides its status: it is read from
  // the store, but only for incidents that violate something.
  core::Result<std::vector<core::Incident>> IncidentsToEvaluate(
      const std::vector<store::FusionUpdate::Changed>& changed) {
    std::vector<core::Incident> incidents;
    incidents.reserve(changed.size());
    std::vector<rules::Violation> found;
    for (const auto& c : changed) {
      incidents.push_back(c.incident);
      if (c.incident.id >= first_new_) continue;
      found.clear();
      t_.rules_->evaluator.Evaluate(c.incident, found);
      if (found.empty()) continue;
      auto stored = t_.store_.GetIncident(c.incident.id);
      if (!stored.ok()) return stored.status();
      incidents.back().review = stored->review;
    }
    return incidents;
  }

  // An incident this tracker holds in memory may have been merged away by
  // an analyst since it last read the store: then the step is stale
  // (kAlreadyExists, so it is redone after reloading), not broken.
  core::Status Stale(core::Status status) {
    if (status.code() != core::ErrorCode::kNotFound) return status;
    auto state = t_.store_.LoadFusionState();
    if (!state.ok()) return state.status();
    if (state->revision == t_.state_.revision) return status;
    return core::Status(core::ErrorCode::kAlreadyExists,
                        fmt::format("an analyst changed the incidents ({}) since this fusion step "
                                    "began; it is redone",
                                    status.message()));
  }

  uint64_t Find(uint64_t id) {
    uint64_t root = id;
    for (auto it = parent_.find(root); it != parent_.end(); it = parent_.find(root))
      root = it->second;
    while (id != root) {
      auto it = parent_.find(id);
      id = it->second;
      it->second = root;
    }
    return root;
  }

  // Joins the incidents of a and b; the smaller id survives (the older
  // incident). Returns the survivor.
  uint64_t Union(uint64_t a, uint64_t b, uint64_t seq) {
    uint64_t ra = Find(a), rb = Find(b);
    if (ra == rb) return ra;
    uint64_t into = std::min(ra, rb), absorbed = std::max(ra, rb);
    parent_[absorbed] = into;
    for (auto& [x, y] : t_.separations_) {
      if (x == absorbed) x = into;
      if (y == absorbed) y = into;
    }
    t_.fuser_->Merge(absorbed, into);
    if (absorbed < first_new_) merges_.push_back({absorbed, into, seq});
    return into;
  }

  void NoteBounds(const fusion::FusionPoint& p) {
    auto& b = bounds_[static_cast<size_t>(p.family)];
    b.max_time_uncertainty_s = std::max(b.max_time_uncertainty_s, p.time_uncertainty_s);
    b.max_position_uncertainty_m = std::max(b.max_position_uncertainty_m, p.position_uncertainty_m);
    int64_t reach_end = p.t_us + static_cast<int64_t>(std::ceil(p.time_uncertainty_s * 1e6));
    reach_end_up_to_us_ = std::max(reach_end_up_to_us_, reach_end);
  }

  // Links a late report to every earlier report it links to, searched in
  // the store (reports of this step not yet in an incident are looked up
  // here). Returns the report's incident afterwards.
  core::Result<uint64_t> SlowPath(const Pending& p, const fusion::FusionPoint& point,
                                  uint64_t incident) {
    auto partners = StoredPartners(p, point);
    if (!partners.ok()) return partners.status();
    for (const auto& partner : *partners)
      incident = Union(partner.incident, incident, p.seq);
    return Find(incident);
  }

  // The incidents (as this step has them) of the earlier reports in the
  // store, or of this step, that a late report links to, each with the
  // time to its nearest linked report.
  core::Result<std::vector<fusion::StreamFuser::Partner>> StoredPartners(
      const Pending& p, const fusion::FusionPoint& point) {
    const fusion::LinkThresholds& th = t_.options_.config.For(point.family);
    const store::FusionBounds& b = bounds_[static_cast<size_t>(point.family)];
    double span_s = (th.time_s + point.time_uncertainty_s + b.max_time_uncertainty_s) * kSlack;
    double radius_m =
        (th.distance_m + point.position_uncertainty_m + b.max_position_uncertainty_m) * kSlack;
    store::FusionCandidateQuery query;
    query.family = point.family;
    query.from_us = point.t_us - static_cast<int64_t>(std::ceil(span_s * 1e6)) - 1;
    query.to_us = point.t_us + static_cast<int64_t>(std::ceil(span_s * 1e6)) + 1;
    double dlat = radius_m / kMetresPerDegreeLat;
    double edge = std::min(std::fabs(point.lat) + dlat, 90.0);
    double cos_edge = std::cos(edge * std::numbers::pi / 180);
    double dlon = cos_edge > 1e-9 ? radius_m / (kMetresPerDegreeLonAtEquator * cos_edge) : 360.0;
    query.bbox = {point.lon - dlon, std::max(point.lat - dlat, -90.0), point.lon + dlon,
                  std::min(point.lat + dlat, 90.0)};
    if (query.bbox[0] < -180 || query.bbox[2] > 180 || edge >= 90.0) {
      query.bbox[0] = -180;  // across the antimeridian or over a pole: all longitudes
      query.bbox[2] = 180;
    }
    std::vector<fusion::StreamFuser::Partner> partners;
    TRUCELINE_RETURN_IF_ERROR(
        t_.store_.ScanFusionCandidates(query, [&](const store::CandidatePoint& c) {
          if (c.seq >= p.seq) return;  // not yet fused: it will find this report
          fusion::FusionPoint q{
              core::FamilyOf(c.kind),  c.observed_at_us, c.time_uncertainty_s, c.lat, c.lon,
              c.position_uncertainty_m};
          if (!fusion::Linked(point, q, t_.options_.config)) return;
          uint64_t partner = c.incident;
          if (partner == 0) {
            auto it = batch_incident_.find(c.seq);
            if (it == batch_incident_.end()) return;
            partner = it->second;
          }
          partner = Find(partner);
          int64_t dt = std::abs(point.t_us - q.t_us);
          auto known = std::find_if(partners.begin(), partners.end(),
                                    [&](const auto& x) { return x.incident == partner; });
          if (known == partners.end()) {
            partners.push_back({partner, dt});
          } else {
            known->dt_us = std::min(known->dt_us, dt);
          }
        }));
    return partners;
  }

  IncidentTracker& t_;
  const uint64_t first_new_;
  std::unordered_map<uint64_t, uint64_t> batch_incident_;
  std::unordered_map<uint64_t, uint64_t> parent_;
  std::vector<store::FusionUpdate::Merge> merges_;
  std::vector<Pending> order_;
  std::array<store::FusionBounds, 6> bounds_ = t_.state_.bounds;
  int64_t reach_end_up_to_us_ = t_.state_.reach_end_up_to_us;
};

IncidentTracker::IncidentTracker(store::Store& store, const TrackerOptions& options,
                                 const AdminRegions* regions, const core::Clock& clock)
    : store_(store), options_(options), regions_(regions), clock_(clock) {}

IncidentTracker::~IncidentTracker() = default;

core::Result<std::unique_ptr<IncidentTracker>> IncidentTracker::Open(store::Store& store,
                                                                     const TrackerOptions& options,
                                                                     const AdminRegions* regions,
                                                                     const core::Clock& clock) {
  std::unique_ptr<IncidentTracker> tracker(new IncidentTracker(store, options, regions, clock));
  TRUCELINE_RETURN_IF_ERROR(tracker->Reload());
  TRUCELINE_RETURN_IF_ERROR(tracker->CatchUp());
  return tracker;
}

core::Status IncidentTracker::Reload() {
  auto state = store_.LoadFusionState();
  if (!state.ok()) return state.status();
  state_ = *state;
  fuser_ = std::make_unique<fusion::StreamFuser>(options_.config, options_.lateness_s,
                                                 options_.max_time_uncertainty_s);
  fuser_->Resume(state_.reach_end_up_to_us, state_.next_incident);
  auto rules = LoadActiveRules(store_);
  if (!rules.ok()) return rules.status();
  rules_ = std::move(*rules);
  separations_.clear();
  return store_.ScanSeparations([&](uint64_t a, uint64_t b) { separations_.emplace_back(a, b); });
}

core::Status IncidentTracker::FuseInOrder(std::span<const Pending> reports) {
  Step step(*this);
  core::Status status;
  for (const Pending& p : reports) {
    status = step.Add(p);
    if (!status.ok()) break;
  }
  if (status.ok()) status = step.Commit();
  if (!status.ok()) {
    // The window may hold reports of the failed step: start again from
    // what the store holds (another process that fused first included).
    TRUCELINE_RETURN_IF_ERROR(Reload());
  }
  return status;
}

core::Status IncidentTracker::CatchUp() {
  while (true) {
    std::vector<store::FusedReport> backlog;
    TRUCELINE_RETURN_IF_ERROR(
        store_.ScanReportsAfter(state_.fused_up_to_seq, [&](const store::FusedReport& fused) {
          backlog.push_back(fused);
          return backlog.size() < kCatchUpBatch;
        }));
    if (backlog.empty()) return core::Status::Ok();
    std::vector<Pending> pending;
    pending.reserve(backlog.size());
    for (const auto& fused : backlog)
      pending.push_back({fused.seq, &fused.report});
    core::Status fused = FuseInOrder(pending);
    // Another process fused first: go on from what it stored.
    if (fused.code() == core::ErrorCode::kAlreadyExists) continue;
    TRUCELINE_RETURN_IF_ERROR(fused);
  }
}

core::Status IncidentTracker::Fuse(std::span<const core::Report> reports,
                                   std::span<const uint64_t> seqs) {
  std::vector<Pending> pending;
  uint64_t expected = state_.fused_up_to_seq + 1;
  for (size_t i = 0; i < reports.size() && i < seqs.size(); ++i) {
    if (seqs[i] == 0) continue;
    // Something was stored that this tracker has not seen (another writer,
    // or an earlier failure): fuse from the store instead, in seq order.
    if (seqs[i] != expected++) return CatchUp();
    pending.push_back({seqs[i], &reports[i]});
  }
  core::Status fused = FuseInOrder(pending);
  if (fused.code() == core::ErrorCode::kAlreadyExists) return CatchUp();
  return fused;
}

}  // namespace truceline::app
