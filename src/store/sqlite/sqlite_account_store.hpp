#pragma once
// Accounts, tokens, sessions and the audit log in the embedded SQLite store
// (same file as the reports; tables from the migration kV7Accounts).

#include <memory>
#include <string>

#include "store/account_store.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace truceline::store {

// Opens the account store of the SQLite store at `path`, creating the file
// and applying the schema migrations as OpenSqliteStore does. Errors as for
// OpenSqliteStore.
core::Result<std::unique_ptr<AccountStore>> OpenSqliteAccountStore(
    const std::string& path, const SqliteOptions& options = {});

}  // namespace truceline::store
