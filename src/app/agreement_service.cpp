#include "app/agreement_service.hpp"

#include <fmt/format.h>

#include "app/agreement_check.hpp"
#include "app/input_file.hpp"

namespace truceline::app {

core::Result<std::optional<ActiveRules>> LoadActiveRules(store::Store& store) {
  auto active = store.ActiveAgreement();
  if (!active.ok()) return active.status();
  if (!active->has_value()) return std::optional<ActiveRules>();
  const store::StoredAgreement& stored = **active;
  BundledReferences references;
  auto agreement = rules::ParseAgreement(
      stored.document, fmt::format("active agreement {} (version {})", stored.id, stored.version),
      &references);
  if (!agreement.ok()) return agreement.status();
  return std::optional<ActiveRules>(
      ActiveRules{stored.version, rules::Evaluator(std::move(*agreement))});
}

store::ViolationUpdate EvaluateForStore(const ActiveRules& rules,
                                        std::span<const core::Incident> incidents) {
  store::ViolationUpdate update;
  update.agreement_version = rules.version;
  std::vector<rules::Violation> found;
  for (const core::Incident& incident : incidents) {
    update.incidents.push_back(incident.id);
    found.clear();
    rules.evaluator.Evaluate(incident, found);
    for (const rules::Violation& v : found) {
      store::ViolationRecord record;
      record.incident = incident.id;
      record.clause_id = v.clause_id;
      record.rule = rules::RuleTypeName(v.rule);
      record.incident_status = core::IncidentStatusName(v.incident_status);
      record.incident_first_at = incident.summary.first_at;
      AppendEvidenceJson(record.evidence, v.evidence);
      update.violations.push_back(std::move(record));
    }
  }
  return update;
}

core::Result<ActivationSummary> ActivateAgreement(store::Store& store, const std::string& path,
                                                  const Actor& actor, const core::Clock& clock) {
  const std::string file = AgreementFile(path);
  auto document = ReadInputFile(file);
  if (!document.ok()) return document.status();
  return ActivateAgreementText(store, std::move(*document), file, actor, clock);
}

core::Result<ActivationSummary> ActivateAgreementText(store::Store& store, std::string document,
                                                      const std::string& display_name,
                                                      const Actor& actor,
                                                      const core::Clock& clock) {
  if (actor.role != Role::kCoordinator && actor.role != Role::kAdmin) {
    return core::Status(core::ErrorCode::kForbidden,
                        fmt::format("{} ({}) may not activate an agreement: it needs the "
                                    "coordinator role",
                                    actor.name, RoleName(actor.role)));
  }
  BundledReferences references;
  auto agreement = rules::ParseAgreement(document, display_name, &references);
  if (!agreement.ok()) return agreement.status();

  ActivationSummary summary;
  summary.agreement_id = agreement->id;
  ActiveRules rules{0, rules::Evaluator(std::move(*agreement))};
  std::vector<core::Incident> incidents;
  TRUCELINE_RETURN_IF_ERROR(store.ScanIncidents({}, [&](const core::Incident& incident) {
    incidents.push_back(incident);
    return true;
  }));
  store::ViolationUpdate all = EvaluateForStore(rules, incidents);
  summary.incidents = incidents.size();
  summary.violations = all.violations.size();

  store::StoredAgreement stored;
  stored.id = summary.agreement_id;
  stored.document = std::move(document);
  stored.loaded_at = clock.Now();
  stored.loaded_by = actor.name;
  auto version = store.ActivateAgreement(stored, all, clock.Now());
  if (!version.ok()) return version.status();
  summary.version = *version;
  return summary;
}

core::Status RefreshViolations(store::Store& store, uint64_t incident_id,
                               const core::Clock& clock) {
  auto rules = LoadActiveRules(store);
  if (!rules.ok()) return rules.status();
  if (!rules->has_value()) return core::Status::Ok();
  auto incident = store.GetIncident(incident_id);
  if (!incident.ok()) return incident.status();
  return store.ApplyViolations(EvaluateForStore(**rules, std::span(&*incident, 1)), clock.Now());
}

}  // namespace truceline::app
