#pragma once
// The lat/lon cell geometry shared by batch and streaming fusion: cell
// keys, and the cells a search of a given radius must visit. Searches are
// conservative: they use lower bounds of the length of a degree on WGS84
// (of latitude at the equator; of longitude a·cos φ at the band's poleward
// edge, which a geodesic within the radius cannot pass), widened by kSlack.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numbers>

namespace truceline::fusion::detail {

inline constexpr double kDegree = std::numbers::pi / 180;
inline constexpr double kMinMetresPerDegreeLat = 110'574.0;
inline constexpr double kMetresPerDegreeLonAtEquator = 111'319.0;
// Searches are widened by this factor, far beyond floating-point error.
inline constexpr double kSlack = 1.0 + 1e-6;

// The poleward edge of a search band: |lat| plus the radius in degrees,
// and its cosine. Computed once per point for its widest search; valid for
// every narrower one.
struct BandEdge {
  double degrees;
  double cosine;
};
inline BandEdge BandEdgeFor(double lat, double radius_m) {
  double edge = std::min(std::fabs(lat) + radius_m * kSlack / kMinMetresPerDegreeLat, 90.0);
  return {edge, std::cos(edge * kDegree)};
}

class GridGeometry {
 public:
  // Cells about `cell_m` wide at latitude `design_lat` (only speed depends
  // on these); whole columns around the globe, so that wrapping at the
  // antimeridian maps a longitude to the same column from either side.
  GridGeometry(double cell_m, double design_lat) {
    cell_lat_deg_ = std::max(cell_m / kMinMetresPerDegreeLat, 1e-4);
    double cos_lat = std::max(std::cos(std::min(std::fabs(design_lat), 89.0) * kDegree), 0.01);
    double cell_lon_deg =
        std::clamp(cell_m / (kMetresPerDegreeLonAtEquator * cos_lat), 1e-4, 360.0);
    columns_ = static_cast<int64_t>(std::ceil(360.0 / cell_lon_deg));
    cell_lon_deg_ = 360.0 / static_cast<double>(columns_);
  }

  uint64_t KeyOf(double lat, double lon) const { return Key(Row(lat), Column(lon)); }

  // Calls visit(key) for every cell that may hold a point within
  // `radius_m` of (lat, lon). `edge` is BandEdgeFor(lat, r) for some
  // r >= radius_m.
  template <typename Visit>
  void ForEachCellInReach(double lat, double lon, double radius_m, BandEdge edge,
                          Visit&& visit) const {
    double dlat = radius_m * kSlack / kMinMetresPerDegreeLat;
    int64_t row_lo = Row(std::max(lat - dlat, -90.0));
    int64_t row_hi = Row(std::min(lat + dlat, 90.0));
    int64_t col_lo = 0, col_hi = columns_ - 1;
    if (edge.degrees < 89.999 &&
        radius_m * kSlack < kMetresPerDegreeLonAtEquator * edge.cosine * 180) {
      double dlon = radius_m * kSlack / (kMetresPerDegreeLonAtEquator * edge.cosine);
      col_lo = ColumnUnwrapped(lon - dlon);
      col_hi = ColumnUnwrapped(lon + dlon);
      if (col_hi - col_lo + 1 >= columns_) {
        col_lo = 0;
        col_hi = columns_ - 1;
      }
    }
    for (int64_t row = row_lo; row <= row_hi; ++row) {
      for (int64_t c = col_lo; c <= col_hi; ++c)
        visit(Key(row, Wrap(c)));
    }
  }

 private:
  int64_t Row(double lat) const {
    return static_cast<int64_t>(std::floor((lat + 90) / cell_lat_deg_));
  }
  int64_t ColumnUnwrapped(double lon) const {
    return static_cast<int64_t>(std::floor((lon + 180) / cell_lon_deg_));
  }
  int64_t Wrap(int64_t c) const { return ((c % columns_) + columns_) % columns_; }
  int64_t Column(double lon) const { return Wrap(ColumnUnwrapped(lon)); }
  static uint64_t Key(int64_t row, int64_t col) {
    return (static_cast<uint64_t>(row) << 32) ^ static_cast<uint64_t>(col);
  }

  double cell_lat_deg_ = 1;
  double cell_lon_deg_ = 1;
  int64_t columns_ = 360;
};

}  // namespace truceline::fusion::detail
