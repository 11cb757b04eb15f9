#pragma once
// The embedded default Store: one SQLite file in WAL mode.

#include <memory>
#include <string>

#include "store/store.hpp"

namespace truceline::store {

struct SqliteOptions {
  // fsync on every commit (SQLite "synchronous=FULL"): an acknowledged batch
  // survives power loss. Turning it off keeps crash-consistency (the WAL is
  // still atomic) but may lose the last commits on power loss; only for
  // throwaway stores.
  bool durable = true;
  // How long a writer waits for another process's lock before failing.
  int busy_timeout_ms = 10'000;
};

// Opens the SQLite store at `path`, creating it if missing, and applies the
// schema migrations this binary knows, in one transaction. Errors:
// kStoreTooNew when the file's schema is newer than this binary's;
// kStorageError when the file is not a Truceline store or SQLite fails.
core::Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path,
                                                     const SqliteOptions& options = {});

// The newest schema version this binary writes.
int SqliteSchemaVersion();

}  // namespace truceline::store
