// GET /api/v1/alerts.atom: violations as an Atom feed (RFC 4287) whose
// entries each carry an OASIS CAP 1.2 alert, so alerting systems can
// subscribe to ceasefire violations.

#include <deque>

#include <fmt/format.h>

#include "app/window_filter.hpp"
#include "core/markup_text.hpp"
#include "server/dispatcher.hpp"
#include "server/query.hpp"
#include "server/request_body.hpp"
#include "server/responses.hpp"
#include "server/routes.hpp"

namespace truceline::server {
namespace {

using app::Role;
using core::EscapeMarkup;

constexpr uint64_t kDefaultAlerts = 100;
constexpr uint64_t kMaxAlerts = 1000;

// CAP's dateTime: seconds precision and a numeric offset ("Z" is not
// allowed).
std::string CapTime(core::UtcMicros t) {
  std::string text = core::FormatRfc3339(t).substr(0, 19);
  return text + "+00:00";
}

std::string_view Certainty(std::string_view incident_status) {
  if (incident_status == "verified" || incident_status == "corroborated") return "Observed";
  if (incident_status == "rejected") return "Unlikely";
  return "Possible";
}

// Strikes on protected sites and fire across the line are the gravest.
std::string_view Severity(std::string_view rule) {
  if (rule == "protected_target" || rule == "no_fire") return "Severe";
  return "Moderate";
}

struct AlertSource {
  store::ViolationRecord violation;
  core::Incident incident;
};

void AppendCapAlert(std::string& out, const AlertSource& a, const std::string& host) {
  const store::ViolationRecord& v = a.violation;
  const core::IncidentSummary& s = a.incident.summary;
  const std::string identifier = fmt::format("truceline-{}-{}", v.incident, v.clause_id);
  out += R"(<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">)";
  out += fmt::format("<identifier>{}</identifier>", EscapeMarkup(identifier));
  out += fmt::format("<sender>truceline@{}</sender>", EscapeMarkup(host));
  out += fmt::format("<sent>{}</sent>", CapTime(a.incident.updated_at));
  out += "<status>Actual</status><msgType>Alert</msgType><scope>Restricted</scope>";
  out += "<restriction>Ceasefire monitoring staff of the coalition</restriction>";
  out += "<info><language>en</language><category>Security</category>";
  out += "<event>Ceasefire violation</event><urgency>Past</urgency>";
  out += fmt::format("<severity>{}</severity><certainty>{}</certainty>", Severity(v.rule),
                     Certainty(v.incident_status));
  out += fmt::format("<onset>{}</onset>", CapTime(s.first_at));
  out += fmt::format("<senderName>Truceline</senderName>");
  out += fmt::format("<headline>{}</headline>",
                     EscapeMarkup(fmt::format("Clause {} broken: {} {} ({})", v.clause_id,
                                              core::FamilyName(s.family),
                                              core::ReportKindName(s.kind), v.incident_status)));
  out += fmt::format(
      "<description>{}</description>",
      EscapeMarkup(fmt::format("Incident {} ({} reports from {} sources, first observed {}) "
                               "breaks clause {} ({} rule). Evidence: {}",
                               v.incident, s.report_count, s.source_count,
                               core::FormatRfc3339(s.first_at), v.clause_id, v.rule, v.evidence)));
  out += fmt::format("<web>http://{}/#incident/{}</web>", EscapeMarkup(host), v.incident);
  out += fmt::format("<parameter><valueName>incident_id</valueName><value>{}</value></parameter>",
                     v.incident);
  out += fmt::format("<parameter><valueName>clause_id</valueName><value>{}</value></parameter>",
                     EscapeMarkup(v.clause_id));
  out += "<area>";
  out += fmt::format("<areaDesc>{}</areaDesc>",
                     EscapeMarkup(a.incident.admin_region.empty() ? std::string("Ukraine")
                                                                  : a.incident.admin_region));
  out += fmt::format("<circle>{:.5f},{:.5f} {:.3f}</circle>", s.lat, s.lon,
                     std::max(s.uncertainty_m / 1000.0, 0.1));
  out += "</area></info></alert>";
}

HandlerResult Feed(Services& services, RequestContext& context) {
  const Request& request = context.request;
  core::Status allowed =
      RequireRole(context, {Role::kAdmin, Role::kCoordinator, Role::kAnalyst, Role::kObserver});
  if (!allowed.ok()) return ErrorResponse(request, allowed);
  auto window = app::ParseWindow("", QueryValue(context.query, "from").value_or(""),
                                 QueryValue(context.query, "to").value_or(""), "");
  if (!window.ok()) return ErrorResponse(request, window.status());
  auto limit = LimitParam(context.query, "limit", kDefaultAlerts, kMaxAlerts);
  if (!limit.ok()) return ErrorResponse(request, limit.status());
  store::ViolationQuery query;
  query.from = window->from;
  query.to = window->to;
  query.clause_id = QueryValue(context.query, "clause");
  // The newest `limit` violations of the window (the store reads oldest
  // first; only the tail is kept).
  std::vector<AlertSource> alerts;
  core::Status status = services.backend.Read([&](store::Store& store) {
    std::deque<store::ViolationRecord> newest;
    TRUCELINE_RETURN_IF_ERROR(store.ScanViolations(query, [&](const store::ViolationRecord& v) {
      newest.push_back(v);
      if (newest.size() > *limit) newest.pop_front();
      return true;
    }));
    for (auto it = newest.rbegin(); it != newest.rend(); ++it) {
      auto incident = store.GetIncident(it->incident);
      if (!incident.ok()) return incident.status();
      alerts.push_back({*it, std::move(*incident)});
    }
    return core::Status::Ok();
  });
  if (!status.ok()) return ErrorResponse(request, status);

  const std::string host = RequestHost(request);
  core::UtcMicros updated{};
  for (const auto& a : alerts)
    updated = std::max(updated, a.incident.updated_at);
  std::string body = R"(<?xml version="1.0" encoding="UTF-8"?>)";
  body += R"(<feed xmlns="http://www.w3.org/2005/Atom">)";
  body += "<id>urn:truceline:alerts</id><title>Truceline: ceasefire violations</title>";
  body += fmt::format("<updated>{}</updated>", core::FormatRfc3339(updated));
  body += fmt::format(R"(<link rel="self" href="http://{}{}"/>)", EscapeMarkup(host),
                      EscapeMarkup(request.target()));
  body += "<author><name>Truceline</name></author>";
  for (const AlertSource& a : alerts) {
    const auto& v = a.violation;
    body += "<entry>";
    body += fmt::format("<id>urn:truceline:violation:{}:{}</id>", v.incident,
                        EscapeMarkup(v.clause_id));
    body += fmt::format(
        "<title>{}</title>",
        EscapeMarkup(fmt::format("Clause {} broken by incident {}", v.clause_id, v.incident)));
    body += fmt::format("<updated>{}</updated>", core::FormatRfc3339(a.incident.updated_at));
    body += fmt::format(R"(<link href="http://{}/#incident/{}"/>)", EscapeMarkup(host), v.incident);
    body += R"(<content type="application/cap+xml">)";
    AppendCapAlert(body, a, host);
    body += "</content></entry>";
  }
  body += "</feed>";
  return MakeResponse(request, http::status::ok, "application/atom+xml; charset=utf-8",
                      std::move(body));
}

}  // namespace

void AddAlertRoutes(Router& router, Services& services) {
  router.Add(http::verb::get, "/api/v1/alerts.atom",
             [&services](RequestContext& context) { return Feed(services, context); });
}

}  // namespace truceline::server
