#pragma once
// An exact "geodesic distance <= threshold" test that rarely needs the
// geodesic: a local ellipsoidal flat-earth estimate decides every pair that
// is clearly inside or outside, and GeographicLib decides the rest.

namespace truceline::fusion::detail {

// True iff the WGS84 geodesic distance between the two points is at most
// `threshold_m`. Exact for every input; fast when the distance is not
// within 0.1% of the threshold and the threshold is at most 50 km.
bool WithinDistance(double lat_a, double lon_a, double lat_b, double lon_b, double threshold_m);

}  // namespace truceline::fusion::detail
