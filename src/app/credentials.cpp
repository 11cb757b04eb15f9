#include "app/credentials.hpp"

#include <array>

#include <sodium.h>

namespace truceline::app::detail {

core::Status InitSodium() {
  if (sodium_init() < 0) {
    return core::Status(core::ErrorCode::kInternal, "libsodium could not be initialised");
  }
  return core::Status::Ok();
}

std::string RandomSecret() {
  std::array<unsigned char, 32> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string text(sodium_base64_ENCODED_LEN(bytes.size(), kVariant), '\0');
  sodium_bin2base64(text.data(), text.size(), bytes.data(), bytes.size(), kVariant);
  text.resize(text.find('\0'));
  sodium_memzero(bytes.data(), bytes.size());
  return text;
}

std::string HashSecret(std::string_view secret) {
  std::array<unsigned char, 32> digest{};
  crypto_generichash(digest.data(), digest.size(),
                     reinterpret_cast<const unsigned char*>(secret.data()), secret.size(), nullptr,
                     0);
  std::string hex(digest.size() * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
  hex.pop_back();
  return hex;
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

core::Result<std::string> HashPassword(std::string_view password) {
  std::array<char, crypto_pwhash_STRBYTES> out{};
  if (crypto_pwhash_str(out.data(), password.data(), password.size(),
                        crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    return core::Status(core::ErrorCode::kInternal, "password hashing ran out of memory");
  }
  return std::string(out.data());
}

bool VerifyPassword(std::string_view hash, std::string_view password) {
  // crypto_pwhash_str_verify wants a NUL-terminated hash string.
  std::string terminated(hash);
  return crypto_pwhash_str_verify(terminated.c_str(), password.data(), password.size()) == 0;
}

void BurnPasswordCheck(std::string_view password) {
  // An argon2id hash (interactive limits) of a random password nobody
  // knows: verifying against it costs what a real check costs.
  static constexpr std::string_view kDummyHash =
      "$argon2id$v=19$m=65536,t=2,p=1$h748M95ZuhHZVOjTrPJCjQ$"
      "rgiGvHtNm0Tt+hTID3AFcMFzljMS5aDBX3XW+l4ACrI";
  (void)VerifyPassword(kDummyHash, password);
}

}  // namespace truceline::app::detail
