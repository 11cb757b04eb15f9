#pragma once
// The three format readers behind ingest::OpenReader.

#include <memory>

#include "ingest/ingest.hpp"
#include "ingest/input_buffer.hpp"
#include "ingest/report_builder.hpp"

namespace truceline::ingest::detail {

// Records longer than this are rejected without being buffered whole.
inline constexpr size_t kMaxRecordBytes = 1 << 20;

std::unique_ptr<Reader> MakeNdjsonReader(std::unique_ptr<InputBuffer> input,
                                         const ValidationPolicy& policy);
std::unique_ptr<Reader> MakeCsvReader(std::unique_ptr<InputBuffer> input,
                                      const ValidationPolicy& policy);
std::unique_ptr<Reader> MakeGeoJsonReader(std::unique_ptr<InputBuffer> input,
                                          const ValidationPolicy& policy);

// Moves the builder's verdict on one record into `batch`: the report and its
// origin when valid, a Rejection otherwise.
void FinishRecord(ReportBuilder& builder, std::string_view raw, uint64_t location,
                  const std::string& file, const char* location_kind, ReportBatch& batch);

}  // namespace truceline::ingest::detail
