// The registry's write use cases: roles, checks against the stored registry,
// nothing written on error, the change log; and the read use cases over a store.

#include "app/registry_service.hpp"

#include <filesystem>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "registry/registry_json.hpp"

namespace truceline::app {
namespace {

core::UtcMicros At(const char* rfc3339) {
  return *core::ParseRfc3339(rfc3339);
}

class RegistryServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           fmt::format("truceline-registry-app-{}-{}", ::getpid(), counter_++);
    std::filesystem::create_directories(dir_);
    db_ = (dir_ / "r.db").string();
    auto store = OpenRegistryStore(db_);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(*store);
    auto bundled = LoadRegistryDocument(BundledRegistryPath());
    ASSERT_TRUE(bundled.ok()) << bundled.status().ToString();
    bundled_ = *bundled;
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  registry::Registry Additions(const std::string& json_text) {
    auto parsed = registry::ParseRegistryAdditions(json_text, "add.json");
    EXPECT_TRUE(parsed.ok()) << parsed.status().ToString();
    return parsed.ok() ? *parsed : registry::Registry{};
  }
  size_t StoredPositions() {
    auto r = store_->LoadRegistry();
    return r.ok() ? r->positions.size() : 0;
  }

  static inline int counter_ = 0;
  std::filesystem::path dir_;
  std::string db_;
  std::unique_ptr<store::RegistryStore> store_;
  registry::Registry bundled_;
  core::FixedClock clock_{At("2025-04-15T09:00:00Z")};
  Actor coordinator_{"planner-1", Role::kCoordinator};
};

constexpr const char* kTurkeyInApril = R"({
  "sources": [{"id": "april", "date": "2025-04-10", "outlets": []}],
  "positions": [{"id": "tr-april", "nation": "TR", "scope": "post_ceasefire_force",
                 "stance": "willing", "date": "2025-04-10",
                 "citations": [{"source": "april", "quote": "Turkey is ready"}]}]})";

TEST_F(RegistryServiceTest, OnlyACoordinatorWritesAndARefusalWritesNothing) {
  RegistryWriter writer(*store_, clock_);
  for (Role role : {Role::kAdmin, Role::kAnalyst, Role::kMonitor, Role::kSensor, Role::kObserver}) {
    core::Status s = writer.Import({"someone", role}, bundled_);
    EXPECT_EQ(s.code(), core::ErrorCode::kForbidden) << RoleName(role);
    EXPECT_NE(s.message().find("needs the coordinator role"), std::string::npos);
  }
  EXPECT_EQ(store_->LoadRegistry().status().code(), core::ErrorCode::kNotFound);
  ASSERT_TRUE(writer.Import(coordinator_, bundled_).ok());
  EXPECT_EQ(writer.Add({"a", Role::kAnalyst}, Additions(kTurkeyInApril), "add.json").code(),
            core::ErrorCode::kForbidden);
  EXPECT_EQ(StoredPositions(), bundled_.positions.size());
  EXPECT_EQ(store_->RegistryChanges()->size(), 1u);
}

TEST_F(RegistryServiceTest, ImportOnceThenAddKeepsHistoryAndLogsTheChange) {
  RegistryWriter writer(*store_, clock_);
  ASSERT_TRUE(writer.Import(coordinator_, bundled_).ok());
  EXPECT_EQ(writer.Import(coordinator_, bundled_).code(), core::ErrorCode::kAlreadyExists);
  core::Status added = writer.Add(coordinator_, Additions(kTurkeyInApril), "add.json");
  ASSERT_TRUE(added.ok()) << added.ToString();

  auto r = LoadRegistry({db_, ""});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(registry::FormatDate(r->as_of), "2025-04-15");  // the record runs to today
  auto april = NationAsOf(*r, "TR", std::nullopt);
  ASSERT_TRUE(april.ok());
  EXPECT_EQ(april->current.at(0).id, "tr-april");
  EXPECT_EQ(april->superseded.at(0).id, "tr-force");
  auto march = NationAsOf(*r, "TR", "2025-03-27");
  ASSERT_TRUE(march.ok());
  EXPECT_EQ(march->current.at(0).stance, registry::Stance::kConditional);

  auto changes = store_->RegistryChanges();
  ASSERT_TRUE(changes.ok());
  ASSERT_EQ(changes->size(), 2u);
  EXPECT_EQ((*changes)[1].actor, "planner-1");
  EXPECT_EQ((*changes)[1].role, "coordinator");
  EXPECT_EQ((*changes)[1].action, "add");
  EXPECT_EQ((*changes)[1].at, At("2025-04-15T09:00:00Z"));
  EXPECT_NE((*changes)[1].summary.find("tr-april"), std::string::npos);
}

TEST_F(RegistryServiceTest, BadAdditionsNameTheirOwnPathsAndChangeNothing) {
  RegistryWriter writer(*store_, clock_);
  ASSERT_TRUE(writer.Import(coordinator_, bundled_).ok());
  auto bad = Additions(R"({
    "sources": [{"id": "future", "date": "2025-05-01", "outlets": []}],
    "positions": [{"id": "xx-1", "nation": "XX", "scope": "post_ceasefire_force",
                   "stance": "willing", "date": "2025-04-01",
                   "citations": [{"source": "nowhere", "quote": "q"}]}],
    "pledges": [{"id": "neg", "nation": "FR", "category": "troops",
                 "quantity": {"value": -3, "unit": "troops"},
                 "history": [{"status": "announced", "date": "2025-04-01"}],
                 "citations": [{"source": "future", "quote": "q"}]}]})");
  core::Status s = writer.Add(coordinator_, bad, "add.json");
  EXPECT_EQ(s.code(), core::ErrorCode::kInvalidRecord);
  for (const char* expected :
       {"add.json: $.sources[0].date: 2025-05-01 is after the record's date 2025-04-15",
        "add.json: $.positions[0].nation: unknown nation 'XX'",
        "add.json: $.positions[0].citations[0].source: unknown source 'nowhere'",
        "add.json: $.pledges[0].quantity.value: a quantity cannot be negative"}) {
    EXPECT_NE(s.message().find(expected), std::string::npos) << expected << "\n" << s.message();
  }
  auto r = store_->LoadRegistry();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->sources.size(), bundled_.sources.size());
  EXPECT_EQ(r->positions.size(), bundled_.positions.size());
  EXPECT_EQ(r->pledges.size(), bundled_.pledges.size());
  EXPECT_EQ(registry::FormatDate(r->as_of), "2025-03-27");
  EXPECT_EQ(store_->RegistryChanges()->size(), 1u);

  // A taken id is refused too.
  auto again = Additions(R"({"positions": [{"id": "gb-force", "nation": "GB",
    "scope": "post_ceasefire_force", "stance": "willing", "date": "2025-04-01",
    "citations": [{"source": "001_f559e5c4a98b4975", "quote": "q"}]}]})");
  EXPECT_NE(writer.Add(coordinator_, again, "add.json")
                .message()
                .find("add.json: $.positions[0].id: duplicate id 'gb-force'"),
            std::string::npos);
}

constexpr const char* kFranceConfirms = R"({
  "sources": [{"id": "april", "date": "2025-04-10", "outlets": []}],
  "pledge_updates": [{"pledge": "fr-package-2bn", "status": "confirmed", "date": "2025-04-10",
                      "citations": [{"source": "april", "quote": "France confirmed"}]}]})";

TEST_F(RegistryServiceTest, PledgeUpdatesNeedACoordinatorAndMoveTheStatusOnTheirDate) {
  RegistryWriter writer(*store_, clock_);
  ASSERT_TRUE(writer.Import(coordinator_, bundled_).ok());
  for (Role role : {Role::kAdmin, Role::kAnalyst, Role::kMonitor, Role::kSensor, Role::kObserver}) {
    core::Status s = writer.Add({"someone", role}, Additions(kFranceConfirms), "add.json");
    EXPECT_EQ(s.code(), core::ErrorCode::kForbidden) << RoleName(role);
  }
  auto r = LoadRegistry({db_, ""});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->pledges.at(0).history.size(), 1u) << "a refused update changes nothing";
  EXPECT_EQ(r->sources.size(), bundled_.sources.size());
  EXPECT_EQ(store_->RegistryChanges()->size(), 1u);

  core::Status added = writer.Add(coordinator_, Additions(kFranceConfirms), "add.json");
  ASSERT_TRUE(added.ok()) << added.ToString();
  r = LoadRegistry({db_, ""});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  auto before = NationAsOf(*r, "FR", "2025-04-09");
  auto after = NationAsOf(*r, "FR", "2025-04-10");
  ASSERT_TRUE(before.ok() && after.ok());
  EXPECT_EQ(before->pledges.at(0).status, registry::PledgeStatus::kAnnounced);
  EXPECT_EQ(after->pledges.at(0).status, registry::PledgeStatus::kConfirmed);
  auto changes = store_->RegistryChanges();
  ASSERT_TRUE(changes.ok());
  ASSERT_EQ(changes->size(), 2u);
  EXPECT_EQ((*changes)[1].role, "coordinator");
  EXPECT_NE((*changes)[1].summary.find("1 pledge_updates"), std::string::npos)
      << (*changes)[1].summary;
  EXPECT_NE((*changes)[1].summary.find("fr-package-2bn:confirmed"), std::string::npos);
}

TEST_F(RegistryServiceTest, BadPledgeUpdatesNameTheirOwnPathsAndChangeNothing) {
  RegistryWriter writer(*store_, clock_);
  ASSERT_TRUE(writer.Import(coordinator_, bundled_).ok());
  ASSERT_TRUE(writer.Add(coordinator_, Additions(kFranceConfirms), "add.json").ok());
  auto bad = Additions(R"({
    "sources": [{"id": "may", "date": "2025-04-12", "outlets": []}],
    "pledge_updates": [
      {"pledge": "fr-tanks", "status": "confirmed", "date": "2025-04-12",
       "citations": [{"source": "may", "quote": "q"}]},
      {"pledge": "fr-package-2bn", "status": "announced", "date": "2025-04-12",
       "citations": [{"source": "may", "quote": "q"}]},
      {"pledge": "gb-troops", "status": "confirmed", "date": "2025-04-16",
       "citations": [{"source": "may", "quote": "q"}]},
      {"pledge": "gb-aircraft", "status": "confirmed", "date": "2025-03-01",
       "citations": [{"source": "nowhere", "quote": "q"}]}]})");
  core::Status s = writer.Add(coordinator_, bad, "add.json");
  EXPECT_EQ(s.code(), core::ErrorCode::kInvalidRecord);
  for (const char* expected :
       {"add.json: $.pledge_updates[0].pledge: unknown pledge 'fr-tanks'",
        "add.json: $.pledge_updates[1].status: pledge 'fr-package-2bn' is already confirmed "
        "(since 2025-04-10); it cannot go back to announced",
        "add.json: $.pledge_updates[2].date: 2025-04-16 is after the record's date 2025-04-15",
        "add.json: $.pledge_updates[3].date: 2025-03-01 is before the pledge's latest status "
        "(announced on 2025-03-27)",
        "add.json: $.pledge_updates[3].citations[0].source: unknown source 'nowhere'"}) {
    EXPECT_NE(s.message().find(expected), std::string::npos) << expected << "\n" << s.message();
  }
  auto r = store_->LoadRegistry();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->sources.size(), bundled_.sources.size() + 1);
  for (const auto& p : r->pledges)
    EXPECT_EQ(p.history.size(), p.id == "fr-package-2bn" ? 2u : 1u) << p.id;
  EXPECT_EQ(store_->RegistryChanges()->size(), 2u);
}

TEST_F(RegistryServiceTest, ReadUseCasesRefuseUnknownNationsAndFutureDates) {
  EXPECT_EQ(NationAsOf(bundled_, "XX", std::nullopt).status().code(),
            core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(CoalitionAsOf(bundled_, "2025-03-28").status().code(),
            core::ErrorCode::kInvalidArgument);
  auto balance = AidBalanceAsOf(bundled_, "2025-03-27");
  ASSERT_TRUE(balance.ok());
  EXPECT_FALSE(balance->empty());
  EXPECT_EQ(LoadRegistry({db_, ""}).status().code(), core::ErrorCode::kNotFound);
}

}  // namespace
}  // namespace truceline::app
