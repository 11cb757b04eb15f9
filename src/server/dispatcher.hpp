#pragma once
// Dispatcher: from a raw request to a handler's answer. It decodes the
// target, finds the route (404/405), authenticates the caller (a bearer
// token, or the session cookie — then unsafe methods need the session's
// CSRF token in X-CSRF-Token, else 403), runs the handler, adds the
// security headers and records metrics. Handlers authorise (RequireRole).
// Thread-safe: called concurrently by the HTTP server's workers.

#include <initializer_list>
#include <string>

#include "server/http_types.hpp"
#include "server/router.hpp"
#include "server/services.hpp"

namespace truceline::server {

inline constexpr const char* kSessionCookie = "tl_session";
inline constexpr const char* kCsrfHeader = "X-CSRF-Token";

class Dispatcher {
 public:
  Dispatcher(const Router& router, Services& services) : router_(router), services_(services) {}
  HandlerResult operator()(const Request& request, const std::string& remote,
                           const std::string& request_id) const;

 private:
  HandlerResult Handle(RequestContext& context, std::string& route) const;

  const Router& router_;
  Services& services_;
};

// Ok when the caller is authenticated with one of `roles`; kUnauthenticated
// (401) without credentials, kForbidden (403) naming the role otherwise.
core::Status RequireRole(const RequestContext& context, std::initializer_list<app::Role> roles);
// Any authenticated caller.
core::Status RequireUser(const RequestContext& context);

// The value of cookie `name` in the request's Cookie headers, or empty.
std::string CookieValue(const Request& request, std::string_view name);

}  // namespace truceline::server
