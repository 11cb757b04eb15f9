#include "ingest/report_builder.hpp"

#include <array>
#include <charconv>
#include <cmath>

#include <fmt/format.h>
#include <simdjson.h>

namespace truceline::ingest::detail {
namespace {

using core::Report;

constexpr std::array<std::string_view, static_cast<size_t>(Field::kCount_)> kFieldNames{
    "id",
    "source",
    "source_kind",
    "observed_at",
    "time_uncertainty_s",
    "lat",
    "lon",
    "position_uncertainty_m",
    "kind",
    "count",
    "weapon_class",
    "target_category",
    "bearing_deg",
    "text"};

constexpr std::array kRequired{Field::kSource, Field::kSourceKind, Field::kObservedAt,
                               Field::kLat,    Field::kLon,        Field::kKind};

size_t Index(Field f) {
  return static_cast<size_t>(f);
}

// Quotes a user-supplied value for an error message, cut to a readable length.
std::string Quoted(std::string_view value) {
  constexpr size_t kMax = 40;
  std::string out = "'";
  out += value.substr(0, kMax);
  if (value.size() > kMax) out += "…";
  out += "'";
  return out;
}

std::string OneOf(std::span<const std::string_view> names) {
  return fmt::format("must be one of {}", fmt::join(names, ", "));
}

bool HasControlCharacter(std::string_view s) {
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) return true;
  }
  return false;
}

std::string_view TrimAscii(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

}  // namespace

std::optional<Field> FieldFromName(std::string_view name) {
  for (size_t i = 0; i < kFieldNames.size(); ++i) {
    if (kFieldNames[i] == name) return static_cast<Field>(i);
  }
  return std::nullopt;
}

std::string_view FieldName(Field field) {
  return kFieldNames[Index(field)];
}

void ReportBuilder::Reset() {
  report_ = Report{};
  seen_.reset();
  errors_.clear();
}

void ReportBuilder::Error(Field field, std::string reason) {
  errors_.push_back({std::string(FieldName(field)), std::move(reason)});
}

bool ReportBuilder::HasErrorFor(Field field) const {
  for (const auto& e : errors_) {
    if (e.field == FieldName(field)) return true;
  }
  return false;
}

void ReportBuilder::AddError(std::string_view field, std::string reason) {
  errors_.push_back({std::string(field), std::move(reason)});
}

bool ReportBuilder::MarkSeen(Field field) {
  if (seen_.test(Index(field))) {
    Error(field, "appears more than once");
    return false;
  }
  seen_.set(Index(field));
  return true;
}

void ReportBuilder::SetNull(Field field) {
  MarkSeen(field);
}

void ReportBuilder::SetWrongType(Field field, std::string_view type_name) {
  if (!MarkSeen(field)) return;
  bool numeric = field == Field::kTimeUncertainty || field == Field::kLat || field == Field::kLon ||
                 field == Field::kPositionUncertainty || field == Field::kCount ||
                 field == Field::kBearing;
  Error(field, fmt::format("must be a {}, not {}", numeric ? "number" : "string", type_name));
}

void ReportBuilder::SetString(Field field, std::string_view value) {
  if (!MarkSeen(field)) return;
  switch (field) {
    case Field::kId:
    case Field::kSource: {
      size_t limit = field == Field::kId ? core::kMaxIdBytes : core::kMaxSourceBytes;
      if (value.empty()) {
        Error(field, "must not be empty");
      } else if (value.size() > limit) {
        Error(field, fmt::format("is {} bytes long; at most {} are allowed", value.size(), limit));
      } else if (HasControlCharacter(value)) {
        Error(field, "must not contain control characters");
      } else {
        (field == Field::kId ? report_.id : report_.source) = value;
      }
      return;
    }
    case Field::kSourceKind:
      if (auto v = core::ParseSourceKind(value)) {
        report_.source_kind = *v;
      } else {
        Error(field, fmt::format("{} is not a source kind; {}", Quoted(value),
                                 OneOf(core::SourceKindNames())));
      }
      return;
    case Field::kKind:
      if (auto v = core::ParseReportKind(value)) {
        report_.kind = *v;
      } else {
        Error(field, fmt::format("{} is not a report kind; {}", Quoted(value),
                                 OneOf(core::ReportKindNames())));
      }
      return;
    case Field::kWeaponClass:
      if (auto v = core::ParseWeaponClass(value)) {
        report_.weapon_class = *v;
      } else {
        Error(field, fmt::format("{} is not a weapon class; {}", Quoted(value),
                                 OneOf(core::WeaponClassNames())));
      }
      return;
    case Field::kTargetCategory:
      if (auto v = core::ParseTargetCategory(value)) {
        report_.target_category = *v;
      } else {
        Error(field, fmt::format("{} is not a target category; {}", Quoted(value),
                                 OneOf(core::TargetCategoryNames())));
      }
      return;
    case Field::kObservedAt: {
      std::string reason;
      if (auto t = core::ParseRfc3339(value, &reason)) {
        report_.observed_at = *t;
      } else {
        Error(field, fmt::format("{} is not a valid date-time: {}", Quoted(value), reason));
      }
      return;
    }
    case Field::kText:
      if (value.size() > core::kMaxTextBytes) {
        Error(field, fmt::format("is {} bytes long; at most {} are allowed", value.size(),
                                 core::kMaxTextBytes));
      } else {
        report_.text = value;
      }
      return;
    default:
      Error(field, "must be a number, not a string");
      return;
  }
}

void ReportBuilder::SetDouble(Field field, double value) {
  if (!std::isfinite(value)) {
    Error(field, "must be a finite number");
    return;
  }
  auto in_range = [&](double lo, double hi, std::string_view what) {
    if (value < lo || value > hi) {
      Error(field, fmt::format("{} is out of range: {}", value, what));
      return false;
    }
    return true;
  };
  switch (field) {
    case Field::kLat:
      if (in_range(-90, 90, "latitude must be between -90 and 90")) report_.lat = value;
      return;
    case Field::kLon:
      if (in_range(-180, 180, "longitude must be between -180 and 180")) report_.lon = value;
      return;
    case Field::kTimeUncertainty:
      if (in_range(0, core::kMaxTimeUncertaintyS,
                   "must be between 0 and 2592000 seconds (30 days)"))
        report_.time_uncertainty_s = value;
      return;
    case Field::kPositionUncertainty:
      if (in_range(0, core::kMaxPositionUncertaintyM, "must be between 0 and 1000000 metres"))
        report_.position_uncertainty_m = value;
      return;
    case Field::kBearing:
      if (in_range(0, 360, "a bearing must be between 0 and 360 degrees"))
        report_.bearing_deg = value;
      return;
    case Field::kCount:
      if (value != std::floor(value)) {
        Error(field, fmt::format("{} is not a whole number", value));
      } else if (in_range(1, static_cast<double>(core::kMaxCount),
                          "must be between 1 and 1000000")) {
        report_.count = static_cast<int64_t>(value);
      }
      return;
    default:
      Error(field, "must be a string, not a number");
      return;
  }
}

void ReportBuilder::SetNumber(Field field, double value) {
  if (!MarkSeen(field)) return;
  SetDouble(field, value);
}

void ReportBuilder::SetInteger(Field field, int64_t value) {
  if (!MarkSeen(field)) return;
  if (field == Field::kCount) {
    if (value < 1 || value > core::kMaxCount) {
      Error(field, fmt::format("{} is out of range: must be between 1 and 1000000", value));
    } else {
      report_.count = value;
    }
    return;
  }
  SetDouble(field, static_cast<double>(value));
}

void ReportBuilder::SetText(Field field, std::string_view raw) {
  std::string_view text = TrimAscii(raw);
  if (text.empty()) {
    SetNull(field);
    return;
  }
  if (!simdjson::validate_utf8(text.data(), text.size())) {
    if (MarkSeen(field)) Error(field, "is not valid UTF-8");
    return;
  }
  switch (field) {
    case Field::kTimeUncertainty:
    case Field::kLat:
    case Field::kLon:
    case Field::kPositionUncertainty:
    case Field::kCount:
    case Field::kBearing: {
      double value = 0;
      auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
      if (ec != std::errc() || end != text.data() + text.size()) {
        if (MarkSeen(field)) Error(field, fmt::format("{} is not a number", Quoted(text)));
        return;
      }
      SetNumber(field, value);
      return;
    }
    default:
      SetString(field, text);
      return;
  }
}

bool ReportBuilder::Finish(Report& report, core::ContentDigest& digest) {
  for (Field f : kRequired) {
    // A field that was present but invalid already has its own error.
    bool missing = !seen_.test(Index(f)) || (f == Field::kSource && report_.source.empty());
    if (missing && !HasErrorFor(f)) Error(f, "is required");
  }
  if (report_.kind == core::ReportKind::kWeaponSighting && seen_.test(Index(Field::kKind)) &&
      !report_.weapon_class && !HasErrorFor(Field::kWeaponClass)) {
    Error(Field::kWeaponClass, "is required when kind is weapon_sighting");
  }
  if (errors_.empty() && !policy_.required_source.empty() &&
      report_.source != policy_.required_source) {
    Error(Field::kSource, fmt::format("must be '{}': this account submits only its own reports",
                                      policy_.required_source));
  }
  if (errors_.empty() && policy_.clock != nullptr) {
    auto latest = policy_.clock->Now() + policy_.max_future_skew;
    if (report_.observed_at > latest) {
      Error(Field::kObservedAt,
            fmt::format("{} is in the future (now is {})", core::FormatRfc3339(report_.observed_at),
                        core::FormatRfc3339(policy_.clock->Now())));
    }
  }
  if (!errors_.empty()) return false;
  digest = core::DigestReportContent(report_);
  if (report_.id.empty()) report_.id = core::ContentDerivedId(digest);
  report = std::move(report_);
  return true;
}

}  // namespace truceline::ingest::detail
