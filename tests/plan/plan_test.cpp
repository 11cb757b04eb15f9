// The solver against brute force: every p-subset (or every subset of sites)
// enumerated on small seeded random instances of each family, written as
// text in the benchmark formats and read back through the readers.

#include <algorithm>
#include <cmath>
#include <functional>
#include <random>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "plan/lagrangian.hpp"
#include "plan/location.hpp"
#include "plan/solve.hpp"

namespace truceline::plan {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// Calls visit(subset) for every subset of {0..n-1} with `size` elements
// (every subset when size < 0).
void ForEachSubset(int n, int size, const std::function<void(const std::vector<int>&)>& visit) {
  for (uint32_t mask = 0; mask < (1u << n); ++mask) {
    if (size >= 0 && std::popcount(mask) != size) continue;
    std::vector<int> subset;
    for (int j = 0; j < n; ++j) {
      if (mask & (1u << j)) subset.push_back(j);
    }
    visit(subset);
  }
}

SolveOptions Options() {
  SolveOptions options;
  options.time_limit_s = 60.0;
  return options;
}

TEST(PMedian, MatchesBruteForceOnRandomGraphs) {
  for (int seed = 1; seed <= 30; ++seed) {
    std::mt19937_64 rng(seed);
    const int n = 6 + static_cast<int>(rng() % 7);
    const int p = 1 + static_cast<int>(rng() % 4);
    // A ring (connected) plus random chords, some repeated (last one wins).
    std::vector<std::tuple<int, int, int>> edges;
    for (int v = 0; v < n; ++v)
      edges.push_back({v, (v + 1) % n, 1 + static_cast<int>(rng() % 50)});
    for (int e = 0; e < n; ++e) {
      int a = static_cast<int>(rng() % n), b = static_cast<int>(rng() % n);
      if (a != b) edges.push_back({a, b, 1 + static_cast<int>(rng() % 50)});
    }
    std::string text = fmt::format("{} {} {}\n", n, edges.size(), p);
    std::vector<std::vector<double>> d(n, std::vector<double>(n, kInf));
    for (int v = 0; v < n; ++v)
      d[v][v] = 0;
    std::map<std::pair<int, int>, int> last;
    for (auto [a, b, c] : edges) {
      text += fmt::format("{} {} {}\n", a + 1, b + 1, c);
      last[{std::min(a, b), std::max(a, b)}] = c;
    }
    for (auto [key, c] : last)
      d[key.first][key.second] = d[key.second][key.first] = c;
    for (int k = 0; k < n; ++k)
      for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j)
          d[i][j] = std::min(d[i][j], d[i][k] + d[k][j]);
    double best = kInf;
    ForEachSubset(n, p, [&](const std::vector<int>& open) {
      double total = 0;
      for (int i = 0; i < n; ++i) {
        double near = kInf;
        for (int j : open)
          near = std::min(near, d[i][j]);
        total += near;
      }
      best = std::min(best, total);
    });
    auto model = ParsePMedian(text, "random.txt", std::nullopt);
    ASSERT_TRUE(model.ok()) << model.status().ToString();
    auto report = Solve(*model, Options());
    ASSERT_TRUE(report.ok()) << report.status().ToString();
    EXPECT_EQ(report->objective, best) << "seed " << seed;
    EXPECT_TRUE(report->proven_optimal) << "seed " << seed;
    EXPECT_EQ(report->bound, best) << "seed " << seed;
    EXPECT_GE(report->heuristic_objective, best);
  }
}

TEST(Covering, MatchesBruteForceOnRandomPoints) {
  for (int seed = 1; seed <= 30; ++seed) {
    std::mt19937_64 rng(100 + seed);
    const int n = 6 + static_cast<int>(rng() % 8);
    const int p = 1 + static_cast<int>(rng() % 3);
    const double radius = 10.0 + static_cast<double>(rng() % 30);
    std::vector<int> x(n), y(n), w(n);
    std::string text = fmt::format("{}\t9999\tp\tS\r\n", n);
    for (int i = 0; i < n; ++i) {
      x[i] = static_cast<int>(rng() % 100);
      y[i] = static_cast<int>(rng() % 100);
      w[i] = static_cast<int>(rng() % 60);
      text += fmt::format("{}\t{}\t{}\t\r\n", x[i], y[i], w[i]);
    }
    double best = -1;
    ForEachSubset(n, p, [&](const std::vector<int>& open) {
      double covered = 0;
      for (int i = 0; i < n; ++i) {
        bool hit = false;
        for (int j : open)
          hit = hit || std::hypot(x[i] - x[j], y[i] - y[j]) <= radius;
        if (hit) covered += w[i];
      }
      best = std::max(best, covered);
    });
    auto model = ParseCovering(text, "sjc.txt", p, radius);
    ASSERT_TRUE(model.ok()) << model.status().ToString();
    auto report = Solve(*model, Options());
    ASSERT_TRUE(report.ok()) << report.status().ToString();
    EXPECT_EQ(report->objective, best) << "seed " << seed;
    EXPECT_EQ(report->bound, best) << "seed " << seed;
    EXPECT_TRUE(report->proven_optimal) << "seed " << seed;
    EXPECT_LE(report->heuristic_objective, best);
  }
}

// Minimum cost of shipping integral demands to open sites with integral
// capacities (unit cost = cost / demand): successive shortest paths with
// Bellman-Ford on an explicit residual graph. Independent of the solver.
double TransportOracle(const std::vector<int>& demand, const std::vector<int>& capacity,
                       const std::vector<std::vector<double>>& cost, const std::vector<int>& open) {
  const int n = static_cast<int>(demand.size());
  const int m = static_cast<int>(capacity.size());
  const int source = n + m, sink = n + m + 1, nodes = n + m + 2;
  struct Edge {
    int to, cap;
    double cost;
  };
  std::vector<Edge> edges;
  std::vector<std::vector<int>> out(nodes);
  auto add = [&](int u, int v, int cap, double c) {
    out[u].push_back(static_cast<int>(edges.size()));
    edges.push_back({v, cap, c});
    out[v].push_back(static_cast<int>(edges.size()));
    edges.push_back({u, 0, -c});
  };
  int dem_total = 0;
  for (int i = 0; i < n; ++i) {
    dem_total += demand[i];
    add(source, i, demand[i], 0.0);
    for (int j : open)
      add(i, n + j, demand[i], cost[i][j] / demand[i]);
  }
  for (int j : open)
    add(n + j, sink, capacity[j], 0.0);
  int shipped = 0;
  double total = 0;
  while (true) {
    std::vector<double> dist(nodes, kInf);
    std::vector<int> via(nodes, -1);
    dist[source] = 0;
    for (int round = 0; round < nodes; ++round) {
      for (int u = 0; u < nodes; ++u) {
        if (dist[u] == kInf) continue;
        for (int e : out[u]) {
          if (edges[e].cap > 0 && dist[u] + edges[e].cost < dist[edges[e].to] - 1e-12) {
            dist[edges[e].to] = dist[u] + edges[e].cost;
            via[edges[e].to] = e;
          }
        }
      }
    }
    if (dist[sink] == kInf) break;
    int push = 1 << 30;
    for (int v = sink; v != source; v = edges[via[v] ^ 1].to)
      push = std::min(push, edges[via[v]].cap);
    for (int v = sink; v != source; v = edges[via[v] ^ 1].to) {
      edges[via[v]].cap -= push;
      edges[via[v] ^ 1].cap += push;
    }
    shipped += push;
    total += push * dist[sink];
  }
  return shipped == dem_total ? total : kInf;
}

TEST(Capacitated, MatchesBruteForceOnRandomInstances) {
  for (int seed = 1; seed <= 25; ++seed) {
    std::mt19937_64 rng(200 + seed);
    const int m = 2 + static_cast<int>(rng() % 4);
    const int n = 3 + static_cast<int>(rng() % 6);
    std::vector<int> capacity(m), fixed(m), demand(n);
    std::vector<std::vector<double>> cost(n, std::vector<double>(m));
    std::string text = fmt::format(" {} {} \n", m, n);
    for (int j = 0; j < m; ++j) {
      capacity[j] = 5 + static_cast<int>(rng() % 20);
      fixed[j] = static_cast<int>(rng() % 100);
      text += fmt::format(" {} {}. \n", capacity[j], fixed[j]);
    }
    for (int i = 0; i < n; ++i) {
      demand[i] = 1 + static_cast<int>(rng() % 8);
      text += fmt::format(" {} \n", demand[i]);
      for (int j = 0; j < m; ++j) {
        cost[i][j] = static_cast<double>(rng() % 400) / 4.0;
        text += fmt::format(" {:.2f}", cost[i][j]);
      }
      text += " \n";
    }
    double best = kInf;
    ForEachSubset(m, -1, [&](const std::vector<int>& open) {
      double total = TransportOracle(demand, capacity, cost, open);
      for (int j : open)
        total += fixed[j];
      best = std::min(best, total);
    });
    auto model = ParseCapacitated(text, "cap.txt", std::nullopt);
    ASSERT_TRUE(model.ok()) << model.status().ToString();
    auto report = Solve(*model, Options());
    if (best == kInf) {
      EXPECT_FALSE(report.ok()) << "seed " << seed;
      continue;
    }
    ASSERT_TRUE(report.ok()) << "seed " << seed << ": " << report.status().ToString();
    EXPECT_NEAR(report->objective, best, 1e-6 * best) << "seed " << seed;
    EXPECT_TRUE(report->proven_optimal) << "seed " << seed;
    EXPECT_GE(report->heuristic_objective, best - 1e-6 * best);
    // The Lagrangian bound (used alone on large instances) is a lower bound.
    double lagrangian = detail::LagrangianBound(*model, report->objective,
                                                detail::Clock::now() + std::chrono::seconds(5))
                            .bound;
    EXPECT_LE(lagrangian, best + 1e-6 * best) << "seed " << seed;
    // The reported plan passes the evaluator with the reported objective.
    auto again = EvaluatePlan(*model, report->plan);
    ASSERT_TRUE(again.ok());
    EXPECT_NEAR(*again, report->objective, 1e-9 * best);
  }
}

TEST(Textbook, AgreesWithTheEngine) {
  for (int seed = 1; seed <= 10; ++seed) {
    std::mt19937_64 rng(300 + seed);
    const int n = 8;
    std::string text = fmt::format("{}\t9999\tp\tS\n", n);
    for (int i = 0; i < n; ++i) {
      text += fmt::format("{} {} {}\n", rng() % 50, rng() % 50, 1 + rng() % 9);
    }
    auto model = ParseCovering(text, "sjc.txt", 2, 15.0);
    ASSERT_TRUE(model.ok());
    auto ours = Solve(*model, Options());
    auto peer = SolveTextbook(*model, Options());
    ASSERT_TRUE(ours.ok() && peer.ok());
    EXPECT_EQ(ours->objective, peer->objective);
  }
}

TEST(Solve, HeuristicOnlyGivesAnEvaluatedPlanAndAValidBound) {
  std::string text = "4 3 2\n1 2 5\n2 3 5\n3 4 5\n";
  auto model = ParsePMedian(text, "line.txt", std::nullopt);
  ASSERT_TRUE(model.ok());
  SolveOptions options = Options();
  options.heuristic_only = true;
  auto report = Solve(*model, options);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->objective, 10.0);
  EXPECT_LE(report->bound, report->objective);
}

TEST(Solve, InsufficientCapacityIsReported) {
  std::string text = "2 2\n3 1\n3 1\n4\n1 1\n4\n1 1\n";
  auto model = ParseCapacitated(text, "tight.txt", std::nullopt);
  ASSERT_TRUE(model.ok());
  auto report = Solve(*model, Options());
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().code(), core::ErrorCode::kInvalidRecord);
}

}  // namespace
}  // namespace truceline::plan
