#pragma once
// Private to src/rules: a line of the agreement prepared for the questions
// the clauses ask of it: "is this point surely farther than D?" (a cheap,
// conservative lower bound from a grid), "how far exactly?" and "on which
// side?".
//
// Exact distance: core::geo::PreparedLine (segments are WGS84 geodesics; per
// segment a safeguarded Newton iteration on the arc length using the first
// variation of the distance, exact to ~1 µm; segments are pruned by 3-D
// capsule bounds). See core/geo.hpp.
//
// Lower bound: a lat/lon grid covering every point within `reach_m` of the
// line. Each cell stores d(c) − r, with d(c) the exact distance from its
// centre c to the line and r an upper bound of the distance from c to any
// point of the cell (the largest distance to a corner, +1 % +1 m). Distance
// to a set is 1-Lipschitz, so d(p) >= d(c) − r for every p in the cell.
// Outside the grid the distance exceeds reach_m (the grid's margins use the
// smallest lengths of a degree a path within reach_m can meet, as
// fusion/grid.hpp does).

#include <cstddef>
#include <vector>

#include "core/geo.hpp"

namespace truceline::rules::detail {

class LineIndex {
 public:
  // Builds the exact structure and the grid for bounds up to `reach_m`.
  // Cost: one exact distance per cell (cells about reach_m / 25 wide, at
  // most ~2^20 of them). A line crossing the antimeridian or reaching the
  // poles gets no grid (every bound is 0, so answers stay exact).
  LineIndex(const core::geo::MultiLineString& parts, double reach_m);

  // A lower bound of the geodesic distance from `p` to the line, metres;
  // greater than reach_m outside the grid. Never above the true distance.
  double LowerBoundM(core::geo::LatLon p) const;

  // The exact geodesic distance and nearest point.
  core::geo::LineDistance Distance(core::geo::LatLon p) const { return prepared_.Distance(p); }

  // The side of the line `p` is on, looking along the direction of the part
  // holding the nearest point `d` (d = Distance(p)): +1 right, -1 left, 0 on
  // the line (closer than 1 mm) or undecidable.
  int Side(core::geo::LatLon p, const core::geo::LineDistance& d) const;

 private:
  core::geo::MultiLineString parts_;
  core::geo::PreparedLine prepared_;
  double reach_m_ = 0;
  // The grid: rows_ × cols_ cells from (lat0_, lon0_), bounds per cell.
  double lat0_ = 0, lon0_ = 0, cell_lat_deg_ = 1, cell_lon_deg_ = 1;
  std::size_t rows_ = 0, cols_ = 0;
  std::vector<float> lower_;
};

}  // namespace truceline::rules::detail
