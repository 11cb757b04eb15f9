// The picture on a date across position changes; bad input; pledged vs delivered.

#include <gtest/gtest.h>

#include "registry/registry.hpp"
#include "registry_test_util.hpp"

namespace truceline::registry {
namespace {

using nlohmann::json;
using testing::BundledRegistryJson;
using testing::D;
using testing::MustParse;

const Position* Current(const Picture& picture, const std::string& nation,
                        const std::string& scope = "post_ceasefire_force") {
  for (const auto& n : picture.nations) {
    if (n.nation.iso2 != nation) continue;
    for (const auto& p : n.current) {
      if (p.scope == scope) return &p;
    }
  }
  return nullptr;
}

const NationPicture& NationIn(const Picture& picture, const std::string& nation) {
  for (const auto& n : picture.nations) {
    if (n.nation.iso2 == nation) return n;
  }
  ADD_FAILURE() << "no nation " << nation << " in the picture";
  static const NationPicture kNone;
  return kNone;
}

// The bundled document extended past 27 March with a later report and a
// change of Turkey's position, as an update would bring.
json WithTurkeyChange() {
  json doc = BundledRegistryJson();
  doc["as_of"] = "2025-04-30";
  doc["sources"].push_back(
      {{"id", "later-report"}, {"date", "2025-04-10"}, {"outlets", json::array()}});
  doc["positions"].push_back(
      {{"id", "tr-force-april"},
       {"nation", "TR"},
       {"scope", "post_ceasefire_force"},
       {"stance", "willing"},
       {"conditions", json::array()},
       {"date", "2025-04-10"},
       {"citations", {{{"source", "later-report"}, {"quote", "Turkey is ready"}}}}});
  return doc;
}

TEST(AsOf, LaterPositionSupersedesWithoutErasingTheEarlierOne) {
  Registry r = MustParse(WithTurkeyChange());
  Picture march = PictureAsOf(r, D("2025-03-27"));
  ASSERT_NE(Current(march, "TR"), nullptr);
  EXPECT_EQ(Current(march, "TR")->stance, Stance::kConditional);
  EXPECT_TRUE(NationIn(march, "TR").superseded.empty());

  Picture april = PictureAsOf(r, D("2025-04-10"));
  ASSERT_NE(Current(april, "TR"), nullptr);
  EXPECT_EQ(Current(april, "TR")->stance, Stance::kWilling);
  ASSERT_EQ(NationIn(april, "TR").superseded.size(), 1u);
  EXPECT_EQ(NationIn(april, "TR").superseded[0].id, "tr-force");

  // The day before the change, the March picture still holds.
  EXPECT_EQ(Current(PictureAsOf(r, D("2025-04-09")), "TR")->stance, Stance::kConditional);
}

TEST(AsOf, NothingIsKnownBeforeItWasReported) {
  Registry r = testing::BundledRegistry();
  Picture early = PictureAsOf(r, D("2025-03-01"));
  for (const auto& n : early.nations)
    EXPECT_TRUE(n.current.empty()) << n.nation.iso2;
  EXPECT_TRUE(early.meetings.empty());

  // On 16 March only report 002 is out: France's plan is known, Britain's
  // statement of 27 March is not; the meetings of 2 and 15 March are.
  Picture mid = PictureAsOf(r, D("2025-03-16"));
  EXPECT_NE(Current(mid, "FR"), nullptr);
  EXPECT_EQ(Current(mid, "GB"), nullptr);
  ASSERT_EQ(mid.meetings.size(), 2u);
  EXPECT_EQ(mid.meetings[0].id, "2025-03-02");
  EXPECT_EQ(NationIn(mid, "CA").meetings, std::vector<std::string>{"2025-03-15-virtual"});

  Picture end = PictureAsOf(r, D("2025-03-27"));
  EXPECT_EQ(end.meetings.size(), 3u);
  EXPECT_EQ(NationIn(end, "IT").meetings,
            (std::vector<std::string>{"2025-03-15-virtual", "2025-03-27-paris"}));
}

TEST(AsOf, AConflictShowsOnceBothSidesAreReported) {
  Registry r = testing::BundledRegistry();
  auto has = [](const Picture& p, const std::string& id) {
    for (const auto& c : p.conflicts) {
      if (c.id == id) return true;
    }
    return false;
  };
  // Only 002's side ("following any ceasefire agreement") is out on 16 March.
  EXPECT_FALSE(has(PictureAsOf(r, D("2025-03-16")), "deployment-trigger"));
  EXPECT_TRUE(has(PictureAsOf(r, D("2025-03-27")), "deployment-trigger"));
}

TEST(AsOf, PledgeStatusFollowsItsHistory) {
  json doc = BundledRegistryJson();
  doc["as_of"] = "2025-06-30";
  doc["sources"].push_back(
      {{"id", "june-report"}, {"date", "2025-06-01"}, {"outlets", json::array()}});
  doc["pledges"][0]["history"].push_back({{"status", "confirmed"}, {"date", "2025-06-01"}});
  Registry r = MustParse(doc);
  auto before = NationAsOf(r, "FR", D("2025-05-31"));
  auto after = NationAsOf(r, "FR", D("2025-06-01"));
  ASSERT_TRUE(before && after);
  EXPECT_EQ(before->pledges.at(0).status, PledgeStatus::kAnnounced);
  EXPECT_EQ(after->pledges.at(0).status, PledgeStatus::kConfirmed);
  EXPECT_FALSE(NationAsOf(r, "ZZ", D("2025-06-01")).has_value());
}

// --- bad input ----------------------------------------------------------------

std::string ErrorOf(const json& doc) {
  auto parsed = ParseRegistry(doc.dump(), "bad.json");
  EXPECT_FALSE(parsed.ok());
  return parsed.ok() ? "" : parsed.status().message();
}

TEST(BadInput, UnknownIsoCodeNamesFilePathAndReason) {
  json doc = BundledRegistryJson();
  doc["positions"][0]["nation"] = "XX";
  std::string error = ErrorOf(doc);
  EXPECT_NE(error.find("bad.json: $.positions[0].nation: unknown nation 'XX'"), std::string::npos)
      << error;
  doc = BundledRegistryJson();
  doc["nations"][0]["iso2"] = "Aus";
  EXPECT_NE(ErrorOf(doc).find("$.nations[0].iso2: 'Aus' is not an ISO 3166-1 alpha-2 code"),
            std::string::npos);
}

TEST(BadInput, NegativePledgeQuantity) {
  json doc = BundledRegistryJson();
  doc["pledges"][1]["quantity"]["value"] = -5000;
  EXPECT_NE(ErrorOf(doc).find("$.pledges[1].quantity.value: a quantity cannot be negative"),
            std::string::npos);
}

TEST(BadInput, CitationWithoutASourceOrAnUnknownOne) {
  json doc = BundledRegistryJson();
  doc["positions"][2]["citations"][0].erase("source");
  EXPECT_NE(ErrorOf(doc).find("$.positions[2].citations[0].source: required"), std::string::npos);
  doc = BundledRegistryJson();
  doc["positions"][2]["citations"][0]["source"] = "no-such-report";
  EXPECT_NE(ErrorOf(doc).find("unknown source 'no-such-report'"), std::string::npos);
  doc = BundledRegistryJson();
  doc["positions"][2]["citations"] = json::array();
  EXPECT_NE(ErrorOf(doc).find("$.positions[2].citations: every fact needs at least one citation"),
            std::string::npos);
}

TEST(BadInput, DateInTheFutureOfTheRecord) {
  json doc = BundledRegistryJson();
  doc["positions"][3]["date"] = "2025-03-28";
  EXPECT_NE(ErrorOf(doc).find("$.positions[3].date: 2025-03-28 is after the record's date "
                              "2025-03-27"),
            std::string::npos);
  doc = BundledRegistryJson();
  doc["meetings"][0]["date"] = "2025-02-30";
  EXPECT_NE(ErrorOf(doc).find("$.meetings[0].date: '2025-02-30' is not a date"), std::string::npos);
}

TEST(BadInput, UnknownStanceAndConditionListTheChoices) {
  json doc = BundledRegistryJson();
  doc["positions"][0]["stance"] = "keen";
  doc["positions"][1]["conditions"] = {"if_sunny"};
  std::string error = ErrorOf(doc);
  EXPECT_NE(error.find("$.positions[0].stance: unknown stance 'keen' (expected one of: willing,"),
            std::string::npos);
  EXPECT_NE(error.find("$.positions[1].conditions[0]: unknown condition"), std::string::npos);
}

TEST(BadInput, NotJsonIsAParseError) {
  auto parsed = ParseRegistry("{ not json", "broken.json");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().code(), core::ErrorCode::kParseError);
  EXPECT_EQ(parsed.status().message(), "broken.json: not valid JSON");
}

TEST(BadInput, QuoteLongerThanThirtyWords) {
  json doc = BundledRegistryJson();
  std::string words;
  for (int i = 0; i < 31; ++i)
    words += "word ";
  doc["positions"][0]["citations"][0]["quote"] = words;
  EXPECT_NE(ErrorOf(doc).find("31 words; a quote has at most 30 words"), std::string::npos);
}

// --- the aid pipeline -------------------------------------------------------

TEST(Aid, PledgedVersusDeliveredByDonorAndCategory) {
  json doc = BundledRegistryJson();
  doc["as_of"] = "2025-06-30";
  doc["sources"].push_back(
      {{"id", "june-report"}, {"date", "2025-06-01"}, {"outlets", json::array()}});
  json cite = {{{"source", "june-report"}, {"quote", "first deliveries"}}};
  doc["deliveries"].push_back({{"id", "d1"},
                               {"package", "fr-2025-03-27"},
                               {"date", "2025-05-01"},
                               {"category", "funds"},
                               {"quantity", {{"value", 5e8}, {"unit", "EUR"}}},
                               {"citations", cite}});
  doc["deliveries"].push_back({{"id", "d2"},
                               {"package", "fr-2025-03-27"},
                               {"date", "2025-06-01"},
                               {"category", "equipment"},
                               {"item", "tanks"},
                               {"quantity", {{"value", 12}, {"unit", "tanks"}}},
                               {"citations", cite}});
  Registry r = MustParse(doc);

  auto find = [](const std::vector<AidBalance>& lines, Category c, const std::string& unit) {
    for (const auto& l : lines) {
      if (l.category == c && l.unit == unit) return l;
    }
    return AidBalance{};
  };
  auto march = AidBalances(r, D("2025-03-27"));
  AidBalance funds = find(march, Category::kFunds, "EUR");
  EXPECT_EQ(funds.donor, "FR");
  EXPECT_EQ(funds.pledged, 2e9);
  EXPECT_EQ(funds.delivered, 0);
  EXPECT_EQ(find(march, Category::kEquipment, "tanks").pledged_unquantified, 1u);

  auto june = AidBalances(r, D("2025-06-30"));
  EXPECT_EQ(find(june, Category::kFunds, "EUR").delivered, 5e8);
  EXPECT_EQ(find(june, Category::kEquipment, "tanks").delivered, 12);
  EXPECT_EQ(find(june, Category::kEquipment, "tanks").deliveries, 1u);
  EXPECT_EQ(find(AidBalances(r, D("2025-05-15")), Category::kEquipment, "tanks").delivered, 0);
  EXPECT_TRUE(AidBalances(r, D("2025-03-01")).empty());
}

TEST(Aid, BadDeliveries) {
  json doc = BundledRegistryJson();
  json cite = {{{"source", "003_e08990963c5876cc"}, {"quote", "tanks"}}};
  doc["deliveries"].push_back({{"id", "d1"},
                               {"package", "fr-2025-03-27"},
                               {"date", "2025-03-20"},
                               {"category", "funds"},
                               {"quantity", {{"value", -1}, {"unit", "EUR"}}},
                               {"citations", cite}});
  doc["deliveries"].push_back({{"id", "d2"},
                               {"package", "nope"},
                               {"date", "2025-03-27"},
                               {"category", "funds"},
                               {"quantity", {{"unit", "EUR"}}},
                               {"citations", cite}});
  std::string error = ErrorOf(doc);
  EXPECT_NE(error.find("$.deliveries[0].date: delivered on 2025-03-20, before the package"),
            std::string::npos);
  EXPECT_NE(error.find("$.deliveries[0].quantity.value: a quantity cannot be negative"),
            std::string::npos);
  EXPECT_NE(error.find("$.deliveries[1].package: unknown aid package 'nope'"), std::string::npos);
  EXPECT_NE(error.find("$.deliveries[1].quantity.value: a delivery needs a delivered quantity"),
            std::string::npos);
}

}  // namespace
}  // namespace truceline::registry
