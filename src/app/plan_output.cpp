// plan.json and plan.geojson of a solved deployment scenario.

#include <cmath>
#include <map>
#include <numbers>

#include "app/plan_file.hpp"

namespace truceline::app {

namespace {

using nlohmann::json;

json Point(core::geo::LatLon p) {
  return {{"type", "Point"}, {"coordinates", {p.lon, p.lat}}};
}

json Feature(json geometry, json properties) {
  return {{"type", "Feature"},
          {"geometry", std::move(geometry)},
          {"properties", std::move(properties)}};
}

// A coverage circle for display: 64 vertices on the sphere (mean radius),
// counter-clockwise as RFC 7946 asks. Not used in any computation.
json Circle(core::geo::LatLon c, double radius_km) {
  constexpr double kEarthKm = 6371.0088;
  const double d = radius_km / kEarthKm;
  const double lat1 = c.lat * std::numbers::pi / 180, lon1 = c.lon * std::numbers::pi / 180;
  json ring = json::array();
  for (int i = 0; i <= 64; ++i) {
    // Bearing decreasing from north: east first would be clockwise.
    const double b = -2 * std::numbers::pi * (i % 64) / 64;
    const double lat2 =
        std::asin(std::sin(lat1) * std::cos(d) + std::cos(lat1) * std::sin(d) * std::cos(b));
    const double lon2 = lon1 + std::atan2(std::sin(b) * std::sin(d) * std::cos(lat1),
                                          std::cos(d) - std::sin(lat1) * std::sin(lat2));
    ring.push_back({std::round(lon2 * 180 / std::numbers::pi * 1e5) / 1e5,
                    std::round(lat2 * 180 / std::numbers::pi * 1e5) / 1e5});
  }
  return {{"type", "Polygon"}, {"coordinates", {ring}}};
}

double Round(double v, double scale = 1000) {
  return std::round(v * scale) / scale;
}

}  // namespace

json PlanJson(const PlanScenario& sc, const plan::DeploymentPlan& plan,
              const plan::Sustainment& sustainment) {
  const plan::DeploymentProblem& p = sc.problem;
  json doc;
  doc["format"] = "truceline-plan/1";
  doc["scenario"] = {{"id", sc.id},
                     {"title", sc.title},
                     {"option", sc.option},
                     {"citations", sc.citations},
                     {"registry", sc.registry_id}};
  doc["objective"] = Round(plan.objective, 1e6);
  doc["bound"] = Round(plan.bound, 1e6);
  doc["gap"] = Round(plan.gap, 1e9);
  doc["proven_optimal"] = plan.proven_optimal;
  doc["seconds"] = Round(plan.seconds);
  doc["first_feasible_seconds"] = Round(plan.first_feasible_seconds);
  doc["method"] = plan.method;
  doc["heuristic_objective"] = Round(plan.heuristic_objective, 1e6);
  doc["rechecked"] = {{"feasible", plan.evaluation.feasible()},
                      {"objective", Round(plan.evaluation.objective, 1e6)}};
  doc["standoff_km"] = p.standoff_km;
  doc["double_cover_bonus"] = p.double_cover_bonus;
  doc["candidate_sites"] = p.sites.size();

  json assignments = json::array();
  for (size_t k = 0; k < p.contingents.size(); ++k) {
    const plan::Contingent& c = p.contingents[k];
    const plan::DeploymentSite& s = p.sites[plan.site_of[k]];
    json covered = json::array();
    for (const plan::ProtectedAsset& a : p.assets) {
      if (core::geo::DistanceM(s.position, a.position) <= c.radius_km * 1000)
        covered.push_back(a.id);
    }
    json caveats = json::object();
    if (!c.caveats.allowed_oblasts.empty()) caveats["oblasts"] = c.caveats.allowed_oblasts;
    if (c.caveats.min_line_km) caveats["min_line_km"] = *c.caveats.min_line_km;
    if (c.caveats.max_hub_km) caveats["max_hub_km"] = *c.caveats.max_hub_km;
    assignments.push_back({{"contingent", c.id},
                           {"nation", c.nation},
                           {"troops", c.troops},
                           {"radius_km", c.radius_km},
                           {"site", s.id},
                           {"site_name", s.name},
                           {"oblast", s.oblast},
                           {"lat", s.position.lat},
                           {"lon", s.position.lon},
                           {"caveats", caveats},
                           {"assets_covered", covered}});
  }
  doc["assignments"] = assignments;

  std::map<std::string, std::array<double, 4>> by_cat;  // count, covered, weight, covered weight
  json uncovered = json::array();
  for (size_t a = 0; a < p.assets.size(); ++a) {
    const plan::ProtectedAsset& asset = p.assets[a];
    auto& row = by_cat[asset.category];
    const bool cov = plan.evaluation.cover_count[a] > 0;
    row[0] += 1;
    row[2] += asset.weight;
    if (cov) {
      row[1] += 1;
      row[3] += asset.weight;
    } else {
      uncovered.push_back(
          {{"id", asset.id}, {"category", asset.category}, {"weight", Round(asset.weight)}});
    }
  }
  json coverage = json::object();
  for (const auto& [cat, row] : by_cat) {
    coverage[cat] = {{"assets", static_cast<int>(row[0])},
                     {"covered", static_cast<int>(row[1])},
                     {"weight", Round(row[2])},
                     {"covered_weight", Round(row[3])},
                     {"covered_weight_share", Round(row[2] > 0 ? row[3] / row[2] : 0, 1e4)}};
  }
  doc["coverage_by_category"] = coverage;
  doc["uncovered_assets"] = uncovered;
  doc["assets_beyond_the_line"] = sc.excluded_beyond_line;

  json caveats = json::array();
  for (size_t k = 0; k < p.contingents.size(); ++k) {
    for (const std::string& line : sc.caveats_applied[k]) {
      caveats.push_back({{"contingent", p.contingents[k].id}, {"applied", line}});
    }
  }
  doc["caveats_applied"] = caveats;
  doc["registry_positions"] = sc.registry_notes;

  json nations = json::array();
  for (const plan::NationSustainment& n : sustainment.nations) {
    json row = {{"nation", n.deployment.nation},
                {"contingents", n.deployment.contingents},
                {"deployed", n.deployment.deployed},
                {"committed", n.committed},
                {"against_pledge", n.against_pledge}};
    if (!n.deployment.pledged_as_reported.empty()) {
      row["pledge_as_reported"] = n.deployment.pledged_as_reported;
    }
    if (n.deployment.pledged_min) row["pledged_min"] = *n.deployment.pledged_min;
    if (n.deployment.pledged_max) row["pledged_max"] = *n.deployment.pledged_max;
    if (n.shortfall) row["above_pledge"] = *n.shortfall;
    nations.push_back(row);
  }
  json timeline = json::array();
  for (const plan::RotationPeriod& r : sustainment.timeline) {
    timeline.push_back({{"tour", r.index + 1},
                        {"start_month", r.start_month},
                        {"end_month", r.end_month},
                        {"deployed_line", r.deployed_line},
                        {"preparing_line", r.preparing_line},
                        {"recovering_line", r.recovering_line},
                        {"troops_deployed", r.troops_deployed}});
  }
  doc["sustainment"] = {{"rule",
                         {{"lines", sustainment.rule.lines},
                          {"tour_months", sustainment.rule.tour_months},
                          {"horizon_months", sustainment.rule.horizon_months}}},
                        {"deployed", sustainment.deployed_total},
                        {"committed", sustainment.committed_total},
                        {"rotations", sustainment.rotations},
                        {"by_nation", nations},
                        {"timeline", timeline}};
  doc["assumptions"] = sc.assumptions;
  return doc;
}

std::string PlanGeoJson(const PlanScenario& sc, const plan::DeploymentPlan& plan) {
  const plan::DeploymentProblem& p = sc.problem;
  json features = json::array();
  json line = json::array();
  for (const core::geo::LatLon& v : p.line)
    line.push_back({v.lon, v.lat});
  features.push_back(Feature({{"type", "LineString"}, {"coordinates", line}},
                             {{"layer", "line_of_contact"}, {"approximate", true}}));
  for (const plan::LogisticsHub& h : p.hubs) {
    features.push_back(
        Feature(Point(h.position), {{"layer", "hub"}, {"name", h.name}, {"country", h.country}}));
  }
  std::vector<int> load(p.sites.size(), 0);
  for (size_t k = 0; k < p.contingents.size(); ++k)
    load[plan.site_of[k]] += p.contingents[k].troops;
  for (size_t s = 0; s < p.sites.size(); ++s) {
    const plan::DeploymentSite& site = p.sites[s];
    features.push_back(Feature(Point(site.position), {{"layer", "site"},
                                                      {"id", site.id},
                                                      {"name", site.name},
                                                      {"kind", site.kind},
                                                      {"oblast", site.oblast},
                                                      {"capacity_troops", site.capacity_troops},
                                                      {"troops_placed", load[s]}}));
  }
  for (size_t k = 0; k < p.contingents.size(); ++k) {
    const plan::Contingent& c = p.contingents[k];
    const plan::DeploymentSite& site = p.sites[plan.site_of[k]];
    json props = {{"layer", "assignment"}, {"contingent", c.id}, {"nation", c.nation},
                  {"troops", c.troops},    {"site", site.id},    {"radius_km", c.radius_km}};
    features.push_back(Feature(Point(site.position), props));
    props["layer"] = "coverage";
    features.push_back(Feature(Circle(site.position, c.radius_km), props));
  }
  for (size_t a = 0; a < p.assets.size(); ++a) {
    const plan::ProtectedAsset& asset = p.assets[a];
    features.push_back(
        Feature(Point(asset.position), {{"layer", "asset"},
                                        {"id", asset.id},
                                        {"name", asset.name},
                                        {"category", asset.category},
                                        {"weight", Round(asset.weight)},
                                        {"covered_by", plan.evaluation.cover_count[a]},
                                        {"covered", plan.evaluation.cover_count[a] > 0}}));
  }
  json doc = {{"type", "FeatureCollection"}, {"features", features}};
  return doc.dump() + "\n";
}

}  // namespace truceline::app
