// GET /api/v1/violations: the stored violations against the active
// agreement, with cursor paging; GET /api/v1/agreements/active; POST
// /api/v1/agreements (load and activate).

#include <fmt/format.h>

#include "app/agreement_service.hpp"
#include "app/violation_export.hpp"
#include "app/window_filter.hpp"
#include "core/json_text.hpp"
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
constexpr size_t kMaxAgreementBytes = 8 << 20;

const std::initializer_list<Role> kReaders = {Role::kAdmin, Role::kCoordinator, Role::kAnalyst,
                                              Role::kObserver};

HandlerResult List(Services& services, RequestContext& context) {
  const Request& request = context.request;
  core::Status allowed = RequireRole(context, kReaders);
  if (!allowed.ok()) return ErrorResponse(request, allowed);
  auto window = app::ParseWindow("", QueryValue(context.query, "from").value_or(""),
                                 QueryValue(context.query, "to").value_or(""), "");
  if (!window.ok()) return ErrorResponse(request, window.status());
  auto limit = LimitParam(context.query, "limit", kDefaultLimit, kMaxLimit);
  if (!limit.ok()) return ErrorResponse(request, limit.status());
  store::ViolationQuery query;
  query.from = window->from;
  query.to = window->to;
  query.clause_id = QueryValue(context.query, "clause");
  if (auto incident = QueryValue(context.query, "incident")) {
    auto id = ParseId("incident", *incident);
    if (!id.ok()) return ErrorResponse(request, id.status());
    query.incident = *id;
  }
  if (auto cursor = QueryValue(context.query, "cursor")) {
    auto after = ParseViolationCursor(*cursor);
    if (!after.ok()) return ErrorResponse(request, after.status());
    query.after = *after;
  }
  query.limit = *limit + 1;
  std::string body = R"({"violations":[)";
  uint64_t written = 0;
  std::optional<store::ViolationRecord> last;
  bool more = false;
  core::Status status = services.backend.Read([&](store::Store& store) {
    return store.ScanViolations(query, [&](const store::ViolationRecord& v) {
      if (written == *limit) {
        more = true;
        return false;
      }
      if (written++ > 0) body += ',';
      app::AppendViolationJson(body, v);
      last = v;
      return true;
    });
  });
  if (!status.ok()) return ErrorResponse(request, status);
  body += fmt::format(R"(],"count":{},"next_cursor":)", written);
  if (more && last) {
    core::AppendJsonString(body, ViolationCursor(*last));
  } else {
    body += "null";
  }
  body += '}';
  return JsonResponse(request, http::status::ok, std::move(body));
}

HandlerResult Active(Services& services, RequestContext& context) {
  const Request& request = context.request;
  core::Status allowed = RequireRole(context, kReaders);
  if (!allowed.ok()) return ErrorResponse(request, allowed);
  std::optional<store::StoredAgreement> active;
  core::Status status = services.backend.Read([&](store::Store& store) {
    auto loaded = store.ActiveAgreement();
    if (!loaded.ok()) return loaded.status();
    active = std::move(*loaded);
    return core::Status::Ok();
  });
  if (!status.ok()) return ErrorResponse(request, status);
  if (!active) {
    return ErrorResponse(
        request, core::Status(core::ErrorCode::kNotFound, "no agreement has been activated"));
  }
  std::string body = fmt::format(R"({{"version":{},"id":)", active->version);
  core::AppendJsonString(body, active->id);
  body += fmt::format(R"(,"loaded_at":"{}","loaded_by":)", core::FormatRfc3339(active->loaded_at));
  core::AppendJsonString(body, active->loaded_by);
  body += R"(,"document":)";
  body += active->document;
  body += '}';
  return JsonResponse(request, http::status::ok, std::move(body));
}

HandlerResult Activate(Services& services, RequestContext& context) {
  const Request& request = context.request;
  core::Status allowed = RequireRole(context, {Role::kCoordinator, Role::kAdmin});
  if (!allowed.ok()) return ErrorResponse(request, allowed);
  if (MediaType(request) != "application/json") {
    return ErrorResponse(request, http::status::unsupported_media_type, "unsupported_media_type",
                         "send the agreement document as application/json");
  }
  if (request.body().size() > kMaxAgreementBytes) {
    return ErrorResponse(
        request, core::Status(core::ErrorCode::kPayloadTooLarge,
                              fmt::format("an agreement is at most {} bytes", kMaxAgreementBytes)));
  }
  const app::Principal& who = *context.principal;
  std::optional<app::ActivationSummary> summary;
  core::Status status = services.backend.Write([&](Backend::Writer& writer) {
    auto activated = app::ActivateAgreementText(writer.store, request.body(), "request body",
                                                who.actor(), services.backend.clock());
    if (!activated.ok()) return activated.status();
    summary = std::move(*activated);
    return core::Status::Ok();
  });
  if (!status.ok()) {
    if (status.code() == core::ErrorCode::kInvalidArgument) {
      // Every problem of the document, one per line: keep them apart.
      std::string details = "[";
      std::string_view message = status.message();
      size_t i = 0;
      while (i < message.size()) {
        size_t end = message.find('\n', i);
        if (end == std::string_view::npos) end = message.size();
        if (details.size() > 1) details += ',';
        core::AppendJsonString(details, message.substr(i, end - i));
        i = end + 1;
      }
      details += ']';
      return ErrorResponse(request, http::status::unprocessable_entity, "invalid_agreement",
                           "the agreement has problems; see details", details);
    }
    return ErrorResponse(request, status);
  }
  std::string out = fmt::format(R"({{"version":{},"id":)", summary->version);
  core::AppendJsonString(out, summary->agreement_id);
  out += fmt::format(R"(,"incidents_evaluated":{},"violations":{}}})", summary->incidents,
                     summary->violations);
  services.events.Publish("agreement", out);
  core::Status audited = services.backend.Audit(who.actor(), "agreement.activate",
                                                fmt::format("agreement/{}", summary->version), out);
  if (!audited.ok()) return ErrorResponse(request, audited);
  return JsonResponse(request, http::status::created, std::move(out));
}

}  // namespace

void AddViolationRoutes(Router& router, Services& services) {
  router.Add(http::verb::get, "/api/v1/violations",
             [&services](RequestContext& context) { return List(services, context); });
}

void AddAgreementRoutes(Router& router, Services& services) {
  router.Add(http::verb::get, "/api/v1/agreements/active",
             [&services](RequestContext& context) { return Active(services, context); });
  router.Add(http::verb::post, "/api/v1/agreements",
             [&services](RequestContext& context) { return Activate(services, context); });
}

}  // namespace truceline::server
