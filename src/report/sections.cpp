// The report's content as sections of paragraphs and tables.

#include "report/sections.hpp"

#include <fmt/format.h>

#include "report/labels.hpp"

namespace truceline::report::detail {

namespace {

std::string Change(const Comparison& c) {
  if (c.day == c.previous_day) return "the same as the day before";
  uint64_t diff = c.day > c.previous_day ? c.day - c.previous_day : c.previous_day - c.day;
  return fmt::format("{} {} than the day before", diff, c.day > c.previous_day ? "more" : "fewer");
}

std::vector<std::string> CountCells(const std::string& key, const Comparison& c) {
  return {key, std::to_string(c.day), std::to_string(c.previous_day), MeanText(c.mean_7d)};
}

TableData CountTable(const std::string& caption, const std::string& key_name,
                     const std::vector<CountRow>& rows) {
  TableData t{caption,
              {key_name, "on the day", "day before", "7-day mean"},
              {0.52, 0.16, 0.16, 0.16},
              {false, true, true, true},
              {},
              "None in the 8 days."};
  for (const CountRow& row : rows)
    t.rows.push_back(CountCells(row.key, row.counts));
  return t;
}

TableData EntryTable(const std::string& caption, const std::vector<ViolationEntry>& entries,
                     const std::string& empty) {
  TableData t{caption,
              {"#", "clause", "first seen", "family / kind", "oblast", "status", "evidence"},
              {0.06, 0.09, 0.11, 0.15, 0.14, 0.13, 0.32},
              {true, false, false, false, false, false, false},
              {},
              empty};
  for (const ViolationEntry& e : entries) {
    // First seen in UTC ("06:00:00Z"), as the day's bounds are given.
    t.rows.push_back(
        {std::to_string(e.incident_id), e.clause_id, core::FormatRfc3339(e.first_at).substr(11),
         fmt::format("{} / {}", core::FamilyName(e.family), core::ReportKindName(e.kind)),
         e.admin_region.empty() ? kOutsideOblasts : e.admin_region,
         std::string(core::IncidentStatusName(e.incident_status)), EvidenceText(e)});
  }
  return t;
}

}  // namespace

std::vector<Section> BuildSections(const DailyReport& r, const RenderOptions& options) {
  std::vector<Section> sections;
  const std::string date = core::FormatCalendarDate(r.date);

  Section summary{1, "Summary", {}, {}};
  summary.paragraphs.push_back(fmt::format(
      "Local day {} in {}: {} hours, from {} to {} (UTC offset {} at the start). Counts are "
      "compared with the day before and with the mean of the seven days before.",
      date, r.timezone, r.day_hours, core::FormatRfc3339(r.day_start),
      core::FormatRfc3339(r.day_end), OffsetLabel(r.utc_offset_start_s)));
  std::string violations_text =
      r.agreement ? fmt::format("{} violations of agreement {} ({}), {}", r.violations.day,
                                r.agreement->id, r.agreement->title, Change(r.violations))
                  : std::string("violations were not evaluated: no agreement was given");
  summary.paragraphs.push_back(fmt::format(
      "{} incidents were first observed on the day ({}); {} reports were observed ({}); {}. Of the "
      "incidents, {} rest on a single source, {} are corroborated, {} verified and {} rejected "
      "by an analyst.",
      r.incidents.day, Change(r.incidents), r.reports.day, Change(r.reports), violations_text,
      r.incidents_by_status[0], r.incidents_by_status[1], r.incidents_by_status[2],
      r.incidents_by_status[3]));
  TableData totals{"",
                   {"", "on the day", "day before", "7-day mean"},
                   {0.52, 0.16, 0.16, 0.16},
                   {false, true, true, true},
                   {CountCells("incidents", r.incidents), CountCells("reports", r.reports)},
                   ""};
  if (r.agreement) totals.rows.push_back(CountCells("violations", r.violations));
  summary.tables.push_back(std::move(totals));
  if (!options.content_hash.empty()) {
    summary.paragraphs.push_back(
        fmt::format("report.json content hash: {}.", options.content_hash));
  }
  if (!options.generated_at.empty()) {
    summary.paragraphs.push_back(fmt::format("Generated {}.", options.generated_at));
  }
  sections.push_back(std::move(summary));

  Section incidents{1, "Incidents", {}, {}};
  incidents.tables.push_back(CountTable("By family", "family", r.incidents_by_family));
  incidents.tables.push_back(
      CountTable("By kind (the most specific kind reported)", "kind", r.incidents_by_kind));
  incidents.tables.push_back(CountTable("By oblast", "oblast", r.incidents_by_oblast));
  sections.push_back(std::move(incidents));

  Section violations{1, "Violations", {}, {}};
  if (!r.agreement) {
    violations.paragraphs.push_back(
        "No agreement was given, so incidents were not checked against the agreed terms: this "
        "report lists no violations, weapons in violation of withdrawal lines or strikes on "
        "protected sites.");
    sections.push_back(std::move(violations));
  } else {
    violations.paragraphs.push_back(fmt::format(
        "Agreement {} ({}), {} clauses, local time {}. A violation is an incident that breaks a "
        "clause in force at its first observation; evidence as measured.",
        r.agreement->id, r.agreement->title, r.agreement->clauses.size(), r.agreement->timezone));
    violations.tables.push_back(CountTable("By family", "family", r.violations_by_family));
    violations.tables.push_back(CountTable("By kind", "kind", r.violations_by_kind));
    violations.tables.push_back(CountTable("By oblast", "oblast", r.violations_by_oblast));
    TableData clauses{"By clause",
                      {"clause", "on the day", "day before", "7-day mean"},
                      {0.52, 0.16, 0.16, 0.16},
                      {false, true, true, true},
                      {},
                      "The agreement has no clauses."};
    for (const ClauseSection& c : r.clauses) {
      clauses.rows.push_back(CountCells(fmt::format("{} {} ({})", c.clause.id, c.clause.title,
                                                    rules::RuleTypeName(c.clause.rule)),
                                        c.counts));
    }
    violations.tables.push_back(std::move(clauses));
    sections.push_back(std::move(violations));
    for (const ClauseSection& c : r.clauses) {
      Section clause{2,
                     fmt::format("Clause {}{}{} — {} on the day", c.clause.id,
                                 c.clause.title.empty() ? "" : ": ", c.clause.title, c.counts.day),
                     {},
                     {}};
      clause.tables.push_back(EntryTable("", c.violations, "No violation on the day."));
      sections.push_back(std::move(clause));
    }
    Section withdrawal{1, "Weapons in violation of withdrawal lines", {}, {}};
    withdrawal.tables.push_back(
        EntryTable("", r.withdrawal, "No weapon was seen inside a withdrawal zone on the day."));
    sections.push_back(std::move(withdrawal));
    Section protected_sites{1, "Strikes on protected sites", {}, {}};
    protected_sites.tables.push_back(
        EntryTable("", r.protected_sites, "No strike on a protected site on the day."));
    sections.push_back(std::move(protected_sites));
  }

  Section hotspots{1, "Hotspots", {}, {}};
  hotspots.paragraphs.push_back(fmt::format(
      "Cells of {}° latitude by {}° longitude (about 10 × 10 km) with the most incidents on the "
      "day; named by oblast and the nearest bundled town.",
      kCellLatDeg, kCellLonDeg));
  TableData spots{"",
                  {"#", "oblast", "near", "incidents", "violations", "centre (lat, lon)"},
                  {0.05, 0.25, 0.32, 0.11, 0.11, 0.16},
                  {true, false, false, true, true, false},
                  {},
                  "No incident on the day."};
  for (const Hotspot& h : r.hotspots) {
    spots.rows.push_back(
        {std::to_string(h.rank), h.oblast.empty() ? kOutsideOblasts : h.oblast,
         h.nearest_town.empty()
             ? "-"
             : fmt::format("{} km from {}", MeanText(h.nearest_town_km), h.nearest_town),
         std::to_string(h.incidents), r.agreement ? std::to_string(h.violations) : "-",
         fmt::format("{:.3f}, {:.3f}", h.centre.lat, h.centre.lon)});
  }
  hotspots.tables.push_back(std::move(spots));
  sections.push_back(std::move(hotspots));

  Section coverage{1, "Data coverage", {}, {}};
  std::vector<std::string> gaps;
  for (const HourSlot& slot : r.coverage.hours) {
    if (slot.reports == 0) gaps.push_back(HourLabel(slot));
  }
  coverage.paragraphs.push_back(
      gaps.empty() ? fmt::format("Reports arrived in every one of the day's {} hours.", r.day_hours)
                   : fmt::format("Hours of the day (local start) without any report: {}.",
                                 fmt::join(gaps, ", ")));
  coverage.paragraphs.push_back(fmt::format(
      "{} sources reported on the day; {} that reported in the seven days before were silent.",
      r.coverage.sources.size(), r.coverage.silent_sources.size()));
  TableData kinds{"By source kind",
                  {"source kind", "reports", "sources"},
                  {0.52, 0.24, 0.24},
                  {false, true, true},
                  {},
                  ""};
  for (const SourceKindCount& k : r.coverage.source_kinds) {
    kinds.rows.push_back({std::string(core::SourceKindName(k.source_kind)),
                          std::to_string(k.reports), std::to_string(k.sources)});
  }
  coverage.tables.push_back(std::move(kinds));
  TableData sources{
      "By source", {"source", "kind", "reports"}, {0.52, 0.24, 0.24}, {false, false, true},
      {},          "No report on the day."};
  for (const SourceCount& s : r.coverage.sources) {
    sources.rows.push_back(
        {s.source, std::string(core::SourceKindName(s.source_kind)), std::to_string(s.reports)});
  }
  coverage.tables.push_back(std::move(sources));
  TableData silent{"Silent sources (reported in the 7 days before, not on the day)",
                   {"source", "kind", "reports, 7 days before", "days active", "last report"},
                   {0.28, 0.12, 0.2, 0.14, 0.26},
                   {false, false, true, true, false},
                   {},
                   "None."};
  for (const SilentSource& s : r.coverage.silent_sources) {
    silent.rows.push_back({s.source, std::string(core::SourceKindName(s.source_kind)),
                           std::to_string(s.reports_previous_7d),
                           std::to_string(s.active_days_previous_7d),
                           core::FormatRfc3339(s.last_report)});
  }
  coverage.tables.push_back(std::move(silent));
  TableData hours{"Reports per hour (local start)",
                  {"hour", "reports", "hour", "reports", "hour", "reports"},
                  {0.2, 0.13, 0.2, 0.14, 0.2, 0.13},
                  {false, true, false, true, false, true},
                  {},
                  ""};
  const size_t per_column = (r.coverage.hours.size() + 2) / 3;
  for (size_t i = 0; i < per_column; ++i) {
    std::vector<std::string> row;
    for (size_t c = 0; c < 3; ++c) {
      size_t k = c * per_column + i;
      if (k < r.coverage.hours.size()) {
        row.push_back(HourLabel(r.coverage.hours[k]));
        row.push_back(std::to_string(r.coverage.hours[k].reports));
      }
    }
    hours.rows.push_back(std::move(row));
  }
  coverage.tables.push_back(std::move(hours));
  sections.push_back(std::move(coverage));
  return sections;
}

}  // namespace truceline::report::detail
