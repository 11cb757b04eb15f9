#pragma once
// Services: what the endpoint handlers share: the backend, the live event
// hub, metrics, the login limiter and the server's settings. Owned by the
// Server; handlers hold references for the server's lifetime.

#include <string>

#include "server/backend.hpp"
#include "server/event_hub.hpp"
#include "server/login_limiter.hpp"
#include "server/metrics.hpp"

namespace truceline::server {

struct ServerSettings {
  // Sent with the session cookie; true when served over TLS or behind a
  // TLS proxy. Browsers keep Secure cookies on http://localhost too.
  bool secure_cookies = true;
  std::string web_root;     // the UI's files (web/)
  std::string vendor_root;  // /usr/share/javascript: Leaflet, Chart.js
  std::string output_root;  // where daily reports are written
  uint64_t max_batch_records = 10'000;
};

struct Services {
  Backend& backend;
  EventHub& events;
  Metrics& metrics;
  LoginLimiter& login_limiter;
  const ServerSettings& settings;
};

}  // namespace truceline::server
