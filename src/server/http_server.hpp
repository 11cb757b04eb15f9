#pragma once
// HttpServer: the HTTP/1.1 transport (Boost.Beast on Asio). It accepts
// connections, reads requests with keep-alive and input limits, hands each
// request to the dispatcher on a worker thread (handlers may block on the
// store; the network threads never do), writes the response, and streams
// server-sent events. It knows nothing of routes, users or stores.
//
// With a certificate and key it speaks HTTPS only (TLS over the same
// connection logic): each connection first completes a TLS handshake within
// `handshake_timeout`; one that fails (a plain HTTP client, a bad client
// hello) is closed alone and reported through TransportEvents.
//
// Shutdown (Stop, or SIGTERM/SIGINT when Run installs the handler) is
// graceful: the listener closes, idle connections close (over TLS with a
// close_notify), every request already read is answered, then Run returns.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "core/status.hpp"
#include "server/http_types.hpp"

namespace truceline::server {

struct HttpServerOptions {
  std::string address = "127.0.0.1";
  uint16_t port = 8080;  // 0: any free port (see HttpServer::port)
  int network_threads = 1;
  int worker_threads = 4;
  uint64_t max_body_bytes = 64ull << 20;  // larger bodies get 413
  uint32_t max_header_bytes = 16 << 10;
  std::chrono::seconds idle_timeout{60};
  std::chrono::seconds event_keepalive{15};  // SSE comment lines
  // PEM files; both set: HTTPS only, both empty: plain HTTP.
  std::string tls_cert_file;
  std::string tls_key_file;
  std::chrono::seconds handshake_timeout{10};
};

// What the transport reports about its connections, from network threads.
// Either callback may be empty.
struct TransportEvents {
  std::function<void(int delta)> connections;  // +1 accepted, -1 closed
  std::function<void()> handshake_failed;      // a TLS handshake failed or timed out
};

// Turns one request into a result. Called on a worker thread, possibly
// concurrently; must not throw (the server answers 500 if it does).
using Dispatch = std::function<HandlerResult(const Request& request, const std::string& remote,
                                             const std::string& request_id)>;

// One line of the access log, after each response is written.
struct AccessRecord {
  std::string request_id;
  std::string remote;
  std::string method;
  std::string target;
  unsigned status = 0;
  uint64_t bytes = 0;
  double seconds = 0;
};
using AccessLog = std::function<void(const AccessRecord&)>;

class HttpServer {
 public:
  HttpServer(HttpServerOptions options, Dispatch dispatch, AccessLog access_log,
             TransportEvents events = {});
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Loads the TLS certificate and key (when set), then binds and listens.
  // Errors: kInvalidArgument (bad address; a certificate or key that cannot
  // be used, see LoadTlsContext), kNotFound (no such certificate or key
  // file), kIoError (the port is taken, permission, an unreadable file).
  core::Status Listen();
  // The bound port (after Listen).
  uint16_t port() const;
  // Serves until Stop or, with `handle_signals`, SIGINT/SIGTERM.
  void Run(bool handle_signals);
  // Starts a graceful shutdown; thread-safe, returns at once.
  void Stop();

  // The implementation, declared here so its connection class can name it.
  class Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace truceline::server
