// Batch fusion throughput (fusion::ClusterBatch alone) on simulated
// exercises at a realistic density: 5,000 true events a day along the
// bundled line of contact, about 1.6 reports per event.
//
//   TRUCELINE_BENCH_FUSION_REPORTS=1000000 build-bench/bin/truceline_bench --benchmark_filter=Fuse

#include <cstdlib>

#include <benchmark/benchmark.h>

#include "bench_input.hpp"
#include "fusion/fusion.hpp"

namespace truceline::bench {
namespace {

size_t FusionReports() {
  const char* env = std::getenv("TRUCELINE_BENCH_FUSION_REPORTS");
  return env != nullptr ? std::strtoull(env, nullptr, 10) : 200'000;
}

void BM_FuseBatch(benchmark::State& state) {
  static const auto points = [] {
    std::vector<fusion::FusionPoint> out;
    auto reports = GenerateReports(FusionReports(), 20250401, /*events_per_day=*/5000);
    if (!reports.ok()) return out;
    for (const auto& r : *reports)
      out.push_back(fusion::ToFusionPoint(r));
    return out;
  }();
  if (points.empty()) {
    state.SkipWithError("could not generate the input (bundled data missing?)");
    return;
  }
  const auto config = fusion::FusionConfig::Defaults();
  size_t incidents = 0;
  for (auto _ : state) {
    auto labels = fusion::ClusterBatch(points, config);
    incidents = labels.empty() ? 0 : *std::max_element(labels.begin(), labels.end()) + 1;
    benchmark::DoNotOptimize(labels.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * points.size()));
  state.counters["reports"] = static_cast<double>(points.size());
  state.counters["incidents"] = static_cast<double>(incidents);
}
BENCHMARK(BM_FuseBatch)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace truceline::bench
