// `truceline solve` end to end: JSON output and exit codes.

#include <filesystem>
#include <fstream>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "../cli/process.hpp"

namespace truceline {
namespace {

class SolveCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / fmt::format("truceline-solve-{}", ::getpid());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string Write(const std::string& name, const std::string& content) const {
    std::ofstream((dir_ / name).string(), std::ios::binary) << content;
    return (dir_ / name).string();
  }
  testing::RunResult Solve(const std::vector<std::string>& args) {
    std::vector<std::string> all = {"solve"};
    all.insert(all.end(), args.begin(), args.end());
    return testing::RunTruceline(all, dir_.string(), "");
  }
  std::filesystem::path dir_;
};

TEST_F(SolveCliTest, PrintsObjectiveBoundAndGap) {
  std::string file = Write("line.txt", "4 3 2\n1 2 5\n2 3 5\n3 4 5\n");
  auto run = Solve({"--problem", "pmedian", "--file", file, "--time-limit", "10"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  auto json = nlohmann::json::parse(run.out);
  EXPECT_EQ(json["objective"], 10);
  EXPECT_EQ(json["bound"], 10);
  EXPECT_EQ(json["gap"], 0);
  EXPECT_EQ(json["proven_optimal"], true);
  EXPECT_TRUE(json.contains("seconds"));
}

TEST_F(SolveCliTest, CoveringAndCapacitated) {
  std::string sjc = Write("sjc.txt", "3\t9999\tp\tS\r\n0\t0\t5\t\r\n3\t4\t7\t\r\n100\t0\t1\t\r\n");
  auto run = Solve({"--problem", "mclp", "--file", sjc, "--p", "1", "--radius", "5"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(nlohmann::json::parse(run.out)["objective"], 12);
  std::string cap = Write("cap.txt", " 2 2\n capacity 10\n capacity 1\n 4\n 1 2\n 6\n 3 4\n");
  run = Solve({"--problem", "cfl", "--file", cap, "--capacity", "10"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(nlohmann::json::parse(run.out)["objective"], 7);  // site 2 serves both: 1 + 2 + 4
}

TEST_F(SolveCliTest, BadInputNamesFileLineAndReasonWithExitCode2) {
  std::string file = Write("bad.txt", "3 2 1\n1 2 5\n2 x 1\n");
  auto run = Solve({"--problem", "pmedian", "--file", file});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("bad.txt:3: edge end j: 'x' is not a number"), std::string::npos)
      << run.err;
  std::string cap = Write("capx.txt", " 1 1\n capacity 5\n 1\n 1\n");
  run = Solve({"--problem", "cfl", "--file", cap});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("--capacity"), std::string::npos) << run.err;
  run = Solve({"--problem", "mclp", "--file", cap});
  EXPECT_EQ(run.exit_code, 2);
}

TEST_F(SolveCliTest, MissingFileIsAnIoError) {
  auto run = Solve({"--problem", "pmedian", "--file", (dir_ / "absent.txt").string()});
  EXPECT_EQ(run.exit_code, 3);
  EXPECT_NE(run.err.find("absent.txt"), std::string::npos) << run.err;
}

}  // namespace
}  // namespace truceline
