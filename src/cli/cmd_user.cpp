// truceline user add --db DB --name N --role R [--password-stdin]
// truceline user passwd --db DB --name N [--password-stdin]
// truceline user list --db DB
// truceline user token create --db DB --name N [--expires-days D]
// truceline user token revoke --db DB --token-id ID
// Accounts and API tokens, managed by the local administrator (LocalAdmin).

#include <iostream>
#include <memory>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "app/accounts.hpp"
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/local_audit.hpp"

namespace truceline::cli {
namespace {

using json = nlohmann::ordered_json;

struct UserArgs {
  std::string db;
  std::string name;
  std::string role;
  bool password_stdin = false;
  int expires_days = 90;
  uint64_t token_id = 0;
};

// The first line of standard input, without its line ending.
core::Result<std::string> ReadPasswordLine() {
  std::string line;
  if (!std::getline(std::cin, line) && line.empty()) {
    return core::Status(core::ErrorCode::kInvalidArgument,
                        "--password-stdin: no password on standard input");
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

// The password to set: from stdin, or a generated one (`generated` true).
core::Result<std::string> PasswordFor(const UserArgs& args, bool& generated) {
  generated = !args.password_stdin;
  if (generated) return app::GeneratePassword();
  return ReadPasswordLine();
}

// Runs `body` with an AccountService on the store at args.db.
template <typename Body>
int WithAccounts(const UserArgs& args, Body body) {
  auto store = app::OpenAccountStore(args.db);
  if (!store.ok()) return ReportFailure(store.status());
  core::SystemClock clock;
  app::AccountService accounts(**store, clock);
  return body(accounts);
}

int RunAdd(const UserArgs& args) {
  auto role = app::ParseRole(args.role);
  if (!role) {
    return ReportFailure(core::Status(core::ErrorCode::kInvalidArgument,
                                      fmt::format("--role '{}': expected one of admin, "
                                                  "coordinator, analyst, monitor, sensor, observer",
                                                  args.role)));
  }
  bool generated = false;
  auto password = PasswordFor(args, generated);
  if (!password.ok()) return ReportFailure(password.status());
  return WithAccounts(args, [&](app::AccountService& accounts) {
    core::Status added = accounts.AddUser(LocalAdmin(), args.name, *role, *password);
    if (!added.ok()) return ReportFailure(added);
    json out{{"user", args.name}, {"role", app::RoleName(*role)}};
    if (generated) out["password"] = *password;
    fmt::print("{}\n", out.dump());
    return kExitOk;
  });
}

int RunPasswd(const UserArgs& args) {
  bool generated = false;
  auto password = PasswordFor(args, generated);
  if (!password.ok()) return ReportFailure(password.status());
  return WithAccounts(args, [&](app::AccountService& accounts) {
    core::Status set = accounts.SetPassword(LocalAdmin(), args.name, *password);
    if (!set.ok()) return ReportFailure(set);
    json out{{"user", args.name}, {"password_set", true}};
    if (generated) out["password"] = *password;
    fmt::print("{}\n", out.dump());
    return kExitOk;
  });
}

int RunList(const UserArgs& args) {
  return WithAccounts(args, [&](app::AccountService& accounts) {
    auto users = accounts.ListUsers(LocalAdmin());
    if (!users.ok()) return ReportFailure(users.status());
    for (const auto& u : *users) {
      json line{{"name", u.name},
                {"role", u.role},
                {"created_at", core::FormatRfc3339(u.created_at)},
                {"disabled", u.disabled}};
      fmt::print("{}\n", line.dump());
    }
    return kExitOk;
  });
}

int RunTokenCreate(const UserArgs& args) {
  return WithAccounts(args, [&](app::AccountService& accounts) {
    auto token =
        accounts.CreateToken(LocalAdmin(), args.name, std::chrono::days(args.expires_days));
    if (!token.ok()) return ReportFailure(token.status());
    json out{{"token_id", token->id},
             {"user", args.name},
             {"expires_at", core::FormatRfc3339(token->expires_at)},
             {"token", token->secret}};
    fmt::print("{}\n", out.dump());
    return kExitOk;
  });
}

int RunTokenRevoke(const UserArgs& args) {
  return WithAccounts(args, [&](app::AccountService& accounts) {
    core::Status revoked = accounts.RevokeToken(LocalAdmin(), args.token_id);
    if (!revoked.ok()) return ReportFailure(revoked);
    fmt::print("{}\n", json{{"token_id", args.token_id}, {"revoked", true}}.dump());
    return kExitOk;
  });
}

// Registers `cmd` to run `action` with `args` once parsed.
void OnParsed(CLI::App* cmd, Action& run, std::shared_ptr<UserArgs> args,
              int (*action)(const UserArgs&)) {
  cmd->callback([args, action, &run] { run = [args, action] { return action(*args); }; });
}

}  // namespace

void AddUserCommand(CLI::App& app, Action& run) {
  auto* cmd = app.add_subcommand(
      "user", "User accounts and API tokens (as the local administrator, who owns the store)");
  cmd->require_subcommand(1);

  auto add_args = std::make_shared<UserArgs>();
  auto* add = cmd->add_subcommand("add",
                                  "Add a user; prints a generated password once unless "
                                  "--password-stdin");
  add->add_option("--db", add_args->db, "The store (created if missing)")->required();
  add->add_option("--name", add_args->name, "The user name ([a-z0-9._-], 1 to 64)")->required();
  add->add_option("--role", add_args->role,
                  "admin, coordinator, analyst, monitor, sensor or observer")
      ->required();
  add->add_flag("--password-stdin", add_args->password_stdin,
                "Read the password (12 to 1024 characters) from the first line of stdin");
  OnParsed(add, run, add_args, &RunAdd);

  auto passwd_args = std::make_shared<UserArgs>();
  auto* passwd = cmd->add_subcommand(
      "passwd",
      "Set a user's password (ends their sessions); prints a generated one unless "
      "--password-stdin");
  passwd->add_option("--db", passwd_args->db, "The store")->required()->check(CLI::ExistingFile);
  passwd->add_option("--name", passwd_args->name, "The user")->required();
  passwd->add_flag("--password-stdin", passwd_args->password_stdin,
                   "Read the password from the first line of stdin");
  OnParsed(passwd, run, passwd_args, &RunPasswd);

  auto list_args = std::make_shared<UserArgs>();
  auto* list = cmd->add_subcommand("list", "Print the users (NDJSON)");
  list->add_option("--db", list_args->db, "The store")->required()->check(CLI::ExistingFile);
  OnParsed(list, run, list_args, &RunList);

  auto* token = cmd->add_subcommand("token", "API tokens");
  token->require_subcommand(1);
  auto create_args = std::make_shared<UserArgs>();
  auto* create = token->add_subcommand(
      "create", "Create an API token for a user; prints its id and secret (shown once)");
  create->add_option("--db", create_args->db, "The store")->required()->check(CLI::ExistingFile);
  create->add_option("--name", create_args->name, "The token's user")->required();
  create->add_option("--expires-days", create_args->expires_days, "Lifetime in days (default 90)")
      ->check(CLI::Range(1, 400));
  OnParsed(create, run, create_args, &RunTokenCreate);

  auto revoke_args = std::make_shared<UserArgs>();
  auto* revoke = token->add_subcommand("revoke", "Revoke an API token");
  revoke->add_option("--db", revoke_args->db, "The store")->required()->check(CLI::ExistingFile);
  revoke->add_option("--token-id", revoke_args->token_id, "The token's id")->required();
  OnParsed(revoke, run, revoke_args, &RunTokenRevoke);
}

}  // namespace truceline::cli
