#include "server/plan_runs.hpp"

namespace truceline::server {

std::shared_ptr<const PlanRun> PlanRuns::Add(PlanRun run) {
  std::lock_guard lock(mutex_);
  run.id = next_id_++;
  auto stored = std::make_shared<const PlanRun>(std::move(run));
  runs_.push_back(stored);
  while (runs_.size() > capacity_)
    runs_.pop_front();
  return stored;
}

std::shared_ptr<const PlanRun> PlanRuns::Find(uint64_t id) const {
  std::lock_guard lock(mutex_);
  for (const auto& run : runs_) {
    if (run->id == id) return run;
  }
  return nullptr;
}

std::vector<std::shared_ptr<const PlanRun>> PlanRuns::List() const {
  std::lock_guard lock(mutex_);
  return {runs_.rbegin(), runs_.rend()};
}

std::optional<std::unique_lock<std::timed_mutex>> PlanRuns::AcquireSolver(
    std::chrono::milliseconds wait) {
  std::unique_lock lock(solver_, std::defer_lock);
  if (!lock.try_lock_for(wait)) return std::nullopt;
  return lock;
}

}  // namespace truceline::server
