#pragma once
// The server's TLS settings: an OpenSSL context loaded from a PEM
// certificate chain and its private key, for HttpServer to terminate HTTPS.

#include <memory>
#include <string>

#include <boost/asio/ssl/context.hpp>

#include "core/status.hpp"

namespace truceline::server {

// A server context: TLS 1.2 at least (1.3 preferred: OpenSSL picks the
// highest both sides speak), no compression or renegotiation, forward-secret
// AEAD ciphers for TLS 1.2 with the server's order preferred. `cert_file`
// holds the certificate (then any intermediates), `key_file` its
// unencrypted private key. Errors name the file: kNotFound or kIoError when
// it cannot be read, kInvalidArgument when it holds no usable certificate or
// key, or the key does not belong to the certificate.
core::Result<std::unique_ptr<boost::asio::ssl::context>> LoadTlsContext(
    const std::string& cert_file, const std::string& key_file);

}  // namespace truceline::server
