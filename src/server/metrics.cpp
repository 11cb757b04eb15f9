#include "server/metrics.hpp"

#include <fmt/format.h>

namespace truceline::server {
namespace {

// Label values are route patterns and method names; escape anyway.
std::string Label(std::string_view value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') out.push_back('\\');
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out.push_back(c);
  }
  return out;
}

}  // namespace

void Metrics::ObserveRequest(std::string_view route, std::string_view method, unsigned status,
                             double seconds) {
  std::lock_guard lock(mutex_);
  ++requests_[{std::string(route), std::string(method), status}];
  Histogram& h = latency_[{std::string(route), std::string(method)}];
  size_t i = 0;
  while (i < kBuckets.size() && seconds > kBuckets[i])
    ++i;
  if (i < kBuckets.size()) ++h.counts[i];
  ++h.count;
  h.sum += seconds;
}

void Metrics::AddIngest(uint64_t accepted, uint64_t duplicates, uint64_t rejected) {
  accepted_ += accepted;
  duplicates_ += duplicates;
  rejected_ += rejected;
}

std::string Metrics::Render() const {
  std::string out;
  out +=
      "# HELP truceline_http_requests_total HTTP requests served, by route, method and status.\n"
      "# TYPE truceline_http_requests_total counter\n";
  std::lock_guard lock(mutex_);
  for (const auto& [key, n] : requests_) {
    const auto& [route, method, status] = key;
    out += fmt::format(
        "truceline_http_requests_total{{route=\"{}\",method=\"{}\",status=\"{}\"}} {}\n",
        Label(route), Label(method), status, n);
  }
  out +=
      "# HELP truceline_http_request_duration_seconds Time to handle a request.\n"
      "# TYPE truceline_http_request_duration_seconds histogram\n";
  for (const auto& [key, h] : latency_) {
    std::string labels =
        fmt::format("route=\"{}\",method=\"{}\"", Label(key.first), Label(key.second));
    uint64_t cumulative = 0;
    for (size_t i = 0; i < kBuckets.size(); ++i) {
      cumulative += h.counts[i];
      out += fmt::format("truceline_http_request_duration_seconds_bucket{{{},le=\"{}\"}} {}\n",
                         labels, kBuckets[i], cumulative);
    }
    out += fmt::format("truceline_http_request_duration_seconds_bucket{{{},le=\"+Inf\"}} {}\n",
                       labels, h.count);
    out += fmt::format("truceline_http_request_duration_seconds_sum{{{}}} {}\n", labels, h.sum);
    out += fmt::format("truceline_http_request_duration_seconds_count{{{}}} {}\n", labels, h.count);
  }
  auto counter = [&](std::string_view name, std::string_view help, uint64_t value) {
    out += fmt::format("# HELP {0} {1}\n# TYPE {0} counter\n{0} {2}\n", name, help, value);
  };
  auto gauge = [&](std::string_view name, std::string_view help, int64_t value) {
    out += fmt::format("# HELP {0} {1}\n# TYPE {0} gauge\n{0} {2}\n", name, help, value);
  };
  counter("truceline_reports_accepted_total", "Reports stored from HTTP submissions.", accepted_);
  counter("truceline_reports_duplicate_total", "Submitted reports already stored.", duplicates_);
  counter("truceline_reports_rejected_total", "Submitted reports rejected.", rejected_);
  counter("truceline_events_published_total", "Live events published to streams.",
          events_published_);
  counter("truceline_login_failures_total", "Failed logins.", login_failures_);
  counter("truceline_tls_handshake_failures_total", "TLS handshakes that failed or timed out.",
          tls_handshake_failures_);
  gauge("truceline_http_in_flight_requests", "Requests being handled.", in_flight);
  gauge("truceline_writer_queue_depth", "Requests waiting for the store writer.", writer_waiting);
  gauge("truceline_stream_clients", "Open server-sent event streams.", stream_clients);
  gauge("truceline_open_connections", "Open HTTP connections.", open_connections);
  return out;
}

}  // namespace truceline::server
