#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>
#include <queue>
#include <random>
#include <string>

#include <GeographicLib/Geodesic.hpp>
#include <fmt/format.h>

#include "sim/sim.hpp"

namespace truceline::sim {
namespace {

using core::Family;
using core::ReportKind;
using core::SourceKind;
using std::chrono::microseconds;

// Random draws built only on mt19937_64 (whose output the standard fixes),
// so the exercise is identical on every platform and standard library.
class Random {
 public:
  explicit Random(uint64_t seed) : engine_(seed) {}
  double Uniform() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }
  double Uniform(double lo, double hi) { return lo + (hi - lo) * Uniform(); }
  bool Chance(double p) { return Uniform() < p; }
  size_t Index(size_t n) { return static_cast<size_t>(Uniform() * static_cast<double>(n)) % n; }
  double Normal() {
    double u1 = 1.0 - Uniform();
    double u2 = Uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
  }
  double Exponential(double mean) { return -mean * std::log(1.0 - Uniform()); }
  template <typename T, size_t N>
  const T& Pick(const std::array<T, N>& items) {
    return items[Index(N)];
  }

 private:
  std::mt19937_64 engine_;
};

// A class of reporting source and how it observes.
struct SourceProfile {
  SourceKind kind;
  const char* prefix;
  int population;                 // how many such sources exist
  double position_uncertainty_m;  // reported radius (typical)
  double time_uncertainty_s;      // reported ± seconds (typical)
  double delay_mean_s;            // mean reporting delay
  double detect_probability;      // per event of a family it watches
};

constexpr std::array kProfiles{
    SourceProfile{SourceKind::kSensor, "sensor-A", 40, 50, 2, 5, 0.75},
    SourceProfile{SourceKind::kMonitor, "patrol-", 24, 800, 180, 900, 0.35},
    SourceProfile{SourceKind::kOsint, "osint-channel-", 30, 3000, 900, 5400, 0.30},
    SourceProfile{SourceKind::kParty, "party-", 2, 1500, 600, 3600, 0.10},
};

struct FamilyMix {
  Family family;
  double share;
  double offset_sigma_m;  // spread away from the line
};
constexpr std::array kFamilies{
    FamilyMix{Family::kIndirectFire, 0.55, 6000}, FamilyMix{Family::kSmallArms, 0.14, 1500},
    FamilyMix{Family::kAirStrike, 0.15, 40000},   FamilyMix{Family::kSighting, 0.10, 30000},
    FamilyMix{Family::kMaritime, 0.005, 0},       FamilyMix{Family::kOther, 0.055, 5000},
};

// Hotspots: places along the line that see several times the average
// activity (after the towns most reported in March 2025).
struct Hotspot {
  double lat, lon, weight;
};
constexpr std::array kHotspots{
    Hotspot{48.282, 37.176, 6.0},  // Pokrovsk
    Hotspot{48.399, 37.848, 4.0},  // Toretsk
    Hotspot{49.711, 37.615, 3.0},  // Kupiansk
    Hotspot{48.593, 37.857, 3.0},  // Chasiv Yar
    Hotspot{47.567, 35.786, 2.0},  // Orikhiv
    Hotspot{46.656, 32.618, 2.5},  // Kherson
};

// Odesa's approaches: where the rare maritime events happen.
constexpr double kSeaLat = 46.2, kSeaLon = 30.9;

const GeographicLib::Geodesic& Wgs84() {
  return GeographicLib::Geodesic::WGS84();
}

core::geo::LatLon Move(core::geo::LatLon from, double azimuth_deg, double distance_m) {
  core::geo::LatLon to{};
  Wgs84().Direct(from.lat, from.lon, azimuth_deg, distance_m, to.lat, to.lon);
  return to;
}

// Samples points on the line, weighted by segment length and nearness to
// hotspots.
class LineSampler {
 public:
  explicit LineSampler(const std::vector<core::geo::LatLon>& line) : line_(line) {
    double total = 0;
    for (size_t i = 0; i + 1 < line.size(); ++i) {
      double length = 0, azimuth = 0, back = 0;
      Wgs84().Inverse(line[i].lat, line[i].lon, line[i + 1].lat, line[i + 1].lon, length, azimuth,
                      back);
      double weight = 1;
      for (const auto& h : kHotspots) {
        double d = 0;
        Wgs84().Inverse(line[i].lat, line[i].lon, h.lat, h.lon, d);
        weight += h.weight * std::exp(-d / 15000.0);
      }
      total += length * weight;
      cumulative_.push_back(total);
      azimuths_.push_back(azimuth);
    }
  }

  // A point on the line and the line's direction there.
  std::pair<core::geo::LatLon, double> Sample(Random& random) const {
    double target = random.Uniform() * cumulative_.back();
    size_t i = static_cast<size_t>(
        std::lower_bound(cumulative_.begin(), cumulative_.end(), target) - cumulative_.begin());
    i = std::min(i, azimuths_.size() - 1);
    double length = 0, azimuth = 0, back = 0;
    Wgs84().Inverse(line_[i].lat, line_[i].lon, line_[i + 1].lat, line_[i + 1].lon, length, azimuth,
                    back);
    return {Move(line_[i], azimuth, random.Uniform() * length), azimuths_[i]};
  }

 private:
  const std::vector<core::geo::LatLon>& line_;
  std::vector<double> cumulative_;
  std::vector<double> azimuths_;
};

ReportKind KindFor(Family family, Random& random) {
  switch (family) {
    case Family::kIndirectFire:
      return random.Pick(std::array{ReportKind::kExplosion, ReportKind::kArtillery,
                                    ReportKind::kArtillery, ReportKind::kMortar, ReportKind::kMlrs,
                                    ReportKind::kTankFire});
    case Family::kSmallArms:
      return ReportKind::kSmallArms;
    case Family::kAirStrike:
      return random.Pick(std::array{ReportKind::kDroneStrike, ReportKind::kDroneStrike,
                                    ReportKind::kMissileStrike, ReportKind::kAirStrike});
    case Family::kMaritime:
      return ReportKind::kShippingAttack;
    case Family::kSighting:
      return ReportKind::kWeaponSighting;
    case Family::kOther:
      return ReportKind::kOther;
  }
  return ReportKind::kOther;
}

// A true event, before anyone reports it.
struct Event {
  int64_t number;
  Family family;
  ReportKind kind;
  core::UtcMicros time;
  core::geo::LatLon where;
  int64_t count;
  std::optional<core::WeaponClass> weapon_class;
  std::optional<core::TargetCategory> target;
};

struct Pending {
  core::UtcMicros arrival;
  uint64_t order;  // ties keep generation order
  SimulatedReport item;
  bool operator>(const Pending& other) const {
    return arrival != other.arrival ? arrival > other.arrival : order > other.order;
  }
};

class Generator {
 public:
  Generator(const ExerciseOptions& options, const std::function<void(const SimulatedReport&)>& emit)
      : options_(options), emit_(emit), random_(options.seed), sampler_(options.line) {
    for (const auto& profile : kProfiles)
      next_id_.push_back(std::vector<uint64_t>(static_cast<size_t>(profile.population), 0));
  }

  void Run() {
    const double day_us = 86400e6;
    const double end_us = static_cast<double>(options_.days) * day_us;
    // A thinned Poisson process: the diurnal rate peaks before dawn and at dusk.
    const double peak_rate_per_us = 1.6 * options_.events_per_day / day_us;
    double t_us = 0;
    int64_t number = 0;
    while (true) {
      t_us += random_.Exponential(1.0 / peak_rate_per_us);
      if (t_us >= end_us) break;
      double hour = std::fmod(t_us / 3.6e9, 24.0);
      double diurnal = 1.0 + 0.6 * std::cos((hour - 4.0) / 24.0 * 2 * std::numbers::pi) *
                                 std::cos((hour - 4.0) / 12.0 * 2 * std::numbers::pi);
      if (!random_.Chance(diurnal / 1.6)) continue;
      auto time = options_.start + microseconds(static_cast<int64_t>(t_us));
      ReleaseUntil(time);
      Report(MakeEvent(number++, time));
      if (random_.Chance(options_.false_report_share)) FalseReport(time);
    }
    ReleaseUntil(core::UtcMicros::max());
  }

 private:
  Event MakeEvent(int64_t number, core::UtcMicros time) {
    double pick = random_.Uniform(), acc = 0;
    FamilyMix mix = kFamilies.back();
    for (const auto& f : kFamilies) {
      acc += f.share;
      if (pick < acc) {
        mix = f;
        break;
      }
    }
    Event e{number, mix.family, KindFor(mix.family, random_), time, {}, 1, {}, {}};
    if (mix.family == Family::kMaritime) {
      e.where = Move({kSeaLat, kSeaLon}, random_.Uniform(120, 240), random_.Uniform(0, 60000));
      e.target = core::TargetCategory::kVessel;
    } else {
      auto [on_line, azimuth] = sampler_.Sample(random_);
      double side = random_.Chance(0.5) ? 90 : -90;
      double offset = std::fabs(random_.Normal()) * mix.offset_sigma_m;
      e.where = Move(on_line, azimuth + side, offset);
    }
    switch (mix.family) {
      case Family::kIndirectFire:
        e.count = 1 + static_cast<int64_t>(random_.Exponential(6));
        break;
      case Family::kSighting:
        e.count = 1 + static_cast<int64_t>(random_.Exponential(2));
        e.weapon_class = random_.Pick(std::array{
            core::WeaponClass::kArtilleryGe100, core::WeaponClass::kArtilleryGe100,
            core::WeaponClass::kMortarLe120, core::WeaponClass::kTank, core::WeaponClass::kMlrs,
            core::WeaponClass::kMlrsHeavy, core::WeaponClass::kAirDefence, core::WeaponClass::kUav,
            core::WeaponClass::kArtilleryLt100});
        break;
      case Family::kAirStrike:
        e.target = random_.Pick(
            std::array{core::TargetCategory::kResidential, core::TargetCategory::kResidential,
                       core::TargetCategory::kEnergy, core::TargetCategory::kMilitary});
        if (e.target == core::TargetCategory::kEnergy && !options_.energy_sites.empty()) {
          const auto& site = options_.energy_sites[random_.Index(options_.energy_sites.size())];
          e.where = Move(site, random_.Uniform(0, 360), random_.Uniform(0, 300));
        }
        break;
      default:
        break;
    }
    return e;
  }

  bool Watches(SourceKind kind, Family family) const {
    if (kind == SourceKind::kSensor) {
      return family == Family::kIndirectFire || family == Family::kAirStrike;
    }
    return true;
  }

  void Report(const Event& e) {
    bool reported = false;
    for (size_t p = 0; p < kProfiles.size(); ++p) {
      const auto& profile = kProfiles[p];
      if (!Watches(profile.kind, e.family) || !random_.Chance(profile.detect_probability)) continue;
      int reporters =
          profile.kind == SourceKind::kOsint ? 1 + static_cast<int>(random_.Exponential(0.7)) : 1;
      for (int k = 0; k < reporters; ++k) {
        Emit(e, p, /*wrong=*/profile.kind == SourceKind::kOsint && random_.Chance(0.05));
        reported = true;
      }
    }
    if (!reported) Emit(e, 1, false);  // someone always notices: a patrol
  }

  void Emit(const Event& e, size_t profile_index, bool wrong) {
    const auto& profile = kProfiles[profile_index];
    size_t who = random_.Index(static_cast<size_t>(profile.population));
    core::Report r;
    r.source = fmt::format("{}{:02}", profile.prefix, who + 1);
    r.id = fmt::format("r{:07}", ++next_id_[profile_index][who]);
    r.source_kind = profile.kind;
    r.kind = e.kind;
    r.count = e.count;
    r.weapon_class = e.weapon_class;
    r.target_category = e.target;
    double u = profile.position_uncertainty_m * random_.Uniform(0.6, 1.4);
    double tau = profile.time_uncertainty_s * random_.Uniform(0.5, 1.5);
    r.position_uncertainty_m = std::round(u);
    r.time_uncertainty_s = std::round(tau);
    // Errors are drawn so that the stated uncertainty covers about 95%.
    auto where = Move(e.where, random_.Uniform(0, 360), std::fabs(random_.Normal()) * u / 2.45);
    if (wrong) where = Move(e.where, random_.Uniform(0, 360), random_.Uniform(10000, 40000));
    r.lat = std::round(where.lat * 1e6) / 1e6;
    r.lon = std::round(where.lon * 1e6) / 1e6;
    auto error_us = static_cast<int64_t>(random_.Normal() * tau / 2.0 * 1e6);
    r.observed_at =
        core::UtcMicros(std::chrono::floor<std::chrono::seconds>(e.time + microseconds(error_us)));
    if (r.kind == ReportKind::kOther) r.text = "unclassified activity";
    auto delay =
        microseconds(static_cast<int64_t>(random_.Exponential(profile.delay_mean_s) * 1e6));
    Push(SimulatedReport{r, wrong ? -1 : e.number}, e.time + delay);
    // Sensors now and then deliver the same detection twice.
    if (profile.kind == SourceKind::kSensor && random_.Chance(0.02)) {
      Push(SimulatedReport{r, e.number}, e.time + delay + microseconds(2'000'000));
    }
  }

  void FalseReport(core::UtcMicros time) {
    Event fake = MakeEvent(-1, time);
    size_t p = 2;  // open sources
    const auto& profile = kProfiles[p];
    size_t who = random_.Index(static_cast<size_t>(profile.population));
    core::Report r;
    r.source = fmt::format("{}{:02}", profile.prefix, who + 1);
    r.id = fmt::format("r{:07}", ++next_id_[p][who]);
    r.source_kind = profile.kind;
    r.kind = fake.kind;
    r.weapon_class = fake.weapon_class;
    r.target_category = fake.target;
    r.count = fake.count;
    r.position_uncertainty_m = profile.position_uncertainty_m;
    r.time_uncertainty_s = profile.time_uncertainty_s;
    r.lat = std::round(fake.where.lat * 1e6) / 1e6;
    r.lon = std::round(fake.where.lon * 1e6) / 1e6;
    r.observed_at = core::UtcMicros(std::chrono::floor<std::chrono::seconds>(time));
    Push(
        SimulatedReport{r, -1},
        time + microseconds(static_cast<int64_t>(random_.Exponential(profile.delay_mean_s) * 1e6)));
  }

  void Push(SimulatedReport item, core::UtcMicros arrival) {
    pending_.push(Pending{arrival, order_++, std::move(item)});
  }

  void ReleaseUntil(core::UtcMicros now) {
    while (!pending_.empty() && pending_.top().arrival <= now) {
      emit_(pending_.top().item);
      pending_.pop();
    }
  }

  const ExerciseOptions& options_;
  const std::function<void(const SimulatedReport&)>& emit_;
  Random random_;
  LineSampler sampler_;
  std::vector<std::vector<uint64_t>> next_id_;
  std::priority_queue<Pending, std::vector<Pending>, std::greater<>> pending_;
  uint64_t order_ = 0;
};

}  // namespace

core::Status GenerateExercise(const ExerciseOptions& options,
                              const std::function<void(const SimulatedReport&)>& emit) {
  if (options.line.size() < 2) {
    return core::Status(core::ErrorCode::kInvalidArgument,
                        "the exercise needs a line of contact of at least two points");
  }
  if (options.days <= 0 || !(options.events_per_day > 0)) {
    return core::Status(core::ErrorCode::kInvalidArgument,
                        "the exercise needs a positive number of days and events per day");
  }
  Generator(options, emit).Run();
  return core::Status::Ok();
}

}  // namespace truceline::sim
