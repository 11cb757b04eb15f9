#pragma once
// The 64-bit hash of a report's key (source, id) that the SQLite schema
// indexes. It is part of the file format: never change it without a
// migration that recomputes the column.

#include <cstdint>
#include <string_view>

namespace truceline::store::sqlite_detail {

// FNV-1a (64-bit) over the length-prefixed source and id, as a signed
// SQLite integer.
int64_t ReportKeyHash(std::string_view source, std::string_view id);

}  // namespace truceline::store::sqlite_detail
