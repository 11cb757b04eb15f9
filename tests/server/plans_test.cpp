// The planner's and the coalition registry's endpoints end to end: who may
// read and run plans, CSRF for sessions, the audit entry of a run, bad
// scenarios named (422), what-if edits changing the result, the
// comparison, GeoJSON and PNG outputs, and the registry on a date.

#include <set>

#include <nlohmann/json.hpp>

#include "app/audit.hpp"
#include "server_test_fixture.hpp"

namespace truceline::server::testing {
namespace {

using nlohmann::json;

json Body(const HttpReply& reply) {
  return json::parse(reply.body);
}

void ExpectError(const HttpReply& reply, unsigned status, const std::string& code) {
  EXPECT_EQ(reply.status, status) << reply.body;
  auto body = json::parse(reply.body, nullptr, false);
  ASSERT_TRUE(body.is_object() && body.contains("error")) << reply.body;
  EXPECT_EQ(body["error"]["code"], code) << reply.body;
}

// The run request for bundled scenario `name`, with extra members.
std::string RunBody(const std::string& name, const std::string& extra = "") {
  return fmt::format(R"({{"scenario":"{}","time_limit_s":5{}}})", name,
                     extra.empty() ? "" : "," + extra);
}

// A small scenario document whose contingents are `contingents`.
std::string ScenarioBody(const std::string& contingents) {
  return fmt::format(R"({{"scenario":{{"format":"truceline-scenario/1","id":"t",)"
                     R"("sites":{{"towns_min_population":300000}},"contingents":[{}]}},)"
                     R"("time_limit_s":5}})",
                     contingents);
}

class PlansTest : public ServerTest {};

TEST_F(PlansTest, ScenariosAreReadByReadersAndRunOnlyByPlanners) {
  ExpectError(Send(port_, {bhttp::verb::get, "/api/v1/plans/scenarios", "", "", {}}), 401,
              "unauthenticated");
  ExpectError(Get("mon", "/api/v1/plans/scenarios"), 403, "forbidden");
  ExpectError(Get("sen", "/api/v1/plans/scenarios"), 403, "forbidden");
  HttpReply list = Get("obs", "/api/v1/plans/scenarios");
  ASSERT_EQ(list.status, 200u) << list.body;
  std::set<std::string> names;
  const json listed = Body(list);
  for (const json& s : listed["scenarios"]) {
    names.insert(s["name"].get<std::string>());
    EXPECT_EQ(s["label"], "ILLUSTRATIVE") << s.dump();
    EXPECT_FALSE(s["title"].get<std::string>().empty());
  }
  EXPECT_EQ(names, (std::set<std::string>{"dnipro", "key-cities", "western-regions"}));
  HttpReply one = Get("ana", "/api/v1/plans/scenarios/dnipro");
  ASSERT_EQ(one.status, 200u) << one.body;
  EXPECT_EQ(Body(one)["format"], "truceline-scenario/1");
  ExpectError(Get("ana", "/api/v1/plans/scenarios/nowhere"), 404, "not_found");
  ExpectError(Get("ana", "/api/v1/plans/scenarios/dnipro.json"), 400, "invalid_argument");

  ExpectError(
      Send(port_,
           {bhttp::verb::post, "/api/v1/plans/runs", RunBody("dnipro"), "application/json", {}}),
      401, "unauthenticated");
  for (const char* refused : {"ana", "mon", "obs", "sen"}) {
    ExpectError(PostJson(refused, "/api/v1/plans/runs", RunBody("dnipro")), 403, "forbidden");
  }
  HttpReply run = PostJson("coord", "/api/v1/plans/runs", RunBody("dnipro"));
  ASSERT_EQ(run.status, 201u) << run.body;
  json body = Body(run);
  const uint64_t id = body["id"].get<uint64_t>();
  EXPECT_EQ(run.Header("location"), fmt::format("/api/v1/plans/runs/{}", id));
  const json& plan = body["plan"];
  EXPECT_EQ(plan["format"], "truceline-plan/1");
  EXPECT_EQ(plan["assignments"].size(), 7u);
  EXPECT_GE(plan["bound"].get<double>(), plan["objective"].get<double>());
  EXPECT_TRUE(plan["rechecked"]["feasible"].get<bool>());
  EXPECT_TRUE(plan.contains("gap") && plan.contains("proven_optimal"));
  EXPECT_TRUE(plan["uncovered_assets"].is_array());
  EXPECT_FALSE(plan["sustainment"]["by_nation"].empty());
  EXPECT_FALSE(plan["sustainment"]["timeline"].empty());
  EXPECT_TRUE(plan["coverage_by_category"].contains("city"));
  EXPECT_EQ(PostJson("admin", "/api/v1/plans/runs", RunBody("key-cities")).status, 201u);

  // Any reader sees the runs.
  HttpReply again = Get("obs", fmt::format("/api/v1/plans/runs/{}", id));
  ASSERT_EQ(again.status, 200u) << again.body;
  EXPECT_EQ(Body(again)["plan"]["objective"], plan["objective"]);
  HttpReply runs = Get("ana", "/api/v1/plans/runs");
  ASSERT_EQ(runs.status, 200u);
  EXPECT_EQ(Body(runs)["runs"].size(), 2u);
  ExpectError(Get("obs", "/api/v1/plans/runs/999"), 404, "not_found");
  ExpectError(Get("mon", fmt::format("/api/v1/plans/runs/{}", id)), 403, "forbidden");
}

TEST_F(PlansTest, ARunIsAuditedAndASessionNeedsItsCsrfToken) {
  HttpReply login = Send(port_, {bhttp::verb::post,
                                 "/api/v1/login",
                                 fmt::format(R"({{"name":"coord","password":"{}"}})", kPassword),
                                 "application/json",
                                 {}});
  ASSERT_EQ(login.status, 200u) << login.body;
  const std::string set_cookie = login.Header("set-cookie");
  const std::string cookie = set_cookie.substr(0, set_cookie.find(';'));
  const std::string csrf = Body(login)["csrf_token"];
  ExpectError(Send(port_, {bhttp::verb::post,
                           "/api/v1/plans/runs",
                           RunBody("dnipro"),
                           "application/json",
                           {{"Cookie", cookie}}}),
              403, "csrf");
  HttpReply run = Send(port_, {bhttp::verb::post,
                               "/api/v1/plans/runs",
                               RunBody("dnipro"),
                               "application/json",
                               {{"Cookie", cookie}, {"X-CSRF-Token", csrf}}});
  ASSERT_EQ(run.status, 201u) << run.body;
  const uint64_t id = Body(run)["id"].get<uint64_t>();

  auto store = app::OpenAccountStore(db_);
  ASSERT_TRUE(store.ok());
  app::AuditTrail audit(**store, clock_);
  std::vector<app::AuditEntry> runs;
  ASSERT_TRUE(audit
                  .Scan(0, 1000,
                        [&](const app::AuditEntry& e) {
                          if (e.action == "plan.run") runs.push_back(e);
                          return true;
                        })
                  .ok());
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].actor, "coord");
  EXPECT_EQ(runs[0].target, fmt::format("plan-run/{}", id));
  EXPECT_NE(runs[0].detail.find("\"dnipro\""), std::string::npos) << runs[0].detail;
  auto verified = audit.Verify();
  ASSERT_TRUE(verified.ok());
  EXPECT_TRUE(verified->ok) << verified->reason;
}

TEST_F(PlansTest, BadScenariosAreRefusedNamingTheCause) {
  HttpReply unknown =
      PostJson("coord", "/api/v1/plans/runs", ScenarioBody(R"({"nation":"XX","troops":1000})"));
  ExpectError(unknown, 422, "invalid_record");
  EXPECT_NE(Body(unknown)["error"]["message"].get<std::string>().find(
                "$.contingents[0].nation: 'XX' is not a nation of the registry"),
            std::string::npos)
      << unknown.body;
  HttpReply negative = PostJson("coord", "/api/v1/plans/runs",
                                ScenarioBody(R"({"nation":"FR","troops":1000,"radius_km":-20})"));
  ExpectError(negative, 422, "invalid_record");
  EXPECT_NE(negative.body.find("radius_km: -20 is negative"), std::string::npos) << negative.body;
  // Two contingents allowed only in Lviv Oblast, where one site can take
  // either but not both.
  HttpReply conflict = PostJson(
      "coord", "/api/v1/plans/runs",
      ScenarioBody(
          R"({"id":"a","nation":"FR","troops":6000,"caveats":{"oblasts":["Lviv Oblast"]}},)"
          R"({"id":"b","nation":"GB","troops":6000,"caveats":{"oblasts":["Lviv Oblast"]}})"));
  ExpectError(conflict, 422, "invalid_record");
  const std::string message = Body(conflict)["error"]["message"];
  EXPECT_NE(message.find("the caveats cannot all hold"), std::string::npos) << message;
  EXPECT_NE(message.find("'a'"), std::string::npos) << message;
  EXPECT_NE(message.find("'b'"), std::string::npos) << message;
  EXPECT_NE(message.find("town:Lviv"), std::string::npos) << message;
  HttpReply removed =
      PostJson("coord", "/api/v1/plans/runs", RunBody("dnipro", R"("remove_nations":["NZ"])"));
  ExpectError(removed, 422, "invalid_record");
  EXPECT_NE(removed.body.find("NZ has no contingent"), std::string::npos) << removed.body;

  // What the edge refuses before planning.
  ExpectError(PostJson("coord", "/api/v1/plans/runs", R"({})"), 400, "invalid_argument");
  ExpectError(PostJson("coord", "/api/v1/plans/runs", R"({"scenario":"../x"})"), 400,
              "invalid_argument");
  ExpectError(PostJson("coord", "/api/v1/plans/runs", RunBody("nowhere")), 404, "not_found");
  ExpectError(PostJson("coord", "/api/v1/plans/runs", RunBody("dnipro", R"("radius_km":0)")), 400,
              "invalid_argument");
  ExpectError(PostJson("coord", "/api/v1/plans/runs", RunBody("dnipro", R"("radius_km":501)")), 400,
              "invalid_argument");
  ExpectError(PostJson("coord", "/api/v1/plans/runs", R"({"scenario":"dnipro","time_limit_s":31})"),
              400, "invalid_argument");
  ExpectError(PostJson("coord", "/api/v1/plans/runs", RunBody("dnipro", R"("line_shift_km":500)")),
              400, "invalid_argument");
  ExpectError(PostJson("coord", "/api/v1/plans/runs",
                       RunBody("dnipro", R"("line":{"type":"LineString","coordinates":[[1,2]]})")),
              400, "invalid_argument");
  ExpectError(
      PostJson("coord", "/api/v1/plans/runs", RunBody("dnipro", R"("remove_nations":["FRANCE"])")),
      400, "invalid_argument");
  ExpectError(PostJson("coord", "/api/v1/plans/runs",
                       R"({"scenario":")" + std::string(2 << 20, 'x') + R"("})"),
              413, "payload_too_large");
}

TEST_F(PlansTest, WhatIfEditsChangeThePlan) {
  HttpReply base = PostJson("coord", "/api/v1/plans/runs", RunBody("dnipro"));
  ASSERT_EQ(base.status, 201u) << base.body;
  const json base_plan = Body(base)["plan"];
  HttpReply without = PostJson("coord", "/api/v1/plans/runs",
                               RunBody("dnipro", R"("remove_nations":["TR","fra"])"));
  ASSERT_EQ(without.status, 201u) << without.body;
  const json plan = Body(without)["plan"];
  EXPECT_EQ(Body(without)["request"]["remove_nations"], json::array({"TR", "fra"}));
  EXPECT_EQ(plan["assignments"].size(), base_plan["assignments"].size() - 2);
  for (const json& a : plan["assignments"]) {
    EXPECT_NE(a["nation"], "TR");
    EXPECT_NE(a["nation"], "FR");
  }
  EXPECT_LT(plan["sustainment"]["deployed"].get<int>(),
            base_plan["sustainment"]["deployed"].get<int>());
  EXPECT_LT(plan["objective"].get<double>(), base_plan["objective"].get<double>());
  EXPECT_NE(plan["assumptions"].dump().find("WHAT-IF: the contingents of TR, fra are left out"),
            std::string::npos);

  HttpReply wider =
      PostJson("coord", "/api/v1/plans/runs", RunBody("dnipro", R"("radius_km":250)"));
  ASSERT_EQ(wider.status, 201u) << wider.body;
  const json wider_plan = Body(wider)["plan"];
  for (const json& a : wider_plan["assignments"])
    EXPECT_EQ(a["radius_km"].get<double>(), 250);
  EXPECT_GT(wider_plan["objective"].get<double>(), base_plan["objective"].get<double>());

  // The line moved 60 km west: more of the map is beyond it.
  HttpReply shifted =
      PostJson("coord", "/api/v1/plans/runs", RunBody("key-cities", R"("line_shift_km":60)"));
  ASSERT_EQ(shifted.status, 201u) << shifted.body;
  HttpReply key = PostJson("coord", "/api/v1/plans/runs", RunBody("key-cities"));
  ASSERT_EQ(key.status, 201u) << key.body;
  EXPECT_GT(Body(shifted)["plan"]["assets_beyond_the_line"].size(),
            Body(key)["plan"]["assets_beyond_the_line"].size());
  // Another line, east of every asset: nothing is beyond it.
  HttpReply moved = PostJson(
      "coord", "/api/v1/plans/runs",
      RunBody("key-cities", R"("line":{"type":"Feature","properties":{},"geometry":)"
                            R"({"type":"LineString","coordinates":[[40.5,50.0],[40.5,46.0]]}})"));
  ASSERT_EQ(moved.status, 201u) << moved.body;
  EXPECT_TRUE(Body(moved)["plan"]["assets_beyond_the_line"].empty());
  EXPECT_FALSE(Body(key)["plan"]["assets_beyond_the_line"].empty());
}

TEST_F(PlansTest, TheComparisonHasARowPerScenarioAndRunsHaveGeoJsonAndAMap) {
  ExpectError(Get("obs", "/api/v1/plans/compare?scenarios=dnipro,dnipro"), 400, "invalid_argument");
  ExpectError(Get("obs", "/api/v1/plans/compare?scenarios=dnipro,nowhere"), 404, "not_found");
  HttpReply compare =
      Get("obs", "/api/v1/plans/compare?scenarios=dnipro,key-cities,western-regions");
  ASSERT_EQ(compare.status, 200u) << compare.body;
  const json table = Body(compare);
  EXPECT_EQ(table["format"], "truceline-plan-comparison/1");
  ASSERT_EQ(table["scenarios"].size(), 3u);
  EXPECT_EQ(table["scenarios"][0]["scenario"], "dnipro");
  EXPECT_EQ(table["scenarios"][2]["scenario"], "western-regions");
  for (const json& row : table["scenarios"]) {
    EXPECT_GE(row["bound"].get<double>(), row["objective"].get<double>());
    EXPECT_GT(row["deployed"].get<int>(), 0);
    EXPECT_TRUE(row["coverage_share"].contains("city"));
  }

  HttpReply run = PostJson("coord", "/api/v1/plans/runs", RunBody("western-regions"));
  ASSERT_EQ(run.status, 201u) << run.body;
  const uint64_t id = Body(run)["id"].get<uint64_t>();
  HttpReply geo = Get("obs", fmt::format("/api/v1/plans/runs/{}/geojson", id));
  ASSERT_EQ(geo.status, 200u) << geo.body;
  EXPECT_EQ(geo.Header("content-type"), "application/geo+json");
  const json fc = Body(geo);
  EXPECT_EQ(fc["type"], "FeatureCollection");
  std::set<std::string> layers;
  for (const json& f : fc["features"]) {
    EXPECT_EQ(f["type"], "Feature");
    EXPECT_TRUE(f["geometry"].contains("type"));
    layers.insert(f["properties"]["layer"].get<std::string>());
  }
  EXPECT_EQ(layers, (std::set<std::string>{"line_of_contact", "hub", "site", "assignment",
                                           "coverage", "asset"}));
  HttpReply png = Get("ana", fmt::format("/api/v1/plans/runs/{}/map.png", id));
  ASSERT_EQ(png.status, 200u);
  EXPECT_EQ(png.Header("content-type"), "image/png");
  EXPECT_EQ(png.body.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
}

TEST_F(PlansTest, TheRegistryIsReadOnADate) {
  ExpectError(Send(port_, {bhttp::verb::get, "/api/v1/coalition", "", "", {}}), 401,
              "unauthenticated");
  ExpectError(Get("mon", "/api/v1/coalition"), 403, "forbidden");
  HttpReply coalition = Get("obs", "/api/v1/coalition?as_of=2025-03-27");
  ASSERT_EQ(coalition.status, 200u) << coalition.body;
  const std::string text = coalition.body;
  for (const char* code : {"\"FR\"", "\"GB\"", "\"TR\""})
    EXPECT_NE(text.find(code), std::string::npos) << code;
  EXPECT_NE(text.find("citations"), std::string::npos);
  HttpReply france = Get("ana", "/api/v1/coalition/nations/fra?as_of=2025-03-27");
  ASSERT_EQ(france.status, 200u) << france.body;
  EXPECT_NE(france.body.find("France"), std::string::npos);
  ExpectError(Get("ana", "/api/v1/coalition/nations/XX"), 404, "not_found");
  ExpectError(Get("ana", "/api/v1/coalition?as_of=2031-01-01"), 400, "invalid_argument");
  ExpectError(Get("ana", "/api/v1/coalition?as_of=yesterday"), 400, "invalid_argument");
  HttpReply aid = Get("coord", "/api/v1/aid/balance");
  ASSERT_EQ(aid.status, 200u) << aid.body;
  EXPECT_FALSE(aid.body.empty());
}

TEST_F(PlansTest, TheOpenApiDocumentDescribesEveryPlanAndRegistryRoute) {
  HttpReply reply = Send(port_, {bhttp::verb::get, "/api/v1/openapi.json", "", "", {}});
  ASSERT_EQ(reply.status, 200u);
  const json doc = json::parse(reply.body, nullptr, false);
  ASSERT_TRUE(doc.is_object());
  const std::pair<const char*, const char*> routes[] = {{"/api/v1/plans/scenarios", "get"},
                                                        {"/api/v1/plans/scenarios/{name}", "get"},
                                                        {"/api/v1/plans/runs", "post"},
                                                        {"/api/v1/plans/runs", "get"},
                                                        {"/api/v1/plans/runs/{id}", "get"},
                                                        {"/api/v1/plans/runs/{id}/geojson", "get"},
                                                        {"/api/v1/plans/runs/{id}/map.png", "get"},
                                                        {"/api/v1/plans/compare", "get"},
                                                        {"/api/v1/coalition", "get"},
                                                        {"/api/v1/coalition/nations/{code}", "get"},
                                                        {"/api/v1/aid/balance", "get"}};
  for (const auto& [path, method] : routes) {
    ASSERT_TRUE(doc["paths"].contains(path)) << path;
    EXPECT_TRUE(doc["paths"][path].contains(method)) << path << " " << method;
  }
}

}  // namespace
}  // namespace truceline::server::testing
