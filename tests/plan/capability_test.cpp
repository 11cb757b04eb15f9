// The capability planner on small hand-computed models: when gaps close,
// gaps that never close, deliveries after the horizon, what-if packages, and
// the reader's messages.

#include "plan/capability.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace truceline::plan {
namespace {

// One brigade type: 10 personnel and 5 tanks each; 2 brigades needed, so 20
// personnel and 10 tanks. Start 2025Q1.
std::string Model(const std::string& tail) {
  return R"({"formation_types": {"bde": {"personnel": 10, "equipment": {"tanks": 5}}},
             "target": [{"formation_type": "bde", "count": 2}],
             "inventory": {"personnel": 20, "tanks": 4},
             "start": "2025Q1", )" +
         tail + "}";
}

CapabilityReport Analyse(const std::string& text) {
  auto model = ParseCapabilityModel(text, "model.json");
  EXPECT_TRUE(model.ok()) << model.status().message();
  auto report = AnalyseCapability(*model);
  EXPECT_TRUE(report.ok()) << report.status().message();
  return *report;
}

const CategoryGap& Category(const CapabilityReport& r, const std::string& name) {
  for (const CategoryGap& c : r.categories) {
    if (c.category == name) return c;
  }
  ADD_FAILURE() << "no category " << name;
  return r.categories.front();
}

constexpr const char* kTwoDeliveries = R"("horizon_quarters": 4, "pipeline": [
    {"id": "a", "donor": "FR", "expected": "2025-05-10", "items": {"tanks": 3}},
    {"id": "b", "donor": "GB", "expected": "2025-08-15", "items": {"tanks": 3}}])";

TEST(CapabilityTest, GapClosesOnTheDateOfTheDeliveryThatFillsIt) {
  CapabilityReport r = Analyse(Model(kTwoDeliveries));
  EXPECT_EQ(FormatDate(r.horizon_end), "2025-12-31");
  const CategoryGap& tanks = Category(r, "tanks");
  EXPECT_EQ(tanks.required, 10);
  EXPECT_EQ(tanks.gap_now, 6);
  ASSERT_EQ(tanks.quarters.size(), 4u);
  EXPECT_EQ(tanks.quarters[0].gap, 6);  // 2025Q1: 4
  EXPECT_EQ(tanks.quarters[1].gap, 3);  // 2025Q2: 4 + 3
  EXPECT_EQ(tanks.quarters[2].gap, 0);  // 2025Q3: 4 + 3 + 3
  EXPECT_EQ(tanks.quarters[2].on_hand, 10);
  EXPECT_EQ(tanks.closing.status, CloseStatus::kCloses);
  EXPECT_EQ(FormatDate(tanks.closing.date), "2025-08-15");
  EXPECT_EQ(QuarterLabel(tanks.closing.quarter), "2025Q3");
  const CategoryGap& people = Category(r, "personnel");
  EXPECT_EQ(people.gap_now, 0);
  EXPECT_EQ(people.closing.status, CloseStatus::kMet);
  EXPECT_EQ(FormatDate(people.closing.date), "2025-01-01");
}

TEST(CapabilityTest, GapNeverClosesWhenLossesMatchDeliveries) {
  // 2 tanks a quarter arrive and 2 are lost: stock stays at 4 of 10.
  CapabilityReport r = Analyse(Model(R"("horizon_quarters": 4,
    "losses_per_quarter": {"tanks": 2}, "pipeline": [
    {"id": "a", "donor": "FR", "expected": "2025-02-15", "items": {"tanks": 2}},
    {"id": "b", "donor": "FR", "expected": "2025-05-15", "items": {"tanks": 2}},
    {"id": "c", "donor": "FR", "expected": "2025-08-15", "items": {"tanks": 2}},
    {"id": "d", "donor": "FR", "expected": "2025-11-15", "items": {"tanks": 2}}])"));
  const CategoryGap& tanks = Category(r, "tanks");
  for (const QuarterRow& q : tanks.quarters) {
    EXPECT_EQ(q.on_hand, 4);
    EXPECT_EQ(q.gap, 6);
  }
  EXPECT_EQ(tanks.delivered_in_horizon, 8);
  EXPECT_EQ(tanks.losses_in_horizon, 8);
  EXPECT_EQ(tanks.closing.status, CloseStatus::kNeverLossesOutpace);
}

TEST(CapabilityTest, LossesThatReopenAGapMoveTheClosingDate) {
  // 4 + 6 on 2025-02-01 = 10, minus 1 at 2025-03-31 = 9; 1 more on
  // 2025-04-10 = 10, minus 1 = 9 again: the gap never stays closed; 2
  // arrive on 2025-07-01: 11 - 1 = 10 at 2025Q3's end, the horizon's.
  CapabilityReport r = Analyse(Model(R"("horizon_quarters": 3,
    "losses_per_quarter": {"tanks": 1}, "pipeline": [
    {"id": "a", "donor": "FR", "expected": "2025-02-01", "items": {"tanks": 6}},
    {"id": "b", "donor": "FR", "expected": "2025-04-10", "items": {"tanks": 1}},
    {"id": "c", "donor": "FR", "expected": "2025-07-01", "items": {"tanks": 2}}])"));
  const CategoryGap& tanks = Category(r, "tanks");
  EXPECT_EQ(tanks.quarters[0].on_hand, 9);
  EXPECT_EQ(tanks.quarters[1].on_hand, 9);
  EXPECT_EQ(tanks.quarters[2].on_hand, 10);
  EXPECT_EQ(tanks.closing.status, CloseStatus::kCloses);
  EXPECT_EQ(FormatDate(tanks.closing.date), "2025-07-01");
}

TEST(CapabilityTest, DeliveryAfterTheHorizonDoesNotCount) {
  // Horizon: 2025Q1-Q2, last day 2025-06-30; the tanks come a day later.
  CapabilityReport r = Analyse(Model(R"("horizon_quarters": 2, "pipeline": [
    {"id": "late", "donor": "FR", "source": "fr-2025-03-27", "expected": "2025-07-01",
     "items": {"tanks": 6}}])"));
  const CategoryGap& tanks = Category(r, "tanks");
  EXPECT_EQ(tanks.delivered_in_horizon, 0);
  EXPECT_EQ(tanks.quarters.back().gap, 6);
  EXPECT_EQ(tanks.closing.status, CloseStatus::kNeverWithinHorizon);
  ASSERT_EQ(r.beyond_horizon.size(), 1u);
  EXPECT_EQ(r.beyond_horizon[0].id, "late");
  EXPECT_EQ(r.beyond_horizon[0].source, "fr-2025-03-27");
}

TEST(CapabilityTest, DeliveryBeforeTheStartCountsFromTheFirstQuarter) {
  CapabilityReport r = Analyse(Model(R"("horizon_quarters": 1, "pipeline": [
    {"id": "old", "donor": "FR", "expected": "2024-12-01", "items": {"tanks": 6}}])"));
  const CategoryGap& tanks = Category(r, "tanks");
  EXPECT_EQ(tanks.quarters[0].delivered, 6);
  EXPECT_EQ(tanks.closing.status, CloseStatus::kCloses);
  EXPECT_EQ(FormatDate(tanks.closing.date), "2025-01-01");
}

TEST(CapabilityTest, WhatIfPackageClosesTheGapOneQuarterEarlier) {
  CapabilityReport r = Analyse(Model(std::string(kTwoDeliveries) + R"(, "what_if": [
    {"id": "extra", "expected": "2025-05-20", "items": {"tanks": 3, "drones": 50}},
    {"id": "too-late", "expected": "2026-01-01", "items": {"tanks": 10}}])"));
  ASSERT_EQ(r.what_if.size(), 2u);
  const WhatIfResult& extra = r.what_if[0];
  EXPECT_FALSE(extra.beyond_horizon);
  ASSERT_EQ(extra.changes.size(), 1u);  // drones are not required
  const WhatIfChange& c = extra.changes[0];
  EXPECT_EQ(c.category, "tanks");
  EXPECT_EQ(FormatDate(c.before.date), "2025-08-15");
  EXPECT_EQ(FormatDate(c.after.date), "2025-05-20");  // 4 + 3 + 3 on 2025-05-20
  EXPECT_EQ(c.quarters_earlier, 1);
  EXPECT_EQ(c.days_earlier, 87);
  const WhatIfResult& late = r.what_if[1];
  EXPECT_TRUE(late.beyond_horizon);
  EXPECT_EQ(late.changes[0].quarters_earlier, 0);
  ASSERT_EQ(r.not_required.size(), 1u);
  EXPECT_EQ(r.not_required[0].category, "drones");
  EXPECT_EQ(r.not_required[0].named_by, std::vector<std::string>{"what_if:extra"});
}

TEST(CapabilityTest, WhatIfThatClosesANeverClosingGapHasNoQuarterCount) {
  CapabilityReport r = Analyse(Model(R"("horizon_quarters": 2, "what_if": [
    {"id": "x", "expected": "2025-04-01", "items": {"tanks": 6}}])"));
  const WhatIfChange& c = r.what_if[0].changes[0];
  EXPECT_EQ(c.before.status, CloseStatus::kNeverWithinHorizon);
  EXPECT_EQ(c.after.status, CloseStatus::kCloses);
  EXPECT_EQ(QuarterLabel(c.after.quarter), "2025Q2");
  EXPECT_FALSE(c.quarters_earlier.has_value());
  EXPECT_EQ(c.gap_at_horizon_before, 6);
  EXPECT_EQ(c.gap_at_horizon_after, 0);
}

TEST(CapabilityTest, StartMayBeADateOrAQuarter) {
  auto a = ParseCapabilityModel(Model(R"("horizon_quarters": 1)"), "m");
  std::string text = Model(R"("horizon_quarters": 1)");
  text.replace(text.find("2025Q1"), 6, "2025-02-14");
  auto b = ParseCapabilityModel(text, "m");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->start, b->start);
  EXPECT_EQ(QuarterLabel(b->start), "2025Q1");
}

std::string Errors(const std::string& text) {
  auto model = ParseCapabilityModel(text, "model.json");
  EXPECT_FALSE(model.ok());
  return model.status().message();
}

TEST(CapabilityTest, EveryProblemIsNamedWithFilePathAndReason) {
  std::string message = Errors(Model(R"("horizon_quarters": 0, "pipeline": [
    {"id": "a", "donor": "FR", "expected": "2025-05-10", "items": {"tanks": 3}},
    {"id": "a", "donor": "FR", "expected": "2025-02-30", "items": {"tanks": -3}}],
    "target2": 1)"));
  EXPECT_EQ(message,
            "model.json: $.target2: unknown field\n"
            "model.json: $.pipeline[1].id: 'a' is repeated\n"
            "model.json: $.pipeline[1].expected: must be a date YYYY-MM-DD, not \"2025-02-30\"\n"
            "model.json: $.pipeline[1].items.tanks: must be an integer >= 0, not -3\n"
            "model.json: $.horizon_quarters: must be an integer from 1 to 400, not 0");
}

TEST(CapabilityTest, UnknownFormationTypeAndMissingFields) {
  EXPECT_EQ(Errors(R"({"formation_types": {"bde": {"personnel": 2.5}},
                       "target": [{"formation_type": "corps", "count": 1}],
                       "inventory": {}})"),
            "model.json: $.start: is required\n"
            "model.json: $.horizon_quarters: is required\n"
            "model.json: $.formation_types.bde.personnel: must be an integer >= 0, not 2.5\n"
            "model.json: $.target[0].formation_type: unknown formation type 'corps'");
}

TEST(CapabilityTest, TextThatIsNotJsonIsAParseError) {
  auto model = ParseCapabilityModel("{\"target\": [", "model.json");
  ASSERT_FALSE(model.ok());
  EXPECT_EQ(model.status().code(), core::ErrorCode::kParseError);
  EXPECT_EQ(model.status().message().rfind("model.json: not valid JSON", 0), 0u);
}

TEST(CapabilityTest, ReportJsonIsDeterministicAndComplete) {
  CapabilityReport r = Analyse(Model(kTwoDeliveries));
  std::string text = CapabilityReportJson(r, "illustrative");
  EXPECT_EQ(text, CapabilityReportJson(r, "illustrative"));
  auto j = nlohmann::json::parse(text);
  EXPECT_EQ(j["note"], "illustrative");
  EXPECT_EQ(j["start"], "2025Q1");
  EXPECT_EQ(j["categories"][1]["category"], "tanks");
  EXPECT_EQ(j["categories"][1]["closes"]["date"], "2025-08-15");
  EXPECT_EQ(j["categories"][1]["by_quarter"][1]["gap"], 3);
}

}  // namespace
}  // namespace truceline::plan
