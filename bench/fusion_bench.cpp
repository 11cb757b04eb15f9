// Batch fusion throughput (fusion::ClusterBatch alone) on simulated
// exercises at a realistic density: 5,000 true events a day along the
// bundled line of contact, about 1.6 reports per event.
//
//   TRUCELINE_BENCH_FUSION_REPORTS=1000000 build-bench/bin/truceline_bench --benchmark_filter=Fuse

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <unordered_map>

#include <benchmark/benchmark.h>

#include "bench_input.hpp"
#include "fusion/fusion.hpp"
#include "heap_meter.hpp"

namespace truceline::bench {
namespace {

size_t FusionReports() {
  const char* env = std::getenv("TRUCELINE_BENCH_FUSION_REPORTS");
  return env != nullptr ? std::strtoull(env, nullptr, 10) : 200'000;
}

// Adjusted Rand index of two labellings of the same items (Hubert & Arabie).
double AdjustedRandIndex(const std::vector<int64_t>& truth, const std::vector<uint32_t>& found) {
  auto pairs = [](double k) { return k * (k - 1) / 2; };
  std::unordered_map<int64_t, double> rows, cols;
  std::unordered_map<uint64_t, double> cells;
  for (size_t i = 0; i < truth.size(); ++i) {
    rows[truth[i]] += 1;
    cols[found[i]] += 1;
    cells[(static_cast<uint64_t>(truth[i]) << 24) ^ found[i]] += 1;
  }
  double index = 0, sum_rows = 0, sum_cols = 0;
  for (const auto& [key, n] : cells)
    index += pairs(n);
  for (const auto& [key, n] : rows)
    sum_rows += pairs(n);
  for (const auto& [key, n] : cols)
    sum_cols += pairs(n);
  double expected = sum_rows * sum_cols / pairs(static_cast<double>(truth.size()));
  return (index - expected) / (0.5 * (sum_rows + sum_cols) - expected);
}

struct FusionInput {
  std::vector<fusion::FusionPoint> points;
  std::vector<int64_t> truth;  // true event; each false report gets its own negative id
};

// The simulated input, generated once for all fusion benchmarks (arrival
// order, as the simulator emits it); empty when the bundled data is missing.
const FusionInput& SharedInput() {
  static const FusionInput input = [] {
    FusionInput in;
    std::vector<int64_t> events;
    auto reports = GenerateReports(FusionReports(), 20250401, /*events_per_day=*/5000, &events);
    if (!reports.ok()) return in;
    for (const auto& r : *reports)
      in.points.push_back(fusion::ToFusionPoint(r));
    int64_t next_false = -1;
    for (int64_t e : events)
      in.truth.push_back(e >= 0 ? e : next_false--);
    return in;
  }();
  return input;
}

void BM_FuseBatch(benchmark::State& state) {
  const FusionInput& input = SharedInput();
  const auto& points = input.points;
  if (points.empty()) {
    state.SkipWithError("could not generate the input (bundled data missing?)");
    return;
  }
  const auto config = fusion::FusionConfig::Defaults();
  fusion::BatchOptions options;
  options.threads = static_cast<unsigned>(state.range(0));
  size_t incidents = 0;
  std::vector<uint32_t> labels;
  size_t extra_bytes = 0;
  for (auto _ : state) {
    labels = {};
    size_t before = ResetHeapPeak();
    labels = fusion::ClusterBatch(points, config, options);
    // Everything the step allocated at its peak beyond its input, the
    // returned labels included.
    extra_bytes = HeapPeakBytes() - before;
    incidents = labels.empty() ? 0 : *std::max_element(labels.begin(), labels.end()) + 1;
    benchmark::DoNotOptimize(labels.data());
  }
  state.counters["extra_bytes_per_report"] =
      static_cast<double>(extra_bytes) / static_cast<double>(points.size());
  // The rule is exact (tests/fusion compares it with an all-pairs oracle),
  // so this is also the oracle's own ARI on the same input.
  state.counters["ari"] = AdjustedRandIndex(input.truth, labels);
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * points.size()));
  state.counters["reports"] = static_cast<double>(points.size());
  state.counters["incidents"] = static_cast<double>(incidents);
}
// The argument is the number of threads: one, then both cores.
BENCHMARK(BM_FuseBatch)
    ->ArgName("threads")
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// Streaming fusion on one core: the same points, in arrival order (the
// simulator emits them as they would arrive), through StreamFuser::Add.
void BM_FuseStream(benchmark::State& state) {
  const auto& points = SharedInput().points;
  if (points.empty()) {
    state.SkipWithError("could not generate the input (bundled data missing?)");
    return;
  }
  size_t late = 0, window = 0;
  for (auto _ : state) {
    // The simulator's open sources report up to hours late: a 6-hour bound.
    fusion::StreamFuser fuser(fusion::FusionConfig::Defaults(), 6 * 3600, 3600);
    late = 0;
    for (const auto& p : points)
      late += fuser.Add(p).late ? 1 : 0;
    window = fuser.WindowSize();
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * points.size()));
  state.counters["late"] = static_cast<double>(late);
  state.counters["window_at_end"] = static_cast<double>(window);
}
BENCHMARK(BM_FuseStream)->Unit(benchmark::kMillisecond)->UseRealTime();

// Per-arrival latency of StreamFuser::Add (steady_clock around each call;
// its own cost, about 20 ns, is included): percentiles as counters, in µs.
void BM_FuseStreamLatency(benchmark::State& state) {
  const auto& points = SharedInput().points;
  if (points.empty()) {
    state.SkipWithError("could not generate the input (bundled data missing?)");
    return;
  }
  std::vector<float> micros(points.size());
  for (auto _ : state) {
    fusion::StreamFuser fuser(fusion::FusionConfig::Defaults(), 6 * 3600, 3600);
    for (size_t i = 0; i < points.size(); ++i) {
      auto start = std::chrono::steady_clock::now();
      benchmark::DoNotOptimize(fuser.Add(points[i]));
      micros[i] = std::chrono::duration<float, std::micro>(std::chrono::steady_clock::now() - start)
                      .count();
    }
  }
  std::sort(micros.begin(), micros.end());
  auto at = [&](double q) {
    return micros[static_cast<size_t>(q * static_cast<double>(micros.size() - 1))];
  };
  state.counters["p50_us"] = at(0.5);
  state.counters["p99_us"] = at(0.99);
  state.counters["p999_us"] = at(0.999);
  state.counters["max_us"] = micros.back();
  // How many arrivals stalled, to tell a pattern from one descheduling.
  state.counters["over_100us"] =
      static_cast<double>(micros.end() - std::upper_bound(micros.begin(), micros.end(), 100.0F));
  state.counters["over_1ms"] =
      static_cast<double>(micros.end() - std::upper_bound(micros.begin(), micros.end(), 1000.0F));
}
BENCHMARK(BM_FuseStreamLatency)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);

}  // namespace
}  // namespace truceline::bench
