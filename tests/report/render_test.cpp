// Rendering: byte-identical JSON with a verifiable BLAKE2b-256 content
// hash; PNGs; a PDF that pdfinfo opens and pdftoppm renders.

#include "report/render.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include "report_test_util.hpp"

namespace truceline::report {
namespace {

using core::ReportKind;
using testing::Date;
using testing::MakeIncident;

DailyReport Example(bool with_agreement) {
  DailyReportInput in;
  in.zone = testing::Kyiv();
  in.date = Date(2025, 4, 1);
  in.incidents = {
      MakeIncident(1, ReportKind::kArtillery, "2025-04-01T06:00:00Z", 48.02, 37.76),
      MakeIncident(2, ReportKind::kDroneStrike, "2025-04-01T07:00:00Z", 47.84, 35.14,
                   "Zaporizhzhia Oblast"),
      MakeIncident(3, ReportKind::kWeaponSighting, "2025-04-01T08:00:00Z", 47.5, 35.9,
                   "Zaporizhzhia Oblast"),
      MakeIncident(4, ReportKind::kShippingAttack, "2025-04-01T09:00:00Z", 46.3, 31.0, ""),
      MakeIncident(5, ReportKind::kArtillery, "2025-03-31T09:00:00Z", 48.02, 37.76),
  };
  in.reports = {
      testing::MakeReport("patrol-\"12\"", core::SourceKind::kMonitor, "2025-04-01T06:00:00Z")};
  in.towns = {{"Avdiivka", "Donetsk Oblast", {48.1394, 37.7497}}};
  if (with_agreement) {
    in.agreement = testing::ExampleAgreement();
    rules::Violation v;
    v.incident_id = 3;
    v.clause_id = "2a";
    v.rule = rules::RuleType::kWithdrawal;
    v.evidence.line_distance_m = 9000;
    v.evidence.limit_m = 25000;
    v.evidence.line = "contact";
    in.violations = {v};
  }
  return *BuildDailyReport(in);
}

MapLayers Layers() {
  MapLayers layers;
  core::geo::Polygon square;
  square.outer = {{47, 36}, {47, 39}, {49, 39}, {49, 36}, {47, 36}};
  layers.oblasts.push_back({"Donetsk Oblast", {square}});
  layers.line_of_contact = {{49.5, 37.8}, {48.0, 37.6}, {47.2, 35.5}, {46.6, 32.8}};
  return layers;
}

TEST(RenderTest, JsonIsByteIdenticalAndCarriesItsHash) {
  std::string a = RenderJson(Example(true));
  std::string b = RenderJson(Example(true));
  EXPECT_EQ(a, b);
  EXPECT_EQ(a.back(), '\n');
  EXPECT_TRUE(VerifyContentHash(a).ok()) << VerifyContentHash(a).ToString();
  auto doc = nlohmann::json::parse(a);
  EXPECT_EQ(doc["format"], "truceline-daily-report/1");
  EXPECT_EQ(doc["date"], "2025-04-01");
  EXPECT_EQ(doc["day"]["start"], "2025-03-31T21:00:00Z");
  EXPECT_EQ(doc["summary"]["incidents"]["day"], 4);
  EXPECT_EQ(doc["coverage"]["sources"][0]["source"], "patrol-\"12\"");
  EXPECT_EQ(std::string(doc["content_hash"]).substr(0, 12), "blake2b-256:");
  EXPECT_EQ(StatedContentHash(a), doc["content_hash"]);
  EXPECT_FALSE(doc.contains("generated_at"));
  // The last member is the hash; the rest hashes to it.
  size_t at = a.rfind(",\"content_hash\"");
  EXPECT_EQ(ContentHash(a.substr(0, at) + "}"), doc["content_hash"]);
  std::string tampered = a;
  tampered.replace(tampered.find("\"2025-04-01\""), 12, "\"2025-04-02\"");
  EXPECT_EQ(VerifyContentHash(tampered).code(), core::ErrorCode::kInvalidRecord);
  EXPECT_NE(RenderJson(Example(false)), a);
}

TEST(RenderTest, ContentHashIsBlake2b256) {
  // BLAKE2b-256 of the empty string and of "abc", as Python's
  // hashlib.blake2b(data, digest_size=32) gives them.
  EXPECT_EQ(ContentHash(""),
            "blake2b-256:0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
  EXPECT_EQ(ContentHash("abc"),
            "blake2b-256:bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
}

TEST(RenderTest, PngsAreImages) {
  DailyReport r = Example(true);
  for (const auto& png : {RenderMapPng(r, Layers()), RenderTrendPng(r)}) {
    ASSERT_TRUE(png.ok()) << png.status().ToString();
    EXPECT_EQ(png->substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
    EXPECT_GT(png->size(), 5000u);
  }
}

TEST(RenderTest, HtmlEscapesAndRefersToTheImages) {
  std::string html = RenderHtml(Example(true), {"blake2b-256:ab", "", "map.png", "trend.png"});
  EXPECT_NE(html.find("<img src=\"map.png\""), std::string::npos);
  EXPECT_NE(html.find("<img src=\"trend.png\""), std::string::npos);
  EXPECT_NE(html.find("patrol-&quot;12&quot;"), std::string::npos);
  EXPECT_NE(html.find("Weapons in violation of withdrawal lines"), std::string::npos);
  EXPECT_NE(html.find("blake2b-256:ab"), std::string::npos);
}

bool HaveTool(const char* tool) {
  return std::system(fmt::format("command -v {} >/dev/null 2>&1", tool).c_str()) == 0;
}

TEST(RenderTest, PdfOpensWithPdfinfoAndRendersWithPdftoppm) {
  if (!HaveTool("pdfinfo") || !HaveTool("pdftoppm")) {
    GTEST_SKIP() << "pdfinfo/pdftoppm missing: install poppler-utils (scripts/install-deps)";
  }
  auto pdf = RenderPdf(Example(true), Layers(), {"blake2b-256:ab", "2025-04-02T06:00:00Z"});
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  EXPECT_EQ(pdf->substr(0, 5), "%PDF-");
  auto dir = std::filesystem::temp_directory_path() / fmt::format("truceline-pdf-{}", ::getpid());
  std::filesystem::create_directories(dir);
  std::string path = (dir / "report.pdf").string();
  std::ofstream(path, std::ios::binary) << *pdf;
  std::string info = (dir / "info.txt").string();
  ASSERT_EQ(std::system(fmt::format("pdfinfo '{}' > '{}' 2>&1", path, info).c_str()), 0);
  std::ifstream in(info);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("Truceline daily report 2025-04-01"), std::string::npos) << text;
  EXPECT_NE(text.find("A4"), std::string::npos) << text;
  ASSERT_EQ(std::system(fmt::format("pdftoppm -png -r 40 -f 1 -l 1 '{}' '{}'", path,
                                    (dir / "page").string())
                            .c_str()),
            0);
  bool rendered = false;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() == ".png" && entry.file_size() > 1000) rendered = true;
  }
  EXPECT_TRUE(rendered);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace truceline::report
