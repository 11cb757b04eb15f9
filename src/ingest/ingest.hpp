#pragma once
// Ingest: turns NDJSON, CSV and GeoJSON text into validated Reports.
//
// Readers stream their input in bounded chunks (memory does not grow with
// the file), validate every record against the Report contract and hand out
// batches holding the accepted reports and the rejections of the same span
// of input. A bad record never stops the batch: the rest is still accepted.
// Readers do no storage: the app layer commits batches to a Store.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/report.hpp"
#include "core/status.hpp"
#include "core/time.hpp"

namespace truceline::ingest {

enum class Format { kNdjson, kCsv, kGeoJson };

std::string_view FormatName(Format format);
// Accepts "ndjson" (also "jsonl"), "csv", "geojson".
std::optional<Format> ParseFormat(std::string_view name);
// The format implied by a file name's extension (.ndjson/.jsonl, .csv,
// .geojson/.json), or nullopt when the extension says nothing.
std::optional<Format> FormatFromFileName(std::string_view path);

// One problem with one field of a record. `field` is empty when the problem
// concerns the record as a whole (e.g. malformed JSON).
struct FieldError {
  std::string field;
  std::string reason;
};

// A record that was not accepted, with everything needed to find and fix it.
struct Rejection {
  std::string file;           // display name of the input; "<stdin>" for '-'
  std::string location_kind;  // "line" (NDJSON, CSV: 1-based physical line) or "feature" (0-based)
  uint64_t location = 0;
  core::ErrorCode code = core::ErrorCode::kInvalidRecord;
  std::vector<FieldError> errors;  // at least one
  std::string raw;                 // the record's text exactly as read
};

// A rejection as one JSON object (no line end): file, the location
// ("line" or "feature"), code, the first field and reason, and "errors"
// with all of them when there are several.
void AppendRejectionJson(std::string& out, const Rejection& rejection);

// Where an accepted record came from: its location and its raw text's span
// inside ReportBatch::raw_text.
struct RecordOrigin {
  uint64_t location = 0;
  size_t raw_offset = 0;
  size_t raw_size = 0;
};

// A span of input: accepted reports (with digests and origins, index-aligned)
// and the rejections found in the same span, in input order.
struct ReportBatch {
  std::string file;
  std::string location_kind;
  std::string csv_header;  // CSV only: the raw header line, so rejected rows stay readable
  std::vector<core::Report> reports;
  std::vector<core::ContentDigest> digests;
  std::vector<RecordOrigin> origins;
  std::string raw_text;
  std::vector<Rejection> rejections;

  void Clear();
  size_t RecordCount() const { return reports.size() + rejections.size(); }
  std::string_view RawOf(size_t i) const {
    return std::string_view(raw_text).substr(origins[i].raw_offset, origins[i].raw_size);
  }
};

// What validation needs from the outside world.
struct ValidationPolicy {
  // Required: the clock that says when "the future" begins.
  const core::Clock* clock = nullptr;
  // Reports observed more than this after clock->Now() are rejected.
  std::chrono::seconds max_future_skew{600};
  // When set, only reports with this `source` are accepted (a monitor's or
  // sensor's account submits its own reports only).
  std::string required_source{};
};

// Streams one input. Not thread-safe; one reader per thread.
class Reader {
 public:
  virtual ~Reader() = default;
  // Appends up to `max_records` records (accepted or rejected) to `batch`.
  // Returns true while more input may follow, false at the end of input.
  // Returns an error only for I/O failures; malformed input becomes
  // rejections (a structural failure such as a GeoJSON file that is not a
  // FeatureCollection rejects the rest of that file and ends it).
  virtual core::Result<bool> ReadBatch(ReportBatch& batch, size_t max_records) = 0;
};

// Opens `path` ("-" for standard input). The reader keeps a copy of
// `policy`; the clock it points to must outlive the reader. When `format` is nullopt it is
// taken from the extension, else sniffed from the first bytes (a first line
// holding a complete JSON object other than a FeatureCollection means NDJSON;
// other JSON means GeoJSON; anything else CSV). Fails with kNotFound or
// kIoError when the file cannot be opened.
core::Result<std::unique_ptr<Reader>> OpenReader(const std::string& path,
                                                 std::optional<Format> format,
                                                 const ValidationPolicy& policy);

// Reads `text` (copied) as one input named `display_name` in rejections,
// e.g. an HTTP request body. `format` is required: a body's media type
// names it. Never fails.
std::unique_ptr<Reader> OpenTextReader(std::string display_name, std::string_view text,
                                       Format format, const ValidationPolicy& policy);

}  // namespace truceline::ingest
