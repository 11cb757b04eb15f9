// The deployment planner over HTTP: the scenarios (GET /api/v1/plans/
// scenarios[/{name}]), plan runs with what-if edits (POST /api/v1/plans/
// runs; GET …/runs, …/runs/{id}, …/runs/{id}/geojson, …/runs/{id}/map.png)
// and the side-by-side comparison (GET /api/v1/plans/compare). Planning is
// the app's (app/plan_service.hpp); runs are held in memory (PlanRuns).

#include <algorithm>
#include <chrono>
#include <map>
#include <mutex>
#include <sstream>

#include <fmt/format.h>

#include "app/plan_service.hpp"
#include "app/registry_service.hpp"
#include "core/json_text.hpp"
#include "server/dispatcher.hpp"
#include "server/plan_request.hpp"
#include "server/plan_runs.hpp"
#include "server/query.hpp"
#include "server/request_body.hpp"
#include "server/responses.hpp"
#include "server/routes.hpp"

namespace truceline::server {
namespace {

using app::Role;
using nlohmann::json;

constexpr size_t kRunsHeld = 32;
constexpr size_t kMaxCompared = 5;
constexpr size_t kComparisonsHeld = 8;
constexpr double kCompareTimeLimitS = 10;
// How long a request waits for another plan's solve before answering 503.
constexpr std::chrono::milliseconds kSolverWait{10000};

const std::initializer_list<Role> kReaders = {Role::kAdmin, Role::kCoordinator, Role::kAnalyst,
                                              Role::kObserver};
const std::initializer_list<Role> kPlanners = {Role::kCoordinator, Role::kAdmin};

// What the plan routes share: the runs, and the comparisons already made
// (the bundled scenarios do not change while the server runs).
struct PlanState {
  PlanRuns runs{kRunsHeld};
  std::mutex comparisons_mutex;
  std::map<std::string, json> comparisons;  // "registry|a,b,c" -> table
};

Response Busy(const Request& request) {
  Response response = ErrorResponse(request, http::status::service_unavailable, "busy",
                                    "another plan is being solved; try again shortly");
  response.set(http::field::retry_after, "5");
  return response;
}

// The registry the server serves: the store's when one was imported,
// else the bundled document.
core::Result<registry::Registry> ServedRegistry(Services& services) {
  return app::LoadRegistry({services.backend.location(), "", true});
}

json SummaryJson(const app::ScenarioSummary& s) {
  return {{"name", s.name},
          {"title", s.title},
          {"description", s.description},
          {"label", s.illustrative ? "ILLUSTRATIVE" : ""},
          {"contingents", s.contingents},
          {"nations", s.nations}};
}

std::string RunPath(uint64_t id) {
  return fmt::format("/api/v1/plans/runs/{}", id);
}

json RunJson(const PlanRun& run, bool with_plan) {
  json out = {{"id", run.id},
              {"created_at", core::FormatRfc3339(run.created_at)},
              {"created_by", run.created_by},
              {"scenario", run.scenario},
              {"source", run.source},
              {"request", run.request},
              {"seconds", run.seconds},
              {"objective", run.outcome.document["objective"]},
              {"links",
               {{"self", RunPath(run.id)},
                {"geojson", RunPath(run.id) + "/geojson"},
                {"map", RunPath(run.id) + "/map.png"}}}};
  if (with_plan) out["plan"] = run.outcome.document;
  return out;
}

HandlerResult ListScenarios(Services&, PlanState& state, RequestContext& context) {
  const Request& request = context.request;
  core::Status allowed = RequireRole(context, kReaders);
  if (!allowed.ok()) return ErrorResponse(request, allowed);
  auto bundled = app::BundledScenarios();
  if (!bundled.ok()) return ErrorResponse(request, bundled.status());
  json out = {{"scenarios", json::array()}, {"submitted", json::array()}};
  for (const app::ScenarioSummary& s : *bundled) {
    json item = SummaryJson(s);
    item["source"] = "bundled";
    out["scenarios"].push_back(std::move(item));
  }
  for (const auto& run : state.runs.List()) {
    if (!run->document) continue;
    json item = SummaryJson(app::SummariseScenario(*run->document));
    item["source"] = "request";
    item["run"] = run->id;
    out["submitted"].push_back(std::move(item));
  }
  return JsonResponse(request, http::status::ok, out.dump());
}

HandlerResult GetScenario(Services&, PlanState& state, RequestContext& context) {
  const Request& request = context.request;
  core::Status allowed = RequireRole(context, kReaders);
  if (!allowed.ok()) return ErrorResponse(request, allowed);
  const std::string& name = context.params.at("name");
  if (!IsScenarioName(name)) {
    return ErrorResponse(request, core::Status(core::ErrorCode::kInvalidArgument,
                                               "a scenario name is letters, digits, '-' and '_'"));
  }
  auto bundled = app::BundledScenario(name);
  if (bundled.ok()) return JsonResponse(request, http::status::ok, bundled->dump());
  for (const auto& run : state.runs.List()) {
    if (run->document && run->scenario == name) {
      return JsonResponse(request, http::status::ok, run->document->dump());
    }
  }
  return ErrorResponse(request, bundled.status());
}

HandlerResult CreateRun(Services& services, PlanState& state, RequestContext& context) {
  const Request& request = context.request;
  core::Status allowed = RequireRole(context, kPlanners);
  if (!allowed.ok()) return ErrorResponse(request, allowed);
  if (request.body().size() > kMaxPlanBodyBytes) {
    return ErrorResponse(request, core::Status(core::ErrorCode::kPayloadTooLarge,
                                               fmt::format("a plan request is at most {} bytes",
                                                           kMaxPlanBodyBytes)));
  }
  auto body = JsonObjectBody(request, kMaxPlanBodyBytes);
  if (!body.ok()) return ErrorResponse(request, body.status());
  auto parsed = ParsePlanRunRequest(*body);
  if (!parsed.ok()) return ErrorResponse(request, parsed.status());
  json document;
  std::string label;
  if (parsed->document) {
    document = *parsed->document;
    label = fmt::format("scenario '{}' (request body)", parsed->name);
  } else {
    auto bundled = app::BundledScenario(parsed->name);
    if (!bundled.ok()) return ErrorResponse(request, bundled.status());
    document = std::move(*bundled);
    label = fmt::format("scenario '{}'", parsed->name);
  }
  auto registry = ServedRegistry(services);
  if (!registry.ok()) return ErrorResponse(request, registry.status());
  auto scenario = app::PlanScenarioFromDocument(document, label, *registry, parsed->edits);
  if (!scenario.ok()) return ErrorResponse(request, scenario.status());

  auto gate = state.runs.AcquireSolver(kSolverWait);
  if (!gate) return Busy(request);
  const auto started = std::chrono::steady_clock::now();
  auto solved = app::SolvePlanScenario(std::move(*scenario), label, parsed->time_limit_s);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  gate->unlock();
  if (!solved.ok()) return ErrorResponse(request, solved.status());

  const app::Principal& who = *context.principal;
  PlanRun run;
  run.created_at = services.backend.clock().Now();
  run.created_by = who.actor().name;
  run.scenario = solved->scenario.id;
  run.source = parsed->document ? "request" : "bundled";
  run.request = parsed->Echo();
  run.document = parsed->document;
  run.seconds = seconds;
  run.outcome = std::move(*solved);
  auto stored = state.runs.Add(std::move(run));

  json audit = {{"scenario", stored->scenario},
                {"source", stored->source},
                {"request", stored->request},
                {"objective", stored->outcome.document["objective"]},
                {"bound", stored->outcome.document["bound"]},
                {"proven_optimal", stored->outcome.document["proven_optimal"]}};
  core::Status audited = services.backend.Audit(
      who.actor(), "plan.run", fmt::format("plan-run/{}", stored->id), audit.dump());
  if (!audited.ok()) return ErrorResponse(request, audited);
  Response response = JsonResponse(request, http::status::created, RunJson(*stored, true).dump());
  response.set(http::field::location, RunPath(stored->id));
  return response;
}

// The run named by the path's {id}, or the error response.
core::Result<std::shared_ptr<const PlanRun>> FindRun(PlanState& state,
                                                     const RequestContext& context) {
  auto id = ParseId("id", context.params.at("id"));
  if (!id.ok()) return id.status();
  auto run = state.runs.Find(*id);
  if (!run) {
    return core::Status(core::ErrorCode::kNotFound,
                        fmt::format("no plan run {} is held (the server keeps the last {})", *id,
                                    state.runs.capacity()));
  }
  return run;
}

HandlerResult ListRuns(Services&, PlanState& state, RequestContext& context) {
  const Request& request = context.request;
  core::Status allowed = RequireRole(context, kReaders);
  if (!allowed.ok()) return ErrorResponse(request, allowed);
  json out = {{"runs", json::array()}};
  for (const auto& run : state.runs.List())
    out["runs"].push_back(RunJson(*run, false));
  return JsonResponse(request, http::status::ok, out.dump());
}

HandlerResult GetRun(Services&, PlanState& state, RequestContext& context) {
  const Request& request = context.request;
  core::Status allowed = RequireRole(context, kReaders);
  if (!allowed.ok()) return ErrorResponse(request, allowed);
  auto run = FindRun(state, context);
  if (!run.ok()) return ErrorResponse(request, run.status());
  return JsonResponse(request, http::status::ok, RunJson(**run, true).dump());
}

HandlerResult GetRunGeoJson(Services&, PlanState& state, RequestContext& context) {
  const Request& request = context.request;
  core::Status allowed = RequireRole(context, kReaders);
  if (!allowed.ok()) return ErrorResponse(request, allowed);
  auto run = FindRun(state, context);
  if (!run.ok()) return ErrorResponse(request, run.status());
  const app::PlanOutcome& o = (*run)->outcome;
  return MakeResponse(request, http::status::ok, "application/geo+json",
                      app::PlanGeoJson(o.scenario, o.plan));
}

HandlerResult GetRunMap(Services&, PlanState& state, RequestContext& context) {
  const Request& request = context.request;
  core::Status allowed = RequireRole(context, kReaders);
  if (!allowed.ok()) return ErrorResponse(request, allowed);
  auto run = FindRun(state, context);
  if (!run.ok()) return ErrorResponse(request, run.status());
  const app::PlanOutcome& o = (*run)->outcome;
  auto png = app::RenderPlanMap(o.scenario, o.plan);
  if (!png.ok()) return ErrorResponse(request, png.status());
  return MakeResponse(request, http::status::ok, "image/png", std::move(*png));
}

HandlerResult Compare(Services& services, PlanState& state, RequestContext& context) {
  const Request& request = context.request;
  core::Status allowed = RequireRole(context, kReaders);
  if (!allowed.ok()) return ErrorResponse(request, allowed);
  std::vector<std::string> names;
  if (auto list = QueryValue(context.query, "scenarios")) {
    std::stringstream split(*list);
    for (std::string name; std::getline(split, name, ',');)
      names.push_back(name);
  } else {
    auto bundled = app::BundledScenarios();
    if (!bundled.ok()) return ErrorResponse(request, bundled.status());
    for (const app::ScenarioSummary& s : *bundled)
      names.push_back(s.name);
  }
  if (names.empty() || names.size() > kMaxCompared) {
    return ErrorResponse(request, core::Status(core::ErrorCode::kInvalidArgument,
                                               fmt::format("'scenarios': give 1 to {} names, "
                                                           "separated by commas",
                                                           kMaxCompared)));
  }
  for (size_t i = 0; i < names.size(); ++i) {
    if (!IsScenarioName(names[i])) {
      return ErrorResponse(request, core::Status(core::ErrorCode::kInvalidArgument,
                                                 fmt::format("'scenarios': '{}' is not a "
                                                             "scenario name",
                                                             names[i])));
    }
    if (std::find(names.begin(), names.begin() + static_cast<long>(i), names[i]) !=
        names.begin() + static_cast<long>(i)) {
      return ErrorResponse(request,
                           core::Status(core::ErrorCode::kInvalidArgument,
                                        fmt::format("'scenarios': '{}' is named twice", names[i])));
    }
  }
  auto registry = ServedRegistry(services);
  if (!registry.ok()) return ErrorResponse(request, registry.status());
  std::string key = registry->id + "|";
  for (const std::string& name : names)
    key += name + ",";
  {
    std::lock_guard lock(state.comparisons_mutex);
    if (auto it = state.comparisons.find(key); it != state.comparisons.end()) {
      return JsonResponse(request, http::status::ok, it->second.dump());
    }
  }
  // Every scenario is read first, so a bad one is named before any solving.
  std::vector<app::PlanScenario> scenarios;
  for (const std::string& name : names) {
    auto document = app::BundledScenario(name);
    if (!document.ok()) return ErrorResponse(request, document.status());
    auto scenario =
        app::PlanScenarioFromDocument(*document, fmt::format("scenario '{}'", name), *registry);
    if (!scenario.ok()) return ErrorResponse(request, scenario.status());
    scenarios.push_back(std::move(*scenario));
  }
  auto gate = state.runs.AcquireSolver(kSolverWait);
  if (!gate) return Busy(request);
  json rows = json::array();
  for (size_t i = 0; i < scenarios.size(); ++i) {
    auto solved = app::SolvePlanScenario(
        std::move(scenarios[i]), fmt::format("scenario '{}'", names[i]), kCompareTimeLimitS);
    if (!solved.ok()) return ErrorResponse(request, solved.status());
    json row = app::PlanComparisonRow(*solved);
    row["plan"] = nullptr;
    row["scenario_document"] = "/api/v1/plans/scenarios/" + names[i];
    rows.push_back(std::move(row));
  }
  gate->unlock();
  json table = {{"format", "truceline-plan-comparison/1"},
                {"registry", registry->id},
                {"time_limit_s", kCompareTimeLimitS},
                {"scenarios", std::move(rows)}};
  {
    std::lock_guard lock(state.comparisons_mutex);
    if (state.comparisons.size() >= kComparisonsHeld) state.comparisons.clear();
    state.comparisons[key] = table;
  }
  return JsonResponse(request, http::status::ok, table.dump());
}

}  // namespace

void AddPlanRoutes(Router& router, Services& services) {
  auto state = std::make_shared<PlanState>();
  auto bind = [&services, state](HandlerResult (*handler)(Services&, PlanState&, RequestContext&)) {
    return [&services, state, handler](RequestContext& context) {
      return handler(services, *state, context);
    };
  };
  router.Add(http::verb::get, "/api/v1/plans/scenarios", bind(ListScenarios));
  router.Add(http::verb::get, "/api/v1/plans/scenarios/{name}", bind(GetScenario));
  router.Add(http::verb::get, "/api/v1/plans/compare", bind(Compare));
  router.Add(http::verb::post, "/api/v1/plans/runs", bind(CreateRun));
  router.Add(http::verb::get, "/api/v1/plans/runs", bind(ListRuns));
  router.Add(http::verb::get, "/api/v1/plans/runs/{id}", bind(GetRun));
  router.Add(http::verb::get, "/api/v1/plans/runs/{id}/geojson", bind(GetRunGeoJson));
  router.Add(http::verb::get, "/api/v1/plans/runs/{id}/map.png", bind(GetRunMap));
}

}  // namespace truceline::server
