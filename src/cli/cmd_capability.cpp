// truceline capability --model M.json --out DIR [--format table|json] :
// capability gaps of the army of tomorrow against the aid pipeline.

#include <memory>
#include <string>

#include <fmt/format.h>

#include "app/capability_file.hpp"
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "core/json_text.hpp"

namespace truceline::cli {
namespace {

struct CapabilityArgs {
  std::string model;
  std::string out;
  std::string format = "table";
};

std::string Closes(const plan::Closing& c) {
  switch (c.status) {
    case plan::CloseStatus::kMet:
      return "met now";
    case plan::CloseStatus::kCloses:
      return fmt::format("{} ({})", plan::FormatDate(c.date), plan::QuarterLabel(c.quarter));
    case plan::CloseStatus::kNeverWithinHorizon:
      return "never within the horizon";
    case plan::CloseStatus::kNeverLossesOutpace:
      return "never: losses outpace deliveries";
  }
  return "";
}

void PrintTable(const app::CapabilityOutcome& outcome) {
  const plan::CapabilityReport& r = outcome.report;
  fmt::print("capability gaps {}-{} (horizon ends {})\n", plan::QuarterLabel(r.start),
             plan::QuarterLabel(r.start + r.horizon_quarters - 1), plan::FormatDate(r.horizon_end));
  fmt::print("{:<24} {:>12} {:>12} {:>12} {:>12}  {}\n", "category", "required", "on hand",
             "gap now", "gap at end", "closes");
  for (const plan::CategoryGap& c : r.categories) {
    fmt::print("{:<24} {:>12} {:>12} {:>12} {:>12}  {}\n", c.category, c.required, c.on_hand,
               c.gap_now, c.quarters.back().gap, Closes(c.closing));
  }
  for (const plan::UnrequiredCategory& u : r.not_required) {
    fmt::print("not required: {}\n", u.category);
  }
  for (const plan::Delivery& d : r.beyond_horizon) {
    fmt::print("after the horizon (not counted): {} ({})\n", d.id, plan::FormatDate(d.expected));
  }
  for (const plan::WhatIfResult& w : r.what_if) {
    for (const plan::WhatIfChange& c : w.changes) {
      std::string effect = c.quarters_earlier
                               ? fmt::format("{} quarter(s), {} day(s) earlier",
                                             *c.quarters_earlier, *c.days_earlier)
                               : fmt::format("{} -> {}", Closes(c.before), Closes(c.after));
      fmt::print("what if {}: {} {}\n", w.id, c.category, effect);
    }
  }
  fmt::print("wrote {} and {}\n", outcome.json_path, outcome.chart_path);
}

int RunCapabilityCommand(const CapabilityArgs& args) {
  auto outcome = app::RunCapability({args.model, args.out});
  if (!outcome.ok()) return ReportFailure(outcome.status());
  if (args.format == "json") {
    std::string out = "{\"json\":";
    core::AppendJsonString(out, outcome->json_path);
    out += ",\"chart\":";
    core::AppendJsonString(out, outcome->chart_path);
    fmt::print("{},\"categories\":{}}}\n", out, outcome->report.categories.size());
  } else {
    PrintTable(*outcome);
  }
  return kExitOk;
}

}  // namespace

void AddCapabilityCommand(CLI::App& app, Action& run) {
  auto args = std::make_shared<CapabilityArgs>();
  auto* cmd = app.add_subcommand(
      "capability",
      "Capability gaps of a target force structure against inventory and the aid pipeline; "
      "writes OUT/capability.json and OUT/gaps.png");
  cmd->add_option("--model", args->model, "The capability model (JSON)")->required();
  cmd->add_option("--out", args->out, "Output folder (created if absent)")->required();
  cmd->add_option("--format", args->format, "Summary on stdout: table (default) or json")
      ->check(CLI::IsMember({"table", "json"}));
  cmd->callback([args, &run] { run = [args] { return RunCapabilityCommand(*args); }; });
}

}  // namespace truceline::cli
