#include "core/report_json.hpp"

#include "core/json_text.hpp"

namespace truceline::core {
namespace {

void Key(std::string& out, std::string_view key, bool& first) {
  if (!first) out += ',';
  first = false;
  AppendJsonString(out, key);
  out += ':';
}

}  // namespace

void AppendReportMembers(std::string& out, const Report& r, bool with_position) {
  bool first = true;
  Key(out, "id", first);
  AppendJsonString(out, r.id);
  Key(out, "source", first);
  AppendJsonString(out, r.source);
  Key(out, "source_kind", first);
  AppendJsonString(out, SourceKindName(r.source_kind));
  Key(out, "observed_at", first);
  AppendJsonString(out, FormatRfc3339(r.observed_at));
  Key(out, "time_uncertainty_s", first);
  AppendJsonNumber(out, r.time_uncertainty_s);
  if (with_position) {
    Key(out, "lat", first);
    AppendJsonNumber(out, r.lat);
    Key(out, "lon", first);
    AppendJsonNumber(out, r.lon);
  }
  Key(out, "position_uncertainty_m", first);
  AppendJsonNumber(out, r.position_uncertainty_m);
  Key(out, "kind", first);
  AppendJsonString(out, ReportKindName(r.kind));
  Key(out, "count", first);
  out += std::to_string(r.count);
  if (r.weapon_class) {
    Key(out, "weapon_class", first);
    AppendJsonString(out, WeaponClassName(*r.weapon_class));
  }
  if (r.target_category) {
    Key(out, "target_category", first);
    AppendJsonString(out, TargetCategoryName(*r.target_category));
  }
  if (r.bearing_deg) {
    Key(out, "bearing_deg", first);
    AppendJsonNumber(out, *r.bearing_deg);
  }
  if (!r.text.empty()) {
    Key(out, "text", first);
    AppendJsonString(out, r.text);
  }
}

void AppendReportNdjson(std::string& out, const Report& report) {
  out += '{';
  AppendReportMembers(out, report);
  out += "}\n";
}

}  // namespace truceline::core
