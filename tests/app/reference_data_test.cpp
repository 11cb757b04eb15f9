// The bundled reference data, read through the app layer and checked with
// core geo: the facts a user would notice first if they were wrong.

#include "app/reference_data.hpp"

#include <algorithm>

#include <gtest/gtest.h>

#include "core/spatial_index.hpp"

namespace truceline::app {
namespace {

using core::geo::LatLon;

TEST(ReferenceDataTest, OblastsCoverUkraineWithCrimeaInside) {
  auto oblasts = LoadOblasts();
  ASSERT_TRUE(oblasts.ok()) << oblasts.status().ToString();
  ASSERT_EQ(oblasts->size(), 27u);
  std::vector<core::geo::MultiPolygon> areas;
  for (const auto& o : *oblasts)
    areas.push_back(o.area);
  core::geo::PolygonIndex index(areas);
  auto region = [&](LatLon p) -> std::string {
    auto found = index.FirstContaining(p);
    return found ? (*oblasts)[*found].name : "";
  };
  EXPECT_EQ(region({44.95, 34.10}), "Autonomous Republic of Crimea");  // Simferopol
  EXPECT_EQ(region({44.60, 33.52}), "Sevastopol");
  EXPECT_EQ(region({49.99, 36.23}), "Kharkiv Oblast");
  EXPECT_EQ(region({46.48, 30.72}), "Odesa Oblast");
  EXPECT_EQ(region({48.28, 37.18}), "Donetsk Oblast");  // Pokrovsk
  EXPECT_EQ(region({50.45, 30.52}), "Kyiv");
  EXPECT_EQ(region({52.23, 21.01}), "");  // Warsaw
  EXPECT_EQ(region({55.75, 37.62}), "");  // Moscow
}

TEST(ReferenceDataTest, LineOfContactRunsNorthToSouthThroughTheFrontTowns) {
  auto line = LoadLineOfContact();
  ASSERT_TRUE(line.ok()) << line.status().ToString();
  ASSERT_GE(line->size(), 10u);
  EXPECT_NEAR(line->front().lat, 50.3, 0.2);
  EXPECT_NEAR(line->back().lat, 46.5, 0.2);
  core::geo::PreparedLine prepared(*line);
  // From the facts in data/SOURCES.md: towns within ~15 km of the line.
  EXPECT_LT(prepared.Distance({48.28198, 37.17585}).distance_m, 15000);  // Pokrovsk
  EXPECT_LT(prepared.Distance({48.39869, 37.84787}).distance_m, 15000);  // Toretsk
  EXPECT_LT(prepared.Distance({46.65581, 32.6178}).distance_m, 15000);   // Kherson
  EXPECT_GT(prepared.Distance({50.45, 30.52}).distance_m, 400000);       // Kyiv
  EXPECT_GT(prepared.Distance({49.84, 24.03}).distance_m, 700000);       // Lviv
}

TEST(ReferenceDataTest, MissingDataDirectoryIsAClearError) {
  ::setenv("TRUCELINE_DATA_DIR", "/nonexistent-data", 1);
  auto line = LoadLineOfContact();
  ::unsetenv("TRUCELINE_DATA_DIR");
  ASSERT_FALSE(line.ok());
  EXPECT_EQ(line.status().code(), core::ErrorCode::kNotFound);
  EXPECT_NE(line.status().message().find("/nonexistent-data/line_of_contact_2025-03-15.geojson"),
            std::string::npos);
}

TEST(ReferenceDataTest, AssetTablesLoadWithTheirQuotedSources) {
  auto plants = LoadAssets("power_plants");
  ASSERT_TRUE(plants.ok()) << plants.status().ToString();
  EXPECT_EQ(plants->size(), 40u);
  auto tashlyk = std::find_if(plants->begin(), plants->end(),
                              [](const Asset& a) { return a.name == "Tashlyk PSPP"; });
  ASSERT_NE(tashlyk, plants->end());  // its row has a quoted field with commas
  EXPECT_EQ(tashlyk->category, "energy");
  EXPECT_NEAR(tashlyk->position.lat, 47.7968, 1e-9);
  auto hubs = LoadAssets("logistics_hubs");
  ASSERT_TRUE(hubs.ok()) << hubs.status().ToString();
  EXPECT_EQ(hubs->front().category, "town");  // the `kind` column
  EXPECT_EQ(LoadAssets("no_such_table").status().code(), core::ErrorCode::kNotFound);
}

TEST(ReferenceDataTest, TownsLoadWithTheirOblasts) {
  auto towns = LoadTowns();
  ASSERT_TRUE(towns.ok()) << towns.status().ToString();
  EXPECT_EQ(towns->size(), 1651u);  // data/towns.csv without its header
  auto pokrovsk = std::find_if(towns->begin(), towns->end(),
                               [](const Town& t) { return t.name == "Pokrovsk"; });
  ASSERT_NE(pokrovsk, towns->end());
  EXPECT_EQ(pokrovsk->oblast, "Donetsk Oblast");
  EXPECT_NEAR(pokrovsk->position.lat, 48.28, 0.02);
  EXPECT_GT(pokrovsk->population, 10'000);
}

}  // namespace
}  // namespace truceline::app
