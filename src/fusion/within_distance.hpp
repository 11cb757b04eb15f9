#pragma once
// An exact "geodesic distance <= threshold" test that rarely needs the
// geodesic: a local ellipsoidal flat-earth estimate decides every pair that
// is clearly inside or outside, and GeographicLib decides the rest.

namespace truceline::fusion::detail {

// True iff the WGS84 geodesic distance between the two points is at most
// `threshold_m`. Exact for every input; fast when the distance is not
// within 0.1% of the threshold and the threshold is at most 50 km.
bool WithinDistance(double lat_a, double lon_a, double lat_b, double lon_b, double threshold_m);

// Metres per degree of longitude and of latitude at a point (WGS84 radii of
// curvature), precomputed once per point for the batch sweep.
struct LocalScale {
  double lon_m_per_deg = 0;
  double lat_m_per_deg = 0;
};
LocalScale LocalScaleAt(double lat);

// The same exact test as WithinDistance, with the flat estimate built from
// the two points' precomputed scales (their mean) instead of trigonometry
// at the mean latitude; the difference is far inside the margin.
bool WithinDistanceScaled(double lat_a, double lon_a, const LocalScale& scale_a, double lat_b,
                          double lon_b, const LocalScale& scale_b, double threshold_m);

}  // namespace truceline::fusion::detail
