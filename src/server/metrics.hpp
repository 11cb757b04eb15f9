#pragma once
// Metrics: the server's counters, gauges and latency histograms, rendered
// in the Prometheus text exposition format (version 0.0.4) for /metrics.
// Thread-safe: every method may be called from any thread.

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <tuple>

namespace truceline::server {

class Metrics {
 public:
  // One request served: its route pattern (or "unmatched"), method, HTTP
  // status and the time from reading it to handing the response back.
  void ObserveRequest(std::string_view route, std::string_view method, unsigned status,
                      double seconds);
  // Reports submitted over HTTP: stored, duplicates, rejected.
  void AddIngest(uint64_t accepted, uint64_t duplicates, uint64_t rejected);
  void AddEventsPublished(uint64_t n) { events_published_ += n; }
  void AddLoginFailure() { login_failures_ += 1; }
  // A TLS handshake that failed or timed out (e.g. plain HTTP sent to HTTPS).
  void AddTlsHandshakeFailure() { tls_handshake_failures_ += 1; }

  // Gauges, kept by the server as things change.
  std::atomic<int64_t> in_flight{0};       // requests being handled
  std::atomic<int64_t> writer_waiting{0};  // requests queued for the writer
  std::atomic<int64_t> stream_clients{0};  // open server-sent event streams (set at render)
  std::atomic<int64_t> open_connections{0};

  std::string Render() const;

 private:
  static constexpr std::array<double, 13> kBuckets{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                   0.1,    0.25,  0.5,    1,     2.5,  10};
  struct Histogram {
    std::array<uint64_t, kBuckets.size()> counts{};  // non-cumulative
    uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mutex_;
  std::map<std::tuple<std::string, std::string, unsigned>, uint64_t> requests_;
  std::map<std::pair<std::string, std::string>, Histogram> latency_;
  std::atomic<uint64_t> accepted_{0}, duplicates_{0}, rejected_{0};
  std::atomic<uint64_t> events_published_{0}, login_failures_{0}, tls_handshake_failures_{0};
};

}  // namespace truceline::server
