#pragma once
// Private to src/app: the cryptography behind accounts (libsodium): random
// secrets, their hashes, argon2id password hashing and constant-time
// comparison. Every function is thread-safe.

#include <optional>
#include <string>
#include <string_view>

#include "core/status.hpp"

namespace truceline::app::detail {

// Initialises libsodium (idempotent). kInternal when it cannot be.
core::Status InitSodium();

// 32 random bytes in URL-safe base64 without padding (43 characters).
std::string RandomSecret();

// Hex BLAKE2b-256 of `secret`.
std::string HashSecret(std::string_view secret);

// `a == b`, in time that depends only on the lengths.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

// An argon2id hash string (crypto_pwhash_str, interactive limits).
// kInternal when out of memory.
core::Result<std::string> HashPassword(std::string_view password);

// Whether `password` matches `hash` (crypto_pwhash_str_verify).
bool VerifyPassword(std::string_view hash, std::string_view password);

// Spends the work of one VerifyPassword against a dummy hash, so that an
// unknown user costs as much as a known one.
void BurnPasswordCheck(std::string_view password);

}  // namespace truceline::app::detail
