#pragma once
// The capability planner for the "army of tomorrow": a target force
// structure (formation types x count, each with personnel and equipment per
// formation), the current inventory and the aid pipeline with expected
// dates give the gap by category and by quarter, the date each gap closes at
// the current pipeline, and what an extra ("what-if") package would change.
//
// Stock model, per category, over quarters q = 0 .. horizon_quarters - 1
// counted from the start quarter:
//   - stock starts at the inventory;
//   - a delivery adds its quantity on its expected date (a delivery dated
//     before the start quarter counts from the first quarter: the pipeline
//     lists what has not arrived yet);
//   - at each quarter's end, after that day's deliveries, the quarter's
//     losses are subtracted (stock never goes below 0);
//   - deliveries after the horizon's last day do not count; they are listed
//     in `CapabilityReport::beyond_horizon`.
// A gap "closes" on the first date from which stock >= required holds until
// the end of the horizon. Categories that only inventory, pipeline or losses
// name (nothing in the target needs them) are reported as not required.
//
// Pure: no I/O, no clock. Every function may be called concurrently.

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.hpp"

namespace truceline::plan {

// The category that a formation type's `personnel` count goes to.
inline constexpr std::string_view kPersonnelCategory = "personnel";

// A quarter as year * 4 + (quarter - 1): 2025Q2 is 2025 * 4 + 1.
using QuarterIndex = int;

// First and last day of a quarter, and its label ("2025Q2").
std::chrono::sys_days QuarterStart(QuarterIndex quarter);
std::chrono::sys_days QuarterEnd(QuarterIndex quarter);
QuarterIndex QuarterOf(std::chrono::sys_days day);
std::string QuarterLabel(QuarterIndex quarter);
// "YYYY-MM-DD".
std::string FormatDate(std::chrono::sys_days day);

// Quantities by category name, ordered by name.
using Quantities = std::map<std::string, int64_t>;

// A formation type: what one formation needs, personnel included (under
// kPersonnelCategory).
struct FormationType {
  std::string id;
  Quantities per_formation;
};

struct TargetEntry {
  std::string formation_type;
  int64_t count = 0;
};

// One expected delivery of the aid pipeline (or a what-if package).
struct Delivery {
  std::string id;
  std::string donor;   // may be empty for what-if packages
  std::string source;  // e.g. a registry package id, or free text
  std::chrono::sys_days expected{};
  Quantities items;
};

struct CapabilityModel {
  std::string note;
  std::map<std::string, FormationType> formation_types;
  std::vector<TargetEntry> target;
  Quantities inventory;
  std::vector<Delivery> pipeline;
  Quantities losses_per_quarter;
  QuarterIndex start = 0;
  int horizon_quarters = 0;
  std::vector<Delivery> what_if;
};

enum class CloseStatus {
  kMet,                 // stock >= required from the start to the horizon's end
  kCloses,              // closes on `closes_on`, within the horizon
  kNeverWithinHorizon,  // deliveries outgrow losses, but not enough by the horizon
  kNeverLossesOutpace,  // losses over the horizon >= deliveries within it
};
// "met", "closes", "never_within_horizon", "never_losses_outpace_deliveries".
std::string_view CloseStatusName(CloseStatus status);

struct QuarterRow {
  QuarterIndex quarter = 0;
  int64_t delivered = 0;  // deliveries dated in the quarter (the first also takes earlier ones)
  int64_t lost = 0;       // losses actually taken (never more than the stock)
  int64_t on_hand = 0;    // stock at the quarter's end
  int64_t gap = 0;        // max(0, required - on_hand)
};

struct Closing {
  CloseStatus status = CloseStatus::kNeverWithinHorizon;
  std::chrono::sys_days date{};  // kMet: the start; kCloses: the closing date
  QuarterIndex quarter = 0;      // the quarter of `date`
};

struct CategoryGap {
  std::string category;
  int64_t required = 0;
  int64_t on_hand = 0;  // the inventory
  int64_t gap_now = 0;  // max(0, required - on_hand)
  int64_t delivered_in_horizon = 0;
  int64_t losses_in_horizon = 0;  // losses_per_quarter * horizon_quarters
  std::vector<QuarterRow> quarters;
  Closing closing;
};

// A category that nothing in the target requires, and what names it
// ("inventory", "losses_per_quarter", "pipeline:<id>", "what_if:<id>").
struct UnrequiredCategory {
  std::string category;
  std::vector<std::string> named_by;
};

// How a what-if package changes the closing of one required category.
struct WhatIfChange {
  std::string category;
  int64_t quantity = 0;  // the package's quantity of the category
  Closing before;
  Closing after;
  // Both close (or are met): quarters and days earlier (0 when unchanged).
  std::optional<int> quarters_earlier;
  std::optional<int64_t> days_earlier;
  int64_t gap_at_horizon_before = 0;
  int64_t gap_at_horizon_after = 0;
};

struct WhatIfResult {
  std::string id;
  std::chrono::sys_days expected{};
  bool beyond_horizon = false;        // the package arrives too late to count
  std::vector<WhatIfChange> changes;  // one per required category the package carries
};

struct CapabilityReport {
  QuarterIndex start = 0;
  int horizon_quarters = 0;
  std::chrono::sys_days horizon_end{};  // the last day that counts
  std::vector<CategoryGap> categories;  // required categories, by name
  std::vector<UnrequiredCategory> not_required;
  std::vector<Delivery> beyond_horizon;  // pipeline deliveries after horizon_end
  std::vector<WhatIfResult> what_if;
};

// Analyses a model. Precondition: the model is valid as ParseCapabilityModel
// checks it (quantities >= 0, horizon_quarters >= 1); a target entry naming
// an unknown formation type yields kInvalidRecord.
core::Result<CapabilityReport> AnalyseCapability(const CapabilityModel& model);

// Reads a capability model from JSON text (format: docs/formats.md,
// "Capability model"). `source_name` prefixes every message. Every problem
// is reported, one per line, as "SOURCE: $.json.path: reason" (kInvalidRecord;
// kParseError when the text is not JSON). Never throws.
core::Result<CapabilityModel> ParseCapabilityModel(std::string_view text,
                                                   std::string_view source_name);

// The report as JSON text (2-space indented, fixed key order, trailing
// newline): deterministic for a given report.
std::string CapabilityReportJson(const CapabilityReport& report, std::string_view note);

}  // namespace truceline::plan
