// truceline serve --db DB [--listen ADDR:PORT] [--tls-cert PEM --tls-key PEM]
// : the HTTP(S) server (REST API, OGC API Features, live events, the web UI)
// until SIGINT/SIGTERM.

#include <charconv>
#include <filesystem>
#include <memory>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/serve_args.hpp"
#include "server/server.hpp"

namespace truceline::cli {

core::Result<server::ServeOptions> ServeOptionsFrom(const ServeArgs& args) {
  server::ServeOptions options;
  options.db = args.db;
  size_t colon = args.listen.rfind(':');
  uint16_t port = 0;
  const char* begin = args.listen.data() + (colon == std::string::npos ? 0 : colon + 1);
  const char* end = args.listen.data() + args.listen.size();
  auto [ptr, ec] = std::from_chars(begin, end, port);
  if (colon == std::string::npos || ec != std::errc() || ptr != end) {
    return core::Status(
        core::ErrorCode::kInvalidArgument,
        fmt::format("--listen '{}': expected ADDRESS:PORT, e.g. 127.0.0.1:8080", args.listen));
  }
  options.address = args.listen.substr(0, colon);
  options.port = port;
  options.tls_cert_file = args.tls_cert;
  options.tls_key_file = args.tls_key;
  options.worker_threads = args.workers;
  options.access_log = !args.quiet;
  options.settings.web_root = args.web_root;
  options.settings.vendor_root = "/usr/share/javascript";
  options.settings.secure_cookies = !args.insecure_cookies || !args.tls_cert.empty();
  std::filesystem::path db(args.db);
  options.settings.output_root =
      args.output.empty()
          ? ((db.has_parent_path() ? db.parent_path() : std::filesystem::path(".")) /
             "truceline-output")
                .string()
          : args.output;
  return options;
}

void AddServeOptions(CLI::App& cmd, ServeArgs& args) {
  cmd.add_option("--listen", args.listen, "ADDRESS:PORT to listen on (port 0: any free port)");
  auto* cert = cmd.add_option("--tls-cert", args.tls_cert,
                              "PEM certificate (then any intermediates): serve HTTPS only "
                              "(TLS 1.2 or 1.3); needs --tls-key");
  auto* key = cmd.add_option("--tls-key", args.tls_key,
                             "PEM private key of --tls-cert (unencrypted); needs --tls-cert");
  cert->needs(key);
  key->needs(cert);
  cmd.add_option("--web-root", args.web_root, "The web UI's folder");
  cmd.add_option("--output", args.output,
                 "Folder for generated daily reports (default: truceline-output beside the store)");
  cmd.add_option("--workers", args.workers, "Threads handling requests")->check(CLI::Range(1, 64));
  cmd.add_flag("--quiet", args.quiet, "No access log on stderr");
  cmd.add_flag("--insecure-cookies", args.insecure_cookies,
               "Session cookies without the Secure flag (plain HTTP on a non-local address)")
      ->excludes(cert);
}

std::string ServeUrl(const server::ServeOptions& options, uint16_t port) {
  bool ipv6 = options.address.find(':') != std::string::npos;
  return fmt::format("{}://{}{}{}:{}", options.tls_cert_file.empty() ? "http" : "https",
                     ipv6 ? "[" : "", options.address, ipv6 ? "]" : "", port);
}

int RunServer(const server::ServeOptions& options, const std::function<void(uint16_t)>& ready) {
  core::SystemClock clock;
  auto started = server::Server::Start(options, clock);
  if (!started.ok()) return ReportFailure(started.status());
  ready((*started)->port());
  (*started)->Run(/*handle_signals=*/true);
  fmt::print(stderr, "{{\"log\":\"stopped\"}}\n");
  return kExitOk;
}

void AddServeCommand(CLI::App& app, Action& run) {
  auto args = std::make_shared<ServeArgs>();
  auto* cmd = app.add_subcommand(
      "serve", "Serve the REST API, OGC API Features and the web UI over HTTP or HTTPS");
  cmd->add_option("--db", args->db, "The store")->required();
  AddServeOptions(*cmd, *args);
  cmd->footer(
      "Without --tls-cert/--tls-key the server speaks plain HTTP: keep it on loopback or behind "
      "a TLS proxy.\nA self-signed certificate for a test:\n"
      "  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 \\\n"
      "    -subj /CN=localhost -addext subjectAltName=DNS:localhost,IP:127.0.0.1 \\\n"
      "    -keyout key.pem -out cert.pem");
  cmd->callback([args, &run] {
    run = [args] {
      auto options = ServeOptionsFrom(*args);
      if (!options.ok()) return ReportFailure(options.status());
      return RunServer(*options, [&](uint16_t port) {
        // Scripts and tests wait for this line to learn the port.
        fmt::print("{{\"listening\":\"{}\"}}\n", ServeUrl(*options, port));
        std::fflush(stdout);
      });
    };
  });
}

}  // namespace truceline::cli
