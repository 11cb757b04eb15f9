#pragma once
// Paging cursors: where a page of incidents or violations ended, as an
// opaque-looking text the client passes back (REST `cursor`, OGC `next`
// links). Parsing fails with kInvalidArgument for text this server did not
// give.

#include <string>
#include <utility>

#include "core/incident.hpp"
#include "core/status.hpp"
#include "core/time.hpp"
#include "store/store.hpp"

namespace truceline::server {

std::string IncidentCursor(const core::Incident& last);
core::Result<std::pair<core::UtcMicros, uint64_t>> ParseIncidentCursor(const std::string& text);

std::string ViolationCursor(const store::ViolationRecord& last);
core::Result<store::ViolationQuery::After> ParseViolationCursor(const std::string& text);

}  // namespace truceline::server
