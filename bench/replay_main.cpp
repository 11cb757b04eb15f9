// The long replay: streams N reports (default 1e8) through StreamFuser::Add
// and shows that memory follows the window, not the stream. The stream is a
// simulated exercise (1e6 reports at 5,000 events a day, fixed seed)
// replayed over and over, each copy shifted in time to follow the last.
//
//   build-bench/bin/truceline_bench_replay [--reports N] [--base M]
//
// Prints a JSON line every N/20 reports: reports so far, points in the
// window, heap held by the fuser (operator new, see heap_meter.hpp, minus
// the replayed input), resident set size, and the rate over the last
// stretch; then a summary line.

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>

#include <fmt/format.h>

#include "bench_input.hpp"
#include "fusion/fusion.hpp"
#include "heap_meter.hpp"

namespace {

double ResidentMb() {
  std::ifstream statm("/proc/self/statm");
  double pages_total = 0, pages_resident = 0;
  statm >> pages_total >> pages_resident;
  return pages_resident * 4096 / 1e6;
}

}  // namespace

int main(int argc, char** argv) {
  uint64_t reports = 100'000'000;
  uint64_t base = 1'000'000;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--reports") == 0) reports = std::strtoull(argv[i + 1], nullptr, 10);
    if (std::strcmp(argv[i], "--base") == 0) base = std::strtoull(argv[i + 1], nullptr, 10);
  }
  auto generated = truceline::bench::GenerateReports(base, 20250401, 5000, nullptr);
  if (!generated.ok()) {
    fmt::print(stderr, "replay: {}\n", generated.status().ToString());
    return 2;
  }
  std::vector<truceline::fusion::FusionPoint> points;
  int64_t first = INT64_MAX, last = INT64_MIN;
  for (const auto& r : *generated) {
    points.push_back(truceline::fusion::ToFusionPoint(r));
    first = std::min(first, points.back().t_us);
    last = std::max(last, points.back().t_us);
  }
  *generated = {};
  const int64_t period_us = last - first + 86'400'000'000;  // a quiet day between copies

  const double input_heap_mb = static_cast<double>(truceline::bench::HeapBytesInUse()) / 1e6;
  truceline::fusion::StreamFuser fuser(truceline::fusion::FusionConfig::Defaults(), 6 * 3600, 3600);
  const uint64_t every = std::max<uint64_t>(reports / 20, 1);
  uint64_t late = 0, max_window = 0;
  double max_heap_mb = 0, max_rss_mb = 0, first_rss_mb = 0;
  auto start = std::chrono::steady_clock::now();
  auto stretch = start;
  for (uint64_t i = 0; i < reports; ++i) {
    truceline::fusion::FusionPoint p = points[i % points.size()];
    p.t_us += static_cast<int64_t>(i / points.size()) * period_us;
    late += fuser.Add(p).late ? 1 : 0;
    if ((i + 1) % every == 0) {
      auto now = std::chrono::steady_clock::now();
      double seconds = std::chrono::duration<double>(now - stretch).count();
      stretch = now;
      uint64_t window = fuser.WindowSize();
      // What the fuser holds: the heap beyond the replayed input.
      double heap_mb =
          static_cast<double>(truceline::bench::HeapBytesInUse()) / 1e6 - input_heap_mb;
      double rss_mb = ResidentMb();
      if (first_rss_mb == 0) first_rss_mb = rss_mb;
      max_window = std::max(max_window, window);
      max_heap_mb = std::max(max_heap_mb, heap_mb);
      max_rss_mb = std::max(max_rss_mb, rss_mb);
      fmt::print(
          R"({{"bench":"replay","reports":{},"window":{},"fuser_heap_mb":{:.2f},"rss_mb":{:.1f},"reports_per_s":{:.0f}}})"
          "\n",
          i + 1, window, heap_mb, rss_mb, static_cast<double>(every) / seconds);
      std::fflush(stdout);
    }
  }
  double total = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  fmt::print(
      R"({{"bench":"replay-summary","reports":{},"base":{},"seconds":{:.1f},"reports_per_s":{:.0f},"late":{},"max_window":{},"input_heap_mb":{:.1f},"max_fuser_heap_mb":{:.2f},"rss_mb_first_sample":{:.1f},"rss_mb_max":{:.1f}}})"
      "\n",
      reports, base, total, static_cast<double>(reports) / total, late, max_window, input_heap_mb,
      max_heap_mb, first_rss_mb, max_rss_mb);
  return 0;
}
