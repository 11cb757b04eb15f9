// The web UI (web/) and the JavaScript libraries it uses, served from
// Debian's /usr/share/javascript (Leaflet, leaflet.markercluster,
// Chart.js): no CDN, works offline.

#include <filesystem>

#include <fmt/format.h>

#include "app/input_file.hpp"
#include "server/responses.hpp"
#include "server/routes.hpp"

namespace truceline::server {
namespace {

std::string_view ContentTypeOf(std::string_view name) {
  auto ends = [&](std::string_view suffix) { return name.ends_with(suffix); };
  if (ends(".html")) return "text/html; charset=utf-8";
  if (ends(".js") || ends(".mjs")) return "text/javascript; charset=utf-8";
  if (ends(".css")) return "text/css; charset=utf-8";
  if (ends(".json")) return "application/json";
  if (ends(".png")) return "image/png";
  if (ends(".svg")) return "image/svg+xml";
  if (ends(".ico")) return "image/x-icon";
  return "application/octet-stream";
}

// A path segment that cannot climb out of its folder or reach a hidden file.
bool SafeSegment(std::string_view segment) {
  if (segment.empty() || segment.front() == '.' || segment.size() > 128) return false;
  for (char c : segment) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

HandlerResult ServeFile(const Request& request, const std::string& root,
                        std::initializer_list<std::string_view> segments) {
  std::string path = root;
  for (std::string_view segment : segments) {
    if (!SafeSegment(segment)) {
      return ErrorResponse(request, core::Status(core::ErrorCode::kNotFound, "no such file"));
    }
    path += '/';
    path += segment;
  }
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    return ErrorResponse(request, core::Status(core::ErrorCode::kNotFound, "no such file"));
  }
  auto bytes = app::ReadInputFile(path);
  if (!bytes.ok()) return ErrorResponse(request, bytes.status());
  Response response = MakeResponse(request, http::status::ok, ContentTypeOf(*(segments.end() - 1)),
                                   std::move(*bytes));
  response.set(http::field::cache_control, "max-age=300");
  return response;
}

// The packages of /usr/share/javascript the UI may load.
bool VendorPackage(std::string_view name) {
  return name == "leaflet" || name == "chart.js";
}

}  // namespace

void AddStaticRoutes(Router& router, Services& services) {
  const std::string& web = services.settings.web_root;
  const std::string& vendor = services.settings.vendor_root;
  router.Add(http::verb::get, "/", [&web](RequestContext& context) {
    return ServeFile(context.request, web, {"index.html"});
  });
  router.Add(http::verb::get, "/web/{file}", [&web](RequestContext& context) {
    return ServeFile(context.request, web, {context.params.at("file")});
  });
  router.Add(http::verb::get, "/web/{dir}/{file}", [&web](RequestContext& context) {
    return ServeFile(context.request, web, {context.params.at("dir"), context.params.at("file")});
  });
  auto vendor_file = [&vendor](RequestContext& context,
                               std::initializer_list<std::string_view> rest) -> HandlerResult {
    const std::string& package = context.params.at("package");
    if (!VendorPackage(package)) {
      return ErrorResponse(context.request,
                           core::Status(core::ErrorCode::kNotFound, "no such library"));
    }
    return ServeFile(context.request, vendor + "/" + package, rest);
  };
  router.Add(http::verb::get, "/vendor/{package}/{file}", [vendor_file](RequestContext& context) {
    return vendor_file(context, {context.params.at("file")});
  });
  router.Add(http::verb::get, "/vendor/{package}/{dir}/{file}",
             [vendor_file](RequestContext& context) {
               return vendor_file(context, {context.params.at("dir"), context.params.at("file")});
             });
}

}  // namespace truceline::server
