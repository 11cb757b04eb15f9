#include "app/incident_view.hpp"

#include <algorithm>
#include <cmath>

namespace truceline::app {
namespace {

// Grid cells of 0.1 degree (about 11 km north–south): a map's small query
// touches a few dozen of them.
constexpr double kCellDeg = 0.1;
constexpr int64_t kLatCells = 1801;  // (90 - -90) / 0.1, plus the pole's row
constexpr int64_t kLonCells = 3601;
// Beyond this many cells, walking the time order is always the cheaper plan.
constexpr int64_t kMaxCellsVisited = 4096;

int64_t LatCell(double lat) {
  return std::clamp<int64_t>(static_cast<int64_t>(std::floor((lat + 90) / kCellDeg)), 0,
                             kLatCells - 1);
}
int64_t LonCell(double lon) {
  return std::clamp<int64_t>(static_cast<int64_t>(std::floor((lon + 180) / kCellDeg)), 0,
                             kLonCells - 1);
}

int64_t Micros(core::UtcMicros t) {
  return core::ToUnixMicros(t);
}

// Every filter of the query, with the store's semantics (store.hpp,
// IncidentQuery): bounds inclusive, time filters on the [first, last] span,
// the bbox on the centroid (west > east crosses the antimeridian), a review
// status on the review, an evidence status only on unreviewed incidents.
bool Matches(const store::IncidentQuery& query, const core::Incident& incident) {
  const core::IncidentSummary& s = incident.summary;
  if (query.from && Micros(s.last_at) < Micros(*query.from)) return false;
  if (query.to && Micros(s.first_at) > Micros(*query.to)) return false;
  if (query.bbox) {
    const auto& [west, south, east, north] = *query.bbox;
    if (!(s.lat >= south && s.lat <= north)) return false;
    bool lon_in =
        west <= east ? (s.lon >= west && s.lon <= east) : (s.lon >= west || s.lon <= east);
    if (!lon_in) return false;
  }
  if (query.family && s.family != *query.family) return false;
  if (query.status) {
    if (core::IsReviewStatus(*query.status)) {
      if (!incident.review || incident.review->status != *query.status) return false;
    } else if (incident.review || s.evidence_status != *query.status) {
      return false;
    }
  }
  if (query.after) {
    int64_t t = Micros(s.first_at);
    int64_t after_t = Micros(query.after->first);
    if (t < after_t || (t == after_t && incident.id <= query.after->second)) return false;
  }
  return true;
}

}  // namespace

IncidentView::CellKey IncidentView::CellOf(double lat, double lon) {
  return static_cast<CellKey>(LatCell(lat) * kLonCells + LonCell(lon));
}

core::Status IncidentView::CatchUp(store::Store& store) {
  std::vector<store::IncidentChange> changes;
  TRUCELINE_RETURN_IF_ERROR(store.ScanIncidentChanges(
      applied_seq_, [&](const store::IncidentChange& change) { changes.push_back(change); }));
  Apply(changes);
  return core::Status::Ok();
}

void IncidentView::Apply(std::span<const store::IncidentChange> changes) {
  for (const store::IncidentChange& change : changes) {
    if (change.seq <= applied_seq_) continue;  // already applied
    Remove(change.id);
    if (change.incident) Insert(*change.incident);
    applied_seq_ = change.seq;
  }
}

void IncidentView::Remove(uint64_t id) {
  auto found = incidents_.find(id);
  if (found == incidents_.end()) return;
  const core::IncidentSummary& s = found->second.summary;
  by_time_.erase({Micros(s.first_at), id});
  auto cell = cells_.find(CellOf(s.lat, s.lon));
  if (cell != cells_.end()) {
    std::vector<const core::Incident*>& members = cell->second;
    auto at = std::find(members.begin(), members.end(), &found->second);
    if (at != members.end()) {
      *at = members.back();
      members.pop_back();
    }
    if (members.empty()) cells_.erase(cell);
  }
  incidents_.erase(found);
}

void IncidentView::Insert(const core::Incident& incident) {
  const core::IncidentSummary& s = incident.summary;
  const core::Incident* stored = &incidents_.insert_or_assign(incident.id, incident).first->second;
  by_time_.emplace(TimeKey{Micros(s.first_at), incident.id}, stored);
  cells_[CellOf(s.lat, s.lon)].push_back(stored);
}

bool IncidentView::CellCandidates(const store::IncidentQuery& query,
                                  std::vector<const core::Incident*>& out) const {
  if (!query.bbox) return false;
  const auto& [west, south, east, north] = *query.bbox;
  if (west > east) return false;
  const int64_t lat0 = LatCell(south), lat1 = LatCell(north);
  const int64_t lon0 = LonCell(west), lon1 = LonCell(east);
  if ((lat1 - lat0 + 1) * (lon1 - lon0 + 1) > kMaxCellsVisited) return false;
  std::vector<const std::vector<const core::Incident*>*> touched;
  size_t candidates = 0;
  for (int64_t la = lat0; la <= lat1; ++la) {
    for (int64_t lo = lon0; lo <= lon1; ++lo) {
      auto cell = cells_.find(static_cast<CellKey>(la * kLonCells + lo));
      if (cell == cells_.end()) continue;
      touched.push_back(&cell->second);
      candidates += cell->second.size();
    }
  }
  // Gathering and sorting k candidates costs about k; walking the time
  // order until `limit` of them match costs about limit * n / k.
  if (query.limit) {
    double n = static_cast<double>(incidents_.size());
    double k = static_cast<double>(candidates);
    if (k * k > 4 * static_cast<double>(*query.limit) * n) return false;
  }
  out.reserve(candidates);
  for (const auto* members : touched) {
    for (const core::Incident* incident : *members) {
      if (Matches(query, *incident)) out.push_back(incident);
    }
  }
  return true;
}

void IncidentView::Scan(const store::IncidentQuery& query,
                        const std::function<bool(const core::Incident&)>& visit) const {
  const uint64_t limit = query.limit.value_or(UINT64_MAX);
  if (limit == 0) return;
  std::vector<const core::Incident*> candidates;
  if (CellCandidates(query, candidates)) {
    auto earlier = [](const core::Incident* a, const core::Incident* b) {
      return TimeKey{Micros(a->summary.first_at), a->id} <
             TimeKey{Micros(b->summary.first_at), b->id};
    };
    size_t take = static_cast<size_t>(std::min<uint64_t>(limit, candidates.size()));
    std::partial_sort(candidates.begin(), candidates.begin() + static_cast<ptrdiff_t>(take),
                      candidates.end(), earlier);
    for (size_t i = 0; i < take; ++i) {
      if (!visit(*candidates[i])) return;
    }
    return;
  }
  auto it = by_time_.begin();
  if (query.after) {
    it = by_time_.lower_bound(TimeKey{Micros(query.after->first), query.after->second});
  }
  uint64_t visited = 0;
  for (; it != by_time_.end(); ++it) {
    if (query.to && it->first.first > Micros(*query.to)) return;
    const core::Incident& incident = *it->second;
    if (!Matches(query, incident)) continue;
    if (!visit(incident)) return;
    if (++visited == limit) return;
  }
}

}  // namespace truceline::app
