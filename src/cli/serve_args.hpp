#pragma once
// The server's options, shared by `truceline serve` and `truceline demo`
// (which serves what it loaded).

#include <cstdint>
#include <functional>
#include <string>

#include <CLI/CLI.hpp>

#include "core/status.hpp"
#include "server/server.hpp"

namespace truceline::cli {

struct ServeArgs {
  std::string db;
  std::string listen = "127.0.0.1:8080";
  std::string web_root = TRUCELINE_DEFAULT_WEB_DIR;
  std::string output;
  int workers = 4;
  bool quiet = false;
  bool insecure_cookies = false;
  std::string tls_cert;  // both set: HTTPS only
  std::string tls_key;
};

// Registers --listen, --tls-cert, --tls-key (each needs the other),
// --web-root, --output, --workers, --quiet, --insecure-cookies (which
// excludes TLS) (not --db: each command words it its own way).
void AddServeOptions(CLI::App& cmd, ServeArgs& args);

// The server's options from the command line; kInvalidArgument for a bad
// --listen.
core::Result<server::ServeOptions> ServeOptionsFrom(const ServeArgs& args);

// The server's base URL once bound to `port`: https:// when it speaks TLS.
std::string ServeUrl(const server::ServeOptions& options, uint16_t port);

// Starts the server, calls `ready` with the bound port, serves until
// SIGINT/SIGTERM. Returns the exit code.
int RunServer(const server::ServeOptions& options, const std::function<void(uint16_t)>& ready);

}  // namespace truceline::cli
