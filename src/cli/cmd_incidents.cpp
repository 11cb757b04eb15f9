// truceline incidents --db DB [filters] [--format] : read incidents back;
// truceline review --db DB --incident ID --status S --reason R --analyst A;
// truceline merge --db DB --incident ID --with ID --reason R --analyst A;
// truceline split --db DB --incident ID --report SOURCE ID… --reason R --analyst A.

#include <memory>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "app/agreement_service.hpp"
#include "app/app.hpp"
#include "app/incident_edit.hpp"
#include "app/incident_export.hpp"
#include "app/window_filter.hpp"
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/local_audit.hpp"

namespace truceline::cli {
namespace {

struct IncidentsArgs {
  std::string db;
  std::string from, to, bbox, family, status;
  std::string format = "ndjson";
  uint64_t limit = 0;
};

int RunIncidents(const IncidentsArgs& args) {
  store::IncidentQuery query;
  auto window = app::ParseWindow("--", args.from, args.to, args.bbox);
  if (!window.ok()) return ReportFailure(window.status());
  query.from = window->from;
  query.to = window->to;
  query.bbox = window->bbox;
  if (!args.family.empty()) query.family = core::ParseFamily(args.family);
  if (!args.status.empty()) query.status = core::ParseIncidentStatus(args.status);
  if (args.limit > 0) query.limit = args.limit;
  auto store = app::OpenStore(args.db);
  if (!store.ok()) return ReportFailure(store.status());
  core::Status exported =
      app::ExportIncidents(**store, query, *app::ParseExportFormat(args.format), stdout);
  return exported.ok() ? kExitOk : ReportFailure(exported);
}

struct ReviewArgs {
  std::string db;
  uint64_t incident = 0;
  std::string status, reason, analyst;
};

int RunReview(const ReviewArgs& args) {
  if (args.reason.empty() || args.analyst.empty()) {
    return ReportFailure(core::Status(core::ErrorCode::kInvalidArgument,
                                      "review: --reason and --analyst must not be empty"));
  }
  auto store = app::OpenStore(args.db);
  if (!store.ok()) return ReportFailure(store.status());
  core::SystemClock clock;
  core::IncidentReview review{*core::ParseIncidentStatus(args.status), args.reason, args.analyst,
                              clock.Now()};
  auto reviewed = (*store)->ReviewIncident(args.incident, review);
  if (!reviewed.ok()) return ReportFailure(reviewed.status());
  // Its violations carry the status it has now.
  core::Status refreshed = app::RefreshViolations(**store, reviewed->id, clock);
  if (!refreshed.ok()) return ReportFailure(refreshed);
  nlohmann::json detail{{"status", args.status}, {"reason", args.reason}};
  int audited =
      RecordAudit(args.db, app::Actor{args.analyst, app::Role::kAnalyst}, "incident.review",
                  fmt::format("incident:{}", reviewed->id), detail.dump());
  if (audited != kExitOk) return audited;
  std::vector<app::ReportKey> keys;
  core::Status read = (*store)->ScanIncidentReports(reviewed->id, [&](const store::FusedReport& f) {
    keys.push_back({f.report.source, f.report.id});
  });
  if (!read.ok()) return ReportFailure(read);
  std::string out = fmt::format("{{\"incident_id\":{},", reviewed->id);
  app::AppendIncidentMembers(out, *reviewed, keys);
  fmt::print("{}}}\n", out);
  return kExitOk;
}

struct MergeArgs {
  std::string db;
  uint64_t incident = 0, with = 0;
  std::string reason, analyst;
};

int RunMerge(const MergeArgs& args) {
  if (args.analyst.empty()) {
    return ReportFailure(
        core::Status(core::ErrorCode::kInvalidArgument, "merge: --analyst must not be empty"));
  }
  auto store = app::OpenStore(args.db);
  if (!store.ok()) return ReportFailure(store.status());
  auto regions = app::AdminRegions::LoadBundled();
  if (!regions.ok()) return ReportFailure(regions.status());
  core::SystemClock clock;
  const app::Actor actor{args.analyst, app::Role::kAnalyst};
  auto merged =
      app::MergeIncidents(**store, args.incident, args.with, args.reason, actor, &*regions, clock);
  if (!merged.ok()) return ReportFailure(merged.status());
  nlohmann::json detail{{"incident", args.incident},
                        {"with", args.with},
                        {"into", merged->incident.id},
                        {"absorbed", merged->absorbed},
                        {"reason", args.reason}};
  int audited = RecordAudit(args.db, actor, "incident.merge",
                            fmt::format("incident:{}", merged->incident.id), detail.dump());
  if (audited != kExitOk) return audited;
  std::vector<app::ReportKey> keys;
  core::Status read =
      (*store)->ScanIncidentReports(merged->incident.id, [&](const store::FusedReport& f) {
        keys.push_back({f.report.source, f.report.id});
      });
  if (!read.ok()) return ReportFailure(read);
  std::string out =
      fmt::format("{{\"incident_id\":{},\"absorbed\":{},", merged->incident.id, merged->absorbed);
  app::AppendIncidentMembers(out, merged->incident, keys);
  fmt::print("{}}}\n", out);
  return kExitOk;
}

struct SplitArgs {
  std::string db;
  uint64_t incident = 0;
  std::vector<std::pair<std::string, std::string>> reports;
  std::string reason, analyst;
};

int RunSplit(const SplitArgs& args) {
  if (args.analyst.empty()) {
    return ReportFailure(
        core::Status(core::ErrorCode::kInvalidArgument, "split: --analyst must not be empty"));
  }
  auto store = app::OpenStore(args.db);
  if (!store.ok()) return ReportFailure(store.status());
  auto regions = app::AdminRegions::LoadBundled();
  if (!regions.ok()) return ReportFailure(regions.status());
  core::SystemClock clock;
  const app::Actor actor{args.analyst, app::Role::kAnalyst};
  std::vector<app::ReportKey> keys;
  nlohmann::json named = nlohmann::json::array();
  for (const auto& [source, id] : args.reports) {
    keys.push_back({source, id});
    named.push_back({{"source", source}, {"id", id}});
  }
  auto split =
      app::SplitIncident(**store, args.incident, keys, args.reason, actor, &*regions, clock);
  if (!split.ok()) return ReportFailure(split.status());
  nlohmann::json detail{{"incident", args.incident},
                        {"kept", split->kept.id},
                        {"split_off", split->split_off.id},
                        {"reports", named},
                        {"reason", args.reason}};
  int audited = RecordAudit(args.db, actor, "incident.split",
                            fmt::format("incident:{}", split->kept.id), detail.dump());
  if (audited != kExitOk) return audited;
  for (const core::Incident* incident : {&split->kept, &split->split_off}) {
    std::vector<app::ReportKey> members;
    core::Status read =
        (*store)->ScanIncidentReports(incident->id, [&](const store::FusedReport& f) {
          members.push_back({f.report.source, f.report.id});
        });
    if (!read.ok()) return ReportFailure(read);
    std::string out = fmt::format("{{\"incident_id\":{},", incident->id);
    app::AppendIncidentMembers(out, *incident, members);
    fmt::print("{}}}\n", out);
  }
  return kExitOk;
}

std::vector<std::string> Names(std::span<const std::string_view> names) {
  return {names.begin(), names.end()};
}

}  // namespace

void AddIncidentsCommand(CLI::App& app, Action& run) {
  auto args = std::make_shared<IncidentsArgs>();
  auto* cmd = app.add_subcommand(
      "incidents", "Print stored incidents (fused reports), ordered by first observation");
  cmd->add_option("--db", args->db, "The store")->required()->check(CLI::ExistingFile);
  cmd->add_option("--from", args->from,
                  "Incidents still going on at or after (RFC 3339, or YYYY-MM-DD)");
  cmd->add_option("--to", args->to,
                  "Incidents begun at or before (RFC 3339, or YYYY-MM-DD: whole day)");
  cmd->add_option("--bbox", args->bbox, "W,S,E,N in degrees (of the centroid)");
  cmd->add_option("--family", args->family, "Only this family")
      ->check(CLI::IsMember(Names(core::FamilyNames())));
  cmd->add_option("--status", args->status, "Only this status")
      ->check(CLI::IsMember(Names(core::IncidentStatusNames())));
  cmd->add_option("--format", args->format, "ndjson, geojson (RFC 7946) or csv")
      ->check(CLI::IsMember({"ndjson", "geojson", "csv"}));
  cmd->add_option("--limit", args->limit, "At most this many incidents");
  cmd->callback([args, &run] { run = [args] { return RunIncidents(*args); }; });
}

void AddReviewCommand(CLI::App& app, Action& run) {
  auto args = std::make_shared<ReviewArgs>();
  auto* cmd = app.add_subcommand(
      "review",
      "Record an analyst's verdict on an incident; it is kept when the incident grows "
      "or merges, and the history records both");
  cmd->add_option("--db", args->db, "The store")->required()->check(CLI::ExistingFile);
  cmd->add_option("--incident", args->incident, "Incident id (a merged-away id resolves)")
      ->required();
  cmd->add_option("--status", args->status, "verified or rejected")
      ->required()
      ->check(CLI::IsMember({"verified", "rejected"}));
  cmd->add_option("--reason", args->reason, "Why: what the verdict rests on")->required();
  cmd->add_option("--analyst", args->analyst, "Who decides")->required();
  cmd->callback([args, &run] { run = [args] { return RunReview(*args); }; });
}

void AddMergeCommand(CLI::App& app, Action& run) {
  auto args = std::make_shared<MergeArgs>();
  auto* cmd = app.add_subcommand(
      "merge",
      "Merge two incidents that fusion kept apart (an analyst's decision, with a reason); the "
      "smaller id survives, the other resolves to it, and later fusion keeps them merged");
  cmd->add_option("--db", args->db, "The store")->required()->check(CLI::ExistingFile);
  cmd->add_option("--incident", args->incident, "One incident id (a merged-away id resolves)")
      ->required();
  cmd->add_option("--with", args->with, "The other incident id")->required();
  cmd->add_option("--reason", args->reason, "Why they are one incident")->required();
  cmd->add_option("--analyst", args->analyst, "Who decides")->required();
  cmd->callback([args, &run] { run = [args] { return RunMerge(*args); }; });
}

void AddSplitCommand(CLI::App& app, Action& run) {
  auto args = std::make_shared<SplitArgs>();
  auto* cmd = app.add_subcommand(
      "split",
      "Move some reports of an incident to a new incident (an analyst's decision, with a "
      "reason); fusion never joins the two again, and a later report that links to both joins "
      "the one with its nearest linked report in time. Prints both incidents");
  cmd->add_option("--db", args->db, "The store")->required()->check(CLI::ExistingFile);
  cmd->add_option("--incident", args->incident, "The incident (a merged-away id resolves)")
      ->required();
  cmd->add_option("--report", args->reports,
                  "SOURCE ID of a report to move (repeat; not every report of the incident)")
      ->required();
  cmd->add_option("--reason", args->reason, "Why they are another incident")->required();
  cmd->add_option("--analyst", args->analyst, "Who decides")->required();
  cmd->callback([args, &run] { run = [args] { return RunSplit(*args); }; });
}

}  // namespace truceline::cli
