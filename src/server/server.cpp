#include "server/server.hpp"

#include <cstdio>
#include <mutex>

#include <fmt/format.h>

#include "app/incident_export.hpp"
#include "app/violation_export.hpp"
#include "core/json_text.hpp"
#include "server/dispatcher.hpp"
#include "server/http_server.hpp"
#include "server/routes.hpp"

namespace truceline::server {

struct Server::State {
  Metrics metrics;
  EventHub events;
  LoginLimiter login_limiter;
  ServerSettings settings;
  std::unique_ptr<Backend> backend;
  std::unique_ptr<Services> services;
  Router router;
  std::unique_ptr<Dispatcher> dispatcher;
  std::unique_ptr<HttpServer> http;
  std::mutex log_mutex;
};

namespace {

// Live events for what one fusion step wrote; built only when someone
// listens.
void PublishFusion(EventHub& events, Metrics& metrics, const store::FusionUpdate& update) {
  if (events.subscribers() == 0) return;
  uint64_t published = 0;
  for (const auto& changed : update.incidents) {
    std::string data = fmt::format(R"({{"id":{},)", changed.incident.id);
    app::AppendIncidentSummaryMembers(data, changed.incident);
    data += '}';
    events.Publish("incident", std::move(data));
    ++published;
  }
  if (update.violations) {
    for (const auto& violation : update.violations->violations) {
      std::string data;
      app::AppendViolationJson(data, violation);
      events.Publish("violation", std::move(data));
      ++published;
    }
  }
  metrics.AddEventsPublished(published);
}

void WriteAccessLog(std::mutex& mutex, const AccessRecord& r) {
  std::string line = R"({"log":"access","request_id":)";
  core::AppendJsonString(line, r.request_id);
  line += R"(,"remote":)";
  core::AppendJsonString(line, r.remote);
  line += R"(,"method":)";
  core::AppendJsonString(line, r.method);
  line += R"(,"target":)";
  core::AppendJsonString(line, r.target.substr(0, 512));
  line +=
      fmt::format(R"(,"status":{},"bytes":{},"ms":{:.3f}}})", r.status, r.bytes, r.seconds * 1e3);
  line += '\n';
  std::lock_guard lock(mutex);
  std::fwrite(line.data(), 1, line.size(), stderr);
}

}  // namespace

Server::Server() : state_(std::make_unique<State>()) {}
Server::~Server() = default;

core::Result<std::unique_ptr<Server>> Server::Start(const ServeOptions& options,
                                                    const core::Clock& clock) {
  std::unique_ptr<Server> server(new Server());
  State& s = *server->state_;
  s.settings = options.settings;
  auto backend = Backend::Open(
      options.db, clock, s.metrics,
      [&s](const store::FusionUpdate& update) { PublishFusion(s.events, s.metrics, update); });
  if (!backend.ok()) return backend.status();
  s.backend = std::move(*backend);
  s.services = std::make_unique<Services>(
      Services{*s.backend, s.events, s.metrics, s.login_limiter, s.settings});
  TRUCELINE_RETURN_IF_ERROR(AddAllRoutes(s.router, *s.services));
  s.dispatcher = std::make_unique<Dispatcher>(s.router, *s.services);

  HttpServerOptions http;
  http.address = options.address;
  http.port = options.port;
  http.worker_threads = options.worker_threads;
  http.max_body_bytes = options.max_body_bytes;
  http.tls_cert_file = options.tls_cert_file;
  http.tls_key_file = options.tls_key_file;
  AccessLog log;
  if (options.access_log) {
    log = [&s](const AccessRecord& record) { WriteAccessLog(s.log_mutex, record); };
  }
  s.http = std::make_unique<HttpServer>(
      http,
      [&s](const Request& request, const std::string& remote, const std::string& id) {
        return (*s.dispatcher)(request, remote, id);
      },
      std::move(log),
      TransportEvents{[&s](int delta) { s.metrics.open_connections += delta; },
                      [&s] { s.metrics.AddTlsHandshakeFailure(); }});
  TRUCELINE_RETURN_IF_ERROR(s.http->Listen());
  return server;
}

uint16_t Server::port() const {
  return state_->http->port();
}

void Server::Run(bool handle_signals) {
  state_->http->Run(handle_signals);
}

void Server::Stop() {
  state_->http->Stop();
}

}  // namespace truceline::server
