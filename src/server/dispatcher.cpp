#include "server/dispatcher.hpp"

#include <chrono>
#include <optional>

#include <fmt/format.h>
#include <sodium.h>

#include "server/query.hpp"
#include "server/responses.hpp"

namespace truceline::server {
namespace {

bool IsSafeMethod(http::verb method) {
  return method == http::verb::get || method == http::verb::head || method == http::verb::options;
}

void AddSecurityHeaders(Response& response) {
  response.set("X-Content-Type-Options", "nosniff");
  response.set("X-Frame-Options", "DENY");
  response.set("Referrer-Policy", "no-referrer");
  if (response[http::field::content_type].starts_with("text/html")) {
    response.set("Content-Security-Policy",
                 "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                 "object-src 'none'; frame-ancestors 'none'; base-uri 'none'");
  }
}

// An API token presented in an Authorization header, and for HTTP Basic
// the user name it claims.
struct PresentedToken {
  std::string secret;
  std::optional<std::string> user;
};

// "Bearer TOKEN", or "Basic base64(user:TOKEN)" for clients that speak only
// Basic (QGIS): a password is never accepted there, only an API token.
std::optional<PresentedToken> TokenOf(std::string_view authorization) {
  if (authorization.starts_with("Bearer ")) {
    return PresentedToken{std::string(authorization.substr(7)), std::nullopt};
  }
  if (!authorization.starts_with("Basic ")) return std::nullopt;
  std::string_view encoded = authorization.substr(6);
  std::string decoded(encoded.size(), '\0');
  size_t length = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(decoded.data()), decoded.size(),
                        encoded.data(), encoded.size(), nullptr, &length, nullptr,
                        sodium_base64_VARIANT_ORIGINAL) != 0) {
    return std::nullopt;
  }
  decoded.resize(length);
  size_t colon = decoded.find(':');
  if (colon == std::string::npos || colon == 0) return std::nullopt;
  return PresentedToken{decoded.substr(colon + 1), decoded.substr(0, colon)};
}

}  // namespace

std::string CookieValue(const Request& request, std::string_view name) {
  for (const auto& field : request) {
    if (field.name() != http::field::cookie) continue;
    std::string_view cookies = field.value();
    size_t i = 0;
    while (i < cookies.size()) {
      size_t end = cookies.find(';', i);
      if (end == std::string_view::npos) end = cookies.size();
      std::string_view pair = cookies.substr(i, end - i);
      while (!pair.empty() && pair.front() == ' ')
        pair.remove_prefix(1);
      size_t eq = pair.find('=');
      if (eq != std::string_view::npos && pair.substr(0, eq) == name) {
        return std::string(pair.substr(eq + 1));
      }
      i = end + 1;
    }
  }
  return {};
}

core::Status RequireUser(const RequestContext& context) {
  if (!context.principal) {
    return core::Status(core::ErrorCode::kUnauthenticated,
                        "log in, or send an API token as 'Authorization: Bearer TOKEN'");
  }
  return core::Status::Ok();
}

core::Status RequireRole(const RequestContext& context, std::initializer_list<app::Role> roles) {
  TRUCELINE_RETURN_IF_ERROR(RequireUser(context));
  for (app::Role role : roles) {
    if (context.principal->role == role) return core::Status::Ok();
  }
  std::string allowed;
  for (app::Role role : roles) {
    if (!allowed.empty()) allowed += ", ";
    allowed += app::RoleName(role);
  }
  return core::Status(
      core::ErrorCode::kForbidden,
      fmt::format("{} ({}) may not do this; it needs the role {}", context.principal->user,
                  app::RoleName(context.principal->role), allowed));
}

HandlerResult Dispatcher::operator()(const Request& request, const std::string& remote,
                                     const std::string& request_id) const {
  const auto started = std::chrono::steady_clock::now();
  ++services_.metrics.in_flight;
  RequestContext context{request, {}, {}, {}, request_id, remote, std::nullopt};
  std::string route = "unmatched";
  HandlerResult result = Handle(context, route);
  AddSecurityHeaders(result.response);
  --services_.metrics.in_flight;
  services_.metrics.ObserveRequest(
      route, request.method_string(), result.response.result_int(),
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  return result;
}

HandlerResult Dispatcher::Handle(RequestContext& context, std::string& route) const {
  const Request& request = context.request;
  std::string_view target = request.target();
  size_t question = target.find('?');
  auto path = PercentDecode(target.substr(0, question), /*plus_is_space=*/false);
  if (!path.ok()) return ErrorResponse(request, path.status());
  context.path = std::move(*path);
  if (question != std::string_view::npos) {
    auto query = ParseQueryString(target.substr(question + 1));
    if (!query.ok()) return ErrorResponse(request, query.status());
    context.query = std::move(*query);
  }

  Router::Match match = router_.Find(request.method(), context.path);
  if (!match.path_known) {
    return ErrorResponse(request, http::status::not_found, "not_found",
                         fmt::format("no such resource: {}", context.path));
  }
  if (match.handler == nullptr) {
    Response response = ErrorResponse(
        request, http::status::method_not_allowed, "method_not_allowed",
        fmt::format("{} is not allowed on {}; allowed: {}", std::string(request.method_string()),
                    context.path, match.allowed));
    response.set(http::field::allow, match.allowed);
    return response;
  }
  route = match.pattern;
  context.params = std::move(match.params);

  // Credentials, when presented, must be valid even on public routes: a
  // client with a revoked token learns so at once.
  std::string_view authorization = request[http::field::authorization];
  std::string session = CookieValue(request, kSessionCookie);
  if (!authorization.empty()) {
    std::optional<PresentedToken> token = TokenOf(authorization);
    if (!token) {
      return ErrorResponse(request, http::status::unauthorized, "unauthenticated",
                           "the Authorization header must be 'Bearer TOKEN', or Basic with a user "
                           "name and an API token as the password");
    }
    auto principal =
        services_.backend.Authenticate(app::PrincipalCache::Credential::kToken, token->secret);
    if (!principal.ok()) return ErrorResponse(request, principal.status());
    if (token->user && *token->user != principal->user) {
      return ErrorResponse(request, http::status::unauthorized, "unauthenticated",
                           "the API token is not the named user's");
    }
    context.principal = std::move(*principal);
  } else if (!session.empty()) {
    auto principal =
        services_.backend.Authenticate(app::PrincipalCache::Credential::kSession, session);
    if (!principal.ok()) {
      // An expired session on a public page is not an error: the caller is
      // treated as anonymous, and protected routes answer 401.
      if (principal.status().code() != core::ErrorCode::kUnauthenticated) {
        return ErrorResponse(request, principal.status());
      }
    } else {
      context.principal = std::move(*principal);
      if (!IsSafeMethod(request.method()) &&
          !app::CsrfTokenMatches(*context.principal, request[kCsrfHeader])) {
        return ErrorResponse(request, http::status::forbidden, "csrf",
                             fmt::format("a browser session must send its CSRF token in the {} "
                                         "header with every change",
                                         kCsrfHeader));
      }
    }
  }
  return (*match.handler)(context);
}

}  // namespace truceline::server
