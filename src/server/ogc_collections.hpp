#pragma once
// The collections of OGC API – Features (/ogc): what each holds, its
// extent, and how to page through its features as GeoJSON (RFC 7946).
// Reference collections (assets, line-of-contact, oblasts) are built once
// from the bundled data and are public; stored ones (incidents, violations,
// reports) are read from the store per request and need a reader's role.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/status.hpp"
#include "server/query.hpp"
#include "server/services.hpp"

namespace truceline::server {

// One page request of a collection's items.
struct ItemsRequest {
  std::optional<std::array<double, 4>> bbox;
  TimeInterval datetime;
  uint64_t limit = 100;
  std::string token;  // where the previous page ended ("" = the start)
};

// One page of features: GeoJSON Feature objects, comma-separated.
struct FeaturePage {
  std::string features;
  uint64_t returned = 0;
  std::optional<uint64_t> matched;  // when known cheaply
  std::string next_token;           // empty: the last page
};

// A precomputed feature of a reference collection.
struct StaticFeature {
  std::string id;
  std::array<double, 4> bbox{};  // W, S, E, N of its geometry
  std::string json;              // the Feature object
};

// The bundled reference collections, built once at start-up.
struct ReferenceCollections {
  std::vector<StaticFeature> assets;
  std::vector<StaticFeature> line_of_contact;
  std::vector<StaticFeature> oblasts;
};
// Errors: those of the bundled data's loaders.
core::Result<ReferenceCollections> LoadReferenceCollections();

// A page of a reference collection (offset paging; `matched` exact).
FeaturePage PageOfStatic(const std::vector<StaticFeature>& features, const ItemsRequest& request);

// Pages of stored collections. Errors: the store's; kInvalidArgument for a
// token this server did not give.
core::Result<FeaturePage> PageOfIncidents(Backend& backend, const ItemsRequest& request);
core::Result<FeaturePage> PageOfViolations(Backend& backend, const ItemsRequest& request);
core::Result<FeaturePage> PageOfReports(Backend& backend, const ItemsRequest& request);

// One stored feature by id; kNotFound when absent.
core::Result<std::string> IncidentFeature(Backend& backend, uint64_t id);

}  // namespace truceline::server
