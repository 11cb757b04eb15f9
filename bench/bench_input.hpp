#pragma once
// Seeded benchmark input: simulated reports and their text in every ingest
// format, plus the row form of the store's `reports` table for the sqlite3
// peer. Shared by truceline_bench and truceline_bench_convert.

#include <cstdint>
#include <string>
#include <vector>

#include "core/report.hpp"
#include "core/status.hpp"

namespace truceline::bench {

// The first `count` reports of the exercise simulated with `seed` along the
// bundled line of contact, starting 2025-04-01 (deterministic). Errors: the
// simulator's or the bundled data's.
// `events_per_day` > 0 spreads the reports over as many days as needed at
// that rate (a realistic density for fusion); 0 packs them into one day.
// With `events`, also returns each report's true event (-1: a false report).
core::Result<std::vector<core::Report>> GenerateReports(size_t count, uint64_t seed,
                                                        double events_per_day = 0,
                                                        std::vector<int64_t>* events = nullptr);

// A whole GeoJSON FeatureCollection, one Feature per line.
std::string GeoJsonCollection(const std::vector<core::Report>& reports);

// The columns of the store's `reports` table (schema v1) in table order, as
// a CSV header line, and one row: integers and reals as SQLite would store
// them, the digest as 32 hex digits, absent optional fields as empty fields.
std::string_view TableCsvHeader();
void AppendTableCsvRow(std::string& out, int64_t seq, const core::Report& report,
                       const core::ContentDigest& digest, int64_t ingested_at_us);

// Writes `text` to `path`. Errors: kIoError.
core::Status WriteFile(const std::string& path, std::string_view text);

}  // namespace truceline::bench
