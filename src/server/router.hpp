#pragma once
// Router: maps a method and a path to a handler. Patterns are literal
// segments and `{name}` segments matching one non-empty segment, e.g.
// "/api/v1/incidents/{id}". Routes are added before serving starts; lookups
// are then read-only and thread-safe.

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "server/http_types.hpp"

namespace truceline::server {

using Handler = std::function<HandlerResult(RequestContext&)>;

class Router {
 public:
  // Adds a route. A later route never shadows an earlier one with the same
  // pattern: the first match wins.
  void Add(http::verb method, std::string pattern, Handler handler);

  struct Match {
    const Handler* handler = nullptr;  // null: no route for this method
    PathParams params;
    bool path_known = false;  // some route matches the path (→ 405, not 404)
    std::string allowed;      // methods allowed on the path, "GET, POST"
    std::string pattern;      // the matched route's pattern, for metrics
  };
  Match Find(http::verb method, std::string_view path) const;

 private:
  struct Route {
    http::verb method;
    std::string pattern;
    std::vector<std::string> segments;
    Handler handler;
  };
  std::vector<Route> routes_;
};

// Splits "/a/b/c" into {"a","b","c"}; a trailing slash is ignored.
std::vector<std::string_view> PathSegments(std::string_view path);

}  // namespace truceline::server
