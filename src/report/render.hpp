#pragma once
// Rendering a DailyReport: JSON (with its content hash), HTML, PDF, and the
// map and trend chart as PNG. Every function returns the bytes in memory;
// writing files is the app layer's job. Pure apart from cairo's own state;
// thread-safe (no shared state).

#include <string>
#include <string_view>
#include <vector>

#include "core/geo.hpp"
#include "core/status.hpp"
#include "report/report.hpp"

namespace truceline::report {

// An oblast (or other named area) drawn on the map.
struct NamedArea {
  std::string name;
  core::geo::MultiPolygon area;
};

// The reference layers of the map.
struct MapLayers {
  std::vector<NamedArea> oblasts;
  core::geo::LineString line_of_contact;
};

// What the HTML and PDF show beyond the report itself.
struct RenderOptions {
  // The JSON's content hash ("blake2b-256:…"), shown so a reader can match
  // the documents; empty: not shown.
  std::string content_hash;
  // When the documents were produced, as text; empty: not shown. Never part
  // of the JSON.
  std::string generated_at;
  std::string map_file = "map.png";  // as the HTML refers to them
  std::string trend_file = "trend.png";
};

// The report as JSON (docs/formats.md, "Daily report"): compact, keys in a
// fixed order, one trailing newline, and last the member
// `"content_hash":"blake2b-256:<64 hex>"`, the BLAKE2b-256 of the document's
// bytes without that member (and without the newline). Equal reports give
// byte-identical JSON.
std::string RenderJson(const DailyReport& report);

// "blake2b-256:" + the lowercase hex BLAKE2b-256 (libsodium's
// crypto_generichash, no key) of `bytes`.
std::string ContentHash(std::string_view bytes);

// The hash a rendered report.json states ("blake2b-256:…"), or "" when it
// has no content_hash member.
std::string StatedContentHash(std::string_view json);

// Checks a rendered report.json: recomputes the hash of its bytes without
// the hash member. Errors: kParseError when the member is missing,
// kInvalidRecord when the hash does not match.
core::Status VerifyContentHash(std::string_view json);

// A self-contained HTML page (CSS inline) that shows the map and the trend
// chart from the files named in `options`.
std::string RenderHtml(const DailyReport& report, const RenderOptions& options);

// The map of the day: oblasts, line of contact, incidents by family
// (Okabe-Ito colours, a distinct marker shape per family), violations
// ringed, legend and scale bar. PNG bytes. kInternal when cairo fails.
core::Result<std::string> RenderMapPng(const DailyReport& report, const MapLayers& layers);

// Incidents per day by family (stacked bars) and violations per day (line)
// over the 30 days ending on the day. PNG bytes. kInternal when cairo fails.
core::Result<std::string> RenderTrendPng(const DailyReport& report);

// The report as a PDF (A4 pages: summary, tables, the map and the trend
// chart drawn as vectors). kInternal when cairo fails.
core::Result<std::string> RenderPdf(const DailyReport& report, const MapLayers& layers,
                                    const RenderOptions& options);

}  // namespace truceline::report
