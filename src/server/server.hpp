#pragma once
// The Truceline server: opens the store, wires the endpoints to the HTTP
// transport and serves until stopped (`truceline serve`, `truceline demo`).

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "core/status.hpp"
#include "core/time.hpp"
#include "server/services.hpp"

namespace truceline::server {

struct ServeOptions {
  std::string db;  // the store's location
  std::string address = "127.0.0.1";
  uint16_t port = 8080;  // 0: any free port
  // PEM certificate chain and private key: both set, the server speaks
  // HTTPS only; both empty, plain HTTP (see HttpServerOptions).
  std::string tls_cert_file;
  std::string tls_key_file;
  ServerSettings settings;  // web root, cookies, output folder
  int worker_threads = 4;
  uint64_t max_body_bytes = 64ull << 20;  // larger bodies get 413
  bool access_log = true;                 // one JSON line per request on stderr
};

class Server {
 public:
  // Opens the store (errors as app::OpenStore, plus the account store's),
  // loads the TLS certificate and key when given (errors naming the file,
  // see LoadTlsContext) and binds the port (kIoError when taken). `clock`
  // must outlive it.
  static core::Result<std::unique_ptr<Server>> Start(const ServeOptions& options,
                                                     const core::Clock& clock);
  ~Server();

  uint16_t port() const;
  // Serves until Stop or, with `handle_signals`, SIGINT/SIGTERM; then
  // finishes the requests in flight and returns.
  void Run(bool handle_signals);
  // Graceful stop from any thread.
  void Stop();

 private:
  Server();
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace truceline::server
