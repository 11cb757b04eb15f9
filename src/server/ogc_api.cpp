// OGC API – Features, Part 1 (Core, GeoJSON) under /ogc: the landing page,
// conformance, the collections and their items, so GIS clients (QGIS,
// GDAL's OAPIF driver) read Truceline's data directly.

#include <fmt/format.h>

#include "app/window_filter.hpp"
#include "core/json_text.hpp"
#include "server/dispatcher.hpp"
#include "server/ogc_collections.hpp"
#include "server/query.hpp"
#include "server/request_body.hpp"
#include "server/responses.hpp"
#include "server/routes.hpp"

namespace truceline::server {
namespace {

using app::Role;

constexpr uint64_t kDefaultItems = 100;
constexpr uint64_t kMaxItems = 10'000;
// The area of operations: the extent advertised for stored collections.
constexpr std::array<double, 4> kOperationsArea{22.0, 44.0, 40.5, 52.5};

enum class Source { kAssets, kLine, kOblasts, kIncidents, kViolations, kReports };

struct CollectionInfo {
  std::string_view id;
  std::string_view title;
  std::string_view description;
  Source source;
  bool stored;  // read from the store: needs a reader's role
};

constexpr CollectionInfo kCollections[] = {
    {"incidents", "Incidents",
     "Reports fused into incidents, at their centroids, with status and confidence.",
     Source::kIncidents, true},
    {"violations", "Violations",
     "Incidents breaking a clause of the active agreement, at the incident's centroid.",
     Source::kViolations, true},
    {"reports", "Reports", "Monitors', sensors' and open-source reports as submitted.",
     Source::kReports, true},
    {"assets", "Protected assets",
     "Power plants, ports, airports and logistics hubs from the bundled data.", Source::kAssets,
     false},
    {"line-of-contact", "Line of contact", "The bundled approximate line of contact (2025-03-15).",
     Source::kLine, false},
    {"oblasts", "Oblasts", "Ukraine's first-level administrative units.", Source::kOblasts, false},
};

const CollectionInfo* FindCollection(std::string_view id) {
  for (const CollectionInfo& c : kCollections) {
    if (c.id == id) return &c;
  }
  return nullptr;
}

// "http://HOST" from the request, for absolute links.
std::string BaseUrl(const Request& request) {
  return "http://" + RequestHost(request);
}

std::string Link(std::string_view href, std::string_view rel, std::string_view type,
                 std::string_view title) {
  std::string out = R"({"href":)";
  core::AppendJsonString(out, href);
  out += R"(,"rel":)";
  core::AppendJsonString(out, rel);
  out += R"(,"type":)";
  core::AppendJsonString(out, type);
  out += R"(,"title":)";
  core::AppendJsonString(out, title);
  out += '}';
  return out;
}

std::string BboxJson(const std::array<double, 4>& b) {
  std::string out = "[";
  for (size_t i = 0; i < 4; ++i) {
    if (i > 0) out += ',';
    core::AppendJsonNumber(out, b[i]);
  }
  return out + "]";
}

std::array<double, 4> ExtentOf(const std::vector<StaticFeature>& features) {
  std::array<double, 4> box{180, 90, -180, -90};
  for (const auto& f : features) {
    box[0] = std::min(box[0], f.bbox[0]);
    box[1] = std::min(box[1], f.bbox[1]);
    box[2] = std::max(box[2], f.bbox[2]);
    box[3] = std::max(box[3], f.bbox[3]);
  }
  return box;
}

class OgcApi {
 public:
  OgcApi(Services& services, ReferenceCollections reference)
      : services_(services), reference_(std::move(reference)) {}

  HandlerResult Landing(RequestContext& context) const {
    const std::string base = BaseUrl(context.request) + "/ogc";
    std::string body =
        R"({"title":"Truceline","description":"Ceasefire monitoring: incidents, violations, )"
        R"(reports and reference data as OGC API - Features.","links":[)";
    body += Link(base, "self", "application/json", "This document") + ",";
    body += Link(BaseUrl(context.request) + "/api/v1/openapi.json", "service-desc",
                 "application/vnd.oai.openapi+json;version=3.0", "The API definition") +
            ",";
    body += Link(base + "/conformance", "conformance", "application/json", "Conformance") + ",";
    body += Link(base + "/collections", "data", "application/json", "Collections") + "]}";
    return JsonResponse(context.request, http::status::ok, std::move(body));
  }

  HandlerResult Conformance(RequestContext& context) const {
    return JsonResponse(
        context.request, http::status::ok,
        R"({"conformsTo":["http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",)"
        R"("http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson"]})");
  }

  HandlerResult Collections(RequestContext& context) const {
    const std::string base = BaseUrl(context.request) + "/ogc";
    std::string body = R"({"links":[)" +
                       Link(base + "/collections", "self", "application/json", "Collections") +
                       R"(],"collections":[)";
    bool first = true;
    for (const CollectionInfo& c : kCollections) {
      if (!first) body += ',';
      first = false;
      body += CollectionJson(base, c);
    }
    body += "]}";
    return JsonResponse(context.request, http::status::ok, std::move(body));
  }

  HandlerResult Collection(RequestContext& context) const {
    const CollectionInfo* c = FindCollection(context.params.at("collection"));
    if (c == nullptr) return NoSuchCollection(context);
    return JsonResponse(context.request, http::status::ok,
                        CollectionJson(BaseUrl(context.request) + "/ogc", *c));
  }

  HandlerResult Items(RequestContext& context) const {
    const Request& request = context.request;
    const CollectionInfo* c = FindCollection(context.params.at("collection"));
    if (c == nullptr) return NoSuchCollection(context);
    if (c->stored) {
      core::Status allowed =
          RequireRole(context, {Role::kAdmin, Role::kCoordinator, Role::kAnalyst, Role::kObserver});
      if (!allowed.ok()) return ErrorResponse(request, allowed);
    }
    ItemsRequest items;
    auto limit = LimitParam(context.query, "limit", kDefaultItems, kMaxItems);
    if (!limit.ok()) return ErrorResponse(request, limit.status());
    items.limit = *limit;
    if (auto bbox = QueryValue(context.query, "bbox")) {
      auto box = app::ParseBBoxText("bbox", *bbox);
      if (!box.ok()) return ErrorResponse(request, box.status());
      items.bbox = *box;
    }
    auto datetime = DatetimeParam(context.query, "datetime");
    if (!datetime.ok()) return ErrorResponse(request, datetime.status());
    items.datetime = *datetime;
    items.token = QueryValue(context.query, "next").value_or("");

    core::Result<FeaturePage> page = FeaturePage{};
    switch (c->source) {
      case Source::kAssets:
        page = PageOfStatic(reference_.assets, items);
        break;
      case Source::kLine:
        page = PageOfStatic(reference_.line_of_contact, items);
        break;
      case Source::kOblasts:
        page = PageOfStatic(reference_.oblasts, items);
        break;
      case Source::kIncidents:
        page = PageOfIncidents(services_.backend, items);
        break;
      case Source::kViolations:
        page = PageOfViolations(services_.backend, items);
        break;
      case Source::kReports:
        page = PageOfReports(services_.backend, items);
        break;
    }
    if (!page.ok()) return ErrorResponse(request, page.status());
    const std::string self = BaseUrl(request) + std::string(request.target());
    std::string body = R"({"type":"FeatureCollection","features":[)";
    body += page->features;
    body += fmt::format(R"(],"numberReturned":{},)", page->returned);
    if (page->matched) body += fmt::format(R"("numberMatched":{},)", *page->matched);
    body += fmt::format(R"("timeStamp":"{}","links":[)",
                        core::FormatRfc3339(services_.backend.clock().Now()));
    body += Link(self, "self", "application/geo+json", "This page");
    if (!page->next_token.empty()) {
      body += ',' + Link(NextUrl(request, *c, items, page->next_token), "next",
                         "application/geo+json", "Next page");
    }
    body += "]}";
    return MakeResponse(request, http::status::ok, "application/geo+json", std::move(body));
  }

  HandlerResult Item(RequestContext& context) const {
    const Request& request = context.request;
    const CollectionInfo* c = FindCollection(context.params.at("collection"));
    if (c == nullptr) return NoSuchCollection(context);
    const std::string& fid = context.params.at("feature");
    const std::vector<StaticFeature>* features = nullptr;
    switch (c->source) {
      case Source::kAssets:
        features = &reference_.assets;
        break;
      case Source::kLine:
        features = &reference_.line_of_contact;
        break;
      case Source::kOblasts:
        features = &reference_.oblasts;
        break;
      case Source::kIncidents: {
        core::Status allowed = RequireRole(
            context, {Role::kAdmin, Role::kCoordinator, Role::kAnalyst, Role::kObserver});
        if (!allowed.ok()) return ErrorResponse(request, allowed);
        auto id = ParseId("feature id", fid);
        if (!id.ok()) return ErrorResponse(request, id.status());
        auto feature = IncidentFeature(services_.backend, *id);
        if (!feature.ok()) return ErrorResponse(request, feature.status());
        return MakeResponse(request, http::status::ok, "application/geo+json", std::move(*feature));
      }
      default:
        break;
    }
    if (features != nullptr) {
      for (const StaticFeature& f : *features) {
        if (f.id == fid) {
          return MakeResponse(request, http::status::ok, "application/geo+json", f.json);
        }
      }
    }
    return ErrorResponse(request, core::Status(core::ErrorCode::kNotFound,
                                               fmt::format("no feature '{}' in {}", fid, c->id)));
  }

 private:
  HandlerResult NoSuchCollection(RequestContext& context) const {
    return ErrorResponse(
        context.request,
        core::Status(core::ErrorCode::kNotFound,
                     fmt::format("no collection '{}'", context.params.at("collection"))));
  }

  std::string CollectionJson(const std::string& base, const CollectionInfo& c) const {
    std::array<double, 4> extent = kOperationsArea;
    if (c.source == Source::kAssets) extent = ExtentOf(reference_.assets);
    if (c.source == Source::kLine) extent = ExtentOf(reference_.line_of_contact);
    if (c.source == Source::kOblasts) extent = ExtentOf(reference_.oblasts);
    const std::string href = fmt::format("{}/collections/{}", base, c.id);
    std::string out = R"({"id":)";
    core::AppendJsonString(out, c.id);
    out += R"(,"title":)";
    core::AppendJsonString(out, c.title);
    out += R"(,"description":)";
    core::AppendJsonString(out, c.description);
    out += R"(,"itemType":"feature","crs":["http://www.opengis.net/def/crs/OGC/1.3/CRS84"])";
    out += R"(,"extent":{"spatial":{"bbox":[)" + BboxJson(extent) +
           R"(],"crs":"http://www.opengis.net/def/crs/OGC/1.3/CRS84"}})";
    out += R"(,"links":[)";
    out += Link(href, "self", "application/json", "This collection") + ",";
    out += Link(href + "/items", "items", "application/geo+json", "Its features") + "]}";
    return out;
  }

  static std::string NextUrl(const Request& request, const CollectionInfo& c,
                             const ItemsRequest& items, const std::string& token) {
    std::string url =
        fmt::format("{}/ogc/collections/{}/items?limit={}", BaseUrl(request), c.id, items.limit);
    auto encode = [](std::string_view text) {
      std::string out;
      for (unsigned char ch : text) {
        bool plain = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                     (ch >= '0' && ch <= '9') || ch == '-' || ch == '.' || ch == '_' || ch == '~';
        out += plain ? std::string(1, static_cast<char>(ch)) : fmt::format("%{:02X}", ch);
      }
      return out;
    };
    if (auto it = request.target().find('?'); it != std::string_view::npos) {
      // Keep the caller's filters (bbox, datetime) as they were sent.
      std::string_view query = request.target().substr(it + 1);
      size_t i = 0;
      while (i < query.size()) {
        size_t end = query.find('&', i);
        if (end == std::string_view::npos) end = query.size();
        std::string_view pair = query.substr(i, end - i);
        if (pair.starts_with("bbox=") || pair.starts_with("datetime=")) {
          url += '&';
          url += pair;
        }
        i = end + 1;
      }
    }
    return url + "&next=" + encode(token);
  }

  Services& services_;
  const ReferenceCollections reference_;
};

}  // namespace

core::Status AddOgcRoutes(Router& router, Services& services) {
  auto reference = LoadReferenceCollections();
  if (!reference.ok()) return reference.status();
  auto api = std::make_shared<OgcApi>(services, std::move(*reference));
  router.Add(http::verb::get, "/ogc", [api](RequestContext& c) { return api->Landing(c); });
  router.Add(http::verb::get, "/ogc/conformance",
             [api](RequestContext& c) { return api->Conformance(c); });
  router.Add(http::verb::get, "/ogc/collections",
             [api](RequestContext& c) { return api->Collections(c); });
  router.Add(http::verb::get, "/ogc/collections/{collection}",
             [api](RequestContext& c) { return api->Collection(c); });
  router.Add(http::verb::get, "/ogc/collections/{collection}/items",
             [api](RequestContext& c) { return api->Items(c); });
  router.Add(http::verb::get, "/ogc/collections/{collection}/items/{feature}",
             [api](RequestContext& c) { return api->Item(c); });
  return core::Status::Ok();
}

}  // namespace truceline::server
