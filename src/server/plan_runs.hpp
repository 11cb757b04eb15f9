#pragma once
// PlanRuns: the deployment plans the server has run, kept in memory and
// bounded (the oldest run is dropped past the capacity; a restart forgets
// them all: a plan is cheap to run again from its request, which the audit
// trail keeps). Also the gate that lets one plan solve at a time, so
// solving never takes every worker. Thread-safe.

#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/plan_file.hpp"
#include "core/time.hpp"

namespace truceline::server {

struct PlanRun {
  uint64_t id = 0;
  core::UtcMicros created_at{};
  std::string created_by;
  std::string scenario;    // the scenario's id
  std::string source;      // "bundled" or "request" (a document in the body)
  nlohmann::json request;  // the run's parameters as accepted (no scenario document)
  std::optional<nlohmann::json> document;  // a scenario document sent in the body
  double seconds = 0;                      // solving, wall clock
  app::PlanOutcome outcome;
};

class PlanRuns {
 public:
  explicit PlanRuns(size_t capacity) : capacity_(capacity) {}

  // Stores `run` under the next id (returned in the stored run).
  std::shared_ptr<const PlanRun> Add(PlanRun run);
  // The run `id`, or null when it was never made or has been dropped.
  std::shared_ptr<const PlanRun> Find(uint64_t id) const;
  // Every run held, newest first.
  std::vector<std::shared_ptr<const PlanRun>> List() const;

  // One solve at a time: a lock, or nullopt when another solve kept the
  // gate for `wait`.
  std::optional<std::unique_lock<std::timed_mutex>> AcquireSolver(std::chrono::milliseconds wait);

  size_t capacity() const { return capacity_; }

 private:
  const size_t capacity_;
  mutable std::mutex mutex_;
  uint64_t next_id_ = 1;
  std::deque<std::shared_ptr<const PlanRun>> runs_;  // oldest first
  std::timed_mutex solver_;
};

}  // namespace truceline::server
