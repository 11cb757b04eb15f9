// /api/v1/incidents: query with cursor paging, map clusters, one incident
// with its reports and histories, and analysts' reviews, merges and splits.

#include <charconv>
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "app/agreement_service.hpp"
#include "app/incident_edit.hpp"
#include "app/incident_export.hpp"
#include "app/violation_export.hpp"
#include "app/window_filter.hpp"
#include "core/json_text.hpp"
#include "core/report_json.hpp"
#include "server/cursor.hpp"
#include "server/dispatcher.hpp"
#include "server/query.hpp"
#include "server/request_body.hpp"
#include "server/responses.hpp"
#include "server/routes.hpp"

namespace truceline::server {
namespace {

using app::Role;

constexpr uint64_t kDefaultLimit = 1000;
constexpr uint64_t kMaxLimit = 10'000;
constexpr size_t kMaxReasonBytes = 2000;

const std::initializer_list<Role> kReaders = {Role::kAdmin, Role::kCoordinator, Role::kAnalyst,
                                              Role::kObserver};

core::Status Invalid(std::string message) {
  return core::Status(core::ErrorCode::kInvalidArgument, std::move(message));
}

// The filters shared by the list and the clusters.
core::Result<store::IncidentQuery> IncidentFilters(const QueryParams& params) {
  auto window = app::ParseWindow("", QueryValue(params, "from").value_or(""),
                                 QueryValue(params, "to").value_or(""),
                                 QueryValue(params, "bbox").value_or(""));
  if (!window.ok()) return window.status();
  store::IncidentQuery query;
  query.from = window->from;
  query.to = window->to;
  query.bbox = window->bbox;
  if (auto family = QueryValue(params, "family")) {
    query.family = core::ParseFamily(*family);
    if (!query.family) return Invalid(fmt::format("family '{}' is not a known family", *family));
  }
  if (auto status = QueryValue(params, "status")) {
    query.status = core::ParseIncidentStatus(*status);
    if (!query.status) return Invalid(fmt::format("status '{}' is not a known status", *status));
  }
  return query;
}

HandlerResult List(Services& services, RequestContext& context) {
  const Request& request = context.request;
  core::Status allowed = RequireRole(context, kReaders);
  if (!allowed.ok()) return ErrorResponse(request, allowed);
  auto query = IncidentFilters(context.query);
  if (!query.ok()) return ErrorResponse(request, query.status());
  auto limit = LimitParam(context.query, "limit", kDefaultLimit, kMaxLimit);
  if (!limit.ok()) return ErrorResponse(request, limit.status());
  if (auto cursor = QueryValue(context.query, "cursor")) {
    auto after = ParseIncidentCursor(*cursor);
    if (!after.ok()) return ErrorResponse(request, after.status());
    query->after = *after;
  }
  query->limit = *limit + 1;
  std::string body = R"({"incidents":[)";
  uint64_t written = 0;
  std::optional<core::Incident> last;
  bool more = false;
  core::Status status = services.backend.ScanIncidents(*query, [&](const core::Incident& incident) {
    if (written == *limit) {
      more = true;
      return false;
    }
    if (written++ > 0) body += ',';
    fmt::format_to(std::back_inserter(body), R"({{"id":{},)", incident.id);
    app::AppendIncidentSummaryMembers(body, incident);
    body += '}';
    last = incident;
    return true;
  });
  if (!status.ok()) return ErrorResponse(request, status);
  body += fmt::format(R"(],"count":{},"next_cursor":)", written);
  if (more && last) {
    core::AppendJsonString(body, IncidentCursor(*last));
  } else {
    body += "null";
  }
  body += '}';
  return JsonResponse(request, http::status::ok, std::move(body));
}

// Incidents counted on a grid of `cell` degrees over the bbox: what a map
// draws when there are too many to send one by one.
HandlerResult Clusters(Services& services, RequestContext& context) {
  const Request& request = context.request;
  core::Status allowed = RequireRole(context, kReaders);
  if (!allowed.ok()) return ErrorResponse(request, allowed);
  auto query = IncidentFilters(context.query);
  if (!query.ok()) return ErrorResponse(request, query.status());
  double cell = 0.25;
  if (auto text = QueryValue(context.query, "cell")) {
    auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), cell);
    if (ec != std::errc() || end != text->data() + text->size() || !(cell >= 0.001) || cell > 10) {
      return ErrorResponse(request,
                           Invalid(fmt::format("cell '{}': degrees from 0.001 to 10", *text)));
    }
  }
  struct Cluster {
    uint64_t count = 0;
    double lat_sum = 0, lon_sum = 0;
    std::map<std::string_view, uint64_t> families;
  };
  std::map<std::pair<int64_t, int64_t>, Cluster> grid;
  core::Status status = services.backend.ScanIncidents(*query, [&](const core::Incident& incident) {
    const auto& s = incident.summary;
    auto key = std::pair{static_cast<int64_t>(std::floor(s.lat / cell)),
                         static_cast<int64_t>(std::floor(s.lon / cell))};
    Cluster& c = grid[key];
    ++c.count;
    c.lat_sum += s.lat;
    c.lon_sum += s.lon;
    ++c.families[core::FamilyName(s.family)];
    return true;
  });
  if (!status.ok()) return ErrorResponse(request, status);
  std::string body = fmt::format(R"({{"cell":{},"clusters":[)", cell);
  bool first = true;
  uint64_t total = 0;
  for (const auto& [key, c] : grid) {
    if (!first) body += ',';
    first = false;
    total += c.count;
    body += R"({"lat":)";
    core::AppendJsonNumber(body, c.lat_sum / static_cast<double>(c.count));
    body += R"(,"lon":)";
    core::AppendJsonNumber(body, c.lon_sum / static_cast<double>(c.count));
    body += fmt::format(R"(,"count":{},"families":{{)", c.count);
    bool first_family = true;
    for (const auto& [family, n] : c.families) {
      body += fmt::format(R"({}"{}":{})", first_family ? "" : ",", family, n);
      first_family = false;
    }
    body += "}}";
  }
  body += fmt::format(R"(],"total":{}}})", total);
  return JsonResponse(request, http::status::ok, std::move(body));
}

HandlerResult Get(Services& services, RequestContext& context) {
  const Request& request = context.request;
  core::Status allowed = RequireRole(context, kReaders);
  if (!allowed.ok()) return ErrorResponse(request, allowed);
  auto id = ParseId("incident id", context.params.at("id"));
  if (!id.ok()) return ErrorResponse(request, id.status());
  std::string body;
  core::Status status = services.backend.Read([&](store::Store& store) {
    auto incident = store.GetIncident(*id);
    if (!incident.ok()) return incident.status();
    fmt::format_to(std::back_inserter(body), R"({{"id":{},)", incident->id);
    if (incident->id != *id) fmt::format_to(std::back_inserter(body), R"("merged_from":{},)", *id);
    app::AppendIncidentSummaryMembers(body, *incident);
    body += R"(,"reports":[)";
    bool first = true;
    TRUCELINE_RETURN_IF_ERROR(
        store.ScanIncidentReports(incident->id, [&](const store::FusedReport& fused) {
          body += first ? "{" : ",{";
          first = false;
          core::AppendReportMembers(body, fused.report);
          body += '}';
        }));
    body += R"(],"history":[)";
    first = true;
    TRUCELINE_RETURN_IF_ERROR(
        store.ScanIncidentHistory(incident->id, [&](const store::IncidentHistoryEntry& e) {
          body += first ? "" : ",";
          first = false;
          fmt::format_to(std::back_inserter(body), R"({{"incident_id":{},"at":"{}","event":)",
                         e.incident, core::FormatRfc3339(e.at));
          core::AppendJsonString(body, e.event);
          fmt::format_to(std::back_inserter(body), R"(,"detail":{}}})", e.detail);
        }));
    body += R"(],"violations":[)";
    first = true;
    store::ViolationQuery violations;
    violations.incident = incident->id;
    TRUCELINE_RETURN_IF_ERROR(
        store.ScanViolations(violations, [&](const store::ViolationRecord& v) {
          body += first ? "" : ",";
          first = false;
          app::AppendViolationJson(body, v);
          return true;
        }));
    body += R"(],"violation_history":[)";
    first = true;
    TRUCELINE_RETURN_IF_ERROR(
        store.ScanViolationHistory(incident->id, [&](const store::ViolationHistoryEntry& e) {
          body += first ? "" : ",";
          first = false;
          fmt::format_to(std::back_inserter(body), R"({{"incident_id":{},"clause_id":)",
                         e.incident);
          core::AppendJsonString(body, e.clause_id);
          fmt::format_to(std::back_inserter(body), R"(,"agreement_version":{},"at":"{}","event":)",
                         e.agreement_version, core::FormatRfc3339(e.at));
          core::AppendJsonString(body, e.event);
          fmt::format_to(std::back_inserter(body), R"(,"detail":{}}})", e.detail);
        }));
    body += "]}";
    return core::Status::Ok();
  });
  if (!status.ok()) return ErrorResponse(request, status);
  return JsonResponse(request, http::status::ok, std::move(body));
}

HandlerResult Review(Services& services, RequestContext& context) {
  const Request& request = context.request;
  core::Status allowed = RequireRole(context, {Role::kAnalyst, Role::kAdmin});
  if (!allowed.ok()) return ErrorResponse(request, allowed);
  auto id = ParseId("incident id", context.params.at("id"));
  if (!id.ok()) return ErrorResponse(request, id.status());
  auto body = JsonObjectBody(request);
  if (!body.ok()) return ErrorResponse(request, body.status());
  auto status_name = StringMember(*body, "status", 32);
  if (!status_name.ok()) return ErrorResponse(request, status_name.status());
  auto reason = StringMember(*body, "reason", kMaxReasonBytes);
  if (!reason.ok()) return ErrorResponse(request, reason.status());
  auto status = core::ParseIncidentStatus(*status_name);
  if (!status || !core::IsReviewStatus(*status)) {
    return ErrorResponse(
        request,
        Invalid(fmt::format("status '{}': a review is 'verified' or 'rejected'", *status_name)));
  }
  const app::Principal& who = *context.principal;
  core::IncidentReview review{*status, *reason, who.user, services.backend.clock().Now()};
  std::optional<core::Incident> reviewed;
  core::Status written = services.backend.Write([&](Backend::Writer& writer) {
    auto done = writer.store.ReviewIncident(*id, review);
    if (!done.ok()) return done.status();
    reviewed = std::move(*done);
    return app::RefreshViolations(writer.store, reviewed->id, services.backend.clock());
  });
  if (!written.ok()) return ErrorResponse(request, written);
  std::string detail = R"({"status":)";
  core::AppendJsonString(detail, *status_name);
  detail += R"(,"reason":)";
  core::AppendJsonString(detail, *reason);
  detail += '}';
  core::Status audited = services.backend.Audit(who.actor(), "incident.review",
                                                fmt::format("incident/{}", reviewed->id), detail);
  std::string out = fmt::format(R"({{"id":{},)", reviewed->id);
  app::AppendIncidentSummaryMembers(out, *reviewed);
  out += '}';
  services.events.Publish("review", out);
  if (!audited.ok()) return ErrorResponse(request, audited);
  return JsonResponse(request, http::status::ok, std::move(out));
}

// An incident id given as a member of a JSON body: a positive integer.
core::Result<uint64_t> IdMember(const nlohmann::json& object, std::string_view name) {
  auto it = object.find(name);
  if (it == object.end() || !it->is_number_unsigned() || it->get<uint64_t>() == 0) {
    return Invalid(fmt::format("'{}' must be an incident id (a positive integer)", name));
  }
  return it->get<uint64_t>();
}

// POST /api/v1/incidents/{id}/merge {"with": id, "reason": "…"}: an
// analyst joins two incidents (app::MergeIncidents).
HandlerResult Merge(Services& services, RequestContext& context) {
  const Request& request = context.request;
  core::Status allowed = RequireRole(context, {Role::kAnalyst, Role::kAdmin});
  if (!allowed.ok()) return ErrorResponse(request, allowed);
  auto id = ParseId("incident id", context.params.at("id"));
  if (!id.ok()) return ErrorResponse(request, id.status());
  auto body = JsonObjectBody(request);
  if (!body.ok()) return ErrorResponse(request, body.status());
  auto with = IdMember(*body, "with");
  if (!with.ok()) return ErrorResponse(request, with.status());
  auto reason = StringMember(*body, "reason", app::kMaxEditReasonBytes);
  if (!reason.ok()) return ErrorResponse(request, reason.status());
  const app::Principal& who = *context.principal;
  std::optional<app::MergeOutcome> merged;
  core::Status written = services.backend.Write([&](Backend::Writer& writer) {
    auto done = app::MergeIncidents(writer.store, *id, *with, *reason, who.actor(),
                                    &services.backend.regions(), services.backend.clock());
    if (!done.ok()) return done.status();
    merged = std::move(*done);
    return core::Status::Ok();
  });
  if (!written.ok()) return ErrorResponse(request, written);
  const uint64_t into = merged->incident.id;
  std::string detail = fmt::format(R"({{"incident":{},"with":{},"into":{},"absorbed":{},"reason":)",
                                   *id, *with, into, merged->absorbed);
  core::AppendJsonString(detail, *reason);
  detail += '}';
  core::Status audited = services.backend.Audit(who.actor(), "incident.merge",
                                                fmt::format("incident/{}", into), detail);
  std::string out = fmt::format(R"({{"id":{},"absorbed":{},)", into, merged->absorbed);
  app::AppendIncidentSummaryMembers(out, merged->incident);
  out += '}';
  services.events.Publish("merge", out);
  if (merged->update.violations) {
    for (const auto& violation : merged->update.violations->violations) {
      std::string data;
      app::AppendViolationJson(data, violation);
      services.events.Publish("violation", std::move(data));
    }
  }
  if (!audited.ok()) return ErrorResponse(request, audited);
  return JsonResponse(request, http::status::ok, std::move(out));
}

// The reports a split names: [{"source": "…", "id": "…"}, …].
core::Result<std::vector<app::ReportKey>> ReportKeys(const nlohmann::json& object) {
  auto it = object.find("reports");
  if (it == object.end() || !it->is_array() || it->empty()) {
    return Invalid("'reports' must be a non-empty array of {\"source\", \"id\"}");
  }
  if (it->size() > app::kMaxSplitReports) {
    return Invalid(fmt::format("'reports': at most {} reports", app::kMaxSplitReports));
  }
  std::vector<app::ReportKey> keys;
  for (const auto& entry : *it) {
    if (!entry.is_object()) return Invalid("'reports': each entry is {\"source\", \"id\"}");
    auto source = StringMember(entry, "source", 256);
    if (!source.ok()) return source.status();
    auto id = StringMember(entry, "id", 256);
    if (!id.ok()) return id.status();
    keys.push_back({std::move(*source), std::move(*id)});
  }
  return keys;
}

// POST /api/v1/incidents/{id}/split {"reports": [{"source","id"}…],
// "reason": "…"}: an analyst moves reports to a new incident
// (app::SplitIncident).
HandlerResult Split(Services& services, RequestContext& context) {
  const Request& request = context.request;
  core::Status allowed = RequireRole(context, {Role::kAnalyst, Role::kAdmin});
  if (!allowed.ok()) return ErrorResponse(request, allowed);
  auto id = ParseId("incident id", context.params.at("id"));
  if (!id.ok()) return ErrorResponse(request, id.status());
  auto body = JsonObjectBody(request, 4 << 20);
  if (!body.ok()) return ErrorResponse(request, body.status());
  auto keys = ReportKeys(*body);
  if (!keys.ok()) return ErrorResponse(request, keys.status());
  auto reason = StringMember(*body, "reason", app::kMaxEditReasonBytes);
  if (!reason.ok()) return ErrorResponse(request, reason.status());
  const app::Principal& who = *context.principal;
  std::optional<app::SplitOutcome> split;
  core::Status written = services.backend.Write([&](Backend::Writer& writer) {
    auto done = app::SplitIncident(writer.store, *id, *keys, *reason, who.actor(),
                                   &services.backend.regions(), services.backend.clock());
    if (!done.ok()) return done.status();
    split = std::move(*done);
    return core::Status::Ok();
  });
  if (!written.ok()) return ErrorResponse(request, written);
  const uint64_t kept = split->kept.id, off = split->split_off.id;
  std::string detail =
      fmt::format(R"({{"incident":{},"kept":{},"split_off":{},"reports":[)", *id, kept, off);
  for (size_t i = 0; i < keys->size(); ++i) {
    detail += i ? ",{\"source\":" : "{\"source\":";
    core::AppendJsonString(detail, (*keys)[i].source);
    detail += ",\"id\":";
    core::AppendJsonString(detail, (*keys)[i].id);
    detail += '}';
  }
  detail += R"(],"reason":)";
  core::AppendJsonString(detail, *reason);
  detail += '}';
  core::Status audited = services.backend.Audit(who.actor(), "incident.split",
                                                fmt::format("incident/{}", kept), detail);
  auto incident_json = [](const core::Incident& incident) {
    std::string out = fmt::format(R"({{"id":{},)", incident.id);
    app::AppendIncidentSummaryMembers(out, incident);
    out += '}';
    return out;
  };
  std::string out = R"({"incident":)" + incident_json(split->kept) + R"(,"split_off":)" +
                    incident_json(split->split_off) + '}';
  services.events.Publish("split", out);
  if (split->update.violations) {
    for (const auto& violation : split->update.violations->violations) {
      std::string data;
      app::AppendViolationJson(data, violation);
      services.events.Publish("violation", std::move(data));
    }
  }
  if (!audited.ok()) return ErrorResponse(request, audited);
  return JsonResponse(request, http::status::ok, std::move(out));
}

}  // namespace

void AddIncidentRoutes(Router& router, Services& services) {
  router.Add(http::verb::get, "/api/v1/incidents",
             [&services](RequestContext& context) { return List(services, context); });
  router.Add(http::verb::get, "/api/v1/incidents/clusters",
             [&services](RequestContext& context) { return Clusters(services, context); });
  router.Add(http::verb::get, "/api/v1/incidents/{id}",
             [&services](RequestContext& context) { return Get(services, context); });
  router.Add(http::verb::post, "/api/v1/incidents/{id}/review",
             [&services](RequestContext& context) { return Review(services, context); });
  router.Add(http::verb::post, "/api/v1/incidents/{id}/merge",
             [&services](RequestContext& context) { return Merge(services, context); });
  router.Add(http::verb::post, "/api/v1/incidents/{id}/split",
             [&services](RequestContext& context) { return Split(services, context); });
}

}  // namespace truceline::server
