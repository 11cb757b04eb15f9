#include "server/backend.hpp"

#include <optional>

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
  if (!view_watch_.Due()) return core::Status::Ok();  // another thread just did
  // Marked before reading, so a write that lands meanwhile stays due.
  const ChangeWatch::Look look = view_watch_.Begin();
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
  view_watch_.Looked(look);
  return core::Status::Ok();
}

core::Status Backend::ScanIncidents(const store::IncidentQuery& query,
                                    const std::function<bool(const core::Incident&)>& visit) {
  if (view_watch_.Due()) TRUCELINE_RETURN_IF_ERROR(CatchUpView());
  std::shared_lock scanning(view_mutex_);
  view_.Scan(query, visit);
  return core::Status::Ok();
}

core::Status Backend::Write(const std::function<core::Status(Writer&)>& fn) {
  ++metrics_.writer_waiting;
  std::unique_lock lock(writer_mutex_);
  --metrics_.writer_waiting;
  Writer writer{*writer_store_, *intake_};
  core::Status status = fn(writer);
  view_watch_.Touch();
  lock.unlock();
  // The writer's caller brings the view up to date, so queries do not wait
  // for a backlog of writes. A failure here only defers it to the next query.
  (void)CatchUpView();
  return status;
}

core::Status Backend::WithAccountStore(
    const std::function<core::Status(store::AccountStore&)>& fn) {
  return WithPooled<store::AccountStore>(
      accounts_mutex_, idle_accounts_, [&] { return app::OpenAccountStore(location_); }, fn);
}

core::Status Backend::Accounts(
    const std::function<core::Status(app::AccountService&, app::AuditTrail&)>& fn) {
  core::Status status = WithAccountStore([&](store::AccountStore& store) {
    app::AccountService accounts(store, clock_);
    app::AuditTrail audit(store, clock_);
    return fn(accounts, audit);
  });
  principals_watch_.Touch();
  return status;
}

core::Status Backend::CheckAccountChanges() {
  std::lock_guard checking(principals_check_mutex_);
  if (!principals_watch_.Due()) return core::Status::Ok();  // another thread just did
  const ChangeWatch::Look look = principals_watch_.Begin();
  store::AuditHead head;
  TRUCELINE_RETURN_IF_ERROR(WithAccountStore([&](store::AccountStore& store) {
    auto read = store.ReadAuditHead();
    if (!read.ok()) return read.status();
    head = std::move(*read);
    return core::Status::Ok();
  }));
  if (head.seq != audit_seq_seen_) {
    principals_.Clear();
    audit_seq_seen_ = head.seq;
  }
  principals_watch_.Looked(look);
  return core::Status::Ok();
}

core::Result<app::Principal> Backend::Authenticate(app::PrincipalCache::Credential kind,
                                                   std::string_view secret) {
  if (principals_watch_.Due()) TRUCELINE_RETURN_IF_ERROR(CheckAccountChanges());
  std::string key = app::PrincipalCache::KeyOf(kind, secret);
  if (auto cached = principals_.Find(key, clock_.Now())) return std::move(*cached);
  const uint64_t epoch = principals_.epoch();
  std::optional<core::Result<app::Principal>> found;
  TRUCELINE_RETURN_IF_ERROR(WithAccountStore([&](store::AccountStore& store) {
    app::AccountService accounts(store, clock_);
    found = kind == app::PrincipalCache::Credential::kToken ? accounts.AuthenticateToken(secret)
                                                            : accounts.AuthenticateSession(secret);
    return core::Status::Ok();
  }));
  if (found->ok()) principals_.Insert(std::move(key), **found, epoch);
  return std::move(*found);
}

core::Status Backend::Audit(const app::Actor& actor, std::string_view action,
                            std::string_view target, std::string_view detail_json) {
  return Accounts([&](app::AccountService&, app::AuditTrail& audit) {
    auto appended = audit.Append(actor, action, target, detail_json);
    return appended.ok() ? core::Status::Ok() : appended.status();
  });
}

}  // namespace truceline::server
