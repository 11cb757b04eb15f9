#include "plan/capability.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "core/time.hpp"

namespace truceline::plan {

using core::ErrorCode;
using core::Result;
using core::Status;
namespace chr = std::chrono;

chr::sys_days QuarterStart(QuarterIndex quarter) {
  int year = quarter >= 0 ? quarter / 4 : (quarter - 3) / 4;
  unsigned month = static_cast<unsigned>(quarter - year * 4) * 3 + 1;
  return chr::sys_days(chr::year(year) / chr::month(month) / chr::day(1));
}

chr::sys_days QuarterEnd(QuarterIndex quarter) {
  return QuarterStart(quarter + 1) - chr::days(1);
}

QuarterIndex QuarterOf(chr::sys_days day) {
  chr::year_month_day ymd(day);
  return static_cast<int>(ymd.year()) * 4 + static_cast<int>((unsigned(ymd.month()) - 1) / 3);
}

std::string QuarterLabel(QuarterIndex quarter) {
  chr::year_month_day ymd(QuarterStart(quarter));
  return fmt::format("{}Q{}", static_cast<int>(ymd.year()), (unsigned(ymd.month()) - 1) / 3 + 1);
}

std::string FormatDate(chr::sys_days day) {
  return core::FormatCalendarDate(day);
}

std::string_view CloseStatusName(CloseStatus status) {
  switch (status) {
    case CloseStatus::kMet:
      return "met";
    case CloseStatus::kCloses:
      return "closes";
    case CloseStatus::kNeverWithinHorizon:
      return "never_within_horizon";
    case CloseStatus::kNeverLossesOutpace:
      return "never_losses_outpace_deliveries";
  }
  return "unknown";
}

namespace {

// The stock of one category through the horizon, with `deliveries` (date,
// quantity) already restricted to the horizon.
CategoryGap Simulate(const std::string& category, int64_t required, int64_t inventory, int64_t loss,
                     std::vector<std::pair<chr::sys_days, int64_t>> deliveries, QuarterIndex start,
                     int horizon) {
  std::stable_sort(deliveries.begin(), deliveries.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  CategoryGap gap;
  gap.category = category;
  gap.required = required;
  gap.on_hand = inventory;
  gap.gap_now = std::max<int64_t>(0, required - inventory);
  gap.losses_in_horizon = loss * horizon;
  int64_t stock = inventory;
  // The start of the current run of dates with stock >= required, if any.
  std::optional<Closing> run;
  if (stock >= required) run = Closing{CloseStatus::kMet, QuarterStart(start), start};
  size_t next = 0;
  for (int q = 0; q < horizon; ++q) {
    QuarterIndex quarter = start + q;
    chr::sys_days end = QuarterEnd(quarter);
    QuarterRow row;
    row.quarter = quarter;
    while (next < deliveries.size() && deliveries[next].first <= end) {
      chr::sys_days day = deliveries[next].first;
      // Deliveries of one day land together.
      while (next < deliveries.size() && deliveries[next].first == day) {
        row.delivered += deliveries[next].second;
        stock += deliveries[next].second;
        ++next;
      }
      if (stock >= required && !run) {
        chr::sys_days counted = std::max(day, QuarterStart(start));
        run = Closing{CloseStatus::kCloses, counted, QuarterOf(counted)};
      }
    }
    row.lost = std::min(loss, stock);
    stock -= row.lost;
    if (stock < required) run.reset();
    row.on_hand = stock;
    row.gap = std::max<int64_t>(0, required - stock);
    gap.delivered_in_horizon += row.delivered;
    gap.quarters.push_back(row);
  }
  if (run) {
    gap.closing = *run;
  } else {
    gap.closing.status = loss > 0 && gap.losses_in_horizon >= gap.delivered_in_horizon
                             ? CloseStatus::kNeverLossesOutpace
                             : CloseStatus::kNeverWithinHorizon;
  }
  return gap;
}

using Dated = std::vector<std::pair<chr::sys_days, int64_t>>;

// Deliveries of `category` within the horizon.
Dated DeliveriesOf(const std::vector<Delivery>& pipeline, const std::string& category,
                   chr::sys_days horizon_end) {
  Dated dated;
  for (const Delivery& d : pipeline) {
    auto it = d.items.find(category);
    if (it != d.items.end() && d.expected <= horizon_end)
      dated.emplace_back(d.expected, it->second);
  }
  return dated;
}

int64_t Get(const Quantities& q, const std::string& key) {
  auto it = q.find(key);
  return it == q.end() ? 0 : it->second;
}

bool BothClose(const Closing& c) {
  return c.status == CloseStatus::kMet || c.status == CloseStatus::kCloses;
}

}  // namespace

Result<CapabilityReport> AnalyseCapability(const CapabilityModel& model) {
  if (model.horizon_quarters < 1) {
    return Status(ErrorCode::kInvalidArgument, "capability model: horizon_quarters must be >= 1");
  }
  Quantities required;
  for (const TargetEntry& entry : model.target) {
    auto type = model.formation_types.find(entry.formation_type);
    if (type == model.formation_types.end()) {
      return Status(
          ErrorCode::kInvalidRecord,
          fmt::format("capability model: unknown formation type '{}'", entry.formation_type));
    }
    for (const auto& [category, per] : type->second.per_formation) {
      required[category] += per * entry.count;
    }
  }
  CapabilityReport report;
  report.start = model.start;
  report.horizon_quarters = model.horizon_quarters;
  report.horizon_end = QuarterEnd(model.start + model.horizon_quarters - 1);
  for (const auto& [category, need] : required) {
    report.categories.push_back(Simulate(category, need, Get(model.inventory, category),
                                         Get(model.losses_per_quarter, category),
                                         DeliveriesOf(model.pipeline, category, report.horizon_end),
                                         model.start, model.horizon_quarters));
  }

  std::map<std::string, std::vector<std::string>> unrequired;
  auto note = [&](const Quantities& q, const std::string& who) {
    for (const auto& [category, quantity] : q) {
      if (!required.contains(category)) unrequired[category].push_back(who);
    }
  };
  note(model.inventory, "inventory");
  note(model.losses_per_quarter, "losses_per_quarter");
  for (const Delivery& d : model.pipeline)
    note(d.items, "pipeline:" + d.id);
  for (const Delivery& d : model.what_if)
    note(d.items, "what_if:" + d.id);
  for (auto& [category, who] : unrequired)
    report.not_required.push_back({category, who});

  for (const Delivery& d : model.pipeline) {
    if (d.expected > report.horizon_end) report.beyond_horizon.push_back(d);
  }

  for (const Delivery& package : model.what_if) {
    WhatIfResult result;
    result.id = package.id;
    result.expected = package.expected;
    result.beyond_horizon = package.expected > report.horizon_end;
    for (const CategoryGap& base : report.categories) {
      auto item = package.items.find(base.category);
      if (item == package.items.end()) continue;
      Dated dated = DeliveriesOf(model.pipeline, base.category, report.horizon_end);
      if (!result.beyond_horizon) dated.emplace_back(package.expected, item->second);
      CategoryGap with = Simulate(base.category, base.required, base.on_hand,
                                  Get(model.losses_per_quarter, base.category), std::move(dated),
                                  model.start, model.horizon_quarters);
      WhatIfChange change;
      change.category = base.category;
      change.quantity = item->second;
      change.before = base.closing;
      change.after = with.closing;
      if (BothClose(change.before) && BothClose(change.after)) {
        change.quarters_earlier = change.before.quarter - change.after.quarter;
        change.days_earlier = (change.before.date - change.after.date).count();
      }
      change.gap_at_horizon_before = base.quarters.back().gap;
      change.gap_at_horizon_after = with.quarters.back().gap;
      result.changes.push_back(change);
    }
    report.what_if.push_back(std::move(result));
  }
  return report;
}

}  // namespace truceline::plan
