#pragma once
// The coalition registry in the embedded SQLite store (same file as the
// reports; tables from the migration kRegistryTables).

#include <memory>
#include <string>

#include "store/registry_store.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace truceline::store {

// Opens the registry of the SQLite store at `path`, creating the file and
// applying the schema migrations as OpenSqliteStore does. Errors as for
// OpenSqliteStore.
core::Result<std::unique_ptr<RegistryStore>> OpenSqliteRegistryStore(
    const std::string& path, const SqliteOptions& options = {});

}  // namespace truceline::store
