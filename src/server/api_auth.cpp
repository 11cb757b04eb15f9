// Browser sessions: POST /api/v1/login, POST /api/v1/logout, GET /api/v1/me.

#include <fmt/format.h>

#include "core/json_text.hpp"
#include "server/dispatcher.hpp"
#include "server/request_body.hpp"
#include "server/responses.hpp"
#include "server/routes.hpp"

namespace truceline::server {
namespace {

constexpr size_t kMaxNameBytes = 64;
constexpr size_t kMaxPasswordBytes = 1024;

// The peer's address without its port: the login limiter's key.
std::string AddressOf(const std::string& remote) {
  size_t colon = remote.rfind(':');
  return colon == std::string::npos ? remote : remote.substr(0, colon);
}

std::string SessionCookie(const ServerSettings& settings, std::string_view value, long max_age) {
  return fmt::format("{}={}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}{}", kSessionCookie,
                     value, max_age, settings.secure_cookies ? "; Secure" : "");
}

std::string PrincipalJson(const app::Principal& principal) {
  std::string out = R"({"user":)";
  core::AppendJsonString(out, principal.user);
  out += R"(,"role":)";
  core::AppendJsonString(out, app::RoleName(principal.role));
  out += R"(,"csrf_token":)";
  core::AppendJsonString(out, principal.csrf_token);
  out += fmt::format(R"(,"expires_at":"{}"}})", core::FormatRfc3339(principal.expires_at));
  return out;
}

HandlerResult Login(Services& services, RequestContext& context) {
  const Request& request = context.request;
  auto body = JsonObjectBody(request, 4096);
  if (!body.ok()) return ErrorResponse(request, body.status());
  auto name = StringMember(*body, "name", kMaxNameBytes);
  if (!name.ok()) return ErrorResponse(request, name.status());
  auto password = StringMember(*body, "password", kMaxPasswordBytes);
  if (!password.ok()) return ErrorResponse(request, password.status());

  const std::string address = AddressOf(context.remote);
  auto wait = services.login_limiter.RetryAfter(address, *name);
  if (wait.count() > 0) {
    Response response =
        ErrorResponse(request, http::status::too_many_requests, "rate_limited",
                      fmt::format("too many failed logins; try again in {} s", wait.count()));
    response.set(http::field::retry_after, std::to_string(wait.count()));
    return response;
  }
  std::optional<app::NewSession> session;
  core::Status status = services.backend.Accounts([&](auto& accounts, auto&) {
    auto opened = accounts.Login(*name, *password);
    if (!opened.ok()) return opened.status();
    session = std::move(*opened);
    return core::Status::Ok();
  });
  if (!status.ok()) {
    if (status.code() == core::ErrorCode::kUnauthenticated) {
      services.login_limiter.RecordFailure(address, *name);
      services.metrics.AddLoginFailure();
    }
    return ErrorResponse(request, status);
  }
  services.login_limiter.RecordSuccess(*name);
  auto lifetime = std::chrono::duration_cast<std::chrono::seconds>(session->expires_at -
                                                                   services.backend.clock().Now());
  Response response = JsonResponse(request, http::status::ok, PrincipalJson(session->principal));
  response.set(http::field::set_cookie,
               SessionCookie(services.settings, session->cookie_value, lifetime.count()));
  return response;
}

}  // namespace

void AddAuthRoutes(Router& router, Services& services) {
  router.Add(http::verb::post, "/api/v1/login",
             [&services](RequestContext& context) { return Login(services, context); });
  router.Add(http::verb::post, "/api/v1/logout",
             [&services](RequestContext& context) -> HandlerResult {
               core::Status allowed = RequireUser(context);
               if (!allowed.ok()) return ErrorResponse(context.request, allowed);
               std::string cookie = CookieValue(context.request, kSessionCookie);
               if (!cookie.empty()) {
                 core::Status status = services.backend.Accounts(
                     [&](auto& accounts, auto&) { return accounts.Logout(cookie); });
                 if (!status.ok()) return ErrorResponse(context.request, status);
               }
               Response response =
                   JsonResponse(context.request, http::status::ok, R"({"logged_out":true})");
               response.set(http::field::set_cookie, SessionCookie(services.settings, "", 0));
               return response;
             });
  router.Add(http::verb::get, "/api/v1/me", [](RequestContext& context) -> HandlerResult {
    core::Status allowed = RequireUser(context);
    if (!allowed.ok()) return ErrorResponse(context.request, allowed);
    return JsonResponse(context.request, http::status::ok, PrincipalJson(*context.principal));
  });
}

}  // namespace truceline::server
