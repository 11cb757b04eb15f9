#include "server/backend.hpp"

#include "app/app.hpp"

namespace truceline::server {

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

  auto accounts = app::OpenAccountStore(location);
  if (!accounts.ok()) return accounts.status();
  backend->account_store_ = std::move(*accounts);
  backend->accounts_ = std::make_unique<app::AccountService>(*backend->account_store_, clock);
  backend->audit_ = std::make_unique<app::AuditTrail>(*backend->account_store_, clock);
  return backend;
}

Backend::~Backend() = default;

core::Status Backend::Read(const std::function<core::Status(store::Store&)>& fn) {
  std::unique_ptr<store::Store> reader;
  {
    std::lock_guard lock(readers_mutex_);
    if (!idle_readers_.empty()) {
      reader = std::move(idle_readers_.back());
      idle_readers_.pop_back();
    }
  }
  if (!reader) {
    auto opened = app::OpenStore(location_);
    if (!opened.ok()) return opened.status();
    reader = std::move(*opened);
  }
  core::Status status = fn(*reader);
  std::lock_guard lock(readers_mutex_);
  idle_readers_.push_back(std::move(reader));
  return status;
}

core::Status Backend::Write(const std::function<core::Status(Writer&)>& fn) {
  ++metrics_.writer_waiting;
  std::lock_guard lock(writer_mutex_);
  --metrics_.writer_waiting;
  Writer writer{*writer_store_, *intake_};
  return fn(writer);
}

core::Status Backend::Accounts(
    const std::function<core::Status(app::AccountService&, app::AuditTrail&)>& fn) {
  std::lock_guard lock(accounts_mutex_);
  return fn(*accounts_, *audit_);
}

core::Status Backend::Audit(const app::Actor& actor, std::string_view action,
                            std::string_view target, std::string_view detail_json) {
  std::lock_guard lock(accounts_mutex_);
  auto appended = audit_->Append(actor, action, target, detail_json);
  return appended.ok() ? core::Status::Ok() : appended.status();
}

}  // namespace truceline::server
