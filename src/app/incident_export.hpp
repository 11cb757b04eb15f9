#pragma once
// Incidents out as NDJSON, GeoJSON (RFC 7946) or CSV: `truceline incidents`,
// and the incidents file of `truceline fuse`.

#include <cstdio>
#include <span>
#include <string>

#include "app/report_export.hpp"
#include "core/incident.hpp"
#include "core/status.hpp"
#include "store/store.hpp"

namespace truceline::app {

// The key of one report of an incident.
struct ReportKey {
  std::string source;
  std::string id;
};

// The members of AppendIncidentMembers without "reports" (for lists, where
// fetching every incident's reports would cost a query each).
void AppendIncidentSummaryMembers(std::string& out, const core::Incident& incident);

// An incident's JSON members after its id, without braces: family, kind,
// status (and review, when reviewed), confidence, centroid lat/lon and its
// uncertainty_m, first/last_observed_at, report/source/source-kind counts,
// admin_region, and "reports" as [{"source","id"}…] in stored order.
void AppendIncidentMembers(std::string& out, const core::Incident& incident,
                           std::span<const ReportKey> reports);

// The CSV header of exported incidents (with a line end), and one row;
// "reports" holds "source/id" keys separated by spaces.
std::string_view IncidentCsvHeader();
void AppendIncidentCsvRow(std::string& out, const core::Incident& incident,
                          std::span<const ReportKey> reports);

// Writes every incident matching `query` to `out`, ordered by first
// observation then id, streaming (not holding them all in memory). GeoJSON
// is a FeatureCollection of Points at the centroids with the members above
// as properties and the id as the feature id. Errors: the store's, or
// kIoError when writing fails.
core::Status ExportIncidents(store::Store& store, const store::IncidentQuery& query,
                             ExportFormat format, std::FILE* out);

}  // namespace truceline::app
