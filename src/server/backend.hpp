#pragma once
// Backend: the server's access to durable state. Reads run on pooled
// connections from any worker thread, concurrently (SQLite WAL lets
// readers proceed during a write); every state change goes through the one
// writer, serialised, which holds the long-lived report intake (so fusion
// stays warm between requests). Accounts and the audit trail run on pooled
// connections too: authenticating a request never waits for another's
// password hashing, and audit appends serialise in SQLite (BEGIN
// IMMEDIATE), keeping one chain. Requests are authenticated from a cache of
// recent authentications, dropped whenever the audit log grows. Thread-safe.

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
#include "app/principal_cache.hpp"
#include "app/report_intake.hpp"
#include "core/status.hpp"
#include "core/time.hpp"
#include "server/change_watch.hpp"
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

  // How long changes made by another process may take to reach the
  // incident view and the authentication of requests.
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
  // queue depth is the writer_waiting gauge), then brings the incident view
  // up to date (outside the writer's lock).
  core::Status Write(const std::function<core::Status(Writer&)>& fn);

  // The principal of an API token or a session cookie value, as
  // app::AccountService::AuthenticateToken / AuthenticateSession (same
  // errors), answered from a cache of recent authentications when it can.
  // Every account change appends to the audit log in its transaction, so the
  // cache is dropped whenever the log has grown: a change made through this
  // server (a logout, any Accounts call) takes effect on the next request,
  // one made by another process (a token revoked with the CLI) within
  // kExternalWriteLag.
  core::Result<app::Principal> Authenticate(app::PrincipalCache::Credential kind,
                                            std::string_view secret);

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
  // Reads and applies the incident changes not yet in the view, if no other
  // thread did while this one waited.
  core::Status CatchUpView();
  std::mutex view_catch_up_mutex_;
  std::shared_mutex view_mutex_;
  app::IncidentView view_;
  // Touched after every Write.
  ChangeWatch view_watch_{kExternalWriteLag};

  std::mutex accounts_mutex_;
  std::vector<std::unique_ptr<store::AccountStore>> idle_accounts_;
  // Runs `fn` on a pooled account connection.
  core::Status WithAccountStore(const std::function<core::Status(store::AccountStore&)>& fn);

  // Authentications: principals_ is cleared when the audit log's head
  // (audit_seq_seen_) has moved; looking is serialised by
  // principals_check_mutex_; principals_watch_ is touched after every
  // Accounts call.
  core::Status CheckAccountChanges();
  app::PrincipalCache principals_;
  ChangeWatch principals_watch_{kExternalWriteLag};
  std::mutex principals_check_mutex_;
  uint64_t audit_seq_seen_ = 0;
};

}  // namespace truceline::server
