#pragma once
// How the CLI reports rejected records: on stderr (text, or JSON lines with
// --errors json), in the reject file (--reject-file), and progress lines.

#include <cstdio>
#include <set>
#include <string>

#include "app/app.hpp"

namespace truceline::cli {

// {"accepted":N,"duplicates":N,"rejected":N}
std::string IngestSummaryJson(const app::IngestSummary& summary);

// An observer for app::Service::Ingest and app::FuseFiles. Not thread-safe
// (the app layer calls it from one thread). `reject_file` may be null and is
// not owned.
class RejectionPrinter final : public app::IngestObserver {
 public:
  RejectionPrinter(bool json_errors, bool progress, std::FILE* reject_file)
      : json_errors_(json_errors), progress_(progress), reject_file_(reject_file) {}

  void OnRejection(const ingest::Rejection& rejection, const ingest::ReportBatch& batch) override;
  void OnBatchCommitted(const app::IngestSummary& so_far) override;

  bool reject_file_failed() const { return reject_file_failed_; }
  void set_reject_file_failed() { reject_file_failed_ = true; }
  // Totals of everything committed so far.
  const app::IngestSummary& committed() const { return committed_; }

 private:
  void WriteRejected(const ingest::Rejection& rejection, const ingest::ReportBatch& batch);

  bool json_errors_;
  bool progress_;
  std::FILE* reject_file_;
  std::set<std::string> headers_written_;
  bool reject_file_failed_ = false;
  app::IngestSummary committed_;
};

}  // namespace truceline::cli
