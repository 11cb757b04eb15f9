#pragma once
// Streams stored reports out as NDJSON, GeoJSON (RFC 7946) or CSV.

#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.hpp"
#include "store/store.hpp"

namespace truceline::app {

enum class ExportFormat { kNdjson, kGeoJson, kCsv };
std::optional<ExportFormat> ParseExportFormat(std::string_view name);

// The CSV header of exported reports (the contract's column names, with a
// line end) and one report as a CSV row.
std::string_view ReportCsvHeader();
void AppendReportCsvRow(std::string& out, const core::Report& report);
// One CSV field, quoted (RFC 4180) only when it must be.
void AppendCsvField(std::string& out, std::string_view value);
// One report as an RFC 7946 Point Feature (no separator, no line end).
void AppendReportGeoJsonFeature(std::string& out, const core::Report& report);

// Writes every report matching `query` to `out`, in the store's order
// (observed_at, then arrival), without holding them all in memory. CSV uses
// the contract's column names, so its output can be ingested again; GeoJSON
// is a FeatureCollection of Points with the other fields as properties.
// Errors: the store's, or kIoError when writing fails.
core::Status ExportReports(store::Store& store, const store::ReportQuery& query,
                           ExportFormat format, std::FILE* out);

}  // namespace truceline::app
