// The coalition registry over HTTP, read only: GET /api/v1/coalition,
// /api/v1/coalition/nations/{code} and /api/v1/aid/balance, each on a
// date (`as_of`, YYYY-MM-DD; default the record's date). The registry is
// the store's when one was imported, else the bundled document; the JSON
// is the app's (what `truceline coalition|aid --format json` prints), with
// each figure's citations.

#include <fmt/format.h>

#include "app/registry_service.hpp"
#include "server/dispatcher.hpp"
#include "server/query.hpp"
#include "server/responses.hpp"
#include "server/routes.hpp"

namespace truceline::server {
namespace {

using app::Role;

const std::initializer_list<Role> kReaders = {Role::kAdmin, Role::kCoordinator, Role::kAnalyst,
                                              Role::kObserver};

// The registry and the date asked for, or the error response.
struct Dated {
  registry::Registry registry;
  registry::Date date{};
  std::optional<std::string> as_of;
};
core::Result<Dated> ReadDated(Services& services, const RequestContext& context) {
  auto loaded = app::LoadRegistry({services.backend.location(), "", true});
  if (!loaded.ok()) return loaded.status();
  Dated out{std::move(*loaded), {}, QueryValue(context.query, "as_of")};
  auto date = app::ResolveAsOf(out.registry, out.as_of);
  if (!date.ok()) {
    return core::Status(core::ErrorCode::kInvalidArgument,
                        fmt::format("'as_of': {}", date.status().message()));
  }
  out.date = *date;
  return out;
}

HandlerResult Coalition(Services& services, RequestContext& context) {
  const Request& request = context.request;
  core::Status allowed = RequireRole(context, kReaders);
  if (!allowed.ok()) return ErrorResponse(request, allowed);
  auto dated = ReadDated(services, context);
  if (!dated.ok()) return ErrorResponse(request, dated.status());
  auto picture = app::CoalitionAsOf(dated->registry, dated->as_of);
  if (!picture.ok()) return ErrorResponse(request, picture.status());
  return JsonResponse(request, http::status::ok,
                      app::PictureJson(dated->registry, *picture).dump());
}

HandlerResult Nation(Services& services, RequestContext& context) {
  const Request& request = context.request;
  core::Status allowed = RequireRole(context, kReaders);
  if (!allowed.ok()) return ErrorResponse(request, allowed);
  const std::string& code = context.params.at("code");
  if (code.size() < 2 || code.size() > 3) {
    return ErrorResponse(request,
                         core::Status(core::ErrorCode::kInvalidArgument,
                                      "a nation is an ISO 3166-1 alpha-2 or alpha-3 code"));
  }
  auto dated = ReadDated(services, context);
  if (!dated.ok()) return ErrorResponse(request, dated.status());
  auto nation = app::NationAsOf(dated->registry, code, dated->as_of);
  if (!nation.ok()) {
    // The date was checked above: what is left is a code the registry lacks.
    return ErrorResponse(request,
                         core::Status(core::ErrorCode::kNotFound, nation.status().message()));
  }
  return JsonResponse(request, http::status::ok,
                      app::NationJson(dated->registry, *nation, dated->date).dump());
}

HandlerResult AidBalance(Services& services, RequestContext& context) {
  const Request& request = context.request;
  core::Status allowed = RequireRole(context, kReaders);
  if (!allowed.ok()) return ErrorResponse(request, allowed);
  auto dated = ReadDated(services, context);
  if (!dated.ok()) return ErrorResponse(request, dated.status());
  auto lines = app::AidBalanceAsOf(dated->registry, dated->as_of);
  if (!lines.ok()) return ErrorResponse(request, lines.status());
  return JsonResponse(request, http::status::ok, app::AidBalanceJson(*lines, dated->date).dump());
}

}  // namespace

void AddRegistryRoutes(Router& router, Services& services) {
  router.Add(http::verb::get, "/api/v1/coalition",
             [&services](RequestContext& context) { return Coalition(services, context); });
  router.Add(http::verb::get, "/api/v1/coalition/nations/{code}",
             [&services](RequestContext& context) { return Nation(services, context); });
  router.Add(http::verb::get, "/api/v1/aid/balance",
             [&services](RequestContext& context) { return AidBalance(services, context); });
}

}  // namespace truceline::server
