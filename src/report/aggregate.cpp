// BuildDailyReport: counts by day over the report's window, breakdowns,
// violations with evidence, hotspots, coverage and the trend.

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <tuple>
#include <unordered_map>

#include <fmt/format.h>

#include "report/report.hpp"

namespace truceline::report {

namespace chr = std::chrono;

namespace {

constexpr size_t kFamilies = 6;
constexpr size_t kKinds = static_cast<size_t>(core::ReportKind::kOther) + 1;
constexpr size_t kSourceKinds = static_cast<size_t>(core::SourceKind::kOther) + 1;

// The local days of the window: index 0 is the day reported on, index i the
// i-th day before it.
class DayIndex {
 public:
  DayIndex(const core::TimeZone& zone, chr::year_month_day date) {
    // bounds_[k] is the start of day kTrendDays - 1 - k before; the last
    // entry is the end of the day reported on.
    chr::sys_days day{date};
    for (int k = kTrendDays - 1; k >= -1; --k) {
      bounds_.push_back(zone.StartOfLocalDay(chr::year_month_day(day - chr::days(k))));
    }
  }
  // Days before the reported day (0 = the day), or nullopt outside.
  std::optional<int> Of(core::UtcMicros t) const {
    if (t < bounds_.front() || t >= bounds_.back()) return std::nullopt;
    auto it = std::upper_bound(bounds_.begin(), bounds_.end(), t);
    int k = static_cast<int>(it - bounds_.begin()) - 1;  // 0 = oldest day
    return kTrendDays - 1 - k;
  }
  core::UtcMicros Start(int days_before) const { return bounds_[kTrendDays - 1 - days_before]; }
  core::UtcMicros End(int days_before) const { return bounds_[kTrendDays - days_before]; }

 private:
  std::vector<core::UtcMicros> bounds_;
};

// Counts per day of the window for one key.
using DayCounts = std::array<uint64_t, kTrendDays>;

Comparison Compare(const DayCounts& counts) {
  Comparison c;
  c.day = counts[0];
  c.previous_day = counts[1];
  uint64_t sum = 0;
  for (int i = 1; i <= kMeanDays; ++i)
    sum += counts[i];
  c.mean_7d = std::round(static_cast<double>(sum) / kMeanDays * 100.0) / 100.0;
  return c;
}

bool Active8(const DayCounts& counts) {
  for (int i = 0; i <= kMeanDays; ++i) {
    if (counts[i] != 0) return true;
  }
  return false;
}

template <typename Enum, size_t N>
std::vector<CountRow> EnumRows(const std::array<DayCounts, N>& counts,
                               std::string_view (*name)(Enum), bool all) {
  std::vector<CountRow> rows;
  for (size_t i = 0; i < N; ++i) {
    if (!all && !Active8(counts[i])) continue;
    rows.push_back({std::string(name(static_cast<Enum>(i))), Compare(counts[i])});
  }
  return rows;
}

std::vector<CountRow> KeyRows(const std::map<std::string, DayCounts>& counts) {
  std::vector<CountRow> rows;
  for (const auto& [key, days] : counts) {
    if (Active8(days)) rows.push_back({key, Compare(days)});
  }
  std::stable_sort(rows.begin(), rows.end(), [](const CountRow& a, const CountRow& b) {
    return std::tie(b.counts.day, b.counts.mean_7d) < std::tie(a.counts.day, a.counts.mean_7d);
  });
  return rows;
}

std::string RegionKey(const core::Incident& incident) {
  return incident.admin_region.empty() ? kOutsideOblasts : incident.admin_region;
}

// `value` rounded to 1/`per` (cell corners to 1e-6°, centres to 1e-5°,
// about a metre): the JSON then shows no floating-point noise.
double Round(double value, double per) {
  return std::round(value * per) / per;
}

bool EntryBefore(const ViolationEntry& a, const ViolationEntry& b) {
  return std::tie(a.first_at, a.incident_id, a.clause_id) <
         std::tie(b.first_at, b.incident_id, b.clause_id);
}

void BuildHotspots(const std::vector<const core::Incident*>& today,
                   const std::set<uint64_t>& violating, const std::vector<Town>& towns,
                   DailyReport& report) {
  struct Cell {
    uint64_t incidents = 0;
    uint64_t violations = 0;
    double lat_sum = 0, lon_sum = 0;
    std::array<uint64_t, kFamilies> by_family{};
    std::map<std::string, uint64_t> regions;
  };
  std::map<std::pair<int64_t, int64_t>, Cell> cells;
  for (const core::Incident* incident : today) {
    const auto& s = incident->summary;
    std::pair<int64_t, int64_t> key{static_cast<int64_t>(std::floor(s.lat / kCellLatDeg)),
                                    static_cast<int64_t>(std::floor(s.lon / kCellLonDeg))};
    Cell& cell = cells[key];
    ++cell.incidents;
    if (violating.count(incident->id)) ++cell.violations;
    cell.lat_sum += s.lat;
    cell.lon_sum += s.lon;
    ++cell.by_family[static_cast<size_t>(s.family)];
    ++cell.regions[incident->admin_region];
  }
  std::vector<std::pair<std::pair<int64_t, int64_t>, const Cell*>> ranked;
  for (const auto& [key, cell] : cells)
    ranked.emplace_back(key, &cell);
  // Most incidents first; ties: more violations, then south-west first.
  std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
    return std::tie(b.second->incidents, b.second->violations) <
           std::tie(a.second->incidents, a.second->violations);
  });
  if (ranked.size() > kMaxHotspots) ranked.resize(kMaxHotspots);
  int rank = 0;
  for (const auto& [key, cell] : ranked) {
    Hotspot h;
    h.rank = ++rank;
    h.cell.min_lat = Round(static_cast<double>(key.first) * kCellLatDeg, 1e6);
    h.cell.max_lat = Round(static_cast<double>(key.first + 1) * kCellLatDeg, 1e6);
    h.cell.min_lon = Round(static_cast<double>(key.second) * kCellLonDeg, 1e6);
    h.cell.max_lon = Round(static_cast<double>(key.second + 1) * kCellLonDeg, 1e6);
    double n = static_cast<double>(cell->incidents);
    h.centre = {Round(cell->lat_sum / n, 1e5), Round(cell->lon_sum / n, 1e5)};
    h.incidents = cell->incidents;
    h.violations = cell->violations;
    h.by_family = cell->by_family;
    uint64_t best = 0;
    for (const auto& [region, count] : cell->regions) {
      if (count > best) {
        best = count;
        h.oblast = region;
      }
    }
    double best_m = std::numeric_limits<double>::infinity();
    for (const Town& town : towns) {
      double d = core::geo::DistanceM(h.centre, town.position);
      if (d < best_m) {
        best_m = d;
        h.nearest_town = town.name;
        h.nearest_town_oblast = town.oblast;
      }
    }
    if (!h.nearest_town.empty()) h.nearest_town_km = std::round(best_m / 100.0) / 10.0;
    report.hotspots.push_back(std::move(h));
  }
}

void BuildCoverage(const DailyReportInput& input, const DayIndex& days, DailyReport& report) {
  struct SourceStats {
    core::SourceKind kind = core::SourceKind::kOther;
    std::array<uint64_t, kMeanDays + 1> per_day{};
    core::UtcMicros last{};
  };
  std::map<std::string, SourceStats> sources;
  std::array<std::set<std::string>, kSourceKinds> kind_sources;
  std::array<uint64_t, kSourceKinds> kind_reports{};
  const core::UtcMicros start = report.day_start;
  const int64_t hour_us = 3'600'000'000LL;
  report.coverage.hours.resize(static_cast<size_t>(report.day_hours));
  for (size_t h = 0; h < report.coverage.hours.size(); ++h) {
    HourSlot& slot = report.coverage.hours[h];
    slot.start = start + chr::microseconds(hour_us * static_cast<int64_t>(h));
    slot.utc_offset_s = input.zone.UtcOffsetAt(core::ToUnixMicros(slot.start) / 1'000'000);
  }
  for (const ReportRecord& r : input.reports) {
    auto day = days.Of(r.observed_at);
    if (!day || *day > kMeanDays) continue;
    SourceStats& stats = sources[r.source];
    stats.kind = r.source_kind;
    ++stats.per_day[static_cast<size_t>(*day)];
    stats.last = std::max(stats.last, r.observed_at);
    if (*day != 0) continue;
    size_t kind = static_cast<size_t>(r.source_kind);
    ++kind_reports[kind];
    kind_sources[kind].insert(r.source);
    int64_t offset_us = core::ToUnixMicros(r.observed_at) - core::ToUnixMicros(start);
    size_t slot = static_cast<size_t>(offset_us / hour_us);
    if (slot < report.coverage.hours.size()) ++report.coverage.hours[slot].reports;
  }
  for (const auto& [name, stats] : sources) {
    if (stats.per_day[0] > 0) {
      report.coverage.sources.push_back({name, stats.kind, stats.per_day[0]});
      continue;
    }
    SilentSource silent{name, stats.kind, 0, 0, stats.last};
    for (int i = 1; i <= kMeanDays; ++i) {
      silent.reports_previous_7d += stats.per_day[static_cast<size_t>(i)];
      if (stats.per_day[static_cast<size_t>(i)] > 0) ++silent.active_days_previous_7d;
    }
    report.coverage.silent_sources.push_back(std::move(silent));
  }
  std::stable_sort(
      report.coverage.sources.begin(), report.coverage.sources.end(),
      [](const SourceCount& a, const SourceCount& b) { return a.reports > b.reports; });
  std::stable_sort(report.coverage.silent_sources.begin(), report.coverage.silent_sources.end(),
                   [](const SilentSource& a, const SilentSource& b) {
                     return a.reports_previous_7d > b.reports_previous_7d;
                   });
  for (size_t k = 0; k < kSourceKinds; ++k) {
    report.coverage.source_kinds.push_back(
        {static_cast<core::SourceKind>(k), kind_reports[k], kind_sources[k].size()});
  }
}

}  // namespace

DayBounds LocalDayBounds(const core::TimeZone& zone, chr::year_month_day date) {
  chr::sys_days day{date};
  return {zone.StartOfLocalDay(date),
          zone.StartOfLocalDay(chr::year_month_day(day + chr::days(1)))};
}

core::Result<DailyReport> BuildDailyReport(const DailyReportInput& input) {
  if (!input.date.ok()) {
    return core::Status(core::ErrorCode::kInvalidArgument, "daily report: invalid date");
  }
  DailyReport report;
  report.date = input.date;
  report.timezone = input.zone.name();
  DayIndex days(input.zone, input.date);
  report.day_start = days.Start(0);
  report.day_end = days.End(0);
  report.day_hours =
      static_cast<int>(chr::duration_cast<chr::hours>(report.day_end - report.day_start).count());
  report.utc_offset_start_s =
      input.zone.UtcOffsetAt(core::ToUnixMicros(report.day_start) / 1'000'000);
  report.agreement = input.agreement;

  // Incidents of the window, sorted so that every list built from them is
  // independent of the input's order.
  std::vector<std::pair<int, const core::Incident*>> window;
  for (const core::Incident& incident : input.incidents) {
    if (auto day = days.Of(incident.summary.first_at)) window.emplace_back(*day, &incident);
  }
  std::sort(window.begin(), window.end(), [](const auto& a, const auto& b) {
    return std::tie(a.second->summary.first_at, a.second->id) <
           std::tie(b.second->summary.first_at, b.second->id);
  });
  std::unordered_map<uint64_t, std::pair<int, const core::Incident*>> by_id;
  DayCounts incident_days{};
  std::array<DayCounts, kFamilies> incident_family{};
  std::array<DayCounts, kKinds> incident_kind{};
  std::map<std::string, DayCounts> incident_region;
  std::vector<const core::Incident*> today;
  for (const auto& [day, incident] : window) {
    by_id[incident->id] = {day, incident};
    size_t d = static_cast<size_t>(day);
    ++incident_days[d];
    ++incident_family[static_cast<size_t>(incident->summary.family)][d];
    ++incident_kind[static_cast<size_t>(incident->summary.kind)][d];
    ++incident_region[RegionKey(*incident)][d];
    if (day == 0) {
      today.push_back(incident);
      ++report.incidents_by_status[static_cast<size_t>(incident->Status())];
    }
  }
  report.incidents = Compare(incident_days);
  report.incidents_by_family = EnumRows(incident_family, core::FamilyName, true);
  report.incidents_by_kind = EnumRows(incident_kind, core::ReportKindName, false);
  report.incidents_by_oblast = KeyRows(incident_region);

  DayCounts report_days{};
  for (const ReportRecord& r : input.reports) {
    if (auto day = days.Of(r.observed_at)) ++report_days[static_cast<size_t>(*day)];
  }
  report.reports = Compare(report_days);

  // Violations, joined with their incidents.
  std::set<uint64_t> violating_today;
  DayCounts violation_days{};
  if (input.agreement) {
    std::array<DayCounts, kFamilies> family{};
    std::array<DayCounts, kKinds> kind{};
    std::map<std::string, DayCounts> region;
    std::map<std::string, DayCounts> clause_days;
    std::map<std::string, std::vector<ViolationEntry>> clause_entries;
    std::map<std::string, const ClauseInfo*> clauses;
    for (const ClauseInfo& c : input.agreement->clauses)
      clauses.emplace(c.id, &c);
    for (const rules::Violation& v : input.violations) {
      auto found = by_id.find(v.incident_id);
      if (found == by_id.end()) continue;
      auto [day, incident] = found->second;
      size_t d = static_cast<size_t>(day);
      ++violation_days[d];
      ++family[static_cast<size_t>(incident->summary.family)][d];
      ++kind[static_cast<size_t>(incident->summary.kind)][d];
      ++region[RegionKey(*incident)][d];
      ++clause_days[v.clause_id][d];
      if (day != 0) continue;
      violating_today.insert(v.incident_id);
      ViolationEntry e;
      e.incident_id = v.incident_id;
      e.clause_id = v.clause_id;
      auto clause = clauses.find(v.clause_id);
      if (clause != clauses.end()) e.clause_title = clause->second->title;
      e.rule = v.rule;
      e.incident_status = v.incident_status;
      e.family = incident->summary.family;
      e.kind = incident->summary.kind;
      e.position = {incident->summary.lat, incident->summary.lon};
      e.first_at = incident->summary.first_at;
      e.admin_region = incident->admin_region;
      e.evidence = v.evidence;
      if (e.rule == rules::RuleType::kWithdrawal) report.withdrawal.push_back(e);
      if (e.rule == rules::RuleType::kProtectedTarget) report.protected_sites.push_back(e);
      clause_entries[v.clause_id].push_back(std::move(e));
    }
    report.violations_by_family = EnumRows(family, core::FamilyName, true);
    report.violations_by_kind = EnumRows(kind, core::ReportKindName, false);
    report.violations_by_oblast = KeyRows(region);
    std::vector<ClauseInfo> listed = input.agreement->clauses;
    // Violations of a clause the agreement does not list still show.
    for (const auto& [id, counts] : clause_days) {
      if (!clauses.count(id)) listed.push_back({id, "", rules::RuleType::kNoFire});
    }
    for (const ClauseInfo& c : listed) {
      ClauseSection section{c, Compare(clause_days[c.id]), std::move(clause_entries[c.id])};
      std::sort(section.violations.begin(), section.violations.end(), EntryBefore);
      report.clauses.push_back(std::move(section));
    }
    std::sort(report.withdrawal.begin(), report.withdrawal.end(), EntryBefore);
    std::sort(report.protected_sites.begin(), report.protected_sites.end(), EntryBefore);
  }
  report.violations = Compare(violation_days);

  for (int i = kTrendDays - 1; i >= 0; --i) {
    TrendDay t;
    t.date = chr::year_month_day(chr::sys_days(input.date) - chr::days(i));
    for (size_t f = 0; f < kFamilies; ++f) {
      t.incidents_by_family[f] = incident_family[f][static_cast<size_t>(i)];
    }
    t.violations = violation_days[static_cast<size_t>(i)];
    report.trend.push_back(t);
  }
  for (const core::Incident* incident : today) {
    report.map_incidents.push_back({incident->id,
                                    incident->summary.family,
                                    {incident->summary.lat, incident->summary.lon},
                                    violating_today.count(incident->id) > 0});
  }
  BuildHotspots(today, violating_today, input.towns, report);
  BuildCoverage(input, days, report);
  return report;
}

}  // namespace truceline::report
