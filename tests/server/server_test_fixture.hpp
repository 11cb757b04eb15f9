#pragma once
// A server started in-process on port 0 against a temporary store, with
// one account (and API token) per role, and a clock the tests move.

#include <filesystem>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <thread>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "app/accounts.hpp"
#include "http_test_client.hpp"
#include "server/server.hpp"
#include "store/account_store.hpp"

namespace truceline::server::testing {

inline constexpr const char* kPassword = "correct horse battery staple";

// A valid report line of `source`, observed on 2025-04-01 near Pokrovsk.
inline std::string ReportLine(const std::string& source, const std::string& id, double lat = 48.28,
                              double lon = 37.18, const std::string& at = "2025-04-01T10:00:00Z") {
  return fmt::format(R"({{"id":"{}","source":"{}","source_kind":"monitor","observed_at":"{}",)"
                     R"("time_uncertainty_s":60,"lat":{},"lon":{},"position_uncertainty_m":200,)"
                     R"("kind":"artillery","count":3}})",
                     id, source, at, lat, lon);
}

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device random;
    dir_ = std::filesystem::temp_directory_path() / fmt::format("truceline-server-{}", random());
    std::filesystem::create_directories(dir_);
    db_ = (dir_ / "t.db").string();
    CreateAccounts();
    StartServer();
  }

  void TearDown() override {
    StopServer();
    std::filesystem::remove_all(dir_);
  }

  void CreateAccounts() {
    auto store = app::OpenAccountStore(db_);
    ASSERT_TRUE(store.ok()) << store.status().message();
    app::AccountService accounts(**store, clock_);
    const app::Actor root{"test-setup", app::Role::kAdmin};
    const std::pair<const char*, app::Role> users[] = {
        {"admin", app::Role::kAdmin}, {"coord", app::Role::kCoordinator},
        {"ana", app::Role::kAnalyst}, {"mon", app::Role::kMonitor},
        {"sen", app::Role::kSensor},  {"obs", app::Role::kObserver}};
    for (const auto& [name, role] : users) {
      ASSERT_TRUE(accounts.AddUser(root, name, role, kPassword).ok()) << name;
      auto token = accounts.CreateToken(root, name, std::chrono::hours(24));
      ASSERT_TRUE(token.ok()) << token.status().message();
      tokens_[name] = token->secret;
      token_ids_[name] = token->id;
    }
  }

  void StartServer(uint64_t max_body_bytes = 4u << 20) {
    ServeOptions options;
    options.db = db_;
    options.port = 0;
    options.access_log = false;
    options.max_body_bytes = max_body_bytes;
    options.worker_threads = 2;
    options.settings.web_root = std::string(TRUCELINE_SOURCE_DIR) + "/web";
    options.settings.vendor_root = "/usr/share/javascript";
    options.settings.output_root = (dir_ / "out").string();
    auto started = Server::Start(options, clock_);
    ASSERT_TRUE(started.ok()) << started.status().message();
    server_ = std::move(*started);
    port_ = server_->port();
    thread_ = std::thread([this] { server_->Run(false); });
  }

  void StopServer() {
    if (!server_) return;
    server_->Stop();
    thread_.join();
    server_.reset();
  }

  HttpReply As(const std::string& user, HttpCall call) {
    call.headers["Authorization"] = "Bearer " + tokens_.at(user);
    return Send(port_, call);
  }
  HttpReply Get(const std::string& user, const std::string& target) {
    return As(user, {bhttp::verb::get, target, "", "", {}});
  }
  HttpReply PostJson(const std::string& user, const std::string& target, std::string body) {
    return As(user, {bhttp::verb::post, target, std::move(body), "application/json", {}});
  }
  HttpReply PostNdjson(const std::string& user, std::string body) {
    return As(user,
              {bhttp::verb::post, "/api/v1/reports", std::move(body), "application/x-ndjson", {}});
  }

  // Logs `user` in with a browser session: {"Cookie" header value, CSRF token}.
  std::pair<std::string, std::string> LogIn(const std::string& user) {
    HttpReply login =
        Send(port_, {bhttp::verb::post,
                     "/api/v1/login",
                     fmt::format(R"({{"name":"{}","password":"{}"}})", user, kPassword),
                     "application/json",
                     {}});
    EXPECT_EQ(login.status, 200u) << login.body;
    const std::string set_cookie = login.Header("set-cookie");
    return {set_cookie.substr(0, set_cookie.find(';')),
            nlohmann::json::parse(login.body).value("csrf_token", "")};
  }

  std::filesystem::path dir_;
  std::string db_;
  core::FixedClock clock_{*core::ParseRfc3339("2025-04-02T00:00:00Z")};
  std::map<std::string, std::string> tokens_;
  std::map<std::string, uint64_t> token_ids_;
  std::unique_ptr<Server> server_;
  std::thread thread_;
  uint16_t port_ = 0;
};

}  // namespace truceline::server::testing
