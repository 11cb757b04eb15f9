// Readers: errors name the file, the line and the reason.

#include <gtest/gtest.h>

#include "plan/location.hpp"

namespace truceline::plan {
namespace {

void ExpectError(const core::Status& status, const std::string& where, const std::string& why) {
  EXPECT_EQ(status.code(), core::ErrorCode::kInvalidArgument);
  EXPECT_NE(status.message().find(where), std::string::npos) << status.message();
  EXPECT_NE(status.message().find(why), std::string::npos) << status.message();
}

TEST(PMedianReader, ComputesShortestPathsAndLastEdgeWins) {
  auto model = ParsePMedian("3 3 1\n1 2 10\n2 3 4\n1 2 3\n", "g.txt", std::nullopt);
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  ASSERT_EQ(model->num_clients(), 3);
  EXPECT_EQ(*model->open_exactly, 1);
  // Vertex 1 to 3: 3 + 4 (the repeated edge 1-2 costs 3).
  EXPECT_EQ(model->arcs[0][2].cost, 7.0);
  auto overridden = ParsePMedian("3 0 1\n", "g.txt", 2);
  ASSERT_TRUE(overridden.ok());
  EXPECT_EQ(*overridden->open_exactly, 2);
  // Disconnected: no arc between components.
  EXPECT_EQ(overridden->arcs[0].size(), 1u);
}

TEST(PMedianReader, Errors) {
  ExpectError(ParsePMedian("3 2 1\n1 2 5\n2 x 1\n", "g.txt", std::nullopt).status(),
              "g.txt:3:", "'x' is not a number");
  ExpectError(ParsePMedian("3 2 1\n1 2 5\n2 4 1\n", "g.txt", std::nullopt).status(),
              "g.txt:3:", "edge end j");
  ExpectError(ParsePMedian("3 2 1\n1 2 5\n", "g.txt", std::nullopt).status(),
              "g.txt:", "end of file");
  ExpectError(ParsePMedian("3 1 1\n1 2 5\n9\n", "g.txt", std::nullopt).status(),
              "g.txt:3:", "unexpected data");
  ExpectError(ParsePMedian("3 0 1\n", "g.txt", 4).status(), "g.txt", "p = 4");
}

TEST(CapacitatedReader, ReadsAndSubstitutesCapacity) {
  const char* text = " 2 2\n capacity 10.5\n capacity 3.\n 4\n 1.5 2\n 6\n 3 4.25\n";
  auto missing = ParseCapacitated(text, "capx.txt", std::nullopt);
  ExpectError(missing.status(), "capx.txt:2:", "give --capacity");
  auto model = ParseCapacitated(text, "capx.txt", 8000.0);
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  EXPECT_EQ(model->capacity[1], 8000.0);
  EXPECT_EQ(model->fixed_cost[0], 10.5);
  EXPECT_EQ(model->demand[1], 6.0);
  EXPECT_EQ(model->arcs[1][1].cost, 4.25);
  EXPECT_FALSE(model->open_exactly.has_value());
}

TEST(CapacitatedReader, Errors) {
  ExpectError(ParseCapacitated(" 2 1\n 5 1\n 5 -1\n 1\n 1 1\n", "c.txt", std::nullopt).status(),
              "c.txt:3:", "negative fixed cost");
  ExpectError(ParseCapacitated(" 2 1\n 5 1\n 5 1\n 1\n 1\n", "c.txt", std::nullopt).status(),
              "c.txt:", "customer 1: cost from site 2");
  ExpectError(ParseCapacitated(" 1 1\n 0 1\n 1\n 1\n", "c.txt", std::nullopt).status(),
              "c.txt:2:", "capacity '0'");
}

TEST(CoveringReader, ReadsPointsAndCoverage) {
  const char* text = "3\t9999\tp\tS\r\n0\t0\t5\t\r\n3\t4\t7\t\r\n100\t0\t1\t\r\n";
  auto model = ParseCovering(text, "sjc.txt", 1, 5.0);
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  EXPECT_TRUE(model->maximise);
  ASSERT_EQ(model->arcs[0].size(), 2u);  // itself and the point at distance exactly 5
  EXPECT_EQ(model->arcs[0][1].cost, -5.0);
  EXPECT_EQ(model->arcs[2].size(), 1u);
}

TEST(CoveringReader, Errors) {
  ExpectError(ParseCovering("2 9999 p S\n0 0 1\n1 1\n", "s.txt", 1, 5).status(),
              "s.txt:", "point 2");
  ExpectError(ParseCovering("2 9999 p S\n0 0 1\n1 1 -3\n", "s.txt", 1, 5).status(),
              "s.txt:3:", "negative demand");
  ExpectError(ParseCovering("2 9999 p S\n0 0 1\n1 1 1\n", "s.txt", 3, 5).status(), "s.txt",
              "p = 3");
}

}  // namespace
}  // namespace truceline::plan
