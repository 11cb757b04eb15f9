#pragma once
// The active agreement of a store: activating one (every stored incident
// evaluated against it, in one transaction), and keeping the stored
// violations current as fusion changes incidents and analysts review them.

#include <optional>
#include <span>
#include <string>

#include "app/registry_service.hpp"
#include "core/status.hpp"
#include "core/time.hpp"
#include "rules/evaluator.hpp"
#include "store/store.hpp"

namespace truceline::app {

// The store's active agreement, compiled for evaluation.
struct ActiveRules {
  uint64_t version = 0;  // store::StoredAgreement::version
  rules::Evaluator evaluator;
};

// The store's active agreement, compiled; nullopt when none was activated.
// Errors: the store's; kInvalidArgument when the stored document no longer
// loads (its bundled references are resolved from today's data/).
core::Result<std::optional<ActiveRules>> LoadActiveRules(store::Store& store);

// The evaluation of `incidents` in the store's terms: every incident listed
// as evaluated, with its violations (evidence as AppendEvidenceJson).
store::ViolationUpdate EvaluateForStore(const ActiveRules& rules,
                                        std::span<const core::Incident> incidents);

// What an activation did.
struct ActivationSummary {
  uint64_t version = 0;
  std::string agreement_id;
  uint64_t incidents = 0;   // incidents evaluated
  uint64_t violations = 0;  // violations they have
};

// Loads the agreement at `path` (as LoadAgreement; "bundled" is the bundled
// example), evaluates every stored incident against it and stores both,
// making it the active agreement, in one transaction. Needs the
// coordinator (or admin) role: kForbidden otherwise, nothing written.
// Errors: those of LoadAgreement and of the store.
core::Result<ActivationSummary> ActivateAgreement(store::Store& store, const std::string& path,
                                                  const Actor& actor, const core::Clock& clock);
// The same for a document already in memory (an HTTP request body), named
// `display_name` in its errors.
core::Result<ActivationSummary> ActivateAgreementText(store::Store& store, std::string document,
                                                      const std::string& display_name,
                                                      const Actor& actor, const core::Clock& clock);

// Re-evaluates one stored incident (after a review changed its status)
// against the active agreement and stores its violations; nothing to do
// without an active agreement. Errors: the store's.
core::Status RefreshViolations(store::Store& store, uint64_t incident, const core::Clock& clock);

}  // namespace truceline::app
