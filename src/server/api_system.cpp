// /healthz, /metrics and the OpenAPI document.

#include <fmt/format.h>

#include "app/input_file.hpp"
#include "server/responses.hpp"
#include "server/routes.hpp"

namespace truceline::server {

void AddSystemRoutes(Router& router, Services& services) {
  router.Add(http::verb::get, "/healthz", [&services](RequestContext& context) -> HandlerResult {
    core::Status status = services.backend.Read([](store::Store& store) {
      auto count = store.CountReports();
      return count.ok() ? core::Status::Ok() : count.status();
    });
    if (!status.ok()) {
      return ErrorResponse(context.request, http::status::service_unavailable, "unhealthy",
                           status.message());
    }
    return JsonResponse(context.request, http::status::ok, R"({"status":"ok"})");
  });
  router.Add(http::verb::get, "/metrics", [&services](RequestContext& context) -> HandlerResult {
    services.metrics.stream_clients = static_cast<int64_t>(services.events.subscribers());
    return MakeResponse(context.request, http::status::ok, "text/plain; version=0.0.4",
                        services.metrics.Render());
  });
  router.Add(http::verb::get, "/api/v1/openapi.json",
             [&services](RequestContext& context) -> HandlerResult {
               auto text = app::ReadInputFile(services.settings.web_root + "/api/openapi.json");
               if (!text.ok()) return ErrorResponse(context.request, text.status());
               return JsonResponse(context.request, http::status::ok, std::move(*text));
             });
}

core::Status AddAllRoutes(Router& router, Services& services) {
  AddSystemRoutes(router, services);
  AddAuthRoutes(router, services);
  AddReportRoutes(router, services);
  AddIncidentRoutes(router, services);
  AddViolationRoutes(router, services);
  AddAgreementRoutes(router, services);
  AddDailyReportRoutes(router, services);
  AddStreamRoutes(router, services);
  AddAlertRoutes(router, services);
  AddPlanRoutes(router, services);
  AddRegistryRoutes(router, services);
  AddStaticRoutes(router, services);
  return AddOgcRoutes(router, services);
}

}  // namespace truceline::server
