// truceline coalition list|show ISO|as-of DATE|validate FILE|import|add: the
// coalition registry.

#include <memory>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "app/registry_service.hpp"
#include "cli/actor_args.hpp"
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/local_audit.hpp"
#include "cli/registry_args.hpp"

namespace truceline::cli {
namespace {

struct CoalitionArgs {
  RegistryArgs registry;
  std::string nation;    // show
  std::string date;      // as-of
  std::string document;  // validate, import, add
  std::string db;        // import, add
  ActorArgs actor;       // import, add
};

int RunList(const CoalitionArgs& args) {
  auto r = LoadRegistryFor(args.registry);
  if (!r.ok()) return ReportFailure(r.status());
  auto picture = app::CoalitionAsOf(*r, AsOfArgument(args.registry.as_of));
  if (!picture.ok()) return ReportFailure(picture.status());
  return PrintOutput(args.registry, app::CoalitionListJson(*r, *picture),
                     app::CoalitionListTable(*r, *picture));
}

int RunShow(const CoalitionArgs& args) {
  auto r = LoadRegistryFor(args.registry);
  if (!r.ok()) return ReportFailure(r.status());
  auto nation = app::NationAsOf(*r, args.nation, AsOfArgument(args.registry.as_of));
  if (!nation.ok()) return ReportFailure(nation.status());
  auto date = app::ResolveAsOf(*r, AsOfArgument(args.registry.as_of));
  return PrintOutput(args.registry, app::NationJson(*r, *nation, *date),
                     app::NationTable(*r, *nation, *date));
}

int RunAsOf(const CoalitionArgs& args) {
  auto r = LoadRegistryFor(args.registry);
  if (!r.ok()) return ReportFailure(r.status());
  auto picture = app::CoalitionAsOf(*r, args.date);
  if (!picture.ok()) return ReportFailure(picture.status());
  return PrintOutput(args.registry, app::PictureJson(*r, *picture),
                     app::PictureTable(*r, *picture));
}

int RunValidate(const CoalitionArgs& args) {
  auto r = app::LoadRegistryDocument(args.document);
  if (!r.ok()) return ReportFailure(r.status());
  size_t citations = 0;
  for (const auto& p : r->positions)
    citations += p.citations.size();
  fmt::print(
      "{}: valid: {} nations, {} positions ({} citations), {} pledges, {} meetings, {} aid "
      "packages, {} deliveries, {} conflicts, {} pledge updates\n",
      args.document, r->nations.size(), r->positions.size(), citations, r->pledges.size(),
      r->meetings.size(), r->aid_packages.size(), r->deliveries.size(), r->conflicts.size(),
      r->pledge_updates.size());
  return kExitOk;
}

int RunImport(const CoalitionArgs& args) {
  auto actor = ActorOf(args.actor);
  if (!actor.ok()) return ReportFailure(actor.status());
  std::string file = args.document.empty() ? app::BundledRegistryPath() : args.document;
  auto document = app::LoadRegistryDocument(file);
  if (!document.ok()) return ReportFailure(document.status());
  auto store = app::OpenRegistryStore(args.db);
  if (!store.ok()) return ReportFailure(store.status());
  core::SystemClock clock;
  app::RegistryWriter writer(**store, clock);
  core::Status imported = writer.Import(*actor, *document);
  if (!imported.ok()) return ReportFailure(imported);
  nlohmann::json detail{{"file", file},
                        {"as_of", registry::FormatDate(document->as_of)},
                        {"nations", document->nations.size()},
                        {"positions", document->positions.size()}};
  int audited = RecordAudit(args.db, *actor, "registry.import",
                            fmt::format("registry:{}", document->id), detail.dump());
  if (audited != kExitOk) return audited;
  fmt::print("{{\"imported\":\"{}\",\"as_of\":\"{}\",\"nations\":{},\"positions\":{}}}\n",
             document->id, registry::FormatDate(document->as_of), document->nations.size(),
             document->positions.size());
  return kExitOk;
}

int RunAdd(const CoalitionArgs& args) {
  auto actor = ActorOf(args.actor);
  if (!actor.ok()) return ReportFailure(actor.status());
  auto additions = app::LoadRegistryAdditions(args.document);
  if (!additions.ok()) return ReportFailure(additions.status());
  auto store = app::OpenRegistryStore(args.db);
  if (!store.ok()) return ReportFailure(store.status());
  core::SystemClock clock;
  app::RegistryWriter writer(**store, clock);
  core::Status added = writer.Add(*actor, *additions, args.document);
  if (!added.ok()) return ReportFailure(added);
  nlohmann::json detail{{"file", args.document},
                        {"sources", additions->sources.size()},
                        {"positions", additions->positions.size()},
                        {"pledges", additions->pledges.size()},
                        {"meetings", additions->meetings.size()},
                        {"aid_packages", additions->aid_packages.size()},
                        {"deliveries", additions->deliveries.size()},
                        {"conflicts", additions->conflicts.size()},
                        {"pledge_updates", additions->pledge_updates.size()}};
  int audited = RecordAudit(args.db, *actor, "registry.add", "registry", detail.dump());
  if (audited != kExitOk) return audited;
  fmt::print(
      "{{\"added\":{{\"sources\":{},\"positions\":{},\"pledges\":{},\"meetings\":{},"
      "\"aid_packages\":{},\"deliveries\":{},\"conflicts\":{},\"pledge_updates\":{}}}}}\n",
      additions->sources.size(), additions->positions.size(), additions->pledges.size(),
      additions->meetings.size(), additions->aid_packages.size(), additions->deliveries.size(),
      additions->conflicts.size(), additions->pledge_updates.size());
  return kExitOk;
}

void AddWriterOptions(CLI::App* cmd, CoalitionArgs& args) {
  cmd->add_option("--db", args.db, "The store")->required();
  AddActorOptions(cmd, args.actor, "The writer's role; only a coordinator may write");
}

}  // namespace

void AddCoalitionCommand(CLI::App& app, Action& run) {
  auto args = std::make_shared<CoalitionArgs>();
  auto* cmd = app.add_subcommand(
      "coalition",
      "The coalition registry: who is willing to do what, under which conditions, with sources");
  cmd->require_subcommand(1);

  auto* list = cmd->add_subcommand("list", "Every nation and its current positions");
  AddRegistryOptions(list, args->registry, /*with_as_of=*/true);
  list->callback([args, &run] { run = [args] { return RunList(*args); }; });

  auto* show =
      cmd->add_subcommand("show", "One nation in full: positions, history, pledges, citations");
  show->add_option("ISO", args->nation, "ISO 3166-1 alpha-2 or alpha-3 code")->required();
  AddRegistryOptions(show, args->registry, /*with_as_of=*/true);
  show->callback([args, &run] { run = [args] { return RunShow(*args); }; });

  auto* as_of = cmd->add_subcommand(
      "as-of", "The whole picture on a date: positions, meetings, statements, conflicting reports");
  as_of->add_option("DATE", args->date, "YYYY-MM-DD")->required();
  AddRegistryOptions(as_of, args->registry, /*with_as_of=*/false);
  as_of->callback([args, &run] { run = [args] { return RunAsOf(*args); }; });

  auto* validate = cmd->add_subcommand(
      "validate", "Check a registry document; lists every problem with its JSON path");
  validate->add_option("FILE", args->document, "The document")->required();
  validate->callback([args, &run] { run = [args] { return RunValidate(*args); }; });

  // Not named `import`: clang-format reads that as a C++20 module import.
  auto* import_cmd = cmd->add_subcommand(
      "import", "Store a registry document (default: the bundled one) in a store that holds none");
  import_cmd->add_option("FILE", args->document, "The document");
  AddWriterOptions(import_cmd, *args);
  import_cmd->callback([args, &run] { run = [args] { return RunImport(*args); }; });

  auto* add = cmd->add_subcommand(
      "add",
      "Add facts (new reports, positions, pledges, later pledge statuses, meetings, aid "
      "packages, deliveries) to a stored registry; earlier facts are kept");
  add->add_option("FILE", args->document, "A document with the facts to add")->required();
  AddWriterOptions(add, *args);
  add->callback([args, &run] { run = [args] { return RunAdd(*args); }; });
}

}  // namespace truceline::cli
