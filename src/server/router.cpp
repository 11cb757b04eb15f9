#include "server/router.hpp"

namespace truceline::server {

std::vector<std::string_view> PathSegments(std::string_view path) {
  std::vector<std::string_view> segments;
  size_t i = 0;
  while (i < path.size()) {
    while (i < path.size() && path[i] == '/')
      ++i;
    size_t end = path.find('/', i);
    if (end == std::string_view::npos) end = path.size();
    if (end > i) segments.push_back(path.substr(i, end - i));
    i = end;
  }
  return segments;
}

void Router::Add(http::verb method, std::string pattern, Handler handler) {
  Route route{method, pattern, {}, std::move(handler)};
  for (std::string_view segment : PathSegments(pattern))
    route.segments.emplace_back(segment);
  routes_.push_back(std::move(route));
}

Router::Match Router::Find(http::verb method, std::string_view path) const {
  Match match;
  const std::vector<std::string_view> segments = PathSegments(path);
  for (const Route& route : routes_) {
    if (route.segments.size() != segments.size()) continue;
    PathParams params;
    bool matches = true;
    for (size_t i = 0; i < segments.size() && matches; ++i) {
      const std::string& want = route.segments[i];
      if (want.size() > 2 && want.front() == '{' && want.back() == '}') {
        params.emplace(want.substr(1, want.size() - 2), segments[i]);
      } else {
        matches = want == segments[i];
      }
    }
    if (!matches) continue;
    match.path_known = true;
    std::string_view name = http::to_string(route.method);
    if (match.allowed.find(name) == std::string::npos) {
      if (!match.allowed.empty()) match.allowed += ", ";
      match.allowed += name;
    }
    if (route.method == method && match.handler == nullptr) {
      match.handler = &route.handler;
      match.params = std::move(params);
      match.pattern = route.pattern;
    }
  }
  return match;
}

}  // namespace truceline::server
