// truceline plan --scenario S.json --out DIR : where the reassurance force's
// contingents go and what sustaining them takes; or
// truceline plan --compare S1.json S2.json ... --out DIR : the options side by side.

#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "app/plan_file.hpp"
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"

namespace truceline::cli {
namespace {

struct PlanArgs {
  std::string scenario;
  std::vector<std::string> compare;
  std::string out;
  std::string registry;
  double time_limit = 30;
  std::string format = "table";
};

void PrintPlan(const app::PlanOutcome& o) {
  const plan::DeploymentPlan& p = o.plan;
  fmt::print("{}: objective {:.3f}, bound {:.3f}, gap {:.4f}{} ({}, {:.2f} s)\n", o.scenario.id,
             p.objective, p.bound, p.gap, p.proven_optimal ? ", proven optimal" : "", p.method,
             p.seconds);
  for (size_t k = 0; k < o.scenario.problem.contingents.size(); ++k) {
    const plan::Contingent& c = o.scenario.problem.contingents[k];
    const plan::DeploymentSite& s = o.scenario.problem.sites[p.site_of[k]];
    fmt::print("  {:<12} {} {:>6} troops  {:<32} {}\n", c.id, c.nation, c.troops, s.name, s.oblast);
  }
  fmt::print("  deployed {} troops, committed {} under {} lines of {}-month tours\n",
             o.sustainment.deployed_total, o.sustainment.committed_total, o.sustainment.rule.lines,
             o.sustainment.rule.tour_months);
  fmt::print("  wrote {}, {} and {}\n", o.json_path, o.geojson_path, o.map_path);
}

int RunPlanCommand(const PlanArgs& args) {
  if (args.scenario.empty() == args.compare.empty()) {
    return ReportFailure(
        core::Status(core::ErrorCode::kInvalidArgument,
                     "give either --scenario S.json or --compare S1.json S2.json …"));
  }
  if (!args.compare.empty()) {
    auto outcome = app::RunPlanCompare({args.compare, args.out, args.registry, args.time_limit});
    if (!outcome.ok()) return ReportFailure(outcome.status());
    if (args.format == "json") {
      fmt::print("{{\"comparison\":\"{}\",\"scenarios\":{}}}\n", outcome->json_path,
                 outcome->plans.size());
    } else {
      for (const app::PlanOutcome& o : outcome->plans)
        PrintPlan(o);
      fmt::print("wrote {}, {} and {}\n", outcome->json_path, outcome->markdown_path,
                 outcome->csv_path);
    }
    return kExitOk;
  }
  auto outcome = app::RunPlan({args.scenario, args.out, args.registry, args.time_limit});
  if (!outcome.ok()) return ReportFailure(outcome.status());
  if (args.format == "json") {
    fmt::print("{}\n", outcome->document.dump());
  } else {
    PrintPlan(*outcome);
  }
  return kExitOk;
}

}  // namespace

void AddPlanCommand(CLI::App& app, Action& run) {
  auto args = std::make_shared<PlanArgs>();
  auto* cmd = app.add_subcommand(
      "plan",
      "Station the reassurance force's contingents (caveats, stand-off, capacities) to cover "
      "cities, ports and infrastructure; writes OUT/plan.json, plan.geojson, map.png");
  cmd->add_option("--scenario", args->scenario, "A deployment scenario (JSON)");
  cmd->add_option("--compare", args->compare,
                  "Several scenarios: each planned into OUT/<id>/, with OUT/comparison.json, "
                  ".md and .csv");
  cmd->add_option("--out", args->out, "Output folder (created if absent)")->required();
  cmd->add_option("--registry", args->registry,
                  "Registry document (default: the bundled one of 27 March 2025)");
  cmd->add_option("--time-limit", args->time_limit, "Seconds per scenario (default 30)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--format", args->format, "Summary on stdout: table (default) or json")
      ->check(CLI::IsMember({"table", "json"}));
  cmd->callback([args, &run] { run = [args] { return RunPlanCommand(*args); }; });
}

}  // namespace truceline::cli
