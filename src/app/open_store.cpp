#include "app/app.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace truceline::app {

core::Result<std::unique_ptr<store::Store>> OpenStore(const std::string& location) {
  std::string_view path = location;
  if (path.starts_with("sqlite:")) path.remove_prefix(7);
  if (path.empty()) {
    return core::Status(core::ErrorCode::kInvalidArgument, "no store given (--db PATH)");
  }
  return store::OpenSqliteStore(std::string(path));
}

}  // namespace truceline::app
