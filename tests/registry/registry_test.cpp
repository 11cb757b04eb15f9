// The bundled registry of 27 March 2025: the facts the reports give.

#include "registry/registry.hpp"

#include <algorithm>
#include <set>

#include <gtest/gtest.h>

#include "registry_test_util.hpp"

namespace truceline::registry {
namespace {

using testing::BundledRegistry;
using testing::D;

// The current position of `nation` on `scope` in the registry's own picture.
Position OnlyPosition(const Registry& r, const std::string& nation,
                      const std::string& scope = "post_ceasefire_force") {
  auto picture = NationAsOf(r, nation, r.as_of);
  EXPECT_TRUE(picture.has_value()) << nation;
  if (picture) {
    for (const auto& p : picture->current) {
      if (p.scope == scope) return p;
    }
  }
  ADD_FAILURE() << nation << " has no position on " << scope;
  return {};
}

bool Has(const Position& p, Condition c) {
  return std::find(p.conditions.begin(), p.conditions.end(), c) != p.conditions.end();
}

const Meeting& MeetingById(const Registry& r, const std::string& id) {
  auto it = std::find_if(r.meetings.begin(), r.meetings.end(),
                         [&](const Meeting& m) { return m.id == id; });
  EXPECT_NE(it, r.meetings.end()) << id;
  return *it;
}

const Decision& DecisionById(const Meeting& m, const std::string& id) {
  auto it = std::find_if(m.decisions.begin(), m.decisions.end(),
                         [&](const Decision& d) { return d.id == id; });
  EXPECT_NE(it, m.decisions.end()) << id;
  return *it;
}

TEST(BundledRegistry, NamesEveryNationOfTheReportsWithCodesAndMemberships) {
  Registry r = BundledRegistry();
  EXPECT_EQ(r.as_of, D("2025-03-27"));
  std::set<std::string> codes;
  for (const auto& n : r.nations)
    codes.insert(n.iso2);
  for (const char* code : {"UA", "FR", "LT", "FI", "CY", "RO", "DE", "GB", "BE", "BG", "DK",
                           "ES", "HR", "EE", "GR", "IE", "IS", "IT", "LV", "LU", "NO", "NL",
                           "PL", "PT", "CZ", "SI", "SE", "CH", "TR", "AU", "CA", "NZ"}) {
    EXPECT_TRUE(codes.contains(code)) << code;
  }
  const Nation* ch = FindNation(r, "che");
  ASSERT_NE(ch, nullptr);
  EXPECT_EQ(ch->iso2, "CH");
  EXPECT_FALSE(ch->eu);
  EXPECT_FALSE(ch->nato);
  EXPECT_TRUE(FindNation(r, "SE")->nato);  // a member since March 2024
  EXPECT_TRUE(FindNation(r, "IE")->eu);
  EXPECT_FALSE(FindNation(r, "IE")->nato);
  EXPECT_TRUE(FindNation(r, "TR")->nato);
  EXPECT_FALSE(FindNation(r, "TR")->eu);
}

TEST(BundledRegistry, EveryFactHasACitationWithItsReportDate) {
  Registry r = BundledRegistry();
  for (const auto& p : r.positions) {
    ASSERT_FALSE(p.citations.empty()) << p.id;
    for (const auto& c : p.citations) {
      EXPECT_NE(c.report_date, Date{}) << p.id;
      EXPECT_FALSE(c.quote.empty()) << p.id;
    }
  }
  for (const auto& n : r.nations)
    EXPECT_FALSE(n.citations.empty()) << n.iso2;
  for (const auto& m : r.meetings)
    EXPECT_FALSE(m.citations.empty()) << m.id;
  for (const auto& p : r.pledges)
    EXPECT_FALSE(p.citations.empty()) << p.id;
}

TEST(BundledRegistry, BulgariaNonCombatOnly) {
  Position p = OnlyPosition(BundledRegistry(), "BG");
  EXPECT_EQ(p.stance, Stance::kNonCombatOnly);
  EXPECT_TRUE(Has(p, Condition::kNoCombatRole));
  EXPECT_NE(p.citations[0].quote.find("will not participate in hostilities"), std::string::npos);
}

TEST(BundledRegistry, RomaniaSupportOnlyAsATransitHub) {
  Position p = OnlyPosition(BundledRegistry(), "RO");
  EXPECT_EQ(p.stance, Stance::kSupportOnly);
  EXPECT_TRUE(Has(p, Condition::kTransitOnly));
  EXPECT_NE(p.condition_text.find("parliament does not support"), std::string::npos);
}

TEST(BundledRegistry, TurkeyConditionalOnAConsultationRoleAsBloombergReports) {
  Position p = OnlyPosition(BundledRegistry(), "TR");
  EXPECT_EQ(p.stance, Stance::kConditional);
  EXPECT_TRUE(Has(p, Condition::kRequiresConsultationRole));
  EXPECT_EQ(p.citations[0].outlet, "Bloomberg");
}

TEST(BundledRegistry, SwitzerlandOnlyIfAskedAndItsGovernmentAgrees) {
  Position p = OnlyPosition(BundledRegistry(), "CH");
  EXPECT_EQ(p.stance, Stance::kConditional);
  EXPECT_TRUE(Has(p, Condition::kRequiresHostRequest));
  EXPECT_TRUE(Has(p, Condition::kRequiresNationalApproval));
  EXPECT_NE(p.stated_by.find("Süssli"), std::string::npos);
}

TEST(BundledRegistry, UnitedKingdomBootsOnTheGroundAndPlanesInTheSky) {
  Registry r = BundledRegistry();
  EXPECT_EQ(OnlyPosition(r, "GB").stance, Stance::kWilling);
  auto gb = NationAsOf(r, "GBR", r.as_of);
  ASSERT_TRUE(gb.has_value());
  std::set<Category> pledged;
  for (const auto& p : gb->pledges) {
    pledged.insert(p.pledge.category);
    EXPECT_FALSE(p.pledge.quantity.value.has_value()) << "no number is reported";
    EXPECT_EQ(p.status, PledgeStatus::kAnnounced);
  }
  EXPECT_EQ(pledged, (std::set<Category>{Category::kTroops, Category::kAircraft}));
}

TEST(BundledRegistry, IrelandForPostWarPeacekeeping) {
  Position p = OnlyPosition(BundledRegistry(), "IE");
  EXPECT_EQ(p.stance, Stance::kWilling);
  EXPECT_TRUE(Has(p, Condition::kPostCeasefireOnly));
}

TEST(BundledRegistry, GermanyItalySpainPolandAgainstMacronsFirstIdea) {
  Registry r = BundledRegistry();
  for (const char* code : {"DE", "IT", "ES", "PL"}) {
    EXPECT_EQ(OnlyPosition(r, code, "demarcation_line_force").stance, Stance::kOpposed) << code;
  }
}

TEST(BundledRegistry, BelgiumSwedenAndCzechRepublicConsidering) {
  Registry r = BundledRegistry();
  for (const char* code : {"BE", "SE", "CZ"}) {
    EXPECT_EQ(OnlyPosition(r, code).stance, Stance::kConsidering) << code;
  }
  EXPECT_EQ(OnlyPosition(r, "DK").stance, Stance::kWilling);
  EXPECT_EQ(OnlyPosition(r, "AU").stance, Stance::kWilling);
}

TEST(BundledRegistry, FrancesTwoBillionEuroPackage) {
  Registry r = BundledRegistry();
  ASSERT_EQ(r.aid_packages.size(), 1u);
  const AidPackage& a = r.aid_packages[0];
  EXPECT_EQ(a.donor, "FR");
  EXPECT_EQ(a.date, D("2025-03-27"));
  EXPECT_EQ(a.value.value, 2e9);
  EXPECT_EQ(a.value.unit, "EUR");
  std::set<std::string> items;
  for (const auto& i : a.items)
    items.insert(i.item);
  EXPECT_EQ(items, (std::set<std::string>{"tanks", "air defense systems", "anti-tank missiles"}));
}

TEST(BundledRegistry, ParisSummitOf27MarchAndItsDecisions) {
  Registry r = BundledRegistry();
  const Meeting& paris = MeetingById(r, "2025-03-27-paris");
  EXPECT_EQ(paris.date, D("2025-03-27"));
  EXPECT_EQ(paris.host, "FR");
  size_t nations = std::count_if(paris.participants.begin(), paris.participants.end(),
                                 [](const Participant& p) { return !p.nation.empty(); });
  EXPECT_EQ(nations, 27u);
  EXPECT_EQ(DecisionById(paris, "three-pillars").items.size(), 3u);
  const Decision& monitoring = DecisionById(paris, "monitoring-options");
  ASSERT_EQ(monitoring.items.size(), 3u);
  EXPECT_NE(monitoring.items[0].find("OSCE"), std::string::npos);
  EXPECT_NE(monitoring.items[1].find("United Nations"), std::string::npos);
  EXPECT_NE(DecisionById(paris, "sanctions-stay").text.find("sanctions"), std::string::npos);
  EXPECT_EQ(DecisionById(paris, "franco-british-mission").citations[0].outlet, "BFMTV");
}

TEST(BundledRegistry, EarlierMeetingsOf2And15March) {
  Registry r = BundledRegistry();
  const Meeting& virtual_meeting = MeetingById(r, "2025-03-15-virtual");
  EXPECT_EQ(virtual_meeting.format, "virtual");
  EXPECT_EQ(virtual_meeting.date_basis, DateBasis::kDerived);
  std::set<std::string> present;
  for (const auto& p : virtual_meeting.participants)
    present.insert(p.nation);
  for (const char* code : {"AU", "CA", "NZ", "IT", "UA", "GB"})
    EXPECT_TRUE(present.contains(code));
  const Meeting& london = MeetingById(r, "2025-03-02");
  EXPECT_TRUE(london.participants.empty()) << "the reports name no participants";
  EXPECT_TRUE(london.location.empty()) << "the reports do not say where";
}

TEST(BundledRegistry, SeveralThousandTroopsEachKeptAsReportedWithoutARange) {
  Registry r = BundledRegistry();
  auto it = std::find_if(r.statements.begin(), r.statements.end(),
                         [](const Statement& s) { return s.id == "several-thousand-each"; });
  ASSERT_NE(it, r.statements.end());
  ASSERT_TRUE(it->quantity.has_value());
  EXPECT_EQ(it->quantity->as_reported, "several thousand troops each");
  EXPECT_FALSE(it->quantity->value || it->quantity->min || it->quantity->max);
  EXPECT_EQ(it->citations[0].outlet, "La Dépêche du Midi and Le Parisien");
}

TEST(BundledRegistry, ConflictingReportsAreBothKeptAndFlagged) {
  Registry r = BundledRegistry();
  auto count = std::find_if(r.conflicts.begin(), r.conflicts.end(),
                            [](const Conflict& c) { return c.id == "paris-participant-count"; });
  ASSERT_NE(count, r.conflicts.end());
  std::set<std::string> sources;
  for (const auto& claim : count->claims)
    sources.insert(claim.citations.at(0).source);
  EXPECT_EQ(sources.size(), 3u);
  EXPECT_EQ(ConflictsAbout(r, "2025-03-27-paris"),
            std::vector<std::string>{"paris-participant-count"});
  EXPECT_EQ(ConflictsAbout(r, "fr-force"), std::vector<std::string>{"deployment-trigger"});
  EXPECT_GE(r.conflicts.size(), 4u);
}

TEST(BundledRegistry, RoundTripsThroughJson) {
  Registry r = BundledRegistry();
  auto again = ParseRegistry(ToJson(r).dump(), "round-trip.json");
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(ToJson(*again), ToJson(r));
}

}  // namespace
}  // namespace truceline::registry
