// report.json: the daily report as compact JSON with its content hash
// (format: docs/formats.md, "Daily report").

#include <fmt/format.h>
#include <sodium.h>

#include "core/json_text.hpp"
#include "report/labels.hpp"
#include "report/render.hpp"

namespace truceline::report {

namespace {

constexpr std::string_view kHashMember = ",\"content_hash\":\"";
constexpr std::string_view kHashPrefix = "blake2b-256:";

void Str(std::string& out, std::string_view key, std::string_view value) {
  core::AppendJsonString(out, key);
  out += ':';
  core::AppendJsonString(out, value);
}

void Num(std::string& out, std::string_view key, double value) {
  core::AppendJsonString(out, key);
  out += ':';
  core::AppendJsonNumber(out, value);
}

void Int(std::string& out, std::string_view key, uint64_t value) {
  core::AppendJsonString(out, key);
  out += ':';
  out += std::to_string(value);
}

void Key(std::string& out, std::string_view key) {
  core::AppendJsonString(out, key);
  out += ':';
}

void Time(std::string& out, std::string_view key, core::UtcMicros t) {
  Str(out, key, core::FormatRfc3339(t));
}

void Counts(std::string& out, const Comparison& c) {
  Int(out, "day", c.day);
  out += ',';
  Int(out, "previous_day", c.previous_day);
  out += ',';
  Num(out, "mean_7d", c.mean_7d);
}

void ComparisonObject(std::string& out, std::string_view key, const Comparison& c) {
  Key(out, key);
  out += '{';
  Counts(out, c);
  out += '}';
}

void Rows(std::string& out, std::string_view key, std::string_view row_key,
          const std::vector<CountRow>& rows) {
  Key(out, key);
  out += '[';
  for (size_t i = 0; i < rows.size(); ++i) {
    if (i) out += ',';
    out += '{';
    Str(out, row_key, rows[i].key);
    out += ',';
    Counts(out, rows[i].counts);
    out += '}';
  }
  out += ']';
}

void OptionalNumber(std::string& out, std::string_view key, const std::optional<double>& v) {
  Key(out, key);
  if (v) {
    core::AppendJsonNumber(out, *v);
  } else {
    out += "null";
  }
}

void OptionalText(std::string& out, std::string_view key, std::string_view v) {
  Key(out, key);
  if (v.empty()) {
    out += "null";
  } else {
    core::AppendJsonString(out, v);
  }
}

void Evidence(std::string& out, const rules::Evidence& e) {
  out += '{';
  OptionalNumber(out, "line_distance_m", e.line_distance_m);
  out += ',';
  OptionalText(out, "line", e.line);
  out += ',';
  OptionalNumber(out, "limit_m", e.limit_m);
  out += ',';
  OptionalText(out, "zone", e.zone);
  out += ',';
  OptionalText(out, "asset_set", e.asset_set);
  out += ',';
  OptionalText(out, "asset_name", e.asset_name);
  out += ',';
  OptionalNumber(out, "asset_distance_m", e.asset_distance_m);
  out += ',';
  OptionalText(out, "target_category",
               e.target_category ? core::TargetCategoryName(*e.target_category) : "");
  out += ',';
  OptionalText(out, "weapon_class", e.weapon_class ? core::WeaponClassName(*e.weapon_class) : "");
  out += ',';
  OptionalText(out, "side_of_line", e.side_of_line);
  out += '}';
}

void Entries(std::string& out, std::string_view key, const std::vector<ViolationEntry>& entries) {
  Key(out, key);
  out += '[';
  for (size_t i = 0; i < entries.size(); ++i) {
    const ViolationEntry& e = entries[i];
    if (i) out += ',';
    out += '{';
    Int(out, "incident_id", e.incident_id);
    out += ',';
    Str(out, "clause_id", e.clause_id);
    out += ',';
    Str(out, "rule", rules::RuleTypeName(e.rule));
    out += ',';
    Str(out, "incident_status", core::IncidentStatusName(e.incident_status));
    out += ',';
    Str(out, "family", core::FamilyName(e.family));
    out += ',';
    Str(out, "kind", core::ReportKindName(e.kind));
    out += ',';
    Time(out, "first_at", e.first_at);
    out += ',';
    Num(out, "lat", e.position.lat);
    out += ',';
    Num(out, "lon", e.position.lon);
    out += ',';
    Str(out, "oblast", e.admin_region);
    out += ',';
    Key(out, "evidence");
    Evidence(out, e.evidence);
    out += '}';
  }
  out += ']';
}

void Violations(std::string& out, const DailyReport& r) {
  Key(out, "violations");
  if (!r.agreement) {
    out += "null";
    return;
  }
  out += '{';
  Rows(out, "by_family", "family", r.violations_by_family);
  out += ',';
  Rows(out, "by_kind", "kind", r.violations_by_kind);
  out += ',';
  Rows(out, "by_oblast", "oblast", r.violations_by_oblast);
  out += ",\"by_clause\":[";
  for (size_t i = 0; i < r.clauses.size(); ++i) {
    const ClauseSection& c = r.clauses[i];
    if (i) out += ',';
    out += '{';
    Str(out, "clause_id", c.clause.id);
    out += ',';
    Str(out, "title", c.clause.title);
    out += ',';
    Str(out, "rule", rules::RuleTypeName(c.clause.rule));
    out += ',';
    Counts(out, c.counts);
    out += ',';
    Entries(out, "violations", c.violations);
    out += '}';
  }
  out += "],";
  Entries(out, "withdrawal", r.withdrawal);
  out += ',';
  Entries(out, "protected_sites", r.protected_sites);
  out += '}';
}

void Families(std::string& out, std::string_view key, const std::array<uint64_t, 6>& counts) {
  Key(out, key);
  out += '{';
  for (size_t f = 0; f < counts.size(); ++f) {
    if (f) out += ',';
    Int(out, core::FamilyName(static_cast<core::Family>(f)), counts[f]);
  }
  out += '}';
}

void Hotspots(std::string& out, const std::vector<Hotspot>& hotspots) {
  out += "\"hotspots\":[";
  for (size_t i = 0; i < hotspots.size(); ++i) {
    const Hotspot& h = hotspots[i];
    if (i) out += ',';
    out += '{';
    Int(out, "rank", static_cast<uint64_t>(h.rank));
    out += ",\"cell\":[";
    core::AppendJsonNumber(out, h.cell.min_lon);
    out += ',';
    core::AppendJsonNumber(out, h.cell.min_lat);
    out += ',';
    core::AppendJsonNumber(out, h.cell.max_lon);
    out += ',';
    core::AppendJsonNumber(out, h.cell.max_lat);
    out += "],";
    Num(out, "lat", h.centre.lat);
    out += ',';
    Num(out, "lon", h.centre.lon);
    out += ',';
    Int(out, "incidents", h.incidents);
    out += ',';
    Int(out, "violations", h.violations);
    out += ',';
    Families(out, "by_family", h.by_family);
    out += ',';
    Str(out, "oblast", h.oblast);
    out += ',';
    OptionalText(out, "nearest_town", h.nearest_town);
    out += ',';
    OptionalText(out, "nearest_town_oblast", h.nearest_town_oblast);
    out += ',';
    OptionalNumber(out, "nearest_town_km",
                   h.nearest_town.empty() ? std::nullopt : std::optional(h.nearest_town_km));
    out += '}';
  }
  out += ']';
}

void CoverageObject(std::string& out, const Coverage& c) {
  out += "\"coverage\":{\"sources\":[";
  for (size_t i = 0; i < c.sources.size(); ++i) {
    if (i) out += ',';
    out += '{';
    Str(out, "source", c.sources[i].source);
    out += ',';
    Str(out, "source_kind", core::SourceKindName(c.sources[i].source_kind));
    out += ',';
    Int(out, "reports", c.sources[i].reports);
    out += '}';
  }
  out += "],\"source_kinds\":[";
  for (size_t i = 0; i < c.source_kinds.size(); ++i) {
    if (i) out += ',';
    out += '{';
    Str(out, "source_kind", core::SourceKindName(c.source_kinds[i].source_kind));
    out += ',';
    Int(out, "reports", c.source_kinds[i].reports);
    out += ',';
    Int(out, "sources", c.source_kinds[i].sources);
    out += '}';
  }
  out += "],\"hours\":[";
  for (size_t i = 0; i < c.hours.size(); ++i) {
    if (i) out += ',';
    out += '{';
    Time(out, "start", c.hours[i].start);
    out += ',';
    Str(out, "local", detail::HourLabel(c.hours[i]));
    out += ',';
    Int(out, "reports", c.hours[i].reports);
    out += '}';
  }
  out += "],\"hours_without_reports\":[";
  bool first = true;
  for (const HourSlot& slot : c.hours) {
    if (slot.reports != 0) continue;
    if (!first) out += ',';
    first = false;
    core::AppendJsonString(out, detail::HourLabel(slot));
  }
  out += "],\"silent_sources\":[";
  for (size_t i = 0; i < c.silent_sources.size(); ++i) {
    const SilentSource& s = c.silent_sources[i];
    if (i) out += ',';
    out += '{';
    Str(out, "source", s.source);
    out += ',';
    Str(out, "source_kind", core::SourceKindName(s.source_kind));
    out += ',';
    Int(out, "reports_previous_7d", s.reports_previous_7d);
    out += ',';
    Int(out, "active_days_previous_7d", static_cast<uint64_t>(s.active_days_previous_7d));
    out += ',';
    Time(out, "last_report", s.last_report);
    out += '}';
  }
  out += "]}";
}

void Trend(std::string& out, const DailyReport& r) {
  out += "\"trend\":[";
  for (size_t i = 0; i < r.trend.size(); ++i) {
    const TrendDay& t = r.trend[i];
    if (i) out += ',';
    out += '{';
    Str(out, "date", core::FormatCalendarDate(t.date));
    out += ',';
    uint64_t total = 0;
    for (uint64_t n : t.incidents_by_family)
      total += n;
    Int(out, "incidents", total);
    out += ',';
    Families(out, "by_family", t.incidents_by_family);
    out += ',';
    Key(out, "violations");
    out += r.agreement ? std::to_string(t.violations) : "null";
    out += '}';
  }
  out += ']';
}

std::string Body(const DailyReport& r) {
  std::string out = "{";
  Str(out, "format", "truceline-daily-report/1");
  out += ',';
  Str(out, "date", core::FormatCalendarDate(r.date));
  out += ',';
  Str(out, "timezone", r.timezone);
  out += ",\"day\":{";
  Time(out, "start", r.day_start);
  out += ',';
  Time(out, "end", r.day_end);
  out += ',';
  Int(out, "hours", static_cast<uint64_t>(r.day_hours));
  out += ',';
  Str(out, "utc_offset_at_start", detail::OffsetLabel(r.utc_offset_start_s));
  out += "},";
  Key(out, "agreement");
  if (r.agreement) {
    out += '{';
    Str(out, "id", r.agreement->id);
    out += ',';
    Str(out, "title", r.agreement->title);
    out += ',';
    Str(out, "timezone", r.agreement->timezone);
    out += ',';
    Int(out, "clauses", r.agreement->clauses.size());
    out += '}';
  } else {
    out += "null";
  }
  out += ",\"summary\":{";
  ComparisonObject(out, "incidents", r.incidents);
  out += ',';
  ComparisonObject(out, "reports", r.reports);
  out += ',';
  if (r.agreement) {
    ComparisonObject(out, "violations", r.violations);
  } else {
    out += "\"violations\":null";
  }
  out += ",\"incidents_by_status\":{";
  for (size_t s = 0; s < r.incidents_by_status.size(); ++s) {
    if (s) out += ',';
    Int(out, core::IncidentStatusName(static_cast<core::IncidentStatus>(s)),
        r.incidents_by_status[s]);
  }
  out += "}},\"incidents\":{";
  Rows(out, "by_family", "family", r.incidents_by_family);
  out += ',';
  Rows(out, "by_kind", "kind", r.incidents_by_kind);
  out += ',';
  Rows(out, "by_oblast", "oblast", r.incidents_by_oblast);
  out += "},";
  Violations(out, r);
  out += ',';
  Hotspots(out, r.hotspots);
  out += ',';
  CoverageObject(out, r.coverage);
  out += ',';
  Trend(out, r);
  out += '}';
  return out;
}

}  // namespace

std::string ContentHash(std::string_view bytes) {
  unsigned char digest[crypto_generichash_BYTES];
  static_assert(crypto_generichash_BYTES == 32);
  // Idempotent and thread-safe. It only selects the fastest BLAKE2b code;
  // should it fail, the portable code libsodium starts with gives the same
  // digest, so the hash is computed either way.
  [[maybe_unused]] const int initialised = sodium_init();
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(bytes.data()),
                     bytes.size(), nullptr, 0);
  std::string out(kHashPrefix);
  for (unsigned char b : digest)
    fmt::format_to(std::back_inserter(out), "{:02x}", b);
  return out;
}

std::string RenderJson(const DailyReport& report) {
  std::string body = Body(report);
  std::string hash = ContentHash(body);
  body.pop_back();  // the closing brace
  body += kHashMember;
  body += hash;
  body += "\"}\n";
  return body;
}

namespace {

// Where the hash member starts, with `json` trimmed of its newline;
// npos when the document does not end with the member.
size_t HashMemberAt(std::string_view& json) {
  while (!json.empty() && json.back() == '\n')
    json.remove_suffix(1);
  size_t at = json.rfind(kHashMember);
  if (at == std::string_view::npos || json.size() < at + kHashMember.size() + 2 ||
      json.substr(json.size() - 2) != "\"}") {
    return std::string_view::npos;
  }
  return at;
}

}  // namespace

std::string StatedContentHash(std::string_view json) {
  size_t at = HashMemberAt(json);
  if (at == std::string_view::npos) return "";
  return std::string(
      json.substr(at + kHashMember.size(), json.size() - 2 - at - kHashMember.size()));
}

core::Status VerifyContentHash(std::string_view json) {
  size_t at = HashMemberAt(json);
  if (at == std::string_view::npos) {
    return core::Status(core::ErrorCode::kParseError,
                        "report.json: no content_hash member at the end");
  }
  std::string stated = StatedContentHash(json);
  std::string body(json.substr(0, at));
  body += '}';
  std::string actual = ContentHash(body);
  if (stated != actual) {
    return core::Status(
        core::ErrorCode::kInvalidRecord,
        fmt::format("report.json: content_hash {} does not match {}", stated, actual));
  }
  return core::Status::Ok();
}

}  // namespace truceline::report
