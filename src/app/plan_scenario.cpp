// LoadPlanScenario: a deployment scenario document, checked against the
// coalition registry, turned into a plan::DeploymentProblem from the bundled
// towns, airports, ports, power plants, hubs and line of contact.

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "app/input_file.hpp"
#include "app/plan_file.hpp"
#include "app/plan_service.hpp"
#include "app/reference_data.hpp"
#include "app/registry_service.hpp"

namespace truceline::app {

namespace {

using core::ErrorCode;
using core::Result;
using core::Status;
using nlohmann::json;
namespace geo = core::geo;

Status Bad(const std::string& file, const std::string& path, const std::string& reason) {
  return Status(ErrorCode::kInvalidRecord, fmt::format("{}: {}: {}", file, path, reason));
}

// A number member (or `fallback` when absent). Errors name the path.
Result<double> Number(const std::string& file, const json& object, const std::string& path,
                      const char* key, double fallback) {
  if (!object.contains(key) || object[key].is_null()) return fallback;
  if (!object[key].is_number()) {
    return Bad(file, path + "." + key, "must be a number");
  }
  return object[key].get<double>();
}

// A string member (or `fallback` when absent or null).
Result<std::string> Text(const std::string& file, const json& object, const std::string& path,
                         const char* key, const std::string& fallback) {
  if (!object.contains(key) || object[key].is_null()) return fallback;
  if (!object[key].is_string()) return Bad(file, path + "." + key, "must be a string");
  return object[key].get<std::string>();
}

// An object member ({} when absent or null).
Result<json> Object(const std::string& file, const json& object, const std::string& path,
                    const char* key) {
  if (!object.contains(key) || object[key].is_null()) return json::object();
  if (!object[key].is_object()) return Bad(file, path + "." + key, "must be an object");
  return object[key];
}

Result<std::vector<std::string>> Strings(const std::string& file, const json& object,
                                         const std::string& path, const char* key) {
  std::vector<std::string> out;
  if (!object.contains(key)) return out;
  if (!object[key].is_array()) return Bad(file, path + "." + key, "must be an array of strings");
  for (const json& item : object[key]) {
    if (!item.is_string()) return Bad(file, path + "." + key, "must be an array of strings");
    out.push_back(item.get<std::string>());
  }
  return out;
}

// The first LineString of a bundled GeoJSON FeatureCollection.
Result<geo::LineString> LoadBundledLine(const std::string& name) {
  const std::string path = DataDirectory() + "/" + name;
  auto text = ReadInputFile(path);
  if (!text.ok()) return text.status();
  json doc = json::parse(*text, nullptr, false);
  geo::LineString line;
  if (!doc.is_discarded() && doc.contains("features") && !doc["features"].empty()) {
    const json& g = doc["features"][0]["geometry"];
    if (g.is_object() && g.value("type", "") == "LineString" && g.contains("coordinates") &&
        g["coordinates"].is_array()) {
      for (const json& p : g["coordinates"])
        line.push_back({p[1].get<double>(), p[0].get<double>()});
    }
  }
  if (line.empty()) {
    return Status(ErrorCode::kParseError, fmt::format("{}: no LineString feature", path));
  }
  return line;
}

// The side of the line of contact that is beyond it (occupied): the area
// enclosed by the line, from its northern end at the Russian border to the
// Dnipro mouth, and a closure east of it (south past Crimea's western
// tip at 32.4 E, east beyond Luhansk, north to the border). An assumption
// for the bundled approximate line, stated in every plan's assumptions.
geo::Polygon BeyondTheLine(const geo::LineString& line) {
  geo::Polygon area;
  area.outer = line;
  const geo::LatLon north = line.front();
  const geo::LatLon south = line.back();
  area.outer.push_back({43.5, south.lon});
  area.outer.push_back({43.5, 42.0});
  area.outer.push_back({52.0, 42.0});
  area.outer.push_back({52.0, north.lon});
  area.outer.push_back(north);
  return area;
}

std::string OblastOf(const std::vector<Oblast>& oblasts, geo::LatLon p) {
  for (const Oblast& o : oblasts) {
    if (geo::Contains(o.area, p)) return o.name;
  }
  return "";
}

struct ConditionEffect {
  std::vector<std::string> caveats;
  std::vector<std::string> preconditions;
};

}  // namespace

Result<PlanScenario> LoadPlanScenario(const std::string& path, const std::string& registry_file) {
  auto text = ReadInputFile(path);
  if (!text.ok()) return text.status();
  json doc = json::parse(*text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    return Status(ErrorCode::kParseError, fmt::format("{}: not a JSON object", path));
  }
  auto reg = LoadRegistry({"", registry_file.empty() ? BundledRegistryPath() : registry_file});
  if (!reg.ok()) return reg.status();
  return PlanScenarioFromDocument(doc, path, *reg);
}

Result<PlanScenario> PlanScenarioFromDocument(const json& doc, const std::string& path,
                                              const registry::Registry& reg,
                                              const ScenarioEdits& edits) {
  if (!doc.is_object()) {
    return Status(ErrorCode::kParseError, fmt::format("{}: not a JSON object", path));
  }
  auto format = Text(path, doc, "$", "format", "");
  if (!format.ok() || *format != "truceline-scenario/1") {
    return Bad(path, "$.format", "must be \"truceline-scenario/1\"");
  }
  PlanScenario sc;
  auto scenario_id = Text(path, doc, "$", "id", "");
  auto title = Text(path, doc, "$", "title", "");
  auto option = Text(path, doc, "$", "option", "");
  for (auto* r : {&scenario_id, &title, &option}) {
    if (!r->ok()) return r->status();
  }
  sc.id = *scenario_id;
  if (sc.id.empty() || sc.id.find_first_of("/\\. ") != std::string::npos) {
    return Bad(path, "$.id", "must be a non-empty name without '/', '\\', '.' or spaces");
  }
  sc.title = title->empty() ? sc.id : *title;
  sc.option = *option;
  sc.citations = json::array();
  if (doc.contains("citations")) {
    if (!doc["citations"].is_array()) return Bad(path, "$.citations", "must be an array");
    sc.citations = doc["citations"];
  }
  auto assumptions = Strings(path, doc, "$", "assumptions");
  if (!assumptions.ok()) return assumptions.status();
  sc.assumptions = *assumptions;

  // Registry.
  sc.registry_id = reg.id;
  auto reg_opts = Object(path, doc, "$", "registry");
  if (!reg_opts.ok()) return reg_opts.status();
  auto as_of_text = Text(path, *reg_opts, "$.registry", "as_of", "");
  auto scope_text = Text(path, *reg_opts, "$.registry", "scope", "post_ceasefire_force");
  for (auto* r : {&as_of_text, &scope_text}) {
    if (!r->ok()) return r->status();
  }
  std::optional<std::string> as_of;
  if (!as_of_text->empty()) as_of = *as_of_text;
  const std::string scope = *scope_text;
  auto date = ResolveAsOf(reg, as_of);
  if (!date.ok()) return Bad(path, "$.registry.as_of", date.status().message());

  // Problem-wide settings.
  plan::DeploymentProblem& p = sc.problem;
  auto standoff = Number(path, doc, "$", "standoff_km", 30);
  auto radius = Number(path, doc, "$", "radius_km", 100);
  auto bonus = Number(path, doc, "$", "double_cover_bonus", 0);
  auto no_combat_km = Number(path, doc, "$", "no_combat_role_min_line_km", 100);
  for (auto* r : {&standoff, &radius, &bonus, &no_combat_km}) {
    if (!r->ok()) return r->status();
  }
  p.standoff_km = *standoff;
  p.double_cover_bonus = *bonus;
  if (*standoff < 0) return Bad(path, "$.standoff_km", fmt::format("{} is negative", *standoff));
  if (*radius < 0) return Bad(path, "$.radius_km", fmt::format("{} is negative", *radius));

  if (edits.line) {
    p.line = *edits.line;
  } else {
    auto line = LoadLineOfContact();
    if (!line.ok()) return line.status();
    p.line = *line;
  }
  if (edits.line_shift_km != 0) p.line = ShiftLine(p.line, edits.line_shift_km);
  const geo::Polygon beyond = BeyondTheLine(p.line);
  auto oblasts = LoadOblasts();
  if (!oblasts.ok()) return oblasts.status();
  auto towns = LoadTowns();
  if (!towns.ok()) return towns.status();

  // Sites.
  auto sites_member = Object(path, doc, "$", "sites");
  if (!sites_member.ok()) return sites_member.status();
  const json& sites = *sites_member;
  auto min_pop = Number(path, sites, "$.sites", "towns_min_population", 100000);
  auto per_1000 = Number(path, sites, "$.sites", "troops_per_1000_inhabitants", 10);
  auto cap_min = Number(path, sites, "$.sites", "capacity_min", 1000);
  auto cap_max = Number(path, sites, "$.sites", "capacity_max", 8000);
  auto airport_cap = Number(path, sites, "$.sites", "airport_capacity", 3000);
  auto near_dnipro = Number(path, sites, "$.sites", "within_km_of_dnipro", -1);
  for (auto* r : {&min_pop, &per_1000, &cap_min, &cap_max, &airport_cap, &near_dnipro}) {
    if (!r->ok()) return r->status();
  }
  auto site_oblasts = Strings(path, sites, "$.sites", "oblasts");
  if (!site_oblasts.ok()) return site_oblasts.status();
  std::optional<geo::PreparedLine> dnipro;
  if (*near_dnipro >= 0) {
    auto river = LoadBundledLine("dnipro.geojson");
    if (!river.ok()) return river.status();
    dnipro.emplace(*river);
  }
  auto site_ok = [&](geo::LatLon position, const std::string& oblast) {
    if (oblast.empty() || geo::Contains(beyond, position)) return false;
    if (!site_oblasts->empty() &&
        std::find(site_oblasts->begin(), site_oblasts->end(), oblast) == site_oblasts->end()) {
      return false;
    }
    if (dnipro && dnipro->Distance(position).distance_m > *near_dnipro * 1000) return false;
    return true;
  };
  for (const Town& t : *towns) {
    if (static_cast<double>(t.population) < *min_pop || !site_ok(t.position, t.oblast)) continue;
    int cap = static_cast<int>(
        std::clamp(std::round(static_cast<double>(t.population) / 1000 * *per_1000 / 100) * 100,
                   *cap_min, *cap_max));
    p.sites.push_back({"town:" + t.name, t.name, "town", t.oblast, t.position, cap});
  }
  if (sites.contains("airports") && !sites["airports"].is_boolean()) {
    return Bad(path, "$.sites.airports", "must be true or false");
  }
  if (!sites.contains("airports") || sites["airports"].get<bool>()) {
    auto airports = LoadAssets("airports");
    if (!airports.ok()) return airports.status();
    for (const Asset& a : *airports) {
      std::string oblast = OblastOf(*oblasts, a.position);
      if (!site_ok(a.position, oblast)) continue;
      p.sites.push_back({"airport:" + a.name, a.name, "airport", oblast, a.position,
                         static_cast<int>(*airport_cap)});
    }
  }
  if (sites.contains("capacity_overrides") && !sites["capacity_overrides"].is_object()) {
    return Bad(path, "$.sites.capacity_overrides", "must be an object of site id -> troops");
  }
  if (sites.contains("capacity_overrides")) {
    for (const auto& [id, value] : sites["capacity_overrides"].items()) {
      auto it = std::find_if(p.sites.begin(), p.sites.end(),
                             [&](const plan::DeploymentSite& s) { return s.id == id; });
      if (it == p.sites.end()) {
        return Bad(path, "$.sites.capacity_overrides." + id, "no such candidate site");
      }
      if (!value.is_number_integer() || value.get<int>() < 0) {
        return Bad(path, "$.sites.capacity_overrides." + id, "must be a whole number >= 0");
      }
      it->capacity_troops = value.get<int>();
    }
  }

  // Assets.
  auto assets_member = Object(path, doc, "$", "assets");
  if (!assets_member.ok()) return assets_member.status();
  const json& assets = *assets_member;
  auto weights_member = Object(path, assets, "$.assets", "weights");
  if (!weights_member.ok()) return weights_member.status();
  const json& weights = *weights_member;
  auto city_min = Number(path, assets, "$.assets", "cities_min_population", 200000);
  auto w_city = Number(path, weights, "$.assets.weights", "city_per_100k", 1);
  auto w_port = Number(path, weights, "$.assets.weights", "port", 3);
  auto w_energy = Number(path, weights, "$.assets.weights", "energy", 2);
  auto w_nuclear = Number(path, weights, "$.assets.weights", "nuclear", 5);
  auto w_airport = Number(path, weights, "$.assets.weights", "airport", 1);
  for (auto* r : {&city_min, &w_city, &w_port, &w_energy, &w_nuclear, &w_airport}) {
    if (!r->ok()) return r->status();
    if (**r < 0) return Bad(path, "$.assets", fmt::format("a weight of {} is negative", **r));
  }
  auto add_asset = [&](std::string id, std::string name, std::string category, geo::LatLon pos,
                       double weight) {
    if (geo::Contains(beyond, pos)) {
      sc.excluded_beyond_line.push_back(id);
      return;
    }
    if (weight > 0)
      p.assets.push_back({std::move(id), std::move(name), std::move(category), pos, weight});
  };
  for (const Town& t : *towns) {
    if (static_cast<double>(t.population) >= *city_min) {
      add_asset("city:" + t.name, t.name, "city", t.position,
                *w_city * static_cast<double>(t.population) / 100000);
    }
  }
  for (const char* table : {"ports", "power_plants", "airports"}) {
    auto rows = LoadAssets(table);
    if (!rows.ok()) return rows.status();
    for (const Asset& a : *rows) {
      double w = a.category == "port" ? *w_port
                 : a.category == "energy"
                     ? (a.name.find("NPP") != std::string::npos ? *w_nuclear : *w_energy)
                     : *w_airport;
      add_asset(a.category + ":" + a.name, a.name, a.category, a.position, w);
    }
  }

  // Hubs.
  auto hub_names = Strings(path, doc, "$", "hubs");
  if (!hub_names.ok()) return hub_names.status();
  auto hubs = LoadAssets("logistics_hubs");
  if (!hubs.ok()) return hubs.status();
  for (const Asset& h : *hubs) {
    if (hub_names->empty() ||
        std::find(hub_names->begin(), hub_names->end(), h.name) != hub_names->end()) {
      p.hubs.push_back({h.name, h.country, h.position});
    }
  }
  for (const std::string& name : *hub_names) {
    if (std::none_of(p.hubs.begin(), p.hubs.end(),
                     [&](const plan::LogisticsHub& h) { return h.name == name; })) {
      return Bad(path, "$.hubs", fmt::format("'{}' is not a bundled logistics hub", name));
    }
  }

  // Contingents, checked against the registry.
  if (!doc.contains("contingents") || !doc["contingents"].is_array() ||
      doc["contingents"].empty()) {
    return Bad(path, "$.contingents", "must be a non-empty array");
  }
  std::map<std::string, size_t> nation_index;
  auto rotation_member = Object(path, doc, "$", "rotation");
  if (!rotation_member.ok()) return rotation_member.status();
  const json& rotation = *rotation_member;
  auto lines = Number(path, rotation, "$.rotation", "lines", 3);
  auto tour = Number(path, rotation, "$.rotation", "tour_months", 6);
  auto horizon = Number(path, rotation, "$.rotation", "horizon_months", 24);
  for (auto* r : {&lines, &tour, &horizon}) {
    if (!r->ok()) return r->status();
  }
  sc.rotation = {static_cast<int>(*lines), static_cast<int>(*tour), static_cast<int>(*horizon)};
  // What-if: the nations left out, as registry codes (alpha-2).
  std::map<std::string, size_t> removed;  // code -> contingents left out
  for (const std::string& code : edits.remove_nations) {
    auto nation = registry::NationAsOf(reg, code, *date);
    if (!nation) {
      return Bad(path, "remove_nations",
                 fmt::format("'{}' is not a nation of the registry {}", code, reg.id));
    }
    removed[nation->nation.iso2] = 0;
  }
  if (edits.radius_km && *edits.radius_km < 0) {
    return Bad(path, "radius_km", fmt::format("{} is negative", *edits.radius_km));
  }
  for (size_t i = 0; i < doc["contingents"].size(); ++i) {
    const json& c = doc["contingents"][i];
    const std::string at = fmt::format("$.contingents[{}]", i);
    if (!c.is_object()) return Bad(path, at, "must be an object");
    plan::Contingent k;
    auto contingent_id = Text(path, c, at, "id", fmt::format("c{}", i + 1));
    if (!contingent_id.ok()) return contingent_id.status();
    k.id = *contingent_id;
    if (!c.contains("nation") || !c["nation"].is_string()) {
      return Bad(path, at + ".nation", "must be an ISO 3166-1 code");
    }
    const std::string code = c["nation"].get<std::string>();
    auto nation = registry::NationAsOf(reg, code, *date);
    if (!nation) {
      return Bad(path, at + ".nation",
                 fmt::format("'{}' is not a nation of the registry {}; only registered nations "
                             "can contribute",
                             code, reg.id));
    }
    k.nation = nation->nation.iso2;
    if (auto it = removed.find(k.nation); it != removed.end()) {
      ++it->second;
      continue;
    }
    if (!c.contains("troops") || !c["troops"].is_number_integer()) {
      return Bad(path, at + ".troops", "must be a whole number of troops");
    }
    k.troops = c["troops"].get<int>();
    auto r = Number(path, c, at, "radius_km", *radius);
    if (!r.ok()) return r.status();
    k.radius_km = edits.radius_km.value_or(*r);
    if (k.radius_km < 0) {
      return Bad(path, at + ".radius_km",
                 fmt::format("{} is negative (contingent '{}')", k.radius_km, k.id));
    }
    auto caveats_member = Object(path, c, at, "caveats");
    if (!caveats_member.ok()) return caveats_member.status();
    const json& cav = *caveats_member;
    auto allowed = Strings(path, cav, at + ".caveats", "oblasts");
    if (!allowed.ok()) return allowed.status();
    for (const std::string& o : *allowed) {
      if (std::none_of(oblasts->begin(), oblasts->end(),
                       [&](const Oblast& b) { return b.name == o; })) {
        return Bad(path, at + ".caveats.oblasts", fmt::format("'{}' is not a bundled oblast", o));
      }
    }
    k.caveats.allowed_oblasts = *allowed;
    if (cav.contains("min_line_km")) {
      auto v = Number(path, cav, at + ".caveats", "min_line_km", 0);
      if (!v.ok()) return v.status();
      k.caveats.min_line_km = *v;
    }
    if (cav.contains("max_hub_km")) {
      auto v = Number(path, cav, at + ".caveats", "max_hub_km", 0);
      if (!v.ok()) return v.status();
      k.caveats.max_hub_km = *v;
    }

    // The registry's position on the scope: stance and conditions.
    std::vector<std::string> applied;
    const registry::Position* position = nullptr;
    for (const registry::Position& pos : nation->current) {
      if (pos.scope == scope) position = &pos;
    }
    const bool first = !nation_index.count(k.nation);
    std::string note;
    if (position == nullptr) {
      note = fmt::format(
          "{} ({}): no position on '{}' in the registry: its contribution is an "
          "assumption of the scenario",
          nation->nation.name, k.nation, scope);
    } else {
      const registry::Stance st = position->stance;
      const std::string stance(registry::StanceName(st));
      if (st == registry::Stance::kOpposed || st == registry::Stance::kDeclined) {
        return Bad(path, at + ".nation",
                   fmt::format("{} ({}) is refused: its stance on '{}' is '{}' (position {}, {})",
                               nation->nation.name, k.nation, scope, stance, position->id,
                               registry::FormatDate(position->date)));
      }
      const auto& conds = position->conditions;
      if (std::find(conds.begin(), conds.end(), registry::Condition::kTransitOnly) != conds.end()) {
        return Bad(path, at + ".nation",
                   fmt::format("{} ({}) is refused: its stance on '{}' is '{}' with condition "
                               "transit_only (position {}): it offers no contingent in Ukraine",
                               nation->nation.name, k.nation, scope, stance, position->id));
      }
      std::vector<std::string> cond_names;
      for (registry::Condition cond : conds) {
        const std::string name(registry::ConditionName(cond));
        cond_names.push_back(name);
        if (cond == registry::Condition::kNoCombatRole) {
          double km = std::max(k.caveats.min_line_km.value_or(0), *no_combat_km);
          k.caveats.min_line_km = km;
          applied.push_back(fmt::format(
              "no_combat_role -> caveat min_line_km {} (registry position {})", km, position->id));
        } else {
          applied.push_back(
              fmt::format("{}: precondition, not a placement constraint "
                          "(registry position {})",
                          name, position->id));
        }
      }
      std::string list;
      for (const std::string& n : cond_names)
        list += (list.empty() ? "" : ", ") + n;
      note = fmt::format(
          "{} ({}): '{}' on '{}' ({}){}{}", nation->nation.name, k.nation, stance, scope,
          registry::FormatDate(position->date), list.empty() ? "" : "; conditions: " + list,
          position->condition_text.empty() ? "" : "; \"" + position->condition_text + "\"");
    }
    if (first) {
      nation_index[k.nation] = sc.pledges.size();
      sc.registry_notes.push_back(note);
      plan::NationDeployment d;
      d.nation = k.nation;
      for (const registry::PledgeAsOf& pl : nation->pledges) {
        if (pl.pledge.category != registry::Category::kTroops) continue;
        const registry::Quantity& q = pl.pledge.quantity;
        d.pledged_as_reported = q.as_reported.empty() ? pl.pledge.description : q.as_reported;
        if (q.value) d.pledged_min = d.pledged_max = *q.value;
        if (q.min) d.pledged_min = *q.min;
        if (q.max) d.pledged_max = *q.max;
      }
      sc.pledges.push_back(d);
    }
    plan::NationDeployment& d = sc.pledges[nation_index[k.nation]];
    d.contingents += 1;
    d.deployed += k.troops;
    sc.caveats_applied.push_back(applied);
    p.contingents.push_back(std::move(k));
  }
  for (const auto& [code, count] : removed) {
    if (count == 0) {
      return Bad(path, "remove_nations",
                 fmt::format("{} has no contingent in scenario '{}'", code, sc.id));
    }
  }
  if (p.contingents.empty()) {
    return Bad(path, "remove_nations", "every contingent of the scenario was removed");
  }
  for (std::string& line : WhatIfAssumptions(edits))
    sc.assumptions.push_back(std::move(line));
  sc.assumptions.push_back(
      "The occupied side of the line is taken as the area east and south of the bundled "
      "approximate line of contact (2025-03-15), closed past Crimea; sites and assets there are "
      "left out.");
  sc.assumptions.push_back(fmt::format(
      "Town capacity: {} troops per 1,000 inhabitants, between {} and {} (airports {}), unless "
      "overridden.",
      *per_1000, *cap_min, *cap_max, *airport_cap));
  return sc;
}

}  // namespace truceline::app
