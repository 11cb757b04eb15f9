#pragma once
// Batch fusion of report files: `truceline fuse`.

#include <optional>
#include <string>
#include <vector>

#include "app/app.hpp"
#include "core/status.hpp"
#include "fusion/fusion.hpp"

namespace truceline::app {

// Reads a fusion configuration: {"families": {"<family>": {"distance_m": D,
// "time_s": T}, …}}; families left out keep their defaults. Errors
// (kInvalidArgument, naming the file and the JSON path): unreadable or
// malformed JSON, an unknown family or setting, a value that is not a
// finite number >= 0.
core::Result<fusion::FusionConfig> LoadFusionConfig(const std::string& path);

struct FuseSummary {
  uint64_t reports = 0;    // accepted reports, all written to the output
  uint64_t incidents = 0;  // connected components
  uint64_t rejected = 0;   // records that failed validation
};

// Reads and validates every input (rejections go to observer.OnRejection;
// OnBatchCommitted is not called: nothing is stored), fuses all accepted
// reports at once, and writes them in input order to `out_path` as NDJSON
// with an "incident_id" member added. Incident ids are "I" + a 7-digit
// number, numbered in order of first appearance, so the same input and
// config always give the same ids. When `incidents_path` is not empty,
// writes one NDJSON line per incident there, in id order: "incident_id"
// and the members of AppendIncidentMembers (as `truceline incidents`). Errors:
// kNotFound/kIoError for unreadable inputs or unwritable outputs.
core::Result<FuseSummary> FuseFiles(const std::vector<std::string>& inputs,
                                    std::optional<ingest::Format> format,
                                    const fusion::FusionConfig& config, const std::string& out_path,
                                    const std::string& incidents_path, const core::Clock& clock,
                                    IngestObserver& observer);

}  // namespace truceline::app
