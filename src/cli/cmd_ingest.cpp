// truceline ingest --db DB FILE... : validate and store reports.

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <set>

#include <fmt/format.h>

#include "app/app.hpp"
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "core/json_text.hpp"

namespace truceline::cli {
namespace {

struct IngestArgs {
  std::string db;
  std::vector<std::string> inputs;
  std::string errors = "text";
  std::string reject_file;
  std::string format;
  size_t batch_records = 50'000;
  bool progress = false;
};

std::string SummaryJson(const app::IngestSummary& s) {
  return fmt::format(R"({{"accepted":{},"duplicates":{},"rejected":{}}})", s.accepted, s.duplicates,
                     s.rejected);
}

// Prints rejections (text or JSON lines) and progress to stderr, and writes
// rejected raw records to the reject file.
class CliObserver final : public app::IngestObserver {
 public:
  CliObserver(bool json_errors, bool progress, std::FILE* reject_file)
      : json_errors_(json_errors), progress_(progress), reject_file_(reject_file) {}

  void OnRejection(const ingest::Rejection& r, const ingest::ReportBatch& batch) override {
    std::string line = json_errors_ ? JsonLine(r) : TextLine(r);
    std::fwrite(line.data(), 1, line.size(), stderr);
    if (reject_file_ != nullptr) WriteRejected(r, batch);
  }

  void OnBatchCommitted(const app::IngestSummary& so_far) override {
    committed_ = so_far;
    if (reject_file_ != nullptr && std::fflush(reject_file_) != 0) reject_file_failed_ = true;
    if (progress_) fmt::print(stderr, "{{\"committed\":{}}}\n", SummaryJson(so_far));
  }

  bool reject_file_failed() const { return reject_file_failed_; }
  void set_reject_file_failed() { reject_file_failed_ = true; }
  // Totals of everything committed so far.
  const app::IngestSummary& committed() const { return committed_; }

 private:
  static std::string TextLine(const ingest::Rejection& r) {
    std::string where = r.location_kind == "line"
                            ? fmt::format("{}:{}", r.file, r.location)
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

  static std::string JsonLine(const ingest::Rejection& r) {
    std::string out = "{\"file\":";
    core::AppendJsonString(out, r.file);
    fmt::format_to(std::back_inserter(out), ",\"{}\":{},\"code\":", r.location_kind, r.location);
    core::AppendJsonString(out, core::ErrorCodeName(r.code));
    out += ",\"field\":";
    core::AppendJsonString(out, r.errors.front().field);
    out += ",\"reason\":";
    core::AppendJsonString(out, r.errors.front().reason);
    if (r.errors.size() > 1) {
      out += ",\"errors\":[";
      for (size_t i = 0; i < r.errors.size(); ++i) {
        if (i > 0) out += ',';
        out += "{\"field\":";
        core::AppendJsonString(out, r.errors[i].field);
        out += ",\"reason\":";
        core::AppendJsonString(out, r.errors[i].reason);
        out += '}';
      }
      out += ']';
    }
    out += "}\n";
    return out;
  }

  // One rejected record per line, as read; a CSV file's header goes first
  // so the rows stay readable; multi-line JSON features are joined.
  void WriteRejected(const ingest::Rejection& r, const ingest::ReportBatch& batch) {
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

  bool json_errors_;
  bool progress_;
  std::FILE* reject_file_;
  std::set<std::string> headers_written_;
  bool reject_file_failed_ = false;
  app::IngestSummary committed_;
};

int RunIngest(const IngestArgs& args) {
  std::optional<ingest::Format> format;
  if (!args.format.empty()) format = ingest::ParseFormat(args.format);

  std::unique_ptr<std::FILE, int (*)(std::FILE*)> reject_file(nullptr, std::fclose);
  if (!args.reject_file.empty()) {
    reject_file.reset(std::fopen(args.reject_file.c_str(), "w"));
    if (!reject_file) {
      return ReportFailure(core::Status(core::ErrorCode::kIoError,
                                        fmt::format("{}: cannot create the reject file: {}",
                                                    args.reject_file, std::strerror(errno))));
    }
  }
  auto store = app::OpenStore(args.db);
  if (!store.ok()) return ReportFailure(store.status());
  core::SystemClock clock;
  app::Service service(**store, clock);
  CliObserver observer(args.errors == "json", args.progress, reject_file.get());
  auto summary =
      service.Ingest(args.inputs, app::IngestOptions{format, args.batch_records}, observer);
  if (reject_file && std::fflush(reject_file.get()) != 0) observer.set_reject_file_failed();
  if (!summary.ok()) {
    // What was committed before the failure is durable: say so.
    fmt::print("{}\n", SummaryJson(observer.committed()));
    std::fflush(stdout);
    return ReportFailure(summary.status());
  }
  fmt::print("{}\n", SummaryJson(*summary));
  std::fflush(stdout);
  if (observer.reject_file_failed()) {
    return ReportFailure(
        core::Status(core::ErrorCode::kIoError,
                     fmt::format("{}: writing rejected records failed", args.reject_file)));
  }
  return summary->rejected > 0 ? kExitRejected : kExitOk;
}

}  // namespace

void AddIngestCommand(CLI::App& app, Action& run) {
  auto args = std::make_shared<IngestArgs>();
  auto* cmd = app.add_subcommand(
      "ingest", "Validate reports (NDJSON, CSV, GeoJSON) and store them; prints a JSON summary");
  cmd->add_option("--db", args->db, "The store (an SQLite file, created if missing)")->required();
  cmd->add_option("inputs", args->inputs, "Input files; '-' reads standard input")->required();
  cmd->add_option("--format", args->format, "Input format when the file name does not say")
      ->check(CLI::IsMember({"ndjson", "csv", "geojson"}));
  cmd->add_option("--errors", args->errors, "How to print rejections: text or json (JSON lines)")
      ->check(CLI::IsMember({"text", "json"}));
  cmd->add_option("--reject-file", args->reject_file,
                  "Write every rejected record, as read, to this file");
  cmd->add_option("--batch-size", args->batch_records, "Records per committed batch")
      ->check(CLI::Range(1, 1'000'000));
  cmd->add_flag("--progress", args->progress,
                "After each durable commit print {\"committed\":{...}} on stderr");
  cmd->callback([args, &run] { run = [args] { return RunIngest(*args); }; });
}

}  // namespace truceline::cli
