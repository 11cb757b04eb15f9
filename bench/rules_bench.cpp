// Rules evaluation throughput: seeded generated incidents near the bundled
// line of contact (every family, the listed and unlisted weapon classes,
// some in the Black Sea corridor and near power plants) against the bundled
// example agreement, on 1 and 2 threads; and the peer, a naive evaluator
// measured in the same run that scans every segment of the line (exact
// geodesic distance to each), every zone and every asset for each incident.
//
//   build-bench/bin/truceline_bench --benchmark_filter=Rules
//   TRUCELINE_BENCH_RULES_INCIDENTS=1000000 TRUCELINE_BENCH_RULES_NAIVE=20000 (defaults)

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <random>
#include <thread>
#include <vector>

#include <GeographicLib/Geodesic.hpp>
#include <benchmark/benchmark.h>

#include "app/agreement_check.hpp"
#include "core/geo.hpp"
#include "rules/evaluator.hpp"

namespace truceline::bench {
namespace {

using core::geo::LatLon;

size_t EnvSize(const char* name, size_t fallback) {
  const char* env = std::getenv(name);
  return env != nullptr ? std::strtoull(env, nullptr, 10) : fallback;
}

struct RulesInput {
  std::optional<rules::Agreement> agreement;
  std::vector<core::Incident> incidents;
};

// The bundled agreement and the generated incidents (seed 20250401),
// built once; no agreement when the bundled data is missing.
const RulesInput& SharedRulesInput() {
  static const RulesInput input = [] {
    RulesInput in;
    auto agreement = app::LoadAgreement("bundled");
    if (!agreement.ok()) return in;
    in.agreement = std::move(*agreement);
    const rules::AgreementLine& line = *in.agreement->FindLine("contact");
    const core::geo::LineString& l = line.parts.at(0);
    const rules::AssetSet& plants = *in.agreement->FindAssetSet("power_plants");
    std::mt19937_64 rng(20250401);
    std::uniform_real_distribution<double> u(0, 1);
    const core::WeaponClass classes[] = {core::WeaponClass::kArtilleryGe100,
                                         core::WeaponClass::kMlrs,
                                         core::WeaponClass::kMlrsHeavy,
                                         core::WeaponClass::kTacticalMissile,
                                         core::WeaponClass::kTank,
                                         core::WeaponClass::kArtilleryLt100,
                                         core::WeaponClass::kMortarLe120,
                                         core::WeaponClass::kAirDefence,
                                         core::WeaponClass::kUav,
                                         core::WeaponClass::kSmallArms};
    const core::Family families[] = {core::Family::kIndirectFire, core::Family::kIndirectFire,
                                     core::Family::kSmallArms,    core::Family::kAirStrike,
                                     core::Family::kSighting,     core::Family::kSighting,
                                     core::Family::kMaritime,     core::Family::kOther};
    const size_t n = EnvSize("TRUCELINE_BENCH_RULES_INCIDENTS", 1'000'000);
    const int64_t from = core::ToUnixMicros(*core::ParseRfc3339("2025-03-25T00:00:00Z"));
    in.incidents.reserve(n);
    for (size_t i = 0; i < n; ++i) {
      core::Incident incident;
      incident.id = i + 1;
      core::IncidentSummary& s = incident.summary;
      s.family = families[static_cast<size_t>(u(rng) * 8)];
      const double where = u(rng);
      LatLon base;
      double reach = 100'000;
      if (where < 0.90) {
        // Near the line: a point along a random segment, up to 100 km away.
        const size_t seg = static_cast<size_t>(u(rng) * static_cast<double>(l.size() - 1));
        const double f = u(rng);
        base = {l[seg].lat + f * (l[seg + 1].lat - l[seg].lat),
                l[seg].lon + f * (l[seg + 1].lon - l[seg].lon)};
      } else if (where < 0.95) {
        base =
            plants.assets[static_cast<size_t>(u(rng) * static_cast<double>(plants.assets.size()))]
                .position;
        reach = 3'000;
      } else {
        base = {45.8, 30.5};  // the middle of the sea corridor
        reach = 60'000;
      }
      GeographicLib::Geodesic::WGS84().Direct(base.lat, base.lon, 360 * u(rng), reach * u(rng),
                                              s.lat, s.lon);
      if (s.family == core::Family::kSighting) {
        s.weapon_classes = 1u << static_cast<unsigned>(classes[static_cast<size_t>(u(rng) * 10)]);
      }
      if (u(rng) < 0.05) {
        s.target_categories = 1u << static_cast<unsigned>(core::TargetCategory::kEnergy);
      }
      s.first_at = core::FromUnixMicros(from + static_cast<int64_t>(u(rng) * 90 * 86'400e6));
      s.last_at = s.first_at;
      s.report_count = 1;
      in.incidents.push_back(incident);
    }
    return in;
  }();
  return input;
}

// CPU time of the calling thread, seconds: the machine is shared, so the
// workers' CPU time is reported beside the wall time.
double ThreadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

// Evaluates incidents [0, n) on `threads` threads (contiguous slices);
// returns the number of violations and adds the workers' CPU time to
// `cpu_s`.
size_t EvaluateParallel(const rules::Evaluator& evaluator,
                        const std::vector<core::Incident>& incidents, size_t threads,
                        double& cpu_s) {
  std::vector<size_t> counts(threads, 0);
  std::vector<double> cpu(threads, 0);
  std::vector<std::thread> workers;
  const size_t n = incidents.size();
  for (size_t t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      const double start = ThreadCpuSeconds();
      std::vector<rules::Violation> out;
      for (size_t i = n * t / threads; i < n * (t + 1) / threads; ++i) {
        out.clear();
        evaluator.Evaluate(incidents[i], out);
        counts[t] += out.size();
      }
      cpu[t] = ThreadCpuSeconds() - start;
    });
  }
  for (auto& w : workers)
    w.join();
  size_t total = 0;
  for (size_t t = 0; t < threads; ++t) {
    total += counts[t];
    cpu_s += cpu[t];
  }
  return total;
}

void BM_RulesEvaluate(benchmark::State& state) {
  const RulesInput& in = SharedRulesInput();
  if (!in.agreement) {
    state.SkipWithError("bundled agreement missing");
    return;
  }
  const rules::Evaluator evaluator(*in.agreement);
  const size_t threads = static_cast<size_t>(state.range(0));
  size_t violations = 0;
  double cpu_s = 0;
  for (auto _ : state) {
    violations = EvaluateParallel(evaluator, in.incidents, threads, cpu_s);
    benchmark::DoNotOptimize(violations);
  }
  state.counters["workers_cpu_s"] = cpu_s / static_cast<double>(state.iterations());
  state.counters["incidents"] = static_cast<double>(in.incidents.size());
  state.counters["violations"] = static_cast<double>(violations);
  state.counters["incidents_per_s"] = benchmark::Counter(
      static_cast<double>(in.incidents.size()), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_RulesEvaluate)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_RulesCompile(benchmark::State& state) {
  const RulesInput& in = SharedRulesInput();
  if (!in.agreement) {
    state.SkipWithError("bundled agreement missing");
    return;
  }
  for (auto _ : state) {
    rules::Evaluator evaluator(*in.agreement);
    benchmark::DoNotOptimize(&evaluator);
  }
}
BENCHMARK(BM_RulesCompile)->Unit(benchmark::kMillisecond)->UseRealTime();

// The peer: the same semantics with nothing precomputed. Every clause in
// force scans every segment of its line (exact distance to each segment,
// core::geo::DistanceToLine on the two-vertex line), tests its zone with
// core::geo::Contains and measures every asset.
size_t NaiveViolations(const rules::Agreement& a, const core::Incident& incident) {
  const core::IncidentSummary& s = incident.summary;
  const LatLon p{s.lat, s.lon};
  size_t count = 0;
  auto line_distance = [&](const std::string& name) {
    double best = std::numeric_limits<double>::infinity();
    for (const auto& part : a.FindLine(name)->parts) {
      for (size_t i = 0; i + 1 < part.size(); ++i) {
        best = std::min(
            best,
            core::geo::DistanceToLine(p, core::geo::LineString{part[i], part[i + 1]}).distance_m);
      }
    }
    return best;
  };
  auto in_zone = [&](const std::string& name) {
    return core::geo::Contains(a.FindZone(name)->area, p);
  };
  const uint32_t family = 1u << static_cast<unsigned>(s.family);
  for (const rules::Clause& c : a.clauses) {
    if (!rules::InForce(a, c, s.first_at)) continue;
    bool broken = false;
    switch (c.rule) {
      case rules::RuleType::kNoFire:
        broken = (c.family_mask & family) && (c.zone.empty() || in_zone(c.zone)) &&
                 (c.line.empty() || line_distance(c.line) <= *c.within_km * 1000);
        break;
      case rules::RuleType::kWithdrawal:
        broken = s.family == core::Family::kSighting && (c.weapon_class_mask & s.weapon_classes) &&
                 line_distance(c.line) < *c.min_km * 1000;
        break;
      case rules::RuleType::kProtectedTarget:
        if (c.family_mask != 0 && !(c.family_mask & family)) break;
        broken = (c.target_category_mask & s.target_categories) != 0;
        if (!c.assets.empty()) {
          for (const rules::Asset& asset : a.FindAssetSet(c.assets)->assets) {
            const bool listed =
                std::any_of(c.target_categories.begin(), c.target_categories.end(),
                            [&](auto t) { return core::TargetCategoryName(t) == asset.category; });
            if (listed && core::geo::DistanceM(p, asset.position) <= *c.radius_m) broken = true;
          }
        }
        break;
      case rules::RuleType::kZoneProhibition:
        broken = (c.family_mask & family) && in_zone(c.zone);
        break;
      case rules::RuleType::kNoFlight:
        broken = (s.family == core::Family::kAirStrike ||
                  (s.family == core::Family::kSighting && s.Saw(core::WeaponClass::kUav))) &&
                 in_zone(c.zone);
        break;
    }
    count += broken ? 1 : 0;
  }
  return count;
}

void BM_RulesNaive(benchmark::State& state) {
  const RulesInput& in = SharedRulesInput();
  if (!in.agreement) {
    state.SkipWithError("bundled agreement missing");
    return;
  }
  const size_t n = std::min(in.incidents.size(), EnvSize("TRUCELINE_BENCH_RULES_NAIVE", 20'000));
  const rules::Evaluator evaluator(*in.agreement);
  size_t naive = 0;
  for (auto _ : state) {
    naive = 0;
    for (size_t i = 0; i < n; ++i)
      naive += NaiveViolations(*in.agreement, in.incidents[i]);
    benchmark::DoNotOptimize(naive);
  }
  // The fast evaluator on the same slice must agree (outside the timing).
  size_t fast = 0;
  for (size_t i = 0; i < n; ++i)
    fast += evaluator.Evaluate(in.incidents[i]).size();
  state.counters["incidents"] = static_cast<double>(n);
  state.counters["violations"] = static_cast<double>(naive);
  state.counters["disagree"] = static_cast<double>(naive > fast ? naive - fast : fast - naive);
  state.counters["incidents_per_s"] =
      benchmark::Counter(static_cast<double>(n), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_RulesNaive)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace truceline::bench
