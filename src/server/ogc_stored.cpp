// The stored collections of /ogc: incidents, violations and reports, read
// from the store per request, as GeoJSON Point features.

#include <charconv>

#include <fmt/format.h>

#include "app/incident_export.hpp"
#include "app/violation_export.hpp"
#include "core/json_text.hpp"
#include "core/report_json.hpp"
#include "server/cursor.hpp"
#include "server/ogc_collections.hpp"

namespace truceline::server {
namespace {

void AppendPoint(std::string& out, double lat, double lon) {
  out += R"("geometry":{"type":"Point","coordinates":[)";
  core::AppendJsonNumber(out, lon);
  out += ',';
  core::AppendJsonNumber(out, lat);
  out += "]}";
}

void AppendIncidentFeature(std::string& out, const core::Incident& incident) {
  fmt::format_to(std::back_inserter(out), R"({{"type":"Feature","id":{},)", incident.id);
  AppendPoint(out, incident.summary.lat, incident.summary.lon);
  out += R"(,"properties":{)";
  app::AppendIncidentSummaryMembers(out, incident);
  out += "}}";
}

store::IncidentQuery IncidentQueryOf(const ItemsRequest& request) {
  store::IncidentQuery query;
  query.from = request.datetime.from;
  query.to = request.datetime.to;
  query.bbox = request.bbox;
  query.limit = request.limit + 1;
  return query;
}

}  // namespace

core::Result<FeaturePage> PageOfIncidents(Backend& backend, const ItemsRequest& request) {
  store::IncidentQuery query = IncidentQueryOf(request);
  if (!request.token.empty()) {
    auto after = ParseIncidentCursor(request.token);
    if (!after.ok()) return after.status();
    query.after = *after;
  }
  FeaturePage page;
  std::optional<core::Incident> last;
  bool more = false;
  TRUCELINE_RETURN_IF_ERROR(backend.ScanIncidents(query, [&](const core::Incident& incident) {
    if (page.returned == request.limit) {
      more = true;
      return false;
    }
    if (page.returned++ > 0) page.features += ',';
    AppendIncidentFeature(page.features, incident);
    last = incident;
    return true;
  }));
  if (more && last) page.next_token = IncidentCursor(*last);
  return page;
}

core::Result<FeaturePage> PageOfViolations(Backend& backend, const ItemsRequest& request) {
  store::ViolationQuery query;
  query.from = request.datetime.from;
  query.to = request.datetime.to;
  query.limit = request.limit + 1;
  if (!request.token.empty()) {
    auto after = ParseViolationCursor(request.token);
    if (!after.ok()) return after.status();
    query.after = *after;
  }
  FeaturePage page;
  std::optional<store::ViolationRecord> last;
  bool more = false;
  core::Status status = backend.Read([&](store::Store& store) {
    std::vector<store::ViolationRecord> records;
    TRUCELINE_RETURN_IF_ERROR(store.ScanViolations(query, [&](const store::ViolationRecord& v) {
      if (records.size() == request.limit) {
        more = true;
        return false;
      }
      records.push_back(v);
      return true;
    }));
    // A violation is placed at its incident's centroid; the bbox filters
    // on that place (the store's violations carry no position of their own).
    for (const store::ViolationRecord& v : records) {
      auto incident = store.GetIncident(v.incident);
      if (!incident.ok()) return incident.status();
      last = v;
      const auto& s = incident->summary;
      if (request.bbox) {
        const auto& b = *request.bbox;
        bool inside_lon =
            b[0] <= b[2] ? (s.lon >= b[0] && s.lon <= b[2]) : (s.lon >= b[0] || s.lon <= b[2]);
        if (!inside_lon || s.lat < b[1] || s.lat > b[3]) continue;
      }
      if (page.returned++ > 0) page.features += ',';
      page.features += R"({"type":"Feature","id":)";
      core::AppendJsonString(page.features, fmt::format("{}/{}", v.incident, v.clause_id));
      page.features += ',';
      AppendPoint(page.features, s.lat, s.lon);
      page.features += R"(,"properties":)";
      app::AppendViolationJson(page.features, v);
      page.features += '}';
    }
    return core::Status::Ok();
  });
  if (!status.ok()) return status;
  if (more && last) page.next_token = ViolationCursor(*last);
  return page;
}

core::Result<FeaturePage> PageOfReports(Backend& backend, const ItemsRequest& request) {
  uint64_t offset = 0;
  if (!request.token.empty()) {
    auto [end, ec] =
        std::from_chars(request.token.data(), request.token.data() + request.token.size(), offset);
    if (ec != std::errc() || end != request.token.data() + request.token.size()) {
      return core::Status(core::ErrorCode::kInvalidArgument,
                          fmt::format("offset '{}' is not a number", request.token));
    }
  }
  store::ReportQuery query{request.datetime.from, request.datetime.to, request.bbox,
                           offset + request.limit + 1};
  FeaturePage page;
  uint64_t seen = 0;
  bool more = false;
  TRUCELINE_RETURN_IF_ERROR(backend.Read([&](store::Store& store) {
    return store.ScanReports(query, [&](const store::StoredReport& stored) {
      if (seen++ < offset) return true;
      if (page.returned == request.limit) {
        more = true;
        return false;
      }
      const core::Report& r = stored.report;
      if (page.returned++ > 0) page.features += ',';
      page.features += R"({"type":"Feature","id":)";
      core::AppendJsonString(page.features, fmt::format("{}/{}", r.source, r.id));
      page.features += ',';
      AppendPoint(page.features, r.lat, r.lon);
      page.features += R"(,"properties":{)";
      core::AppendReportMembers(page.features, r, /*with_position=*/false);
      page.features += "}}";
      return true;
    });
  }));
  if (more) page.next_token = std::to_string(offset + page.returned);
  return page;
}

core::Result<std::string> IncidentFeature(Backend& backend, uint64_t id) {
  std::string out;
  core::Status status = backend.Read([&](store::Store& store) {
    auto incident = store.GetIncident(id);
    if (!incident.ok()) return incident.status();
    AppendIncidentFeature(out, *incident);
    return core::Status::Ok();
  });
  if (!status.ok()) return status;
  return out;
}

}  // namespace truceline::server
