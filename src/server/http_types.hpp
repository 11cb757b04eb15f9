#pragma once
// The HTTP vocabulary of the server: Beast's request and response types,
// what a handler receives about its request, and what it returns.

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <boost/beast/http.hpp>

#include "app/accounts.hpp"

namespace truceline::server {

namespace http = boost::beast::http;

using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

// Decoded query parameters; a repeated name keeps its last value.
using QueryParams = std::map<std::string, std::string, std::less<>>;
// Values of a route's `{name}` segments.
using PathParams = std::map<std::string, std::string, std::less<>>;

class EventSubscription;

// Everything a handler learns about its request. Built by the HTTP session;
// handlers read it and never keep references beyond their call.
struct RequestContext {
  const Request& request;
  std::string path;  // decoded, without the query string
  QueryParams query;
  PathParams params;
  std::string request_id;
  std::string remote;  // the peer's address
  // Set by the server before the handler runs when the request carried
  // valid credentials (a bearer token or a session cookie).
  std::optional<app::Principal> principal;
};

// A handler's answer: a complete response, or (for server-sent events) the
// response head plus the subscription whose events stream after it.
struct HandlerResult {
  Response response;
  std::shared_ptr<EventSubscription> stream;

  HandlerResult(Response r) : response(std::move(r)) {}  // NOLINT: implicit on purpose
  HandlerResult(Response r, std::shared_ptr<EventSubscription> s)
      : response(std::move(r)), stream(std::move(s)) {}
};

}  // namespace truceline::server
