// The RegistryStore conformance suite: what every backend must do with the
// coalition registry, written against the interface only. A backend joins by
// adding a factory to kBackends.

#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "registry/registry_json.hpp"
#include "store/registry_store.hpp"
#include "store/sqlite/sqlite_registry_store.hpp"

namespace truceline::store {
namespace {

struct RegistryBackend {
  std::string name;
  std::function<core::Result<std::unique_ptr<RegistryStore>>(const std::filesystem::path& scratch)>
      open;
};

const RegistryBackend kBackends[] = {
    {"sqlite",
     [](const std::filesystem::path& scratch) {
       return OpenSqliteRegistryStore((scratch / "store.db").string());
     }},
};

registry::Registry Bundled() {
  std::ifstream in(std::string(TRUCELINE_SOURCE_DIR) + "/data/registry/coalition-2025-03-27.json");
  std::stringstream text;
  text << in.rdbuf();
  auto parsed = registry::ParseRegistry(text.str(), "bundled");
  EXPECT_TRUE(parsed.ok()) << parsed.status().ToString();
  return parsed.ok() ? *parsed : registry::Registry{};
}

registry::Date D(const char* text) {
  return *registry::ParseDate(text);
}

class RegistryStoreConformanceTest : public ::testing::TestWithParam<RegistryBackend> {
 protected:
  void SetUp() override {
    scratch_ = std::filesystem::temp_directory_path() /
               fmt::format("truceline-registry-store-{}-{}", ::getpid(), counter_++);
    std::filesystem::create_directories(scratch_);
    Reopen();
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(scratch_);
  }
  void Reopen() {
    store_.reset();
    auto opened = GetParam().open(scratch_);
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_ = std::move(*opened);
  }
  RegistryChange Change(const std::string& action) {
    return {core::FromUnixMicros(1764633600LL * 1000000), "planner-1", "coordinator", action,
            "test"};
  }

  static inline int counter_ = 0;
  std::filesystem::path scratch_;
  std::unique_ptr<RegistryStore> store_;
};

TEST_P(RegistryStoreConformanceTest, EmptyStoreHasNoRegistry) {
  auto loaded = store_->LoadRegistry();
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.status().code(), core::ErrorCode::kNotFound);
  auto unnamed = store_->AppendRegistry(registry::Registry{}, Change("add"));
  EXPECT_EQ(unnamed.code(), core::ErrorCode::kInvalidArgument);
}

TEST_P(RegistryStoreConformanceTest, ImportedRegistryReadsBackIdenticallyAfterReopening) {
  registry::Registry bundled = Bundled();
  ASSERT_TRUE(store_->AppendRegistry(bundled, Change("import")).ok());
  Reopen();
  auto loaded = store_->LoadRegistry();
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ(registry::ToJson(*loaded), registry::ToJson(bundled));
  auto changes = store_->RegistryChanges();
  ASSERT_TRUE(changes.ok());
  ASSERT_EQ(changes->size(), 1u);
  EXPECT_EQ((*changes)[0].actor, "planner-1");
  EXPECT_EQ((*changes)[0].role, "coordinator");
  EXPECT_EQ((*changes)[0].action, "import");
}

TEST_P(RegistryStoreConformanceTest, AppendedPositionKeepsTheEarlierOneAndRaisesTheRecordDate) {
  ASSERT_TRUE(store_->AppendRegistry(Bundled(), Change("import")).ok());
  registry::Registry more;
  more.as_of = D("2025-04-10");
  more.sources.push_back({"later", D("2025-04-10"), registry::DateBasis::kStated, "", {}, ""});
  registry::Position p;
  p.id = "tr-force-april";
  p.nation = "TR";
  p.scope = "post_ceasefire_force";
  p.stance = registry::Stance::kWilling;
  p.date = D("2025-04-10");
  p.citations.push_back({"later", {}, "", "Turkey is ready"});
  more.positions.push_back(p);
  ASSERT_TRUE(store_->AppendRegistry(more, Change("add")).ok());
  auto loaded = store_->LoadRegistry();
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ(loaded->as_of, D("2025-04-10"));
  auto tr = registry::NationAsOf(*loaded, "TR", D("2025-04-10"));
  ASSERT_TRUE(tr.has_value());
  ASSERT_EQ(tr->current.size(), 1u);
  EXPECT_EQ(tr->current[0].stance, registry::Stance::kWilling);
  EXPECT_EQ(tr->current[0].citations[0].report_date, D("2025-04-10"));
  ASSERT_EQ(tr->superseded.size(), 1u);
  EXPECT_EQ(tr->superseded[0].id, "tr-force");
  EXPECT_EQ(registry::NationAsOf(*loaded, "TR", D("2025-03-27"))->current[0].stance,
            registry::Stance::kConditional);
}

TEST_P(RegistryStoreConformanceTest, ATakenIdIsRefusedAndNothingOfTheBatchIsWritten) {
  registry::Registry bundled = Bundled();
  ASSERT_TRUE(store_->AppendRegistry(bundled, Change("import")).ok());
  registry::Registry more;
  more.sources.push_back({"new-report", D("2025-03-27"), registry::DateBasis::kStated, "", {}, ""});
  more.positions.push_back(bundled.positions[0]);  // id already stored
  auto status = store_->AppendRegistry(more, Change("add"));
  EXPECT_EQ(status.code(), core::ErrorCode::kAlreadyExists) << status.ToString();
  EXPECT_NE(status.message().find("'gb-force'"), std::string::npos) << status.message();
  auto loaded = store_->LoadRegistry();
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(loaded->sources.size(), bundled.sources.size()) << "the new source was rolled back";
  EXPECT_EQ(store_->RegistryChanges()->size(), 1u);

  registry::Registry other = Bundled();
  other.id = "another-registry";
  EXPECT_EQ(store_->AppendRegistry(other, Change("import")).code(),
            core::ErrorCode::kAlreadyExists);
}

// A later status of a stored pledge, with the report that gives it.
registry::Registry PledgeUpdateFacts(const std::string& source, const char* date,
                                     registry::PledgeStatus status) {
  registry::Registry more;
  more.as_of = D(date);
  more.sources.push_back({source, D(date), registry::DateBasis::kStated, "", {}, ""});
  registry::PledgeUpdate u;
  u.pledge = "fr-package-2bn";
  u.change.status = status;
  u.change.date = D(date);
  u.change.citations.push_back({source, {}, "", "France confirmed the package"});
  more.pledge_updates.push_back(u);
  return more;
}

TEST_P(RegistryStoreConformanceTest, PledgeUpdatesJoinTheHistoryWhenLoadedAndKeepThePledge) {
  using registry::PledgeStatus;
  registry::Registry bundled = Bundled();
  ASSERT_TRUE(store_->AppendRegistry(bundled, Change("import")).ok());
  ASSERT_TRUE(
      store_
          ->AppendRegistry(PledgeUpdateFacts("april", "2025-04-10", PledgeStatus::kConfirmed),
                           Change("add"))
          .ok());
  Reopen();
  auto loaded = store_->LoadRegistry();
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_TRUE(loaded->pledge_updates.empty()) << "folded into the history";
  EXPECT_EQ(loaded->as_of, D("2025-04-10"));
  const registry::Pledge& pledge = loaded->pledges.at(0);
  ASSERT_EQ(pledge.id, "fr-package-2bn");
  ASSERT_EQ(pledge.history.size(), 2u);
  EXPECT_EQ(pledge.history[0].status, PledgeStatus::kAnnounced);
  EXPECT_EQ(pledge.history[1].status, PledgeStatus::kConfirmed);
  EXPECT_EQ(pledge.history[1].date, D("2025-04-10"));
  ASSERT_EQ(pledge.history[1].citations.size(), 1u);
  EXPECT_EQ(pledge.history[1].citations[0].report_date, D("2025-04-10"));
  // The pledge itself is as imported: only its history grew.
  registry::Pledge as_imported = pledge;
  as_imported.history.pop_back();
  EXPECT_EQ(registry::ToJson(as_imported), registry::ToJson(bundled.pledges.at(0)));
  EXPECT_EQ(registry::NationAsOf(*loaded, "FR", D("2025-04-09"))->pledges.at(0).status,
            PledgeStatus::kAnnounced);
  EXPECT_EQ(registry::NationAsOf(*loaded, "FR", D("2025-04-10"))->pledges.at(0).status,
            PledgeStatus::kConfirmed);

  ASSERT_TRUE(
      store_
          ->AppendRegistry(PledgeUpdateFacts("june", "2025-06-01", PledgeStatus::kDelivered),
                           Change("add"))
          .ok());
  loaded = store_->LoadRegistry();
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  ASSERT_EQ(loaded->pledges.at(0).history.size(), 3u);
  EXPECT_EQ(loaded->pledges.at(0).history[2].status, PledgeStatus::kDelivered);
  auto changes = store_->RegistryChanges();
  ASSERT_TRUE(changes.ok());
  ASSERT_EQ(changes->size(), 3u);
  EXPECT_EQ((*changes)[2].action, "add");
  EXPECT_EQ((*changes)[2].actor, "planner-1");
}

TEST_P(RegistryStoreConformanceTest, AStoredPledgeStatusIsNotStoredTwiceAndNothingIsWritten) {
  using registry::PledgeStatus;
  ASSERT_TRUE(store_->AppendRegistry(Bundled(), Change("import")).ok());
  ASSERT_TRUE(
      store_
          ->AppendRegistry(PledgeUpdateFacts("april", "2025-04-10", PledgeStatus::kConfirmed),
                           Change("add"))
          .ok());
  auto status = store_->AppendRegistry(
      PledgeUpdateFacts("april-again", "2025-04-11", PledgeStatus::kConfirmed), Change("add"));
  EXPECT_EQ(status.code(), core::ErrorCode::kAlreadyExists) << status.ToString();
  EXPECT_NE(status.message().find("fr-package-2bn:confirmed"), std::string::npos)
      << status.message();
  auto loaded = store_->LoadRegistry();
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ(loaded->sources.back().id, "april") << "the new source was rolled back";
  EXPECT_EQ(loaded->as_of, D("2025-04-10")) << "the record's date was rolled back";
  EXPECT_EQ(loaded->pledges.at(0).history.size(), 2u);
  EXPECT_EQ(store_->RegistryChanges()->size(), 2u);
}

TEST_P(RegistryStoreConformanceTest, APledgeAndItsUpdateInOneAppend) {
  ASSERT_TRUE(store_->AppendRegistry(Bundled(), Change("import")).ok());
  registry::Registry more =
      PledgeUpdateFacts("april", "2025-04-10", registry::PledgeStatus::kConfirmed);
  registry::Pledge pledge;
  pledge.id = "de-air-defence";
  pledge.nation = "DE";
  pledge.category = registry::Category::kAirDefence;
  pledge.quantity.unit = "systems";
  pledge.history.push_back(
      {registry::PledgeStatus::kAnnounced, D("2025-04-01"), registry::DateBasis::kReport, {}});
  pledge.citations.push_back({"april", {}, "", "Germany announced air defence"});
  more.pledges.push_back(pledge);
  more.pledge_updates[0].pledge = "de-air-defence";
  ASSERT_TRUE(store_->AppendRegistry(more, Change("add")).ok());
  auto loaded = store_->LoadRegistry();
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  ASSERT_EQ(loaded->pledges.back().id, "de-air-defence");
  EXPECT_EQ(loaded->pledges.back().history.size(), 2u);
  EXPECT_EQ(loaded->pledges.front().history.size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Backends, RegistryStoreConformanceTest, ::testing::ValuesIn(kBackends),
                         [](const auto& param_info) { return param_info.param.name; });

}  // namespace
}  // namespace truceline::store
