// The three readers: format details, chunk boundaries, bounded memory.

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "core/report_json.hpp"
#include "ingest_test_util.hpp"

namespace truceline::ingest {
namespace {

using testing::ReadFile;
using testing::TempDir;

core::Report MakeReport(int i) {
  core::Report r;
  r.id = fmt::format("r{}", i);
  r.source = fmt::format("sensor-{}", i % 17);
  r.source_kind = core::SourceKind::kSensor;
  r.observed_at = core::FromUnixMicros(1743500000LL * 1000000 + i * 1000003LL);
  r.time_uncertainty_s = i % 5;
  r.lat = 44.0 + (i % 9000) * 0.001;
  r.lon = 22.0 + (i % 19000) * 0.001;
  r.position_uncertainty_m = 50;
  r.kind = i % 3 == 0 ? core::ReportKind::kWeaponSighting : core::ReportKind::kExplosion;
  if (r.kind == core::ReportKind::kWeaponSighting) r.weapon_class = core::WeaponClass::kTank;
  r.count = 1 + i % 7;
  if (i % 10 == 0) r.text = fmt::format("note, with \"quotes\" #{}", i);
  return r;
}

std::string Csv(const std::vector<core::Report>& reports) {
  std::string out =
      "id,source,source_kind,observed_at,time_uncertainty_s,lat,lon,"
      "position_uncertainty_m,kind,count,weapon_class,text\r\n";
  for (const auto& r : reports) {
    std::string text = r.text;
    for (size_t p = 0; (p = text.find('"', p)) != std::string::npos; p += 2)
      text.insert(p, "\"");
    out += fmt::format("{},{},sensor,{},{},{},{},{},{},{},{},\"{}\"\r\n", r.id, r.source,
                       core::FormatRfc3339(r.observed_at), r.time_uncertainty_s, r.lat, r.lon,
                       r.position_uncertainty_m, core::ReportKindName(r.kind), r.count,
                       r.weapon_class ? core::WeaponClassName(*r.weapon_class) : "", text);
  }
  return out;
}

std::string GeoJson(const std::vector<core::Report>& reports) {
  // Pretty-printed, as GIS tools write it: features span several lines.
  std::string out =
      "{\n  \"type\": \"FeatureCollection\",\n  \"name\": \"reports\",\n"
      "  \"crs\": {\"type\": \"name\", \"properties\": {\"name\": \"x\"}},\n"
      "  \"features\": [\n";
  for (size_t i = 0; i < reports.size(); ++i) {
    const auto& r = reports[i];
    std::string props;
    core::AppendReportMembers(props, r, /*with_position=*/false);
    out += fmt::format(
        "    {{\n      \"type\": \"Feature\",\n      \"properties\": {{{}}},\n"
        "      \"geometry\": {{ \"type\": \"Point\", \"coordinates\": [{}, {}] }}\n"
        "    }}{}\n",
        props, r.lon, r.lat, i + 1 < reports.size() ? "," : "");
  }
  out += "  ],\n  \"bbox\": [22, 44, 41, 53]\n}\n";
  return out;
}

std::vector<core::Report> MakeReports(int n) {
  std::vector<core::Report> v;
  for (int i = 0; i < n; ++i)
    v.push_back(MakeReport(i));
  return v;
}

// 40,000 records span many 1 MiB reads and the 4 MiB window: every chunk
// boundary case (a record cut anywhere) occurs.
TEST(ReadersTest, AllFormatsReadTheSameReportsAcrossChunkBoundaries) {
  TempDir dir;
  auto expected = MakeReports(40000);
  std::string ndjson;
  for (const auto& r : expected)
    core::AppendReportNdjson(ndjson, r);
  auto n = ReadFile(dir.Write("a.ndjson", ndjson), std::nullopt, 7000);
  auto c = ReadFile(dir.Write("a.csv", Csv(expected)), std::nullopt, 7000);
  auto g = ReadFile(dir.Write("a.geojson", GeoJson(expected)), std::nullopt, 7000);
  for (auto* all : {&n, &c, &g}) {
    ASSERT_TRUE(all->rejections.empty()) << all->rejections[0].errors[0].reason;
    ASSERT_EQ(all->reports.size(), expected.size());
    for (size_t i = 0; i < expected.size(); ++i)
      ASSERT_EQ(all->reports[i], expected[i]) << i;
    EXPECT_GE(all->batches, 6);
  }
  EXPECT_EQ(n.locations[39999], 40000u);  // lines
  EXPECT_EQ(c.locations[0], 2u);          // after the header
  EXPECT_EQ(g.locations[0], 0u);          // feature indices
  EXPECT_EQ(g.locations[39999], 39999u);
}

TEST(ReadersTest, NdjsonSkipsBlankLinesAndKeepsLineNumbers) {
  TempDir dir;
  std::string a, b;
  core::AppendReportNdjson(a, MakeReport(1));
  core::AppendReportNdjson(b, MakeReport(2));
  auto all = ReadFile(dir.Write("x.ndjson", "\n  \r\n" + a + "\r\n" + b.substr(0, b.size() - 1)));
  ASSERT_EQ(all.reports.size(), 2u);
  EXPECT_EQ(all.locations, (std::vector<uint64_t>{3, 5}));  // last line has no newline
}

TEST(ReadersTest, OverlongRecordIsRejectedInBoundedMemoryAndTheNextIsRead) {
  TempDir dir;
  std::string good;
  core::AppendReportNdjson(good, MakeReport(1));
  std::string huge = R"({"text":")" + std::string(3 << 20, 'x') + "\"}\n";
  auto all = ReadFile(dir.Write("x.ndjson", huge + good));
  ASSERT_EQ(all.rejections.size(), 1u);
  EXPECT_NE(all.rejections[0].errors[0].reason.find("longer than 1048576 bytes"),
            std::string::npos);
  EXPECT_EQ(all.rejections[0].raw.size(), 256u);  // only the head is kept
  ASSERT_EQ(all.reports.size(), 1u);
  EXPECT_EQ(all.locations[0], 2u);
}

TEST(ReadersTest, CsvQuotingHeadersAndBom) {
  TempDir dir;
  auto all = ReadFile(dir.Write(
      "x.csv",
      "\xEF\xBB\xBF source , source_kind,observed_at,lat,lon,kind,text,unknown_column\n"
      "p1,monitor,2025-04-01T10:00:00Z,48.5,37.5,artillery,\"multi\nline, \"\"quoted\"\"\",zzz\n"
      "p1,monitor,2025-04-01T10:00:00Z, 48.6 ,37.5,mortar,,\n"
      "\n"
      "p1,monitor,2025-04-01T10:00:00Z,48.7,37.5,mortar\n"
      "p1,monitor,2025-04-01T10:00:00Z,nan,37.5,mortar,,\n"
      "p1,monitor,2025-04-01T10:00:00Z,48.8,37.5,mortar,\xff\xfe,\n"
      "p1,monitor,2025-04-01T10:00:00Z,48.9,37.5,mortar,\"unterminated,\n"));
  ASSERT_EQ(all.reports.size(), 2u);
  EXPECT_EQ(all.reports[0].text, "multi\nline, \"quoted\"");
  EXPECT_EQ(all.reports[1].lat, 48.6);
  EXPECT_EQ(all.locations, (std::vector<uint64_t>{2, 4}));
  ASSERT_EQ(all.rejections.size(), 4u);
  EXPECT_EQ(all.rejections[0].location, 6u);
  EXPECT_EQ(all.rejections[0].errors[0].reason, "the row has 6 fields but the header has 8");
  EXPECT_EQ(all.rejections[1].location, 7u);
  EXPECT_EQ(all.rejections[1].errors[0].field, "lat");
  EXPECT_EQ(all.rejections[1].errors[0].reason, "must be a finite number");
  EXPECT_EQ(all.rejections[2].errors[0].field, "text");
  EXPECT_EQ(all.rejections[2].errors[0].reason, "is not valid UTF-8");
  EXPECT_EQ(all.rejections[3].location, 9u);
  EXPECT_EQ(all.rejections[3].errors[0].reason,
            "a quoted field is not closed before the end of the file");
}

TEST(ReadersTest, CsvHeaderNamingAColumnTwiceRejectsEveryRow) {
  TempDir dir;
  auto all = ReadFile(dir.Write("x.csv",
                                "source,source_kind,observed_at,lat,lon,kind,lat\n"
                                "p1,monitor,2025-04-01T10:00:00Z,48.5,37.5,artillery,48.6\n"
                                "p1,monitor,2025-04-01T10:00:00Z,48.5,37.5,artillery,48.6\n"));
  EXPECT_TRUE(all.reports.empty());
  ASSERT_EQ(all.rejections.size(), 2u);
  EXPECT_EQ(all.rejections[0].errors[0].reason, "the header names column 'lat' twice");
}

TEST(ReadersTest, GeoJsonFeatureIdsAndMalformedFeatures) {
  TempDir dir;
  auto all = ReadFile(dir.Write(
      "x.geojson",
      R"({"features":[)"
      R"({"type":"Feature","id":42,"geometry":{"type":"Point","coordinates":[37.5,48.5,120]},"properties":{"source":"s","source_kind":"osint","observed_at":"2025-04-01T10:00:00Z","kind":"mlrs"}},)"
      R"({"type":"Feature","id":"f-2","geometry":{"type":"Point","coordinates":[37.5,48.5]},"properties":{"id":"p-2","source":"s","source_kind":"osint","observed_at":"2025-04-01T10:00:00Z","kind":"mlrs"}},)"
      R"({"type":"Feature","geometry":{"type":"Point","coordinates":[37.5,48.5]},"properties":{"source":"s","source_kind":"osint","observed_at":"2025-04-01T10:00:00Z","kind":"nope"}},)"
      R"({"type":"Feature","geometry":{"type":"Point","coordinates":[37.5,"48.5"]},"properties":{"source":"s"}},)"
      R"({"type":"Point","coordinates":[1,2]})"
      R"(],"type":"FeatureCollection"})"));
  ASSERT_EQ(all.reports.size(), 2u);
  EXPECT_EQ(all.reports[0].id, "42");
  EXPECT_EQ(all.reports[1].id, "p-2");  // properties win over the feature id
  ASSERT_EQ(all.rejections.size(), 3u);
  EXPECT_EQ(all.rejections[0].location_kind, "feature");
  EXPECT_EQ(all.rejections[0].location, 2u);
  EXPECT_EQ(all.rejections[0].errors[0].field, "kind");
  EXPECT_EQ(all.rejections[1].location, 3u);
  EXPECT_EQ(all.rejections[1].errors[0].field, "geometry");
  EXPECT_EQ(all.rejections[2].location, 4u);
  EXPECT_EQ(all.rejections[2].errors[0].field, "type");
}

TEST(ReadersTest, GeoJsonStructuralErrorsEndTheFileWithAClearMessage) {
  TempDir dir;
  struct Case {
    std::string text;
    std::string reason_part;
    size_t accepted;
  } cases[] = {
      {R"([1,2])", "must hold one JSON object", 0},
      {R"({"type":"FeatureCollection","features":{}})", "\"features\" must be an array", 0},
      {R"({"type":"FeatureCollection"})", "there is no \"features\" array", 0},
      {R"({"type":"Topology","features":[]})", "not 'FeatureCollection'", 0},
      {R"({"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[37.5,48.5]},"properties":{"source":"s","source_kind":"osint","observed_at":"2025-04-01T10:00:00Z","kind":"mlrs"}},)",
       "ends inside the FeatureCollection", 1},
      {R"({"type":"FeatureCollection","features":[7]})", "feature 0 is not a JSON object", 0},
      {R"({"type":"FeatureCollection","features":[]} trailing)", "unexpected text after", 0},
  };
  for (const auto& c : cases) {
    auto all = ReadFile(dir.Write("x.geojson", c.text));
    EXPECT_EQ(all.reports.size(), c.accepted) << c.text;
    ASSERT_EQ(all.rejections.size(), 1u) << c.text;
    EXPECT_EQ(all.rejections[0].code, core::ErrorCode::kParseError);
    EXPECT_NE(all.rejections[0].errors[0].reason.find(c.reason_part), std::string::npos)
        << c.text << " -> " << all.rejections[0].errors[0].reason;
  }
  EXPECT_TRUE(ReadFile(dir.Write("empty.geojson", "")).rejections.empty());
}

TEST(ReadersTest, FormatIsTakenFromTheNameOrSniffed) {
  EXPECT_EQ(FormatFromFileName("a.NDJSON"), Format::kNdjson);
  EXPECT_EQ(FormatFromFileName("a.jsonl"), Format::kNdjson);
  EXPECT_EQ(FormatFromFileName("a.csv"), Format::kCsv);
  EXPECT_EQ(FormatFromFileName("a.geojson"), Format::kGeoJson);
  EXPECT_EQ(FormatFromFileName("a.json"), std::nullopt);
  TempDir dir;
  std::string line;
  core::AppendReportNdjson(line, MakeReport(1));
  EXPECT_EQ(ReadFile(dir.Write("n.json", line + line)).reports.size(), 2u);
  EXPECT_EQ(ReadFile(dir.Write("g.json", GeoJson(MakeReports(3)))).reports.size(), 3u);
  auto one_line_collection = GeoJson(MakeReports(2));
  std::erase(one_line_collection, '\n');
  EXPECT_EQ(ReadFile(dir.Write("g1.txt", one_line_collection)).reports.size(), 2u);
  EXPECT_EQ(ReadFile(dir.Write("c.txt", Csv(MakeReports(4)))).reports.size(), 4u);
}

// Regression: the reader kept a reference to the policy, so a temporary
// policy left it dangling.
TEST(ReadersTest, TheReaderOwnsACopyOfItsPolicy) {
  TempDir dir;
  std::string line;
  core::AppendReportNdjson(line, MakeReport(1));
  auto path = dir.Write("a.ndjson", line);
  auto reader = OpenReader(path, std::nullopt, ValidationPolicy{&testing::TestClock()});
  ASSERT_TRUE(reader.ok());
  std::vector<std::string> noise(64, std::string(64, 'x'));  // reuse the stack
  ReportBatch batch;
  ASSERT_TRUE((*reader)->ReadBatch(batch, 10).ok());
  EXPECT_EQ(batch.reports.size(), 1u);
}

TEST(ReadersTest, MissingFileIsNotFound) {
  ValidationPolicy policy{&testing::TestClock()};
  auto reader = OpenReader("/nonexistent/reports.ndjson", std::nullopt, policy);
  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(reader.status().code(), core::ErrorCode::kNotFound);
  EXPECT_NE(reader.status().message().find("/nonexistent/reports.ndjson"), std::string::npos);
}

}  // namespace
}  // namespace truceline::ingest
