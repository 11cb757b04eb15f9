// The independent evaluator catches bad plans.

#include <gtest/gtest.h>

#include "plan/location.hpp"

namespace truceline::plan {
namespace {

// Two sites (capacity 5 and 10, fixed 1 and 2), two clients (demand 4, 6).
LocationModel Small() {
  LocationModel model;
  model.fixed_cost = {1, 2};
  model.capacity = {5, 10};
  model.demand = {4, 6};
  model.arcs = {{{0, 10}, {1, 20}}, {{0, 30}, {1, 12}}};
  model.unserved_cost = {kUnlimited, kUnlimited};
  return model;
}

void ExpectRejected(const LocationModel& model, const Plan& plan, const std::string& why) {
  auto result = EvaluatePlan(model, plan);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), core::ErrorCode::kInternal);
  EXPECT_NE(result.status().message().find(why), std::string::npos) << result.status().message();
}

TEST(Evaluator, RecomputesTheCost) {
  LocationModel model = Small();
  ASSERT_TRUE(ValidateModel(model).ok());
  auto cost = EvaluatePlan(model, {{0, 1}, {{0, 0, 1.0}, {1, 1, 5.0 / 6}, {1, 0, 1.0 / 6}}});
  ASSERT_TRUE(cost.ok()) << cost.status().ToString();
  EXPECT_NEAR(*cost, 1 + 2 + 10 + 12 * 5.0 / 6 + 30.0 / 6, 1e-9);
}

TEST(Evaluator, CatchesBadPlans) {
  LocationModel model = Small();
  ExpectRejected(model, {{0}, {{0, 0, 1.0}, {1, 0, 1.0}}}, "over its capacity");
  ExpectRejected(model, {{0}, {{0, 1, 1.0}}}, "closed site");
  ExpectRejected(model, {{1}, {{0, 1, 1.0}, {1, 1, 0.5}}}, "not fully served");
  ExpectRejected(model, {{1}, {{0, 1, 1.0}, {1, 1, 1.0}, {1, 1, 0.5}}}, "over-served");
  ExpectRejected(model, {{0, 0}, {}}, "opened twice");
  ExpectRejected(model, {{7}, {}}, "unknown site");
  model.arcs[0] = {{1, 20}};
  ExpectRejected(model, {{0, 1}, {{0, 0, 1.0}, {1, 1, 1.0}}}, "no arc");
  model.open_exactly = 1;
  ExpectRejected(model, {{0, 1}, {{0, 1, 1.0}, {1, 1, 1.0}}}, "2 sites open, 1 required");
}

TEST(Evaluator, UncapacitatedServesEachClientFromItsCheapestOpenSite) {
  LocationModel model = Small();
  model.capacity = {kUnlimited, kUnlimited};
  model.unserved_cost = {kUnlimited, 25.0};
  auto cost = EvaluatePlan(model, {{0}, {}});
  ASSERT_TRUE(cost.ok());
  EXPECT_DOUBLE_EQ(*cost, 1 + 10 + 25);  // client 1 stays unserved: 25 < 30
  model.arcs[0] = {{1, 20}};
  ExpectRejected(model, {{0}, {}}, "cannot be served");
}

}  // namespace
}  // namespace truceline::plan
