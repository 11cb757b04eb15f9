// Incidents against the clauses in force: the compiled agreement and the
// per-rule tests.

#include "rules/evaluator.hpp"

#include <algorithm>
#include <limits>
#include <optional>

#include "core/spatial_index.hpp"
#include "rules/line_index.hpp"

namespace truceline::rules {
namespace {

using core::geo::kNoIndex;
using core::geo::LatLon;

constexpr uint32_t Bit(auto v) {
  return 1u << static_cast<unsigned>(v);
}

// What a clause needs at evaluation, resolved once.
struct CompiledClause {
  const Clause* clause = nullptr;
  std::size_t line = kNoIndex;  // index into Impl::lines
  std::size_t zone = kNoIndex;  // index into Agreement::zones (and the zone index)
  double limit_m = 0;           // within_km, min_km or radius_m, in metres
  // protected_target with assets: the assets of a listed category.
  std::optional<core::geo::PointIndex> assets;
  std::vector<const Asset*> asset_of;  // point id -> asset
  const AssetSet* asset_set = nullptr;
};

// What has been measured for one incident, so each line and the zones are
// measured at most once whatever the number of clauses using them.
struct Measurements {
  explicit Measurements(std::size_t lines) : line(lines) {}
  std::vector<std::optional<core::geo::LineDistance>> line;
  std::optional<std::vector<std::size_t>> zones;  // ids of the zones holding the point
};

}  // namespace

struct Evaluator::Impl {
  Agreement agreement;
  std::vector<detail::LineIndex> lines;  // parallel to agreement.lines
  core::geo::PolygonIndex zones;         // ids = indexes of agreement.zones
  std::vector<CompiledClause> clauses;   // parallel to agreement.clauses

  static std::vector<core::geo::MultiPolygon> ZoneAreas(const Agreement& a) {
    std::vector<core::geo::MultiPolygon> out;
    for (const AgreementZone& z : a.zones)
      out.push_back(z.area);
    return out;
  }

  explicit Impl(Agreement a) : agreement(std::move(a)), zones(ZoneAreas(agreement)) {
    // Each line's grid reaches as far as its largest limit, plus 1 km so
    // that a point outside the grid is decided without a geodesic.
    std::vector<double> reach(agreement.lines.size(), 0);
    auto index_of = [](const auto& items, const std::string& name) {
      for (std::size_t i = 0; i < items.size(); ++i) {
        if (items[i].name == name) return i;
      }
      return kNoIndex;
    };
    for (const Clause& c : agreement.clauses) {
      CompiledClause cc;
      cc.clause = &c;
      if (!c.line.empty()) cc.line = index_of(agreement.lines, c.line);
      if (!c.zone.empty()) cc.zone = index_of(agreement.zones, c.zone);
      if (c.within_km) cc.limit_m = *c.within_km * 1000;
      if (c.min_km) cc.limit_m = *c.min_km * 1000;
      if (c.radius_m) cc.limit_m = *c.radius_m;
      if (cc.line != kNoIndex) reach[cc.line] = std::max(reach[cc.line], cc.limit_m);
      if (c.rule == RuleType::kProtectedTarget && !c.assets.empty()) {
        cc.asset_set = agreement.FindAssetSet(c.assets);
        std::vector<LatLon> points;
        if (cc.asset_set != nullptr) {
          for (const Asset& asset : cc.asset_set->assets) {
            const bool listed = std::any_of(c.target_categories.begin(), c.target_categories.end(),
                                            [&](core::TargetCategory t) {
                                              return core::TargetCategoryName(t) == asset.category;
                                            });
            if (!listed) continue;
            points.push_back(asset.position);
            cc.asset_of.push_back(&asset);
          }
        }
        cc.assets.emplace(std::move(points));
      }
      // A clause naming a line or zone the agreement lacks (possible only for
      // an agreement that did not come from ParseAgreement) never applies.
      const bool unresolved =
          (!c.line.empty() && cc.line == kNoIndex) || (!c.zone.empty() && cc.zone == kNoIndex) ||
          (c.rule == RuleType::kWithdrawal && cc.line == kNoIndex) ||
          ((c.rule == RuleType::kZoneProhibition || c.rule == RuleType::kNoFlight) &&
           cc.zone == kNoIndex);
      if (!unresolved) clauses.push_back(std::move(cc));
    }
    lines.reserve(agreement.lines.size());
    for (std::size_t i = 0; i < agreement.lines.size(); ++i)
      lines.emplace_back(agreement.lines[i].parts, reach[i] + 1000);
  }

  const core::geo::LineDistance& LineDistance(Measurements& m, std::size_t line, LatLon p) const {
    if (!m.line[line]) m.line[line] = lines[line].Distance(p);
    return *m.line[line];
  }

  bool InZone(Measurements& m, std::size_t zone, LatLon p) const {
    if (!m.zones) m.zones = zones.Containing(p);
    return std::binary_search(m.zones->begin(), m.zones->end(), zone);
  }

  // The line evidence of a clause (distance, name, limit) and, for a
  // sighting, its side.
  void LineEvidence(const core::Incident& incident, const CompiledClause& cc,
                    const core::geo::LineDistance& d, LatLon p, Evidence& e) const {
    const AgreementLine& line = agreement.lines[cc.line];
    e.line_distance_m = d.distance_m;
    e.line = line.name;
    e.limit_m = cc.limit_m;
    if (incident.summary.family == core::Family::kSighting && !line.left_side.empty()) {
      const int side = lines[cc.line].Side(p, d);
      if (side > 0) e.side_of_line = line.right_side;
      if (side < 0) e.side_of_line = line.left_side;
    }
  }

  // Whether `incident` breaks clause `cc`, filling `e` when it does.
  bool Breaks(const core::Incident& incident, const CompiledClause& cc, Measurements& m,
              Evidence& e) const {
    const core::IncidentSummary& s = incident.summary;
    const Clause& c = *cc.clause;
    const LatLon p{s.lat, s.lon};
    const uint32_t family = Bit(s.family);
    switch (c.rule) {
      case RuleType::kNoFire: {
        if (!(c.family_mask & family)) return false;
        if (cc.zone != kNoIndex && !InZone(m, cc.zone, p)) return false;
        if (cc.line != kNoIndex) {
          if (lines[cc.line].LowerBoundM(p) > cc.limit_m) return false;
          const core::geo::LineDistance& d = LineDistance(m, cc.line, p);
          if (!(d.distance_m <= cc.limit_m)) return false;
          LineEvidence(incident, cc, d, p, e);
        }
        if (cc.zone != kNoIndex) e.zone = agreement.zones[cc.zone].name;
        return true;
      }
      case RuleType::kWithdrawal: {
        if (s.family != core::Family::kSighting) return false;
        if (!(c.weapon_class_mask & s.weapon_classes)) return false;
        if (lines[cc.line].LowerBoundM(p) >= cc.limit_m) return false;
        const core::geo::LineDistance& d = LineDistance(m, cc.line, p);
        if (!(d.distance_m < cc.limit_m)) return false;
        LineEvidence(incident, cc, d, p, e);
        for (core::WeaponClass w : c.weapon_classes) {
          if (s.Saw(w)) {
            e.weapon_class = w;
            break;
          }
        }
        return true;
      }
      case RuleType::kProtectedTarget: {
        if (c.family_mask != 0 && !(c.family_mask & family)) return false;
        bool broken = false;
        for (core::TargetCategory t : c.target_categories) {
          if (s.Named(t)) {
            e.target_category = t;
            broken = true;
            break;
          }
        }
        if (cc.assets) {
          double best = std::numeric_limits<double>::infinity();
          std::size_t best_id = kNoIndex;
          for (std::size_t id : cc.assets->WithinRadius(p, cc.limit_m)) {
            const double d = core::geo::DistanceM(p, cc.assets->point(id));
            if (d < best) {
              best = d;
              best_id = id;
            }
          }
          if (best_id != kNoIndex) {
            e.asset_set = cc.asset_set->name;
            e.asset_name = cc.asset_of[best_id]->name;
            e.asset_distance_m = best;
            e.limit_m = cc.limit_m;
            broken = true;
          }
        }
        return broken;
      }
      case RuleType::kZoneProhibition:
        if (!(c.family_mask & family) || !InZone(m, cc.zone, p)) return false;
        e.zone = agreement.zones[cc.zone].name;
        return true;
      case RuleType::kNoFlight: {
        const bool air = s.family == core::Family::kAirStrike;
        const bool uav = s.family == core::Family::kSighting && s.Saw(core::WeaponClass::kUav);
        if (!(air || uav) || !InZone(m, cc.zone, p)) return false;
        e.zone = agreement.zones[cc.zone].name;
        if (uav) e.weapon_class = core::WeaponClass::kUav;
        return true;
      }
    }
    return false;
  }
};

Evaluator::Evaluator(Agreement agreement)
    : impl_(std::make_shared<const Impl>(std::move(agreement))) {}

const Agreement& Evaluator::agreement() const {
  return impl_->agreement;
}

void Evaluator::Evaluate(const core::Incident& incident, std::vector<Violation>& out) const {
  const Impl& impl = *impl_;
  Measurements m(impl.lines.size());
  const core::UtcMicros t = incident.summary.first_at;
  for (const CompiledClause& cc : impl.clauses) {
    if (!InForce(impl.agreement, *cc.clause, t)) continue;
    Evidence e;
    if (!impl.Breaks(incident, cc, m, e)) continue;
    Violation v;
    v.incident_id = incident.id;
    v.clause_id = cc.clause->id;
    v.rule = cc.clause->rule;
    v.incident_status = incident.Status();
    v.evidence = std::move(e);
    out.push_back(std::move(v));
  }
}

std::vector<Violation> Evaluator::Evaluate(const core::Incident& incident) const {
  std::vector<Violation> out;
  Evaluate(incident, out);
  return out;
}

std::vector<Violation> Evaluator::EvaluateAll(std::span<const core::Incident> incidents) const {
  std::vector<std::size_t> order(incidents.size());
  for (std::size_t i = 0; i < order.size(); ++i)
    order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return incidents[a].id < incidents[b].id; });
  std::vector<Violation> out;
  for (std::size_t i : order)
    Evaluate(incidents[i], out);
  return out;
}

}  // namespace truceline::rules
