// `truceline capability` end to end on the bundled example, and a bad model.

#include <filesystem>
#include <fstream>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "../cli/process.hpp"

namespace truceline {
namespace {

class CapabilityCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ =
        std::filesystem::temp_directory_path() / fmt::format("truceline-capability-{}", ::getpid());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
};

TEST_F(CapabilityCliTest, BundledExampleWritesJsonAndPng) {
  std::string model =
      std::string(TRUCELINE_SOURCE_DIR) + "/data/capability/army-of-tomorrow-example.json";
  std::string out = (dir_ / "out").string();
  auto run =
      testing::RunTruceline({"capability", "--model", model, "--out", out}, dir_.string(), "");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("tanks"), std::string::npos) << run.out;
  auto json = nlohmann::json::parse(testing::ReadWholeFile(out + "/capability.json"));
  EXPECT_NE(json["note"].get<std::string>().find("ILLUSTRATIVE"), std::string::npos);
  EXPECT_EQ(json["categories"].size(), 6u);
  EXPECT_EQ(json["beyond_horizon"].size(), 1u);
  std::string png = testing::ReadWholeFile(out + "/gaps.png");
  ASSERT_GE(png.size(), 8u);
  EXPECT_EQ(png.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
}

TEST_F(CapabilityCliTest, BadModelWritesNothingAndExits1) {
  std::string model = (dir_ / "model.json").string();
  std::ofstream(model) << R"({"formation_types": {}, "target": [], "inventory": {},
                              "start": "2025Q1", "horizon_quarters": 4})";
  std::string out = (dir_ / "out").string();
  auto run =
      testing::RunTruceline({"capability", "--model", model, "--out", out}, dir_.string(), "");
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("model.json: $.target: must be a non-empty array"), std::string::npos)
      << run.err;
  EXPECT_FALSE(std::filesystem::exists(out));
}

}  // namespace
}  // namespace truceline
