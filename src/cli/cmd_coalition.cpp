// truceline coalition list|show ISO|as-of DATE|validate FILE: the coalition registry.

#include <memory>

#include <fmt/format.h>

#include "app/registry_service.hpp"
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/registry_args.hpp"

namespace truceline::cli {
namespace {

struct CoalitionArgs {
  RegistryArgs registry;
  std::string nation;    // show
  std::string date;      // as-of
  std::string document;  // validate
};

std::optional<std::string> AsOf(const std::string& text) {
  return text.empty() ? std::nullopt : std::optional<std::string>(text);
}

int RunList(const CoalitionArgs& args) {
  auto r = LoadRegistryFor(args.registry);
  if (!r.ok()) return ReportFailure(r.status());
  auto date = app::ResolveAsOf(*r, AsOf(args.registry.as_of));
  if (!date.ok()) return ReportFailure(date.status());
  auto picture = registry::PictureAsOf(*r, *date);
  return PrintOutput(args.registry, app::CoalitionListJson(*r, picture),
                     app::CoalitionListTable(*r, picture));
}

int RunShow(const CoalitionArgs& args) {
  auto r = LoadRegistryFor(args.registry);
  if (!r.ok()) return ReportFailure(r.status());
  auto date = app::ResolveAsOf(*r, AsOf(args.registry.as_of));
  if (!date.ok()) return ReportFailure(date.status());
  auto nation = registry::NationAsOf(*r, args.nation, *date);
  if (!nation) {
    return ReportFailure(core::Status(
        core::ErrorCode::kInvalidArgument,
        fmt::format("unknown nation '{}': not an ISO 3166-1 alpha-2 or alpha-3 code of a nation "
                    "in the registry '{}' (see `truceline coalition list`)",
                    args.nation, r->id)));
  }
  return PrintOutput(args.registry, app::NationJson(*r, *nation, *date),
                     app::NationTable(*r, *nation, *date));
}

int RunAsOf(const CoalitionArgs& args) {
  auto r = LoadRegistryFor(args.registry);
  if (!r.ok()) return ReportFailure(r.status());
  auto date = app::ResolveAsOf(*r, args.date);
  if (!date.ok()) return ReportFailure(date.status());
  auto picture = registry::PictureAsOf(*r, *date);
  return PrintOutput(args.registry, app::PictureJson(*r, picture), app::PictureTable(*r, picture));
}

int RunValidate(const CoalitionArgs& args) {
  auto r = app::LoadRegistryDocument(args.document);
  if (!r.ok()) return ReportFailure(r.status());
  size_t citations = 0;
  for (const auto& p : r->positions)
    citations += p.citations.size();
  fmt::print(
      "{}: valid: {} nations, {} positions ({} citations), {} pledges, {} meetings, {} aid "
      "packages, {} deliveries, {} conflicts\n",
      args.document, r->nations.size(), r->positions.size(), citations, r->pledges.size(),
      r->meetings.size(), r->aid_packages.size(), r->deliveries.size(), r->conflicts.size());
  return kExitOk;
}

}  // namespace

void AddCoalitionCommand(CLI::App& app, Action& run) {
  auto args = std::make_shared<CoalitionArgs>();
  auto* cmd = app.add_subcommand(
      "coalition",
      "The coalition registry: who is willing to do what, under which conditions, "
      "with sources");
  cmd->require_subcommand(1);

  auto* list = cmd->add_subcommand("list", "Every nation and its current positions");
  AddRegistryOptions(list, args->registry, /*with_as_of=*/true);
  list->callback([args, &run] { run = [args] { return RunList(*args); }; });

  auto* show = cmd->add_subcommand("show",
                                   "One nation in full: positions, history, pledges, "
                                   "citations");
  show->add_option("ISO", args->nation, "ISO 3166-1 alpha-2 or alpha-3 code")->required();
  AddRegistryOptions(show, args->registry, /*with_as_of=*/true);
  show->callback([args, &run] { run = [args] { return RunShow(*args); }; });

  auto* as_of = cmd->add_subcommand("as-of",
                                    "The whole picture on a date: positions, meetings, "
                                    "statements, conflicting reports");
  as_of->add_option("DATE", args->date, "YYYY-MM-DD")->required();
  AddRegistryOptions(as_of, args->registry, /*with_as_of=*/false);
  as_of->callback([args, &run] { run = [args] { return RunAsOf(*args); }; });

  auto* validate = cmd->add_subcommand("validate",
                                       "Check a registry document; lists every "
                                       "problem with its JSON path");
  validate->add_option("FILE", args->document, "The document")->required();
  validate->callback([args, &run] { run = [args] { return RunValidate(*args); }; });
}

}  // namespace truceline::cli
