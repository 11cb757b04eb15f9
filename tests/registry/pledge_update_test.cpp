// Pledge updates: a pledge's later statuses recorded after the pledge itself
// (`pledge_updates`), their checks, folding, the picture across their dates
// and the aid balance.

#include <gtest/gtest.h>

#include "registry/registry.hpp"
#include "registry/registry_json.hpp"
#include "registry_test_util.hpp"

namespace truceline::registry {
namespace {

using nlohmann::json;
using testing::BundledRegistryJson;
using testing::D;
using testing::MustParse;

constexpr const char* kPackagePledge = "fr-package-2bn";  // announced 2025-03-27

json Cite(const char* source = "april-report", const char* quote = "France confirmed") {
  return json::array({{{"source", source}, {"quote", quote}}});
}

json Update(const char* pledge, const char* status, const char* date) {
  return {{"pledge", pledge}, {"status", status}, {"date", date}, {"citations", Cite()}};
}

// The bundled document with the record running to 30 June, reports of 10
// April and 1 June, and the given pledge updates.
json WithUpdates(const json& updates) {
  json doc = BundledRegistryJson();
  doc["as_of"] = "2025-06-30";
  doc["sources"].push_back(
      {{"id", "april-report"}, {"date", "2025-04-10"}, {"outlets", json::array({"Le Monde"})}});
  doc["sources"].push_back(
      {{"id", "june-report"}, {"date", "2025-06-01"}, {"outlets", json::array()}});
  doc["pledge_updates"] = updates;
  return doc;
}

std::string ErrorOf(const json& doc) {
  auto parsed = ParseRegistry(doc.dump(), "bad.json");
  EXPECT_FALSE(parsed.ok());
  return parsed.ok() ? "" : parsed.status().message();
}

void ExpectError(const json& doc, const std::string& expected) {
  std::string error = ErrorOf(doc);
  EXPECT_NE(error.find(expected), std::string::npos) << "expected: " << expected << "\n" << error;
}

TEST(PledgeUpdates, ParseAndWriteBack) {
  auto parsed = ParseRegistryAdditions(R"({"pledge_updates": [
      {"pledge": "fr-package-2bn", "status": "confirmed", "date": "2025-04-10",
       "date_basis": "stated",
       "citations": [{"source": "april-report", "outlet": "Le Monde", "quote": "confirmed"}]}]})",
                                       "add.json");
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  ASSERT_EQ(parsed->pledge_updates.size(), 1u);
  const PledgeUpdate& u = parsed->pledge_updates[0];
  EXPECT_EQ(u.pledge, kPackagePledge);
  EXPECT_EQ(u.change.status, PledgeStatus::kConfirmed);
  EXPECT_EQ(u.change.date, D("2025-04-10"));
  EXPECT_EQ(u.change.date_basis, DateBasis::kStated);
  ASSERT_EQ(u.change.citations.size(), 1u);
  EXPECT_EQ(u.change.citations[0].outlet, "Le Monde");

  json j = ToJson(u);
  EXPECT_EQ(j["pledge"], kPackagePledge);
  EXPECT_EQ(j["status"], "confirmed");
  EXPECT_EQ(j["date"], "2025-04-10");
  EXPECT_EQ(j["date_basis"], "stated");
  std::vector<Issue> issues;
  PledgeUpdate back = PledgeUpdateFromJson(j, "$", issues);
  EXPECT_TRUE(issues.empty());
  EXPECT_EQ(ToJson(back), j);
}

TEST(PledgeUpdates, ShapeErrorsNameTheirJsonPaths) {
  auto parsed = ParseRegistryAdditions(R"({"pledge_updates": [
      {"status": "cancelled", "date": "2025-04-31", "date_basis": "guessed",
       "citations": [{"quote": "q"}]}]})",
                                       "add.json");
  ASSERT_FALSE(parsed.ok());
  std::string error = parsed.status().message();
  for (const char* expected :
       {"add.json: $.pledge_updates[0].pledge: required",
        "add.json: $.pledge_updates[0].status: unknown status 'cancelled' (expected one of: "
        "announced, confirmed, delivered)",
        "add.json: $.pledge_updates[0].date: '2025-04-31' is not a date YYYY-MM-DD",
        "add.json: $.pledge_updates[0].date_basis: unknown date basis 'guessed'",
        "add.json: $.pledge_updates[0].citations[0].source: required"}) {
    EXPECT_NE(error.find(expected), std::string::npos) << expected << "\n" << error;
  }
  auto not_a_list = ParseRegistryAdditions(R"({"pledge_updates": {}})", "add.json");
  ASSERT_FALSE(not_a_list.ok());
  EXPECT_NE(not_a_list.status().message().find("$.pledge_updates: expected an array"),
            std::string::npos);
}

TEST(PledgeUpdates, ForwardStepsAreAcceptedAndKeepTheirOrder) {
  json updates = json::array({Update(kPackagePledge, "confirmed", "2025-04-10"),
                              Update(kPackagePledge, "delivered", "2025-06-01")});
  updates[1]["citations"] = Cite("june-report", "delivered in full");
  Registry r = MustParse(WithUpdates(updates));
  ASSERT_EQ(r.pledge_updates.size(), 2u);
  EXPECT_EQ(r.pledge_updates[1].change.citations[0].report_date, D("2025-06-01"));
  // A step may be skipped: announced straight to delivered.
  MustParse(WithUpdates(json::array({Update("gb-troops", "delivered", "2025-04-10")})));
  // An update on the day of the latest status is fine.
  MustParse(WithUpdates(json::array({Update(kPackagePledge, "confirmed", "2025-03-27")})));
}

TEST(PledgeUpdates, UnknownPledgeIsRefused) {
  ExpectError(WithUpdates(json::array({Update("fr-tanks", "confirmed", "2025-04-10")})),
              "bad.json: $.pledge_updates[0].pledge: unknown pledge 'fr-tanks'");
}

TEST(PledgeUpdates, RepeatedStatusIsRefused) {
  ExpectError(WithUpdates(json::array({Update(kPackagePledge, "announced", "2025-04-10")})),
              "bad.json: $.pledge_updates[0].status: pledge 'fr-package-2bn' is already "
              "announced (since 2025-03-27); a status is recorded once");
  ExpectError(WithUpdates(json::array({Update(kPackagePledge, "confirmed", "2025-04-10"),
                                       Update(kPackagePledge, "confirmed", "2025-06-01")})),
              "$.pledge_updates[1].status: pledge 'fr-package-2bn' is already confirmed (since "
              "2025-04-10)");
}

TEST(PledgeUpdates, BackwardMoveIsRefused) {
  ExpectError(WithUpdates(json::array({Update(kPackagePledge, "delivered", "2025-04-10"),
                                       Update(kPackagePledge, "confirmed", "2025-06-01")})),
              "bad.json: $.pledge_updates[1].status: pledge 'fr-package-2bn' is already "
              "delivered (since 2025-04-10); it cannot go back to confirmed (a pledge's status "
              "moves forward only: announced, confirmed, delivered)");
}

TEST(PledgeUpdates, DateBeforeThePreviousStatusIsRefused) {
  ExpectError(WithUpdates(json::array({Update(kPackagePledge, "confirmed", "2025-03-20")})),
              "bad.json: $.pledge_updates[0].date: 2025-03-20 is before the pledge's latest "
              "status (announced on 2025-03-27)");
  ExpectError(WithUpdates(json::array({Update(kPackagePledge, "confirmed", "2025-06-01"),
                                       Update(kPackagePledge, "delivered", "2025-04-10")})),
              "$.pledge_updates[1].date: 2025-04-10 is before the pledge's latest status "
              "(confirmed on 2025-06-01)");
}

TEST(PledgeUpdates, DateInTheFutureOfTheRecordIsRefused) {
  ExpectError(WithUpdates(json::array({Update(kPackagePledge, "confirmed", "2025-07-01")})),
              "bad.json: $.pledge_updates[0].date: 2025-07-01 is after the record's date "
              "2025-06-30");
}

TEST(PledgeUpdates, CitationsFollowTheRulesOfEveryFact) {
  json update = Update(kPackagePledge, "confirmed", "2025-04-10");
  update["citations"][0].erase("source");
  ExpectError(WithUpdates(json::array({update})),
              "bad.json: $.pledge_updates[0].citations[0].source: required");
  update["citations"][0]["source"] = "";
  ExpectError(WithUpdates(json::array({update})),
              "bad.json: $.pledge_updates[0].citations[0].source: must not be empty");
  update["citations"][0]["source"] = "no-such-report";
  ExpectError(WithUpdates(json::array({update})),
              "$.pledge_updates[0].citations[0].source: unknown source 'no-such-report'");
  update["citations"] = json::array();
  ExpectError(WithUpdates(json::array({update})),
              "$.pledge_updates[0].citations: every fact needs at least one citation");
}

TEST(PledgeUpdates, FoldingAppendsToTheHistoryInOrder) {
  json updates = json::array({Update(kPackagePledge, "confirmed", "2025-04-10"),
                              Update("gb-troops", "confirmed", "2025-06-01")});
  Registry r = MustParse(WithUpdates(updates));
  FoldPledgeUpdates(r);
  EXPECT_TRUE(r.pledge_updates.empty());
  ASSERT_EQ(r.pledges[0].id, kPackagePledge);
  ASSERT_EQ(r.pledges[0].history.size(), 2u);
  EXPECT_EQ(r.pledges[0].history[1].status, PledgeStatus::kConfirmed);
  EXPECT_EQ(r.pledges[0].history[1].citations.at(0).source, "april-report");
  ASSERT_EQ(r.pledges[1].history.size(), 2u);
  EXPECT_EQ(r.pledges[1].history[1].date, D("2025-06-01"));
  EXPECT_TRUE(CheckRegistry(r).empty()) << "a folded registry stays valid";
}

TEST(PledgeUpdates, AsOfShowsTheStatusDatedOnOrBeforeThePicturesDate) {
  json updates = json::array({Update(kPackagePledge, "confirmed", "2025-04-10"),
                              Update(kPackagePledge, "delivered", "2025-06-01")});
  Registry pending = MustParse(WithUpdates(updates));
  Registry folded = pending;
  FoldPledgeUpdates(folded);
  for (const Registry* r : {&pending, &folded}) {
    auto status_on = [&](const char* date) {
      auto fr = NationAsOf(*r, "FR", D(date));
      EXPECT_TRUE(fr.has_value());
      return fr ? fr->pledges.at(0) : PledgeAsOf{};
    };
    EXPECT_EQ(status_on("2025-03-27").status, PledgeStatus::kAnnounced);
    EXPECT_EQ(status_on("2025-04-09").status, PledgeStatus::kAnnounced);
    EXPECT_EQ(status_on("2025-04-10").status, PledgeStatus::kConfirmed);
    EXPECT_EQ(status_on("2025-05-31").status, PledgeStatus::kConfirmed);
    EXPECT_EQ(status_on("2025-06-01").status, PledgeStatus::kDelivered);
    // The picture's history holds only what was known by its date.
    EXPECT_EQ(status_on("2025-04-09").pledge.history.size(), 1u);
    EXPECT_EQ(status_on("2025-05-31").pledge.history.size(), 2u);
    EXPECT_EQ(status_on("2025-06-30").pledge.history.size(), 3u);
    Picture june = PictureAsOf(*r, D("2025-06-01"));
    for (const auto& n : june.nations) {
      if (n.nation.iso2 == "FR") {
        EXPECT_EQ(n.pledges.at(0).status, PledgeStatus::kDelivered);
      }
    }
  }
}

TEST(PledgeUpdates, ADeliveredPackagePledgeCountsInTheAidBalance) {
  json doc = WithUpdates(json::array({Update(kPackagePledge, "confirmed", "2025-04-10"),
                                      Update(kPackagePledge, "delivered", "2025-06-01")}));
  doc["deliveries"].push_back({{"id", "d1"},
                               {"package", "fr-2025-03-27"},
                               {"date", "2025-05-01"},
                               {"category", "funds"},
                               {"quantity", {{"value", 5e8}, {"unit", "EUR"}}},
                               {"citations", Cite()}});
  Registry r = MustParse(doc);
  auto funds = [&](const char* date) {
    for (const auto& l : AidBalances(r, D(date))) {
      if (l.category == Category::kFunds && l.unit == "EUR") return l;
    }
    ADD_FAILURE() << "no funds line on " << date;
    return AidBalance{};
  };
  EXPECT_EQ(funds("2025-04-10").delivered, 0);  // confirmed is not delivered
  EXPECT_EQ(funds("2025-05-31").delivered, 5e8);
  EXPECT_EQ(funds("2025-05-31").pledges_delivered, 0u);
  // Delivered in full: the itemised 5e8 is part of the 2e9, not added to it.
  EXPECT_EQ(funds("2025-06-01").delivered, 2e9);
  EXPECT_EQ(funds("2025-06-01").pledged, 2e9);
  EXPECT_EQ(funds("2025-06-01").pledges_delivered, 1u);
  EXPECT_EQ(funds("2025-06-01").deliveries, 1u);
}

TEST(PledgeUpdates, ADocumentWritesThemBackAndReadsThemAgain) {
  Registry r =
      MustParse(WithUpdates(json::array({Update(kPackagePledge, "confirmed", "2025-04-10")})));
  json written = ToJson(r);
  ASSERT_EQ(written["pledge_updates"].size(), 1u);
  Registry again = MustParse(written);
  EXPECT_EQ(ToJson(again), written);
  // A document without the list (written before it existed) still reads.
  EXPECT_TRUE(MustParse(BundledRegistryJson()).pledge_updates.empty());
}

}  // namespace
}  // namespace truceline::registry
