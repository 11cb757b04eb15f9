#pragma once
// Which assets each placement covers, stored sparsely (private to
// src/plan): per site, the assets within the largest radius of any
// contingent allowed there, grouped by the smallest of the site's radii
// that reaches them, so that a contingent of radius r at that site covers a
// prefix of the site's list. Memory: 4 bytes per kept
// (site, asset) pair plus 4 bytes per allowed (contingent, site) pair.

#include <cstdint>
#include <span>
#include <vector>

#include "plan/deployment.hpp"

namespace truceline::plan::detail {

struct CoverIndex {
  std::vector<std::int64_t> begin;       // per site, then the end: offsets into `asset`
  std::vector<int> asset;                // per kept pair, site by site
  std::vector<std::vector<int>> length;  // [k][j]: assets covered by k at allowed[k][j]

  // The assets contingent k covers at its j-th allowed site `site`.
  std::span<const int> Covers(int k, int j, int site) const {
    return {asset.data() + begin[site], static_cast<size_t>(length[k][j])};
  }
  // Kept (site, asset) pairs, and the sum of `length` (the coverage rows'
  // nonzeros in the MIP).
  std::int64_t pairs() const { return static_cast<std::int64_t>(asset.size()); }
  std::int64_t placements_nonzeros = 0;
};

// Builds the index for `allowed` (per contingent, its sites). Coverage is
// exactly EvaluateDeployment's: geodesic distance <= radius_km * 1000. Pairs
// are found through a lat/lon grid and a spherical angle, which bounds the
// WGS84 geodesic from both sides (within ~0.35 % of each other at
// mid-latitudes); every pair whose bounds straddle a contingent's radius is
// measured with the geodesic, so the bounds only decide pairs that are
// clearly in or out. Pure; `threads` > 1 splits the sites among that many
// threads.
CoverIndex BuildCoverIndex(const DeploymentProblem& problem,
                           const std::vector<std::vector<int>>& allowed, int threads);

}  // namespace truceline::plan::detail
