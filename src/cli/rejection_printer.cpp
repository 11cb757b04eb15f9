#include "cli/rejection_printer.hpp"

#include <fmt/format.h>

#include "core/json_text.hpp"

namespace truceline::cli {
namespace {

std::string TextLines(const ingest::Rejection& r) {
  std::string where = r.location_kind == "line" ? fmt::format("{}:{}", r.file, r.location)
                                                : fmt::format("{}: feature {}", r.file, r.location);
  std::string out;
  for (const auto& e : r.errors) {
    if (e.field.empty()) {
      out += fmt::format("{}: {}\n", where, e.reason);
    } else {
      out += fmt::format("{}: field '{}': {}\n", where, e.field, e.reason);
    }
  }
  return out;
}

std::string JsonLine(const ingest::Rejection& r) {
  std::string out;
  ingest::AppendRejectionJson(out, r);
  out += '\n';
  return out;
}

}  // namespace

std::string IngestSummaryJson(const app::IngestSummary& s) {
  return fmt::format(R"({{"accepted":{},"duplicates":{},"rejected":{},"fused":{},"late":{}}})",
                     s.accepted, s.duplicates, s.rejected, s.fused, s.late);
}

void RejectionPrinter::OnRejection(const ingest::Rejection& r, const ingest::ReportBatch& batch) {
  std::string text = json_errors_ ? JsonLine(r) : TextLines(r);
  std::fwrite(text.data(), 1, text.size(), stderr);
  if (reject_file_ != nullptr) WriteRejected(r, batch);
}

void RejectionPrinter::OnBatchCommitted(const app::IngestSummary& so_far) {
  committed_ = so_far;
  if (reject_file_ != nullptr && std::fflush(reject_file_) != 0) reject_file_failed_ = true;
  if (progress_) fmt::print(stderr, "{{\"committed\":{}}}\n", IngestSummaryJson(so_far));
}

// One rejected record per line, as read; a CSV file's header goes first so
// the rows stay readable; multi-line JSON features are joined.
void RejectionPrinter::WriteRejected(const ingest::Rejection& r, const ingest::ReportBatch& batch) {
  std::string out;
  if (!batch.csv_header.empty() && headers_written_.insert(r.file).second) {
    out += batch.csv_header;
    out += '\n';
  }
  if (batch.location_kind == "feature") {
    for (char c : r.raw)
      out += (c == '\n' || c == '\r') ? ' ' : c;
  } else {
    out += r.raw;
  }
  out += '\n';
  if (std::fwrite(out.data(), 1, out.size(), reject_file_) != out.size()) {
    reject_file_failed_ = true;
  }
}

}  // namespace truceline::cli
