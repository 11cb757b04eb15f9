#pragma once
// Parses one JSON record — a Report object or a GeoJSON Point Feature —
// into a ReportBuilder, with simdjson On-Demand (no DOM).

#include <string_view>

#include <simdjson.h>

#include "ingest/report_builder.hpp"

namespace truceline::ingest::detail {

// True when nothing but whitespace follows what was parsed of `doc`.
bool AtEndOfDocument(simdjson::ondemand::document& doc);

// Feeds the record at [data, data+size) into `builder` (already Reset).
// `capacity` >= size + SIMDJSON_PADDING bytes must be readable from `data`.
// A record whose "type" is "Feature" is read as GeoJSON: its Point geometry
// gives lat/lon and its "properties" hold the other fields. When
// `require_feature` is set (GeoJSON files), anything else is an error.
// Problems are recorded in the builder; nothing is thrown.
void ParseJsonRecord(simdjson::ondemand::parser& parser, const char* data, size_t size,
                     size_t capacity, ReportBuilder& builder, bool require_feature);

}  // namespace truceline::ingest::detail
