// truceline_bench_convert: turns reports into CSV for the benchmark peers.
//
//   truceline_bench_convert table IN OUT.csv    rows of the store's `reports` table
//   truceline_bench_convert contract IN OUT.csv the contract's CSV columns
//
// IN is read with the ingest readers (format from the extension or sniffed),
// so the rows hold exactly what `truceline ingest` would store. Repeated
// (source, id) keys are written once (the store keeps the first), so the
// sqlite3 peer's UNIQUE index sees the same rows as Truceline's. Prints
// {"rows":N,"repeated":N,"rejected":N} on stdout; exit 1 if a record was
// rejected, 2 on usage errors, 3 on I/O errors.

#include <cstdio>
#include <string>
#include <unordered_set>

#include <fmt/format.h>

#include "app/report_export.hpp"
#include "bench_input.hpp"
#include "ingest/ingest.hpp"

namespace {

using truceline::core::ToUnixMicros;

int Run(const std::string& mode, const std::string& in, const std::string& out_path) {
  truceline::core::SystemClock clock;
  const int64_t ingested_at_us = ToUnixMicros(clock.Now());
  // The reader keeps a reference to the policy: it must outlive the reader.
  const truceline::ingest::ValidationPolicy policy{&clock};
  auto reader = truceline::ingest::OpenReader(in, std::nullopt, policy);
  if (!reader.ok()) {
    fmt::print(stderr, "{}\n", reader.status().ToString());
    return 3;
  }
  std::FILE* out = std::fopen(out_path.c_str(), "wb");
  if (out == nullptr) {
    fmt::print(stderr, "{}: cannot create\n", out_path);
    return 3;
  }
  std::string buffer(mode == "table" ? truceline::bench::TableCsvHeader()
                                     : truceline::app::ReportCsvHeader());
  std::unordered_set<std::string> keys;
  uint64_t rows = 0, repeated = 0, rejected = 0;
  bool failed = false;
  truceline::ingest::ReportBatch batch;
  bool more = true;
  while (more) {
    batch.Clear();
    auto read = (*reader)->ReadBatch(batch, 50'000);
    if (!read.ok()) {
      fmt::print(stderr, "{}\n", read.status().ToString());
      std::fclose(out);
      return 3;
    }
    more = *read;
    rejected += batch.rejections.size();
    for (size_t i = 0; i < batch.reports.size(); ++i) {
      const auto& r = batch.reports[i];
      if (!keys.insert(r.source + '\0' + r.id).second) {
        ++repeated;
        continue;
      }
      ++rows;
      if (mode == "table") {
        truceline::bench::AppendTableCsvRow(buffer, static_cast<int64_t>(rows), r, batch.digests[i],
                                            ingested_at_us);
      } else {
        truceline::app::AppendReportCsvRow(buffer, r);
      }
      if (buffer.size() > (1 << 20)) {
        if (std::fwrite(buffer.data(), 1, buffer.size(), out) != buffer.size()) failed = true;
        buffer.clear();
      }
    }
  }
  if (std::fwrite(buffer.data(), 1, buffer.size(), out) != buffer.size()) failed = true;
  if (std::fclose(out) != 0 || failed) {
    fmt::print(stderr, "{}: writing failed\n", out_path);
    return 3;
  }
  fmt::print("{{\"rows\":{},\"repeated\":{},\"rejected\":{}}}\n", rows, repeated, rejected);
  return rejected > 0 ? 1 : 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4 || (std::string(argv[1]) != "table" && std::string(argv[1]) != "contract")) {
    fmt::print(stderr, "usage: {} table|contract IN OUT.csv\n", argv[0]);
    return 2;
  }
  return Run(argv[1], argv[2], argv[3]);
}
