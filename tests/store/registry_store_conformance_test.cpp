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

INSTANTIATE_TEST_SUITE_P(Backends, RegistryStoreConformanceTest, ::testing::ValuesIn(kBackends),
                         [](const auto& param_info) { return param_info.param.name; });

}  // namespace
}  // namespace truceline::store
