#pragma once
// Seeded synthetic deployment problems for benchmarks and tests: a
// Ukraine-sized area (45.5-51.5 N, 23-35.5 E) west of a north-south line of
// contact at 36 E, assets clustered around towns of very unequal size,
// candidate sites half near towns and half scattered, 24 oblasts on a
// grid, two logistics hubs, a 30 km stand-off and a double-cover bonus.
// Contingents have 1,000-5,000 troops, radii of 20-50 km (a site near a
// town then covers hundreds to thousands of assets), and one in five
// carries each caveat (a few western oblasts, 150 km from the line, 500 km
// from a hub).

#include "plan/deployment.hpp"

namespace truceline::plan {

struct SyntheticDeploymentSpec {
  int sites = 10000;
  int assets = 100000;
  int contingents = 100;
  unsigned seed = 1;
};

// The same spec gives the same problem on every platform (own uniform and
// normal variates over std::mt19937; no library distribution). Pure.
// Memory: about 150 bytes per asset and site.
DeploymentProblem SyntheticDeployment(const SyntheticDeploymentSpec& spec);

}  // namespace truceline::plan
