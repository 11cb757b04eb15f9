#include "server/backend.hpp"

#include "app/app.hpp"

namespace truceline::server {
namespace {

// Runs `fn` on a connection taken from `idle` (opened with `open` when none
// is idle) and gives it back afterwards.
template <typename Connection, typename Open>
core::Status WithPooled(std::mutex& mutex, std::vector<std::unique_ptr<Connection>>& idle,
                        const Open& open, const std::function<core::Status(Connection&)>& fn) {
  std::unique_ptr<Connection> connection;
  {
    std::lock_guard lock(mutex);
    if (!idle.empty()) {
      connection = std::move(idle.back());
      idle.pop_back();
    }
  }
  if (!connection) {
    auto opened = open();
    if (!opened.ok()) return opened.status();
    connection = std::move(*opened);
  }
  core::Status status = fn(*connection);
  std::lock_guard lock(mutex);
  idle.push_back(std::move(connection));
  return status;
}

}  // namespace

core::Result<std::unique_ptr<Backend>> Backend::Open(
    const std::string& location, const core::Clock& clock, Metrics& metrics,
    std::function<void(const store::FusionUpdate&)> on_fusion) {
  std::unique_ptr<Backend> backend(new Backend(location, clock, metrics));
  auto regions = app::AdminRegions::LoadBundled();
  if (!regions.ok()) return regions.status();
  backend->regions_ = std::make_unique<app::AdminRegions>(std::move(*regions));

  auto writer = app::OpenStore(location);
  if (!writer.ok()) return writer.status();
  backend->writer_store_ = std::move(*writer);
  app::TrackerOptions fusion;
  fusion.on_commit = std::move(on_fusion);
  auto intake =
      app::ReportIntake::Open(*backend->writer_store_, clock, fusion, backend->regions_.get());
  if (!intake.ok()) return intake.status();
  backend->intake_ = std::move(*intake);
  // The incident view is filled now, so the first map query is not slow.
  TRUCELINE_RETURN_IF_ERROR(backend->CatchUpView());

  // One account connection now, so a store that cannot serve accounts
  // fails before the server listens.
  auto accounts = app::OpenAccountStore(location);
  if (!accounts.ok()) return accounts.status();
  backend->idle_accounts_.push_back(std::move(*accounts));
  return backend;
}

Backend::~Backend() = default;

core::Status Backend::Read(const std::function<core::Status(store::Store&)>& fn) {
  return WithPooled<store::Store>(
      readers_mutex_, idle_readers_, [&] { return app::OpenStore(location_); }, fn);
}

core::Status Backend::CatchUpView() {
  std::lock_guard catching_up(view_catch_up_mutex_);
  // Read before the changes, so a write that lands meanwhile triggers the
  // next catch-up.
  const uint64_t generation = write_generation_.load();
  const int64_t now = std::chrono::steady_clock::now().time_since_epoch().count();
  std::vector<store::IncidentChange> changes;
  const uint64_t after = view_.applied_seq();  // only this section changes it
  TRUCELINE_RETURN_IF_ERROR(Read([&](store::Store& store) {
    return store.ScanIncidentChanges(
        after, [&](const store::IncidentChange& change) { changes.push_back(change); });
  }));
  if (!changes.empty()) {
    std::unique_lock applying(view_mutex_);
    view_.Apply(changes);
  }
  view_generation_.store(generation);
  view_checked_at_.store(now);
  return core::Status::Ok();
}

core::Status Backend::ScanIncidents(const store::IncidentQuery& query,
                                    const std::function<bool(const core::Incident&)>& visit) {
  const auto now = std::chrono::steady_clock::now().time_since_epoch();
  const auto checked_at = std::chrono::steady_clock::duration(view_checked_at_.load());
  if (write_generation_.load() != view_generation_.load() ||
      now - checked_at >= kExternalWriteLag) {
    TRUCELINE_RETURN_IF_ERROR(CatchUpView());
  }
  std::shared_lock scanning(view_mutex_);
  view_.Scan(query, visit);
  return core::Status::Ok();
}

core::Status Backend::Write(const std::function<core::Status(Writer&)>& fn) {
  ++metrics_.writer_waiting;
  std::lock_guard lock(writer_mutex_);
  --metrics_.writer_waiting;
  Writer writer{*writer_store_, *intake_};
  core::Status status = fn(writer);
  ++write_generation_;
  return status;
}

core::Status Backend::Accounts(
    const std::function<core::Status(app::AccountService&, app::AuditTrail&)>& fn) {
  return WithPooled<store::AccountStore>(
      accounts_mutex_, idle_accounts_, [&] { return app::OpenAccountStore(location_); },
      [&](store::AccountStore& store) {
        app::AccountService accounts(store, clock_);
        app::AuditTrail audit(store, clock_);
        return fn(accounts, audit);
      });
}

core::Status Backend::Audit(const app::Actor& actor, std::string_view action,
                            std::string_view target, std::string_view detail_json) {
  return Accounts([&](app::AccountService&, app::AuditTrail& audit) {
    auto appended = audit.Append(actor, action, target, detail_json);
    return appended.ok() ? core::Status::Ok() : appended.status();
  });
}

}  // namespace truceline::server
