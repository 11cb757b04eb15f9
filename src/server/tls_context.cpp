#include "server/tls_context.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>

#include <fmt/format.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

namespace truceline::server {
namespace {

namespace ssl = boost::asio::ssl;

// TLS 1.2 suites: ECDHE key exchange and AEAD only. TLS 1.3 suites are
// OpenSSL's defaults (all AEAD, all forward-secret).
constexpr const char* kTls12Ciphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";

// The reason of OpenSSL's oldest queued error (the root cause), and clears
// the queue.
std::string OpenSslReason() {
  unsigned long first = ERR_get_error();
  ERR_clear_error();
  if (first == 0) return "unknown OpenSSL error";
  const char* reason = ERR_reason_error_string(first);
  return reason ? reason : fmt::format("OpenSSL error {:#x}", first);
}

// kNotFound or kIoError when `path` cannot be opened for reading.
core::Status CheckReadable(const char* what, const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (file) return core::Status::Ok();
  int error = errno;
  return core::Status(error == ENOENT ? core::ErrorCode::kNotFound : core::ErrorCode::kIoError,
                      fmt::format("{} '{}': cannot read: {}", what, path, std::strerror(error)));
}

// Never prompts on the terminal for an encrypted key's passphrase.
int NoPassphrase(char*, int, int, void*) {
  return 0;
}

}  // namespace

core::Result<std::unique_ptr<ssl::context>> LoadTlsContext(const std::string& cert_file,
                                                           const std::string& key_file) {
  TRUCELINE_RETURN_IF_ERROR(CheckReadable("--tls-cert", cert_file));
  TRUCELINE_RETURN_IF_ERROR(CheckReadable("--tls-key", key_file));
  ERR_clear_error();
  auto context = std::make_unique<ssl::context>(ssl::context::tls_server);
  SSL_CTX* native = context->native_handle();
  SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION);
  SSL_CTX_set_options(
      native, SSL_OP_NO_COMPRESSION | SSL_OP_CIPHER_SERVER_PREFERENCE | SSL_OP_NO_RENEGOTIATION);
  if (SSL_CTX_set_cipher_list(native, kTls12Ciphers) != 1) {
    return core::Status(core::ErrorCode::kInternal,
                        fmt::format("TLS 1.2 cipher list refused: {}", OpenSslReason()));
  }
  SSL_CTX_set_default_passwd_cb(native, NoPassphrase);
  if (SSL_CTX_use_certificate_chain_file(native, cert_file.c_str()) != 1) {
    return core::Status(core::ErrorCode::kInvalidArgument,
                        fmt::format("--tls-cert '{}': not a PEM certificate chain ({})", cert_file,
                                    OpenSslReason()));
  }
  if (SSL_CTX_use_PrivateKey_file(native, key_file.c_str(), SSL_FILETYPE_PEM) != 1) {
    unsigned long error = ERR_peek_last_error();
    std::string reason = OpenSslReason();
    if (ERR_GET_REASON(error) == X509_R_KEY_VALUES_MISMATCH) {
      return core::Status(core::ErrorCode::kInvalidArgument,
                          fmt::format("--tls-key '{}': the key does not match the certificate "
                                      "in --tls-cert '{}'",
                                      key_file, cert_file));
    }
    return core::Status(
        core::ErrorCode::kInvalidArgument,
        fmt::format("--tls-key '{}': not an unencrypted PEM private key ({})", key_file, reason));
  }
  if (SSL_CTX_check_private_key(native) != 1) {
    ERR_clear_error();
    return core::Status(
        core::ErrorCode::kInvalidArgument,
        fmt::format("--tls-key '{}': the key does not match the certificate in --tls-cert '{}'",
                    key_file, cert_file));
  }
  return context;
}

}  // namespace truceline::server
