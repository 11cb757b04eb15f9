#include "app/incident_edit.hpp"

#include <algorithm>
#include <span>

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
  update.state.revision = state->revision + 1;
  update.expected_fused_up_to_seq = state->fused_up_to_seq;
  update.expected_revision = state->revision;
  update.analyst = store::FusionUpdate::Analyst{actor.name, reason};
  auto rules = LoadActiveRules(store);
  if (!rules.ok()) return rules.status();
  if (*rules) update.violations = EvaluateForStore(**rules, std::span(&changed.incident, 1));
  TRUCELINE_RETURN_IF_ERROR(store.ApplyFusion(update, clock.Now()));

  auto merged = store.GetIncident(into.id);
  if (!merged.ok()) return merged.status();
  outcome.incident = std::move(*merged);
  return outcome;
}

}  // namespace

core::Result<MergeOutcome> MergeIncidents(store::Store& store, uint64_t incident, uint64_t with,
                                          const std::string& reason, const Actor& actor,
                                          const AdminRegions* regions, const core::Clock& clock) {
  TRUCELINE_RETURN_IF_ERROR(CheckEditor(actor, "merge"));
  TRUCELINE_RETURN_IF_ERROR(CheckReason(reason));
  for (int attempt = 1;; ++attempt) {
    auto merged = TryMerge(store, incident, with, reason, actor, regions, clock);
    if (merged.ok() || merged.status().code() != ErrorCode::kAlreadyExists ||
        attempt == kAttempts) {
      return merged;
    }
  }
}

}  // namespace truceline::app
