// truceline aid packages|balance: the aid pipeline (packages, deliveries,
// pledged vs delivered by donor and category).

#include <memory>

#include "app/registry_service.hpp"
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/registry_args.hpp"

namespace truceline::cli {
namespace {

enum class AidView { kPackages, kBalance };

int RunAid(const RegistryArgs& args, AidView view) {
  auto r = LoadRegistryFor(args);
  if (!r.ok()) return ReportFailure(r.status());
  auto date = app::ResolveAsOf(*r, AsOfArgument(args.as_of));
  if (!date.ok()) return ReportFailure(date.status());
  if (view == AidView::kPackages) {
    return PrintOutput(args, app::AidPackagesJson(*r, *date), app::AidPackagesTable(*r, *date));
  }
  auto lines = app::AidBalanceAsOf(*r, AsOfArgument(args.as_of));
  if (!lines.ok()) return ReportFailure(lines.status());
  return PrintOutput(args, app::AidBalanceJson(*lines, *date), app::AidBalanceTable(*lines, *date));
}

}  // namespace

void AddAidCommand(CLI::App& app, Action& run) {
  auto args = std::make_shared<RegistryArgs>();
  auto* cmd = app.add_subcommand("aid",
                                 "The aid pipeline: packages, deliveries, pledged vs "
                                 "delivered");
  cmd->require_subcommand(1);
  auto* packages = cmd->add_subcommand("packages", "Aid packages with their items and deliveries");
  AddRegistryOptions(packages, *args, /*with_as_of=*/true);
  packages->callback([args, &run] { run = [args] { return RunAid(*args, AidView::kPackages); }; });
  auto* balance = cmd->add_subcommand("balance", "Pledged vs delivered by donor and category");
  AddRegistryOptions(balance, *args, /*with_as_of=*/true);
  balance->callback([args, &run] { run = [args] { return RunAid(*args, AidView::kBalance); }; });
}

}  // namespace truceline::cli
