#include "app/incident_edit.hpp"

#include <algorithm>
#include <map>
#include <span>
#include <utility>

#include <fmt/format.h>

#include "app/agreement_service.hpp"
#include "fusion/fusion.hpp"

namespace truceline::app {
namespace {

using core::ErrorCode;
using core::Status;

// Fusion steps committed by another tracker between reading the store and
// writing the edit make the edit retry; a few attempts are plenty.
constexpr int kAttempts = 8;

Status CheckEditor(const Actor& actor, std::string_view what) {
  if (actor.role == Role::kAnalyst || actor.role == Role::kAdmin) return Status::Ok();
  return Status(ErrorCode::kForbidden,
                fmt::format("{} ({}) may not {} incidents: it needs the analyst role", actor.name,
                            RoleName(actor.role), what));
}

Status CheckReason(const std::string& reason) {
  if (reason.empty()) return Status(ErrorCode::kInvalidArgument, "a reason is required");
  if (reason.size() > kMaxEditReasonBytes) {
    return Status(ErrorCode::kInvalidArgument, fmt::format("the reason is {} bytes; at most {}",
                                                           reason.size(), kMaxEditReasonBytes));
  }
  return Status::Ok();
}

// Commits an analyst's step: `update` holds its incidents and the state to
// write (`state`, as read, plus the step's own changes). The step is
// refused if fusion or another edit moved on since `state` was read; it
// records who and why, and re-evaluates the active agreement on its
// incidents.
Status ApplyAnalystStep(store::Store& store, store::FusionUpdate& update,
                        const store::FusionState& state, const Actor& actor,
                        const std::string& reason, const core::Clock& clock) {
  update.state.revision = state.revision + 1;
  update.expected_fused_up_to_seq = state.fused_up_to_seq;
  update.expected_revision = state.revision;
  update.analyst = store::FusionUpdate::Analyst{actor.name, reason};
  auto rules = LoadActiveRules(store);
  if (!rules.ok()) return rules.status();
  if (*rules) {
    std::vector<core::Incident> evaluated;
    for (const auto& changed : update.incidents)
      evaluated.push_back(changed.incident);
    update.violations = EvaluateForStore(**rules, evaluated);
  }
  return store.ApplyFusion(update, clock.Now());
}

// One attempt: reads both incidents and the fusion state, prepares the
// step and applies it (kAlreadyExists when fusion or another edit moved
// on meanwhile).
core::Result<MergeOutcome> TryMerge(store::Store& store, uint64_t incident, uint64_t with,
                                    const std::string& reason, const Actor& actor,
                                    const AdminRegions* regions, const core::Clock& clock) {
  auto state = store.LoadFusionState();
  if (!state.ok()) return state.status();
  auto a = store.GetIncident(incident);
  if (!a.ok()) return a.status();
  auto b = store.GetIncident(with);
  if (!b.ok()) return b.status();
  if (a->id == b->id) {
    return Status(
        ErrorCode::kInvalidArgument,
        fmt::format("incidents {} and {} are already one incident ({})", incident, with, a->id));
  }
  if (a->summary.family != b->summary.family) {
    return Status(ErrorCode::kInvalidArgument,
                  fmt::format("incident {} is {} and incident {} is {}: only incidents of one "
                              "family can be merged",
                              a->id, core::FamilyName(a->summary.family), b->id,
                              core::FamilyName(b->summary.family)));
  }
  const core::Incident& into = a->id < b->id ? *a : *b;
  const core::Incident& absorbed = a->id < b->id ? *b : *a;

  auto tally = store.LoadIncidentTally(into.id);
  if (!tally.ok()) return tally.status();
  auto other = store.LoadIncidentTally(absorbed.id);
  if (!other.ok()) return other.status();
  fusion::MergeTally(*tally, *other);

  MergeOutcome outcome;
  outcome.absorbed = absorbed.id;
  store::FusionUpdate& update = outcome.update;
  update.merges.push_back({absorbed.id, into.id, 0});
  store::FusionUpdate::Changed changed;
  changed.incident.id = into.id;
  changed.incident.summary = fusion::SummarizeTally(*tally);
  if (regions) {
    changed.incident.admin_region =
        regions->At(changed.incident.summary.lat, changed.incident.summary.lon);
  }
  // The review the store will keep (fusion's rule), which decides the
  // status the agreement sees.
  changed.incident.review = into.review ? into.review : absorbed.review;
  changed.tally = std::move(*tally);
  update.incidents.push_back(changed);
  update.state = *state;
  TRUCELINE_RETURN_IF_ERROR(ApplyAnalystStep(store, update, *state, actor, reason, clock));

  auto merged = store.GetIncident(into.id);
  if (!merged.ok()) return merged.status();
  outcome.incident = std::move(*merged);
  return outcome;
}

// The summary of `tally` as a changed incident of a step.
store::FusionUpdate::Changed Summarised(uint64_t id, core::IncidentTally tally,
                                        const AdminRegions* regions) {
  store::FusionUpdate::Changed changed;
  changed.incident.id = id;
  changed.incident.summary = fusion::SummarizeTally(tally);
  if (regions) {
    changed.incident.admin_region =
        regions->At(changed.incident.summary.lat, changed.incident.summary.lon);
  }
  changed.tally = std::move(tally);
  return changed;
}

// One attempt, as TryMerge.
core::Result<SplitOutcome> TrySplit(store::Store& store, uint64_t incident,
                                    std::span<const ReportKey> reports, const std::string& reason,
                                    const Actor& actor, const AdminRegions* regions,
                                    const core::Clock& clock) {
  auto state = store.LoadFusionState();
  if (!state.ok()) return state.status();
  auto split = store.GetIncident(incident);
  if (!split.ok()) return split.status();
  std::map<std::pair<std::string, std::string>, bool> named;  // key -> found in the incident
  for (const ReportKey& key : reports) {
    if (!named.emplace(std::pair{key.source, key.id}, false).second) {
      return Status(ErrorCode::kInvalidArgument,
                    fmt::format("report {}/{} is named twice", key.source, key.id));
    }
  }
  core::IncidentTally kept_tally, moved_tally;
  std::vector<uint64_t> moved;
  uint64_t members = 0;
  TRUCELINE_RETURN_IF_ERROR(store.ScanIncidentReports(split->id, [&](const store::FusedReport& f) {
    ++members;
    auto it = named.find(std::pair{f.report.source, f.report.id});
    if (it == named.end()) {
      fusion::AddToTally(kept_tally, f.report);
      return;
    }
    it->second = true;
    moved.push_back(f.seq);
    fusion::AddToTally(moved_tally, f.report);
  }));
  for (const auto& [key, found] : named) {
    if (!found) {
      return Status(
          ErrorCode::kInvalidArgument,
          fmt::format("report {}/{} is not part of incident {}", key.first, key.second, split->id));
    }
  }
  if (moved.size() == members) {
    return Status(ErrorCode::kInvalidArgument,
                  fmt::format("a split leaves some reports in incident {}: name fewer than all "
                              "{} of its reports",
                              split->id, members));
  }
  // The new part inherits what the incident was kept apart from.
  std::vector<uint64_t> apart_from;
  TRUCELINE_RETURN_IF_ERROR(store.ScanSeparations([&](uint64_t a, uint64_t b) {
    if (a == split->id) apart_from.push_back(b);
    if (b == split->id) apart_from.push_back(a);
  }));
  const uint64_t new_id = state->next_incident;
  SplitOutcome outcome;
  store::FusionUpdate& update = outcome.update;
  for (uint64_t seq : moved)
    update.moves.push_back({seq, new_id});
  update.separations.push_back({split->id, new_id});
  for (uint64_t other : apart_from)
    update.separations.push_back({other, new_id});
  update.incidents.push_back(Summarised(split->id, std::move(kept_tally), regions));
  update.incidents.push_back(Summarised(new_id, std::move(moved_tally), regions));
  update.incidents[0].incident.review = split->review;  // the status the agreement sees
  update.state = *state;
  update.state.next_incident = new_id + 1;
  TRUCELINE_RETURN_IF_ERROR(ApplyAnalystStep(store, update, *state, actor, reason, clock));

  auto kept = store.GetIncident(split->id);
  if (!kept.ok()) return kept.status();
  auto off = store.GetIncident(new_id);
  if (!off.ok()) return off.status();
  outcome.kept = std::move(*kept);
  outcome.split_off = std::move(*off);
  return outcome;
}

// Runs `attempt` again while fusion or another edit moved on between its
// reading and its writing.
template <typename Attempt>
auto Retrying(const Attempt& attempt) {
  for (int n = 1;; ++n) {
    auto result = attempt();
    if (result.ok() || result.status().code() != ErrorCode::kAlreadyExists || n == kAttempts) {
      return result;
    }
  }
}

}  // namespace

core::Result<MergeOutcome> MergeIncidents(store::Store& store, uint64_t incident, uint64_t with,
                                          const std::string& reason, const Actor& actor,
                                          const AdminRegions* regions, const core::Clock& clock) {
  TRUCELINE_RETURN_IF_ERROR(CheckEditor(actor, "merge"));
  TRUCELINE_RETURN_IF_ERROR(CheckReason(reason));
  return Retrying([&] { return TryMerge(store, incident, with, reason, actor, regions, clock); });
}

core::Result<SplitOutcome> SplitIncident(store::Store& store, uint64_t incident,
                                         std::span<const ReportKey> reports,
                                         const std::string& reason, const Actor& actor,
                                         const AdminRegions* regions, const core::Clock& clock) {
  TRUCELINE_RETURN_IF_ERROR(CheckEditor(actor, "split"));
  TRUCELINE_RETURN_IF_ERROR(CheckReason(reason));
  if (reports.empty()) {
    return Status(ErrorCode::kInvalidArgument, "a split names the reports to move: none given");
  }
  if (reports.size() > kMaxSplitReports) {
    return Status(
        ErrorCode::kInvalidArgument,
        fmt::format("a split names at most {} reports, not {}", kMaxSplitReports, reports.size()));
  }
  return Retrying(
      [&] { return TrySplit(store, incident, reports, reason, actor, regions, clock); });
}

}  // namespace truceline::app
