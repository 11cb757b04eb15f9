#pragma once
// Backend: the server's access to durable state. Reads run on pooled
// connections from any worker thread, concurrently (SQLite WAL lets
// readers proceed during a write); every state change goes through the one
// writer, serialised, which holds the long-lived report intake (so fusion
// stays warm between requests). Accounts and the audit trail run on pooled
// connections too: authenticating a request never waits for another's
// password hashing, and audit appends serialise in SQLite (BEGIN
// IMMEDIATE), keeping one chain. Thread-safe.

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <vector>

#include "app/accounts.hpp"
#include "app/audit.hpp"
#include "app/incident_tracker.hpp"
#include "app/incident_view.hpp"
#include "app/report_intake.hpp"
#include "core/status.hpp"
#include "core/time.hpp"
#include "server/metrics.hpp"
#include "store/account_store.hpp"
#include "store/store.hpp"

namespace truceline::server {

class Backend {
 public:
  // Opens the store at `location` (creating and migrating it as the CLI
  // does), the writer and its intake (fusing what is left unfused), and the
  // account store. `on_fusion` receives every committed fusion step (on the
  // writer's thread). `clock` and `metrics` must outlive the backend.
  static core::Result<std::unique_ptr<Backend>> Open(
      const std::string& location, const core::Clock& clock, Metrics& metrics,
      std::function<void(const store::FusionUpdate&)> on_fusion);
  ~Backend();

  // Runs `fn` with a reader connection of its own for the call.
  core::Status Read(const std::function<core::Status(store::Store&)>& fn);

  // How long changes made by another process may take to reach the view.
  static constexpr std::chrono::milliseconds kExternalWriteLag{50};

  // Incidents matching `query`, as store::Store::ScanIncidents, answered from
  // the in-memory incident view. The view catches up before the scan when
  // this server has written since it last did (so a client always reads its
  // own writes and every earlier write through this server), and otherwise
  // at most kExternalWriteLag after its last look (changes made by another
  // process, such as a CLI ingest into the same file, appear within it).
  // `visit` runs under the view's shared lock.
  core::Status ScanIncidents(const store::IncidentQuery& query,
                             const std::function<bool(const core::Incident&)>& visit);

  // What the writer holds; used only inside Write.
  struct Writer {
    store::Store& store;
    app::ReportIntake& intake;
  };
  // Runs `fn` with the writer, one caller at a time (callers queue; the
  // queue depth is the writer_waiting gauge).
  core::Status Write(const std::function<core::Status(Writer&)>& fn);

  // Runs `fn` with the account service and the audit trail, on an account
  // connection of its own for the call.
  core::Status Accounts(
      const std::function<core::Status(app::AccountService&, app::AuditTrail&)>& fn);

  // Appends one audit entry (a convenience over Accounts); a failure to
  // audit is returned, so the caller can report it.
  core::Status Audit(const app::Actor& actor, std::string_view action, std::string_view target,
                     std::string_view detail_json);

  const std::string& location() const { return location_; }
  const core::Clock& clock() const { return clock_; }
  const app::AdminRegions& regions() const { return *regions_; }

 private:
  Backend(std::string location, const core::Clock& clock, Metrics& metrics)
      : location_(std::move(location)), clock_(clock), metrics_(metrics) {}

  const std::string location_;
  const core::Clock& clock_;
  Metrics& metrics_;
  std::unique_ptr<app::AdminRegions> regions_;

  std::mutex readers_mutex_;
  std::vector<std::unique_ptr<store::Store>> idle_readers_;

  std::mutex writer_mutex_;
  std::unique_ptr<store::Store> writer_store_;
  std::unique_ptr<app::ReportIntake> intake_;

  // The incident view: catching up is serialised by view_catch_up_mutex_
  // (the changes are read without blocking scans), applying them takes
  // view_mutex_ exclusively, scans share it.
  // Reads and applies the incident changes not yet in the view.
  core::Status CatchUpView();
  std::mutex view_catch_up_mutex_;
  std::shared_mutex view_mutex_;
  app::IncidentView view_;
  // Bumped after every Write; the view remembers the value it caught up
  // to, and when (steady clock ticks).
  std::atomic<uint64_t> write_generation_{0};
  std::atomic<uint64_t> view_generation_{0};
  std::atomic<int64_t> view_checked_at_{0};

  std::mutex accounts_mutex_;
  std::vector<std::unique_ptr<store::AccountStore>> idle_accounts_;
};

}  // namespace truceline::server
