#include <cmath>
#include <numbers>

#include <GeographicLib/Geodesic.hpp>

#include "fusion/fusion.hpp"
#include "fusion/within_distance.hpp"

namespace truceline::fusion {
namespace detail {
namespace {

constexpr double kDegree = std::numbers::pi / 180;
// WGS84.
constexpr double kA = 6378137.0;
constexpr double kF = 1 / 298.257223563;
constexpr double kE2 = kF * (2 - kF);

// The flat estimate is used only for thresholds up to 50 km between points
// within 80° of the equator (1,100 km or more from a pole, so meridian
// convergence stays negligible), and trusted only outside ±0.1% of the
// threshold, a margin orders of magnitude wider than its error there. The
// oracle tests place pairs exactly at the threshold to keep this honest.
constexpr double kFlatLimitM = 50'000;
constexpr double kFlatLimitLatDeg = 80;
constexpr double kMargin = 1e-3;

}  // namespace

LocalScale LocalScaleAt(double lat) {
  double phi = lat * kDegree;
  double s = std::sin(phi);
  double w2 = 1 - kE2 * s * s;
  double n = kA / std::sqrt(w2);
  double m = kA * (1 - kE2) / (w2 * std::sqrt(w2));
  return LocalScale{n * std::cos(phi) * kDegree, m * kDegree};
}

bool WithinDistanceScaled(double lat_a, double lon_a, const LocalScale& scale_a, double lat_b,
                          double lon_b, const LocalScale& scale_b, double threshold_m) {
  if (threshold_m <= kFlatLimitM && std::fabs(lat_a) <= kFlatLimitLatDeg &&
      std::fabs(lat_b) <= kFlatLimitLatDeg) {
    double dlon = lon_b - lon_a;
    if (dlon > 180) dlon -= 360;
    if (dlon < -180) dlon += 360;
    double x = dlon * 0.5 * (scale_a.lon_m_per_deg + scale_b.lon_m_per_deg);
    double y = (lat_b - lat_a) * 0.5 * (scale_a.lat_m_per_deg + scale_b.lat_m_per_deg);
    double d2 = x * x + y * y;
    double low = threshold_m * (1 - kMargin), high = threshold_m * (1 + kMargin);
    if (d2 <= low * low) return true;
    if (d2 > high * high) return false;
  }
  double distance = 0;
  GeographicLib::Geodesic::WGS84().Inverse(lat_a, lon_a, lat_b, lon_b, distance);
  return distance <= threshold_m;
}

bool WithinDistance(double lat_a, double lon_a, double lat_b, double lon_b, double threshold_m) {
  // Both points measured with the scales at their mean latitude.
  LocalScale scale = LocalScaleAt(0.5 * (lat_a + lat_b));
  return WithinDistanceScaled(lat_a, lon_a, scale, lat_b, lon_b, scale, threshold_m);
}

}  // namespace detail

FusionConfig FusionConfig::Defaults() {
  FusionConfig config;
  config.Set(core::Family::kIndirectFire, {1500, 120});
  config.Set(core::Family::kSmallArms, {1000, 300});
  config.Set(core::Family::kAirStrike, {2000, 120});
  config.Set(core::Family::kMaritime, {5000, 600});
  config.Set(core::Family::kSighting, {500, 3600});
  config.Set(core::Family::kOther, {1000, 300});
  return config;
}

FusionPoint ToFusionPoint(const core::Report& r) {
  return FusionPoint{core::FamilyOf(r.kind),
                     core::ToUnixMicros(r.observed_at),
                     r.time_uncertainty_s,
                     r.lat,
                     r.lon,
                     r.position_uncertainty_m};
}

bool Linked(const FusionPoint& a, const FusionPoint& b, const FusionConfig& config) {
  if (a.family != b.family) return false;
  const LinkThresholds& t = config.For(a.family);
  // In microseconds, as the batch sweep's window is: the same arithmetic
  // decides the same boundary cases.
  double dt_us = std::fabs(static_cast<double>(a.t_us - b.t_us));
  if (dt_us > (t.time_s + a.time_uncertainty_s + b.time_uncertainty_s) * 1e6) return false;
  return detail::WithinDistance(a.lat, a.lon, b.lat, b.lon,
                                t.distance_m + a.position_uncertainty_m + b.position_uncertainty_m);
}

}  // namespace truceline::fusion
