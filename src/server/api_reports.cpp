// POST /api/v1/reports (submit) and GET /api/v1/reports (query).

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "app/window_filter.hpp"
#include "core/json_text.hpp"
#include "core/report_json.hpp"
#include "server/dispatcher.hpp"
#include "server/query.hpp"
#include "server/request_body.hpp"
#include "server/responses.hpp"
#include "server/routes.hpp"

namespace truceline::server {
namespace {

using app::Role;

constexpr uint64_t kDefaultReportLimit = 1000;
constexpr uint64_t kMaxReportLimit = 10'000;

// A JSON body (one report object, or an array of them) as NDJSON, one
// record per line in array order, so the one NDJSON reader validates it
// and its line numbers are the records' positions (1-based).
core::Result<std::string> JsonBodyAsNdjson(const std::string& body, uint64_t max_records) {
  nlohmann::json document = nlohmann::json::parse(body, nullptr, false);
  if (document.is_discarded()) {
    return core::Status(core::ErrorCode::kInvalidArgument,
                        "the body is not well-formed JSON (send NDJSON as "
                        "application/x-ndjson)");
  }
  if (document.is_object()) document = nlohmann::json::array({std::move(document)});
  if (!document.is_array()) {
    return core::Status(core::ErrorCode::kInvalidArgument,
                        "a JSON body must be one report object or an array of them");
  }
  if (document.size() > max_records) {
    return core::Status(core::ErrorCode::kPayloadTooLarge,
                        fmt::format("a batch holds at most {} records; split it", max_records));
  }
  std::string ndjson;
  for (const auto& record : document) {
    ndjson += record.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    ndjson += '\n';
  }
  return ndjson;
}

HandlerResult Submit(Services& services, RequestContext& context) {
  const Request& request = context.request;
  core::Status allowed =
      RequireRole(context, {Role::kAdmin, Role::kAnalyst, Role::kMonitor, Role::kSensor});
  if (!allowed.ok()) return ErrorResponse(request, allowed);
  const app::Principal& who = *context.principal;

  const std::string media = MediaType(request);
  std::string converted;
  std::string_view text = request.body();
  ingest::Format format = ingest::Format::kNdjson;
  std::string name = "request body";
  const uint64_t max_records = services.settings.max_batch_records;
  if (media == "application/x-ndjson" || media == "application/jsonl") {
    format = ingest::Format::kNdjson;
  } else if (media == "application/json") {
    auto ndjson = JsonBodyAsNdjson(request.body(), max_records);
    if (!ndjson.ok()) return ErrorResponse(request, ndjson.status());
    converted = std::move(*ndjson);
    text = converted;
    name = "request body (JSON: line = record position)";
  } else if (media == "text/csv") {
    format = ingest::Format::kCsv;
  } else if (media == "application/geo+json") {
    format = ingest::Format::kGeoJson;
  } else {
    return ErrorResponse(request, http::status::unsupported_media_type, "unsupported_media_type",
                         "send application/x-ndjson, application/json, text/csv or "
                         "application/geo+json");
  }
  // Monitors and sensors submit as themselves: their reports' source is
  // their account name.
  const bool own_only = who.role == Role::kMonitor || who.role == Role::kSensor;
  // Parsed on this worker; only the commit waits for the writer.
  auto batch =
      app::ReportIntake::Parse(name, text, format, max_records, own_only ? who.user : std::string(),
                               services.backend.clock());
  if (!batch.ok()) return ErrorResponse(request, batch.status());
  std::optional<app::ReportIntake::Outcome> outcome;
  core::Status status = services.backend.Write([&](Backend::Writer& writer) {
    auto submitted = writer.intake.Commit(*batch);
    if (!submitted.ok()) return submitted.status();
    outcome = std::move(*submitted);
    return core::Status::Ok();
  });
  if (!status.ok()) return ErrorResponse(request, status);
  const app::IngestSummary& s = outcome->summary;
  services.metrics.AddIngest(s.accepted, s.duplicates, s.rejected);
  std::string detail = fmt::format(R"({{"accepted":{},"duplicates":{},"rejected":{}}})", s.accepted,
                                   s.duplicates, s.rejected);
  core::Status audited = services.backend.Audit(who.actor(), "reports.submit", media, detail);

  std::string body =
      fmt::format(R"({{"accepted":{},"duplicates":{},"rejected":{},"fused":{},"errors":[)",
                  s.accepted, s.duplicates, s.rejected, s.fused);
  for (size_t i = 0; i < outcome->rejections.size(); ++i) {
    if (i > 0) body += ',';
    ingest::AppendRejectionJson(body, outcome->rejections[i]);
  }
  body += "]";
  if (!audited.ok()) {
    body += R"(,"warning":)";
    core::AppendJsonString(body, "stored, but the audit entry failed: " + audited.message());
  }
  body += "}";
  // 201: every record stored (or already stored); 207: some were rejected
  // and the others stored; 422: every record was rejected.
  http::status code = http::status::created;
  if (s.rejected > 0) {
    code = (s.accepted + s.duplicates) > 0 ? http::status::multi_status
                                           : http::status::unprocessable_entity;
  }
  return JsonResponse(request, code, std::move(body));
}

HandlerResult Query(Services& services, RequestContext& context) {
  const Request& request = context.request;
  core::Status allowed = RequireRole(
      context, {Role::kAdmin, Role::kCoordinator, Role::kAnalyst, Role::kObserver, Role::kMonitor});
  if (!allowed.ok()) return ErrorResponse(request, allowed);
  auto window = app::ParseWindow("", QueryValue(context.query, "from").value_or(""),
                                 QueryValue(context.query, "to").value_or(""),
                                 QueryValue(context.query, "bbox").value_or(""));
  if (!window.ok()) return ErrorResponse(request, window.status());
  auto limit = LimitParam(context.query, "limit", kDefaultReportLimit, kMaxReportLimit);
  if (!limit.ok()) return ErrorResponse(request, limit.status());
  // A monitor sees only the reports it submitted.
  std::optional<std::string> source = QueryValue(context.query, "source");
  if (context.principal->role == Role::kMonitor) {
    if (source && *source != context.principal->user) {
      return ErrorResponse(request, core::Status(core::ErrorCode::kForbidden,
                                                 "a monitor sees only its own reports"));
    }
    source = context.principal->user;
  }
  store::ReportQuery query{window->from, window->to, window->bbox, std::nullopt};
  if (!source) query.limit = *limit + 1;
  std::string body = R"({"reports":[)";
  uint64_t written = 0;
  bool more = false;
  core::Status status = services.backend.Read([&](store::Store& store) {
    return store.ScanReports(query, [&](const store::StoredReport& stored) {
      if (source && stored.report.source != *source) return true;
      if (written == *limit) {
        more = true;
        return false;
      }
      if (written++ > 0) body += ',';
      body += '{';
      core::AppendReportMembers(body, stored.report);
      body += fmt::format(R"(,"ingested_at":"{}"}})", core::FormatRfc3339(stored.ingested_at));
      return true;
    });
  });
  if (!status.ok()) return ErrorResponse(request, status);
  body += fmt::format(R"(],"count":{},"truncated":{}}})", written, more);
  return JsonResponse(request, http::status::ok, std::move(body));
}

}  // namespace

void AddReportRoutes(Router& router, Services& services) {
  router.Add(http::verb::post, "/api/v1/reports",
             [&services](RequestContext& context) { return Submit(services, context); });
  router.Add(http::verb::get, "/api/v1/reports",
             [&services](RequestContext& context) { return Query(services, context); });
}

}  // namespace truceline::server
