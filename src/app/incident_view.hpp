#pragma once
// IncidentView: an in-memory copy of the store's incidents, indexed by place
// and by first observation, for front ends that answer many small queries
// (the server's map and lists). It answers exactly what
// store::Store::ScanIncidents answers for the same query, as of its last
// CatchUp, and catches up by reading only the incidents that changed since
// (store::Store::ScanIncidentChanges), whoever changed them.

#include <cstdint>
#include <functional>
#include <map>
#include <span>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/incident.hpp"
#include "core/status.hpp"
#include "store/store.hpp"

namespace truceline::app {

class IncidentView {
 public:
  // Applies every incident change in `store` after the last one applied
  // (all incidents, the first time). Not safe to call concurrently with
  // Scan; callers serialise (the server holds a lock).
  core::Status CatchUp(store::Store& store);

  // Applies changes read elsewhere, in change order. The same contract as
  // CatchUp, for callers that read the changes outside their lock.
  void Apply(std::span<const store::IncidentChange> changes);

  // The change number applied last (0 before the first CatchUp).
  uint64_t applied_seq() const { return applied_seq_; }
  size_t size() const { return incidents_.size(); }

  // Calls `visit` for each incident matching `query`, by first observation
  // then id, at most query.limit of them; stops early when `visit` returns
  // false. The same results as store::Store::ScanIncidents.
  void Scan(const store::IncidentQuery& query,
            const std::function<bool(const core::Incident&)>& visit) const;

 private:
  using TimeKey = std::pair<int64_t, uint64_t>;  // (first observation µs, id)
  using CellKey = uint64_t;

  static CellKey CellOf(double lat, double lon);
  void Remove(uint64_t id);
  void Insert(const core::Incident& incident);
  // The candidates of a small bbox from the grid, or false when the bbox is
  // large enough that walking the time order is cheaper.
  bool CellCandidates(const store::IncidentQuery& query,
                      std::vector<const core::Incident*>& out) const;

  // The incidents by id; the indexes point into it (an unordered_map's
  // elements stay where they are while it grows).
  std::unordered_map<uint64_t, core::Incident> incidents_;
  std::map<TimeKey, const core::Incident*> by_time_;
  std::unordered_map<CellKey, std::vector<const core::Incident*>> cells_;
  uint64_t applied_seq_ = 0;
};

}  // namespace truceline::app
