#pragma once
// The SQLite schema as an ordered list of migrations. Version N of a store
// is the result of applying migrations 1..N; PRAGMA user_version holds N.
// Migrations are append-only: never edit one that has shipped.

#include <span>
#include <string_view>

namespace truceline::store::sqlite_detail {

std::span<const std::string_view> Migrations();

// PRAGMA application_id of a Truceline store ("TRLN").
inline constexpr int kApplicationId = 0x54524C4E;

}  // namespace truceline::store::sqlite_detail
