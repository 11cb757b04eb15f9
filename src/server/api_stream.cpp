// GET /api/v1/stream: server-sent events of new and changed incidents,
// violations, reviews, analysts' merges and splits, and agreement
// activations.

#include <set>

#include <fmt/format.h>

#include "server/dispatcher.hpp"
#include "server/query.hpp"
#include "server/responses.hpp"
#include "server/routes.hpp"

namespace truceline::server {
namespace {

const std::set<std::string, std::less<>> kEventTypes = {"incident", "violation", "review",
                                                        "merge",    "split",     "agreement"};

HandlerResult Stream(Services& services, RequestContext& context) {
  const Request& request = context.request;
  core::Status allowed = RequireRole(context, {app::Role::kAdmin, app::Role::kCoordinator,
                                               app::Role::kAnalyst, app::Role::kObserver});
  if (!allowed.ok()) return ErrorResponse(request, allowed);
  std::set<std::string> types;
  if (auto wanted = QueryValue(context.query, "types")) {
    size_t i = 0;
    while (i <= wanted->size()) {
      size_t end = wanted->find(',', i);
      if (end == std::string::npos) end = wanted->size();
      std::string type = wanted->substr(i, end - i);
      if (!kEventTypes.contains(type)) {
        return ErrorResponse(request, core::Status(core::ErrorCode::kInvalidArgument,
                                                   fmt::format("types: '{}' is not one of "
                                                               "incident, violation, review, "
                                                               "merge, split, agreement",
                                                               type)));
      }
      types.insert(std::move(type));
      i = end + 1;
    }
  }
  Response head(http::status::ok, request.version());
  head.set(http::field::content_type, "text/event-stream");
  head.set(http::field::cache_control, "no-store");
  head.set("X-Accel-Buffering", "no");
  return HandlerResult(std::move(head), services.events.Subscribe(std::move(types)));
}

}  // namespace

void AddStreamRoutes(Router& router, Services& services) {
  router.Add(http::verb::get, "/api/v1/stream",
             [&services](RequestContext& context) { return Stream(services, context); });
}

}  // namespace truceline::server
